//! Greedy word wrapping of styled inline text by display width. Words never
//! split between styles; a word longer than the line is cut by grapheme.
//!
//! Words are slices of the inlines, not copies: text is copied once, into
//! the span it lands in, and spans of one style merge as lines are built.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;

use crate::text::{grapheme_width, width};

/// Inline content of a block, before wrapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String, Style),
    /// A soft break: a space when wrapped.
    Soft,
    /// A hard break: always a new line.
    Hard,
}

/// A slice of one inline's text: (inline index, byte range).
type Part = (usize, usize, usize);

enum Token {
    /// `parts[first..end]` of the word list, `width` cells.
    Word {
        first: usize,
        end: usize,
        width: usize,
    },
    /// Whole words of one inline, printable ASCII separated by single
    /// spaces: the common case, laid out a line at a time.
    Run(Part),
    Space(Style),
    Newline,
}

/// Whitespace a line may break at: no-break spaces hold their words together.
pub(super) fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Display width, with a fast path for printable ASCII (one cell a byte).
pub(super) fn cells(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.len()
    } else {
        width(text)
    }
}

fn text_of(inlines: &[Inline], (i, start, end): Part) -> (&str, Style) {
    match &inlines[i] {
        Inline::Text(text, style) => (&text[start..end], *style),
        _ => ("", Style::default()),
    }
}

/// Splits inlines into words, spaces and breaks. A word can run across
/// inlines (`**bold**,`), so its parts go in `parts` and the token holds
/// their range. Bytes are scanned directly: most note text is ASCII, whose
/// words are measured by their length.
fn tokens(inlines: &[Inline], parts: &mut Vec<Part>, out: &mut Vec<Token>) {
    let mut first = 0;
    // Whether every part of the word so far is printable ASCII.
    let mut ascii = true;
    let flush = |parts: &Vec<Part>, first: &mut usize, ascii: &mut bool, out: &mut Vec<Token>| {
        if *first < parts.len() {
            let width = match &parts[*first..] {
                _ if *ascii => parts[*first..].iter().map(|(_, start, end)| end - start).sum(),
                [part] => width(text_of(inlines, *part).0),
                many => width(&many.iter().map(|p| text_of(inlines, *p).0).collect::<String>()),
            };
            out.push(Token::Word { first: *first, end: parts.len(), width });
            *first = parts.len();
        }
        *ascii = true;
    };
    for (i, inline) in inlines.iter().enumerate() {
        match inline {
            Inline::Text(text, style) if is_simple(text) => {
                let bytes = text.as_bytes();
                let mut start = 0;
                if bytes[0] == b' ' {
                    flush(parts, &mut first, &mut ascii, out);
                    out.push(Token::Space(*style));
                    start = 1;
                } else if first < parts.len() {
                    // The first word ends a word begun in an earlier inline.
                    let end = text.find(' ').unwrap_or(bytes.len());
                    parts.push((i, 0, end));
                    if end == bytes.len() {
                        continue;
                    }
                    flush(parts, &mut first, &mut ascii, out);
                    out.push(Token::Space(*style));
                    start = end + 1;
                }
                if start == bytes.len() {
                    continue;
                }
                // The last word may go on into the next inline, so it is a part, not in the run.
                let trailing_space = bytes[bytes.len() - 1] == b' ';
                let run_end = if trailing_space {
                    bytes.len() - 1
                } else {
                    text[start..].rfind(' ').map_or(start, |k| start + k)
                };
                if run_end > start {
                    out.push(Token::Run((i, start, run_end)));
                    out.push(Token::Space(*style));
                }
                if !trailing_space {
                    let last = if run_end > start { run_end + 1 } else { start };
                    parts.push((i, last, bytes.len()));
                }
            }
            Inline::Text(text, style) => {
                let bytes = text.as_bytes();
                let mut word_start = 0;
                let mut run: Option<(usize, usize)> = None;
                let flush_run = |run: &mut Option<(usize, usize)>, style: Style, out: &mut Vec<Token>| {
                    if let Some((start, end)) = run.take() {
                        out.push(Token::Run((i, start, end)));
                        out.push(Token::Space(style));
                    }
                };
                let mut pos = 0;
                while pos < bytes.len() {
                    // Within a word of printable ASCII nothing changes but the position.
                    if (0x21..0x7f).contains(&bytes[pos]) {
                        pos += 1;
                        continue;
                    }
                    let b = bytes[pos];
                    let (is_space, len) = if b < 0x80 {
                        if !(0x21..0x7f).contains(&b) && !b.is_ascii_whitespace() {
                            ascii = false;
                        }
                        (b.is_ascii_whitespace() || b == 0x0b, 1)
                    } else {
                        ascii = false;
                        let c = text[pos..].chars().next().expect("a char starts at a char boundary");
                        (is_break(c), c.len_utf8())
                    };
                    if is_space {
                        // A printable ASCII word of this inline alone, before a single
                        // space, joins the run of such words before it.
                        if word_start < pos && first == parts.len() && ascii && b == b' ' {
                            match &mut run {
                                Some((_, end)) if *end + 1 == word_start => *end = pos,
                                _ => {
                                    flush_run(&mut run, *style, out);
                                    run = Some((word_start, pos));
                                }
                            }
                        } else {
                            flush_run(&mut run, *style, out);
                            if word_start < pos {
                                parts.push((i, word_start, pos));
                            }
                            flush(parts, &mut first, &mut ascii, out);
                            out.push(Token::Space(*style));
                        }
                        ascii = true;
                        word_start = pos + len;
                    }
                    pos += len;
                }
                flush_run(&mut run, *style, out);
                if word_start < bytes.len() {
                    parts.push((i, word_start, bytes.len()));
                }
            }
            Inline::Soft => {
                flush(parts, &mut first, &mut ascii, out);
                out.push(Token::Space(Style::default()));
            }
            Inline::Hard => {
                flush(parts, &mut first, &mut ascii, out);
                out.push(Token::Newline);
            }
        }
    }
    flush(parts, &mut first, &mut ascii, out);
}

/// Non-empty printable ASCII with no two spaces together.
fn is_simple(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Folds without early exit, so both compile to vector loops.
    let printable = bytes.iter().fold(true, |all, &b| all & (0x20..0x7f).contains(&b));
    let single_spaces = || bytes.iter().zip(&bytes[1..]).fold(true, |all, (&a, &b)| all & !((a == b' ') & (b == b' ')));
    !bytes.is_empty() && printable && single_spaces()
}

/// Whether a word starts with a wide character that lines may break after:
/// Chinese and Japanese characters, fullwidth forms, most emoji. Not Hangul:
/// Korean spaces its words and keeps them whole.
fn starts_wide(text: &str) -> bool {
    if text.as_bytes().first().is_some_and(u8::is_ascii) {
        return false;
    }
    let Some(first) = text.graphemes(true).next() else {
        return false;
    };
    let hangul = first.chars().next().is_some_and(|c| {
        matches!(c, '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{a960}'..='\u{a97f}' | '\u{ac00}'..='\u{d7ff}')
    });
    grapheme_width(first) == 2 && !hangul
}

/// Builds lines of at most `max` cells. A line's text is gathered as
/// borrowed pieces and copied once, into one span for each run of a style.
struct Lines<'a> {
    max: usize,
    /// Room kept at the start of each line's spans, for the caller's prefix.
    lead: usize,
    lines: Vec<Vec<Span<'static>>>,
    pieces: Vec<(Cow<'a, str>, Style)>,
    used: usize,
    /// A space owed before the next text on this line; dropped at a break.
    gap: Option<Style>,
}

impl<'a> Lines<'a> {
    fn break_line(&mut self) {
        let line = self.finish_line();
        self.lines.push(line);
        self.used = 0;
        self.gap = None;
    }

    fn finish_line(&mut self) -> Vec<Span<'static>> {
        let runs = 1 + self.pieces.windows(2).filter(|w| w[0].1 != w[1].1).count();
        let mut spans = Vec::with_capacity(self.lead + runs);
        let mut rest = &self.pieces[..];
        while let Some((_, style)) = rest.first() {
            let run = rest.iter().position(|(_, s)| s != style).unwrap_or(rest.len());
            let mut content = String::with_capacity(rest[..run].iter().map(|(t, _)| t.len()).sum());
            for (text, _) in &rest[..run] {
                content.push_str(text);
            }
            spans.push(Span::styled(content, *style));
            rest = &rest[run..];
        }
        self.pieces.clear();
        spans
    }

    fn gap_width(&self) -> usize {
        usize::from(self.gap.is_some())
    }

    /// Appends text (its width is the caller's to count), after any gap owed.
    fn push(&mut self, text: Cow<'a, str>, style: Style) {
        if text.is_empty() {
            return;
        }
        if let Some(gap) = self.gap.take() {
            self.pieces.push((Cow::Borrowed(" "), gap));
            self.used += 1;
        }
        self.pieces.push((text, style));
    }

    /// A word cut by grapheme, from where the line stands. Graphemes are
    /// found in the whole word, since one can span two styles.
    fn cut(&mut self, inlines: &'a [Inline], parts: &[Part]) {
        let (text, runs): (Cow<'a, str>, Vec<(usize, Style)>) = match parts {
            [part] => {
                let (text, style) = text_of(inlines, *part);
                (Cow::Borrowed(text), vec![(text.len(), style)])
            }
            _ => {
                let mut text = String::new();
                let mut runs = Vec::with_capacity(parts.len());
                for &part in parts {
                    let (piece, style) = text_of(inlines, part);
                    text.push_str(piece);
                    runs.push((text.len(), style));
                }
                (Cow::Owned(text), runs)
            }
        };
        let mut chunk_start = 0;
        for (start, g) in text.grapheme_indices(true) {
            let w = grapheme_width(g);
            if self.used + self.gap_width() + w > self.max && (self.used > 0 || w > self.max) {
                self.push_runs(&text, &runs, chunk_start..start);
                if self.used > 0 {
                    self.break_line();
                }
                chunk_start = start;
                if w > self.max {
                    self.oversized(&text, &runs, start..start + g.len());
                    chunk_start = start + g.len();
                    continue;
                }
            }
            self.used += w;
        }
        // `used` already counts the chunk; pushing it adds only a gap owed.
        self.push_runs(&text, &runs, chunk_start..text.len());
    }

    /// Pushes `text[range]`, styled by the runs (`(end, style)`, in order) it overlaps.
    // A `&Cow`, not a `&str`: borrowed text can be sliced for `'a`, owned text must be copied.
    #[allow(clippy::ptr_arg)]
    fn push_runs(&mut self, text: &Cow<'a, str>, runs: &[(usize, Style)], range: std::ops::Range<usize>) {
        let mut run_start = 0;
        for &(run_end, style) in runs {
            let (from, to) = (range.start.max(run_start), range.end.min(run_end));
            if from < to {
                let piece = match text {
                    Cow::Borrowed(text) => Cow::Borrowed(&text[from..to]),
                    Cow::Owned(text) => Cow::Owned(text[from..to].to_string()),
                };
                self.push(piece, style);
            }
            run_start = run_end;
        }
    }

    /// One grapheme wider than the line (a run of Hangul leading jamo or
    /// prepended marks is a single grapheme many cells wide): each character,
    /// with the zero-width ones after it, on a line of its own, since on one
    /// line they would join into the same wide grapheme again.
    #[allow(clippy::ptr_arg)]
    fn oversized(&mut self, text: &Cow<'a, str>, runs: &[(usize, Style)], grapheme: std::ops::Range<usize>) {
        let mut chunk_start = grapheme.start;
        for (i, c) in text[grapheme.clone()].char_indices().skip(1) {
            if grapheme_width(c.encode_utf8(&mut [0; 4])) > 0 {
                self.push_runs(text, runs, chunk_start..grapheme.start + i);
                self.break_line();
                chunk_start = grapheme.start + i;
            }
        }
        self.push_runs(text, runs, chunk_start..grapheme.end);
        self.break_line();
    }
}

/// Wraps `inlines` into lines of at most `max` cells. Callers keep `max` at
/// 2 or more: a character two cells wide cannot be cut.
pub fn wrap(inlines: &[Inline], max: usize) -> Vec<Vec<Span<'static>>> {
    Wrapper::default().wrap(inlines, max, 0)
}

/// [`wrap`] with its working buffers kept between calls, for a renderer
/// that wraps many blocks.
#[derive(Default)]
pub(super) struct Wrapper {
    parts: Vec<Part>,
    tokens: Vec<Token>,
}

impl Wrapper {
    /// Wraps as [`wrap`] does; each line's spans have room for `lead` more,
    /// so a prefix can be put in front without growing them.
    pub(super) fn wrap(&mut self, inlines: &[Inline], max: usize, lead: usize) -> Vec<Vec<Span<'static>>> {
        self.parts.clear();
        self.tokens.clear();
        tokens(inlines, &mut self.parts, &mut self.tokens);
        place(inlines, &self.parts, &self.tokens, max, lead)
    }
}

fn place(inlines: &[Inline], parts: &[Part], tokens: &[Token], max: usize, lead: usize) -> Vec<Vec<Span<'static>>> {
    let max = max.max(1);
    // About how many lines the text fills, so the list rarely grows.
    let text: usize = inlines.iter().map(|i| if let Inline::Text(t, _) = i { t.len() } else { 1 }).sum();
    let lines = Vec::with_capacity(text / max + 1);
    let mut out = Lines { max, lead, lines, pieces: Vec::with_capacity(16), used: 0, gap: None };
    let mut space: Option<Style> = None;
    for token in tokens {
        match *token {
            Token::Space(style) => {
                if out.used > 0 {
                    space = Some(style);
                }
            }
            Token::Newline => {
                out.break_line();
                space = None;
            }
            Token::Word { first, end, width } => {
                out.word(inlines, &parts[first..end], width, space);
                space = None;
            }
            Token::Run(run) => {
                out.run(inlines, run, space);
                space = None;
            }
        }
    }
    let line = out.finish_line();
    if !line.is_empty() || out.lines.is_empty() {
        out.lines.push(line);
    }
    out.lines
}

impl<'a> Lines<'a> {
    /// Places one word, after a space if `space` is owed and the line has text.
    fn word(&mut self, inlines: &'a [Inline], word: &[Part], word_width: usize, space: Option<Style>) {
        let max = self.max;
        let gap = usize::from(space.is_some() && self.used > 0);
        let fits = self.used + gap + word_width <= max;
        let room = max.saturating_sub(self.used + gap);
        // CJK breaks between any two characters; a word longer than a line
        // (a URL) fills the rest of this one when a good part of it is free,
        // rather than leaving a ragged gap.
        let fill =
            if starts_wide(text_of(inlines, word[0]).0) { room >= 2 } else { word_width > max && room * 3 >= max };
        if fits || fill {
            if gap == 1 {
                self.gap = space;
            }
        } else if self.used > 0 {
            self.break_line();
        }
        if fits || word_width <= max && !fill {
            for &part in word {
                let (text, style) = text_of(inlines, part);
                self.push(Cow::Borrowed(text), style);
            }
            self.used += word_width;
        } else {
            self.cut(inlines, word);
        }
    }

    /// Places a run of simple words as whole line-fulls, falling back to
    /// [`Lines::word`] for a word that does not fit where the line stands.
    fn run(&mut self, inlines: &'a [Inline], (i, start, end): Part, space: Option<Style>) {
        let (text, style) = text_of(inlines, (i, start, end));
        let mut pos = 0;
        let mut space = space;
        while pos < text.len() {
            let rest = &text[pos..];
            let gap = usize::from(space.is_some() && self.used > 0);
            let room = self.max.saturating_sub(self.used + gap);
            if rest.len() <= room {
                self.gap = if gap == 1 { space } else { None };
                self.push(Cow::Borrowed(rest), style);
                self.used += rest.len();
                return;
            }
            // The most words that fit: up to the last space at or before
            // `room`. The next word does not fit; `word` decides whether it
            // fills the line (CJK, a long word) or starts the next one.
            let fit = rest.as_bytes()[..=room].iter().rposition(|&b| b == b' ');
            if let Some(k) = fit.filter(|&k| k > 0) {
                self.gap = if gap == 1 { space } else { None };
                self.push(Cow::Borrowed(&rest[..k]), style);
                self.used += k;
                pos += k + 1;
                space = Some(style);
            } else {
                let word_end = rest.find(' ').unwrap_or(rest.len());
                self.word(inlines, &[(i, start + pos, start + pos + word_end)], word_end, space);
                pos += word_end + 1;
                space = Some(style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn plain(text: &str) -> Vec<Inline> {
        vec![Inline::Text(text.to_string(), Style::default())]
    }

    fn texts(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wraps_at_word_boundaries_within_the_width() {
        let lines = wrap(&plain("the quick brown fox jumps over the lazy dog"), 10);
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps over", "the lazy", "dog"]);
    }

    #[test]
    fn long_words_are_cut_by_grapheme() {
        let lines = wrap(&plain("ab abcdefghij"), 4);
        assert_eq!(texts(&lines), ["ab", "abcd", "efgh", "ij"]);
    }

    #[test]
    fn a_long_word_fills_the_rest_of_a_mostly_empty_line() {
        let lines = wrap(&plain("see https://example.org/a/long/path"), 16);
        assert_eq!(texts(&lines), ["see https://exam", "ple.org/a/long/p", "ath"]);
    }

    #[test]
    fn cjk_text_breaks_between_any_characters() {
        assert_eq!(texts(&wrap(&plain("ab 東京都の会議"), 8)), ["ab 東京", "都の会議"]);
        assert_eq!(texts(&wrap(&plain("abcdef 東京"), 8)), ["abcdef", "東京"]);
        // Korean keeps its words whole, as it spaces them.
        assert_eq!(texts(&wrap(&plain("ab 한국어"), 8)), ["ab", "한국어"]);
    }

    #[test]
    fn wide_characters_count_two_cells() {
        let lines = wrap(&plain("東京 東京東京"), 5);
        assert_eq!(texts(&lines), ["東京", "東京", "東京"]);
    }

    #[test]
    fn styles_are_kept_and_words_do_not_split_between_styles() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let inlines = vec![
            Inline::Text("plain ".into(), Style::default()),
            Inline::Text("bold".into(), bold),
            Inline::Text("tail more".into(), Style::default()),
        ];
        let lines = wrap(&inlines, 10);
        assert_eq!(texts(&lines), ["plain", "boldtail", "more"]);
        assert_eq!(lines[1][0].style, bold);
        assert_eq!(lines[1][0].content, "bold");
    }

    #[test]
    fn hard_breaks_start_new_lines_and_soft_breaks_are_spaces() {
        let inlines = vec![
            Inline::Text("a".into(), Style::default()),
            Inline::Soft,
            Inline::Text("b".into(), Style::default()),
            Inline::Hard,
            Inline::Text("c".into(), Style::default()),
        ];
        assert_eq!(texts(&wrap(&inlines, 80)), ["a b", "c"]);
    }

    #[test]
    fn no_break_spaces_hold_words_together() {
        assert_eq!(texts(&wrap(&plain("aa 10\u{a0}km"), 6)), ["aa", "10\u{a0}km"]);
    }

    #[test]
    fn a_grapheme_split_between_styles_is_measured_whole() {
        // U+2764 is one cell, but two with U+FE0F after it, even in another style.
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let inlines = vec![Inline::Text("abc ❤".into(), Style::default()), Inline::Text("\u{fe0f}".into(), bold)];
        assert_eq!(texts(&wrap(&inlines, 5)), ["abc", "❤\u{fe0f}"]);
        let long = vec![Inline::Text("abcd❤".into(), Style::default()), Inline::Text("\u{fe0f}".into(), bold)];
        let lines = wrap(&long, 5);
        assert_eq!(texts(&lines), ["abcd", "❤\u{fe0f}"]);
        assert_eq!(lines[1][1].style, bold);
    }

    #[test]
    fn a_grapheme_wider_than_the_line_is_split_by_character() {
        // Four Hangul leading jamo make one grapheme eight cells wide.
        let jamo = "\u{1100}".repeat(4);
        assert_eq!(width(&jamo), 8);
        let lines = texts(&wrap(&plain(&format!("a {jamo}\u{301} b")), 5));
        assert_eq!(lines, ["a", "\u{1100}", "\u{1100}", "\u{1100}", "\u{1100}\u{301}", "b"]);
        assert!(lines.iter().all(|l| width(l) <= 5));
    }

    #[test]
    fn runs_of_simple_words_wrap_like_words_one_by_one() {
        // One inline per character never forms a run, so this compares the
        // line-at-a-time path with the word-at-a-time one.
        let texts_of = [
            "the quick brown fox jumps over the lazy dog and keeps on running far away",
            "a bb ccc dddd eeeee ffffffffffffffffffff g hh iii",
            " leading and trailing spaces ",
            "double  spaces and naïve words, a URL https://example.org/some/long/path here",
        ];
        for text in texts_of {
            let by_char: Vec<Inline> = text.chars().map(|c| Inline::Text(c.to_string(), Style::default())).collect();
            for max in 2..40 {
                assert_eq!(texts(&wrap(&plain(text), max)), texts(&wrap(&by_char, max)), "{text:?} at {max}");
            }
        }
    }

    #[test]
    fn empty_input_is_one_empty_line() {
        assert_eq!(texts(&wrap(&[], 10)), [""]);
    }
}
