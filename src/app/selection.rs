//! What the lists have selected: the event (an index into the collection's
//! events), the row of its talks list, and the row last selected in each
//! event, restored on return. A part of the app that owns its state,
//! changed only through its methods.

use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Index into `collection.events` of the selected event.
    event: Option<usize>,
    /// Row in the talks list: 0 is the event overview, then its notes.
    entry: usize,
    /// The talks row last selected in each event.
    remembered: HashMap<usize, usize>,
}

impl Selection {
    pub fn event(&self) -> Option<usize> {
        self.event
    }

    pub fn entry(&self) -> usize {
        self.entry
    }

    pub(super) fn set_event(&mut self, event: Option<usize>) {
        self.event = event;
    }

    pub(super) fn set_entry(&mut self, entry: usize) {
        self.entry = entry;
    }

    /// Remembers `entry` as the row selected in `event`.
    pub(super) fn remember(&mut self, event: usize, entry: usize) {
        self.remembered.insert(event, entry);
    }

    /// The row last selected in `event`, if remembered.
    pub(super) fn remembered(&self, event: usize) -> Option<usize> {
        self.remembered.get(&event).copied()
    }

    pub(super) fn forget(&mut self, event: usize) {
        self.remembered.remove(&event);
    }

    /// Forgets every remembered row: the events they point at are gone (a reload).
    pub(super) fn forget_all(&mut self) {
        self.remembered.clear();
    }
}
