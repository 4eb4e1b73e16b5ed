//! Clickable links in the note pane (OSC 8), written into the drawn cells.
//!
//! ratatui cells hold text, not escape sequences. Which spans of the shown
//! lines belong to which link is found once, for the pane and for `render
//! --ansi` alike, by [`crate::render::linked::link_numbers`]; here each cell
//! those spans were drawn into gets the hyperlink around its symbol, with its
//! width forced so the diff still knows it takes one column (or two).
//!
//! Only targets [`crate::hyperlinks::target`] allows are written (web and
//! mail addresses, percent-encoded to printable ASCII); other links stay
//! plain, reachable through the Links list as on every terminal.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::render::linked::link_numbers;
use crate::render::LinkTarget;
use crate::theme::Theme;

/// The lines a note pane shows, with the lines around them a link shown in
/// part may run over.
pub(super) struct ShownLines<'a> {
    pub lines: &'a [Line<'a>],
    /// Which of `lines` is drawn on the area's top row.
    pub first_shown: usize,
    /// Columns scrolled off to the left.
    pub hscroll: u16,
}

/// Hyperlinks over every link drawn in `area` of `buffer`, `links` being the
/// shown document's targets by reference number.
pub(super) fn hyperlink_cells(
    buffer: &mut Buffer,
    area: Rect,
    shown: &ShownLines<'_>,
    links: &[LinkTarget],
    theme: &Theme,
) {
    let area = area.intersection(buffer.area);
    if area.is_empty() || links.is_empty() {
        return;
    }
    let numbers = link_numbers(shown.lines, theme);
    let mut targets: Vec<Option<Option<String>>> = vec![None; links.len()];
    let rows = shown.lines.iter().zip(&numbers).skip(shown.first_shown).take(usize::from(area.height));
    for (y, (line, numbers)) in (area.top()..).zip(rows) {
        let mut column = 0usize;
        for (span, number) in line.spans.iter().zip(numbers) {
            let (from, to) = (column, column + crate::text::width(&span.content));
            column = to;
            let Some(index) = number.and_then(|n| n.checked_sub(1)).filter(|&i| i < links.len()) else { continue };
            let Some(target) = targets[index].get_or_insert_with(|| crate::hyperlinks::target(&links[index].url))
            else {
                continue;
            };
            // Columns on screen, past those scrolled off to the left.
            let scrolled = usize::from(shown.hscroll);
            let (from, to) = (from.saturating_sub(scrolled), to.saturating_sub(scrolled).min(usize::from(area.width)));
            if from >= to {
                continue;
            }
            // Both fit in u16: `to` is at most the area's width.
            let (left, right) = (area.left() + from as u16, area.left() + to as u16);
            wrap_cells(buffer, y, left, right, target);
        }
    }
}

/// Puts the hyperlink around each character drawn from column `left` to
/// `right` of row `y`, a wide one once.
fn wrap_cells(buffer: &mut Buffer, y: u16, left: u16, right: u16, target: &str) {
    let mut x = left;
    while x < right {
        let cell = &mut buffer[(x, y)];
        let width = u16::try_from(crate::text::width(cell.symbol())).unwrap_or(1).clamp(1, 2).min(right - x);
        let symbol = crate::hyperlinks::wrap(cell.symbol(), target);
        cell.set_symbol(&symbol);
        cell.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::new(width).unwrap_or(NonZeroU16::MIN)));
        x += width;
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
        let all = 0..lines.len();
        linked_scrolled(lines, links, width, all, 0)
    }

    /// The same for the lines `shown` of `lines`, scrolled `hscroll` columns sideways.
    fn linked_scrolled(
        lines: Vec<Line<'static>>,
        links: &[LinkTarget],
        width: u16,
        shown: std::ops::Range<usize>,
        hscroll: u16,
    ) -> Vec<String> {
        let theme = Theme::dark();
        let area = Rect::new(0, 0, width, u16::try_from(shown.len()).unwrap_or(1));
        let mut buffer = Buffer::empty(area);
        Paragraph::new(lines[shown.clone()].to_vec()).scroll((0, hscroll)).render(area, &mut buffer);
        let first_shown = shown.start;
        hyperlink_cells(&mut buffer, area, &ShownLines { lines: &lines, first_shown, hscroll }, links, &theme);
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
    fn a_link_whose_number_is_below_the_screen_is_linked_where_shown() {
        let t = Theme::dark();
        let shown = spans(&[("text ", Style::default()), ("a long", t.link)]);
        let below = spans(&[("title", t.link), ("[1]", t.link_number), (" after", Style::default())]);
        let links = [target("https://example.org/")];
        assert_eq!(linked_scrolled(vec![shown, below], &links, 12, 0..1, 0), [".....aaaaaa."]);
    }

    #[test]
    fn a_link_scrolled_sideways_is_linked_where_it_is_drawn() {
        let t = Theme::dark();
        let line = spans(&[("a wide table ", Style::default()), ("cell", t.link), ("[1]", t.link_number)]);
        let links = [target("https://example.org/")];
        assert_eq!(linked_scrolled(vec![line.clone()], &links, 12, 0..1, 10), ["...aaaaaaa.."]);
        assert_eq!(linked_scrolled(vec![line], &links, 12, 0..1, 15), ["aaaaa......."], "in part off to the left");
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
