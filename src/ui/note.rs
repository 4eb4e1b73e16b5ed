//! The rendered note: only the visible lines of the cached rendering are
//! drawn. When comparing, the pane splits and the right half shows a related
//! note from another year.

use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph};
use ratatui::Frame;

use super::{centered_message, pane_block};
use crate::app::{App, RenderedDoc};
use crate::layout::{split_note, Pane};

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    if app.rendered().is_none() && !app.saved().overview().is_empty() {
        draw_saved_overview(frame, rect, app);
        return;
    }
    let Some(compare) = app.compare() else {
        let block = pane_block(app, Pane::Note, " Note ");
        draw_half(
            frame,
            rect,
            app,
            block,
            Half { rendered: app.rendered(), scroll: app.note_scroll(), percent: app.scroll_percent(), searched: true },
        );
        return;
    };
    let (left, right) = split_note(rect);
    let focused = app.focus() == Pane::Note && app.overlay().is_none();
    let year_of = |note: usize| format!(" {} ", app.collection().event_of(note).label());
    let left_title = app.selected_note().map_or_else(|| " Note ".to_string(), year_of);
    let right_title = format!("{}· beside ", year_of(compare.other()));
    let right_max = app.compare_max_scroll();
    let right_percent = (compare.scroll().min(right_max) * 100).checked_div(right_max).unwrap_or(100);
    draw_half(
        frame,
        left,
        app,
        super::framed(app, super::fit_title(&left_title, left), focused && !compare.focus_right()),
        Half { rendered: app.rendered(), scroll: app.note_scroll(), percent: app.scroll_percent(), searched: true },
    );
    draw_half(
        frame,
        right,
        app,
        super::framed(app, super::fit_title(&right_title, right), focused && compare.focus_right()),
        Half { rendered: compare.rendered(), scroll: compare.scroll(), percent: right_percent, searched: false },
    );
}

/// A saved search's overview, while the search itself is selected: short,
/// so it is drawn from the top without scrolling.
fn draw_saved_overview(frame: &mut Frame, rect: Rect, app: &App) {
    let block = pane_block(app, Pane::Note, " Saved search ").padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(app.saved().overview().to_vec()), inner);
}

/// What one half of the note pane shows.
struct Half<'a> {
    rendered: Option<&'a RenderedDoc>,
    scroll: usize,
    percent: usize,
    /// Show the note search's matches (the left, searched, note).
    searched: bool,
}

fn draw_half(frame: &mut Frame, rect: Rect, app: &App, block: Block<'_>, half: Half<'_>) {
    let Half { rendered, scroll, percent, searched } = half;
    let t = app.theme();
    let position = if rendered.is_some() { format!(" {percent}% ") } else { String::new() };
    let block =
        block.padding(Padding::horizontal(1)).title_bottom(Line::from(Span::styled(position, t.dim)).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(rendered) = rendered else {
        centered_message(frame, inner, "Nothing to show", t.dim);
        return;
    };
    // Lines are made only for the rows on screen, however long the note, and
    // for links the few around them a link shown in part may run over.
    let painter = app.code_colours().painter(rendered);
    let linked = app.settings().hyperlinks && !rendered.links.is_empty();
    let around = if linked { crate::render::linked::MAX_LINES } else { 0 };
    let first = scroll.saturating_sub(around).min(rendered.lines.len());
    let end = scroll.saturating_add(usize::from(inner.height) + around).min(rendered.lines.len());
    let painted: Vec<Line<'_>> = (first..end).map(|i| painter.line(&rendered.lines, i, t)).collect();
    let visible: Vec<Line<'_>> = painted
        .iter()
        .enumerate()
        .skip(scroll.saturating_sub(first))
        .take(usize::from(inner.height))
        .map(|(k, line)| {
            let matches = if searched { app.matches_on_line(first + k) } else { Vec::new() };
            if matches.is_empty() {
                line.clone()
            } else {
                highlight(line, &matches, app)
            }
        })
        .collect();
    // Only the reader's own note scrolls sideways (wide tables); the compared one stays put.
    let hscroll = if searched { u16::try_from(app.note_hscroll()).unwrap_or(u16::MAX) } else { 0 };
    frame.render_widget(Paragraph::new(visible).scroll((0, hscroll)), inner);
    if linked {
        // Found on the lines as rendered, before search matches restyle them.
        let shown = super::links::ShownLines { lines: &painted, first_shown: scroll.saturating_sub(first), hscroll };
        super::links::hyperlink_cells(frame.buffer_mut(), inner, &shown, &rendered.links, t);
    }
    draw_pictures(frame, inner, app, rendered, scroll, if searched { app.note_hscroll() } else { 0 });
}

/// Pictures over the rows the renderer kept for them: the picture when it is
/// decoded and wholly on screen, else one line saying what is there.
fn draw_pictures(frame: &mut Frame, inner: Rect, app: &App, rendered: &RenderedDoc, scroll: usize, hscroll: usize) {
    use crate::app::pictures::PictureState;
    let t = app.theme();
    let bottom = scroll + usize::from(inner.height);
    for image in &rendered.images {
        let rows = usize::from(image.rows);
        if image.line + rows <= scroll || image.line >= bottom {
            continue;
        }
        let Some(column) = usize::from(image.column).checked_sub(hscroll) else { continue };
        let x = inner.x.saturating_add(u16::try_from(column).unwrap_or(u16::MAX));
        let width = image.columns.min(inner.right().saturating_sub(x));
        let first_row = image.line.max(scroll);
        // The rows on screen are below `inner.y` by less than its height.
        let y = inner.y + u16::try_from(first_row - scroll).unwrap_or(0);
        let whole = image.line >= scroll && image.line + rows <= bottom;
        let state = app.picture_key(rendered.document, image).map(|key| app.pictures().states.get(&key).cloned());
        let note = match state {
            Ok(Some(PictureState::Shown(picture))) if whole => {
                let area = picture.0.area();
                let rect = Rect::new(x, y, area.width.min(width), area.height.min(image.rows));
                frame.render_widget(ratatui_image::Image::new(&picture.0), rect);
                continue;
            }
            Ok(Some(PictureState::Shown(_))) => {
                Line::styled(format!("▒ {} (scroll to see it whole)", image.alt), t.dim)
            }
            Ok(Some(PictureState::Loading) | None) => Line::styled(format!("▒ {} (loading…)", image.alt), t.dim),
            Ok(Some(PictureState::Failed(why))) | Err(why) => {
                let why = crate::text::sanitize_line(&why);
                Line::styled(format!("▒ {}: {why}", image.alt), t.warning)
            }
        };
        frame.render_widget(Paragraph::new(note), Rect::new(x, y, width, 1));
    }
}

/// The line with the characters in each range restyled as a search match.
fn highlight(line: &Line<'_>, matches: &[(Range<usize>, bool)], app: &App) -> Line<'static> {
    let style_at = |pos: usize| {
        matches.iter().find(|(r, _)| r.contains(&pos)).map(|(_, current)| {
            if *current {
                app.theme().search_current
            } else {
                app.theme().search_match
            }
        })
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut pos = 0;
    for span in &line.spans {
        // Split the span wherever the highlight starts or stops.
        let mut run = String::new();
        let mut run_style = None;
        for c in span.content.chars() {
            let style = style_at(pos);
            if style != run_style && !run.is_empty() {
                let s = run_style.map_or(span.style, |h| span.style.patch(h));
                spans.push(Span::styled(std::mem::take(&mut run), s));
            }
            run_style = style;
            run.push(c);
            pos += 1;
        }
        if !run.is_empty() {
            let s = run_style.map_or(span.style, |h| span.style.patch(h));
            spans.push(Span::styled(run, s));
        }
    }
    Line::from(spans).style(line.style)
}
