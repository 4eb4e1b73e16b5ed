//! The content of the full-screen views, built from state so update can
//! bound their scrolling and the view only draws.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{App, ListView, Overlay};
use crate::keymap::{format_seq, Context};
use crate::layout::{inner_height, popup};
use crate::render::{wrap, Inline};

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

/// Lines each bookmark takes in the bookmarks view.
pub const BOOKMARK_HEIGHT: usize = 2;

impl App {
    pub fn overlay_title(&self) -> String {
        let name = match self.overlay {
            Some(Overlay::Help { .. }) => "Keys",
            Some(Overlay::Warnings { .. }) => "Problems",
            Some(Overlay::Bookmarks { .. }) => "Bookmarks",
            Some(Overlay::Finder { .. }) => "Find a note",
            Some(Overlay::TextSearch { .. }) => "Search the text of every note",
            Some(Overlay::List { view: ListView::Related { .. }, .. }) => "Related notes",
            Some(Overlay::List { view: ListView::Topics, .. }) => "Topics",
            Some(Overlay::List { view: ListView::TopicTimeline { .. }, .. }) => "Topic across the years",
            Some(Overlay::List { view: ListView::Outline, .. }) => "Outline",
            Some(Overlay::List { view: ListView::Attachments { .. }, .. }) => "Attachments",
            Some(Overlay::List { view: ListView::Speakers, .. }) => "Speakers",
            Some(Overlay::List { view: ListView::SpeakerTalks { .. }, .. }) => "Speaker across the years",
            None => return String::new(),
        };
        if self.typing_filter || !self.view_filter.text.is_empty() {
            let cursor = if self.typing_filter { "▏" } else { "" };
            let (before, after) = self.view_filter.split_at_cursor();
            let (before, after) = (crate::text::sanitize_line(before), crate::text::sanitize_line(after));
            format!(" {name} · /{before}{cursor}{after} ")
        } else {
            format!(" {name} ")
        }
    }

    /// Whether `text` passes the view filter: a substring once both are
    /// folded as search folds them (case and accents do not matter).
    pub(super) fn matches_filter(&self, text: &str) -> bool {
        use crate::search::fold;
        self.view_filter.text.is_empty() || fold(text).contains(&fold(&self.view_filter.text))
    }

    /// The lines of the open view, wrapped to the popup's width.
    pub fn overlay_lines(&self) -> Vec<Line<'static>> {
        let width = usize::from(popup(self.area).width.saturating_sub(4)).max(10);
        match self.overlay {
            Some(Overlay::Help { .. }) => self.help_lines(width),
            Some(Overlay::Warnings { selected, .. }) => self.warning_lines_at(width, selected).0,
            Some(Overlay::Bookmarks { selected, .. }) => self.bookmark_lines(width, selected),
            Some(Overlay::Finder { selected, .. }) => self.finder_lines(width, selected).0,
            Some(Overlay::TextSearch { selected, .. }) => self.text_search_lines(width, selected).0,
            Some(Overlay::List { ref view, selected, .. }) => self.list_lines(view, width, selected).0,
            None => Vec::new(),
        }
    }

    /// Largest useful scroll of the open view.
    pub fn overlay_max_scroll(&self) -> usize {
        let rows = inner_height(popup(self.area));
        self.overlay_lines().len().saturating_sub(rows)
    }

    /// Every context's bindings from the effective keymap, so user overrides show.
    /// The keys column is as wide as the widest keys (at most 40% of the
    /// view); longer keys and descriptions wrap, never cut.
    fn help_lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let mut sections = Vec::new();
        for context in Context::ALL {
            let bindings: Vec<(&'static str, Vec<String>, bool)> = self
                .keymap
                .bindings(context)
                .filter(|(action, keys)| {
                    let keys: Vec<String> = keys.iter().map(|k| format_seq(k)).collect();
                    self.matches_filter(&format!("{} {} {}", action.name(), action.description(), keys.join(" ")))
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
                sections.push((context, bindings));
            }
        }
        let widest = sections
            .iter()
            .flat_map(|(_, b)| b.iter().map(|(_, keys, _)| crate::text::width(&keys.join(", "))))
            .max()
            .unwrap_or(0);
        // Two spaces of indent, the keys, two spaces before the description.
        let key_column = widest.min(width * 2 / 5).max(6);
        let room = width.saturating_sub(key_column + 4).max(10);
        let mut lines = Vec::new();
        for (context, bindings) in sections {
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(context.title(), t.h2)));
            for (description, keys, unbound) in bindings {
                let style = if unbound { t.dim } else { t.status_key };
                let key_lines = pack_keys(&keys, key_column);
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
        lines
    }

    /// Two lines per bookmark: where it points, then when it was made and its annotation.
    fn bookmark_lines(&self, width: usize, selected: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let mut lines = Vec::new();
        let entries = self.bookmark_entries();
        if entries.is_empty() {
            lines.push(Line::from(Span::styled("No bookmark matches the filter", t.dim)));
        }
        for (i, entry) in entries.iter().enumerate() {
            let b = &entry.bookmark;
            let style = if i == selected { t.selected } else { Style::default() };
            let (event, title) = match (entry.note, entry.overview) {
                (Some(n), _) => (self.collection.event_of(n).label(), self.collection.notes[n].title.clone()),
                (None, Some(e)) => (self.collection.events[e].label(), "About this event".to_string()),
                (None, None) => ("missing".to_string(), b.note.clone()),
            };
            let heading = b.heading.as_deref().map(|h| format!(" › {h}")).unwrap_or_default();
            let first = format!(" ★ {event} · {title}{heading}");
            let annotation = b.annotation.as_deref().map(|a| format!(" · {a}")).unwrap_or_default();
            let second = format!("     bookmarked {}{annotation}", crate::state::format_day(b.created));
            for (text, base) in [(first, t.text), (second, t.dim)] {
                let text = crate::text::sanitize_line(&text);
                let shown = crate::text::truncate(&text, width).into_owned();
                let pad = width.saturating_sub(crate::text::width(&shown));
                let style = if i == selected { style } else { base };
                lines.push(Line::from(vec![Span::styled(shown, style), Span::styled(" ".repeat(pad), style)]));
            }
        }
        lines
    }

    /// A list view's lines: a header whenever the group changes, two lines per
    /// item; and the first line of the selected item, to keep it in view.
    pub fn list_lines(&self, view: &ListView, width: usize, selected: usize) -> (Vec<Line<'static>>, usize) {
        let t = &self.theme;
        let mut lines = Vec::new();
        let mut selected_line = 0;
        let items = self.list_items(view);
        let heading = match view {
            ListView::Related { note } => Some(format!("Related to “{}”", self.collection.notes[*note].title)),
            ListView::TopicTimeline { topic } => {
                Some(format!("{} across the years", self.related.topic_label(&self.collection, topic)))
            }
            // The chart's years, over the cells of each topic's second line.
            ListView::Topics => {
                let years = self.chart_years();
                (!years.is_empty()).then(|| format!("    {}", super::chart::header(&years)))
            }
            ListView::Attachments { event, .. } => {
                Some(format!("Files of {} that are not notes", self.collection.events[*event].name))
            }
            ListView::SpeakerTalks { key } => Some(format!("Talks by {}", self.speaker_name(key))),
            ListView::Outline | ListView::Speakers => None,
        };
        if let Some(heading) = heading {
            lines.push(Line::from(Span::styled(crate::text::truncate(&heading, width).into_owned(), t.h2)));
        }
        if items.is_empty() {
            let why = if self.view_filter.text.is_empty() { "Nothing to list" } else { "Nothing matches the filter" };
            lines.push(Line::from(Span::styled(why, t.dim)));
        }
        let mut group = None;
        for (i, item) in items.iter().enumerate() {
            if !item.group.is_empty() && group.as_ref() != Some(&item.group) {
                group = Some(item.group.clone());
                lines.push(Line::from(Span::styled(format!(" {}", item.group), t.year_header)));
            }
            if i == selected {
                selected_line = lines.len();
            }
            let chosen = i == selected;
            for (text, base, indent) in [(&item.title, t.text, "  "), (&item.detail, t.dim, "    ")] {
                if text.is_empty() {
                    continue;
                }
                let text = format!("{indent}{}", crate::text::sanitize_line(text));
                let shown = crate::text::truncate(&text, width).into_owned();
                let pad = width.saturating_sub(crate::text::width(&shown));
                let style = if chosen { t.selected } else { base };
                lines.push(Line::from(vec![Span::styled(shown, style), Span::styled(" ".repeat(pad), style)]));
            }
        }
        (lines, selected_line)
    }

    /// The problems the view filter lets through, in order.
    pub fn shown_problems(&self) -> Vec<&crate::diagnostic::Diagnostic> {
        self.problems.iter().filter(|p| self.matches_filter(&p.to_string())).collect()
    }

    /// The problems view's lines, the selected problem marked; with the
    /// line it starts on and how many lines it takes.
    pub(super) fn warning_lines_at(&self, width: usize, selected: usize) -> (Vec<Line<'static>>, usize, usize) {
        let mut lines = Vec::new();
        let (mut at, mut height) = (0, 0);
        let mut skipped_said = false;
        for (i, problem) in self.shown_problems().into_iter().enumerate() {
            // Files not read as notes are no problems: listed apart, after them.
            if problem.is_skipped() && !skipped_said {
                skipped_said = true;
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled("Skipped, not read as notes:", self.theme.dim)));
            }
            let style = if i == selected { self.theme.selected } else { Style::default() };
            let inlines = vec![Inline::Text(problem.to_string(), style)];
            let wrapped = wrap(&inlines, width);
            if i == selected {
                (at, height) = (lines.len(), wrapped.len());
            }
            lines.extend(wrapped.into_iter().map(|spans| Line::from(spans).style(style)));
        }
        (lines, at, height)
    }
}
