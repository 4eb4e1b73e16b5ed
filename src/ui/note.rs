//! The rendered note: only the visible lines of the cached rendering are
//! drawn. When comparing, the pane splits and the right half shows a related
//! note from another year.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding, Paragraph};
use ratatui::Frame;

use super::{centered_message, pane_block};
use crate::app::{App, RenderedDoc};
use crate::layout::{split_note, Pane};

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    let Some(compare) = &app.compare else {
        let block = pane_block(app, Pane::Note, " Note ");
        draw_half(frame, rect, app, block, app.rendered.as_ref(), app.note_scroll, app.scroll_percent());
        return;
    };
    let (left, right) = split_note(rect);
    let focused = app.focus == Pane::Note && app.overlay.is_none();
    let t = &app.theme;
    let half_block = |title: String, has_keys: bool| {
        Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(if has_keys { t.border_focused } else { t.border })
            .title(title)
            .title_style(if has_keys { t.title_focused } else { t.dim })
    };
    let year_of = |note: usize| {
        let event = app.collection.event_of(note);
        let place = event.city.as_deref().unwrap_or(&event.name);
        event.year().map_or_else(|| format!(" {place} "), |y| format!(" {place} {y} "))
    };
    let left_title = app.selected_note().map_or_else(|| " Note ".to_string(), year_of);
    let right_title = format!("{}· beside ", year_of(compare.other));
    let right_max = app.compare_max_scroll();
    let right_percent = (compare.scroll.min(right_max) * 100).checked_div(right_max).unwrap_or(100);
    draw_half(
        frame,
        left,
        app,
        half_block(left_title, focused && !compare.focus_right),
        app.rendered.as_ref(),
        app.note_scroll,
        app.scroll_percent(),
    );
    draw_half(
        frame,
        right,
        app,
        half_block(right_title, focused && compare.focus_right),
        compare.rendered.as_ref(),
        compare.scroll,
        right_percent,
    );
}

fn draw_half(
    frame: &mut Frame,
    rect: Rect,
    app: &App,
    block: Block<'_>,
    rendered: Option<&RenderedDoc>,
    scroll: usize,
    percent: usize,
) {
    let t = &app.theme;
    let position = if rendered.is_some() { format!(" {percent}% ") } else { String::new() };
    let block =
        block.padding(Padding::horizontal(1)).title_bottom(Line::from(Span::styled(position, t.dim)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(rendered) = rendered else {
        centered_message(frame, inner, "Nothing to show", t.dim);
        return;
    };
    let visible: Vec<Line<'static>> =
        rendered.lines.iter().skip(scroll).take(usize::from(inner.height)).cloned().collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
