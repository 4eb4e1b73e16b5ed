//! Markdown (pulldown-cmark events) to wrapped, styled lines ([`StyledLines`]).
//!
//! One pass over the events ([`pipeline`]): inline text is laid out as it
//! arrives ([`inline`], through `wrap::Flow`), in the width left after the
//! prefixes of the open containers ([`blocks`]: quote bars, list bullets
//! with hanging indents), and each line goes out as soon as it is full. A
//! block's text is copied once, into a buffer its lines are cut from;
//! nothing else is kept per word or inline. Tables ([`tables`]) are the
//! exception: their cells are kept until the table ends, as column widths
//! depend on all of them. Ordered lists and footnote definitions are held
//! until they end, by the pipeline.
//!
//! Two lists follow the body, each under a small heading ([`references`]).
//! "Notes" holds the footnote definitions, wherever they were written, in
//! the order of their numbers (the order of first mention); "Links" holds
//! every link target by its reference number. Notes come first so that
//! links inside footnotes get numbers and are listed too.
//!
//! Code blocks are never re-wrapped as text is: a long line wraps with a
//! `↪` marker, or runs on whole for the pane to scroll sideways. They are
//! laid out in one plain style and recorded ([`CodeBlock`]) for colouring
//! when drawn (see `render::highlight`): colouring every block here would
//! cost the render budget several times over (docs/highlighting.md). HTML
//! that notes contain is read by [`html`]; local images get rows under their
//! paragraph ([`ImageMark`]), which the note pane fills with the picture.

mod blocks;
mod directives;
mod html;
mod inline;
mod parallel;
mod pipeline;
mod references;
mod sections;
mod source_headings;
mod tables;
#[cfg(test)]
mod tests;

use pulldown_cmark::{Event, Tag, TagEnd};
use ratatui::style::Style;

use super::highlight::CodeBlock;
use super::wrap::Flow;
use super::StyledLines;
use crate::theme::Theme;
use blocks::Blocks;
use inline::Inlines;
use references::{push_superscript, Footnote, References};
use tables::Tables;

pub use pipeline::{render_markdown, render_markdown_on_one_thread, render_markdown_with};
pub use source_headings::{source_headings, without_reference_numbers, SourceHeading};

/// The narrowest width the renderer lays out for; narrower panes clip.
pub const MIN_WIDTH: usize = 8;

/// How to lay a note out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions<'l> {
    /// Columns available; at least [`MIN_WIDTH`] is used.
    pub width: usize,
    /// Tables keep their natural column widths, even past `width` (the note
    /// pane scrolls sideways), instead of wrapping cell text to fit.
    pub wide_tables: bool,
    /// A line break inside a paragraph ends the line, as GitHub comments and
    /// many note-takers write one line per thought; CommonMark makes it a space.
    pub line_breaks: bool,
    /// Long code lines wrap, each continuation marked `↪`; otherwise they run
    /// past `width` whole and the note pane scrolls sideways.
    pub wrap_code: bool,
    /// The most rows kept under a paragraph for a local image it shows,
    /// filled with the picture when the note is drawn; 0 shows images as alt
    /// text only. A picture whose size is not known yet gets rows for a
    /// 16:9 picture at the width, within this.
    pub image_rows: u16,
    /// Where note links lead, for the Links list: the renderer knows no
    /// collection, so whoever does (the app) says. `None` lists paths.
    pub link_labels: Option<LinkLabels<'l>>,
    /// The rows of pictures whose size is known (decoded), asked for by URL:
    /// the renderer reads no files, so whoever decodes them (the app) says.
    pub picture_rows: Option<PictureRows<'l>>,
}

impl RenderOptions<'_> {
    pub fn new(width: usize) -> Self {
        Self {
            width,
            wide_tables: false,
            line_breaks: false,
            wrap_code: true,
            image_rows: 0,
            link_labels: None,
            picture_rows: None,
        }
    }
}

/// Rows a picture takes, asked for by its URL as written, the columns it
/// has and the most rows it may take; `None` while its size is not known.
#[derive(Clone, Copy)]
pub struct PictureRows<'l>(pub &'l dyn Fn(&str, u16, u16) -> Option<u16>);

impl std::fmt::Debug for PictureRows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PictureRows")
    }
}

impl PartialEq for PictureRows<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(self.0, other.0)
    }
}

impl Eq for PictureRows<'_> {}

/// Where a note link leads, as the collection knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkLabel {
    /// A note or event overview, by its title.
    Note(String),
    /// No note of the collection: the link leads nowhere.
    Nowhere,
}

/// The label of each note link's target, asked for by URL.
#[derive(Clone, Copy)]
pub struct LinkLabels<'l>(pub &'l dyn Fn(&str) -> LinkLabel);

impl std::fmt::Debug for LinkLabels<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkLabels")
    }
}

impl PartialEq for LinkLabels<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(self.0, other.0)
    }
}

impl Eq for LinkLabels<'_> {}

/// A note body rendered for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub lines: StyledLines,
    /// Headings in order, with the line each starts on.
    pub headings: Vec<HeadingMark>,
    /// Link targets in reference-number order (`[1]` is `links[0]`).
    pub links: Vec<LinkTarget>,
    /// Fenced and indented code blocks, for highlighting when drawn.
    pub code_blocks: Vec<CodeBlock>,
    /// Rows kept for pictures, filled when drawn.
    pub images: Vec<ImageMark>,
    /// The line of each footnote in the "Notes" list, by number (`¹` is `footnotes[0]`).
    pub footnotes: Vec<usize>,
}

impl Rendered {
    /// The marks moved down by `lines`, for lines put above the body (the card).
    pub fn shift(&mut self, lines: usize) {
        for h in &mut self.headings {
            h.line += lines;
        }
        for block in &mut self.code_blocks {
            block.first_line += lines;
        }
        for image in &mut self.images {
            image.line += lines;
        }
        for line in &mut self.footnotes {
            *line += lines;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMark {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// Rows kept for a picture: the line they start on, how many, and where
/// across (after the prefixes of its containers) and how wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageMark {
    /// As written, not yet resolved against the note's folder.
    pub url: String,
    pub alt: String,
    /// Its number in the Links list (`f N` opens it).
    pub number: usize,
    pub line: usize,
    /// Rows kept: the picture's own once its size is known, else a guess.
    pub rows: u16,
    /// The most rows it may take ([`RenderOptions::image_rows`]): with
    /// `columns`, the box the picture is scaled into.
    pub most_rows: u16,
    pub column: u16,
    pub columns: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub url: String,
    /// A relative link to a Markdown file: another note of the collection.
    pub is_note: bool,
}

/// The body without a leading `# Title` heading (or a `Title` underlined
/// with `===`) that repeats `title`, which the header card already shows.
pub fn strip_title_heading<'a>(body: &'a str, title: &str) -> &'a str {
    let trimmed = body.trim_start_matches(['\n', '\r']);
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let heading = first.trim_end().strip_prefix("# ").map(|h| h.trim().trim_end_matches('#').trim());
    if heading.is_some_and(|h| h == title) {
        return rest;
    }
    let (underline, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let underlined = underline.trim_start_matches(' ').len() + 3 >= underline.len()
        && !underline.trim().is_empty()
        && underline.trim().bytes().all(|b| b == b'=');
    if underlined && first.trim() == title && !first.starts_with("    ") {
        after
    } else {
        body
    }
}

/// Whether a link target is a relative path to another note. The rule lives
/// with the notes, so the renderer and the relation index agree on it.
pub use crate::notes::links::is_note_link;

/// The state of one pass, in parts by what they lay out.
struct Renderer<'t, 'a> {
    theme: &'t Theme,
    /// The options, with `width` at least [`MIN_WIDTH`].
    options: RenderOptions<'t>,
    width: usize,
    out: StyledLines,
    /// Containers, lists, the open block and its prefixes.
    blocks: Blocks,
    /// Text of the open block, or of the open table's cells. A block's text
    /// is laid out (by `flow`) as it comes; this keeps it for its lines.
    block_text: String,
    flow: Flow,
    /// Inline styles, links and images being read, heading text.
    inline: Inlines<'a>,
    /// Whether a code block is open; its language and text.
    in_code: bool,
    code_lang: String,
    code: String,
    html: Option<String>,
    html_state: html::HtmlState,
    /// The open table's cells, and buffers kept for their capacity.
    tables: Tables,
    /// Link and footnote numbers, and the footnote definitions set aside.
    refs: References<'a>,
    headings: Vec<HeadingMark>,
    code_blocks: Vec<CodeBlock>,
    images: Vec<ImageMark>,
    /// A section of a note laid out apart, after others ([`parallel`]): its
    /// first block keeps the gap it would have after the section before.
    follows_section: bool,
}

impl<'t, 'a> Renderer<'t, 'a> {
    fn new(options: &RenderOptions<'t>, theme: &'t Theme, size: usize) -> Self {
        Renderer {
            theme,
            options: *options,
            width: options.width.max(MIN_WIDTH),
            // About one line for every 48 bytes of Markdown (talk notes run to
            // about 52), and about as much text as Markdown, so the buffers seldom grow.
            out: StyledLines::with_capacity(size / 48, size),
            blocks: Blocks::default(),
            block_text: String::new(),
            flow: Flow::default(),
            inline: Inlines::default(),
            in_code: false,
            code_lang: String::new(),
            code: String::new(),
            html: None,
            html_state: html::HtmlState::default(),
            tables: Tables::default(),
            refs: References::default(),
            headings: Vec::new(),
            code_blocks: Vec::new(),
            images: Vec::new(),
            follows_section: false,
        }
    }

    /// The body is done: the last block goes out, then the Notes and Links lists.
    fn finish(mut self) -> Rendered {
        self.flush_inlines();
        self.footnote_list();
        self.link_list();
        Rendered {
            lines: self.out,
            headings: self.headings,
            links: self.refs.links,
            code_blocks: self.code_blocks,
            images: self.images,
            footnotes: self.refs.footnote_lines,
        }
    }

    fn event(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => {
                if self.in_code {
                    self.code.push_str(text);
                } else if let Some(html) = &mut self.html {
                    html.push_str(text);
                } else if !self.inline.link_text_given {
                    self.text(text, self.style());
                }
            }
            Event::Code(code) => self.text(code, self.style().patch(self.theme.code)),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(math, self.style().patch(self.theme.code)),
            Event::Html(html) => match &mut self.html {
                Some(buffer) => buffer.push_str(html),
                None => self.text(html, self.theme.html),
            },
            Event::InlineHtml(html) => self.inline_html(html),
            Event::SoftBreak => self.push_break(self.options.line_breaks),
            Event::HardBreak => self.push_break(true),
            Event::Rule => self.rule(),
            Event::TaskListMarker(done) => self.task_marker(*done),
            Event::FootnoteReference(label) => {
                let n = self.refs.footnote_number(label);
                self.push_with(self.theme.link_number, |text| push_superscript(text, n));
            }
        }
    }

    fn start(&mut self, tag: &Tag<'a>) {
        match tag {
            Tag::Paragraph => self.start_paragraph(),
            Tag::Heading { level, .. } => self.start_heading(*level),
            Tag::BlockQuote(_) => self.start_quote(),
            Tag::CodeBlock(kind) => self.start_code(kind),
            // The gap before it waits for something of it to show: a comment shows nothing.
            Tag::HtmlBlock => {
                self.flush_inlines();
                self.html = Some(String::new());
            }
            // Ordered lists are held and started by `run`, which knows their length.
            Tag::List(start) => self.start_list(*start, 1),
            Tag::Item => self.start_item(),
            // Set aside by `run` and rendered in the "Notes" list.
            Tag::FootnoteDefinition(_) => {}
            Tag::Table(alignments) => self.start_table(alignments),
            Tag::TableHead | Tag::TableRow => self.start_row(),
            Tag::TableCell => self.start_cell(),
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strike),
            Tag::Superscript | Tag::Subscript => self.push_style(Style::default()),
            Tag::Link { link_type, dest_url, .. } => self.start_link(*link_type, dest_url),
            Tag::Image { dest_url, .. } => self.start_image(dest_url),
            Tag::MetadataBlock(_) => self.html = Some(String::new()),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => self.flush_inlines(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inlines();
                self.blocks.gap_pending = true;
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.flush_inlines();
                self.pop_container();
                self.blocks.gap_pending = true;
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::HtmlBlock => self.end_html(),
            TagEnd::List(_) => {
                self.flush_inlines();
                self.blocks.lists.pop();
                self.blocks.gap_pending = true;
            }
            TagEnd::Item => {
                self.flush_inlines();
                self.pop_container();
            }
            TagEnd::FootnoteDefinition => {}
            TagEnd::Table => self.end_table(),
            TagEnd::TableHead => self.end_head(),
            TagEnd::TableRow => {}
            TagEnd::TableCell => self.end_cell(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.inline.styles.pop();
            }
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.end_image(),
            TagEnd::MetadataBlock(_) => self.html = None,
            TagEnd::DefinitionList | TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.flush_inlines();
            }
        }
    }
}
