//! The mouse: a click focuses a pane and selects what is under it, the wheel
//! scrolls the pane under the pointer, dragging a border between panes
//! resizes them. Mouse input is not bindable, so it arrives as a `Notice`.

use ratatui::layout::{Position, Rect};

use super::{App, Effect};
use crate::keymap::Action;
use crate::layout::{popup, Pane};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Down,
    Drag,
    Up,
    ScrollUp,
    ScrollDown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MouseInput {
    pub kind: MouseKind,
    pub x: u16,
    pub y: u16,
}

/// The border being dragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Border {
    TimelineTalks,
    TalksNote,
}

/// Lines the wheel scrolls a note by.
const WHEEL_LINES: isize = 3;

impl App {
    /// Returns the effects of what the input did, as a key's are returned.
    pub(super) fn mouse(&mut self, input: MouseInput) -> Vec<Effect> {
        let at = Position { x: input.x, y: input.y };
        if self.overlay.is_some() {
            match input.kind {
                MouseKind::ScrollUp => return self.update(Action::MoveUp),
                MouseKind::ScrollDown => return self.update(Action::MoveDown),
                // A click outside the view closes it, as in most pickers.
                MouseKind::Down if !popup(self.area()).contains(at) => {
                    self.overlay = None;
                }
                _ => {}
            }
            return Vec::new();
        }
        let layout = self.layout();
        // As a key does: what the status line said was about the last action.
        if matches!(input.kind, MouseKind::Down | MouseKind::ScrollUp | MouseKind::ScrollDown) {
            self.message = None;
        }
        match input.kind {
            MouseKind::Down => {
                self.panes.drag(self.border_at(input.x, input.y));
                if self.panes.dragging().is_none() {
                    if let Some(pane) = Pane::ALL.into_iter().find(|&p| layout.pane(p).is_some_and(|r| r.contains(at)))
                    {
                        self.panes.set_focus(pane);
                        self.click(pane, at);
                    }
                }
            }
            MouseKind::Drag => {
                if let Some(border) = self.panes.dragging() {
                    self.drag(border, input.x);
                }
            }
            MouseKind::Up => self.panes.drag(None),
            MouseKind::ScrollUp | MouseKind::ScrollDown => {
                let up = input.kind == MouseKind::ScrollUp;
                if let Some(pane) = Pane::ALL.into_iter().find(|&p| layout.pane(p).is_some_and(|r| r.contains(at))) {
                    self.wheel(pane, up);
                }
            }
        }
        // A click may open a note, and so mark it read.
        self.take_save()
    }

    /// The border between two side-by-side panes at this cell, if any.
    fn border_at(&self, x: u16, y: u16) -> Option<Border> {
        let layout = self.layout();
        let (timeline, talks, note) = (layout.timeline?, layout.talks?, layout.note?);
        let inside = |r: Rect| y >= r.y && y < r.y + r.height;
        // The two border columns that meet, either side of the seam.
        let seam = |left: Rect| x + 1 == left.x + left.width || x == left.x + left.width;
        if inside(timeline) && seam(timeline) {
            Some(Border::TimelineTalks)
        } else if inside(talks) && seam(talks) && x < note.x + 1 {
            Some(Border::TalksNote)
        } else {
            None
        }
    }

    fn drag(&mut self, border: Border, x: u16) {
        let width = u32::from(self.area().width.max(1));
        let percent = |cells: u16| (u32::from(cells) * 100 / width).clamp(10, 60) as u16;
        match border {
            Border::TimelineTalks => self.settings.timeline_width = percent(x + 1),
            Border::TalksNote => {
                let timeline = self.layout().timeline.map_or(0, |r| r.width);
                self.settings.talks_width = percent((x + 1).saturating_sub(timeline));
            }
        }
    }

    fn click(&mut self, pane: Pane, at: Position) {
        let Some(rect) = self.layout().pane(pane) else { return };
        // Inside the border.
        if at.y <= rect.y || at.y + 1 >= rect.y + rect.height {
            return;
        }
        let row = usize::from(at.y - rect.y - 1);
        match pane {
            Pane::Timeline => {
                if let Some(&row) = self.timeline_rows().get(self.panes.timeline_offset() + row) {
                    self.select_timeline_row(row);
                }
            }
            Pane::Talks => {
                // A group header ("Day 1") is no entry: a click on it selects nothing.
                if let Some(entry) = self.talk_entry_at_line(self.panes.talks_offset() + row) {
                    self.select_entry(entry);
                }
            }
            Pane::Note => {
                if let Some(compare) = &mut self.compare {
                    compare.set_focus_right(at.x >= crate::layout::split_note(rect).1.x);
                }
            }
        }
        self.reading_events();
    }

    fn wheel(&mut self, pane: Pane, up: bool) {
        let focus = self.focus();
        self.panes.set_focus(pane);
        match pane {
            Pane::Note => {
                let lines = if up { -WHEEL_LINES } else { WHEEL_LINES };
                self.move_by(lines);
            }
            _ => self.move_by(if up { -1 } else { 1 }),
        }
        // The wheel scrolls what is under the pointer without taking the keys there.
        self.panes.set_focus(focus);
        if pane == Pane::Note {
            // Scrolling a note is reading it; scrolling a list only browses.
            self.reading_events();
        } else {
            self.settle();
        }
    }
}
