//! Tables: cells kept until the table ends, then laid out in columns that
//! fit the width (as a browser lays out an automatic table), at their
//! natural widths (wide tables), or as `header: value` records when even
//! a few cells per column would not fit.

use std::ops::Range;

use pulldown_cmark::Alignment;
use ratatui::style::Style;

use super::blocks::{padding, Emit};
use super::Renderer;
use crate::render::wrap::{cells, is_break};
use crate::render::StyledLines;
use crate::text::width;

/// Table columns narrower than this, or than their longest word, cut words.
const TABLE_MIN_COLUMN: usize = 8;

/// The open table, its cells' inlines, and buffers kept for their capacity.
#[derive(Default)]
pub(super) struct Tables {
    table: Option<Table>,
    /// The open table's inlines, until it ends: its cells are ranges of them.
    pub(super) items: Vec<Item>,
    /// Buffers of the last table (rows, cells, alignments) and of its
    /// columns' widths (natural, longest words), kept for their capacity: a
    /// long note has thousands of tables.
    space: (Vec<Range<usize>>, Vec<Range<usize>>, Vec<Alignment>),
    columns: (Vec<usize>, Vec<usize>),
    row_space: RowSpace,
}

impl Tables {
    pub(super) fn is_open(&self) -> bool {
        self.table.is_some()
    }
}

/// Inline content kept until it can be laid out: a table's cells, which
/// are measured before any is wrapped. Text is a byte range of the
/// renderer's `block_text`.
#[derive(Clone, Copy)]
pub(super) enum Item {
    /// `joins`: see [`crate::render::wrap::Flow::push_text`].
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

/// A table's cells are ranges of the renderer's table items, kept until
/// the table ends.
struct Table {
    alignments: Vec<Alignment>,
    /// Each row's range of `cells`.
    rows: Vec<Range<usize>>,
    /// Each cell's range of the items.
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

/// Working buffers for laying out table rows.
#[derive(Default)]
struct RowSpace {
    wrapped: StyledLines,
    /// For each column, its cell's range of `wrapped` lines.
    cell_lines: Vec<Range<usize>>,
}

impl Renderer<'_, '_> {
    pub(super) fn start_table(&mut self, alignments: &[Alignment]) {
        self.flush_inlines();
        self.gap();
        let (rows, cells, mut kept) = std::mem::take(&mut self.tables.space);
        kept.extend_from_slice(alignments);
        self.tables.table = Some(Table { alignments: kept, rows, cells, header_rows: 0, cell_start: 0 });
    }

    pub(super) fn start_row(&mut self) {
        if let Some(table) = &mut self.tables.table {
            let at = table.cells.len();
            table.rows.push(at..at);
        }
    }

    pub(super) fn start_cell(&mut self) {
        self.inline.joinable = None;
        if let Some(table) = &mut self.tables.table {
            table.cell_start = self.tables.items.len();
        }
    }

    pub(super) fn end_cell(&mut self) {
        let end = self.tables.items.len();
        if let Some(table) = &mut self.tables.table {
            let cell = table.cell_start.min(end)..end;
            if let Some(row) = table.rows.last_mut() {
                table.cells.push(cell);
                row.end = table.cells.len();
            }
        }
    }

    pub(super) fn end_head(&mut self) {
        if let Some(table) = &mut self.tables.table {
            table.header_rows = table.rows.len();
        }
    }

    pub(super) fn end_table(&mut self) {
        if let Some(table) = self.tables.table.take() {
            self.table_lines(&table);
            let (mut rows, mut cells, mut alignments) = (table.rows, table.cells, table.alignments);
            rows.clear();
            cells.clear();
            alignments.clear();
            self.tables.space = (rows, cells, alignments);
        }
        self.tables.items.clear();
        self.block_text.clear();
        self.blocks.gap_pending = true;
    }

    fn table_lines(&mut self, table: &Table) {
        let columns = table.rows.iter().map(ExactSizeIterator::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let avail = self.avail();
        // ` a │ b │ c `: one space each side and ` │ ` between columns.
        let chrome = 2 + 3 * (columns - 1);
        let (mut natural, mut longest_words) = std::mem::take(&mut self.tables.columns);
        natural.clear();
        natural.resize(columns, 1);
        longest_words.clear();
        longest_words.resize(columns, 1);
        for row in &table.rows {
            for (c, cell) in table.row(row).iter().enumerate() {
                let (cell_width, cell_word) = measure_cell(&self.block_text, &self.tables.items[cell.clone()]);
                natural[c] = natural[c].max(cell_width);
                longest_words[c] = longest_words[c].max(cell_word);
            }
        }
        // Below a few cells per column a grid is unreadable: list the rows instead.
        let needed: usize = natural.iter().zip(&longest_words).map(|(n, w)| (*n).min(*w).min(TABLE_MIN_COLUMN)).sum();
        if self.options.wide_tables {
            self.table_rows(table, &natural);
        } else if avail < chrome + needed {
            self.table_as_records(table);
        } else {
            let widths = fit_columns(&natural, &longest_words, avail - chrome);
            self.table_rows(table, &widths);
        }
        self.tables.columns = (natural, longest_words);
    }

    fn table_rows(&mut self, table: &Table, widths: &[usize]) {
        let columns = widths.len();
        let border = self.theme.table_border;
        let RowSpace { mut wrapped, mut cell_lines } = std::mem::take(&mut self.tables.row_space);
        for (i, row) in table.rows.iter().enumerate() {
            let is_header = i < table.header_rows;
            wrapped.clear();
            cell_lines.clear();
            for (c, &column_width) in widths.iter().enumerate() {
                let start = wrapped.len();
                if let Some(cell) = table.cells[row.clone()].get(c) {
                    self.flow.begin(column_width);
                    for item in &self.tables.items[cell.clone()] {
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
                    push_rule(&mut rule, w + 2);
                }
                self.begin_line();
                self.out.push_span(&rule, border);
                self.out.end_line();
            }
        }
        self.tables.row_space = RowSpace { wrapped, cell_lines };
    }

    /// A table too narrow for columns: each row as `header: value` lines.
    fn table_as_records(&mut self, table: &Table) {
        let headers: Vec<String> = table
            .rows
            .first()
            .filter(|_| table.header_rows > 0)
            .map(|row| {
                let cells = table.row(row).iter();
                cells.map(|cell| inline_text(&self.block_text, &self.tables.items[cell.clone()])).collect()
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
                let mut sink = Emit {
                    out: &mut self.out,
                    first: &mut self.blocks.prefix_first,
                    rest: &self.blocks.prefix_rest,
                    started: false,
                };
                if let Some(range) = header {
                    self.flow.push_text(&self.block_text, range, self.theme.table_header, false, &mut sink);
                }
                for item in &self.tables.items[cell.clone()] {
                    match *item {
                        Item::Text { start, end, style, joins } => {
                            self.flow.push_text(&self.block_text, start..end, style, joins, &mut sink)
                        }
                        Item::Break { hard } => self.flow.push_break(hard, &self.block_text, &mut sink),
                    }
                }
                self.flow.end(&self.block_text, &mut sink);
                self.blocks.open = false;
            }
        }
    }
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

/// Appends `cells` cells of `─`, a slice at a time: a string built a
/// character at a time costs more than the row's text (tables are many).
fn push_rule(rule: &mut String, cells: usize) {
    const RULE: &str = "────────────────────────────────────────────────────────────────";
    let mut left = cells;
    while left > 0 {
        let take = left.min(RULE.len() / '─'.len_utf8());
        rule.push_str(&RULE[..take * '─'.len_utf8()]);
        left -= take;
    }
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
        // Some word must break anyway: columns share by what they hold, not
        // by their longest word, or one long URL would leave a column of
        // prose a word wide.
        return share_evenly(natural, available);
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
    #[test]
    fn a_rule_has_as_many_cells_as_asked() {
        for cells in [0, 1, 63, 64, 65, 200] {
            let mut rule = String::from("┼");
            super::push_rule(&mut rule, cells);
            assert_eq!(rule, format!("┼{}", "─".repeat(cells)), "{cells}");
        }
    }
}
