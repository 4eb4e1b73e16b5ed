//! Styled lines kept compact: all their text in one buffer, each span a
//! style and where its text ends, each line where its spans end.
//!
//! A long note renders to hundreds of thousands of spans. As ratatui
//! `Line`s each would be a `String` and each line a `Vec`: building and
//! freeing those cost more than laying the note out. Here a note is three
//! buffers, and `Line`s borrowing from them are made only for the rows on
//! screen.
//!
//! A span is 8 bytes: where its text ends (`u32`) and its style as an index
//! into the few styles a note uses (`u16`); a line's end is a `u32` index
//! of spans. A note of 100 MB renders to about 4.5 million spans, which as
//! `(usize, Style)` took 110 MB and take 37 MB so. Text past 4 GiB is not
//! kept (a note that long could not be held in memory anyway).

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::width;

/// Where a span's text ends in the buffer, and its style's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SpanEnd {
    end: u32,
    style: u16,
}

#[derive(Debug, Clone, Default)]
pub struct StyledLines {
    text: String,
    spans: Vec<SpanEnd>,
    /// Every style a span uses, once; spans name them by index.
    styles: Vec<Style>,
    /// Each line's end in `spans`.
    ends: Vec<u32>,
}

/// The most text (and spans) kept: offsets are `u32`.
const MAX_OFFSET: usize = u32::MAX as usize;

impl StyledLines {
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for about `lines` lines of `bytes` bytes of text in all.
    pub fn with_capacity(lines: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes.min(MAX_OFFSET)),
            spans: Vec::with_capacity(lines.saturating_mul(2).min(MAX_OFFSET)),
            styles: Vec::new(),
            ends: Vec::with_capacity(lines.min(MAX_OFFSET)),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.styles.clear();
        self.ends.clear();
    }

    /// The index of `style`, added to the styles if new. A note uses a few
    /// dozen styles, and mostly the one it used last.
    fn style_index(&mut self, style: Style) -> u16 {
        if let Some(last) = self.spans.last() {
            if self.styles.get(usize::from(last.style)) == Some(&style) {
                return last.style;
            }
        }
        self.intern(style)
    }

    /// Adds a span of `text` in `style` to the line being built.
    pub fn push_span(&mut self, text: &str, style: Style) {
        self.push_span_parts([text], style);
    }

    /// Adds a span made of several pieces of text, in one style.
    pub fn push_span_parts<'t>(&mut self, parts: impl IntoIterator<Item = &'t str>, style: Style) {
        if self.spans.len() >= MAX_OFFSET {
            return;
        }
        for part in parts {
            if self.text.len() + part.len() <= MAX_OFFSET {
                self.text.push_str(part);
            }
        }
        let style = self.style_index(style);
        // The text is never longer than MAX_OFFSET.
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.spans.push(SpanEnd { end, style });
    }

    /// Ends the line being built (an empty one if it has no spans).
    pub fn end_line(&mut self) {
        // The spans are never more than MAX_OFFSET.
        self.ends.push(u32::try_from(self.spans.len()).unwrap_or(u32::MAX));
    }

    /// Adds a whole line. Line-wide styles and alignment are not kept: the
    /// renderer puts every style on its spans.
    pub fn push_line(&mut self, line: &Line<'_>) {
        for span in &line.spans {
            self.push_span(&span.content, span.style);
        }
        self.end_line();
    }

    /// The sizes of the buffers: text bytes, spans, lines.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.text.len(), self.spans.len(), self.ends.len())
    }

    /// Room for `more` (as [`StyledLines::sizes`] counts) on top of these.
    pub fn reserve(&mut self, more: (usize, usize, usize)) {
        self.text.reserve(more.0);
        self.spans.reserve(more.1);
        self.ends.reserve(more.2);
    }

    /// Moves every line of `other` to the end of these: its buffers copied
    /// whole, its spans restyled to this palette and moved past these.
    pub fn append(&mut self, other: StyledLines) {
        let (text_shift, span_shift) = (self.text.len(), self.spans.len());
        if text_shift + other.text.len() <= MAX_OFFSET && span_shift + other.spans.len() <= MAX_OFFSET {
            let restyle: Vec<u16> = other.styles.iter().map(|&style| self.intern(style)).collect();
            // Both sums are within MAX_OFFSET, so within u32.
            let (text_shift, span_shift) = (text_shift as u32, span_shift as u32);
            self.text.push_str(&other.text);
            self.spans.extend(
                other.spans.iter().map(|s| SpanEnd { end: s.end + text_shift, style: restyle[usize::from(s.style)] }),
            );
            self.ends.extend(other.ends.iter().map(|end| end + span_shift));
            return;
        }
        for i in 0..other.len() {
            for (text, style) in other.spans_of(i) {
                self.push_span(text, style);
            }
            self.end_line();
        }
    }

    /// Puts every line of `head` before these. The text and spans move
    /// within their buffers rather than being copied to new ones: for a
    /// long note (a card above a body) that copy would double its size.
    pub fn prepend(&mut self, head: StyledLines) {
        if self.is_empty() {
            *self = head;
            return;
        }
        let mut head = head;
        // Restyled to this palette, and the body's offsets moved past the head.
        let restyle: Vec<u16> = head.styles.clone().into_iter().map(|style| self.intern(style)).collect();
        let (text_shift, span_shift) = (head.text.len(), head.spans.len());
        if self.text.len() + text_shift > MAX_OFFSET || self.spans.len() + span_shift > MAX_OFFSET {
            head.append(std::mem::take(self));
            *self = head;
            return;
        }
        let (text_shift, span_shift) = (text_shift as u32, span_shift as u32);
        for span in &mut self.spans {
            span.end += text_shift;
        }
        for end in &mut self.ends {
            *end += span_shift;
        }
        self.text.insert_str(0, &head.text);
        self.spans
            .splice(0..0, head.spans.iter().map(|s| SpanEnd { end: s.end, style: restyle[usize::from(s.style)] }));
        self.ends.splice(0..0, head.ends.iter().copied());
    }

    /// The index of `style` in this palette, added if new.
    fn intern(&mut self, style: Style) -> u16 {
        match self.styles.iter().position(|s| *s == style) {
            Some(i) => u16::try_from(i).unwrap_or(0),
            None => match u16::try_from(self.styles.len()) {
                Ok(i) => {
                    self.styles.push(style);
                    i
                }
                Err(_) => 0,
            },
        }
    }

    /// Line `i`'s range of `spans`.
    fn span_range(&self, i: usize) -> Range<usize> {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        start..self.ends[i] as usize
    }

    /// The start of span `k`'s text.
    fn text_start(&self, k: usize) -> usize {
        k.checked_sub(1).map_or(0, |before| self.spans[before].end as usize)
    }

    /// Line `i`'s text without styles: its spans' text is contiguous.
    ///
    /// # Panics
    /// If `i` is not below [`StyledLines::len`].
    pub fn plain(&self, i: usize) -> &str {
        let spans = self.span_range(i);
        &self.text[self.text_start(spans.start)..self.text_start(spans.end)]
    }

    /// Line `i`'s spans: each one's text and style.
    ///
    /// # Panics
    /// If `i` is not below [`StyledLines::len`].
    pub fn spans_of(&self, i: usize) -> impl ExactSizeIterator<Item = (&str, Style)> + '_ {
        let spans = self.span_range(i);
        let mut start = self.text_start(spans.start);
        self.spans[spans].iter().map(move |span| {
            let end = span.end as usize;
            let text = &self.text[start..end];
            start = end;
            (text, self.styles.get(usize::from(span.style)).copied().unwrap_or_default())
        })
    }

    /// Line `i` as a ratatui line borrowing its text.
    ///
    /// # Panics
    /// If `i` is not below [`StyledLines::len`].
    pub fn line(&self, i: usize) -> Line<'_> {
        Line::from(self.spans_of(i).map(|(text, style)| Span::styled(text, style)).collect::<Vec<_>>())
    }

    /// Line `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Line<'_>> {
        (i < self.len()).then(|| self.line(i))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Line<'_>> + DoubleEndedIterator + '_ {
        (0..self.len()).map(|i| self.line(i))
    }

    /// Each line's text without styles.
    pub fn plain_lines(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + '_ {
        (0..self.len()).map(|i| self.plain(i))
    }

    /// Width in cells of the widest line.
    pub fn widest(&self) -> usize {
        self.plain_lines().map(width).max().unwrap_or(0)
    }

    /// The lines as owned ratatui lines, for callers that keep them apart
    /// from this buffer.
    pub fn to_lines(&self) -> Vec<Line<'static>> {
        self.iter()
            .map(|line| {
                Line::from(
                    line.spans.into_iter().map(|s| Span::styled(s.content.into_owned(), s.style)).collect::<Vec<_>>(),
                )
            })
            .collect()
    }
}

/// Equal when the lines are: the same text in the same styles, span by
/// span, however the styles happen to be numbered.
impl PartialEq for StyledLines {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.text == other.text
            && (0..self.len()).all(|i| self.spans_of(i).eq(other.spans_of(i)))
    }
}

impl<'l> FromIterator<Line<'l>> for StyledLines {
    fn from_iter<I: IntoIterator<Item = Line<'l>>>(lines: I) -> Self {
        let mut out = StyledLines::new();
        for line in lines {
            out.push_line(&line);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::*;

    fn sample() -> StyledLines {
        let mut lines = StyledLines::new();
        lines.push_span("> ", Style::new().fg(Color::Blue));
        lines.push_span_parts(["quoted", " ", "text"], Style::new().italic());
        lines.end_line();
        lines.end_line();
        lines.push_span("漢字 wide", Style::new());
        lines.end_line();
        lines
    }

    #[test]
    fn lines_come_back_with_their_spans_and_styles() {
        let lines = sample();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines.line(0),
            Line::from(vec![
                Span::styled("> ", Style::new().fg(Color::Blue)),
                Span::styled("quoted text", Style::new().italic())
            ])
        );
        assert_eq!(lines.line(1), Line::default(), "an ended line without spans is an empty line");
        assert_eq!(lines.plain(2), "漢字 wide");
        assert_eq!(lines.get(3), None);
    }

    #[test]
    fn the_widest_line_is_measured_in_cells() {
        assert_eq!(sample().widest(), 13, "`> quoted text` is 13 cells; `漢字 wide` is 9");
    }

    #[test]
    fn appended_lines_keep_their_text_and_styles() {
        let mut lines = sample();
        let owned: Vec<Line<'static>> = sample().to_lines();
        lines.append(sample());
        assert_eq!(lines.len(), 6);
        assert_eq!(lines.iter().skip(3).collect::<Vec<_>>(), owned);
        assert_eq!(lines.plain(3), "> quoted text");
    }

    #[test]
    fn prepended_lines_come_first_and_the_rest_keep_their_styles() {
        let mut head = StyledLines::new();
        head.push_span("card", Style::new().bold());
        head.end_line();
        head.push_span("> ", Style::new().fg(Color::Blue));
        head.end_line();
        let mut lines = sample();
        lines.prepend(head.clone());
        let mut expected = head;
        expected.append(sample());
        assert_eq!(lines.len(), 5);
        assert_eq!(lines, expected);
        assert_eq!(lines.plain(0), "card");
        assert_eq!(lines.line(2), sample().line(0), "the body's spans keep their own styles");
        assert_eq!(lines.plain(4), "漢字 wide");
        let mut empty = StyledLines::new();
        empty.prepend(sample());
        assert_eq!(empty, sample());
    }

    #[test]
    fn a_span_takes_eight_bytes_and_styles_are_kept_once() {
        assert_eq!(std::mem::size_of::<SpanEnd>(), 8);
        let mut lines = StyledLines::new();
        for i in 0..1000 {
            lines.push_span("word ", if i % 2 == 0 { Style::new() } else { Style::new().italic() });
        }
        lines.end_line();
        assert_eq!(lines.styles.len(), 2);
    }

    #[test]
    fn lines_round_trip_through_ratatui_lines() {
        let owned = sample().to_lines();
        let again: StyledLines = owned.iter().cloned().collect();
        assert_eq!(again, sample());
    }
}
