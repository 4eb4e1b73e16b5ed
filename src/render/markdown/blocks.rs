//! Blocks and their containers: paragraphs, headings, quotes, lists, code,
//! HTML blocks and rules; the prefixes each line gets from the containers
//! it is in (quote bars, list markers with hanging indents) and the blank
//! lines between blocks.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, HeadingLevel};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::{HeadingMark, ImageMark, Renderer};
use crate::render::highlight::{CodeBlock, CodePiece};
use crate::render::wrap::{cells, LineSink};
use crate::render::StyledLines;
use crate::text::{sanitize, truncate, width};
use crate::theme::Theme;

const TAB_WIDTH: usize = 4;
/// Bullets of unordered lists, by depth; each as wide as a task box and its space.
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];
/// Padding for prefixes, borrowed rather than allocated for each line.
const SPACES: &str = "                                                                ";

/// Where the renderer is among blocks: the open containers, lists and
/// block, and the prefixes worked out for the block's lines.
#[derive(Default)]
pub(super) struct Blocks {
    /// Pictures of the open block, given rows once it ends.
    pub(super) pending_images: Vec<ImageMark>,
    containers: Vec<Container>,
    /// Sum of the containers' widths.
    containers_width: usize,
    /// Containers from this index on have not been on a line yet, so item
    /// markers show for them on the next one.
    first_unshown: usize,
    quote_depth: usize,
    pub(super) lists: Vec<List>,
    /// Whether the open block has content, and so its prefixes and base style.
    pub(super) open: bool,
    /// Style under the block's own (headings, quotes).
    pub(super) base: Style,
    /// The output line the open block started on.
    line: usize,
    pub(super) kind: BlockKind,
    pub(super) gap_pending: bool,
    /// Prefixes as they are worked out, kept for their capacity: see
    /// [`Renderer::begin_line`] and [`Renderer::open_block`].
    prefix_buffer: Vec<Span<'static>>,
    /// The open block's prefixes: of its first line, and of the lines after.
    pub(super) prefix_first: Vec<Span<'static>>,
    pub(super) prefix_rest: Vec<Span<'static>>,
}

pub(super) enum Container {
    Quote,
    /// The body of an HTML `<details>`, under its summary.
    Details,
    /// A list item (or footnote): its marker shows on its first line only,
    /// blank space of the same width on the lines after.
    Item {
        marker: Cow<'static, str>,
        marker_style: Style,
        width: usize,
    },
}

impl Container {
    fn width(&self) -> usize {
        match self {
            Container::Quote | Container::Details => 2,
            Container::Item { width, .. } => *width,
        }
    }
}

impl Blocks {
    pub(super) fn top(&self) -> Option<&Container> {
        self.containers.last()
    }

    /// No block, container or list open, no picture waiting for its rows.
    pub(super) fn is_idle(&self) -> bool {
        !self.open && self.containers.is_empty() && self.lists.is_empty() && self.pending_images.is_empty()
    }
}

pub(super) struct List {
    next_number: Option<u64>,
    /// Digits of the list's largest number, so markers right-align.
    number_width: usize,
    loose: bool,
}

#[derive(Clone, Copy, PartialEq, Default)]
pub(super) enum BlockKind {
    #[default]
    Paragraph,
    Heading(u8),
}

impl Renderer<'_, '_> {
    pub(super) fn start_paragraph(&mut self) {
        if matches!(self.blocks.containers.last(), Some(Container::Item { .. })) {
            if let Some(list) = self.blocks.lists.last_mut() {
                list.loose = true;
            }
        }
        self.flush_inlines();
        self.gap();
        self.blocks.kind = BlockKind::Paragraph;
    }

    pub(super) fn start_heading(&mut self, level: HeadingLevel) {
        self.flush_inlines();
        self.gap();
        self.blocks.kind = BlockKind::Heading(heading_level(level));
        self.inline.heading_text.clear();
        self.inline.in_heading = true;
    }

    pub(super) fn end_heading(&mut self) {
        let level = match self.blocks.kind {
            BlockKind::Heading(l) => l,
            BlockKind::Paragraph => 1,
        };
        let text = self.inline.heading_text.trim().to_string();
        let line = if self.blocks.open { self.blocks.line } else { self.out.len() };
        self.headings.push(HeadingMark { level, text, line });
        self.inline.in_heading = false;
        self.flush_inlines();
        self.blocks.kind = BlockKind::Paragraph;
        self.blocks.gap_pending = true;
    }

    pub(super) fn start_quote(&mut self) {
        self.flush_inlines();
        self.gap();
        self.push_container(Container::Quote);
    }

    pub(super) fn start_code(&mut self, kind: &CodeBlockKind<'_>) {
        self.flush_inlines();
        self.gap();
        self.code_lang.clear();
        if let CodeBlockKind::Fenced(info) = kind {
            self.code_lang.push_str(info.split_whitespace().next().unwrap_or(""));
        }
        self.code.clear();
        self.in_code = true;
    }

    pub(super) fn end_code(&mut self) {
        if std::mem::take(&mut self.in_code) {
            let (lang, code) = (std::mem::take(&mut self.code_lang), std::mem::take(&mut self.code));
            self.code_block(&lang, &code);
            // Back, to keep their capacity for the next block.
            (self.code_lang, self.code) = (lang, code);
        }
        self.blocks.gap_pending = true;
    }

    pub(super) fn rule(&mut self) {
        self.flush_inlines();
        self.gap();
        let avail = self.avail();
        self.begin_line();
        self.out.push_span(&"─".repeat(avail), self.theme.rule);
        self.out.end_line();
        self.blocks.gap_pending = true;
    }

    pub(super) fn start_list(&mut self, start: Option<u64>, items: u64) {
        self.flush_inlines();
        self.gap();
        let last = start.map_or(0, |n| n.saturating_add(items.saturating_sub(1)));
        self.blocks.lists.push(List { next_number: start, number_width: digits(last), loose: false });
    }

    pub(super) fn start_item(&mut self) {
        self.flush_inlines();
        let depth = self.blocks.lists.len();
        let list = self.blocks.lists.last_mut();
        self.blocks.gap_pending = list.as_ref().is_some_and(|l| l.loose);
        let marker = match list.and_then(|l| {
            let n = l.next_number?;
            l.next_number = Some(n.saturating_add(1));
            Some((n, l.number_width))
        }) {
            Some((n, digits)) => number_marker(n, digits),
            None => Cow::Borrowed(BULLETS[(depth.saturating_sub(1)) % 3]),
        };
        self.gap();
        self.push_item(marker, self.theme.bullet);
    }

    /// A task item's box takes the place of its bullet (`☐ `, `☑ `); in an
    /// ordered list, or where the bullet already showed, it goes before the text.
    pub(super) fn task_marker(&mut self, done: bool) {
        let (mark, style) = if done { ("☑ ", self.theme.task_done) } else { ("☐ ", self.theme.task_open) };
        let unshown = self.blocks.containers.len() > self.blocks.first_unshown;
        if let Some(Container::Item { marker, marker_style, .. }) = self.blocks.containers.last_mut() {
            if unshown && !self.blocks.open && BULLETS.contains(&marker.as_ref()) {
                *marker = Cow::Borrowed(mark);
                *marker_style = style;
                return;
            }
        }
        self.push_with(style, |text| text.push_str(mark));
    }

    pub(super) fn push_container(&mut self, container: Container) {
        self.blocks.containers_width += container.width();
        if matches!(container, Container::Quote) {
            self.blocks.quote_depth += 1;
        }
        self.blocks.containers.push(container);
    }

    pub(super) fn push_item(&mut self, marker: Cow<'static, str>, marker_style: Style) {
        let width = width(&marker);
        self.push_container(Container::Item { marker, marker_style, width });
    }

    pub(super) fn pop_container(&mut self) {
        if let Some(container) = self.blocks.containers.pop() {
            self.blocks.containers_width -= container.width();
            if matches!(container, Container::Quote) {
                self.blocks.quote_depth -= 1;
            }
        }
        self.blocks.first_unshown = self.blocks.first_unshown.min(self.blocks.containers.len());
    }

    pub(super) fn clear_containers(&mut self) {
        while !self.blocks.containers.is_empty() {
            self.pop_container();
        }
    }

    /// Starts laying out a block with its first content: its prefixes, the
    /// room they leave and its base style are fixed until it ends, since
    /// whatever changes them ends the block first.
    #[inline]
    pub(super) fn open_block(&mut self) {
        // Every inline of a block comes here; only its first opens it.
        if !self.blocks.open {
            self.open_new_block();
        }
    }

    fn open_new_block(&mut self) {
        self.blocks.open = true;
        self.blocks.line = self.out.len();
        self.blocks.base = match self.blocks.kind {
            BlockKind::Heading(level) => heading_style(self.theme, level),
            BlockKind::Paragraph if self.blocks.quote_depth > 0 => self.theme.quote_text,
            BlockKind::Paragraph => Style::default(),
        };
        let mut first = std::mem::take(&mut self.blocks.prefix_first);
        let mut rest = std::mem::take(&mut self.blocks.prefix_rest);
        first.clear();
        rest.clear();
        if !self.blocks.containers.is_empty() {
            self.prefix_into(true, &mut first);
            self.prefix_into(true, &mut rest);
        }
        (self.blocks.prefix_first, self.blocks.prefix_rest) = (first, rest);
        self.flow.begin(self.avail());
    }

    /// The prefix spans for the next line, appended to `spans`. With
    /// `mark_shown`, the line is the first of the newest items, so their
    /// markers show (moved into the line: a marker shows once).
    ///
    /// Very deep nesting would leave no room for text, so the prefix is held
    /// to half the width: `…`, padding, then the innermost levels that fit.
    /// Only those levels are visited, so a line costs O(width), not O(depth).
    fn prefix_into(&mut self, mark_shown: bool, spans: &mut Vec<Span<'static>>) {
        let limit = self.width / 2;
        let blocks = &mut self.blocks;
        let clipped = blocks.containers_width > limit;
        let first = if clipped {
            // Room for `…` and one space before the kept levels.
            let mut used = 2;
            let mut first = blocks.containers.len();
            for container in blocks.containers.iter().rev() {
                if used + container.width() > limit {
                    break;
                }
                used += container.width();
                first -= 1;
            }
            first
        } else {
            0
        };
        if clipped {
            let kept: usize = blocks.containers[first..].iter().map(Container::width).sum();
            spans.push(Span::styled("…", self.theme.dim));
            spans.push(spaces(limit - kept - 1));
        }
        for (i, container) in blocks.containers.iter_mut().enumerate().skip(first) {
            match container {
                Container::Quote => spans.push(Span::styled("▌ ", self.theme.quote_bar)),
                Container::Details => spans.push(Span::styled("│ ", self.theme.dim)),
                Container::Item { marker, marker_style, width } => {
                    if mark_shown && i >= blocks.first_unshown {
                        spans.push(Span::styled(std::mem::take(marker), *marker_style));
                    } else {
                        spans.push(spaces(*width));
                    }
                }
            }
        }
        if mark_shown {
            blocks.first_unshown = blocks.containers.len();
        }
    }

    fn prefix_width(&self) -> usize {
        self.blocks.containers_width.min(self.width / 2)
    }

    /// Width left for text after the container prefixes.
    pub(super) fn avail(&self) -> usize {
        self.width.saturating_sub(self.prefix_width()).max(1)
    }

    /// Starts a line in the output with its prefix; the caller adds its
    /// spans and ends it.
    pub(super) fn begin_line(&mut self) {
        if self.blocks.containers.is_empty() {
            return;
        }
        let mut prefix = std::mem::take(&mut self.blocks.prefix_buffer);
        self.prefix_into(true, &mut prefix);
        for span in prefix.drain(..) {
            self.out.push_span(&span.content, span.style);
        }
        self.blocks.prefix_buffer = prefix;
    }

    /// A blank line between blocks, when one is due.
    pub(super) fn gap(&mut self) {
        if self.blocks.gap_pending && (!self.out.is_empty() || self.follows_section) {
            let mut prefix = std::mem::take(&mut self.blocks.prefix_buffer);
            self.prefix_into(false, &mut prefix);
            // Quote bars continue through the gap; other padding is dropped.
            while prefix.last().is_some_and(|s| s.content.trim().is_empty()) {
                prefix.pop();
            }
            for span in prefix.drain(..) {
                self.out.push_span(&span.content, span.style);
            }
            self.out.end_line();
            self.blocks.prefix_buffer = prefix;
        }
        self.blocks.gap_pending = false;
    }

    /// Ends the open block: its last line goes out.
    pub(super) fn flush_inlines(&mut self) {
        self.inline.joinable = None;
        if !self.blocks.open {
            return;
        }
        let mut sink = Emit {
            out: &mut self.out,
            first: &mut self.blocks.prefix_first,
            rest: &self.blocks.prefix_rest,
            started: self.flow.lines() > 0,
        };
        self.flow.end(&self.block_text, &mut sink);
        self.blocks.open = false;
        self.block_text.clear();
        if !self.blocks.pending_images.is_empty() {
            self.image_rows();
        }
    }

    /// Blank rows under the block for each of its pictures, which the note
    /// pane draws over.
    fn image_rows(&mut self) {
        let (column, columns) = (self.prefix_width(), self.avail());
        let mut images = std::mem::take(&mut self.blocks.pending_images);
        for mut image in images.drain(..) {
            image.line = self.out.len();
            image.column = u16::try_from(column).unwrap_or(u16::MAX);
            image.columns = u16::try_from(columns).unwrap_or(u16::MAX);
            let known = self.options.picture_rows.and_then(|rows| (rows.0)(&image.url, image.columns, image.most_rows));
            image.rows =
                known.map_or_else(|| guessed_rows(image.columns, image.most_rows), |rows| rows.min(image.most_rows));
            for _ in 0..image.rows {
                self.begin_line();
                self.out.end_line();
            }
            self.images.push(image);
        }
        self.blocks.pending_images = images;
    }

    /// A code block, boxed: never re-wrapped as text is. A line too long
    /// for the box wraps with `↪` in place of the bar (`wrap_code`), or runs
    /// on whole for the pane to scroll sideways. Its lines are recorded for
    /// colouring when drawn; the code text is each line's last span.
    fn code_block(&mut self, lang: &str, code: &str) {
        let avail = self.avail();
        let border = self.theme.dim;
        let lang = sanitize(lang);
        self.begin_line();
        // ` lang` after the corner, cut to the box; joined into one string
        // only when it may need cutting (sanitised ASCII is a cell a byte).
        if lang.is_empty() || lang.is_ascii() && lang.len() < avail.saturating_sub(2) {
            let space = if lang.is_empty() { "" } else { " " };
            self.out.push_span_parts(["╭─", space, &lang], border);
        } else {
            let label = format!(" {lang}");
            self.out.push_span_parts(["╭─", &truncate(&label, avail.saturating_sub(2))], border);
        }
        self.out.end_line();
        let inner = avail.saturating_sub(2).max(1);
        let mut block = CodeBlock { lang: lang.into_owned(), first_line: self.out.len(), pieces: Vec::new() };
        for (k, raw) in code.trim_end_matches('\n').split('\n').enumerate() {
            let clean = sanitize(raw.strip_suffix('\r').unwrap_or(raw));
            let line = expand_tabs(&clean);
            // A block of over 4 billion lines is not a note.
            let source_line = u32::try_from(k).unwrap_or(u32::MAX);
            let mut rest = line.as_ref();
            let mut offset = 0;
            loop {
                let piece = if self.options.wrap_code && cells(rest) > inner { fit(rest, inner) } else { rest };
                self.begin_line();
                self.out.push_span(if offset == 0 { "│ " } else { "↪ " }, border);
                self.out.push_span(piece, self.theme.code_block);
                self.out.end_line();
                block.pieces.push(CodePiece { source_line, offset: u32::try_from(offset).unwrap_or(u32::MAX) });
                offset += piece.len();
                rest = &rest[piece.len()..];
                if rest.is_empty() {
                    break;
                }
            }
        }
        self.code_blocks.push(block);
        self.begin_line();
        self.out.push_span("╰─", border);
        self.out.end_line();
    }
}

/// Rows for a picture whose size is not known yet: a 16:9 picture across
/// `columns` (a cell is about twice as tall as wide), within `most`.
fn guessed_rows(columns: u16, most: u16) -> u16 {
    let by_width = u32::from(columns) * 9 / 32;
    u16::try_from(by_width).unwrap_or(u16::MAX).clamp(1, most.max(1))
}

/// The longest start of `text` that fits `max` cells, whole graphemes, at
/// least one. A first grapheme wider than the box (a run of Hangul leading
/// jamo is one grapheme many cells wide) is cut by character instead, so
/// the box is never overrun.
fn fit(text: &str, max: usize) -> &str {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    let mut end = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        let w = crate::text::grapheme_width(grapheme);
        if used + w > max {
            if end == 0 {
                return fit_chars(grapheme, max);
            }
            break;
        }
        used += w;
        end = at + grapheme.len();
    }
    &text[..end]
}

/// The longest start of `grapheme` that fits `max` cells, by character,
/// at least one character.
fn fit_chars(grapheme: &str, max: usize) -> &str {
    let mut used = 0;
    let mut end = 0;
    for (at, c) in grapheme.char_indices() {
        let w = crate::text::grapheme_width(c.encode_utf8(&mut [0; 4]));
        if used + w > max && end > 0 {
            break;
        }
        used += w;
        end = at + c.len_utf8();
    }
    &grapheme[..end]
}

/// The renderer's sink for wrapped lines: each goes to the output after
/// its prefix, made at its final size.
pub(super) struct Emit<'r> {
    pub(super) out: &'r mut StyledLines,
    /// The first line's prefix, used up by it: item markers show once.
    pub(super) first: &'r mut Vec<Span<'static>>,
    /// The prefix of every line after the first.
    pub(super) rest: &'r [Span<'static>],
    pub(super) started: bool,
}

impl LineSink for Emit<'_> {
    fn begin(&mut self) {
        let prefix = if self.started { self.rest } else { &self.first[..] };
        for span in prefix {
            self.out.push_span(&span.content, span.style);
        }
        if !self.started {
            self.first.clear();
            self.started = true;
        }
    }

    fn span<'t>(&mut self, parts: impl Iterator<Item = &'t str> + Clone, style: Style) {
        self.out.push_span_parts(parts, style);
    }

    fn end(&mut self) {
        self.out.end_line();
    }
}

/// Blank padding, borrowed when short.
fn spaces(n: usize) -> Span<'static> {
    Span::raw(padding(n))
}

pub(super) fn padding(n: usize) -> Cow<'static, str> {
    match SPACES.get(..n) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(" ".repeat(n)),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The theme has styles for H1–H4; H5 and H6 are told apart from H4 (and
/// each other) by modifiers alone, which survive a colourless theme.
fn heading_style(theme: &Theme, level: u8) -> Style {
    match level {
        1 => theme.h1,
        2 => theme.h2,
        3 => theme.h3,
        4 => theme.h4,
        5 => theme.h4.remove_modifier(Modifier::ITALIC).add_modifier(Modifier::BOLD),
        _ => theme.h4.remove_modifier(Modifier::ITALIC | Modifier::BOLD).add_modifier(Modifier::UNDERLINED),
    }
}

/// Decimal digits of `n`.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// An ordered item's marker, `n` right-aligned to `digits` (` 7. `):
/// borrowed for the usual small numbers, which a long note has thousands of.
fn number_marker(n: u64, digits: usize) -> Cow<'static, str> {
    /// Markers of 0 to 99 at widths 1 and 2, by `(digits - 1) * 100 + n`.
    static SMALL: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        (1..=2usize).flat_map(|digits| (0..100u64).map(move |n| format!("{n:>digits$}. "))).collect()
    });
    match usize::try_from(n) {
        Ok(small) if small < 100 && (1..=2).contains(&digits) => Cow::Borrowed(&SMALL[(digits - 1) * 100 + small]),
        _ => Cow::Owned(format!("{n:>digits$}. ")),
    }
}

/// `line` with tabs as spaces to the next stop; borrowed when it has none.
fn expand_tabs(line: &str) -> Cow<'_, str> {
    if !line.contains('\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::new();
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = TAB_WIDTH - column % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += width(c.encode_utf8(&mut [0; 4]));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_markers_read_as_formatted_whether_borrowed_or_not() {
        for digits in 1..=4 {
            for n in (0..1_200).chain([u64::MAX]) {
                assert_eq!(number_marker(n, digits), format!("{n:>digits$}. "), "{n} in {digits}");
            }
        }
        assert!(matches!(number_marker(7, 2), Cow::Borrowed(" 7. ")));
        for n in [0, 1, 9, 10, 99, 100, 999, 1_000, u64::MAX] {
            assert_eq!(digits(n), n.to_string().len(), "{n}");
        }
    }

    #[test]
    fn tabs_expand_to_the_next_stop_and_lines_without_are_borrowed() {
        assert!(matches!(expand_tabs("no tabs"), Cow::Borrowed("no tabs")));
        assert_eq!(expand_tabs("a\tb\t\tc"), "a   b       c");
    }
}
