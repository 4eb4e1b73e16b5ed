//! The talks pane while a saved search is selected: the search itself, then
//! the notes it matches across events, each saying which event and year it
//! is from (they are mixed). Rows follow `App::talk_rows`, so selection,
//! scrolling and clicks line up as in the talks of one event.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::row_line;
use super::timeline::SAVED_GLYPH;
use crate::app::{App, SavedView, TalkRow};

pub fn draw(frame: &mut Frame, rect: Rect, app: &App, view: &SavedView) {
    let t = app.theme();
    let title = format!(" {SAVED_GLYPH} {} ", crate::text::sanitize_line(&view.search.name));
    let count = super::talks::notes_count(view.notes.len(), view.unread);
    let inner = super::talks::talks_frame(frame, rect, app, title, count);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (row, style, sub_style) in super::talks::styled_rows(app) {
        match row {
            TalkRow::Overview(_) => {
                let description = view.query.describe(&app.collection().vocabulary);
                lines.push(row_line(
                    vec![Span::raw("    "), Span::styled("About this search", t.accent.patch(style))],
                    None,
                    width,
                    style,
                ));
                lines.push(row_line(
                    vec![Span::raw("    "), Span::raw(crate::text::sanitize_line(&description))],
                    None,
                    width,
                    sub_style,
                ));
            }
            TalkRow::Note(n) => {
                let note = &app.collection().notes[n];
                let first = super::talks::note_title_spans(app, n, style);
                // Notes from many events are mixed here: the event and year come first.
                let event = app.collection().event_of(n);
                let mut from = event.label();
                from.push_str(" · ");
                from.push_str(note.kind_label());
                if !note.speakers.is_empty() {
                    from.push_str(" · ");
                    from.push_str(&note.speakers.join(", "));
                }
                let progress = app.progress_percent(n).map(|p| Span::styled(format!("{p}% "), sub_style));
                lines.push(row_line(first, None, width, style));
                lines.push(row_line(vec![Span::raw("    "), Span::raw(from)], progress, width, sub_style));
            }
            // A header row ("Day 1" of a one-file event): named with its event, as events are mixed.
            TalkRow::Group(n) => {
                let note = &app.collection().notes[n];
                let event = app.collection().event_of(n);
                let group = note.group().unwrap_or_default().to_string();
                let label = format!(" {} › {group}", event.label());
                lines.push(row_line(vec![Span::styled(label, t.year_header)], None, width, Style::default()));
            }
        }
    }
    if view.notes.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("    No note matches this search now", t.dim)));
    }
    let visible: Vec<Line<'static>> =
        lines.into_iter().skip(app.talks_offset()).take(usize::from(inner.height)).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
