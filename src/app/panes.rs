//! Where the panes are: the focused pane, the terminal's area, how far each
//! list is scrolled and the border being dragged. A part of the app that
//! owns its state, changed only through its methods; the rectangles
//! themselves come from the pure [`crate::layout::layout`].

use ratatui::layout::Rect;

use super::mouse::Border;
use super::rows;
use crate::layout::Pane;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panes {
    /// The pane that has the keys.
    focus: Pane,
    /// The terminal's size.
    area: Rect,
    /// First rows shown of the timeline and the talks list.
    timeline_offset: usize,
    talks_offset: usize,
    /// A pane border being dragged with the mouse.
    dragging: Option<Border>,
}

impl Default for Panes {
    fn default() -> Self {
        Self {
            focus: Pane::Timeline,
            area: Rect::new(0, 0, 80, 24),
            timeline_offset: 0,
            talks_offset: 0,
            dragging: None,
        }
    }
}

impl Panes {
    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
    }

    pub fn timeline_offset(&self) -> usize {
        self.timeline_offset
    }

    pub fn talks_offset(&self) -> usize {
        self.talks_offset
    }

    /// The talks list shown from its top (another event, list or filter).
    pub fn talks_to_top(&mut self) {
        self.talks_offset = 0;
    }

    /// Scrolls the timeline, `rows` high and `total` long, so its `selected` line shows.
    pub fn settle_timeline(&mut self, selected: usize, rows: usize, total: usize) {
        self.timeline_offset = rows::settle_offset(self.timeline_offset, selected, 1, rows, total);
    }

    /// Scrolls the talks list, `rows` high and `total` lines long, so its `selected` line shows.
    pub fn settle_talks(&mut self, selected: usize, rows: usize, total: usize) {
        self.talks_offset = rows::settle_offset(self.talks_offset, selected, rows::TALK_ROW_HEIGHT, rows, total);
    }

    pub fn dragging(&self) -> Option<Border> {
        self.dragging
    }

    /// A border taken (or a press on none), or let go of with `None`.
    pub fn drag(&mut self, border: Option<Border>) {
        self.dragging = border;
    }
}
