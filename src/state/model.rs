//! What a reader has done with a collection: read marks, reading progress,
//! bookmarks. Every field is a last-writer-wins register stamped with the
//! time it changed, so two instances' files merge without losing either's
//! marks, and a removed bookmark stays removed (it is kept as a tombstone).
//!
//! Stamps come from a hybrid logical clock: a change is stamped with the
//! clock's time, or just after the latest stamp the state already holds
//! when that is later ([`State::stamp_after`]). A mark written by a machine
//! whose clock ran ahead therefore never outlives a change made after it
//! was seen, and neither does one made before this clock was set back.
//! When each note was first seen is kept apart from the rest, grouped by
//! time, because it is recorded for every note of the collection: see
//! [`State::first_seen`].

use std::collections::BTreeMap;

use super::first_seen::FirstSeen;
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Stamp = u64;

/// The format version this build writes; it also reads every older one.
/// Version 2 moved `first_seen` out of each note's entry into groups by
/// time (version 1 files are converted as they are read).
pub const FORMAT_VERSION: u32 = 2;
pub const FORMAT_NAME: &str = "confnotes-state";

/// A value with the time it was set; merging keeps the later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lww<T> {
    pub value: T,
    pub at: Stamp,
}

impl<T: Clone + PartialEq> Lww<T> {
    pub fn new(value: T, at: Stamp) -> Self {
        Self { value, at }
    }

    fn merge(&mut self, other: &Self) {
        if other.at > self.at {
            *self = other.clone();
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NoteState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<Lww<bool>>,
    /// How far the reader got: the first visible line and the fraction of the note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Lww<Progress>>,
    /// Content hash when the note was last opened, to notice later edits and moves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_hash: Option<Lww<String>>,
    /// Where format version 1 kept the first-seen stamp; only ever read,
    /// and moved to [`State::first_seen`] as the file is loaded.
    #[serde(default, rename = "first_seen", skip_serializing)]
    legacy_first_seen: Option<Stamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Progress {
    pub line: usize,
    pub fraction: f64,
}

/// A bookmark on a note, or on a heading inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    pub created: Stamp,
}

/// Bookmarks are keyed by note and heading: one bookmark per place.
pub fn bookmark_key(note: &str, heading: Option<&str>) -> String {
    match heading {
        Some(h) => format!("{note}#{h}"),
        None => note.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub format: String,
    pub version: u32,
    /// The collection this state belongs to, for people reading the file.
    #[serde(default)]
    pub collection: String,
    /// When the latest session and the one before it started.
    #[serde(default)]
    pub sessions: Sessions,
    #[serde(default)]
    pub notes: BTreeMap<String, NoteState>,
    /// Bookmark key → the bookmark, or `None` once removed (a tombstone).
    #[serde(default)]
    pub bookmarks: BTreeMap<String, Lww<Option<Bookmark>>>,
    /// Note id → when this collection first showed the note; notes first
    /// seen after the previous session started are "new". Every note of
    /// the collection has one, so it is not kept in `notes` (which holds what
    /// the reader did, a few entries): in the file the ids are grouped under
    /// the time they were first seen, nearly all of them under the first
    /// session's, which keeps a large collection's file small and quick to
    /// read before the first frame.
    #[serde(default, with = "first_seen_groups")]
    pub first_seen: FirstSeen,
    /// How the reader left the app, to reopen it so (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<Lww<View>>,
}

/// Where the reader was and how the timeline was shown when they left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// Events newest first (`O`).
    #[serde(default = "newest_first")]
    pub newest_first: bool,
    /// The timeline grouped by series rather than by year (`v`).
    #[serde(default)]
    pub by_series: bool,
    /// The document shown: a note's id, or an event overview's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The focused pane: `timeline`, `talks` or `note`.
    #[serde(default)]
    pub pane: String,
}

fn newest_first() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sessions {
    pub latest: Option<Stamp>,
    pub previous: Option<Stamp>,
}

impl State {
    pub fn new(collection: impl Into<String>) -> Self {
        Self {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            collection: collection.into(),
            sessions: Sessions::default(),
            notes: BTreeMap::new(),
            bookmarks: BTreeMap::new(),
            first_seen: FirstSeen::default(),
            view: None,
        }
    }

    /// Records how the reader leaves the app; nothing changes when it is as it was.
    pub fn set_view(&mut self, view: View, now: Stamp) -> bool {
        if self.view.as_ref().is_some_and(|v| v.value == view) {
            return false;
        }
        let at = self.stamp_after(now);
        self.view = Some(Lww::new(view, at));
        true
    }

    /// Brings state read from a file of an older format version to this
    /// one, so that it is saved in this version's layout.
    pub(super) fn upgrade(&mut self) {
        if self.version < 2 {
            let legacy: Vec<(&str, Stamp)> = self
                .notes
                .iter_mut()
                .filter_map(|(id, note)| Some((id.as_str(), note.legacy_first_seen.take()?)))
                .collect();
            self.first_seen.note_earliest(legacy);
            // Entries that held nothing but the stamp now hold nothing.
            self.notes.retain(|_, note| *note != NoteState::default());
        }
        self.version = FORMAT_VERSION;
    }

    /// Folds another copy of the same state into this one: for each field the
    /// later change wins, so neither copy's marks are lost.
    pub fn merge(&mut self, other: &State) {
        for (id, theirs) in &other.notes {
            let ours = self.notes.entry(id.clone()).or_default();
            merge_opt(&mut ours.read, &theirs.read);
            merge_opt(&mut ours.progress, &theirs.progress);
            merge_opt(&mut ours.seen_hash, &theirs.seen_hash);
        }
        self.first_seen.note_earliest(other.first_seen.iter());
        for (key, theirs) in &other.bookmarks {
            match self.bookmarks.get_mut(key) {
                Some(ours) => ours.merge(theirs),
                None => {
                    self.bookmarks.insert(key.clone(), theirs.clone());
                }
            }
        }
        merge_opt(&mut self.view, &other.view);
        self.sessions.latest = self.sessions.latest.max(other.sessions.latest);
        self.sessions.previous = self.sessions.previous.max(other.sessions.previous);
    }

    /// The stamp of a change made at `now` by the clock: `now`, or one
    /// past the latest stamp held when that is later (a mark from a machine
    /// whose clock ran ahead, or this clock set back since), so that the
    /// change wins over everything it was made after.
    pub fn stamp_after(&self, now: Stamp) -> Stamp {
        now.max(self.latest_stamp().saturating_add(1))
    }

    /// The latest stamp of any register. Walks every entry: the notes the
    /// reader acted on and their bookmarks, a few thousand at most.
    fn latest_stamp(&self) -> Stamp {
        let notes = self.notes.values().flat_map(|n| {
            [n.read.as_ref().map(|r| r.at), n.progress.as_ref().map(|p| p.at), n.seen_hash.as_ref().map(|h| h.at)]
        });
        let bookmarks = self.bookmarks.values().map(|b| Some(b.at));
        let view = std::iter::once(self.view.as_ref().map(|v| v.at));
        notes.chain(bookmarks).chain(view).flatten().max().unwrap_or(0)
    }

    pub fn is_read(&self, id: &str) -> bool {
        self.notes.get(id).and_then(|n| n.read.as_ref()).is_some_and(|r| r.value)
    }

    pub fn set_read(&mut self, id: &str, read: bool, now: Stamp) {
        let at = self.stamp_after(now);
        self.notes.entry(id.to_string()).or_default().read = Some(Lww::new(read, at));
    }

    /// The notes marked read, the one read last first, each with when: the
    /// later of its read mark and of where the reader got to in it.
    pub fn recently_read(&self) -> Vec<(&str, Stamp)> {
        let mut read: Vec<(&str, Stamp)> = self
            .notes
            .iter()
            .filter_map(|(id, note)| {
                let read = note.read.as_ref().filter(|r| r.value)?;
                let at = note.progress.as_ref().map_or(read.at, |p| p.at.max(read.at));
                Some((id.as_str(), at))
            })
            .collect();
        read.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        read
    }

    pub fn progress(&self, id: &str) -> Option<Progress> {
        self.notes.get(id).and_then(|n| n.progress.as_ref()).map(|p| p.value)
    }

    pub fn set_progress(&mut self, id: &str, progress: Progress, now: Stamp) {
        let at = self.stamp_after(now);
        self.notes.entry(id.to_string()).or_default().progress = Some(Lww::new(progress, at));
    }

    pub fn seen_hash(&self, id: &str) -> Option<&str> {
        self.notes.get(id).and_then(|n| n.seen_hash.as_ref()).map(|h| h.value.as_str())
    }

    pub fn set_seen_hash(&mut self, id: &str, hash: &str, now: Stamp) {
        let at = self.stamp_after(now);
        self.notes.entry(id.to_string()).or_default().seen_hash = Some(Lww::new(hash.to_string(), at));
    }

    /// The bookmarks in place, oldest first.
    pub fn bookmarks(&self) -> Vec<&Bookmark> {
        let mut list: Vec<&Bookmark> = self.bookmarks.values().filter_map(|b| b.value.as_ref()).collect();
        list.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.note.cmp(&b.note)));
        list
    }

    pub fn bookmark(&self, note: &str, heading: Option<&str>) -> Option<&Bookmark> {
        self.bookmarks.get(&bookmark_key(note, heading)).and_then(|b| b.value.as_ref())
    }

    pub fn is_bookmarked(&self, note: &str) -> bool {
        self.bookmarks.values().filter_map(|b| b.value.as_ref()).any(|b| b.note == note)
    }

    /// Adds the bookmark, or removes it if that place is already bookmarked.
    /// Returns whether a bookmark is there now.
    pub fn toggle_bookmark(&mut self, note: &str, heading: Option<&str>, now: Stamp) -> bool {
        let key = bookmark_key(note, heading);
        let present = self.bookmark(note, heading).is_some();
        let value = (!present).then(|| Bookmark {
            note: note.to_string(),
            heading: heading.map(str::to_string),
            annotation: None,
            created: now,
        });
        let at = self.stamp_after(now);
        self.bookmarks.insert(key, Lww::new(value, at));
        !present
    }

    pub fn remove_bookmark(&mut self, note: &str, heading: Option<&str>, now: Stamp) {
        let key = bookmark_key(note, heading);
        if self.bookmark(note, heading).is_some() {
            let at = self.stamp_after(now);
            self.bookmarks.insert(key, Lww::new(None, at));
        }
    }

    pub fn annotate_bookmark(&mut self, note: &str, heading: Option<&str>, text: &str, now: Stamp) {
        let key = bookmark_key(note, heading);
        if let Some(mut bookmark) = self.bookmark(note, heading).cloned() {
            let text = text.trim();
            bookmark.annotation = (!text.is_empty()).then(|| text.to_string());
            let at = self.stamp_after(now);
            self.bookmarks.insert(key, Lww::new(Some(bookmark), at));
        }
    }

    /// Starts a session: the latest start becomes the previous one.
    pub fn begin_session(&mut self, now: Stamp) {
        self.sessions.previous = self.sessions.latest;
        self.sessions.latest = Some(now);
    }

    /// Records when notes were first seen; returns whether anything changed.
    pub fn note_first_seen<'a>(&mut self, ids: impl Iterator<Item = &'a str>, now: Stamp) -> bool {
        // Only those not known: a note seen before keeps its stamp, even a later one.
        let new: Vec<&str> = ids.filter(|id| !self.first_seen.contains(id)).collect();
        self.first_seen.note_earliest(new.into_iter().map(|id| (id, now)))
    }

    /// A note that appeared after the previous session began.
    pub fn is_new(&self, id: &str) -> bool {
        let Some(previous) = self.sessions.previous else { return false };
        self.first_seen.get(id).is_some_and(|seen| seen > previous)
    }

    /// Carries state from notes that are gone to notes with the same content
    /// at a new path (the file was moved or renamed). Returns how many moved.
    pub fn follow_moves(&mut self, current: &BTreeMap<String, String>, now: Stamp) -> usize {
        let missing: Vec<(String, String)> = self
            .notes
            .iter()
            .filter(|(id, _)| !current.contains_key(*id))
            .filter_map(|(id, n)| n.seen_hash.as_ref().map(|h| (id.clone(), h.value.clone())))
            .collect();
        let mut moved = 0;
        for (old_id, hash) in missing {
            let target = current
                .iter()
                .find(|(id, h)| **h == hash && self.notes.get(*id).is_none_or(|n| n.read.is_none()))
                .map(|(id, _)| id.clone());
            let Some(new_id) = target else { continue };
            let now = self.stamp_after(now);
            if let Some(old) = self.notes.get(&old_id).cloned() {
                let entry = self.notes.entry(new_id.clone()).or_default();
                entry.read = old.read.clone();
                entry.progress = old.progress;
                entry.seen_hash = old.seen_hash.clone();
                for bookmark in self.bookmarks.values_mut() {
                    if let Some(b) = bookmark.value.as_mut().filter(|b| b.note == old_id) {
                        b.note = new_id.clone();
                        bookmark.at = now;
                    }
                }
                moved += 1;
            }
        }
        if moved > 0 {
            // Re-key moved bookmarks so a later toggle finds them.
            let entries: Vec<(String, Lww<Option<Bookmark>>)> =
                std::mem::take(&mut self.bookmarks).into_iter().collect();
            for (key, entry) in entries {
                let new_key = entry.value.as_ref().map_or(key, |b| bookmark_key(&b.note, b.heading.as_deref()));
                self.bookmarks.insert(new_key, entry);
            }
        }
        moved
    }
}

/// `first_seen` in the file: a list of `{"at": stamp, "notes": [ids]}`,
/// oldest first, each id once, under its stamp.
mod first_seen_groups {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{FirstSeen, Stamp};

    #[derive(Serialize)]
    struct GroupOut<'a> {
        at: Stamp,
        notes: Vec<&'a str>,
    }

    #[derive(Deserialize)]
    struct GroupIn {
        at: Stamp,
        notes: Vec<String>,
    }

    pub fn serialize<S: Serializer>(first_seen: &FirstSeen, serializer: S) -> Result<S::Ok, S::Error> {
        let mut groups: BTreeMap<Stamp, Vec<&str>> = BTreeMap::new();
        for (id, at) in first_seen.iter() {
            groups.entry(at).or_default().push(id);
        }
        serializer.collect_seq(groups.into_iter().map(|(at, notes)| GroupOut { at, notes }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<FirstSeen, D::Error> {
        let groups = Vec::<GroupIn>::deserialize(deserializer)?;
        // An id under two stamps (a file edited by hand) keeps the earlier,
        // as a merge would. All at once: sorted once, laid flat once.
        Ok(groups.iter().flat_map(|g| g.notes.iter().map(move |id| (id.as_str(), g.at))).collect())
    }
}

fn merge_opt<T: Clone + PartialEq>(ours: &mut Option<Lww<T>>, theirs: &Option<Lww<T>>) {
    match (ours.as_mut(), theirs) {
        (Some(o), Some(t)) => o.merge(t),
        (None, Some(t)) => *ours = Some(t.clone()),
        _ => {}
    }
}

/// A stable content hash (FNV-1a, 64 bits) in hex: the same text gives the
/// same hash in every build, unlike std's hasher.
pub fn content_hash(text: &str) -> String {
    format_content_hash(content_hash_number(text))
}

/// [`content_hash`] before it is written in hex: what a note from the saved
/// index keeps of its text ([`crate::notes::Body::hash`]).
pub fn content_hash_number(text: &str) -> u64 {
    hash_on(FNV_OFFSET, text.as_bytes())
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// `bytes` hashed on from `hash`.
fn hash_on(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
    }
    hash
}

/// [`content_hash_number`] of each text, in order. Each byte's step waits
/// for the one before (a multiply), so a text at a time leaves the
/// processor mostly waiting: four texts of about one length are hashed
/// side by side, which takes about as long as one.
pub fn content_hash_numbers(texts: &[&str]) -> Vec<u64> {
    let mut hashes = vec![FNV_OFFSET; texts.len()];
    let mut by_length: Vec<usize> = (0..texts.len()).collect();
    by_length.sort_unstable_by_key(|&i| texts[i].len());
    for four in by_length.chunks(4) {
        let &[a, b, c, d] = four else {
            for &i in four {
                hashes[i] = content_hash_number(texts[i]);
            }
            continue;
        };
        let bytes = [a, b, c, d].map(|i| texts[i].as_bytes());
        let common = bytes.iter().map(|b| b.len()).min().unwrap_or(0);
        let mut h = [FNV_OFFSET; 4];
        let lanes =
            bytes[0][..common].iter().zip(&bytes[1][..common]).zip(&bytes[2][..common]).zip(&bytes[3][..common]);
        for (((&w, &x), &y), &z) in lanes {
            h[0] = (h[0] ^ u64::from(w)).wrapping_mul(FNV_PRIME);
            h[1] = (h[1] ^ u64::from(x)).wrapping_mul(FNV_PRIME);
            h[2] = (h[2] ^ u64::from(y)).wrapping_mul(FNV_PRIME);
            h[3] = (h[3] ^ u64::from(z)).wrapping_mul(FNV_PRIME);
        }
        for (k, &i) in four.iter().enumerate() {
            hashes[i] = hash_on(h[k], &bytes[k][common..]);
        }
    }
    hashes
}

/// A [`content_hash_number`] as [`content_hash`] writes it.
pub fn format_content_hash(hash: u64) -> String {
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_read_last_comes_first_counting_where_the_reader_got_to() {
        let mut s = State::new("c");
        s.set_read("a.md", true, 100);
        s.set_read("b.md", true, 200);
        s.set_read("c.md", true, 300);
        s.set_read("c.md", false, 400);
        // Read earlier, but scrolled through since: read last.
        s.set_progress("a.md", Progress { line: 40, fraction: 0.5 }, 500);
        assert_eq!(s.recently_read(), [("a.md", 500), ("b.md", 200)], "unread notes are not listed");
    }

    #[test]
    fn read_marks_from_both_copies_survive_a_merge() {
        let mut a = State::new("c");
        let mut b = State::new("c");
        a.set_read("x.md", true, 10);
        b.set_read("y.md", true, 11);
        a.merge(&b);
        assert!(a.is_read("x.md") && a.is_read("y.md"));
    }

    #[test]
    fn the_later_change_wins() {
        let mut a = State::new("c");
        let mut b = State::new("c");
        a.set_read("x.md", true, 10);
        b.set_read("x.md", false, 20);
        let mut a2 = a.clone();
        a2.merge(&b);
        assert!(!a2.is_read("x.md"));
        b.merge(&a);
        assert!(!b.is_read("x.md"), "merge is symmetric");
    }

    /// 2100-01-01, from a machine whose clock ran far ahead.
    const YEAR_2100: Stamp = 4_102_444_800_000;
    /// 2025-11-22, the clock here.
    const TODAY: Stamp = 1_763_836_800_000;

    #[test]
    fn a_mark_from_a_clock_that_ran_ahead_does_not_freeze_the_note() {
        let mut on_disk = State::new("c");
        on_disk.set_read("x.md", true, YEAR_2100);
        on_disk.toggle_bookmark("x.md", None, YEAR_2100);
        // Read here, then changed by the reader today.
        let mut here = on_disk.clone();
        here.set_read("x.md", false, TODAY);
        here.remove_bookmark("x.md", None, TODAY);
        assert!(!here.is_read("x.md") && !here.is_bookmarked("x.md"));
        // Saving merges with the file, which still holds the 2100 marks.
        let mut saved = here.clone();
        saved.merge(&on_disk);
        assert!(!saved.is_read("x.md"), "the change made after the 2100 mark wins");
        assert!(!saved.is_bookmarked("x.md"));
        let mut other_way = on_disk.clone();
        other_way.merge(&here);
        assert!(!other_way.is_read("x.md"), "merge stays symmetric");
        // And the next change wins over this one in turn.
        saved.set_read("x.md", true, TODAY + 1);
        assert!(saved.is_read("x.md"));
    }

    #[test]
    fn stamps_follow_the_clock_until_a_later_stamp_is_held() {
        let mut s = State::new("c");
        assert_eq!(s.stamp_after(TODAY), TODAY);
        s.set_read("x.md", true, TODAY);
        assert_eq!(s.stamp_after(TODAY - 5_000), TODAY + 1, "a clock set back does not lose the next change");
        s.set_progress("y.md", Progress { line: 3, fraction: 0.5 }, YEAR_2100);
        assert_eq!(s.stamp_after(TODAY), YEAR_2100 + 1);
        s.toggle_bookmark("y.md", None, TODAY);
        assert_eq!(s.bookmark("y.md", None).map(|b| b.created), Some(TODAY), "shown dates keep the clock's time");
    }

    #[test]
    fn a_removed_bookmark_is_not_resurrected_by_an_older_copy() {
        let mut a = State::new("c");
        a.toggle_bookmark("x.md", None, 10);
        let older = a.clone();
        a.remove_bookmark("x.md", None, 20);
        a.merge(&older);
        assert!(!a.is_bookmarked("x.md"));
    }

    #[test]
    fn bookmarks_toggle_per_heading_and_carry_annotations() {
        let mut s = State::new("c");
        assert!(s.toggle_bookmark("x.md", Some("Intro"), 1));
        assert!(s.toggle_bookmark("x.md", None, 2));
        s.annotate_bookmark("x.md", Some("Intro"), "  read again ", 3);
        assert_eq!(s.bookmark("x.md", Some("Intro")).and_then(|b| b.annotation.as_deref()), Some("read again"));
        assert_eq!(s.bookmarks().len(), 2);
        assert!(!s.toggle_bookmark("x.md", Some("Intro"), 4));
        assert_eq!(s.bookmarks().len(), 1);
        assert!(s.is_bookmarked("x.md"));
    }

    #[test]
    fn notes_first_seen_after_the_previous_session_are_new() {
        let mut s = State::new("c");
        s.begin_session(100);
        s.note_first_seen(["a.md"].into_iter(), 100);
        assert!(!s.is_new("a.md"), "first session: nothing is new");
        s.begin_session(200);
        s.note_first_seen(["a.md", "b.md"].into_iter(), 200);
        assert!(!s.is_new("a.md"));
        assert!(s.is_new("b.md"));
    }

    #[test]
    fn a_moved_note_keeps_its_state_and_bookmarks() {
        let mut s = State::new("c");
        s.set_read("old/x.md", true, 1);
        s.set_seen_hash("old/x.md", "abc", 1);
        s.toggle_bookmark("old/x.md", Some("H"), 2);
        let current = BTreeMap::from([("new/x.md".to_string(), "abc".to_string())]);
        assert_eq!(s.follow_moves(&current, 3), 1);
        assert!(s.is_read("new/x.md"));
        assert!(s.bookmark("new/x.md", Some("H")).is_some());
    }

    #[test]
    fn content_hash_is_stable() {
        assert_eq!(content_hash(""), "cbf29ce484222325");
        assert_eq!(content_hash("a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn texts_hashed_together_hash_as_each_alone() {
        let texts: Vec<String> = (0..11).map(|n| format!("{}{}", "note text ".repeat(n * 7 % 5), n)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).chain(["", "a"]).collect();
        let alone: Vec<u64> = texts.iter().map(|t| content_hash_number(t)).collect();
        assert_eq!(content_hash_numbers(&texts), alone);
    }

    #[test]
    fn state_round_trips_through_json() {
        let mut s = State::new("bundled");
        s.set_read("x.md", true, 5);
        s.set_progress("x.md", Progress { line: 10, fraction: 0.5 }, 6);
        s.toggle_bookmark("x.md", None, 7);
        s.note_first_seen(["x.md", "y.md"].into_iter(), 4);
        let json = serde_json::to_string_pretty(&s).expect("serialises");
        assert!(json.contains("\"version\": 2"));
        let back: State = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, s);
    }

    #[test]
    fn first_seen_is_written_once_per_time_not_once_per_note() {
        let mut s = State::new("c");
        let ids: Vec<String> = (0..1000).map(|n| format!("2019-x/talk-{n:04}.md")).collect();
        s.note_first_seen(ids.iter().map(String::as_str), 100);
        s.note_first_seen(["2020-y/late.md"].into_iter(), 200);
        let value = serde_json::to_value(&s).expect("serialises");
        assert_eq!(value["notes"], serde_json::json!({}), "no entry per note for first_seen alone");
        let groups = value["first_seen"].as_array().expect("a list of groups");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0]["at"], 100);
        assert_eq!(groups[0]["notes"].as_array().map(Vec::len), Some(1000));
        assert_eq!(groups[1], serde_json::json!({"at": 200, "notes": ["2020-y/late.md"]}));
        let back: State = serde_json::from_value(value).expect("parses");
        assert_eq!(back.first_seen.len(), 1001);
        assert_eq!(back, s);
    }

    #[test]
    fn an_id_listed_under_two_times_keeps_the_earlier() {
        let json = r#"{"format": "confnotes-state", "version": 2, "first_seen": [
            {"at": 300, "notes": ["a.md", "b.md"]},
            {"at": 100, "notes": ["b.md"]}
        ]}"#;
        let s: State = serde_json::from_str(json).expect("parses");
        assert_eq!(s.first_seen.iter().collect::<Vec<_>>(), [("a.md", 300), ("b.md", 100)]);
    }

    #[test]
    fn the_earliest_first_seen_survives_a_merge() {
        let mut a = State::new("c");
        let mut b = State::new("c");
        a.note_first_seen(["x.md", "only-a.md"].into_iter(), 10);
        b.note_first_seen(["x.md", "only-b.md"].into_iter(), 5);
        let mut ab = a.clone();
        ab.merge(&b);
        b.merge(&a);
        assert_eq!(ab.first_seen, b.first_seen, "merge is symmetric");
        let expected = [("only-a.md", 10), ("only-b.md", 5), ("x.md", 5)];
        assert_eq!(ab.first_seen, expected.map(|(id, at)| (id.to_string(), at)).into_iter().collect());
    }

    #[test]
    fn a_version_1_state_has_its_first_seen_moved_out_of_the_notes() {
        let json = r#"{"format": "confnotes-state", "version": 1,
            "sessions": {"latest": 300, "previous": 150},
            "notes": {
                "old.md": {"first_seen": 100},
                "read.md": {"read": {"value": true, "at": 120}, "first_seen": 100},
                "added.md": {"first_seen": 200}
            }}"#;
        let mut s: State = serde_json::from_str(json).expect("parses");
        s.upgrade();
        assert_eq!(s.version, FORMAT_VERSION);
        assert_eq!(s.notes.keys().collect::<Vec<_>>(), ["read.md"], "entries that held only the stamp are gone");
        assert!(s.is_read("read.md"));
        assert_eq!(s.first_seen.len(), 3);
        assert!(!s.is_new("old.md"));
        assert!(s.is_new("added.md"), "seen after the previous session began");
        let written = serde_json::to_value(&s).expect("serialises");
        assert!(written["notes"]["read.md"].get("first_seen").is_none(), "written in the new layout only");
    }
}
