//! Syntax colours of the shown note's code blocks, worked out as they come
//! on screen and kept while the note stays: a re-wrap keeps them (they are
//! by source line), another note drops them.

use crate::render::{BlockColours, NoteColours};

use super::{App, Document, RenderedDoc};

/// Source lines coloured at most per settle: jumping to the end of a huge
/// block colours it over a few keys instead of stalling one.
const LINES_PER_SETTLE: usize = 2_000;

#[derive(Debug, Default)]
pub struct CodeColours {
    document: Option<Document>,
    /// By block index, made when a block first shows.
    blocks: Vec<Option<BlockColours>>,
}

impl CodeColours {
    /// Colours for the code on `visible` lines of `rendered`, worked out as far as needed.
    fn settle(&mut self, rendered: &RenderedDoc, visible: std::ops::Range<usize>, enabled: bool) {
        if self.document != Some(rendered.document) || self.blocks.len() != rendered.code_blocks.len() {
            self.document = Some(rendered.document);
            self.blocks.clear();
            self.blocks.resize_with(rendered.code_blocks.len(), || None);
        }
        if !enabled || visible.is_empty() {
            return;
        }
        let first = rendered.code_blocks.partition_point(|b| b.lines().end <= visible.start);
        let mut budget = LINES_PER_SETTLE;
        for (k, block) in rendered.code_blocks.iter().enumerate().skip(first) {
            if block.first_line >= visible.end || budget == 0 {
                break;
            }
            let colours = self.blocks[k].get_or_insert_with(|| BlockColours::new(block));
            budget -= colours.extend_to(block, &rendered.lines, visible.end - 1, budget).min(budget);
        }
    }

    /// The painter for `rendered`'s lines, with the colours known so far.
    pub fn painter<'a>(&'a self, rendered: &'a RenderedDoc) -> NoteColours<'a> {
        let known = self.document == Some(rendered.document) && self.blocks.len() == rendered.code_blocks.len();
        NoteColours { blocks: &rendered.code_blocks, colours: if known { &self.blocks } else { &[] } }
    }
}

impl App {
    /// Colours the code blocks on screen in the note pane.
    pub(super) fn settle_code_colours(&mut self) {
        let Some(rendered) = self.note_view.rendered() else { return };
        let height = self.layout().note.map_or(0, crate::layout::inner_height);
        let top = self.note_view.scroll();
        let visible = top..(top + height).min(rendered.lines.len());
        let enabled = !self.theme.syntax.is_plain();
        self.code_colours.settle(rendered, visible, enabled);
    }
}
