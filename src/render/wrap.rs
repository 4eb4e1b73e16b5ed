//! Greedy word wrapping of styled inline text by display width. Words never
//! split between styles; a word longer than the line is cut by grapheme.
//!
//! Wrapping happens as text arrives ([`Flow`]): the renderer keeps a block's
//! text in one buffer and hands each new stretch of it over at once, so
//! words are placed as soon as they end and lines go to a [`LineSink`] as
//! soon as they are full. A line's text is gathered as ranges of the buffer
//! and copied once, into one span for each run of a style.

use std::ops::Range;

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

/// Where wrapped lines go, span by span, so that no line is built twice.
pub(super) trait LineSink {
    /// A line begins.
    fn begin(&mut self);
    /// A span of the pieces of text in `parts`, joined, in `style`.
    fn span<'t>(&mut self, parts: impl Iterator<Item = &'t str> + Clone, style: Style);
    fn end(&mut self);
}

/// The text of `parts`, joined, in one allocation.
pub(super) fn joined<'t>(parts: impl Iterator<Item = &'t str> + Clone) -> String {
    let mut text = String::with_capacity(parts.clone().map(str::len).sum());
    text.extend(parts);
    text
}

/// Lines gathered as they come, as [`wrap`] returns them.
#[derive(Default)]
struct Collect {
    lines: Vec<Vec<Span<'static>>>,
    line: Vec<Span<'static>>,
}

impl LineSink for Collect {
    fn begin(&mut self) {
        self.line = Vec::new();
    }

    fn span<'t>(&mut self, parts: impl Iterator<Item = &'t str> + Clone, style: Style) {
        self.line.push(Span::styled(joined(parts), style));
    }

    fn end(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }
}

impl LineSink for super::StyledLines {
    fn begin(&mut self) {}

    fn span<'t>(&mut self, parts: impl Iterator<Item = &'t str> + Clone, style: Style) {
        self.push_span_parts(parts, style);
    }

    fn end(&mut self) {
        self.end_line();
    }
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

/// The first index from `pos` on whose byte is not printable, non-space
/// ASCII: the end of a plain word. Eight bytes at a time, as words are
/// scanned a byte at a time otherwise and long text has many of them.
fn plain_word_end(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while pos < bytes.len() {
        let x = load(bytes, pos);
        // High bits of bytes below 0x21 and above 0x7e. Borrows and carries
        // can also mark a byte after a marked one, never before, so the
        // lowest mark is exact.
        let below = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
        let above = (x.wrapping_add(ONES) | x) & HIGH;
        let marks = below | above;
        if marks != 0 {
            return (pos + (marks.trailing_zeros() / 8) as usize).min(bytes.len());
        }
        pos += 8;
    }
    bytes.len()
}

/// Eight bytes from `pos` as a number, the first in the low byte; past the
/// end of `bytes`, zeros, which the scans stop at as they would at the end.
fn load(bytes: &[u8], pos: usize) -> u64 {
    match bytes.get(pos..pos + 8).and_then(|chunk| <[u8; 8]>::try_from(chunk).ok()) {
        Some(chunk) => u64::from_le_bytes(chunk),
        // The tail of a text of eight bytes or more: its last eight, shifted
        // down past the bytes before `pos` (every text stretch ends in one).
        None if bytes.len() >= 8 => {
            let last = bytes.len() - 8;
            let chunk = <[u8; 8]>::try_from(&bytes[last..]).map_or(0, u64::from_le_bytes);
            chunk >> (8 * (pos - last))
        }
        // Shifted in a byte at a time: most text stretches are short, and
        // copying the tail into a buffer to load it stalls the load.
        None => bytes[pos..].iter().rev().fold(0, |word, &b| (word << 8) | u64::from(b)),
    }
}

/// The end of the simple stretch of text from `pos` (a word's start): the
/// first byte that is not printable ASCII, or the second of two spaces.
/// Eight bytes at a time, with masks exact for every byte.
fn simple_end(bytes: &[u8], mut pos: usize) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Whether the byte before `pos` is a space.
    let mut space_before = false;
    while pos < bytes.len() {
        let x = load(bytes, pos);
        // Adding to the low seven bits never carries into the next byte.
        let below = !(((x & LOW) + ONES * 0x60) | x) & HIGH;
        let above = (((x & LOW) + ONES) | x) & HIGH;
        let y = x ^ (ONES * 0x20);
        let spaces = !(((y & LOW) + LOW) | y) & HIGH;
        let doubles = spaces & ((spaces << 8) | (u64::from(space_before) << 7));
        let marks = below | above | doubles;
        if marks != 0 {
            return (pos + (marks.trailing_zeros() / 8) as usize).min(bytes.len());
        }
        space_before = spaces >> 63 == 1;
        pos += 8;
    }
    bytes.len()
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

/// A part of a word: a byte range of the text, in one style. A word runs
/// across stretches of text in different styles (`**bold**,`), which are
/// consecutive in the text, so its parts are too.
#[derive(Debug, Clone, Copy)]
struct Part {
    start: usize,
    end: usize,
    style: Style,
}

/// A piece of a line: a byte range of the text, or (`None`) a gap's space.
#[derive(Clone, Copy)]
struct Piece {
    range: Option<(usize, usize)>,
    style: Style,
}

/// Greedy wrapping of one block at a time, fed as its text arrives. Every
/// method takes the block's text (`text`: stretches are byte ranges of it,
/// and it only grows while the block is open) and the sink for its lines.
#[derive(Default)]
pub(super) struct Flow {
    max: usize,
    /// Cells on the line so far.
    used: usize,
    /// A space owed before the next text on this line; dropped at a break.
    gap: Option<Style>,
    /// A space seen before the next word, owed if the line has text then.
    space: Option<Style>,
    /// Lines handed to the sink in this block.
    lines: usize,
    pieces: Vec<Piece>,
    /// The word being read, which may go on in the next stretch.
    parts: Vec<Part>,
    /// Whether every part of the word so far is printable ASCII.
    ascii: bool,
}

impl Flow {
    /// Starts a block of lines of at most `max` cells.
    pub(super) fn begin(&mut self, max: usize) {
        self.max = max.max(1);
        self.used = 0;
        self.gap = None;
        self.space = None;
        self.lines = 0;
        self.pieces.clear();
        self.parts.clear();
        self.ascii = true;
    }

    /// Lines handed to the sink since [`Flow::begin`].
    pub(super) fn lines(&self) -> usize {
        self.lines
    }

    /// Ends the block: its last line, or an empty one if it has none.
    pub(super) fn end<S: LineSink>(&mut self, text: &str, sink: &mut S) {
        self.flush_word(text, sink);
        if !self.pieces.is_empty() || self.lines == 0 {
            self.finish_line(text, sink);
        }
    }

    /// A soft break (`hard` false) reads as a space; a hard one starts a line.
    pub(super) fn push_break<S: LineSink>(&mut self, hard: bool, text: &str, sink: &mut S) {
        self.flush_word(text, sink);
        if hard {
            self.break_line(text, sink);
            self.space = None;
        } else {
            self.space_seen(Style::default());
        }
    }

    /// Takes `text[range]`, in `style`, into the block. With `joins`, the
    /// stretch goes on the one before as one piece of text: a word running
    /// across them has one part there, whose first grapheme tells whether it
    /// is wide. Bytes are scanned directly: most note text is ASCII, whose
    /// words are measured by their length, and runs of plain words are laid
    /// out a line at a time.
    pub(super) fn push_text<S: LineSink>(
        &mut self,
        text: &str,
        range: Range<usize>,
        style: Style,
        joins: bool,
        sink: &mut S,
    ) {
        let base = range.start;
        let bytes = &text.as_bytes()[range];
        let mut word_start = 0;
        // Whole words of this stretch, printable ASCII separated by single
        // spaces: a byte range, laid out when it ends.
        let mut run: Option<(usize, usize)> = None;
        let mut pos = 0;
        loop {
            // At the start of a word with nothing pending, the simple stretch
            // ahead (printable ASCII, single spaces) is words that each join
            // the run, up to its last space: taken whole, not word by word.
            if pos == word_start && self.parts.is_empty() && bytes.get(pos).is_some_and(|b| (0x21..0x7f).contains(b)) {
                if let Some(k) = memchr::memrchr(b' ', &bytes[pos..simple_end(bytes, pos)]) {
                    let last_space = pos + k;
                    match &mut run {
                        Some((_, end)) if *end + 1 == word_start => *end = last_space,
                        _ => {
                            self.flush_run(text, run.take(), base, style, sink);
                            run = Some((word_start, last_space));
                        }
                    }
                    word_start = last_space + 1;
                    pos = word_start;
                }
            }
            // Within a word of printable ASCII nothing changes but the position.
            pos = plain_word_end(bytes, pos);
            let Some(&b) = bytes.get(pos) else { break };
            let (is_space, len) = if b < 0x80 {
                if !(0x21..0x7f).contains(&b) && !b.is_ascii_whitespace() {
                    self.ascii = false;
                }
                (b.is_ascii_whitespace() || b == 0x0b, 1)
            } else {
                self.ascii = false;
                let c = text[base + pos..].chars().next().expect("a char starts at a char boundary");
                (is_break(c), c.len_utf8())
            };
            if is_space {
                // A printable ASCII word of this stretch alone, before a
                // single space, joins the run of such words before it.
                if word_start < pos && self.parts.is_empty() && self.ascii && b == b' ' {
                    match &mut run {
                        Some((_, end)) if *end + 1 == word_start => *end = pos,
                        _ => {
                            self.flush_run(text, run.take(), base, style, sink);
                            run = Some((word_start, pos));
                        }
                    }
                } else {
                    self.flush_run(text, run.take(), base, style, sink);
                    if word_start < pos {
                        self.push_part(Part { start: base + word_start, end: base + pos, style }, joins);
                    }
                    self.flush_word(text, sink);
                    self.space_seen(style);
                }
                self.ascii = true;
                word_start = pos + len;
            }
            pos += len;
        }
        self.flush_run(text, run, base, style, sink);
        if word_start < bytes.len() {
            self.push_part(Part { start: base + word_start, end: base + bytes.len(), style }, joins);
        }
    }

    /// Adds a part to the word; with `joins`, a part going on from the last
    /// one (only the first of a stretch can) extends it.
    fn push_part(&mut self, part: Part, joins: bool) {
        match self.parts.last_mut() {
            Some(last) if joins && last.end == part.start => last.end = part.end,
            _ => self.parts.push(part),
        }
    }

    fn space_seen(&mut self, style: Style) {
        if self.used > 0 {
            self.space = Some(style);
        }
    }

    /// Lays out a run of words, and the space after it.
    fn flush_run<S: LineSink>(
        &mut self,
        text: &str,
        run: Option<(usize, usize)>,
        base: usize,
        style: Style,
        sink: &mut S,
    ) {
        if let Some((start, end)) = run {
            let space = self.space.take();
            self.run(text, base + start..base + end, style, space, sink);
            self.space_seen(style);
        }
    }

    /// Lays out the word read so far, if any.
    fn flush_word<S: LineSink>(&mut self, text: &str, sink: &mut S) {
        let parts = std::mem::take(&mut self.parts);
        if let (Some(head), Some(tail)) = (parts.first(), parts.last()) {
            let width = if self.ascii { tail.end - head.start } else { width(&text[head.start..tail.end]) };
            let space = self.space.take();
            self.word(text, &parts, width, space, sink);
        }
        self.parts = parts;
        self.parts.clear();
        self.ascii = true;
    }

    fn break_line<S: LineSink>(&mut self, text: &str, sink: &mut S) {
        self.finish_line(text, sink);
        self.used = 0;
        self.gap = None;
    }

    fn finish_line<S: LineSink>(&mut self, text: &str, sink: &mut S) {
        let pieces = &self.pieces[..];
        sink.begin();
        let piece_text = |piece: &Piece| piece.range.map_or(" ", |(start, end)| &text[start..end]);
        let mut rest = pieces;
        while let Some(head) = rest.first() {
            let run = rest.iter().position(|p| p.style != head.style).unwrap_or(rest.len());
            sink.span(rest[..run].iter().map(piece_text), head.style);
            rest = &rest[run..];
        }
        self.pieces.clear();
        sink.end();
        self.lines += 1;
    }

    fn gap_width(&self) -> usize {
        usize::from(self.gap.is_some())
    }

    /// Appends `text[start..end]` (its width is the caller's to count), after any gap owed.
    fn push(&mut self, text: &str, start: usize, end: usize, style: Style) {
        if start == end {
            return;
        }
        if let Some(gap) = self.gap.take() {
            self.used += 1;
            // The gap and the text go on the piece before when all three
            // are one style and the gap is the space between them in the text.
            if let Some(Piece { range: Some((_, last_end)), style: last }) = self.pieces.last_mut() {
                if *last_end + 1 == start && *last == style && gap == style && text.as_bytes()[*last_end] == b' ' {
                    *last_end = end;
                    return;
                }
            }
            self.pieces.push(Piece { range: None, style: gap });
        }
        if let Some(Piece { range: Some((_, last_end)), style: last }) = self.pieces.last_mut() {
            if *last_end == start && *last == style {
                *last_end = end;
                return;
            }
        }
        self.pieces.push(Piece { range: Some((start, end)), style });
    }

    /// Pushes the part of `range` in each of a word's parts, in its style.
    fn push_parts(&mut self, text: &str, word: &[Part], range: Range<usize>) {
        for part in word {
            let (from, to) = (range.start.max(part.start), range.end.min(part.end));
            if from < to {
                self.push(text, from, to, part.style);
            }
        }
    }

    /// A word cut to lines, from where the line stands: after a `/`, `-`,
    /// `_` or `.` (a URL's path, an identifier's parts) when the line is
    /// a third full there, else by grapheme. Graphemes are found in the whole
    /// word, since one can span two styles.
    fn cut<S: LineSink>(&mut self, text: &str, word: &[Part], sink: &mut S) {
        let (Some(head), Some(tail)) = (word.first(), word.last()) else {
            return;
        };
        let (from, to) = (head.start, tail.end);
        let mut chunk_start = from;
        // The last place the line may break within the word, and the cells
        // used up to it: after a mark, where the next grapheme is none
        // (`https://` breaks after both slashes, not between them).
        let mut soft: Option<(usize, usize)> = None;
        let mut after_mark = false;
        for (offset, g) in text[from..to].grapheme_indices(true) {
            let start = from + offset;
            let w = grapheme_width(g);
            let mark = matches!(g.as_bytes(), [b'/' | b'-' | b'_' | b'.']);
            if after_mark && !mark && start > chunk_start {
                soft = Some((start, self.used));
            }
            after_mark = mark;
            let overflows =
                |flow: &Self| flow.used + flow.gap_width() + w > flow.max && (flow.used > 0 || w > flow.max);
            if overflows(self) {
                if let Some((at, used_there)) = soft.take().filter(|&(_, used)| 3 * used >= self.max) {
                    let after = self.used - used_there;
                    self.push_parts(text, word, chunk_start..at);
                    self.break_line(text, sink);
                    chunk_start = at;
                    self.used = after;
                }
            }
            if overflows(self) {
                self.push_parts(text, word, chunk_start..start);
                if self.used > 0 {
                    self.break_line(text, sink);
                }
                chunk_start = start;
                soft = None;
                if w > self.max {
                    self.oversized(text, word, start..start + g.len(), sink);
                    chunk_start = start + g.len();
                    continue;
                }
            }
            self.used += w;
        }
        // `used` already counts the chunk; pushing it adds only a gap owed.
        self.push_parts(text, word, chunk_start..to);
    }

    /// One grapheme wider than the line (a run of Hangul leading jamo or
    /// prepended marks is a single grapheme many cells wide): each character,
    /// with the zero-width ones after it, on a line of its own, since on one
    /// line they would join into the same wide grapheme again.
    fn oversized<S: LineSink>(&mut self, text: &str, word: &[Part], grapheme: Range<usize>, sink: &mut S) {
        let mut chunk_start = grapheme.start;
        for (i, c) in text[grapheme.clone()].char_indices().skip(1) {
            if grapheme_width(c.encode_utf8(&mut [0; 4])) > 0 {
                self.push_parts(text, word, chunk_start..grapheme.start + i);
                self.break_line(text, sink);
                chunk_start = grapheme.start + i;
            }
        }
        self.push_parts(text, word, chunk_start..grapheme.end);
        self.break_line(text, sink);
    }

    /// Places one word, after a space if `space` is owed and the line has text.
    fn word<S: LineSink>(&mut self, text: &str, word: &[Part], word_width: usize, space: Option<Style>, sink: &mut S) {
        let Some(head) = word.first() else {
            return;
        };
        let max = self.max;
        let gap = usize::from(space.is_some() && self.used > 0);
        let fits = self.used + gap + word_width <= max;
        let room = max.saturating_sub(self.used + gap);
        // CJK breaks between any two characters; a word longer than a line
        // (a URL) fills the rest of this one when a good part of it is free,
        // rather than leaving a ragged gap.
        // Only asked of a word that does not fit (few do): whether it starts wide costs a look up.
        let fill = !fits
            && if starts_wide(&text[head.start..head.end]) { room >= 2 } else { word_width > max && room * 3 >= max };
        if fits || fill {
            if gap == 1 {
                self.gap = space;
            }
        } else if self.used > 0 {
            self.break_line(text, sink);
        }
        if fits || word_width <= max && !fill {
            for part in word {
                self.push(text, part.start, part.end, part.style);
            }
            self.used += word_width;
        } else {
            self.cut(text, word, sink);
        }
    }

    /// Places a run of simple words as whole line-fulls, falling back to
    /// [`Flow::word`] for a word that does not fit where the line stands.
    fn run<S: LineSink>(&mut self, text: &str, run: Range<usize>, style: Style, space: Option<Style>, sink: &mut S) {
        let bytes = &text.as_bytes()[run.clone()];
        let mut pos = 0;
        let mut space = space;
        while pos < bytes.len() {
            let rest = &bytes[pos..];
            let gap = usize::from(space.is_some() && self.used > 0);
            let room = self.max.saturating_sub(self.used + gap);
            if rest.len() <= room {
                self.gap = if gap == 1 { space } else { None };
                self.push(text, run.start + pos, run.end, style);
                self.used += rest.len();
                return;
            }
            // The most words that fit: up to the last space at or before
            // `room`. The next word does not fit; `word` decides whether it
            // fills the line (CJK, a long word) or starts the next one.
            let fit = memchr::memrchr(b' ', &rest[..=room]);
            if let Some(k) = fit.filter(|&k| k > 0) {
                self.gap = if gap == 1 { space } else { None };
                self.push(text, run.start + pos, run.start + pos + k, style);
                self.used += k;
                pos += k + 1;
            } else {
                let word_end = memchr::memchr(b' ', rest).unwrap_or(rest.len());
                if self.used > 0 && word_end <= self.max {
                    // A plain word that fits a line of its own starts the
                    // next one, as `word` would have it.
                    self.break_line(text, sink);
                    space = None;
                    continue;
                }
                let start = run.start + pos;
                self.word(text, &[Part { start, end: start + word_end, style }], word_end, space, sink);
                pos += word_end + 1;
            }
            space = Some(style);
        }
    }
}

/// Wraps `inlines` into lines of at most `max` cells. Callers keep `max` at
/// 2 or more: a character two cells wide cannot be cut.
pub fn wrap(inlines: &[Inline], max: usize) -> Vec<Vec<Span<'static>>> {
    let mut text = String::new();
    let mut lines = Collect::default();
    let mut flow = Flow::default();
    flow.begin(max);
    for inline in inlines {
        match inline {
            Inline::Text(piece, style) => {
                let start = text.len();
                text.push_str(piece);
                flow.push_text(&text, start..text.len(), *style, false, &mut lines);
            }
            Inline::Soft => flow.push_break(false, &text, &mut lines),
            Inline::Hard => flow.push_break(true, &text, &mut lines),
        }
    }
    flow.end(&text, &mut lines);
    lines.lines
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
        assert_eq!(texts(&lines), ["see https://", "example.org/a/", "long/path"]);
        let lines = wrap(&plain("see abcdefghijklmnopqrstuvwxyz"), 16);
        assert_eq!(texts(&lines), ["see abcdefghijkl", "mnopqrstuvwxyz"]);
    }

    #[test]
    fn a_word_longer_than_the_line_breaks_after_slashes_dashes_underscores_and_dots() {
        let url = "https://example.org/talks/2024/a-very-long-slug-of-a-talk_title.html";
        assert_eq!(
            texts(&wrap(&plain(url), 24)),
            ["https://example.org/", "talks/2024/a-very-long-", "slug-of-a-talk_title.", "html"]
        );
        // A mark early in the line would leave it mostly empty: cut by letter instead.
        assert_eq!(texts(&wrap(&plain("a-bcdefghijklmnopqrstuvwxyz"), 10)), ["a-bcdefghi", "jklmnopqrs", "tuvwxyz"]);
        assert_eq!(
            texts(&wrap(&plain("some_quite_long_identifier_name"), 12)),
            ["some_quite_", "long_", "identifier_", "name"]
        );
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
    fn the_byte_scans_agree_with_byte_by_byte_ones() {
        let bytes: Vec<u8> =
            (0..40u8).flat_map(|i| [b'a', b' ', b' ', 0x7e, 0x7f, 0x1f, 0x21, 0x80, 0xff, b'z', i]).collect();
        for start in 0..bytes.len() {
            for end in start..bytes.len().min(start + 24) {
                let text = &bytes[start..end];
                let slow_plain = text.iter().position(|b| !(0x21..0x7f).contains(b)).unwrap_or(text.len());
                assert_eq!(plain_word_end(text, 0), slow_plain, "{text:?}");
                let slow_simple = (0..text.len())
                    .find(|&i| !(0x20..0x7f).contains(&text[i]) || i > 0 && text[i] == b' ' && text[i - 1] == b' ')
                    .unwrap_or(text.len());
                if text.first() != Some(&b' ') {
                    assert_eq!(simple_end(text, 0), slow_simple, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn empty_input_is_one_empty_line() {
        assert_eq!(texts(&wrap(&[], 10)), [""]);
    }
}
