//! Rendered lines as text for standard output, as `confnotes render` prints
//! them: [`to_ansi`] with SGR sequences for a terminal, [`to_plain`] for
//! pipes, files and `NO_COLOR`.
//!
//! Span text is sanitised once more on the way out, so lines built anywhere
//! (not only by the Markdown renderer) can never carry an escape sequence:
//! the only escapes in the output are the SGR ones written here.

use std::borrow::Cow;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::text::sanitize;

/// Closes an OSC 8 hyperlink.
const LINK_END: &str = "\x1b]8;;\x1b\\";

/// The modifiers a terminal reliably shows; blinking and hidden text are left out.
const SHOWN: Modifier = Modifier::BOLD
    .union(Modifier::DIM)
    .union(Modifier::ITALIC)
    .union(Modifier::UNDERLINED)
    .union(Modifier::REVERSED)
    .union(Modifier::CROSSED_OUT);

/// What an SGR sequence can express of a style; `None` is the terminal's default.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Sgr {
    fg: Option<Color>,
    bg: Option<Color>,
    modifiers: Modifier,
}

impl Sgr {
    fn of(style: Style) -> Self {
        let colour = |c: Option<Color>| c.filter(|c| *c != Color::Reset);
        Self { fg: colour(style.fg), bg: colour(style.bg), modifiers: style.add_modifier.intersection(SHOWN) }
    }

    fn is_plain(self) -> bool {
        self == Self::default()
    }

    /// The parameters, `;`-separated: modifiers, then foreground, then background.
    fn write_params(self, out: &mut String) {
        let mut params: Vec<Cow<'static, str>> = Vec::new();
        for (modifier, code) in [
            (Modifier::BOLD, "1"),
            (Modifier::DIM, "2"),
            (Modifier::ITALIC, "3"),
            (Modifier::UNDERLINED, "4"),
            (Modifier::REVERSED, "7"),
            (Modifier::CROSSED_OUT, "9"),
        ] {
            if self.modifiers.contains(modifier) {
                params.push(Cow::Borrowed(code));
            }
        }
        if let Some(fg) = self.fg {
            params.push(colour_params(fg, false));
        }
        if let Some(bg) = self.bg {
            params.push(colour_params(bg, true));
        }
        out.push_str(&params.join(";"));
    }
}

fn colour_params(colour: Color, background: bool) -> Cow<'static, str> {
    // Background codes are the foreground ones plus 10 (30 → 40, 90 → 100, 38 → 48).
    let base = |code: u8| Cow::Owned((code + if background { 10 } else { 0 }).to_string());
    match colour {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(i) => Cow::Owned(format!("{};5;{i}", if background { 48 } else { 38 })),
        Color::Rgb(r, g, b) => Cow::Owned(format!("{};2;{r};{g};{b}", if background { 48 } else { 38 })),
    }
}

/// Span text made safe for a terminal, on one line.
fn safe(text: &str) -> Cow<'_, str> {
    let clean = sanitize(text);
    if clean.contains(['\n', '\t']) {
        Cow::Owned(clean.replace(['\n', '\t'], " "))
    } else {
        clean
    }
}

/// Each line with SGR sequences for its styles, ending in `\n`. A line that
/// sets any attribute ends with a reset (`ESC[0m`) before its newline, so
/// styles never leak into the next line or the shell prompt. A style change
/// inside a line is one sequence: the new attributes alone after plain text,
/// or a reset followed by them (`ESC[0;…m`) after styled text.
pub fn to_ansi(lines: &[Line]) -> String {
    to_ansi_linked(lines, |_, _| None)
}

/// [`to_ansi`], with the spans `target(line, span)` names the target of
/// written as OSC 8 hyperlinks to it. Targets are written as given: only
/// ones made by [`crate::hyperlinks::target`] (printable ASCII, web and mail
/// addresses) may be. A link is closed before the end of its line.
pub fn to_ansi_linked<'t>(lines: &[Line], target: impl Fn(usize, usize) -> Option<&'t str>) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let mut current = Sgr::default();
        let mut linked: Option<&str> = None;
        for (j, span) in line.spans.iter().enumerate() {
            if span.content.is_empty() {
                continue;
            }
            let wanted = target(i, j);
            if wanted != linked {
                if linked.is_some() {
                    out.push_str(LINK_END);
                }
                if let Some(to) = wanted {
                    out.push_str("\x1b]8;;");
                    out.push_str(to);
                    out.push_str("\x1b\\");
                }
                linked = wanted;
            }
            let wanted = Sgr::of(line.style.patch(span.style));
            if wanted != current {
                out.push_str("\x1b[");
                if wanted.is_plain() {
                    out.push('0');
                } else {
                    if !current.is_plain() {
                        out.push_str("0;");
                    }
                    wanted.write_params(&mut out);
                }
                out.push('m');
                current = wanted;
            }
            out.push_str(&safe(&span.content));
        }
        if linked.is_some() {
            out.push_str(LINK_END);
        }
        if !current.is_plain() {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// The text of each line alone, trailing spaces trimmed, each ending in `\n`.
pub fn to_plain(lines: &[Line]) -> String {
    let mut out = String::new();
    let mut line_text = String::new();
    for line in lines {
        line_text.clear();
        for span in &line.spans {
            line_text.push_str(&safe(&span.content));
        }
        out.push_str(line_text.trim_end_matches(' '));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn line(spans: Vec<Span<'static>>) -> Line<'static> {
        Line::from(spans)
    }

    #[test]
    fn plain_text_has_no_escapes_at_all() {
        let lines = [line(vec![Span::raw("hello "), Span::raw("world")]), Line::default()];
        assert_eq!(to_ansi(&lines), "hello world\n\n");
    }

    #[test]
    fn styles_become_sgr_and_each_styled_line_ends_with_a_reset() {
        let bold_red = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
        let lines = [line(vec![Span::raw("a "), Span::styled("b", bold_red), Span::raw(" c")])];
        assert_eq!(to_ansi(&lines), "a \x1b[1;31mb\x1b[0m c\n");
        let lines = [line(vec![Span::styled("b", bold_red)])];
        assert_eq!(to_ansi(&lines), "\x1b[1;31mb\x1b[0m\n");
    }

    #[test]
    fn a_change_between_styles_resets_then_sets() {
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        let under_blue = Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED);
        let lines = [line(vec![Span::styled("i", italic), Span::styled("u", under_blue)])];
        assert_eq!(to_ansi(&lines), "\x1b[3mi\x1b[0;4;34mu\x1b[0m\n");
    }

    #[test]
    fn every_modifier_and_colour_kind_has_its_code() {
        let all = Style::new()
            .add_modifier(SHOWN | Modifier::SLOW_BLINK | Modifier::HIDDEN)
            .fg(Color::Indexed(208))
            .bg(Color::Rgb(1, 2, 3));
        assert_eq!(to_ansi(&[line(vec![Span::styled("x", all)])]), "\x1b[1;2;3;4;7;9;38;5;208;48;2;1;2;3mx\x1b[0m\n");
        let named = Style::new().fg(Color::DarkGray).bg(Color::LightCyan);
        assert_eq!(to_ansi(&[line(vec![Span::styled("x", named)])]), "\x1b[90;106mx\x1b[0m\n");
        let gray = Style::new().fg(Color::Gray).bg(Color::Black);
        assert_eq!(to_ansi(&[line(vec![Span::styled("x", gray)])]), "\x1b[37;40mx\x1b[0m\n");
    }

    #[test]
    fn the_line_style_applies_under_its_spans() {
        let mut l = line(vec![Span::raw("a"), Span::styled("b", Style::new().fg(Color::Green))]);
        l.style = Style::new().add_modifier(Modifier::BOLD);
        assert_eq!(to_ansi(&[l]), "\x1b[1ma\x1b[0;1;32mb\x1b[0m\n");
    }

    #[test]
    fn reset_colours_and_empty_spans_emit_nothing() {
        let reset = Style::new().fg(Color::Reset).bg(Color::Reset);
        let lines = [line(vec![Span::styled("a", reset), Span::styled("", Style::new().fg(Color::Red))])];
        assert_eq!(to_ansi(&lines), "a\n");
    }

    #[test]
    fn returning_to_plain_text_is_a_bare_reset() {
        let dim = Style::new().add_modifier(Modifier::DIM);
        let lines = [line(vec![Span::styled("d", dim), Span::raw("p")])];
        assert_eq!(to_ansi(&lines), "\x1b[2md\x1b[0mp\n");
    }

    #[test]
    fn control_characters_in_spans_are_neutralised_on_the_way_out() {
        let lines = [line(vec![Span::raw("a\x1b]52;c;eA==\x07b\u{9b}2J\u{202e}\nc\t")])];
        assert_eq!(to_ansi(&lines), "a␛]52;c;eA==␇b\u{fffd}2J c \n");
        assert_eq!(to_plain(&lines), "a␛]52;c;eA==␇b\u{fffd}2J c\n");
    }

    #[test]
    fn linked_spans_are_hyperlinks_closed_before_the_line_ends() {
        let blue = Style::new().fg(Color::Blue);
        let lines = [line(vec![Span::raw("see "), Span::styled("site", blue), Span::styled("[1]", blue)])];
        let target = |i: usize, j: usize| (i == 0 && j > 0).then_some("https://example.org/");
        assert_eq!(
            to_ansi_linked(&lines, target),
            "see \x1b]8;;https://example.org/\x1b\\\x1b[34msite[1]\x1b]8;;\x1b\\\x1b[0m\n"
        );
    }

    #[test]
    fn plain_output_is_text_with_trailing_spaces_trimmed() {
        let lines = [
            line(vec![Span::styled("x", Style::new().fg(Color::Red)), Span::raw("  ")]),
            line(vec![Span::raw(" indented")]),
            Line::default(),
        ];
        assert_eq!(to_plain(&lines), "x\n indented\n\n");
    }
}
