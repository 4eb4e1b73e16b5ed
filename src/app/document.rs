//! The shown document rendered for the note pane: the card and Markdown
//! laid out at the pane's width with the reader's layout choices, and
//! when a cached rendering is stale.

use ratatui::text::Line;

use super::{pictures, App, Document};
use crate::layout::note_text_width;
use crate::notes::Collection;
use crate::render::{event_card, note_card, strip_title_heading, HeadingMark, LinkTarget, StyledLines};
use crate::theme::Theme;

/// Rendered lines of the shown document, for the width they were laid out at.
#[derive(Debug, Clone)]
pub struct RenderedDoc {
    pub document: Document,
    pub width: usize,
    /// Tables, line breaks and code as the reader chose when it was laid out.
    pub layout: NoteLayout,
    /// Width of the widest line, for sideways scrolling; found once, not per key.
    pub widest: usize,
    pub lines: StyledLines,
    pub headings: Vec<HeadingMark>,
    pub links: Vec<LinkTarget>,
    /// Code blocks, for colouring as drawn; lines count from the top of the card.
    pub code_blocks: Vec<crate::render::CodeBlock>,
    /// Rows kept for pictures, lines counted from the top of the card.
    pub images: Vec<crate::render::ImageMark>,
    /// The line of each footnote in the Notes list, by number.
    pub footnotes: Vec<usize>,
}

impl RenderedDoc {
    /// The line showing line `line` (0-based) of `markdown`, the text the
    /// body was rendered from: the rendered heading of the section it is in
    /// (headings are rendered in order), then, within that section, the
    /// first line with the source line's first words. The renderer keeps no
    /// map from source lines, which a note of 100 MB would pay for in memory.
    pub fn line_of_source(&self, markdown: &str, line: usize) -> usize {
        let heads = crate::notes::sections::headings(markdown);
        let heads = heads.iter().filter(|h| h.level <= 6);
        let before = heads.clone().take_while(|h| h.line <= line).count();
        let from = before.checked_sub(1).and_then(|i| self.headings.get(i)).map_or(0, |h| h.line);
        if heads.clone().nth(before.wrapping_sub(1)).is_some_and(|h| h.line == line) {
            return from;
        }
        let to = self.headings.get(before).map_or(self.lines.len(), |h| h.line).max(from);
        let words = source_words(markdown.lines().nth(line).unwrap_or(""));
        // The first three words, else two, else one: wrapping may part them.
        // Past the section too, in case the two lists of headings disagree
        // (a heading in a quote counts for one of them only).
        let find = |n: usize, range: std::ops::Range<usize>| {
            let snippet = crate::search::fold(&words[..n].join(" "));
            range.into_iter().find(|&i| !crate::search::find_folded(self.lines.plain(i), &snippet).is_empty())
        };
        (1..=words.len().min(3))
            .rev()
            .find_map(|n| find(n, from..to).or_else(|| (n > 1).then(|| find(n, to..self.lines.len())).flatten()))
            .unwrap_or(from)
    }
}

/// A Markdown line's words as they show rendered: link targets left out,
/// markup characters dropped.
fn source_words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        // `](target)`: the target is not shown, the link's text is.
        if let Some(after) = rest.strip_prefix("](") {
            rest = after.find(')').map_or("", |end| &after[end + 1..]);
            continue;
        }
        let start = rest.find(|c: char| c.is_alphanumeric() || c == ']').unwrap_or(rest.len());
        rest = &rest[start..];
        if rest.starts_with(']') {
            if !rest.starts_with("](") {
                rest = &rest[1..];
            }
            continue;
        }
        let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        if end > 0 {
            words.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    words
}

/// The reader's choices of how notes are laid out, each toggled by a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteLayout {
    /// Tables at their natural width, scrolling sideways.
    pub wide_tables: bool,
    /// Line breaks inside paragraphs kept, as written.
    pub line_breaks: bool,
    /// Long code lines wrapped with a marker rather than scrolling sideways.
    pub wrap_code: bool,
    /// The most rows a picture takes; 0 while pictures are off.
    pub image_rows: u16,
    /// Pictures come with sizes of their own as they are decoded
    /// ([`super::pictures::Pictures::resized`]): not a choice of the
    /// reader's, but their rows change the layout as the others do.
    pub pictures_resized: u64,
}

impl NoteLayout {
    /// Whether `other` differs from this only by the pictures' sizes.
    pub fn same_but_pictures(&self, other: &NoteLayout) -> bool {
        NoteLayout { pictures_resized: other.pictures_resized, ..*self } == *other
    }
}

impl App {
    /// Text widths of the note pane, or of its two halves when comparing.
    pub(super) fn note_widths(&self) -> (usize, usize) {
        // Render for the note pane's width even when it is hidden, so the
        // scroll position means the same thing when it comes back.
        let min = crate::render::MIN_WIDTH;
        let Some(rect) = self.layout().note else { return (80, 80) };
        if self.compare.is_some() {
            let (left, right) = crate::layout::split_note(rect);
            (note_text_width(left).max(min), note_text_width(right).max(min))
        } else {
            (note_text_width(rect).max(min), min)
        }
    }

    /// How far the note can scroll sideways: its widest line past the pane.
    pub fn max_note_hscroll(&self) -> usize {
        self.note_view.max_hscroll()
    }

    /// Largest scroll of the right half when comparing.
    pub fn compare_max_scroll(&self) -> usize {
        let lines = self.compare.as_ref().and_then(|c| c.rendered()).map_or(0, |r| r.lines.len());
        lines.saturating_sub(self.note_viewport())
    }

    pub(super) fn render_document(&self, document: Document, width: usize) -> RenderedDoc {
        let c = &self.collection;
        let failed: String;
        let (card, body) = match document {
            Document::Overview(e) => {
                let event = &c.events[e];
                let mut card = event_card(event, event.notes.len(), width, &self.theme);
                if event.overview.trim().is_empty() {
                    // A card over a blank page reads as a note that failed to load.
                    card.extend(notes_without_overview(c, &event.notes, width, &self.theme));
                }
                (card, event.overview.as_str())
            }
            Document::Note(n) => {
                let note = &c.notes[n];
                // A file changed since it was read is never shown as this
                // note: the watcher's report of it brings the note read again.
                let body = match c.body(n) {
                    Ok(text) => strip_title_heading(text, &note.title),
                    Err(e) => {
                        failed = e.to_string();
                        &failed
                    }
                };
                let mut card = note_card(note, c.event_of(n), &c.vocabulary, width, &self.theme);
                let others = self.related.other_talks_by_speakers(c, n);
                if !others.is_empty() {
                    // Above the card's closing rule and blank line.
                    let at = card.len().saturating_sub(2);
                    card.splice(at..at, speaker_lines(c, &others, width, &self.theme));
                }
                if body.trim().is_empty() {
                    // A card over a blank page reads as a note that failed to load.
                    let said = "This note has no text yet.";
                    card.push(ratatui::text::Line::styled(said, self.theme.dim));
                }
                (card, body)
            }
        };
        let offset = card.len();
        let layout = self.note_layout();
        let label = |url: &str| self.link_label(document, url);
        let picture_rows = |url: &str, columns: u16, most: u16| self.known_picture_rows(document, url, columns, most);
        let options = crate::render::RenderOptions {
            link_labels: Some(crate::render::LinkLabels(&label)),
            picture_rows: Some(crate::render::PictureRows(&picture_rows)),
            wide_tables: layout.wide_tables,
            line_breaks: layout.line_breaks,
            wrap_code: layout.wrap_code,
            image_rows: layout.image_rows,
            ..crate::render::RenderOptions::new(width)
        };
        let mut body = crate::render::render_markdown_with(body, &options, &self.theme);
        body.shift(offset);
        // The card goes in front of the body's buffers: appending the body
        // to the card would copy it, twice the memory of a long note at once.
        let mut lines = std::mem::take(&mut body.lines);
        lines.prepend(card.into_iter().collect());
        let widest = lines.widest();
        RenderedDoc {
            document,
            width,
            layout,
            widest,
            lines,
            headings: body.headings,
            links: body.links,
            code_blocks: body.code_blocks,
            images: body.images,
            footnotes: body.footnotes,
        }
    }

    pub fn note_layout(&self) -> NoteLayout {
        // Only a folder's notes have pictures beside them.
        let pictures = self.pictures.on && matches!(self.collection.origin, crate::notes::Origin::Folder(_));
        let image_rows = match self.layout().note {
            Some(rect) if pictures => pictures::most_picture_rows(crate::layout::inner_height(rect)),
            _ => 0,
        };
        self.note_view.layout(image_rows, self.pictures.resized)
    }
}

pub(super) fn is_stale(
    rendered: Option<&RenderedDoc>,
    document: Option<Document>,
    width: usize,
    layout: NoteLayout,
) -> bool {
    match (rendered, document) {
        (Some(r), Some(d)) => r.document != d || r.width != width || r.layout != layout,
        (None, None) => false,
        _ => true,
    }
}

/// "Jane Doe also spoke at Barcelona 2019: Title" lines for the note card.
fn speaker_lines(c: &Collection, others: &[(String, Vec<usize>)], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    use crate::render::{wrap, Inline};
    let mut lines = Vec::new();
    for (speaker, notes) in others {
        let talks: Vec<String> =
            notes.iter().map(|&n| format!("{}: {}", c.event_of(n).label(), c.notes[n].title)).collect();
        let inlines = vec![
            Inline::Text(format!("{speaker} also spoke at "), theme.card_label),
            Inline::Text(talks.join("; "), theme.text),
        ];
        lines.extend(wrap(&inlines, width).into_iter().map(Line::from));
    }
    lines
}

/// An event with no overview of its own: that said, and its notes listed
/// (title and speakers), as an overview file would list them.
fn notes_without_overview(c: &Collection, notes: &[usize], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    use crate::render::{wrap, Inline};
    let said = "This event has no overview of its own. Its notes:";
    let mut lines: Vec<Line<'static>> =
        wrap(&[Inline::Text(said.into(), theme.dim)], width).into_iter().map(Line::from).collect();
    lines.push(Line::default());
    for &n in notes {
        let note = &c.notes[n];
        let mut inlines = vec![Inline::Text(note.title.clone(), theme.text)];
        if !note.speakers.is_empty() {
            inlines.push(Inline::Text(format!(" · {}", note.speakers.join(", ")), theme.card_label));
        }
        // A hanging indent: a wrapped entry's lines stay under its bullet.
        for (i, spans) in wrap(&inlines, width.saturating_sub(2).max(1)).into_iter().enumerate() {
            let mut line = Line::from(spans);
            line.spans.insert(0, ratatui::text::Span::raw(if i == 0 { "• " } else { "  " }));
            lines.push(line);
        }
    }
    lines.push(Line::default());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{render_markdown, strip_title_heading};

    fn rendered(markdown: &str, width: usize) -> RenderedDoc {
        let body = render_markdown(markdown, width, &Theme::dark());
        RenderedDoc {
            document: Document::Note(0),
            width,
            layout: NoteLayout {
                wide_tables: false,
                line_breaks: false,
                wrap_code: true,
                image_rows: 0,
                pictures_resized: 0,
            },
            widest: body.lines.widest(),
            lines: body.lines,
            headings: body.headings,
            links: body.links,
            code_blocks: body.code_blocks,
            images: body.images,
            footnotes: body.footnotes,
        }
    }

    #[test]
    fn a_source_line_maps_to_the_rendered_line_that_shows_it() {
        let filler = "Some words that fill a paragraph and wrap over several lines of the pane.\n\n".repeat(6);
        let markdown = format!(
            "Intro.\n\n## First\n\n{filler}The intro of a link [gone](nope.md) here.\n\n## Second\n\n```\n# not a heading\n```\n\n{filler}Closing **bold** words.\n"
        );
        let doc = rendered(strip_title_heading(&markdown, "x"), 40);
        let source: Vec<&str> = markdown.lines().collect();
        let at = |needle: &str| source.iter().position(|l| l.contains(needle)).expect("line");
        let shown = |needle: &str| doc.lines.plain(doc.line_of_source(&markdown, at(needle))).to_string();
        assert!(shown("[gone](nope.md)").starts_with("The intro of a link gone"), "{}", shown("[gone]"));
        assert!(shown("Closing").starts_with("Closing bold words"), "{}", shown("Closing"));
        assert_eq!(shown("## Second"), "Second");
        assert_eq!(doc.line_of_source(&markdown, at("## Second")), doc.headings[1].line);
        assert!(shown("Intro.").contains("Intro."));
        let blank = at("## First") + 1;
        assert_eq!(doc.line_of_source(&markdown, blank), doc.headings[0].line, "no words: the section's heading");
    }

    #[test]
    fn a_heading_only_the_renderer_counts_does_not_lose_the_line() {
        let filler = "Filler words for the pane.\n\n".repeat(5);
        let markdown = format!("## One\n\n> ## Quoted\n\n{filler}## Two\n\n{filler}The target sentence is here.\n");
        let doc = rendered(&markdown, 60);
        let line = markdown.lines().position(|l| l.starts_with("The target")).expect("line");
        assert_eq!(doc.lines.plain(doc.line_of_source(&markdown, line)), "The target sentence is here.");
    }

    #[test]
    fn link_targets_and_markup_are_not_words() {
        assert_eq!(
            source_words("See [the docs](https://x.org/a) and **bold** `code`."),
            ["See", "the", "docs", "and", "bold", "code"]
        );
        assert_eq!(source_words("| a | b |"), ["a", "b"]);
    }
}
