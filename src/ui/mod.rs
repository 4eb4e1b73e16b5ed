//! Drawing: a pure function of `&App` into a ratatui `Frame`. One file per
//! pane; nothing here changes state.

mod links;
mod note;
mod overlay;
mod saved;
mod status;
mod talks;
mod timeline;

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::layout::{Pane, MIN_HEIGHT, MIN_WIDTH};

pub fn draw(frame: &mut Frame, app: &App) {
    let layout = app.layout();
    if layout.too_small {
        let area = frame.area();
        let text = format!("Terminal too small: {}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}", area.width, area.height);
        frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), area);
        return;
    }
    if let Some(rect) = layout.timeline {
        timeline::draw(frame, rect, app);
    }
    if let Some(rect) = layout.talks {
        match app.saved().selected_view() {
            Some(view) => saved::draw(frame, rect, app, view),
            None => talks::draw(frame, rect, app),
        }
    }
    if let Some(rect) = layout.note {
        note::draw(frame, rect, app);
    }
    status::draw(frame, layout.status, app);
    if app.overlay().is_some() {
        overlay::draw(frame, app);
    }
}

/// A pane's frame: rounded borders, highlighted when focused.
fn pane_block<'a>(app: &App, pane: Pane, title: impl Into<Line<'a>>) -> Block<'a> {
    framed(app, title, app.focus() == pane && app.overlay().is_none())
}

/// A border title cut with `…` to fit between the frame's corners: ratatui
/// would cut it mid-word with no sign that something is missing.
fn fit_title(title: &str, rect: Rect) -> String {
    let room = usize::from(rect.width.saturating_sub(2));
    if crate::text::width(title) <= room {
        return title.to_string();
    }
    format!("{} ", crate::text::truncate(title.trim_end(), room.saturating_sub(1)))
}

/// A frame with rounded borders, highlighted while what it holds has the keys.
fn framed<'a>(app: &App, title: impl Into<Line<'a>>, has_keys: bool) -> Block<'a> {
    let t = app.theme();
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if has_keys { t.border_focused } else { t.border })
        .title(title)
        .title_style(if has_keys { t.title_focused } else { t.dim })
}

/// A one-line list row: `left` then `right` flush with the right edge, padded to `width`.
fn row_line(left: Vec<Span<'static>>, right: Option<Span<'static>>, width: usize, style: Style) -> Line<'static> {
    let right_width = right.as_ref().map_or(0, |s| crate::text::width(&s.content));
    let room = width.saturating_sub(right_width + usize::from(right_width > 0));
    let mut spans = Vec::new();
    let mut used = 0;
    for span in left {
        let shown = crate::text::truncate(&span.content, room.saturating_sub(used)).into_owned();
        used += crate::text::width(&shown);
        spans.push(Span::styled(shown, span.style));
        if used >= room {
            break;
        }
    }
    if let Some(right) = right {
        spans.push(Span::raw(" ".repeat(width.saturating_sub(used + right_width))));
        spans.push(right);
    } else {
        spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    }
    Line::from(spans).style(style)
}

/// The style of a list row: highlighted when selected, dimmer when its pane is not focused.
fn row_style(app: &App, selected: bool, focused: bool) -> Style {
    match (selected, focused) {
        (true, true) => app.theme().selected,
        (true, false) => app.theme().selected_unfocused,
        _ => app.theme().text,
    }
}

fn centered_message(frame: &mut Frame, rect: Rect, text: &str, style: Style) {
    let y = rect.y + rect.height / 2;
    let line = Rect { y, height: 1.min(rect.height), ..rect };
    frame.render_widget(Paragraph::new(text.to_string()).style(style).alignment(Alignment::Center), line);
}
