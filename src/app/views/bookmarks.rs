//! `B`: every bookmark across years; Enter opens one at its section, `d`
//! deletes (asking first when an annotation would be lost), `a` annotates.

use std::any::Any;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Content, Filter, Outcome, View};
use crate::app::reading::{plural, BookmarkEntry};
use crate::app::App;
use crate::keymap::Action;

/// Lines each bookmark takes.
const BOOKMARK_HEIGHT: usize = 2;

pub struct Bookmarks {
    /// The bookmarks the view filter lets through, oldest event first.
    entries: Vec<BookmarkEntry>,
    /// Whether a view filter is typed: an empty list then says the filter hides them.
    filtered: bool,
}

pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    let count = app.state().bookmarks().len();
    if count == 0 {
        let key = app.keymap.hint(app.context(), Action::ToggleBookmark).unwrap_or_else(|| "toggle-bookmark".into());
        app.message = Some(format!("No bookmarks yet; press {key} on a note to add one"));
        return None;
    }
    app.message = Some(plural(count, "bookmark"));
    Some(Box::new(Bookmarks { entries: Vec::new(), filtered: false }))
}

const HINTS: &[(Action, &str)] = &[
    (Action::Open, "open"),
    (Action::DeleteBookmark, "delete"),
    (Action::AnnotateBookmark, "annotate"),
    (Action::FilterView, "filter"),
    (Action::Close, "close"),
];

impl View for Bookmarks {
    fn title(&self) -> &'static str {
        "Bookmarks"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        HINTS
    }

    fn closed_by(&self, action: Action) -> bool {
        action == Action::ShowBookmarks
    }

    fn refresh(&mut self, app: &App, filter: &Filter) {
        self.entries = app.bookmark_entries().into_iter().filter(|e| filter.matches(&app.bookmark_text(e))).collect();
        self.filtered = !filter.is_empty();
    }

    /// Two lines per bookmark: where it points, then when it was made and its annotation.
    fn content(&self, app: &App, width: usize, selected: usize) -> Content {
        let t = &app.theme;
        let mut lines = Vec::new();
        if self.entries.is_empty() {
            // The last one deleted, or a filter that hides them all.
            let why = if self.filtered { "No bookmark matches the filter" } else { "No bookmarks left" };
            lines.push(Line::from(Span::styled(why, t.dim)));
        }
        for (i, entry) in self.entries.iter().enumerate() {
            let b = &entry.bookmark;
            let style = if i == selected { t.selected } else { Style::default() };
            let (event, title) = match (entry.note, entry.overview) {
                (Some(n), _) => (app.collection.event_of(n).label(), app.collection.notes[n].title.clone()),
                (None, Some(e)) => (app.collection.events[e].label(), "About this event".to_string()),
                (None, None) => ("missing".to_string(), b.note.clone()),
            };
            let heading = b.heading.as_deref().map(|h| format!(" › {h}")).unwrap_or_default();
            let first = first_line(&event, &title, &heading, width);
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
        Content {
            lines,
            count: self.entries.len(),
            selected_line: selected * BOOKMARK_HEIGHT,
            selected_height: BOOKMARK_HEIGHT,
            fixed: 0,
        }
    }

    fn act(&mut self, action: Action, selected: usize, app: &mut App) -> Outcome {
        let Some(entry) = self.entries.get(selected).cloned() else {
            return if matches!(action, Action::Open | Action::DeleteBookmark | Action::AnnotateBookmark) {
                Outcome::Stay(Vec::new())
            } else {
                Outcome::Ignored
            };
        };
        match action {
            Action::Open => {
                app.open_bookmark(entry);
                Outcome::Close(Vec::new())
            }
            Action::DeleteBookmark => {
                app.delete_bookmark(entry);
                Outcome::Stay(Vec::new())
            }
            Action::AnnotateBookmark => {
                app.annotate(Some(entry.bookmark));
                Outcome::Stay(Vec::new())
            }
            _ => Outcome::Ignored,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// ` ★ Event · Title › Section`, the title cut first when it is too wide:
/// the section tells two bookmarks of one note apart. The section keeps at
/// most half the line.
fn first_line(event: &str, title: &str, heading: &str, width: usize) -> String {
    use crate::text::{sanitize_line, truncate, width as cells};
    let lead = sanitize_line(&format!(" ★ {event} · "));
    let (title, heading) = (sanitize_line(title), sanitize_line(heading));
    let heading = truncate(&heading, cells(&heading).min(width / 2)).into_owned();
    let room = width.saturating_sub(cells(&lead) + cells(&heading));
    format!("{lead}{}{heading}", truncate(&title, room))
}
