//! The talks and topics of the selected event: its overview, then its notes.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{centered_message, pane_block, row_line, row_style};
use crate::app::{App, TalkRow};
use crate::layout::Pane;

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    let t = app.theme();
    let title = match app.event() {
        Some(e) => {
            format!(" {} ", app.collection().events[e].label())
        }
        None => " Talks ".to_string(),
    };
    // Counts are of the notes listed, which a `/` filter narrows.
    let shown = app.event_notes();
    let notes = shown.len();
    let unread = shown.iter().filter(|&&n| !app.is_read(n)).count();
    let pending = app.event().is_some_and(|e| app.collection().events[e].pending);
    let filtered_from =
        app.event().filter(|_| app.list_filter().is_some()).map(|e| app.collection().events[e].notes.len());
    let count = match (notes, unread, filtered_from) {
        _ if pending => " reading notes… ".to_string(),
        (n, 0, Some(all)) => format!(" {n} of {all} match "),
        (n, u, Some(all)) => format!(" {n} of {all} match, {u} unread "),
        (n, u, None) => notes_count(n, u),
    };
    let inner = talks_frame(frame, rect, app, title, count);
    if app.event().is_none() {
        centered_message(frame, inner, "No event selected", t.dim);
        return;
    }
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (row, style, sub_style) in styled_rows(app) {
        let (first, second, progress) = match row {
            TalkRow::Group(n) => {
                let group = fit_group(app.collection().notes[n].group().unwrap_or_default(), width.saturating_sub(1));
                lines.push(row_line(
                    vec![Span::styled(format!(" {group}"), t.year_header)],
                    None,
                    width,
                    Style::default(),
                ));
                continue;
            }
            TalkRow::Overview(e) => {
                let event = &app.collection().events[e];
                (
                    vec![Span::raw("    "), Span::styled("About this event", t.accent.patch(style))],
                    vec![Span::raw("    "), Span::raw(event.name.clone())],
                    None,
                )
            }
            TalkRow::Note(n) => {
                let note = &app.collection().notes[n];
                let first = note_title_spans(app, n, style);
                let mut who = note.kind_label().to_string();
                if !note.speakers.is_empty() {
                    who.push_str(" · ");
                    who.push_str(&note.speakers.join(", "));
                }
                let progress = app.progress_percent(n).map(|p| Span::styled(format!("{p}% "), sub_style));
                (first, vec![Span::raw("    "), Span::raw(who)], progress)
            }
        };
        lines.push(row_line(first, None, width, style));
        lines.push(row_line(second, progress, width, sub_style));
    }
    let visible: Vec<Line<'static>> =
        lines.into_iter().skip(app.talks_offset()).take(usize::from(inner.height)).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// A group heading (`Day 1 › Session 3: Digital media`) cut to `room`
/// columns from its front: the finest heading tells one run of talks from
/// the next, the coarser ones before it are dropped first (`… › Session 3…`).
fn fit_group(group: &str, room: usize) -> String {
    use crate::text::width;
    if width(group) <= room {
        return group.to_string();
    }
    let parts: Vec<&str> = group.split(" › ").collect();
    let finer = |from: usize| format!("… › {}", parts[from..].join(" › "));
    (1..parts.len()).map(finer).find(|g| width(g) <= room).unwrap_or_else(|| match parts.len() {
        // The finest part alone is still too wide: the row cuts its end.
        n if n > 1 => finer(n - 1),
        _ => group.to_string(),
    })
}

/// The talks list's rows, each with the style of its first line and of its
/// second (the selected entry's both highlighted). Group headers are no
/// entries: `app.entry()` counts only the other rows.
pub(super) fn styled_rows(app: &App) -> impl Iterator<Item = (TalkRow, Style, Style)> + '_ {
    let focused = app.focus() == Pane::Talks && app.overlay().is_none();
    let mut entry = 0;
    app.talk_rows().into_iter().map(move |row| {
        let selected = row.is_entry() && entry == app.entry();
        entry += usize::from(row.is_entry());
        let style = row_style(app, selected, focused);
        (row, style, if selected { style } else { app.theme().dim })
    })
}

/// A note's first line in a list: a fixed-width mark column (bookmark, then
/// new or changed), a warning mark, and the title, bold while unread.
pub(super) fn note_title_spans(app: &App, n: usize, style: Style) -> Vec<Span<'static>> {
    let t = app.theme();
    let note = &app.collection().notes[n];
    let mut first = vec![Span::raw(" ")];
    first.push(if app.is_bookmarked(n) { Span::styled("★", t.bookmark_mark.patch(style)) } else { Span::raw(" ") });
    first.push(if app.is_new(n) {
        Span::styled("✦ ", t.new_mark.patch(style))
    } else if app.is_changed(n) {
        Span::styled("± ", t.new_mark.patch(style))
    } else {
        Span::raw("  ")
    });
    if note.has_warning {
        first.push(Span::styled("⚠ ", t.warning.patch(style)));
    }
    let title_style = if app.is_read(n) { style } else { style.patch(t.unread) };
    first.push(Span::styled(note.title.clone(), title_style));
    first
}

/// " 3 unread of 8 ", or " 8 notes " when all are read: a list's bottom border.
pub(super) fn notes_count(notes: usize, unread: usize) -> String {
    match (notes, unread) {
        (1, 0) => " 1 note ".to_string(),
        (n, 0) => format!(" {n} notes "),
        (n, u) => format!(" {u} unread of {n} "),
    }
}

/// The talks pane's border, with `title` on top and `count` at the bottom;
/// returns the area inside it.
pub(super) fn talks_frame(frame: &mut Frame, rect: Rect, app: &App, title: String, count: String) -> Rect {
    let block = pane_block(app, Pane::Talks, super::fit_title(&title, rect))
        .title_bottom(Line::from(Span::styled(count, app.theme().dim)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}
