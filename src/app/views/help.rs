//! `?`: every context's bindings from the effective keymap, so user
//! overrides show; the view filter narrows them.

use std::any::Any;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Content, Filter, View};
use crate::app::App;
use crate::keymap::{format_seq, Action, Context};
use crate::render::{wrap, Inline};

/// An action's description, its keys as shown, and whether it has none.
type Binding = (&'static str, Vec<String>, bool);

pub struct Help {
    /// Each context with a binding the filter lets through.
    sections: Vec<(Context, Vec<Binding>)>,
}

pub(super) fn open(_app: &mut App) -> Option<Box<dyn View>> {
    Some(Box::new(Help { sections: Vec::new() }))
}

const HINTS: &[(Action, &str)] = super::READING_HINTS;

impl View for Help {
    fn title(&self) -> &'static str {
        "Keys"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        HINTS
    }

    fn closed_by(&self, action: Action) -> bool {
        action == Action::ToggleHelp
    }

    fn scrolls_text(&self) -> bool {
        true
    }

    fn refresh(&mut self, app: &App, filter: &Filter) {
        self.sections.clear();
        for context in Context::ALL {
            let bindings: Vec<Binding> = app
                .keymap
                .bindings(context)
                .filter(|(action, keys)| {
                    let keys: Vec<String> = keys.iter().map(|k| format_seq(k)).collect();
                    filter.matches(&format!("{} {} {}", action.name(), action.description(), keys.join(" ")))
                })
                .map(|(action, keys)| {
                    let unbound = keys.is_empty();
                    let keys = if unbound {
                        vec!["(unbound)".to_string()]
                    } else {
                        keys.iter().map(|k| format_seq(k)).collect()
                    };
                    (action.description(), keys, unbound)
                })
                .collect();
            if !bindings.is_empty() {
                self.sections.push((context, bindings));
            }
        }
    }

    /// The keys column is as wide as the widest keys (at most 40% of the
    /// view); longer keys and descriptions wrap, never cut.
    fn content(&self, app: &App, width: usize, _selected: usize) -> Content {
        let t = &app.theme;
        let widest = (self.sections.iter())
            .flat_map(|(_, b)| b.iter().map(|(_, keys, _)| crate::text::width(&keys.join(", "))))
            .max()
            .unwrap_or(0);
        // Two spaces of indent, the keys, two spaces before the description.
        let key_column = widest.min(width * 2 / 5).max(6);
        let room = width.saturating_sub(key_column + 4).max(10);
        let mut lines = Vec::new();
        for (context, bindings) in &self.sections {
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(context.title(), t.h2)));
            for (description, keys, unbound) in bindings {
                let style = if *unbound { t.dim } else { t.status_key };
                let key_lines = pack_keys(keys, key_column);
                let description_lines = wrap(&[Inline::Text(description.to_string(), Style::default())], room);
                for row in 0..key_lines.len().max(description_lines.len()) {
                    let keys_text = key_lines.get(row).map_or("", String::as_str);
                    let pad = key_column.saturating_sub(crate::text::width(keys_text));
                    let mut spans = vec![Span::styled(format!("  {keys_text}{}  ", " ".repeat(pad)), style)];
                    spans.extend(description_lines.get(row).cloned().unwrap_or_default());
                    lines.push(Line::from(spans));
                }
            }
        }
        Content { lines, ..Content::default() }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Keys joined by ", " into lines of at most `width` columns (a key wider
/// than that has a line of its own).
fn pack_keys(keys: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for key in keys {
        match lines.last_mut() {
            Some(line) if crate::text::width(line) + 2 + crate::text::width(key) <= width => {
                line.push_str(", ");
                line.push_str(key);
            }
            Some(line) => {
                line.push(',');
                lines.push(key.clone());
            }
            None => lines.push(key.clone()),
        }
    }
    lines
}
