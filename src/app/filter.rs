//! `/` in the lists: narrowing the timeline and the talks to the notes that
//! match a query (`ebpf year:2022.. is:unread`, see `search::query`). The
//! matching notes are worked out once per query and state change, not per key.

use std::collections::HashMap;

use super::{App, Prompt, PromptKind, TextField};
use crate::search::Query;

/// The notes of each event that pass the list filter.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// The query as typed.
    text: String,
    query: Query,
    /// What in the query was not understood, said to the reader.
    problems: Vec<String>,
    /// Event → its matching notes in list order; events without any are absent.
    notes: HashMap<usize, Vec<usize>>,
    /// The state generation the matches were computed for.
    computed_for: u64,
}

impl ListFilter {
    /// The query as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The matching notes of `event` in list order; `None` when it has none.
    pub fn notes_of(&self, event: usize) -> Option<&[usize]> {
        self.notes.get(&event).map(Vec::as_slice)
    }

    /// Whether `event` has a note that passes, so that it is listed.
    pub fn lists_event(&self, event: usize) -> bool {
        self.notes.contains_key(&event)
    }

    /// Whether `note` of `event` passes.
    pub fn lists(&self, event: usize, note: usize) -> bool {
        self.notes_of(event).is_some_and(|notes| notes.contains(&note))
    }

    /// The query as typed, the filter done with.
    pub fn into_text(self) -> String {
        self.text
    }
}

impl App {
    pub(super) fn start_list_filter(&mut self) {
        let text = self.list_filter.as_ref().map(|f| f.text.clone()).unwrap_or_default();
        self.prompt = Some(Prompt { kind: PromptKind::ListFilter, field: TextField::with_text(&text) });
    }

    /// Applies the typed filter (an empty one clears it).
    pub(super) fn set_list_filter(&mut self, text: &str) {
        if text.trim().is_empty() {
            self.list_filter = None;
            self.message = None;
        } else {
            let (query, problems) = Query::parse(text, &self.collection.vocabulary);
            self.list_filter = Some(ListFilter {
                text: text.to_string(),
                query,
                problems,
                notes: HashMap::new(),
                computed_for: u64::MAX,
            });
        }
        self.refresh_list_filter();
        self.keep_selection_in_filter();
    }

    /// Lifts the list filter when it does not list what the reader is taken
    /// to (`listed` says whether it does); returns whether it was lifted.
    pub(super) fn lift_filter_hiding(&mut self, listed: impl Fn(&ListFilter) -> bool) -> bool {
        let hidden = self.list_filter.as_ref().is_some_and(|f| !listed(f));
        if hidden {
            self.list_filter = None;
        }
        hidden
    }

    /// Matches are computed again: the topics found in the text came in.
    pub(super) fn forget_list_filter_matches(&mut self) {
        if let Some(filter) = &mut self.list_filter {
            filter.computed_for = u64::MAX;
        }
    }

    /// Recomputes the matches when the query or the read state changed.
    pub(super) fn refresh_list_filter(&mut self) {
        let generation = self.reading.generation().0;
        let Some(filter) = &self.list_filter else { return };
        if filter.computed_for == generation {
            return;
        }
        let c = &self.collection;
        let mut notes: HashMap<usize, Vec<usize>> = HashMap::new();
        for (e, event) in c.events.iter().enumerate() {
            let matching: Vec<usize> = event
                .notes
                .iter()
                .copied()
                .filter(|&n| {
                    let id = &c.notes[n].id.0;
                    filter.query.matches(
                        c,
                        n,
                        self.related.found_topics(n),
                        self.reading.state().is_read(id),
                        self.reading.state().is_bookmarked(id),
                    )
                })
                .collect();
            if !matching.is_empty() {
                notes.insert(e, matching);
            }
        }
        let total: usize = notes.values().map(Vec::len).sum();
        let description = filter.query.describe(&c.vocabulary);
        let problems = filter.problems.join("; ");
        if let Some(filter) = &mut self.list_filter {
            filter.notes = notes;
            filter.computed_for = generation;
            let events = filter.notes.len();
            self.message = Some(if problems.is_empty() {
                format!(
                    "{description}: {} in {}",
                    super::reading::plural(total, "note"),
                    super::reading::plural(events, "event")
                )
            } else {
                format!("{description}: {} ({problems})", super::reading::plural(total, "note"))
            });
        }
    }

    /// After the filter changes, the selection moves to something that passes it.
    pub(super) fn keep_selection_in_filter(&mut self) {
        let order = self.event_order();
        if self.saved.selected().is_some() {
            // The talks pane lists the saved search, which the filter does not
            // narrow: only the event to come back to must be one that is listed.
            if self.selection.event().is_none_or(|e| !order.contains(&e)) {
                self.selection.set_event(order.first().copied());
                // As when the filter moves the selection: that event starts at its overview.
                if let Some(e) = self.selection.event() {
                    self.selection.forget(e);
                }
            }
            return;
        }
        match self.selection.event() {
            Some(e) if order.contains(&e) => {}
            _ => {
                self.selection.set_event(order.first().copied());
                self.selection.set_entry(0);
            }
        }
        self.selection.set_entry(self.selection.entry().min(self.entry_count().saturating_sub(1)));
        self.panes.talks_to_top();
    }
}
