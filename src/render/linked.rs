//! Which spans of rendered lines belong to which link, found by their
//! styles, for OSC 8 hyperlinks in `confnotes render --ansi` and the note pane.
//!
//! The rendered note keeps no positions of its links (see `lines.rs`), so
//! they are found by their looks, once for both (the pane writes them into
//! its drawn cells, `ui/links.rs`): every link's text (in the link style)
//! ends right before its reference number `[n]` (in the link-number style),
//! perhaps wrapped from the lines above; in the Links list the number `[n] `
//! comes first, then the address.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::theme::Theme;

/// How many lines a link's text may run over (a long link text wraps).
pub const MAX_LINES: usize = 6;

/// The styles links and their numbers are drawn in: how they are told.
struct LinkLooks {
    link_fg: Option<Color>,
    link_modifier: Modifier,
    number_fg: Option<Color>,
    number_modifier: Modifier,
    quote_bar_fg: Option<Color>,
}

impl LinkLooks {
    fn of(theme: &Theme) -> Self {
        Self {
            link_fg: theme.link.fg,
            link_modifier: theme.link.add_modifier,
            number_fg: theme.link_number.fg,
            number_modifier: theme.link_number.add_modifier,
            quote_bar_fg: theme.quote_bar.fg,
        }
    }

    /// Link text: the link's modifiers (bold or italic may be added) and colour.
    fn is_link(&self, style: Style) -> bool {
        !self.link_modifier.is_empty()
            && style.add_modifier.contains(self.link_modifier)
            && self.link_fg.is_none_or(|fg| style.fg == Some(fg))
    }

    /// The number's colour and modifiers, and perhaps more of the latter (a
    /// link in a quote is italic). A colourless theme without a modifier for
    /// numbers cannot tell them from text: no number then.
    fn is_number(&self, style: Style) -> bool {
        (self.number_fg.is_some() || !self.number_modifier.is_empty())
            && style.fg == self.number_fg
            && style.add_modifier.contains(self.number_modifier)
    }

    /// What may come before a wrapped line's text: indentation, quote bars.
    fn is_prefix(&self, text: &str, style: Style) -> bool {
        text.trim().is_empty() || self.quote_bar_fg.is_some_and(|fg| style.fg == Some(fg))
    }
}

/// The number of a reference written `[n]`, or `[n] ` as a Links list entry
/// starts (`listed`).
fn reference(text: &str) -> Option<(usize, bool)> {
    let (inner, listed) = match text.strip_suffix(' ') {
        Some(entry) => (entry, true),
        None => (text, false),
    };
    let digits = inner.strip_prefix('[')?.strip_suffix(']')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, listed))
}

/// For each line of `lines`, the link number (1-based, as shown) of each of
/// its spans, `None` for spans of no link. Links that run past the last line
/// are left out: the caller hands lines with some to spare after those it
/// prints.
pub fn link_numbers(lines: &[Line<'_>], theme: &Theme) -> Vec<Vec<Option<usize>>> {
    let looks = LinkLooks::of(theme);
    let mut numbers: Vec<Vec<Option<usize>>> = lines.iter().map(|l| vec![None; l.spans.len()]).collect();
    // Link text read so far, perhaps from lines above: (line, span).
    let mut run: Vec<(usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // Text going on from the line above may follow this line's prefix.
        let carried = run.last().is_some_and(|&(l, _)| l + 1 == i && i - run[0].0 < MAX_LINES);
        if !carried {
            run.clear();
        }
        let mut at_start = true;
        let mut j = 0;
        while j < line.spans.len() {
            let span = &line.spans[j];
            let style = line.style.patch(span.style);
            // A Links list address wrapped onto this line, marked already.
            if numbers[i][j].is_some() {
                run.clear();
                j += 1;
                continue;
            }
            let number = looks.is_number(style).then(|| reference(&span.content)).flatten();
            if at_start
                && !run.is_empty()
                && number.is_none()
                && looks.is_prefix(&span.content, style)
                && !looks.is_link(style)
            {
                j += 1;
                continue;
            }
            at_start = false;
            if let Some((number, listed)) = number {
                numbers[i][j] = Some(number);
                if listed {
                    j = listed_address(lines, &looks, i, j + 1, number, &mut numbers);
                    run.clear();
                    continue;
                }
                for &(l, s) in &run {
                    numbers[l][s] = Some(number);
                }
                run.clear();
                j += 1;
                continue;
            }
            if looks.is_link(style) {
                run.push((i, j));
            } else {
                run.clear();
            }
            j += 1;
        }
    }
    numbers
}

/// Marks a Links list entry's address, from span `from` of line `line` on,
/// going on over wrapped lines; the span after it on its line.
fn listed_address(
    lines: &[Line<'_>],
    looks: &LinkLooks,
    line: usize,
    from: usize,
    number: usize,
    numbers: &mut [Vec<Option<usize>>],
) -> usize {
    let style_of = |l: usize, s: usize| lines[l].style.patch(lines[l].spans[s].style);
    let mut j = from;
    while j < lines[line].spans.len() && looks.is_link(style_of(line, j)) {
        numbers[line][j] = Some(number);
        j += 1;
    }
    if j < lines[line].spans.len() || j == from {
        return j;
    }
    // The address filled its line: it may go on after the next one's prefix.
    for next in line + 1..(line + MAX_LINES).min(lines.len()) {
        let spans = &lines[next].spans;
        let Some(first) = spans.iter().position(|s| !looks.is_prefix(&s.content, lines[next].style.patch(s.style)))
        else {
            break;
        };
        let mut k = first;
        while k < spans.len() && looks.is_link(style_of(next, k)) {
            numbers[next][k] = Some(number);
            k += 1;
        }
        if k == first || k < spans.len() {
            break;
        }
    }
    j
}

#[cfg(test)]
mod tests {
    use ratatui::text::Span;

    use super::*;

    fn spans(parts: &[(&str, Style)]) -> Line<'static> {
        Line::from(parts.iter().map(|(t, s)| Span::styled(t.to_string(), *s)).collect::<Vec<_>>())
    }

    #[test]
    fn a_links_text_and_number_belong_to_it() {
        let t = Theme::dark();
        let line = spans(&[("see ", Style::default()), ("the site", t.link), ("[1]", t.link_number), (" now", t.text)]);
        assert_eq!(link_numbers(&[line], &t), [vec![None, Some(1), Some(1), None]]);
    }

    #[test]
    fn a_wrapped_link_belongs_to_it_on_both_lines() {
        let t = Theme::dark();
        let first = spans(&[("text ", Style::default()), ("a long", t.link)]);
        let second = spans(&[("▌ ", t.quote_bar), ("title", t.link), ("[2]", t.link_number), (" x", t.text)]);
        assert_eq!(link_numbers(&[first, second], &t), [vec![None, Some(2)], vec![None, Some(2), Some(2), None]]);
    }

    #[test]
    fn the_links_list_entry_and_its_wrapped_address() {
        let t = Theme::dark();
        let entry = spans(&[("[3] ", t.link_number), ("https://example.org/a-long", t.link)]);
        let rest = spans(&[("    ", Style::default()), ("/path", t.link)]);
        let after = spans(&[("[4] ", t.link_number), ("other.md", t.dim)]);
        assert_eq!(
            link_numbers(&[entry, rest, after], &t),
            [vec![Some(3), Some(3)], vec![None, Some(3)], vec![Some(4), None]]
        );
    }

    #[test]
    fn a_link_in_a_quote_is_one_though_italic() {
        let t = Theme::dark();
        let italic = Style::default().add_modifier(Modifier::ITALIC);
        let line = spans(&[("▌ ", t.quote_bar), ("q", t.link.patch(italic)), ("[3]", t.link_number.patch(italic))]);
        assert_eq!(link_numbers(&[line], &t), [vec![None, Some(3), Some(3)]]);
    }

    #[test]
    fn a_number_in_another_style_or_not_a_number_is_no_link() {
        let t = Theme::dark();
        let line = spans(&[("[1]", Style::default()), ("x", t.link), ("[a]", t.link_number), ("¹", t.link_number)]);
        assert_eq!(link_numbers(&[line], &t), [vec![None, None, None, None]]);
    }
}
