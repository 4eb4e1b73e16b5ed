//! The rows of the two lists as the panes show them, and the scroll math
//! that keeps a selection in view. Shared by update and view.

use super::App;

/// A line of the event timeline: a header, a saved search or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRow {
    /// Heads the saved searches, above the events.
    SavedHeader,
    /// A saved search (index into `App::saved.views`), selectable like an event.
    Saved(usize),
    /// `None` heads the undated events.
    Year(Option<i32>),
    /// Heads a series' editions (or an event of no series) in the series
    /// view; the event is the group's first, and names it.
    Series(usize),
    Event(usize),
}

impl TimelineRow {
    /// Whether j/k, clicks and the selection can land on it.
    pub fn is_selectable(self) -> bool {
        matches!(self, TimelineRow::Saved(_) | TimelineRow::Event(_))
    }
}

/// A line group of the talks list. The overview and the notes take
/// `TALK_ROW_HEIGHT` lines each and are what `App::entry` counts; a group
/// header takes `GROUP_HEADER_HEIGHT` and can never be selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalkRow {
    Overview(usize),
    /// The heading (`Day 1`, `Saturday › Rust devroom`) above a run of a
    /// one-file event's talks; holds the first note of the run, whose
    /// `group` it shows.
    Group(usize),
    Note(usize),
}

pub const TALK_ROW_HEIGHT: usize = 2;
/// One line: a group header is a label, not an entry with a second line.
pub const GROUP_HEADER_HEIGHT: usize = 1;

impl TalkRow {
    pub fn height(self) -> usize {
        match self {
            TalkRow::Group(_) => GROUP_HEADER_HEIGHT,
            TalkRow::Overview(_) | TalkRow::Note(_) => TALK_ROW_HEIGHT,
        }
    }

    /// Whether j/k, clicks and `App::entry` can land on it.
    pub fn is_entry(self) -> bool {
        !matches!(self, TalkRow::Group(_))
    }
}

impl App {
    /// The saved searches under their header, then the events under a
    /// header per year, or per series in the series view.
    pub fn timeline_rows(&self) -> Vec<TimelineRow> {
        let mut rows = Vec::new();
        if !self.saved.views().is_empty() {
            rows.push(TimelineRow::SavedHeader);
            rows.extend((0..self.saved.views().len()).map(TimelineRow::Saved));
        }
        let events = &self.collection.events;
        let mut previous: Option<usize> = None;
        for e in self.event_order() {
            let new_group = match (self.grouping, previous) {
                (_, None) => true,
                (super::Grouping::Year, Some(p)) => events[e].year() != events[p].year(),
                // The order keeps a series together; an event of no series is a group of its own.
                (super::Grouping::Series, Some(p)) => {
                    events[e].series_key.is_none() || events[e].series_key != events[p].series_key
                }
            };
            if new_group {
                rows.push(match self.grouping {
                    super::Grouping::Year => TimelineRow::Year(events[e].year()),
                    super::Grouping::Series => TimelineRow::Series(e),
                });
            }
            rows.push(TimelineRow::Event(e));
            previous = Some(e);
        }
        rows
    }

    /// The timeline row that is selected: a saved search, else the event.
    pub fn timeline_selection(&self) -> Option<TimelineRow> {
        match self.saved.selected() {
            Some(i) => Some(TimelineRow::Saved(i)),
            None => self.selection.event().map(TimelineRow::Event),
        }
    }

    /// Selects a saved search or an event; headers select nothing.
    pub fn select_timeline_row(&mut self, row: TimelineRow) {
        match row {
            TimelineRow::Saved(i) => self.select_saved_search(i),
            TimelineRow::Event(e) => self.select_event(e),
            TimelineRow::SavedHeader | TimelineRow::Year(_) | TimelineRow::Series(_) => {}
        }
    }

    /// The overview, then the notes, with a group header wherever a note's
    /// `group` differs from the note before it. A note without a group (a
    /// talk before a one-file event's first "Day 1") gets no header.
    pub fn talk_rows(&self) -> Vec<TalkRow> {
        let Some(event) = self.selection.event() else { return Vec::new() };
        let notes = &self.collection.notes;
        let mut rows = vec![TalkRow::Overview(event)];
        let mut previous: Option<&str> = None;
        for &n in self.event_notes() {
            let group = notes[n].group();
            if group.is_some() && group != previous {
                rows.push(TalkRow::Group(n));
            }
            previous = group;
            rows.push(TalkRow::Note(n));
        }
        rows
    }

    /// The first line of each entry of the talks list (`App::entry` indexes
    /// this), counting group headers above it.
    fn talk_entry_lines(&self) -> Vec<usize> {
        let mut line = 0;
        let mut tops = Vec::new();
        for row in self.talk_rows() {
            if row.is_entry() {
                tops.push(line);
            }
            line += row.height();
        }
        tops
    }

    /// The line of the talks list on which the selected entry starts.
    pub fn talks_selected_line(&self) -> usize {
        self.talk_entry_lines().get(self.selection.entry()).copied().unwrap_or(0)
    }

    /// The entry drawn on `line` of the talks list; `None` for a group
    /// header or past the end, so a click there selects nothing.
    pub fn talk_entry_at_line(&self, line: usize) -> Option<usize> {
        let tops = self.talk_entry_lines();
        let entry = tops.partition_point(|&top| top <= line).checked_sub(1)?;
        (line < tops[entry] + TALK_ROW_HEIGHT).then_some(entry)
    }
}

/// The new first visible line so that lines `top..top + height` are in a
/// viewport of `viewport` lines, moving as little as possible, and keeping a
/// line of context above when there is room (so year headers stay visible).
/// Never past the last full view of the `total` lines: an offset kept from a
/// smaller pane (a resize, a shorter list) would hide lines above while
/// leaving room empty below.
pub fn settle_offset(offset: usize, top: usize, height: usize, viewport: usize, total: usize) -> usize {
    if viewport == 0 {
        return top;
    }
    let context = usize::from(viewport > height + 2);
    let want_top = top.saturating_sub(context);
    let settled = if want_top < offset {
        want_top
    } else if top + height > offset + viewport {
        (top + height).saturating_sub(viewport)
    } else {
        offset
    };
    // The selection ends by `total`, so the last full view still shows it.
    settled.min(total.max(top + height).saturating_sub(viewport))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_only_when_the_selection_leaves_the_view() {
        assert_eq!(settle_offset(0, 3, 1, 10, 20), 0);
        assert_eq!(settle_offset(0, 12, 1, 10, 20), 3);
        assert_eq!(settle_offset(5, 5, 1, 10, 20), 4, "a line of context above");
        assert_eq!(settle_offset(5, 0, 2, 10, 20), 0);
        assert_eq!(settle_offset(0, 9, 2, 10, 20), 1, "a two-line row fits entirely");
        assert_eq!(settle_offset(7, 3, 1, 0, 20), 3);
    }

    #[test]
    fn offset_never_leaves_room_empty_below_while_lines_above_are_hidden() {
        assert_eq!(settle_offset(12, 14, 1, 40, 20), 0, "all fits: from the top");
        assert_eq!(settle_offset(12, 14, 1, 10, 20), 10, "the last full view");
        assert_eq!(settle_offset(3, 5, 1, 10, 30), 3, "room below is filled: kept");
        assert_eq!(settle_offset(0, 19, 1, 10, 20), 10, "the selection still shows");
    }
}
