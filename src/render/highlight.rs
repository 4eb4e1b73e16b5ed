//! Syntax colours for code blocks, kept apart from the laid-out lines.
//!
//! The renderer lays a code block out in the code style and records where
//! each of its lines came from ([`CodeBlock`]). Colours are worked out per
//! block, only for the blocks someone looks at, and painted onto those lines
//! as they are drawn ([`paint`]): a 5 MB note opens as fast as without them,
//! and colours survive a re-wrap (they are kept per note, not per width).
//!
//! A block's colours are made line by line and can stop and go on later
//! ([`BlockColours::extend_to`]), so a huge block costs what is on screen.
//! The tokens come from [`super::syntax`]; which kind of token takes which
//! style is the theme's ([`Theme::syntax`]), so colours follow dark, light,
//! `[colors]` and `NO_COLOR` like everything else.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::syntax::{Grammar, LineTokens, TokenKind};
use super::StyledLines;
use crate::theme::{SyntaxStyles, Theme};

/// A code block as laid out: its language, the output line its text starts
/// on, and where each of its output lines' text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The fence's first word, sanitised (`yaml`, `rust`, `sh`), or empty.
    pub lang: String,
    pub first_line: usize,
    /// One for each output line of code, in order: a long source line that
    /// wraps has several.
    pub pieces: Vec<CodePiece>,
}

/// Where one output line's code text comes from. The text is the line's
/// last span; tabs are already spaces and control characters symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodePiece {
    pub source_line: u32,
    /// Byte offset of the span's text in its source line.
    pub offset: u32,
}

impl CodeBlock {
    pub fn lines(&self) -> Range<usize> {
        self.first_line..self.first_line + self.pieces.len()
    }

    /// Source lines in the block: wrapping does not change it.
    pub fn source_lines(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.source_line as usize + 1)
    }

    /// Source line `k`'s text, rebuilt from the laid-out lines (a wrapped
    /// line's pieces joined).
    fn source_line(&self, lines: &StyledLines, k: usize) -> String {
        let first = self.pieces.partition_point(|p| (p.source_line as usize) < k);
        let count = self.pieces[first..].iter().take_while(|p| p.source_line as usize == k).count();
        let mut text = String::new();
        for piece in first..first + count {
            text.push_str(last_span(lines, self.first_line + piece));
        }
        text
    }
}

fn last_span(lines: &StyledLines, i: usize) -> &str {
    lines.spans_of(i).last().map_or("", |(text, _)| text)
}

/// The colours of one code block, as far as they have been worked out: the
/// tokens of its first source lines, and the tokenizer's state to go on.
/// They are by source line, so they hold for the block laid out at any width.
pub struct BlockColours {
    /// Token runs of each source line done: each run's end and kind.
    lines: Vec<LineTokens>,
    grammar: Option<Grammar>,
}

impl std::fmt::Debug for BlockColours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockColours").field("lines", &self.lines.len()).finish_non_exhaustive()
    }
}

impl BlockColours {
    /// Colours for `block`: none yet, and none ever for a language not known.
    pub fn new(block: &CodeBlock) -> Self {
        Self { lines: Vec::new(), grammar: Grammar::for_language(&block.lang) }
    }

    /// Whether there is anything to colour: a known language.
    pub fn is_known(&self) -> bool {
        self.grammar.is_some()
    }

    /// Works colours out up to (and with) output line `line` of the note,
    /// at most `budget` source lines of it. Returns how many were done.
    pub fn extend_to(&mut self, block: &CodeBlock, lines: &StyledLines, line: usize, budget: usize) -> usize {
        let Some(grammar) = &mut self.grammar else { return 0 };
        let Some(last) = block.pieces.len().checked_sub(1) else { return 0 };
        let wanted = block.pieces[line.saturating_sub(block.first_line).min(last)].source_line as usize;
        let mut done = 0;
        while self.lines.len() <= wanted && done < budget {
            let text = block.source_line(lines, self.lines.len());
            self.lines.push(grammar.tokens(&text));
            done += 1;
        }
        done
    }

    /// Colours for the whole block.
    pub fn complete(block: &CodeBlock, lines: &StyledLines) -> Self {
        let mut colours = Self::new(block);
        colours.extend_to(block, lines, block.lines().end, usize::MAX);
        colours
    }

    fn tokens(&self, source_line: u32) -> Option<&LineTokens> {
        self.lines.get(source_line as usize)
    }
}

/// The code blocks of a note (in line order) with their colours, as far as
/// they are known.
pub struct NoteColours<'n> {
    pub blocks: &'n [CodeBlock],
    /// By block index; `None` where not worked out (drawn plain).
    pub colours: &'n [Option<BlockColours>],
}

impl NoteColours<'_> {
    /// Line `i` of `lines`, in syntax colours if it is code whose colours are known.
    pub fn line<'l>(&self, lines: &'l StyledLines, i: usize, theme: &Theme) -> Line<'l> {
        let line = lines.line(i);
        let Some(k) = block_at(self.blocks, i) else { return line };
        match self.colours.get(k).and_then(Option::as_ref) {
            Some(colours) => paint(line, &self.blocks[k], i, colours, theme),
            None => line,
        }
    }
}

/// The index of the block that output line `i` is code of, if any.
pub fn block_at(blocks: &[CodeBlock], i: usize) -> Option<usize> {
    let k = blocks.partition_point(|b| b.first_line <= i).checked_sub(1)?;
    blocks[k].lines().contains(&i).then_some(k)
}

/// Output line `i` (code of `block`) with its code text split by token and
/// styled by kind; as it was where the colours do not reach yet.
pub fn paint<'l>(mut line: Line<'l>, block: &CodeBlock, i: usize, colours: &BlockColours, theme: &Theme) -> Line<'l> {
    let Some(piece) = i.checked_sub(block.first_line).and_then(|k| block.pieces.get(k)) else { return line };
    let Some(tokens) = colours.tokens(piece.source_line) else { return line };
    let Some(code) = line.spans.pop() else { return line };
    let base = code.style;
    let start = piece.offset as usize;
    let end = start + code.content.len();
    let mut at = start;
    let split = |from: usize, to: usize| -> Span<'l> {
        match &code.content {
            std::borrow::Cow::Borrowed(text) => Span::styled(&text[from - start..to - start], base),
            std::borrow::Cow::Owned(text) => Span::styled(text[from - start..to - start].to_string(), base),
        }
    };
    for &(run_end, kind) in tokens.runs() {
        let run_end = (run_end as usize).min(end);
        if run_end <= at {
            continue;
        }
        // Runs end on char boundaries of the source line; a piece boundary
        // is one too, so each part is whole characters.
        let mut span = split(at, run_end);
        span.style = base.patch(kind_style(&theme.syntax, kind));
        line.spans.push(span);
        at = run_end;
        if at >= end {
            break;
        }
    }
    if at < end {
        line.spans.push(split(at, end));
    }
    line
}

/// The theme's style for a kind of token.
fn kind_style(styles: &SyntaxStyles, kind: TokenKind) -> Style {
    match kind {
        TokenKind::Plain => Style::default(),
        TokenKind::Comment => styles.comment,
        TokenKind::Keyword => styles.keyword,
        TokenKind::String => styles.string,
        TokenKind::Number => styles.number,
        TokenKind::Type => styles.kind,
        TokenKind::Function => styles.function,
        TokenKind::Tag => styles.tag,
    }
}

/// Colours for every block of a note, worked out on every core: for
/// printing a whole note at once (`confnotes render`).
pub fn colour_all(blocks: &[CodeBlock], lines: &StyledLines) -> Vec<Option<BlockColours>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(blocks.len()).max(1);
    // Shares of about equal lines, each a run of blocks, so results stay in order.
    let total: usize = blocks.iter().map(|b| b.pieces.len()).sum();
    let per_thread = total.div_ceil(threads).max(1);
    let mut shares: Vec<&[CodeBlock]> = Vec::new();
    let (mut start, mut counted) = (0, 0);
    for (k, block) in blocks.iter().enumerate() {
        counted += block.pieces.len();
        if counted >= per_thread {
            shares.push(&blocks[start..=k]);
            (start, counted) = (k + 1, 0);
        }
    }
    shares.push(&blocks[start..]);
    let colour = |share: &[CodeBlock]| -> Vec<Option<BlockColours>> {
        share.iter().map(|block| Some(BlockColours::complete(block, lines)).filter(BlockColours::is_known)).collect()
    };
    use rayon::prelude::*;
    let coloured: Vec<Vec<Option<BlockColours>>> = shares
        .par_iter()
        .map(|&share| {
            // A panic while colouring leaves those blocks plain rather than losing the note.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| colour(share)))
                .unwrap_or_else(|_| (0..share.len()).map(|_| None).collect())
        })
        .collect();
    coloured.into_iter().flatten().collect()
}
