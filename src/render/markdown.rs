//! Markdown (pulldown-cmark events) to wrapped, styled ratatui lines.
//!
//! A single pass over the events: inline text collects in a buffer until its
//! block ends, then is wrapped to the width left after the prefixes of the
//! open containers (quote bars, list bullets with hanging indents).

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::wrap::{wrap, Inline};
use crate::text::{sanitize, truncate, width};
use crate::theme::Theme;

/// The narrowest width the renderer lays out for; narrower panes clip.
pub const MIN_WIDTH: usize = 8;
const TAB_WIDTH: usize = 4;

/// A note body rendered for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
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

/// Whether a link target is a relative path to another note.
pub fn is_note_link(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or(url).to_ascii_lowercase();
    !url.contains("://") && !url.starts_with("mailto:") && (path.ends_with(".md") || path.ends_with(".markdown"))
}

enum Container {
    Quote,
    /// A list item (or footnote definition): its marker shows on its first line only.
    Item {
        marker: String,
        marker_style: Style,
        shown: bool,
    },
}

struct List {
    next_number: Option<u64>,
    loose: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Paragraph,
    Heading(u8),
}

struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Vec<Inline>>>,
    header_rows: usize,
}

struct Renderer<'t> {
    theme: &'t Theme,
    width: usize,
    out: Vec<Line<'static>>,
    containers: Vec<Container>,
    lists: Vec<List>,
    inlines: Vec<Inline>,
    styles: Vec<Style>,
    block: BlockKind,
    heading_start: usize,
    gap_pending: bool,
    code: Option<(String, String)>,
    html: Option<String>,
    table: Option<Table>,
    links: Vec<LinkTarget>,
    link_urls: Vec<String>,
    footnotes: HashMap<String, usize>,
    headings: Vec<HeadingMark>,
}

pub fn render_markdown(markdown: &str, width: usize, theme: &Theme) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES;
    let mut r = Renderer {
        theme,
        width: width.max(MIN_WIDTH),
        out: Vec::new(),
        containers: Vec::new(),
        lists: Vec::new(),
        inlines: Vec::new(),
        styles: Vec::new(),
        block: BlockKind::Paragraph,
        heading_start: 0,
        gap_pending: false,
        code: None,
        html: None,
        table: None,
        links: Vec::new(),
        link_urls: Vec::new(),
        footnotes: HashMap::new(),
        headings: Vec::new(),
    };
    for event in Parser::new_ext(markdown, options) {
        r.event(event);
    }
    r.flush_inlines();
    r.link_list();
    Rendered { lines: r.out, headings: r.headings, links: r.links }
}

impl Renderer<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&text);
                } else if let Some(html) = &mut self.html {
                    html.push_str(&text);
                } else {
                    self.text(&text, self.style());
                }
            }
            Event::Code(code) => self.text(&code, self.style().patch(self.theme.code)),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math, self.style().patch(self.theme.code)),
            Event::Html(html) => match &mut self.html {
                Some(buffer) => buffer.push_str(&html),
                None => self.text(&html, self.theme.html),
            },
            Event::InlineHtml(html) => self.text(&html, self.theme.html),
            Event::SoftBreak => self.inlines.push(Inline::Soft),
            Event::HardBreak => self.inlines.push(Inline::Hard),
            Event::Rule => {
                self.flush_inlines();
                self.gap();
                let avail = self.avail();
                let rule = Span::styled("─".repeat(avail), self.theme.rule);
                self.emit(vec![rule]);
                self.gap_pending = true;
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "[x] " } else { "[ ] " };
                self.inlines.push(Inline::Text(mark.to_string(), self.theme.bullet));
            }
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.inlines.push(Inline::Text(format!("[^{n}]"), self.theme.link_number));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
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
                self.block = BlockKind::Heading(heading_level(level));
                self.heading_start = self.inlines.len();
            }
            Tag::BlockQuote(_) => {
                self.flush_inlines();
                self.gap();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.flush_inlines();
                self.gap();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::HtmlBlock => {
                self.flush_inlines();
                self.gap();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.flush_inlines();
                self.gap();
                self.lists.push(List { next_number: start, loose: false });
            }
            Tag::Item => {
                self.flush_inlines();
                let list = self.lists.last_mut();
                self.gap_pending = list.as_ref().is_some_and(|l| l.loose);
                let marker = match list.and_then(|l| {
                    let n = l.next_number?;
                    l.next_number = Some(n + 1);
                    Some(n)
                }) {
                    Some(n) => format!("{n}. "),
                    None => ["• ", "◦ ", "▪ "][(self.lists.len().saturating_sub(1)) % 3].to_string(),
                };
                self.gap();
                self.containers.push(Container::Item { marker, marker_style: self.theme.bullet, shown: false });
            }
            Tag::FootnoteDefinition(label) => {
                self.flush_inlines();
                self.gap();
                let n = self.footnote_number(&label);
                self.containers.push(Container::Item {
                    marker: format!("[^{n}] "),
                    marker_style: self.theme.link_number,
                    shown: false,
                });
            }
            Tag::Table(alignments) => {
                self.flush_inlines();
                self.gap();
                self.table = Some(Table { alignments, rows: Vec::new(), header_rows: 0 });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inlines.clear(),
            Tag::Emphasis => self.push_style(self.theme.emphasis),
            Tag::Strong => self.push_style(self.theme.strong),
            Tag::Strikethrough => self.push_style(self.theme.strike),
            Tag::Superscript | Tag::Subscript => self.push_style(Style::default()),
            Tag::Link { dest_url, .. } => {
                self.link_urls.push(dest_url.to_string());
                self.push_style(self.theme.link);
            }
            Tag::Image { dest_url, .. } => {
                self.link_urls.push(dest_url.to_string());
                self.push_style(self.theme.emphasis);
                self.inlines.push(Inline::Text("[image: ".into(), self.theme.dim));
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
                let text: String = self.inlines[self.heading_start..]
                    .iter()
                    .map(|i| match i {
                        Inline::Text(t, _) => t.as_str(),
                        _ => " ",
                    })
                    .collect();
                let level = match self.block {
                    BlockKind::Heading(l) => l,
                    BlockKind::Paragraph => 1,
                };
                self.headings.push(HeadingMark { level, text: text.trim().to_string(), line: self.out.len() });
                self.flush_inlines();
                self.block = BlockKind::Paragraph;
                self.gap_pending = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inlines();
                self.containers.pop();
                self.gap_pending = true;
            }
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    self.code_block(&lang, &code);
                }
                self.gap_pending = true;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    for line in html.trim_end_matches('\n').split('\n') {
                        self.inlines.push(Inline::Text(line.to_string(), self.theme.html));
                        self.inlines.push(Inline::Hard);
                    }
                    self.inlines.pop();
                    self.flush_inlines();
                }
                self.gap_pending = true;
            }
            TagEnd::List(_) => {
                self.flush_inlines();
                self.lists.pop();
                self.gap_pending = true;
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush_inlines();
                self.containers.pop();
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.table_lines(table);
                }
                self.gap_pending = true;
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header_rows = table.rows.len();
                }
            }
            TagEnd::TableRow => {}
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inlines);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some(url) = self.link_urls.pop() {
                    let n = self.link_number(url);
                    self.inlines.push(Inline::Text(format!("[{n}]"), self.theme.link_number));
                }
            }
            TagEnd::Image => {
                self.styles.pop();
                self.inlines.push(Inline::Text("]".into(), self.theme.dim));
                if let Some(url) = self.link_urls.pop() {
                    let n = self.link_number(url);
                    self.inlines.push(Inline::Text(format!("[{n}]"), self.theme.link_number));
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

    /// Adds note text, sanitised, with tabs expanded.
    fn text(&mut self, text: &str, style: Style) {
        let clean = sanitize(text);
        let clean = if clean.contains('\t') { clean.replace('\t', " ") } else { clean.into_owned() };
        // Newlines inside text (HTML, math) are soft breaks.
        for (i, part) in clean.split('\n').enumerate() {
            if i > 0 {
                self.inlines.push(Inline::Soft);
            }
            if !part.is_empty() {
                self.inlines.push(Inline::Text(part.to_string(), style));
            }
        }
    }

    fn link_number(&mut self, url: String) -> usize {
        if let Some(i) = self.links.iter().position(|l| l.url == url) {
            return i + 1;
        }
        let is_note = is_note_link(&url);
        self.links.push(LinkTarget { url, is_note });
        self.links.len()
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// The prefix spans for the next line, marking list markers as shown.
    fn prefix(&mut self, mark_shown: bool) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for container in &mut self.containers {
            match container {
                Container::Quote => spans.push(Span::styled("▌ ", self.theme.quote_bar)),
                Container::Item { marker, marker_style, shown } => {
                    if *shown || !mark_shown {
                        spans.push(Span::raw(" ".repeat(width(marker))));
                    } else {
                        spans.push(Span::styled(marker.clone(), *marker_style));
                        *shown = true;
                    }
                }
            }
        }
        // Very deep nesting would leave no room for text: keep the innermost levels.
        let limit = self.width / 2;
        let total: usize = spans.iter().map(|s| width(&s.content)).sum();
        if total > limit {
            let mut kept = Vec::new();
            let mut used = 2;
            for span in spans.into_iter().rev() {
                let w = width(&span.content);
                if used + w > limit {
                    break;
                }
                used += w;
                kept.push(span);
            }
            kept.push(Span::styled("…", self.theme.dim));
            kept.reverse();
            // Pad so the text column stays fixed at the limit.
            let kept_width: usize = kept.iter().map(|s| width(&s.content)).sum();
            kept.insert(1, Span::raw(" ".repeat(limit.saturating_sub(kept_width))));
            spans = kept;
        }
        spans
    }

    fn prefix_width(&self) -> usize {
        let total: usize = self
            .containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { marker, .. } => width(marker),
            })
            .sum();
        total.min(self.width / 2)
    }

    /// Width left for text after the container prefixes.
    fn avail(&self) -> usize {
        self.width.saturating_sub(self.prefix_width()).max(1)
    }

    fn emit(&mut self, content: Vec<Span<'static>>) {
        let mut spans = self.prefix(true);
        spans.extend(content);
        self.out.push(Line::from(spans));
    }

    /// A blank line between blocks, when one is due.
    fn gap(&mut self) {
        if self.gap_pending && !self.out.is_empty() {
            let mut spans = self.prefix(false);
            // Quote bars continue through the gap; other padding is dropped.
            while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
                spans.pop();
            }
            self.out.push(Line::from(spans));
        }
        self.gap_pending = false;
    }

    fn flush_inlines(&mut self) {
        if self.inlines.is_empty() {
            return;
        }
        let inlines = std::mem::take(&mut self.inlines);
        let base = match self.block {
            BlockKind::Heading(1) => self.theme.h1,
            BlockKind::Heading(2) => self.theme.h2,
            BlockKind::Heading(3) => self.theme.h3,
            BlockKind::Heading(_) => self.theme.h4,
            BlockKind::Paragraph if self.containers.iter().any(|c| matches!(c, Container::Quote)) => {
                self.theme.quote_text
            }
            BlockKind::Paragraph => Style::default(),
        };
        let styled: Vec<Inline> = inlines
            .into_iter()
            .map(|i| match i {
                Inline::Text(t, s) => Inline::Text(t, base.patch(s)),
                other => other,
            })
            .collect();
        let avail = self.avail();
        for line in wrap(&styled, avail) {
            self.emit(line);
        }
    }

    fn code_block(&mut self, lang: &str, code: &str) {
        let avail = self.avail();
        let border = self.theme.dim;
        let label = if lang.is_empty() { String::new() } else { format!(" {}", sanitize(lang)) };
        self.emit(vec![Span::styled(format!("╭─{}", truncate(&label, avail.saturating_sub(2))), border)]);
        let inner = avail.saturating_sub(2);
        for raw in code.trim_end_matches('\n').split('\n') {
            let clean = sanitize(raw);
            let line = expand_tabs(&clean);
            let shown = truncate(&line, inner);
            let mut spans = vec![Span::styled("│ ", border), Span::styled(shown.into_owned(), self.theme.code_block)];
            if width(&line) > inner {
                spans.push(Span::styled("", border));
            }
            self.emit(spans);
        }
        self.emit(vec![Span::styled("╰─", border)]);
    }

    fn table_lines(&mut self, table: Table) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let avail = self.avail();
        // ` a │ b │ c `: one space each side and ` │ ` between columns.
        let chrome = 2 + 3 * (columns - 1);
        if avail < chrome + columns * 3 {
            self.table_as_records(&table);
            return;
        }
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                table.rows.iter().filter_map(|r| r.get(c)).map(|cell| inline_width(cell)).max().unwrap_or(0).max(1)
            })
            .collect();
        let widths = fit_columns(&natural, avail - chrome);
        let border = self.theme.table_border;
        for (i, row) in table.rows.iter().enumerate() {
            let is_header = i < table.header_rows;
            let cells: Vec<Vec<Vec<Span<'static>>>> = (0..columns)
                .map(|c| {
                    let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                    let styled: Vec<Inline> = if is_header {
                        cell.iter()
                            .map(|inline| match inline {
                                Inline::Text(t, s) => Inline::Text(t.clone(), self.theme.table_header.patch(*s)),
                                other => other.clone(),
                            })
                            .collect()
                    } else {
                        cell.to_vec()
                    };
                    wrap(&styled, widths[c])
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for line_index in 0..height {
                let mut spans = vec![Span::raw(" ")];
                for (c, cell) in cells.iter().enumerate() {
                    if c > 0 {
                        spans.push(Span::styled(" │ ", border));
                    }
                    let content = cell.get(line_index).cloned().unwrap_or_default();
                    let used: usize = content.iter().map(|s| width(&s.content)).sum();
                    let free = widths[c].saturating_sub(used);
                    let (left, right) = match table.alignments.get(c) {
                        Some(Alignment::Right) => (free, 0),
                        Some(Alignment::Center) => (free / 2, free - free / 2),
                        _ => (0, free),
                    };
                    if left > 0 {
                        spans.push(Span::raw(" ".repeat(left)));
                    }
                    spans.extend(content);
                    if right > 0 && c + 1 < columns {
                        spans.push(Span::raw(" ".repeat(right)));
                    }
                }
                self.emit(spans);
            }
            if is_header && i + 1 == table.header_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
                self.emit(vec![Span::styled(rule.join("┼"), border)]);
            }
        }
    }

    /// A table too narrow for columns: each row as `header: value` lines.
    fn table_as_records(&mut self, table: &Table) {
        let headers: Vec<String> = table
            .rows
            .first()
            .filter(|_| table.header_rows > 0)
            .map(|row| row.iter().map(|cell| inline_text(cell)).collect())
            .unwrap_or_default();
        for (i, row) in table.rows.iter().enumerate().skip(table.header_rows) {
            if i > table.header_rows {
                self.emit(vec![Span::styled("─".repeat(self.avail().min(8)), self.theme.table_border)]);
            }
            for (c, cell) in row.iter().enumerate() {
                let mut inlines = Vec::new();
                if let Some(h) = headers.get(c).filter(|h| !h.is_empty()) {
                    inlines.push(Inline::Text(format!("{h}: "), self.theme.table_header));
                }
                inlines.extend(cell.iter().cloned());
                let avail = self.avail();
                for line in wrap(&inlines, avail) {
                    self.emit(line);
                }
            }
        }
    }

    fn link_list(&mut self) {
        if self.links.is_empty() {
            return;
        }
        self.containers.clear();
        self.gap_pending = true;
        self.gap();
        self.out.push(Line::from(Span::styled("Links", self.theme.h4)));
        let links = self.links.clone();
        for (i, link) in links.iter().enumerate() {
            let marker = format!("[{}] ", i + 1);
            let kind = if link.is_note { "note: " } else { "" };
            self.containers.push(Container::Item { marker, marker_style: self.theme.link_number, shown: false });
            self.inlines.push(Inline::Text(kind.to_string(), self.theme.dim));
            let url = sanitize(&link.url).into_owned();
            self.inlines.push(Inline::Text(url, self.theme.link));
            self.flush_inlines();
            self.containers.pop();
        }
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

fn inline_width(cell: &[Inline]) -> usize {
    width(&inline_text(cell))
}

fn inline_text(cell: &[Inline]) -> String {
    cell.iter()
        .map(|i| match i {
            Inline::Text(t, _) => t.as_str(),
            _ => " ",
        })
        .collect()
}

/// Column widths that fit `available` cells: narrow columns keep their
/// natural width, the rest share what is left evenly.
fn fit_columns(natural: &[usize], available: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let mut widths = vec![0; natural.len()];
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&i| natural[i]);
    let mut remaining = available;
    for (done, &i) in order.iter().enumerate() {
        let share = remaining / (natural.len() - done);
        widths[i] = natural[i].min(share).max(1);
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

    fn span_with<'a>(rendered: &'a Rendered, content: &str) -> &'a Span<'static> {
        rendered
            .lines
            .iter()
            .flat_map(|l| l.spans.iter())
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
        for line in render("| a | b |\n|---|---|\n| long text that wraps | x |", 20).lines {
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
    fn images_show_alt_text_and_footnotes_are_numbered() {
        assert_eq!(text("![a diagram](d.png)", 40)[0], "[image: a diagram][1]");
        let lines = text("Claim[^src].\n\n[^src]: The source.", 40);
        assert_eq!(lines[0], "Claim[^1].");
        assert!(lines.contains(&"[^1] The source.".to_string()), "{lines:?}");
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
        for line in &r.lines {
            for span in &line.spans {
                assert!(!span.content.chars().any(|c| c.is_control() || c == '\u{202e}'), "{:?}", span.content);
            }
        }
    }

    #[test]
    fn deep_nesting_keeps_room_for_text() {
        let md = format!("{}deep text", "> ".repeat(200));
        let r = render(&md, 40);
        let last = r.lines.last().expect("rendered").to_string();
        assert!(last.ends_with("deep text"), "{last}");
        assert!(width(&last) <= 40);
    }
}
