//! Styled lines kept compact: all their text in one buffer, each span a
//! style and where its text ends, each line where its spans end.
//!
//! A long note renders to hundreds of thousands of spans. As ratatui
//! `Line`s each would be a `String` and each line a `Vec`: building and
//! freeing those cost more than laying the note out. Here a note is three
//! buffers, and `Line`s borrowing from them are made only for the rows on
//! screen.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::width;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyledLines {
    text: String,
    /// Each span's style and the end of its text in `text`.
    spans: Vec<(usize, Style)>,
    /// Each line's end in `spans`.
    ends: Vec<usize>,
}

impl StyledLines {
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for about `lines` lines of `bytes` bytes of text in all.
    pub fn with_capacity(lines: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(lines * 2),
            ends: Vec::with_capacity(lines),
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
        self.ends.clear();
    }

    /// Adds a span of `text` in `style` to the line being built.
    pub fn push_span(&mut self, text: &str, style: Style) {
        self.text.push_str(text);
        self.spans.push((self.text.len(), style));
    }

    /// Adds a span made of several pieces of text, in one style.
    pub fn push_span_parts<'t>(&mut self, parts: impl IntoIterator<Item = &'t str>, style: Style) {
        for part in parts {
            self.text.push_str(part);
        }
        self.spans.push((self.text.len(), style));
    }

    /// Ends the line being built (an empty one if it has no spans).
    pub fn end_line(&mut self) {
        self.ends.push(self.spans.len());
    }

    /// Adds a whole line. Line-wide styles and alignment are not kept: the
    /// renderer puts every style on its spans.
    pub fn push_line(&mut self, line: &Line<'_>) {
        for span in &line.spans {
            self.push_span(&span.content, span.style);
        }
        self.end_line();
    }

    /// Moves every line of `other` to the end of these.
    pub fn append(&mut self, other: StyledLines) {
        let (text_base, span_base) = (self.text.len(), self.spans.len());
        self.text.push_str(&other.text);
        self.spans.extend(other.spans.into_iter().map(|(end, style)| (end + text_base, style)));
        self.ends.extend(other.ends.into_iter().map(|end| end + span_base));
    }

    /// Line `i`'s range of `spans`.
    fn span_range(&self, i: usize) -> Range<usize> {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        start..self.ends[i]
    }

    /// The start of span `k`'s text.
    fn text_start(&self, k: usize) -> usize {
        k.checked_sub(1).map_or(0, |before| self.spans[before].0)
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
        self.spans[spans].iter().map(move |&(end, style)| {
            let text = &self.text[start..end];
            start = end;
            (text, style)
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
    fn lines_round_trip_through_ratatui_lines() {
        let owned = sample().to_lines();
        let again: StyledLines = owned.iter().cloned().collect();
        assert_eq!(again, sample());
    }
}
