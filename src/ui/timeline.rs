//! The event timeline: events grouped under their year.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{centered_message, pane_block, row_line, row_style};
use crate::app::{App, TimelineRow};
use crate::layout::Pane;
use crate::notes::date::format_short;

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    let t = &app.theme;
    let order = if app.settings.newest_first { "newest first" } else { "oldest first" };
    let title = match &app.list_filter {
        Some(filter) => format!(" Events · /{} ", crate::text::sanitize_line(&filter.text)),
        None => " Events ".to_string(),
    };
    let block = pane_block(app, Pane::Timeline, title)
        .title_bottom(Line::from(Span::styled(format!(" {order} "), t.dim)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if app.collection.events.is_empty() {
        centered_message(frame, inner, "No events", t.dim);
        return;
    }
    let width = usize::from(inner.width);
    let focused = app.focus == Pane::Timeline && app.overlay.is_none();
    let lines: Vec<Line<'static>> = app
        .timeline_rows()
        .into_iter()
        .skip(app.timeline_offset)
        .take(usize::from(inner.height))
        .map(|row| match row {
            TimelineRow::Year(year) => {
                let label = year.map_or_else(|| "Undated".to_string(), |y| y.to_string());
                Line::from(Span::styled(format!(" {label}"), t.year_header))
            }
            TimelineRow::Event(e) => {
                let event = &app.collection.events[e];
                let label = event.city.clone().unwrap_or_else(|| event.name.clone());
                let date = event.start.map(|s| format_short(s, event.end)).unwrap_or_default();
                let selected = app.event == Some(e);
                let style = row_style(app, selected, focused);
                let warn = event.notes.iter().any(|&n| app.collection.notes[n].has_warning);
                let unread = app.unread_in_event(e);
                let label_style = if unread > 0 { style.patch(t.unread) } else { style };
                let count = match unread {
                    // Its files are still being read: the count is not known yet.
                    _ if event.pending => " (…)".to_string(),
                    0 => String::new(),
                    n => format!(" ({n})"),
                };
                // A narrow pane keeps the name whole and drops the date (the overview has it).
                let full = format!("{date}{count} ");
                let label_width = crate::text::width(&label);
                let fits = label_width + 4 + crate::text::width(&full) <= width;
                let right_text = if fits { full } else { format!("{} ", count.trim_start()) };
                let mut left = vec![Span::raw("  "), Span::styled(label, label_style)];
                if warn {
                    left.insert(1, Span::styled("⚠ ", t.warning));
                }
                let right =
                    (right_text.trim() != "").then(|| Span::styled(right_text, if selected { style } else { t.dim }));
                row_line(left, right, width, style)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
