//! Markdown (pulldown-cmark events) to wrapped, styled lines ([`StyledLines`]).
//!
//! One pass over the events: inline text is laid out as it arrives (see
//! `wrap::Flow`), in the width left after the prefixes of the open
//! containers (quote bars, list bullets with hanging indents), and each line
//! goes out as soon as it is full. A block's text is copied once, into a
//! buffer its lines are cut from; nothing else is kept per word or inline.
//! Tables are the exception: their cells are kept until the table ends, as
//! column widths depend on all of them. Two constructs need to see their
//! end first, so their events are held until it comes: an ordered list (its
//! numbers are right-aligned to the widest, so text hangs at one column from
//! `1.` to `100.`) and a footnote definition (rendered after the body).
//!
//! A long note is parsed on a second thread, which hands its events over
//! in batches while this one lays them out (see [`render_markdown_with`]).
//!
//! Two lists follow the body, each under a small heading. "Notes" holds the
//! footnote definitions, wherever they were written, in the order of their
//! numbers (the order of first mention); "Links" holds every link target by
//! its reference number. Notes come first so that links inside footnotes get
//! numbers and are listed too.
//!
//! Code blocks are never re-wrapped: each line is clipped with `…`. They are
//! drawn in one plain style, without syntax highlighting. syntect 5.3 was
//! measured for it (default features off; `default-syntaxes`,
//! `default-themes`, `regex-fancy`, `parsing`) on this 2-core machine, with
//! the 5 MB note made of `gen_corpus.py 40 250` talk bodies:
//! - build: added to an already built tree, `cargo build --release` took
//!   32 s more (18 crates); a clean build's CPU time went from 110 s to
//!   146 s (its wall clock, 64 s to 150 s, was inflated by other builds);
//! - speed: highlighting only the note's 1,028 YAML blocks (78 KB, 1.5 % of
//!   it) took 73–115 ms, about 0.9 MB/s, while a bare pulldown-cmark pass
//!   over all 5 MB took 16–40 ms. Highlighting alone costs 2–5 parses, and
//!   the whole render may cost at most 3 (throughput ≥ 1/3 of a bare parse),
//!   so it fails the budget however fast the rest is.
//!
//! Revisit with a faster highlighter, or with highlighting done off the
//! render path and cached per note rather than per width.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::mpsc;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::wrap::{cells, is_break, Flow, LineSink};
use super::StyledLines;
use crate::text::{sanitize, truncate, width};
use crate::theme::Theme;

/// The narrowest width the renderer lays out for; narrower panes clip.
pub const MIN_WIDTH: usize = 8;
const TAB_WIDTH: usize = 4;
/// Table columns narrower than this, or than their longest word, cut words.
const TABLE_MIN_COLUMN: usize = 8;
/// Padding for prefixes, borrowed rather than allocated for each line.
const SPACES: &str = "                                                                ";

/// How to lay a note out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Columns available; at least [`MIN_WIDTH`] is used.
    pub width: usize,
    /// Tables keep their natural column widths, even past `width` (the note
    /// pane scrolls sideways), instead of wrapping cell text to fit.
    pub wide_tables: bool,
}

impl RenderOptions {
    pub fn new(width: usize) -> Self {
        Self { width, wide_tables: false }
    }
}

/// A note body rendered for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub lines: StyledLines,
    /// Headings in order, with the line each starts on.
    pub headings: Vec<HeadingMark>,
    /// Link targets in reference-number order (`[1]` is `links[0]`).
    pub links: Vec<LinkTarget>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMark {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub url: String,
    /// A relative link to a Markdown file: another note of the collection.
    pub is_note: bool,
}

/// The body without a leading `# Title` heading that repeats `title`, which
/// the header card already shows.
pub fn strip_title_heading<'a>(body: &'a str, title: &str) -> &'a str {
    let trimmed = body.trim_start_matches(['\n', '\r']);
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let heading = first.trim_end().strip_prefix("# ").map(|h| h.trim().trim_end_matches('#').trim());
    if heading.is_some_and(|h| h == title) {
        rest
    } else {
        body
    }
}

/// Whether a link target is a relative path to another note. The rule lives
/// with the notes, so the renderer and the relation index agree on it.
pub use crate::notes::links::is_note_link;

enum Container {
    Quote,
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
            Container::Quote => 2,
            Container::Item { width, .. } => *width,
        }
    }
}

struct List {
    next_number: Option<u64>,
    /// Digits of the list's largest number, so markers right-align.
    number_width: usize,
    loose: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Paragraph,
    Heading(u8),
}

/// Inline content kept until it can be laid out: a table's cells, which
/// are measured before any is wrapped. Text is a byte range of the
/// renderer's `block_text`.
#[derive(Clone, Copy)]
enum Item {
    /// `joins`: see [`Flow::push_text`].
    Text {
        start: usize,
        end: usize,
        style: Style,
        joins: bool,
    },
    Break {
        hard: bool,
    },
}

/// A table's cells are ranges of the renderer's `cell_items`, kept until
/// the table ends.
struct Table {
    alignments: Vec<Alignment>,
    /// Each row's range of `cells`.
    rows: Vec<Range<usize>>,
    /// Each cell's range of `cell_items`.
    cells: Vec<Range<usize>>,
    header_rows: usize,
    /// Where the open cell's items start.
    cell_start: usize,
}

impl Table {
    fn row(&self, row: &Range<usize>) -> &[Range<usize>] {
        &self.cells[row.clone()]
    }
}

/// What the renderer learns ahead of the pass, by event index. Sorted
/// lists rather than maps: one is made for every ordered list, and kept.
#[derive(Default)]
struct Outline {
    /// Items of each ordered list, by the index of its start.
    ordered_items: Vec<(usize, u64)>,
    /// The end of each footnote definition, by the index of its start.
    footnote_ends: Vec<(usize, usize)>,
    /// Open lists and footnote definitions while the outline is made.
    lists: Vec<(usize, u64)>,
    footnotes: Vec<usize>,
}

impl Outline {
    fn of(events: &[Event<'_>]) -> Self {
        let mut outline = Outline::default();
        outline.fill(events);
        outline
    }

    fn ordered_items(&self, start: usize) -> Option<u64> {
        let k = self.ordered_items.binary_search_by_key(&start, |&(i, _)| i).ok()?;
        Some(self.ordered_items[k].1)
    }

    fn footnote_end(&self, start: usize) -> Option<usize> {
        let k = self.footnote_ends.binary_search_by_key(&start, |&(i, _)| i).ok()?;
        Some(self.footnote_ends[k].1)
    }

    fn fill(&mut self, events: &[Event<'_>]) {
        self.ordered_items.clear();
        self.footnote_ends.clear();
        self.lists.clear();
        self.footnotes.clear();
        for (i, event) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::List(_)) => self.lists.push((i, 0)),
                Event::Start(Tag::Item) => {
                    if let Some((_, items)) = self.lists.last_mut() {
                        *items += 1;
                    }
                }
                Event::End(TagEnd::List(true)) => {
                    if let Some(list) = self.lists.pop() {
                        self.ordered_items.push(list);
                    }
                }
                Event::End(TagEnd::List(false)) => {
                    self.lists.pop();
                }
                Event::Start(Tag::FootnoteDefinition(_)) => self.footnotes.push(i),
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some(start) = self.footnotes.pop() {
                        self.footnote_ends.push((start, i));
                    }
                }
                _ => {}
            }
        }
        // Inner lists end first: sorted by start, for the lookups.
        self.ordered_items.sort_unstable_by_key(|&(i, _)| i);
        self.footnote_ends.sort_unstable_by_key(|&(i, _)| i);
    }
}

/// A footnote definition kept for the "Notes" list: its number and the
/// events between its start and end.
struct Footnote<'a> {
    number: usize,
    events: Vec<Event<'a>>,
}

struct Renderer<'t, 'a> {
    theme: &'t Theme,
    width: usize,
    wide_tables: bool,
    out: StyledLines,
    containers: Vec<Container>,
    /// Sum of the containers' widths.
    containers_width: usize,
    /// Containers from this index on have not been on a line yet, so item
    /// markers show for them on the next one.
    first_unshown: usize,
    quote_depth: usize,
    lists: Vec<List>,
    /// Text of the open block, or of the open table's cells. A block's text
    /// is laid out (by `flow`) as it comes; this keeps it for its lines.
    block_text: String,
    flow: Flow,
    /// Whether the open block has content, and so its prefixes and base style.
    block_open: bool,
    /// Style under the block's own (headings, quotes).
    base: Style,
    /// The output line the open block started on.
    block_line: usize,
    /// A heading's text, gathered while one is open.
    heading_text: String,
    in_heading: bool,
    /// An image's `[image: ` marker, owed until its alt text starts: with
    /// none, it becomes `[image`.
    image_marker: Option<Style>,
    /// The open table's inlines, until it ends: its cells are ranges of them.
    cell_items: Vec<Item>,
    /// The style of the last inline when it is text that more text in the
    /// same style goes on: see [`Flow::push_text`]. Images' alt text starts
    /// afresh.
    joinable: Option<Style>,
    styles: Vec<Style>,
    block: BlockKind,
    gap_pending: bool,
    /// Whether a code block is open; its language and text.
    in_code: bool,
    code_lang: String,
    code: String,
    html: Option<String>,
    table: Option<Table>,
    /// Buffers of the last table and its rows, kept for their capacity.
    table_space: (Vec<Range<usize>>, Vec<Range<usize>>),
    row_space: RowSpace,
    links: Vec<LinkTarget>,
    /// foldhash rather than SipHash: a long note looks up thousands of links.
    link_numbers: HashMap<String, usize, foldhash::fast::RandomState>,
    link_urls: Vec<CowStr<'a>>,
    footnote_numbers: HashMap<String, usize>,
    footnotes: Vec<Footnote<'a>>,
    headings: Vec<HeadingMark>,
    /// Prefixes as they are worked out, kept for their capacity: see
    /// [`Renderer::begin_line`] and [`Renderer::open_block`].
    prefix_buffer: Vec<Span<'static>>,
    /// The open block's prefixes: of its first line, and of the lines after.
    prefix_first: Vec<Span<'static>>,
    prefix_rest: Vec<Span<'static>>,
}

pub fn render_markdown(markdown: &str, width: usize, theme: &Theme) -> Rendered {
    render_markdown_with(markdown, &RenderOptions::new(width), theme)
}

/// From this size on, a note is parsed on a second thread while this one
/// lays it out: the two take about as long as each other (a 5 MB note: 16 ms
/// to parse, 33 to lay out), so a long note opens sooner. Below it, starting
/// a thread costs more than it saves.
const PARSE_ASIDE_FROM: usize = 256 * 1024;
/// Events handed from the parsing thread at a time.
const EVENT_BATCH: usize = 4096;

pub fn render_markdown_with(markdown: &str, options: &RenderOptions, theme: &Theme) -> Rendered {
    let parser_options = parser_options();
    let one_core = || std::thread::available_parallelism().map_or(true, |n| n.get() < 2);
    if markdown.len() < PARSE_ASIDE_FROM || one_core() {
        return render_events(Parser::new_ext(markdown, parser_options), markdown.len(), options, theme);
    }
    std::thread::scope(|scope| {
        // Bounded, so a parser far ahead does not hold the whole note's events.
        let (batches, received) = mpsc::sync_channel::<Vec<Event<'_>>>(4);
        let parsing = std::thread::Builder::new().name("parse".into()).spawn_scoped(scope, move || {
            let mut batch = Vec::with_capacity(EVENT_BATCH);
            for event in Parser::new_ext(markdown, parser_options) {
                batch.push(event);
                if batch.len() == EVENT_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(EVENT_BATCH));
                    // The receiver is gone only if rendering panicked.
                    if batches.send(full).is_err() {
                        return;
                    }
                }
            }
            let _ = batches.send(batch);
        });
        match parsing {
            Ok(_) => render_events(received.into_iter().flatten(), markdown.len(), options, theme),
            // No thread to be had: parse here, as for a short note.
            Err(_) => render_events(Parser::new_ext(markdown, parser_options), markdown.len(), options, theme),
        }
    })
}

/// [`render_markdown_with`] with the parsing done on this thread whatever
/// the note's size, for measuring the two apart.
pub fn render_markdown_on_one_thread(markdown: &str, options: &RenderOptions, theme: &Theme) -> Rendered {
    render_events(Parser::new_ext(markdown, parser_options()), markdown.len(), options, theme)
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES
}

/// Lays out the events of a note of `size` bytes.
fn render_events<'a>(
    events: impl Iterator<Item = Event<'a>>,
    size: usize,
    options: &RenderOptions,
    theme: &Theme,
) -> Rendered {
    let mut r = Renderer {
        theme,
        width: options.width.max(MIN_WIDTH),
        wide_tables: options.wide_tables,
        out: StyledLines::new(),
        containers: Vec::new(),
        containers_width: 0,
        first_unshown: 0,
        quote_depth: 0,
        lists: Vec::new(),
        block_text: String::new(),
        flow: Flow::default(),
        block_open: false,
        base: Style::default(),
        block_line: 0,
        heading_text: String::new(),
        in_heading: false,
        image_marker: None,
        cell_items: Vec::new(),
        joinable: None,
        styles: Vec::new(),
        block: BlockKind::Paragraph,
        gap_pending: false,
        in_code: false,
        code_lang: String::new(),
        code: String::new(),
        html: None,
        table: None,
        table_space: (Vec::new(), Vec::new()),
        row_space: RowSpace::default(),
        links: Vec::new(),
        link_numbers: HashMap::default(),
        link_urls: Vec::new(),
        footnote_numbers: HashMap::new(),
        footnotes: Vec::new(),
        headings: Vec::new(),
        prefix_buffer: Vec::new(),
        prefix_first: Vec::new(),
        prefix_rest: Vec::new(),
    };
    // About one line for every 48 bytes of Markdown (talk notes run to
    // about 52), and about as much text as Markdown, so the buffers seldom grow.
    r.out = StyledLines::with_capacity(size / 48, size);
    // Events of an ordered list or footnote definition, held until it ends.
    let mut held: Vec<Event<'_>> = Vec::new();
    let mut outline = Outline::default();
    let mut depth = 0usize;
    for event in events {
        if held.is_empty() && !matches!(event, Event::Start(Tag::List(Some(_)) | Tag::FootnoteDefinition(_))) {
            r.event(&event);
            continue;
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        held.push(event);
        if depth == 0 {
            outline.fill(&held);
            r.run(&held, &outline);
            held.clear();
        }
    }
    outline.fill(&held);
    r.run(&held, &outline);
    r.flush_inlines();
    r.footnote_list();
    r.link_list();
    Rendered { lines: r.out, headings: r.headings, links: r.links }
}

impl<'a> Renderer<'_, 'a> {
    /// Renders held events, setting footnote definitions aside.
    fn run(&mut self, events: &[Event<'a>], outline: &Outline) {
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
                let end = outline.footnote_end(i).unwrap_or(events.len());
                let known = self.footnote_numbers.contains_key(label.as_ref());
                let number = self.footnote_number(label);
                // A label defined twice keeps its first definition.
                if !known || !self.footnotes.iter().any(|f| f.number == number) {
                    self.footnotes.push(Footnote { number, events: events[i + 1..end].to_vec() });
                }
                i = end + 1;
                continue;
            }
            match &events[i] {
                Event::Start(Tag::List(start)) => {
                    let items = outline.ordered_items(i).unwrap_or(1);
                    self.start_list(*start, items);
                }
                event => self.event(event),
            }
            i += 1;
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
                } else {
                    self.text(text, self.style());
                }
            }
            Event::Code(code) => self.text(code, self.style().patch(self.theme.code)),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(math, self.style().patch(self.theme.code)),
            Event::Html(html) => match &mut self.html {
                Some(buffer) => buffer.push_str(html),
                None => self.text(html, self.theme.html),
            },
            Event::InlineHtml(html) => self.text(html, self.style().patch(self.theme.html)),
            Event::SoftBreak => self.push_break(false),
            Event::HardBreak => self.push_break(true),
            Event::Rule => {
                self.flush_inlines();
                self.gap();
                let avail = self.avail();
                self.begin_line();
                self.out.push_span(&"─".repeat(avail), self.theme.rule);
                self.out.end_line();
                self.gap_pending = true;
            }
            Event::TaskListMarker(done) => {
                let mark = if *done { "[x] " } else { "[ ] " };
                self.push_with(self.theme.bullet, |text| text.push_str(mark));
            }
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(label);
                self.push_number("[^", n);
            }
        }
    }

    fn start_list(&mut self, start: Option<u64>, items: u64) {
        self.flush_inlines();
        self.gap();
        let last = start.map_or(0, |n| n.saturating_add(items.saturating_sub(1)));
        self.lists.push(List { next_number: start, number_width: last.to_string().len(), loose: false });
    }

    fn start(&mut self, tag: &Tag<'a>) {
        match tag {
            Tag::Paragraph => {
                if matches!(self.containers.last(), Some(Container::Item { .. })) {
                    if let Some(list) = self.lists.last_mut() {
                        list.loose = true;
                    }
                }
                self.flush_inlines();
                self.gap();
                self.block = BlockKind::Paragraph;
            }
            Tag::Heading { level, .. } => {
                self.flush_inlines();
                self.gap();
                self.block = BlockKind::Heading(heading_level(*level));
                self.heading_text.clear();
                self.in_heading = true;
            }
            Tag::BlockQuote(_) => {
                self.flush_inlines();
                self.gap();
                self.push_container(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.flush_inlines();
                self.gap();
                self.code_lang.clear();
                if let CodeBlockKind::Fenced(info) = kind {
                    self.code_lang.push_str(info.split_whitespace().next().unwrap_or(""));
                }
                self.code.clear();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.flush_inlines();
                self.gap();
                self.html = Some(String::new());
            }
            // Ordered lists are held and started by `run`, which knows their length.
            Tag::List(start) => self.start_list(*start, 1),
            Tag::Item => {
                self.flush_inlines();
                let list = self.lists.last_mut();
                self.gap_pending = list.as_ref().is_some_and(|l| l.loose);
                let marker = match list.and_then(|l| {
                    let n = l.next_number?;
                    l.next_number = Some(n.saturating_add(1));
                    Some((n, l.number_width))
                }) {
                    Some((n, digits)) => Cow::Owned(format!("{n:>digits$}. ")),
                    None => Cow::Borrowed(["• ", "◦ ", "▪ "][(self.lists.len().saturating_sub(1)) % 3]),
                };
                self.gap();
                self.push_item(marker, self.theme.bullet);
            }
            // Set aside by `run` and rendered in the "Notes" list.
            Tag::FootnoteDefinition(_) => {}
            Tag::Table(alignments) => {
                self.flush_inlines();
                self.gap();
                let (rows, cells) = std::mem::take(&mut self.table_space);
                self.table = Some(Table { alignments: alignments.clone(), rows, cells, header_rows: 0, cell_start: 0 });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    let at = table.cells.len();
                    table.rows.push(at..at);
                }
            }
            Tag::TableCell => {
                self.joinable = None;
                if let Some(table) = &mut self.table {
                    table.cell_start = self.cell_items.len();
                }
            }
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strike),
            Tag::Superscript | Tag::Subscript => self.push_style(Style::default()),
            Tag::Link { dest_url, .. } => {
                self.link_urls.push(dest_url.clone());
                self.push_style(self.theme.link);
            }
            Tag::Image { dest_url, .. } => {
                self.link_urls.push(dest_url.clone());
                self.push_style(self.theme.emphasis);
                // An enclosing image's marker is owed first: this one is its alt text.
                self.owed_marker();
                self.image_marker = Some(self.theme.dim);
            }
            Tag::MetadataBlock(_) => self.html = Some(String::new()),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => self.flush_inlines(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inlines();
                self.gap_pending = true;
            }
            TagEnd::Heading(_) => {
                let level = match self.block {
                    BlockKind::Heading(l) => l,
                    BlockKind::Paragraph => 1,
                };
                let text = self.heading_text.trim().to_string();
                let line = if self.block_open { self.block_line } else { self.out.len() };
                self.headings.push(HeadingMark { level, text, line });
                self.in_heading = false;
                self.flush_inlines();
                self.block = BlockKind::Paragraph;
                self.gap_pending = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inlines();
                self.pop_container();
                self.gap_pending = true;
            }
            TagEnd::CodeBlock => {
                if std::mem::take(&mut self.in_code) {
                    let (lang, code) = (std::mem::take(&mut self.code_lang), std::mem::take(&mut self.code));
                    self.code_block(&lang, &code);
                    // Back, to keep their capacity for the next block.
                    (self.code_lang, self.code) = (lang, code);
                }
                self.gap_pending = true;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    // Shown as written, line by line, never interpreted.
                    for (i, line) in html.trim_end_matches(['\n', '\r']).split('\n').enumerate() {
                        if i > 0 {
                            self.push_break(true);
                        }
                        self.text(line.trim_end_matches('\r'), self.theme.html);
                    }
                    self.flush_inlines();
                }
                self.gap_pending = true;
            }
            TagEnd::List(_) => {
                self.flush_inlines();
                self.lists.pop();
                self.gap_pending = true;
            }
            TagEnd::Item => {
                self.flush_inlines();
                self.pop_container();
            }
            TagEnd::FootnoteDefinition => {}
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.table_lines(&table);
                    let (mut rows, mut cells) = (table.rows, table.cells);
                    rows.clear();
                    cells.clear();
                    self.table_space = (rows, cells);
                }
                self.cell_items.clear();
                self.block_text.clear();
                self.gap_pending = true;
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header_rows = table.rows.len();
                }
            }
            TagEnd::TableRow => {}
            TagEnd::TableCell => {
                let end = self.cell_items.len();
                if let Some(table) = &mut self.table {
                    let cell = table.cell_start.min(end)..end;
                    if let Some(row) = table.rows.last_mut() {
                        table.cells.push(cell);
                        row.end = table.cells.len();
                    }
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some(url) = self.link_urls.pop() {
                    let n = self.link_number(&url);
                    self.push_number("[", n);
                }
            }
            TagEnd::Image => {
                self.styles.pop();
                // No alt text: `[image]` rather than `[image: ]`.
                if let Some(style) = self.image_marker.take() {
                    self.push_with(style, |text| text.push_str("[image"));
                }
                self.push_with(self.theme.dim, |text| text.push(']'));
                if let Some(url) = self.link_urls.pop() {
                    let n = self.link_number(&url);
                    self.push_number("[", n);
                }
            }
            TagEnd::MetadataBlock(_) => self.html = None,
            TagEnd::DefinitionList | TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.flush_inlines();
            }
        }
    }

    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, style: Style) {
        self.styles.push(self.style().patch(style));
    }

    fn push_container(&mut self, container: Container) {
        self.containers_width += container.width();
        if matches!(container, Container::Quote) {
            self.quote_depth += 1;
        }
        self.containers.push(container);
    }

    fn push_item(&mut self, marker: Cow<'static, str>, marker_style: Style) {
        let width = width(&marker);
        self.push_container(Container::Item { marker, marker_style, width });
    }

    fn pop_container(&mut self) {
        if let Some(container) = self.containers.pop() {
            self.containers_width -= container.width();
            if matches!(container, Container::Quote) {
                self.quote_depth -= 1;
            }
        }
        self.first_unshown = self.first_unshown.min(self.containers.len());
    }

    fn clear_containers(&mut self) {
        while !self.containers.is_empty() {
            self.pop_container();
        }
    }

    /// Adds note text, sanitised, with tabs as spaces; newlines inside text
    /// (HTML, math) are soft breaks.
    /// Text of one style joins the inline before it (the parser splits text
    /// at many characters), except across `text_floor`.
    fn text(&mut self, text: &str, style: Style) {
        // Printable ASCII, most text: nothing to sanitise, split or expand.
        if text.bytes().fold(true, |all, b| all & (0x20..0x7f).contains(&b)) {
            if !text.is_empty() {
                self.push_joining(style, |buffer| buffer.push_str(text));
            }
            return;
        }
        let clean = if is_clean(text) { Cow::Borrowed(text) } else { sanitize(text) };
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
    fn push_number(&mut self, open: &str, n: usize) {
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
        let joins = self.joinable == Some(style);
        self.push_text(style, joins, fill);
    }

    /// Inline text in `style`, which `fill` appends to the block's text: an
    /// inline of its own (a marker, a number), which note text may go on from.
    fn push_with(&mut self, style: Style, fill: impl FnOnce(&mut String)) {
        self.owed_marker();
        self.push_text(style, false, fill);
    }

    /// In a table the text is kept for its cell; elsewhere it is laid out now.
    fn push_text(&mut self, style: Style, joins: bool, fill: impl FnOnce(&mut String)) {
        self.joinable = Some(style);
        let start = self.block_text.len();
        fill(&mut self.block_text);
        let end = self.block_text.len();
        if self.in_heading {
            self.heading_text.push_str(&self.block_text[start..end]);
        }
        if self.table.is_some() {
            self.cell_items.push(Item::Text { start, end, style, joins });
            return;
        }
        self.open_block();
        let style = if self.base == Style::default() { style } else { self.base.patch(style) };
        let mut sink = Emit {
            out: &mut self.out,
            first: &mut self.prefix_first,
            rest: &self.prefix_rest,
            started: self.flow.lines() > 0,
        };
        self.flow.push_text(&self.block_text, start..end, style, joins, &mut sink);
    }

    /// A soft break (a space) or a hard one (a new line).
    fn push_break(&mut self, hard: bool) {
        self.owed_marker();
        self.joinable = None;
        if self.in_heading {
            self.heading_text.push(' ');
        }
        if self.table.is_some() {
            self.cell_items.push(Item::Break { hard });
            return;
        }
        self.open_block();
        let mut sink = Emit {
            out: &mut self.out,
            first: &mut self.prefix_first,
            rest: &self.prefix_rest,
            started: self.flow.lines() > 0,
        };
        self.flow.push_break(hard, &self.block_text, &mut sink);
    }

    /// An image's marker, owed when more of the line comes: its alt text starts.
    fn owed_marker(&mut self) {
        if let Some(style) = self.image_marker.take() {
            self.push_with(style, |text| text.push_str("[image: "));
            self.joinable = None;
        }
    }

    /// Starts laying out a block with its first content: its prefixes, the
    /// room they leave and its base style are fixed until it ends, since
    /// whatever changes them ends the block first.
    fn open_block(&mut self) {
        if self.block_open {
            return;
        }
        self.block_open = true;
        self.block_line = self.out.len();
        self.base = match self.block {
            BlockKind::Heading(level) => heading_style(self.theme, level),
            BlockKind::Paragraph if self.quote_depth > 0 => self.theme.quote_text,
            BlockKind::Paragraph => Style::default(),
        };
        let mut first = std::mem::take(&mut self.prefix_first);
        let mut rest = std::mem::take(&mut self.prefix_rest);
        first.clear();
        rest.clear();
        if !self.containers.is_empty() {
            self.prefix_into(true, &mut first);
            self.prefix_into(true, &mut rest);
        }
        (self.prefix_first, self.prefix_rest) = (first, rest);
        self.flow.begin(self.avail());
    }

    fn link_number(&mut self, url: &str) -> usize {
        if let Some(&n) = self.link_numbers.get(url) {
            return n;
        }
        let is_note = is_note_link(url);
        self.links.push(LinkTarget { url: url.to_string(), is_note });
        self.link_numbers.insert(url.to_string(), self.links.len());
        self.links.len()
    }

    fn footnote_number(&mut self, label: &CowStr<'_>) -> usize {
        if let Some(&n) = self.footnote_numbers.get(label.as_ref()) {
            return n;
        }
        let next = self.footnote_numbers.len() + 1;
        self.footnote_numbers.insert(label.to_string(), next);
        next
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
        let clipped = self.containers_width > limit;
        let first = if clipped {
            // Room for `…` and one space before the kept levels.
            let mut used = 2;
            let mut first = self.containers.len();
            for container in self.containers.iter().rev() {
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
            let kept: usize = self.containers[first..].iter().map(Container::width).sum();
            spans.push(Span::styled("…", self.theme.dim));
            spans.push(spaces(limit - kept - 1));
        }
        for (i, container) in self.containers.iter_mut().enumerate().skip(first) {
            match container {
                Container::Quote => spans.push(Span::styled("▌ ", self.theme.quote_bar)),
                Container::Item { marker, marker_style, width } => {
                    if mark_shown && i >= self.first_unshown {
                        spans.push(Span::styled(std::mem::take(marker), *marker_style));
                    } else {
                        spans.push(spaces(*width));
                    }
                }
            }
        }
        if mark_shown {
            self.first_unshown = self.containers.len();
        }
    }

    fn prefix_width(&self) -> usize {
        self.containers_width.min(self.width / 2)
    }

    /// Width left for text after the container prefixes.
    fn avail(&self) -> usize {
        self.width.saturating_sub(self.prefix_width()).max(1)
    }

    /// Starts a line in the output with its prefix; the caller adds its
    /// spans and ends it.
    fn begin_line(&mut self) {
        if self.containers.is_empty() {
            return;
        }
        let mut prefix = std::mem::take(&mut self.prefix_buffer);
        self.prefix_into(true, &mut prefix);
        for span in prefix.drain(..) {
            self.out.push_span(&span.content, span.style);
        }
        self.prefix_buffer = prefix;
    }

    /// A blank line between blocks, when one is due.
    fn gap(&mut self) {
        if self.gap_pending && !self.out.is_empty() {
            let mut prefix = std::mem::take(&mut self.prefix_buffer);
            self.prefix_into(false, &mut prefix);
            // Quote bars continue through the gap; other padding is dropped.
            while prefix.last().is_some_and(|s| s.content.trim().is_empty()) {
                prefix.pop();
            }
            for span in prefix.drain(..) {
                self.out.push_span(&span.content, span.style);
            }
            self.out.end_line();
            self.prefix_buffer = prefix;
        }
        self.gap_pending = false;
    }

    /// Ends the open block: its last line goes out.
    fn flush_inlines(&mut self) {
        self.joinable = None;
        if !self.block_open {
            return;
        }
        let mut sink = Emit {
            out: &mut self.out,
            first: &mut self.prefix_first,
            rest: &self.prefix_rest,
            started: self.flow.lines() > 0,
        };
        self.flow.end(&self.block_text, &mut sink);
        self.block_open = false;
        self.block_text.clear();
    }

    fn code_block(&mut self, lang: &str, code: &str) {
        let avail = self.avail();
        let border = self.theme.dim;
        let label = if lang.is_empty() { String::new() } else { format!(" {}", sanitize(lang)) };
        self.begin_line();
        self.out.push_span_parts(["╭─", &truncate(&label, avail.saturating_sub(2))], border);
        self.out.end_line();
        let inner = avail.saturating_sub(2);
        for raw in code.trim_end_matches('\n').split('\n') {
            let clean = sanitize(raw.strip_suffix('\r').unwrap_or(raw));
            let line = expand_tabs(&clean);
            let shown = if cells(&line) <= inner { line } else { truncate(&line, inner).into_owned() };
            self.begin_line();
            self.out.push_span("│ ", border);
            self.out.push_span(&shown, self.theme.code_block);
            self.out.end_line();
        }
        self.begin_line();
        self.out.push_span("╰─", border);
        self.out.end_line();
    }

    fn table_lines(&mut self, table: &Table) {
        let columns = table.rows.iter().map(ExactSizeIterator::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let avail = self.avail();
        // ` a │ b │ c `: one space each side and ` │ ` between columns.
        let chrome = 2 + 3 * (columns - 1);
        let mut natural = vec![1; columns];
        let mut longest_words = vec![1; columns];
        for row in &table.rows {
            for (c, cell) in table.row(row).iter().enumerate() {
                let (cell_width, cell_word) = measure_cell(&self.block_text, &self.cell_items[cell.clone()]);
                natural[c] = natural[c].max(cell_width);
                longest_words[c] = longest_words[c].max(cell_word);
            }
        }
        if self.wide_tables {
            self.table_rows(table, &natural);
            return;
        }
        // Below a few cells per column a grid is unreadable: list the rows instead.
        let needed: usize = natural.iter().zip(&longest_words).map(|(n, w)| (*n).min(*w).min(TABLE_MIN_COLUMN)).sum();
        if avail < chrome + needed {
            self.table_as_records(table);
            return;
        }
        let widths = fit_columns(&natural, &longest_words, avail - chrome);
        self.table_rows(table, &widths);
    }

    fn table_rows(&mut self, table: &Table, widths: &[usize]) {
        let columns = widths.len();
        let border = self.theme.table_border;
        let RowSpace { mut wrapped, mut cell_lines } = std::mem::take(&mut self.row_space);
        for (i, row) in table.rows.iter().enumerate() {
            let is_header = i < table.header_rows;
            wrapped.clear();
            cell_lines.clear();
            for (c, &column_width) in widths.iter().enumerate() {
                let start = wrapped.len();
                if let Some(cell) = table.cells[row.clone()].get(c) {
                    self.flow.begin(column_width);
                    for item in &self.cell_items[cell.clone()] {
                        match *item {
                            Item::Text { start, end, style, joins } => {
                                let style = if is_header { self.theme.table_header.patch(style) } else { style };
                                self.flow.push_text(&self.block_text, start..end, style, joins, &mut wrapped);
                            }
                            Item::Break { hard } => self.flow.push_break(hard, &self.block_text, &mut wrapped),
                        }
                    }
                    self.flow.end(&self.block_text, &mut wrapped);
                }
                cell_lines.push(start..wrapped.len());
            }
            let height = cell_lines.iter().map(ExactSizeIterator::len).max().unwrap_or(1);
            for line_index in 0..height {
                self.begin_line();
                self.out.push_span(" ", Style::default());
                for (c, lines) in cell_lines.iter().enumerate() {
                    let line = (line_index < lines.len()).then_some(lines.start + line_index);
                    let used: usize = line.map_or(0, |k| wrapped.spans_of(k).map(|(text, _)| cells(text)).sum());
                    let free = widths[c].saturating_sub(used);
                    let (left, right) = match table.alignments.get(c) {
                        Some(Alignment::Right) => (free, 0),
                        Some(Alignment::Center) => (free / 2, free - free / 2),
                        _ => (0, free),
                    };
                    let right = if c + 1 < columns { right } else { 0 };
                    if c > 0 {
                        self.out.push_span(" │ ", border);
                    }
                    if left > 0 {
                        self.out.push_span(&padding(left), Style::default());
                    }
                    for (text, style) in line.map(|k| wrapped.spans_of(k)).into_iter().flatten() {
                        self.out.push_span(text, style);
                    }
                    if right > 0 {
                        self.out.push_span(&padding(right), Style::default());
                    }
                }
                self.out.end_line();
            }
            if is_header && i + 1 == table.header_rows {
                let mut rule = String::new();
                for (c, w) in widths.iter().enumerate() {
                    if c > 0 {
                        rule.push('┼');
                    }
                    rule.extend(std::iter::repeat_n('─', w + 2));
                }
                self.begin_line();
                self.out.push_span(&rule, border);
                self.out.end_line();
            }
        }
        self.row_space = RowSpace { wrapped, cell_lines };
    }

    /// A table too narrow for columns: each row as `header: value` lines.
    fn table_as_records(&mut self, table: &Table) {
        let headers: Vec<String> = table
            .rows
            .first()
            .filter(|_| table.header_rows > 0)
            .map(|row| {
                let cells = table.row(row).iter();
                cells.map(|cell| inline_text(&self.block_text, &self.cell_items[cell.clone()])).collect()
            })
            .unwrap_or_default();
        for (i, row) in table.rows.iter().enumerate().skip(table.header_rows) {
            if i > table.header_rows {
                self.begin_line();
                self.out.push_span(&"─".repeat(self.avail().min(8)), self.theme.table_border);
                self.out.end_line();
            }
            for (c, cell) in table.row(row).iter().enumerate() {
                // Each value is a block of its own, after its header.
                let header = headers.get(c).filter(|h| !h.is_empty()).map(|h| {
                    let start = self.block_text.len();
                    self.block_text.push_str(h);
                    self.block_text.push_str(": ");
                    start..self.block_text.len()
                });
                self.open_block();
                let mut sink =
                    Emit { out: &mut self.out, first: &mut self.prefix_first, rest: &self.prefix_rest, started: false };
                if let Some(range) = header {
                    self.flow.push_text(&self.block_text, range, self.theme.table_header, false, &mut sink);
                }
                for item in &self.cell_items[cell.clone()] {
                    match *item {
                        Item::Text { start, end, style, joins } => {
                            self.flow.push_text(&self.block_text, start..end, style, joins, &mut sink)
                        }
                        Item::Break { hard } => self.flow.push_break(hard, &self.block_text, &mut sink),
                    }
                }
                self.flow.end(&self.block_text, &mut sink);
                self.block_open = false;
            }
        }
    }

    /// Footnote definitions under "Notes", by number, each hanging under its `[^n]`.
    fn footnote_list(&mut self) {
        if self.footnotes.is_empty() {
            return;
        }
        self.clear_containers();
        self.gap_pending = true;
        self.gap();
        self.out.push_span("Notes", self.theme.h4);
        self.out.end_line();
        self.footnotes.sort_by_key(|f| f.number);
        // By index: a definition inside a definition is set aside while this runs.
        let mut k = 0;
        while let Some(footnote) = self.footnotes.get_mut(k) {
            let (number, events) = (footnote.number, std::mem::take(&mut footnote.events));
            self.push_item(Cow::Owned(format!("[^{number}] ")), self.theme.link_number);
            self.gap_pending = false;
            self.run(&events, &Outline::of(&events));
            self.flush_inlines();
            self.clear_containers();
            self.lists.clear();
            self.styles.clear();
            self.block = BlockKind::Paragraph;
            k += 1;
        }
    }

    fn link_list(&mut self) {
        if self.links.is_empty() {
            return;
        }
        self.clear_containers();
        self.gap_pending = true;
        self.gap();
        self.out.push_span("Links", self.theme.h4);
        self.out.end_line();
        let links = std::mem::take(&mut self.links);
        for (i, link) in links.iter().enumerate() {
            self.push_item(Cow::Owned(format!("[{}] ", i + 1)), self.theme.link_number);
            let kind = if link.is_note { "note: " } else { "" };
            self.push_with(self.theme.dim, |text| text.push_str(kind));
            self.push_with(self.theme.link, |text| text.push_str(&sanitize(&link.url)));
            self.flush_inlines();
            self.pop_container();
        }
        self.links = links;
    }
}

/// The renderer's sink for wrapped lines: each goes to the output after
/// its prefix, made at its final size.
struct Emit<'r> {
    out: &'r mut StyledLines,
    /// The first line's prefix, used up by it: item markers show once.
    first: &'r mut Vec<Span<'static>>,
    /// The prefix of every line after the first.
    rest: &'r [Span<'static>],
    started: bool,
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

/// Working buffers for laying out table rows.
#[derive(Default)]
struct RowSpace {
    wrapped: StyledLines,
    /// For each column, its cell's range of `wrapped` lines.
    cell_lines: Vec<Range<usize>>,
}

/// Blank padding, borrowed when short.
fn spaces(n: usize) -> Span<'static> {
    Span::raw(padding(n))
}

fn padding(n: usize) -> Cow<'static, str> {
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

fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
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
    out
}

/// Whether text certainly needs no sanitising, judged by its bytes (fast on
/// long text): no C0 control but newline and tab, no DEL, no C1 control
/// (`C2 80`–`C2 9F`), no U+061C (`D8 9C`), and none of the bidi controls
/// and separators `text::sanitize` drops or replaces (`E2 80 8E`, `8F`,
/// `A8`–`AE`; `E2 81 A6`–`A9`). A unit test keeps this in step with it.
fn is_clean(text: &str) -> bool {
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

/// A cell's width on one line, and its widest word as the wrapper splits
/// words; counted from the bytes when the cell is printable ASCII.
fn measure_cell(text: &str, cell: &[Item]) -> (usize, usize) {
    let ascii = cell.iter().all(|item| match *item {
        Item::Text { start, end, .. } => text[start..end].bytes().all(|b| (0x20..0x7f).contains(&b)),
        Item::Break { .. } => true,
    });
    if !ascii {
        let text = inline_text(text, cell);
        return (width(&text), text.split(is_break).map(width).max().unwrap_or(0));
    }
    let (mut natural, mut word, mut longest) = (0, 0, 0);
    for item in cell {
        match *item {
            Item::Text { start, end, .. } => {
                natural += end - start;
                for b in text[start..end].bytes() {
                    if b == b' ' {
                        word = 0;
                    } else {
                        word += 1;
                        longest = longest.max(word);
                    }
                }
            }
            Item::Break { .. } => {
                natural += 1;
                word = 0;
            }
        }
    }
    (natural, longest)
}

/// A cell's text, a break as a space.
fn inline_text(text: &str, cell: &[Item]) -> String {
    cell.iter()
        .map(|item| match *item {
            Item::Text { start, end, .. } => &text[start..end],
            Item::Break { .. } => " ",
        })
        .collect()
}

/// Column widths that fit `available` cells, as a browser lays out an
/// automatic table: every column first gets its longest word (capped at its
/// natural width, the whole of its longest cell on one line), then the space
/// left goes to the columns in proportion to how much more they could use.
/// When even the longest words do not fit, words are cut in the widest
/// columns: narrow ones keep their width, the rest share what is left evenly.
fn fit_columns(natural: &[usize], longest_words: &[usize], available: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let least: Vec<usize> = natural.iter().zip(longest_words).map(|(n, w)| (*n).min(*w).max(1)).collect();
    let least_total: usize = least.iter().sum();
    if least_total > available {
        return share_evenly(&least, available);
    }
    let spare = available - least_total;
    let wants: Vec<usize> = natural.iter().zip(&least).map(|(n, l)| n - l).collect();
    let wanted: usize = wants.iter().sum();
    let mut widths: Vec<usize> = least.iter().zip(&wants).map(|(l, want)| l + spare * want / wanted.max(1)).collect();
    // Rounding left a few cells: one each to the columns furthest from their natural width.
    let mut left = available - widths.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(natural[i] - widths[i]));
    while left > 0 {
        let before = left;
        for &i in &order {
            if left > 0 && widths[i] < natural[i] {
                widths[i] += 1;
                left -= 1;
            }
        }
        if left == before {
            break;
        }
    }
    widths
}

/// Narrow columns keep their width, the rest share what is left evenly.
fn share_evenly(wanted: &[usize], available: usize) -> Vec<usize> {
    let mut widths = vec![0; wanted.len()];
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| wanted[i]);
    let mut remaining = available;
    for (done, &i) in order.iter().enumerate() {
        let share = remaining / (wanted.len() - done);
        widths[i] = wanted[i].min(share).max(1);
        remaining = remaining.saturating_sub(widths[i]);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn render(markdown: &str, width: usize) -> Rendered {
        render_markdown(markdown, width, &Theme::dark())
    }

    fn text(markdown: &str, width: usize) -> Vec<String> {
        render(markdown, width).lines.iter().map(|l| l.to_string().trim_end().to_string()).collect()
    }

    fn span_with<'a>(rendered: &'a Rendered, content: &str) -> Span<'a> {
        rendered
            .lines
            .iter()
            .flat_map(|l| l.spans)
            .find(|s| s.content.contains(content))
            .unwrap_or_else(|| panic!("no span with {content:?}"))
    }

    #[test]
    fn a_title_heading_that_repeats_the_card_is_dropped() {
        assert_eq!(strip_title_heading("\n# Talk\n\nbody", "Talk"), "\nbody");
        assert_eq!(strip_title_heading("# Other\nbody", "Talk"), "# Other\nbody");
        assert_eq!(strip_title_heading("intro\n# Talk", "Talk"), "intro\n# Talk");
    }

    #[test]
    fn headings_get_distinct_styles_and_are_recorded() {
        let r = render("# One\n\ntext\n\n## Two\n\n### Three", 40);
        assert_eq!(span_with(&r, "One").style, Theme::dark().h1);
        assert_eq!(span_with(&r, "Two").style, Theme::dark().h2);
        assert_eq!(span_with(&r, "Three").style, Theme::dark().h3);
        let marks: Vec<(u8, &str, usize)> = r.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
        assert_eq!(marks, [(1, "One", 0), (2, "Two", 4), (3, "Three", 6)]);
    }

    #[test]
    fn paragraphs_are_separated_and_wrapped() {
        assert_eq!(text("one two three four\n\nnext", 9), ["one two", "three", "four", "", "next"]);
    }

    #[test]
    fn hard_breaks_are_honoured() {
        assert_eq!(text("a  \nb\\\nc", 40), ["a", "b", "c"]);
    }

    #[test]
    fn inline_styles_apply() {
        let r = render("*em* **strong** ~~gone~~ `code`", 40);
        assert!(span_with(&r, "em").style.add_modifier.contains(Modifier::ITALIC));
        assert!(span_with(&r, "strong").style.add_modifier.contains(Modifier::BOLD));
        assert!(span_with(&r, "gone").style.add_modifier.contains(Modifier::CROSSED_OUT));
        assert_eq!(span_with(&r, "code").style.fg, Theme::dark().code.fg);
    }

    #[test]
    fn list_items_hang_under_their_text_not_their_bullet() {
        let lines = text("- alpha beta gamma delta\n- b\n  - nested item here", 16);
        assert_eq!(lines, ["• alpha beta", "  gamma delta", "• b", "  ◦ nested item", "    here"]);
    }

    #[test]
    fn ordered_and_task_lists_show_their_markers() {
        assert_eq!(text("3. c\n4. d", 20), ["3. c", "4. d"]);
        assert_eq!(text("- [ ] todo\n- [x] done", 20), ["• [ ] todo", "• [x] done"]);
    }

    #[test]
    fn loose_lists_keep_blank_lines_between_items() {
        assert_eq!(text("- a\n\n- b", 20), ["• a", "", "• b"]);
    }

    #[test]
    fn quotes_have_a_bar_and_nest() {
        let lines = text("> quoted words here\n>\n> > inner\n> - item", 14);
        assert_eq!(lines, ["▌ quoted words", "▌ here", "▌", "▌ ▌ inner", "▌", "▌ • item"]);
        let r = render("> q", 20);
        assert_eq!(span_with(&r, "▌").style, Theme::dark().quote_bar);
    }

    #[test]
    fn code_blocks_are_boxed_and_clipped_never_wrapped() {
        let lines = text("```rust\nfn main() { let long_line = 1; }\n\tx\n```", 20);
        assert_eq!(lines, ["╭─ rust", "│ fn main() { let l…", "│     x", "╰─"]);
    }

    #[test]
    fn tables_align_and_fit_the_width() {
        let md = "| Project | Stage |\n|:--|--:|\n| istio | graduated |\n| linkerd | 2 |";
        assert_eq!(
            text(md, 40),
            [" Project │     Stage", "─────────┼───────────", " istio   │ graduated", " linkerd │         2"]
        );
        for line in render("| a | b |\n|---|---|\n| long text that wraps | x |", 20).lines.iter() {
            assert!(width(&line.to_string()) <= 20, "{line}");
        }
    }

    #[test]
    fn narrow_tables_fall_back_to_records() {
        let md = "| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |";
        assert_eq!(text(md, 10), ["a: 1", "b: 2", "c: 3", "d: 4"]);
    }

    #[test]
    fn links_are_numbered_and_listed_at_the_end() {
        let r =
            render("See [Istio](https://istio.io) and [Detroit](../2022/x.md#top) and [again](https://istio.io).", 80);
        let lines: Vec<String> = r.lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(lines[0], "See Istio[1] and Detroit[2] and again[1].");
        assert_eq!(lines[2], "Links");
        assert_eq!(lines[3], "[1] https://istio.io");
        assert_eq!(lines[4], "[2] note: ../2022/x.md#top");
        assert!(r.links[1].is_note && !r.links[0].is_note);
        assert_eq!(span_with(&r, "Istio").style, Theme::dark().link);
    }

    #[test]
    fn images_show_alt_text() {
        let r = render("![a *diagram*](d.png) ![](e.png)", 40);
        assert_eq!(text("![a *diagram*](d.png) ![](e.png)", 40)[0], "[image: a diagram][1] [image][2]");
        assert_eq!(span_with(&r, "[image: ").style, Theme::dark().dim);
        assert!(span_with(&r, "diagram").style.add_modifier.contains(Modifier::ITALIC));
        assert_eq!(r.links[0].url, "d.png");
    }

    #[test]
    fn footnotes_are_numbered_by_first_mention_and_listed_after_the_body() {
        // `[^c]` has no definition, so it is plain text.
        let md =
            "Claim[^b] and[^a].\n\n[^a]: Alpha\n    source.\n\n[^b]: Beta.\n\nMore [^c].\n\n[^unused]: Never cited.";
        assert_eq!(
            text(md, 40),
            [
                "Claim[^1] and[^2].",
                "",
                "More [^c].",
                "",
                "Notes",
                "[^1] Beta.",
                "[^2] Alpha source.",
                "[^3] Never cited."
            ]
        );
        let r = render(md, 40);
        assert_eq!(span_with(&r, "[^1]").style, Theme::dark().link_number);
        assert_eq!(span_with(&r, "Notes").style, Theme::dark().h4);
    }

    #[test]
    fn footnotes_hang_wrap_and_come_before_links_that_they_number() {
        let md =
            "See[^n] [site](https://a.example).\n\n[^n]: Long footnote text with [a link](https://b.example) in it.";
        assert_eq!(
            text(md, 24),
            [
                "See[^1] site[1].",
                "",
                "Notes",
                "[^1] Long footnote text",
                "     with a link[2] in",
                "     it.",
                "",
                "Links",
                "[1] https://a.example",
                "[2] https://b.example",
            ]
        );
    }

    #[test]
    fn a_footnote_defined_twice_keeps_its_first_definition() {
        let lines = text("x[^a]\n\n[^a]: first\n\n[^a]: second", 40);
        assert_eq!(lines, ["x[^1]", "", "Notes", "[^1] first"]);
    }

    #[test]
    fn soft_breaks_are_spaces() {
        assert_eq!(text("one\ntwo\nthree", 40), ["one two three"]);
    }

    #[test]
    fn ordered_numbers_right_align_so_text_hangs_at_one_column() {
        let md: String = (8..=11).map(|n| format!("{n}. item {n} wraps here\n")).collect();
        assert_eq!(
            text(&md, 14),
            [
                " 8. item 8",
                "    wraps here",
                " 9. item 9",
                "    wraps here",
                "10. item 10",
                "    wraps here",
                "11. item 11",
                "    wraps here"
            ]
        );
        let hundred: String = (1..=100).map(|n| format!("{n}. x\n")).collect();
        let lines = text(&hundred, 20);
        assert_eq!((lines[0].as_str(), lines[9].as_str(), lines[99].as_str()), ("  1. x", " 10. x", "100. x"));
    }

    #[test]
    fn nested_ordered_lists_hang_under_their_own_text() {
        let md = "9. nine\n10. ten and more words\n    1. sub item that wraps\n    2. two\n11. eleven";
        assert_eq!(
            text(md, 16),
            [
                " 9. nine",
                "10. ten and more",
                "    words",
                "    1. sub item",
                "       that",
                "       wraps",
                "    2. two",
                "11. eleven"
            ]
        );
    }

    #[test]
    fn quotes_hold_lists_and_nested_quotes() {
        let md = "> intro\n>\n> - item one wraps\n>   > inner quote\n> - [x] done\n>\n> > > deep";
        assert_eq!(
            text(md, 16),
            [
                "▌ intro",
                "▌",
                "▌ • item one",
                "▌   wraps",
                "▌   ▌ inner",
                "▌   ▌ quote",
                "▌ • [x] done",
                "▌",
                "▌ ▌ ▌ deep",
            ]
        );
    }

    #[test]
    fn task_markers_are_styled_and_items_hang_under_the_bullet_text() {
        let r = render("- [ ] todo with words\n- [x] done", 14);
        assert_eq!(span_with(&r, "[x]").style, Theme::dark().bullet);
        let lines: Vec<String> = r.lines.iter().map(|l| l.to_string().trim_end().to_string()).collect();
        assert_eq!(lines, ["• [ ] todo", "  with words", "• [x] done"]);
    }

    #[test]
    fn all_six_heading_levels_are_distinct() {
        let md: String = (1..=6).map(|n| format!("{} H{n}\n\n", "#".repeat(n))).collect();
        let r = render(&md, 40);
        let styles: Vec<Style> = (1..=6).map(|n| span_with(&r, &format!("H{n}")).style).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a, b, "{styles:?}");
            }
        }
        assert_eq!(r.headings.iter().map(|h| h.level).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn rules_span_the_space_inside_their_containers() {
        assert_eq!(text("> a\n>\n> ---", 12), ["▌ a", "▌", "▌ ──────────"]);
        assert_eq!(span_with(&render("---", 10), "─").style, Theme::dark().rule);
    }

    #[test]
    fn html_blocks_and_inline_html_are_text_never_interpreted() {
        let md = "<script>alert(1)\x1b[2J</script>\n\nA <b>bold</b> claim.";
        let r = render(md, 80);
        let lines: Vec<String> = r.lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, ["<script>alert(1)␛[2J</script>", "", "A <b>bold</b> claim."]);
        assert_eq!(span_with(&r, "<script>").style, Theme::dark().html);
        assert_eq!(span_with(&r, "<b>").style, Theme::dark().html);
        assert_eq!(span_with(&r, "bold").style, Style::default());
    }

    #[test]
    fn tabs_become_spaces_in_text_and_tab_stops_in_code() {
        assert_eq!(text("a\tb", 20), ["a b"]);
        assert_eq!(text("```\nab\tc\n```", 20), ["╭─", "│ ab  c", "╰─"]);
    }

    #[test]
    fn crlf_line_endings_leave_no_visible_carriage_returns() {
        assert_eq!(text("a\r\nb\r\n\r\n```\r\ncode\r\n```\r\n", 20), ["a b", "", "╭─", "│ code", "╰─"]);
    }

    #[test]
    fn wide_graphemes_never_overflow_the_width() {
        let md = "東京の会議で話した内容は とても面白かった 👩‍👩‍👧‍👦 family 🇫🇷🇯🇵 flags e\u{301}\u{301}\u{301} marks ❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}\n\n> - 日本語のテキストが続きます日本語のテキストが続きます";
        for w in 8..30 {
            for line in render(md, w).lines.iter() {
                assert!(width(&line.to_string()) <= w, "{w}: {line}");
            }
        }
        assert_eq!(text("東京東京東京", 8), ["東京東京", "東京"]);
    }

    #[test]
    fn table_cells_keep_links_and_inline_styles() {
        let md = "| Name | What |\n|---|---|\n| [Istio](https://istio.io) | **mesh** and `code` |";
        let r = render(md, 40);
        assert_eq!(r.lines.line(2).to_string(), " Istio[1] │ mesh and code");
        assert_eq!(span_with(&r, "Istio").style, Theme::dark().link);
        assert_eq!(span_with(&r, "mesh").style, Theme::dark().strong);
        assert_eq!(span_with(&r, "code").style, Theme::dark().code);
        assert_eq!(r.links[0].url, "https://istio.io");
        assert!(span_with(&r, "Name").style.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn wide_tables_keep_natural_widths_past_the_pane() {
        let md = "| a | long column text here | b |\n|---|---|--:|\n| 1 | words that would wrap | 22 |";
        let options = RenderOptions { width: 20, wide_tables: true };
        let r = render_markdown_with(md, &options, &Theme::dark());
        let lines: Vec<String> = r.lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            [" a │ long column text here │  b", "───┼───────────────────────┼────", " 1 │ words that would wrap │ 22"]
        );
        // The same table, narrow: cells wrap, and four columns too many fall back to records.
        assert!(render(md, 20).lines.iter().all(|l| width(&l.to_string()) <= 20));
        let four = "| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |";
        let wide = render_markdown_with(four, &RenderOptions { width: 10, wide_tables: true }, &Theme::dark());
        assert_eq!(wide.lines.line(2).to_string(), " 1 │ 2 │ 3 │ 4");
    }

    #[test]
    fn render_markdown_is_render_with_default_options() {
        let md = "# T\n\n| a | b |\n|---|---|\n| x | y |";
        assert_eq!(render(md, 30), render_markdown_with(md, &RenderOptions::new(30), &Theme::dark()));
    }

    #[test]
    fn the_byte_check_agrees_with_sanitize() {
        let chars = (0..0x3000u32).chain(0xfe00..0xff00).chain(0x1f000..0x1f700).filter_map(char::from_u32);
        for c in chars {
            let text = format!("a{c}b");
            let untouched = matches!(sanitize(&text), Cow::Borrowed(_));
            assert_eq!(is_clean(&text), untouched, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn text_split_by_the_parser_joins_but_not_into_image_or_heading_text() {
        let r = render("a&amp;b [x] \\* ![alt *em*](i.png)", 40);
        assert_eq!(r.lines.line(0).to_string(), "a&b [x] * [image: alt em][1]");
        assert_eq!(r.lines.line(0).spans[0].content, "a&b [x] * ");
        assert_eq!(text("![](i.png)", 40)[0], "[image][1]");
    }

    #[test]
    fn deep_nesting_and_huge_lines_render_in_bounded_time() {
        use std::time::{Duration, Instant};
        let cases = [
            format!("{}x", "- ".repeat(5000)),
            format!("{}x", "> ".repeat(5000)),
            format!("{}x", "1. ".repeat(5000)),
            // Each level its own line: the prefix must not cost the depth on every line.
            (0..1500).map(|d| format!("{}- item {d}\n", "  ".repeat(d))).collect(),
            (0..1000).map(|d| format!("{}- item {d}\n", "> ".repeat(d))).collect(),
            "word ".repeat(20_000),
            "x".repeat(100_000),
            "東".repeat(50_000),
        ];
        for md in &cases {
            let start = Instant::now();
            let r = render(md, 80);
            let took = start.elapsed();
            let head: String = md.chars().take(20).collect();
            assert!(took < Duration::from_secs(2), "{took:?} for {head:?}…");
            for line in r.lines.iter() {
                assert!(width(&line.to_string()) <= 80, "{line}");
            }
        }
    }

    #[test]
    fn html_and_rules_are_shown_as_text() {
        let lines = text("<div>\n<b>hi</b>\n</div>\n\n---\n\ninline <span>x</span>", 10);
        assert_eq!(lines[..3], ["<div>", "<b>hi</b>", "</div>"]);
        assert_eq!(lines[4], "─".repeat(10));
        assert_eq!(lines[6..], ["inline", "<span>x</s", "pan>"]);
    }

    #[test]
    fn control_characters_never_survive() {
        let r = render("a\x1b]52;c;eA==\x07b \u{9b}31m red \u{202e}x\n\n```\n\x1b[2J\n```", 40);
        for line in r.lines.iter() {
            for span in &line.spans {
                assert!(!span.content.chars().any(|c| c.is_control() || c == '\u{202e}'), "{:?}", span.content);
            }
        }
    }

    #[test]
    fn deep_nesting_keeps_room_for_text() {
        let md = format!("{}deep text", "> ".repeat(200));
        let r = render(&md, 40);
        let last = r.lines.iter().last().expect("rendered").to_string();
        assert!(last.ends_with("deep text"), "{last}");
        assert!(width(&last) <= 40);
    }

    #[test]
    fn a_long_note_parsed_on_a_second_thread_renders_as_it_would_on_one() {
        let piece = "# Part\n\nText with a [link](https://example.com/a) and a note[^n].\n\n\
                     1. one\n2. two\n\n| a | b |\n|---|---|\n| x | y |\n\n> quoted *em*\n\n\
                     ```rust\nfn main() {}\n```\n\n[^n]: The footnote.\n\n";
        let long = piece.repeat(PARSE_ASIDE_FROM / piece.len() + 1);
        assert!(long.len() >= PARSE_ASIDE_FROM);
        let options = RenderOptions::new(50);
        let on_one = render_markdown_on_one_thread(&long, &options, &Theme::dark());
        let on_two = render_markdown_with(&long, &options, &Theme::dark());
        assert!(on_one.lines.len() > 10 * EVENT_BATCH / 8, "spans many batches: {}", on_one.lines.len());
        assert_eq!(on_two, on_one);
    }
}
