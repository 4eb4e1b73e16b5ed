//! The content of the full-screen views, built from state so update can
//! bound their scrolling and the view only draws.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{App, Overlay};
use crate::keymap::{format_seq, Context};
use crate::layout::{inner_height, popup};
use crate::render::{wrap, Inline};

impl App {
    pub fn overlay_title(&self) -> String {
        let name = match self.overlay {
            Some(Overlay::Help { .. }) => "Keys",
            Some(Overlay::Warnings { .. }) => "Problems",
            None => return String::new(),
        };
        if self.typing_filter || !self.view_filter.is_empty() {
            let cursor = if self.typing_filter { "▏" } else { "" };
            format!(" {name} · /{}{cursor} ", crate::text::sanitize_line(&self.view_filter))
        } else {
            format!(" {name} ")
        }
    }

    /// Whether `text` passes the view filter (case-insensitive substring).
    fn matches_filter(&self, text: &str) -> bool {
        self.view_filter.is_empty() || text.to_lowercase().contains(&self.view_filter.to_lowercase())
    }

    /// The lines of the open view, wrapped to the popup's width.
    pub fn overlay_lines(&self) -> Vec<Line<'static>> {
        let width = usize::from(popup(self.area).width.saturating_sub(4)).max(10);
        match self.overlay {
            Some(Overlay::Help { .. }) => self.help_lines(width),
            Some(Overlay::Warnings { .. }) => self.warning_lines(width),
            None => Vec::new(),
        }
    }

    /// Largest useful scroll of the open view.
    pub fn overlay_max_scroll(&self) -> usize {
        let rows = inner_height(popup(self.area));
        self.overlay_lines().len().saturating_sub(rows)
    }

    /// Every context's bindings from the effective keymap, so user overrides show.
    fn help_lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let mut lines = Vec::new();
        let key_column: usize = 22;
        for context in Context::ALL {
            let bindings: Vec<_> = self
                .keymap
                .bindings(context)
                .filter(|(action, keys)| {
                    let keys: Vec<String> = keys.iter().map(|k| format_seq(k)).collect();
                    self.matches_filter(&format!("{} {} {}", action.name(), action.description(), keys.join(" ")))
                })
                .collect();
            if bindings.is_empty() {
                continue;
            }
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(context.title(), t.h2)));
            for (action, keys) in bindings {
                let keys_text = if keys.is_empty() {
                    "(unbound)".to_string()
                } else {
                    keys.iter().map(|k| format_seq(k)).collect::<Vec<_>>().join(", ")
                };
                let style = if keys.is_empty() { t.dim } else { t.status_key };
                let pad = key_column.saturating_sub(crate::text::width(&keys_text)).max(1);
                let keys_cell = format!("  {keys_text}{}", " ".repeat(pad));
                let room = width.saturating_sub(crate::text::width(&keys_cell));
                lines.push(Line::from(vec![
                    Span::styled(keys_cell, style),
                    Span::raw(crate::text::truncate(action.description(), room).into_owned()),
                ]));
            }
        }
        lines
    }

    fn warning_lines(&self, width: usize) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for problem in self.problems.iter().filter(|p| self.matches_filter(&p.to_string())) {
            let inlines = vec![Inline::Text(problem.to_string(), Style::default())];
            lines.extend(wrap(&inlines, width).into_iter().map(Line::from));
        }
        lines
    }
}
