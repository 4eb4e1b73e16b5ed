//! The loaded collection: events, notes and the warnings met on the way.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::body::{Body, BodyError};
use super::date::PartialDate;
use super::kind::Kind;
use crate::diagnostic::Diagnostic;
use crate::relate::topics::{Topic, Vocabulary};

/// A note's stable identity: its path relative to the collection root, `/`-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NoteId(pub String);

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a collection was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Event {
    /// The event's path relative to the root: its folder, or for an event
    /// kept in one file (`keldam-2020.md`), that file.
    pub folder: String,
    pub name: String,
    pub city: Option<String>,
    pub country: Option<String>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// The conference series as written in `event.md`, else as recognised
    /// from folder and file names (`Quirkyweave`, `ZoCon`).
    pub series: Option<String>,
    /// [`series`](Self::series) normalised (no years, separators or case):
    /// events with the same key are editions of one series. `None` for an
    /// event that is no edition of anything.
    pub series_key: Option<String>,
    pub url: Option<String>,
    /// Markdown overview from `event.md` (or `README.md`, `index.md`,
    /// `_index.md`), or the text before the first talk of a one-file event;
    /// empty when there is none.
    pub overview: String,
    /// The file the overview was read from, relative to the root.
    pub overview_file: Option<String>,
    /// Where the overview's lines are in `overview_file`: for each piece of
    /// it, its first line in `overview` (0-based) and in the file (1-based).
    /// One piece for `event.md`; a one-file event's overview is pieced
    /// together from the text before its talks and the day headings with
    /// text of their own.
    pub overview_pieces: Vec<(usize, usize)>,
    /// Indices into [`Collection::notes`], in display order.
    pub notes: Vec<usize>,
    /// Known from its path only: its files are still being read (see
    /// [`Listing::first_look`](super::Listing::first_look)), so it has
    /// no notes yet and its name and dates may change.
    pub pending: bool,
}

impl Event {
    pub fn year(&self) -> Option<i32> {
        self.start.map(|d| d.year)
    }

    /// Where the event was: its city, else its name.
    pub fn place(&self) -> &str {
        self.city.as_deref().unwrap_or(&self.name)
    }

    /// The event as named beside notes of many events: its place and year.
    /// Names taken from folders often carry the year already (`KELDAM 2020`),
    /// and then it is not said twice.
    pub fn label(&self) -> String {
        let place = self.place();
        match self.year() {
            Some(y) if !place.contains(&y.to_string()) => format!("{place} {y}"),
            _ => place.to_string(),
        }
    }

    /// The name without its edition's year, as the conference is called
    /// across editions (`Widget Summit 2015` → `Widget Summit`, `(2015)`
    /// and a dash before it too). The name itself when the year is not a
    /// word of it, or is all of it.
    pub fn name_without_year(&self) -> std::borrow::Cow<'_, str> {
        let Some(year) = self.year().map(|y| y.to_string()) else { return self.name.as_str().into() };
        let is_year = |w: &&str| w.trim_matches(|c: char| !c.is_alphanumeric()) == year;
        if !self.name.split_whitespace().any(|w| is_year(&w)) {
            return self.name.as_str().into();
        }
        let mut words: Vec<&str> = self.name.split_whitespace().filter(|w| !is_year(w)).collect();
        // A separator the year leaves at either end (`Widget Summit – 2015`).
        let bare = |w: &str| !w.chars().any(char::is_alphanumeric);
        while words.last().is_some_and(|w| bare(w)) {
            words.pop();
        }
        let start = words.iter().take_while(|w| bare(w)).count();
        match words[start..].join(" ") {
            rest if rest.is_empty() => self.name.as_str().into(),
            rest => rest.into(),
        }
    }

    /// The file an event's overview is kept as (a bookmark of the overview
    /// names it): the file it was read from, else `event.md` in its folder.
    pub fn overview_id(&self) -> String {
        self.overview_file.clone().unwrap_or_else(|| format!("{}/event.md", self.folder))
    }

    /// The 1-based line of `overview_file` holding `line` (0-based) of the overview.
    pub fn overview_file_line(&self, line: usize) -> Option<usize> {
        let at = self.overview_pieces.partition_point(|&(start, _)| start <= line).checked_sub(1)?;
        let (start, file_line) = self.overview_pieces[at];
        Some(file_line + line - start)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Note {
    /// The note's path relative to the root; for a talk that is a section
    /// of a one-file event, `path#slug` (`keldam-2020.md#rust-in-the-kernel`).
    pub id: NoteId,
    /// Index into [`Collection::events`].
    pub event: usize,
    pub title: String,
    pub kind: Option<Kind>,
    pub speakers: Vec<String>,
    /// Canonical topic names (aliases resolved), in the order written.
    pub topics: Vec<Topic>,
    /// Topics found in the text of a note that names none: vocabulary names
    /// and aliases in its title, headings and body, most evident first.
    /// Always empty when [`topics`](Self::topics) is not.
    pub inferred_topics: Vec<Topic>,
    /// `related:`, `source:`, `order:` and the group: `None` when the note
    /// has none of them. Read them through [`Note::related`] and its siblings.
    pub extras: Option<Box<NoteExtras>>,
    /// Markdown after the front matter; for a section-note, the section
    /// from its heading up to the next talk. Perhaps still on disk: read
    /// it through [`Collection::body`].
    pub body: Body,
    /// File line on which `body` starts, for editors and search results.
    pub body_line: usize,
    /// A talk that is a section of a file of talks: its id is `file#slug`
    /// (a slug holds no `#`), and its file is [`Note::source_file`]. The
    /// file is not kept apart from the id: 7 MiB at 100,000 notes.
    pub section: bool,
    /// The line of that file where the note starts: 1, or a section's heading.
    pub source_line: usize,
    /// Something about this file was reported in [`Collection::warnings`].
    pub has_warning: bool,
}

/// What few notes have: most notes write no `related:`, `source:` or
/// `order:` and are no talk under a heading. Behind one pointer in [`Note`]
/// they cost a note 8 bytes instead of 88 (8 MiB at 100,000 notes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteExtras {
    /// `related:` entries as written (paths relative to the root).
    pub related: Vec<String>,
    pub source: Option<String>,
    pub order: Option<i64>,
    /// The coarser headings above a section-note (`Day 1`), joined with ` › `.
    pub group: Option<String>,
}

impl NoteExtras {
    /// These extras for [`Note::extras`]: `None` when none is set, so a note
    /// without any allocates nothing.
    pub fn boxed(self) -> Option<Box<Self>> {
        let none = self.related.is_empty() && self.source.is_none() && self.order.is_none() && self.group.is_none();
        (!none).then(|| Box::new(self))
    }
}

impl Note {
    /// Lets go of the room its lists grew into while it was read (a list
    /// grown name by name keeps room for four): a few dozen bytes a note,
    /// megabytes at 100,000 notes.
    pub(super) fn shrink_to_fit(&mut self) {
        for list in [&mut self.speakers, &mut self.topics, &mut self.inferred_topics] {
            list.shrink_to_fit();
        }
        if let Some(extras) = &mut self.extras {
            extras.related.shrink_to_fit();
        }
    }

    /// `related:` entries as written (paths relative to the root).
    pub fn related(&self) -> &[String] {
        self.extras.as_deref().map_or(&[], |e| &e.related)
    }

    /// `source:` as written (sanitised).
    pub fn source(&self) -> Option<&str> {
        self.extras.as_deref().and_then(|e| e.source.as_deref())
    }

    /// `order:`, or a talk's place in its file of talks.
    pub fn order(&self) -> Option<i64> {
        self.extras.as_deref().and_then(|e| e.order)
    }

    /// The coarser headings above a section-note (`Day 1`), joined with ` › `.
    pub fn group(&self) -> Option<&str> {
        self.extras.as_deref().and_then(|e| e.group.as_deref())
    }

    /// The extras to change, made when the note had none.
    pub fn extras_mut(&mut self) -> &mut NoteExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// The file the note is in, relative to the root: its id, without
    /// `#slug` for a section.
    pub fn source_file(&self) -> &str {
        let id = self.id.0.as_str();
        match id.rfind('#') {
            Some(at) if self.section => &id[..at],
            _ => id,
        }
    }

    /// The kind as shown: the front matter's word, or `note`.
    pub fn kind_label(&self) -> &str {
        self.kind.as_deref().unwrap_or("note")
    }
}

impl Collection {
    /// Whether every file has been read: no event is still [`Event::pending`].
    pub fn is_complete(&self) -> bool {
        !self.events.iter().any(|e| e.pending)
    }

    pub fn event_of(&self, note: usize) -> &Event {
        &self.events[self.notes[note].event]
    }

    /// The text of the note at `note`, read from its file if it is not in
    /// memory yet (a collection from the saved index).
    pub fn body(&self, note: usize) -> Result<&str, BodyError> {
        match self.notes.get(note) {
            Some(note) => self.text_of(note),
            None => Ok(""),
        }
    }

    /// The text of `note`, one of this collection's.
    pub fn text_of<'a>(&self, note: &'a Note) -> Result<&'a str, BodyError> {
        note.body.text(self.root(), note.source_file(), || self.origin.display_path(note.source_file()))
    }

    /// The text of `note`, one of this collection's, read from its file if
    /// it is not in memory and then not kept: for indexes built over every
    /// note, which would otherwise bring every text back into memory.
    pub fn read_text<'a>(&self, note: &'a Note) -> Result<std::borrow::Cow<'a, str>, BodyError> {
        note.body.read(self.root(), note.source_file(), || self.origin.display_path(note.source_file()))
    }

    /// The folder the notes' files are in; none for the bundled notes.
    fn root(&self) -> Option<&std::path::Path> {
        match &self.origin {
            Origin::Folder(root) => Some(root.as_path()),
            Origin::Bundled => None,
        }
    }

    pub fn note_index(&self, id: &str) -> Option<usize> {
        self.notes.iter().position(|n| n.id.0 == id)
    }

    /// The event whose overview is kept as `id` ([`Event::overview_id`]).
    pub fn overview_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.overview_id() == id)
    }

    /// The editions of `event`'s series, `event` among them, in date order
    /// (undated last). An event of no series is its only edition; an index
    /// past the end has none.
    pub fn series_editions(&self, event: usize) -> Vec<usize> {
        let Some(this) = self.events.get(event) else {
            return Vec::new();
        };
        match &this.series_key {
            Some(key) => (0..self.events.len()).filter(|&e| self.events[e].series_key.as_ref() == Some(key)).collect(),
            None => vec![event],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::date::PartialDate;

    #[test]
    fn a_notes_file_is_its_id_or_for_a_section_its_id_up_to_the_slug() {
        let note = |id: &str, section| Note { id: NoteId(id.into()), section, ..Note::default() };
        assert_eq!(note("2024/a#b.md", false).source_file(), "2024/a#b.md");
        assert_eq!(note("2024/a#b.md#the-talk", true).source_file(), "2024/a#b.md");
        assert_eq!(note("2024/talks.md#intro", true).source_file(), "2024/talks.md");
    }

    #[test]
    fn a_name_without_its_year_is_the_conference_across_editions() {
        for (name, year, expected) in [
            ("Widget Summit 2015", Some(2015), "Widget Summit"),
            ("2015 Widget Summit", Some(2015), "Widget Summit"),
            ("Widget Summit – 2015", Some(2015), "Widget Summit"),
            ("Widget Summit (2015) Lyon", Some(2015), "Widget Summit Lyon"),
            ("Widget Summit 2016", Some(2015), "Widget Summit 2016"),
            ("Widget Summit 20150", Some(2015), "Widget Summit 20150"),
            ("Widget Summit 2015", None, "Widget Summit 2015"),
            ("2015", Some(2015), "2015"),
        ] {
            assert_eq!(event(name, None, year).name_without_year(), expected, "{name}");
        }
    }

    fn event(name: &str, city: Option<&str>, year: Option<i32>) -> Event {
        Event {
            name: name.into(),
            city: city.map(str::to_string),
            start: year.map(PartialDate::year),
            ..Event::default()
        }
    }

    #[test]
    fn an_event_is_labelled_by_place_and_year_once() {
        assert_eq!(event("Fixture Conf", Some("Lyon"), Some(2024)).label(), "Lyon 2024");
        assert_eq!(event("Fixture Conf 2024", None, Some(2024)).label(), "Fixture Conf 2024");
        assert_eq!(event("Fixture Conf", None, Some(2017)).label(), "Fixture Conf 2017");
        assert_eq!(event("Fixture Conf", None, None).label(), "Fixture Conf");
        assert_eq!(event("Fixture Conf", Some("Lyon"), None).place(), "Lyon");
    }

    #[test]
    fn a_note_keeps_what_few_notes_have_behind_one_pointer() {
        // 100,000 notes: every 8 bytes here is most of a MiB of peak memory.
        // Was 392 bytes with `related`, `source`, `order` and the group inline.
        // 280 with its text's place and file version in 32 and 64 bits (`Body`: 72).
        let size = std::mem::size_of::<Note>();
        println!("size_of::<Note>() = {size}");
        assert!(size <= 280, "a note is {size} bytes");
    }

    #[test]
    fn extras_none_of_which_is_set_allocate_nothing() {
        assert!(NoteExtras::default().boxed().is_none());
        let note = Note { extras: NoteExtras { order: Some(0), ..NoteExtras::default() }.boxed(), ..Note::default() };
        assert_eq!((note.order(), note.group(), note.source(), note.related()), (Some(0), None, None, &[][..]));
        let mut note = Note::default();
        assert_eq!((note.order(), note.related()), (None, &[][..]));
        note.extras_mut().related.push("a.md".into());
        assert_eq!(note.related(), ["a.md"]);
    }
}
