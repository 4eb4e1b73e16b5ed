//! Full-screen views (key help, problems) drawn over the panes.

use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph};
use ratatui::Frame;

use crate::app::{App, Overlay};
use crate::layout::popup;

pub fn draw(frame: &mut Frame, app: &App) {
    let rect = popup(app.area);
    let scroll = match app.overlay {
        Some(
            Overlay::Help { scroll }
            | Overlay::Warnings { scroll, .. }
            | Overlay::Bookmarks { scroll, .. }
            | Overlay::List { scroll, .. }
            | Overlay::Finder { scroll, .. }
            | Overlay::TextSearch { scroll, .. },
        ) => scroll,
        None => return,
    };
    let t = &app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused)
        .title(app.overlay_title())
        .title_style(t.title_focused)
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let lines: Vec<Line<'static>> =
        app.overlay_lines().into_iter().skip(scroll).take(usize::from(inner.height)).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
