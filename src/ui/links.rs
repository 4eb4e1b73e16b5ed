//! Clickable links in the note pane (OSC 8), written into the drawn cells.
//!
//! ratatui cells hold text, not escape sequences, and the rendered note
//! keeps no per-link positions (its lines are one buffer of styled runs). So
//! links are found where they are drawn: every link ends with its reference
//! number `[n]` (in the link-number style) right after its text (in the
//! link style), possibly wrapped from the row above; in the Links list the
//! number `[n] ` comes first, then the address. Each cell of the link's text
//! and number then gets the hyperlink around its symbol, with its width
//! forced so the diff still knows it takes one column (or two).
//!
//! Only targets [`crate::hyperlinks::target`] allows are written (web and
//! mail addresses, percent-encoded to printable ASCII); other links stay
//! plain, reachable through the Links list as on every terminal.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::render::linked::LinkLooks;
use crate::render::LinkTarget;
use crate::theme::Theme;

/// How many rows a link's text may run back over (a long link text wraps).
const MAX_ROWS: u16 = 6;

/// A drawn character: its column and the columns it takes.
#[derive(Clone, Copy)]
struct Glyph {
    x: u16,
    width: u16,
}

/// Hyperlinks over every link drawn in `area` of `buffer`, `links` being the
/// shown document's targets by reference number.
pub(super) fn hyperlink_cells(buffer: &mut Buffer, area: Rect, links: &[LinkTarget], theme: &Theme) {
    let area = area.intersection(buffer.area);
    if area.is_empty() || links.is_empty() {
        return;
    }
    let rows: Vec<Vec<Glyph>> = (area.top()..area.bottom()).map(|y| glyphs(buffer, area, y)).collect();
    let looks = LinkLooks::of(theme);
    let mut targets: Vec<Option<Option<String>>> = vec![None; links.len()];
    let mut marked: Vec<(u16, Glyph, usize)> = Vec::new();
    for (row, glyphs) in rows.iter().enumerate() {
        let y = area.top() + row as u16;
        for (start, end, number, listed) in numbers(buffer, y, glyphs, &looks) {
            let Some(index) = number.checked_sub(1).filter(|&i| i < links.len()) else { continue };
            let target = targets[index].get_or_insert_with(|| crate::hyperlinks::target(&links[index].url));
            if target.is_none() {
                continue;
            }
            let mut cells: Vec<(u16, Glyph)> = glyphs[start..end].iter().map(|g| (y, *g)).collect();
            if listed {
                cells.push((y, glyphs[end]));
                text_after(buffer, area, &rows, row, end, &looks, &mut cells);
            } else {
                text_before(buffer, area, &rows, row, start, &looks, &mut cells);
            }
            marked.extend(cells.into_iter().map(|(y, g)| (y, g, index)));
        }
    }
    for (y, glyph, index) in marked {
        let Some(Some(target)) = &targets[index] else { continue };
        let cell = &mut buffer[(glyph.x, y)];
        let symbol = crate::hyperlinks::wrap(cell.symbol(), target);
        cell.set_symbol(&symbol);
        cell.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::new(glyph.width).unwrap_or(NonZeroU16::MIN)));
    }
}

/// A drawn cell's style as the renderer gave it: no colour is `None`
/// there, `Reset` in a cell.
fn cell_style(buffer: &Buffer, x: u16, y: u16) -> Style {
    let cell = &buffer[(x, y)];
    let fg = (cell.fg != Color::Reset).then_some(cell.fg);
    Style { fg, add_modifier: cell.modifier, ..Style::default() }
}

fn is_link(looks: &LinkLooks, buffer: &Buffer, x: u16, y: u16) -> bool {
    looks.is_link(cell_style(buffer, x, y))
}

fn is_number(looks: &LinkLooks, buffer: &Buffer, x: u16, y: u16) -> bool {
    looks.is_number(cell_style(buffer, x, y))
}

fn is_prefix(looks: &LinkLooks, buffer: &Buffer, x: u16, y: u16) -> bool {
    looks.is_prefix(buffer[(x, y)].symbol(), cell_style(buffer, x, y))
}

/// The characters of row `y`, a wide one once.
fn glyphs(buffer: &Buffer, area: Rect, y: u16) -> Vec<Glyph> {
    let mut out = Vec::with_capacity(usize::from(area.width));
    let mut x = area.left();
    while x < area.right() {
        let width = u16::try_from(crate::text::width(buffer[(x, y)].symbol())).unwrap_or(1).clamp(1, 2);
        let width = width.min(area.right() - x);
        out.push(Glyph { x, width });
        x += width;
    }
    out
}

/// The reference numbers on a row: `(first glyph, end glyph, number, listed)`,
/// `listed` for a Links list entry (`[n] ` with its space, the text after).
fn numbers(buffer: &Buffer, y: u16, glyphs: &[Glyph], looks: &LinkLooks) -> Vec<(usize, usize, usize, bool)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let symbol_at = |k: usize| buffer[(glyphs[k].x, y)].symbol();
        if symbol_at(i) != "[" || !is_number(looks, buffer, glyphs[i].x, y) {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        let mut number = 0usize;
        while k < glyphs.len() && is_number(looks, buffer, glyphs[k].x, y) {
            match symbol_at(k).parse::<u8>() {
                Ok(digit) if digit < 10 => number = number.saturating_mul(10).saturating_add(usize::from(digit)),
                _ => break,
            }
            k += 1;
        }
        if k == i + 1 || k >= glyphs.len() || symbol_at(k) != "]" || !is_number(looks, buffer, glyphs[k].x, y) {
            i += 1;
            continue;
        }
        let end = k + 1;
        let listed = end < glyphs.len() && symbol_at(end) == " " && is_number(looks, buffer, glyphs[end].x, y);
        found.push((i, end, number, listed));
        i = end;
    }
    found
}

/// The link text before a number at `start` on row `row`, going back over
/// wrapped rows while the text began its row.
fn text_before(
    buffer: &Buffer,
    area: Rect,
    rows: &[Vec<Glyph>],
    mut row: usize,
    mut start: usize,
    looks: &LinkLooks,
    cells: &mut Vec<(u16, Glyph)>,
) {
    for _ in 0..MAX_ROWS {
        let y = area.top() + row as u16;
        let glyphs = &rows[row];
        while start > 0 && is_link(looks, buffer, glyphs[start - 1].x, y) {
            start -= 1;
            cells.push((y, glyphs[start]));
        }
        let begins_row = glyphs[..start].iter().all(|g| is_prefix(looks, buffer, g.x, y));
        if !begins_row || row == 0 {
            return;
        }
        // The row above, from its last drawn character, if that is link text.
        row -= 1;
        let above = &rows[row];
        let y = area.top() + row as u16;
        let Some(last) = above.iter().rposition(|g| !buffer[(g.x, y)].symbol().trim().is_empty()) else { return };
        if !is_link(looks, buffer, above[last].x, y) {
            return;
        }
        cells.push((y, above[last]));
        start = last;
    }
}

/// A Links list entry's address after its number, going on over wrapped rows.
fn text_after(
    buffer: &Buffer,
    area: Rect,
    rows: &[Vec<Glyph>],
    mut row: usize,
    end: usize,
    looks: &LinkLooks,
    cells: &mut Vec<(u16, Glyph)>,
) {
    // Past the space after the number.
    let mut at = end + 1;
    for _ in 0..MAX_ROWS {
        let y = area.top() + row as u16;
        let glyphs = &rows[row];
        while at < glyphs.len() && is_link(looks, buffer, glyphs[at].x, y) {
            cells.push((y, glyphs[at]));
            at += 1;
        }
        let ends_row = glyphs[at..].iter().all(|g| buffer[(g.x, y)].symbol().trim().is_empty());
        if !ends_row || at == end + 1 || row + 1 >= rows.len() {
            return;
        }
        row += 1;
        let y = area.top() + row as u16;
        let Some(first) = rows[row].iter().position(|g| !is_prefix(looks, buffer, g.x, y)) else { return };
        if !is_link(looks, buffer, rows[row][first].x, y) {
            return;
        }
        at = first;
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Style;
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Paragraph, Widget};

    use super::*;

    fn target(url: &str) -> LinkTarget {
        LinkTarget { url: url.to_string(), is_note: false }
    }

    /// The targets each drawn character links to, row by row: `.` for none.
    fn linked(lines: Vec<Line<'static>>, links: &[LinkTarget], width: u16) -> Vec<String> {
        let theme = Theme::dark();
        let area = Rect::new(0, 0, width, u16::try_from(lines.len()).unwrap_or(1));
        let mut buffer = Buffer::empty(area);
        Paragraph::new(lines).render(area, &mut buffer);
        hyperlink_cells(&mut buffer, area, links, &theme);
        (0..area.height)
            .map(|y| {
                (0..width)
                    .map(|x| {
                        let symbol = buffer[(x, y)].symbol();
                        match links.iter().position(|l| symbol.contains(&format!("\x1b]8;;{}\x1b\\", l.url))) {
                            Some(i) => char::from(b'a' + i as u8),
                            None if symbol.contains('\x1b') => '!',
                            None => '.',
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn spans(parts: &[(&str, Style)]) -> Line<'static> {
        Line::from(parts.iter().map(|(t, s)| Span::styled(t.to_string(), *s)).collect::<Vec<_>>())
    }

    #[test]
    fn a_links_text_and_number_link_to_its_target() {
        let t = Theme::dark();
        let line = spans(&[
            ("see ", Style::default()),
            ("the site", t.link),
            ("[1]", t.link_number),
            (" now", Style::default()),
        ]);
        assert_eq!(linked(vec![line], &[target("https://example.org/")], 20), ["....aaaaaaaaaaa....."]);
    }

    #[test]
    fn a_wrapped_link_is_linked_on_both_rows() {
        let t = Theme::dark();
        let first = spans(&[("text ", Style::default()), ("a long", t.link)]);
        let second = spans(&[("  ", Style::default()), ("title", t.link), ("[2]", t.link_number)]);
        let links = [target("https://one.example/"), target("https://two.example/")];
        assert_eq!(linked(vec![first, second], &links, 12), [".....bbbbbb.", "..bbbbbbbb.."]);
    }

    #[test]
    fn links_that_may_not_be_opened_stay_plain() {
        let t = Theme::dark();
        let line = spans(&[
            ("x", t.link),
            ("[1]", t.link_number),
            (" ", Style::default()),
            ("y", t.link),
            ("[2]", t.link_number),
        ]);
        let links = [target("javascript:alert(1)"), target("https://example.org/\x1b]8;;https://evil.example/\x07")];
        assert_eq!(linked(vec![line], &links, 10), [".........."]);
    }

    #[test]
    fn a_link_in_a_quote_is_linked_though_italic() {
        let t = Theme::dark();
        let italic = |style: Style| style.add_modifier(ratatui::style::Modifier::ITALIC);
        let line = spans(&[
            ("▌ ", t.quote_bar),
            ("said ", italic(Style::default())),
            ("here", italic(t.link)),
            ("[1]", italic(t.link_number)),
        ]);
        assert_eq!(linked(vec![line], &[target("https://example.org/")], 16), [".......aaaaaaa.."]);
    }

    #[test]
    fn the_links_list_links_each_address_after_its_number() {
        let t = Theme::dark();
        let entry = spans(&[("[1] ", t.link_number), ("https://example.org/a", t.link)]);
        assert_eq!(linked(vec![entry], &[target("https://example.org/a")], 26), ["aaaaaaaaaaaaaaaaaaaaaaaaa."]);
    }

    #[test]
    fn a_number_that_is_not_a_link_number_is_left_alone() {
        let t = Theme::dark();
        let line = spans(&[("[1]", Style::default()), (" x", t.link), ("[9]", t.link_number)]);
        assert_eq!(linked(vec![line], &[target("https://example.org/")], 10), [".........."]);
    }
}
