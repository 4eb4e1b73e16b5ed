//! Inline content: note text (sanitised, tabs as spaces), styles, breaks,
//! links and images with their reference numbers. Text goes to the open
//! block's flow as it comes, or to the open table's cell.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, LinkType};
use ratatui::style::Style;

use super::blocks::Emit;
use super::tables::Item;
use super::{ImageMark, LinkLabel, Renderer};
use crate::notes::doc_link_name;
use crate::text::sanitize;

/// The inline state of the pass.
#[derive(Default)]
pub(super) struct Inlines<'a> {
    pub(super) styles: Vec<Style>,
    /// The style of the last inline when it is text that more text in the
    /// same style goes on: see [`crate::render::wrap::Flow::push_text`].
    /// Images' alt text starts afresh.
    pub(super) joinable: Option<Style>,
    /// An image's `[image: ` marker, owed until its alt text starts: with
    /// none, it becomes `[image`. With `true`, the image is remote, not shown.
    image_marker: Option<(Style, bool)>,
    /// Where each open image's alt text starts in `alt`.
    images: Vec<usize>,
    /// The alt text of the open images.
    alt: String,
    /// A heading's text, gathered while one is open.
    pub(super) heading_text: String,
    pub(super) in_heading: bool,
    /// Targets of the open links and images; `None` for a link shown as
    /// plain text (a catalog's `doc:` link to no note), which gets no number.
    link_urls: Vec<Option<CowStr<'a>>>,
    /// The open link's text was written in its place (a `<doc:Page>`
    /// autolink, shown by the page's title): the text the parser gives is not.
    pub(super) link_text_given: bool,
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn style(&self) -> Style {
        self.inline.styles.last().copied().unwrap_or_default()
    }

    pub(super) fn push_style(&mut self, style: Style) {
        self.inline.styles.push(self.style().patch(style));
    }

    pub(super) fn start_link(&mut self, link_type: LinkType, dest_url: &CowStr<'a>) {
        let Some(name) = doc_link_name(dest_url) else {
            self.inline.link_urls.push(Some(dest_url.clone()));
            self.push_style(self.theme.link);
            return;
        };
        // A catalog's `<doc:Page>` reads as the page's title, and one that
        // names no note as plain text: never as an address nothing opens.
        let label = self.options.link_labels.map(|labels| (labels.0)(dest_url));
        let resolved = !matches!(label, Some(LinkLabel::Nowhere));
        self.inline.link_urls.push(resolved.then(|| dest_url.clone()));
        self.push_style(if resolved { self.theme.link } else { Style::default() });
        if link_type == LinkType::Autolink {
            let text = match label {
                Some(LinkLabel::Note(title)) => title,
                _ => name.replace(['-', '_'], " "),
            };
            self.text(&text, self.style());
            self.inline.link_text_given = true;
        }
    }

    pub(super) fn end_link(&mut self) {
        self.inline.styles.pop();
        self.inline.link_text_given = false;
        if let Some(Some(url)) = self.inline.link_urls.pop() {
            let n = self.refs.link_number(&url);
            self.push_number("[", n);
        }
    }

    pub(super) fn start_image(&mut self, dest_url: &CowStr<'a>) {
        self.inline.link_urls.push(Some(dest_url.clone()));
        self.push_style(self.theme.emphasis);
        // An enclosing image's marker is owed first: this one is its alt text.
        self.owed_marker();
        let remote = self.options.image_rows > 0 && !is_local_image(dest_url);
        self.inline.image_marker = Some((self.theme.dim, remote));
        self.inline.images.push(self.inline.alt.len());
    }

    pub(super) fn end_image(&mut self) {
        self.inline.styles.pop();
        let alt_start = self.inline.images.pop().unwrap_or(0);
        let alt = self.inline.alt.split_off(alt_start.min(self.inline.alt.len()));
        // No alt text: `[image]` rather than `[image: ]`.
        if let Some((style, remote)) = self.inline.image_marker.take() {
            self.push_with(style, |text| text.push_str(if remote { "[remote image" } else { "[image" }));
        }
        self.push_with(self.theme.dim, |text| text.push(']'));
        if let Some(Some(url)) = self.inline.link_urls.pop() {
            let number = self.refs.link_number(&url);
            self.push_number("[", number);
            let rows = self.options.image_rows;
            if rows > 0 && is_local_image(&url) && !self.tables.is_open() {
                let url = url.to_string();
                let mark = ImageMark { url, alt, number, line: 0, rows, most_rows: rows, column: 0, columns: 0 };
                self.blocks.pending_images.push(mark);
            }
        }
    }

    /// Adds note text, sanitised, with tabs as spaces; newlines inside text
    /// (HTML, math) are soft breaks.
    /// Text of one style joins the inline before it (the parser splits text
    /// at many characters), except across `text_floor`.
    pub(super) fn text(&mut self, text: &str, style: Style) {
        if let Some(script) = self.html_state.script.take() {
            self.text(&script.apply(text), style);
            self.html_state.script = Some(script);
            return;
        }
        // Printable ASCII, most text: nothing to sanitise, split or expand.
        if text.bytes().fold(true, |all, b| all & (0x20..0x7f).contains(&b)) {
            if !text.is_empty() {
                self.push_joining(style, |buffer| buffer.push_str(text));
            }
            return;
        }
        let clean = if is_clean(text) { Cow::Borrowed(text) } else { sanitize(text) };
        // Most text past ASCII is one line without tabs: taken whole.
        if memchr::memchr2(b'\n', b'\t', clean.as_bytes()).is_none() {
            if !clean.is_empty() {
                self.push_joining(style, |buffer| buffer.push_str(&clean));
            }
            return;
        }
        for (i, part) in clean.split('\n').enumerate() {
            if i > 0 {
                self.push_break(false);
            }
            if part.is_empty() {
                continue;
            }
            self.push_joining(style, |buffer| {
                for (k, piece) in part.split('\t').enumerate() {
                    if k > 0 {
                        buffer.push(' ');
                    }
                    buffer.push_str(piece);
                }
            });
        }
    }

    /// A reference number (`[2]`, `[^1]`), an inline of its own. Digits are
    /// written directly: formatting machinery costs more than the rest.
    pub(super) fn push_number(&mut self, open: &str, n: usize) {
        self.push_with(self.theme.link_number, |text| {
            text.push_str(open);
            let mut digits = [0; 20];
            let mut start = digits.len();
            let mut rest = n;
            loop {
                start -= 1;
                // A digit: `rest % 10` is below 10.
                digits[start] = b'0' + (rest % 10) as u8;
                rest /= 10;
                if rest == 0 {
                    break;
                }
            }
            text.extend(digits[start..].iter().map(|&d| char::from(d)));
            text.push(']');
        });
    }

    /// Note text: [`Renderer::push_with`], going on from text before it in the same style.
    fn push_joining(&mut self, style: Style, fill: impl FnOnce(&mut String)) {
        self.owed_marker();
        let joins = self.inline.joinable == Some(style);
        self.push_text(style, joins, true, fill);
    }

    /// Inline text in `style`, which `fill` appends to the block's text: an
    /// inline of its own (a marker, a number), which note text may go on from.
    pub(super) fn push_with(&mut self, style: Style, fill: impl FnOnce(&mut String)) {
        self.owed_marker();
        self.push_text(style, false, false, fill);
    }

    /// In a table the text is kept for its cell; elsewhere it is laid out now.
    /// Only the note's own text (`written`) names a heading: a link's or a
    /// footnote's number there would keep `#anchors`, bookmarks and the
    /// editor from finding the section by its name.
    fn push_text(&mut self, style: Style, joins: bool, written: bool, fill: impl FnOnce(&mut String)) {
        self.inline.joinable = Some(style);
        let start = self.block_text.len();
        fill(&mut self.block_text);
        let end = self.block_text.len();
        if self.inline.in_heading && written {
            self.inline.heading_text.push_str(&self.block_text[start..end]);
        }
        if !self.inline.images.is_empty() {
            self.inline.alt.push_str(&self.block_text[start..end]);
        }
        if self.tables.is_open() {
            self.tables.items.push(Item::Text { start, end, style, joins });
            return;
        }
        self.open_block();
        let style = if self.blocks.base == Style::default() { style } else { self.blocks.base.patch(style) };
        let mut sink = Emit {
            out: &mut self.out,
            first: &mut self.blocks.prefix_first,
            rest: &self.blocks.prefix_rest,
            started: self.flow.lines() > 0,
        };
        self.flow.push_text(&self.block_text, start..end, style, joins, &mut sink);
    }

    /// A soft break (a space) or a hard one (a new line).
    pub(super) fn push_break(&mut self, hard: bool) {
        self.owed_marker();
        self.inline.joinable = None;
        if self.inline.in_heading {
            self.inline.heading_text.push(' ');
        }
        if self.tables.is_open() {
            self.tables.items.push(Item::Break { hard });
            return;
        }
        self.open_block();
        let mut sink = Emit {
            out: &mut self.out,
            first: &mut self.blocks.prefix_first,
            rest: &self.blocks.prefix_rest,
            started: self.flow.lines() > 0,
        };
        self.flow.push_break(hard, &self.block_text, &mut sink);
    }

    /// An image's marker, owed when more of the line comes: its alt text starts.
    fn owed_marker(&mut self) {
        if let Some((style, remote)) = self.inline.image_marker.take() {
            self.push_with(style, |text| text.push_str(if remote { "[remote image: " } else { "[image: " }));
            // The marker is not alt text.
            if let Some(&start) = self.inline.images.last() {
                self.inline.alt.truncate(start);
            }
            self.inline.joinable = None;
        }
    }
}

/// Whether an image is a file beside the notes rather than on the web.
pub(super) fn is_local_image(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    !(lower.is_empty() || lower.contains("://") || lower.starts_with("//") || lower.starts_with("data:"))
}

/// Whether text certainly needs no sanitising, judged by its bytes (fast on
/// long text): no C0 control but newline and tab, no DEL, no C1 control
/// (`C2 80`–`C2 9F`), no U+061C (`D8 9C`), and none of the bidi controls
/// and separators `text::sanitize` drops or replaces (`E2 80 8E`, `8F`,
/// `A8`–`AE`; `E2 81 A6`–`A9`). A unit test keeps this in step with it.
pub(super) fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Without early exit or short circuits, so the common case compiles to a vector loop.
    let suspect =
        |b: u8| ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2);
    let exact = |i: usize, b: u8| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match b {
            b'\n' | b'\t' => true,
            0..=0x1f | 0x7f => false,
            0xc2 => !(0x80..=0x9f).contains(&next(1)),
            0xd8 => next(1) != 0x9c,
            0xe2 => match next(1) {
                0x80 => !matches!(next(2), 0x8e | 0x8f | 0xa8..=0xae),
                0x81 => !(0xa6..=0xa9).contains(&next(2)),
                _ => true,
            },
            _ => true,
        }
    };
    // Byte by byte only where a chunk has a suspect byte: text with a `…` or
    // `—` (E2 80 xx) is common, and one must not cost the whole text.
    bytes.chunks(64).enumerate().all(|(c, chunk)| {
        !chunk.iter().fold(false, |any, &b| any | suspect(b))
            || chunk.iter().enumerate().all(|(k, &b)| exact(c * 64 + k, b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_agrees_with_sanitize() {
        let chars = (0..0x3000u32).chain(0xfe00..0xff00).chain(0x1f000..0x1f700).filter_map(char::from_u32);
        for c in chars {
            let text = format!("a{c}b");
            let untouched = matches!(sanitize(&text), Cow::Borrowed(_));
            assert_eq!(is_clean(&text), untouched, "U+{:04X}", c as u32);
        }
    }
}
