//! The loaded collection: events, notes and the warnings met on the way.

use std::fmt;
use std::path::PathBuf;

use super::date::PartialDate;
use super::topics::{Topic, Vocabulary};
use crate::diagnostic::Diagnostic;

/// A note's stable identity: its path relative to the collection root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteId(pub String);

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a collection was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The collection embedded in the binary.
    Bundled,
    Folder(PathBuf),
}

impl Origin {
    /// How a file of this collection is named in messages.
    pub fn display_path(&self, rel: &str) -> String {
        match self {
            Origin::Bundled => format!("notes/{rel}"),
            Origin::Folder(root) => root.join(rel).display().to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub origin: Origin,
    /// The root README.md: the collection's own introduction.
    pub intro: Option<String>,
    /// Sorted by start date; undated events last.
    pub events: Vec<Event>,
    /// Every note; events refer to them by index.
    pub notes: Vec<Note>,
    pub vocabulary: Vocabulary,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Event {
    /// The event folder's path relative to the root.
    pub folder: String,
    pub name: String,
    pub city: Option<String>,
    pub country: Option<String>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub series: Option<String>,
    pub url: Option<String>,
    /// Markdown overview from `event.md`, empty when there is none.
    pub overview: String,
    /// Indices into [`Collection::notes`], in display order.
    pub notes: Vec<usize>,
}

impl Event {
    pub fn year(&self) -> Option<i32> {
        self.start.map(|d| d.year)
    }
}

#[derive(Debug, Clone)]
pub struct Note {
    pub id: NoteId,
    /// Index into [`Collection::events`].
    pub event: usize,
    pub title: String,
    pub kind: Option<String>,
    pub speakers: Vec<String>,
    /// Canonical topic names (aliases resolved), in the order written.
    pub topics: Vec<Topic>,
    /// `related:` entries as written (paths relative to the root).
    pub related: Vec<String>,
    pub source: Option<String>,
    pub order: Option<i64>,
    /// Markdown after the front matter.
    pub body: String,
    /// File line on which `body` starts, for editors and search results.
    pub body_line: usize,
    /// Something about this file was reported in [`Collection::warnings`].
    pub has_warning: bool,
}

impl Note {
    /// The kind as shown: the front matter's word, or `note`.
    pub fn kind_label(&self) -> &str {
        self.kind.as_deref().unwrap_or("note")
    }
}

impl Collection {
    pub fn event_of(&self, note: usize) -> &Event {
        &self.events[self.notes[note].event]
    }

    pub fn note_index(&self, id: &str) -> Option<usize> {
        self.notes.iter().position(|n| n.id.0 == id)
    }
}
