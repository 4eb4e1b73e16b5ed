//! The rows of the two lists as the panes show them, and the scroll math
//! that keeps a selection in view. Shared by update and view.

use super::App;

/// A line of the event timeline: a year header or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRow {
    /// `None` heads the undated events.
    Year(Option<i32>),
    Event(usize),
}

/// An entry of the talks list; each takes [`TALK_ROW_HEIGHT`] lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalkRow {
    Overview(usize),
    Note(usize),
}

pub const TALK_ROW_HEIGHT: usize = 2;

impl App {
    pub fn timeline_rows(&self) -> Vec<TimelineRow> {
        let mut rows = Vec::new();
        let mut last_year = None;
        for (n, e) in self.event_order().into_iter().enumerate() {
            let year = self.collection.events[e].year();
            if n == 0 || year != last_year {
                rows.push(TimelineRow::Year(year));
                last_year = year;
            }
            rows.push(TimelineRow::Event(e));
        }
        rows
    }

    pub fn talk_rows(&self) -> Vec<TalkRow> {
        let Some(event) = self.event else { return Vec::new() };
        std::iter::once(TalkRow::Overview(event)).chain(self.event_notes().iter().map(|&n| TalkRow::Note(n))).collect()
    }

    /// Line of the timeline on which the selected event sits.
    pub(super) fn timeline_selected_line(&self) -> usize {
        self.timeline_rows().iter().position(|r| Some(*r) == self.event.map(TimelineRow::Event)).unwrap_or(0)
    }
}

/// The new first visible line so that lines `top..top + height` are in a
/// viewport of `viewport` lines, moving as little as possible, and keeping a
/// line of context above when there is room (so year headers stay visible).
pub fn settle_offset(offset: usize, top: usize, height: usize, viewport: usize) -> usize {
    if viewport == 0 {
        return top;
    }
    let context = usize::from(viewport > height + 2);
    let want_top = top.saturating_sub(context);
    if want_top < offset {
        want_top
    } else if top + height > offset + viewport {
        (top + height).saturating_sub(viewport)
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_only_when_the_selection_leaves_the_view() {
        assert_eq!(settle_offset(0, 3, 1, 10), 0);
        assert_eq!(settle_offset(0, 12, 1, 10), 3);
        assert_eq!(settle_offset(5, 5, 1, 10), 4, "a line of context above");
        assert_eq!(settle_offset(5, 0, 2, 10), 0);
        assert_eq!(settle_offset(0, 9, 2, 10), 1, "a two-line row fits entirely");
        assert_eq!(settle_offset(7, 3, 1, 0), 3);
    }
}
