//! The rendered note: only the visible lines of the cached rendering are drawn.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph};
use ratatui::Frame;

use super::{centered_message, pane_block};
use crate::app::App;
use crate::layout::Pane;

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    let t = &app.theme;
    let position = if app.rendered.is_some() { format!(" {}% ", app.scroll_percent()) } else { String::new() };
    let block = pane_block(app, Pane::Note, " Note ")
        .padding(Padding::horizontal(1))
        .title_bottom(Line::from(Span::styled(position, t.dim)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(rendered) = &app.rendered else {
        centered_message(frame, inner, "Nothing to show", t.dim);
        return;
    };
    let visible: Vec<Line<'static>> =
        rendered.lines.iter().skip(app.note_scroll).take(usize::from(inner.height)).cloned().collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
