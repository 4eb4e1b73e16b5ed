//! The open popup view (help, problems, bookmarks, lists, the finder) drawn over the panes.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::layout::popup;

pub fn draw(frame: &mut Frame, app: &App) {
    let Some(open) = app.overlay() else { return };
    let rect = popup(app.area());
    let t = app.theme();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused)
        .title(app.overlay_title())
        .title_style(t.title_focused)
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    // Text longer than the popup (the key help) says how far down it is, as the note pane does.
    let rows = usize::from(inner.height);
    let max_scroll = open.lines().len().saturating_sub(rows);
    let block = if open.view().scrolls_text() && max_scroll > 0 {
        let percent = open.scroll().min(max_scroll) * 100 / max_scroll;
        block.title_bottom(Line::from(Span::styled(format!(" {percent}% "), t.dim)).right_aligned())
    } else {
        block
    };
    // A column either side is cleared too: where the popup leaves only a
    // pane's last column between its border and the pane's, a `…` there
    // would read as part of the popup.
    let area = app.area();
    let left = rect.x.saturating_sub(1).max(area.x);
    let right = rect.right().saturating_add(1).min(area.right());
    frame.render_widget(Clear, Rect { x: left, width: right - left, ..rect });
    frame.render_widget(block, rect);
    // The view's lines were made when its input changed; a frame only borrows the rows it shows.
    // Pinned lines (a query) stay on top; the scroll moves the lines under them.
    let height = usize::from(inner.height);
    let pinned = open.pinned().min(height);
    let (top, rest) = open.lines().split_at(pinned);
    let lines: Vec<Line<'_>> =
        top.iter().chain(rest.iter().skip(open.scroll()).take(height - pinned)).cloned().collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
