//! What the reader has read and bookmarked: marking notes read, following
//! reading progress, unread navigation, and bookmarks. State changes set the
//! dirty flag; update turns it into a `SaveState` effect.

use std::collections::BTreeMap;

use super::{App, Document, MarkRead, Prompt, PromptKind, TextField};
use crate::layout::Pane;
use crate::state::{Bookmark, Progress, State};

/// A bookmark as the bookmarks view lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct BookmarkEntry {
    pub bookmark: Bookmark,
    /// The note it points at, if the collection still has it.
    pub note: Option<usize>,
    /// The event whose overview it points at (its id is the overview's file).
    pub overview: Option<usize>,
}

/// Read marks, progress and bookmarks, and whether they changed since the
/// last save: a part of the app that owns its state, changed only through
/// its methods.
pub struct Reading {
    /// Shared with a save under way ([`crate::background::StateWriter`]),
    /// copied only if changed meanwhile.
    state: std::sync::Arc<State>,
    /// Where time comes from, so tests can fix it.
    clock: fn() -> u64,
    /// The state changed and should be saved.
    dirty: bool,
    /// Bumped whenever read state or bookmarks change, so cached matches know to refresh.
    generation: u64,
    /// The note whose reading progress is being followed.
    opened: Option<usize>,
}

impl Default for Reading {
    fn default() -> Self {
        Self {
            state: std::sync::Arc::new(State::new("")),
            clock: crate::state::now,
            dirty: false,
            generation: 0,
            opened: None,
        }
    }
}

impl Reading {
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The state, shared: what a save writes.
    pub(super) fn shared_state(&self) -> std::sync::Arc<State> {
        std::sync::Arc::clone(&self.state)
    }

    /// The state to change; the caller says whether to save with [`Reading::changed`].
    pub(super) fn state_mut(&mut self) -> &mut State {
        std::sync::Arc::make_mut(&mut self.state)
    }

    pub(super) fn set_state(&mut self, state: State) {
        self.state = std::sync::Arc::new(state);
    }

    pub(super) fn now(&self) -> u64 {
        (self.clock)()
    }

    pub(super) fn set_clock(&mut self, clock: fn() -> u64) {
        self.clock = clock;
    }

    /// The state changed (if `changed`) and is to be saved.
    pub(super) fn changed_if(&mut self, changed: bool) {
        self.dirty |= changed;
    }

    /// The state changed and is to be saved.
    pub(super) fn changed(&mut self) {
        self.dirty = true;
    }

    /// Whether the state changed since last asked (a new generation if so).
    pub(super) fn take_changed(&mut self) -> bool {
        let changed = std::mem::take(&mut self.dirty);
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Which state cached counts and matches were made from.
    pub(super) fn generation(&self) -> (u64, bool) {
        (self.generation, self.dirty)
    }

    pub(super) fn opened(&self) -> Option<usize> {
        self.opened
    }

    pub(super) fn set_opened(&mut self, note: Option<usize>) {
        self.opened = note;
    }
}

impl App {
    /// Read marks, progress and bookmarks.
    pub fn state(&self) -> &State {
        self.reading.state()
    }

    /// [`App::state`] shared rather than copied, for a save off the UI thread.
    pub fn shared_state(&self) -> std::sync::Arc<State> {
        self.reading.shared_state()
    }

    /// Where time comes from, so tests can fix it.
    pub fn set_clock(&mut self, clock: fn() -> u64) {
        self.reading.set_clock(clock);
    }

    /// Adopts saved state and starts a session in it: remembers when each
    /// note was first seen (for "new" marks) and carries state over to notes
    /// that moved. Saves if that changed anything.
    pub fn with_state(mut self, mut state: State) -> Self {
        let now = self.reading.now();
        state.begin_session(now);
        self.reading.set_state(state);
        self.take_in_notes(now);
        self.reading.changed();
        self.restore_view();
        self.settle();
        self
    }

    /// Reopens the app as the reader left it: timeline order and grouping,
    /// the document shown and the focused pane.
    fn restore_view(&mut self) {
        let Some(view) = self.reading.state().view.as_ref().map(|v| v.value.clone()) else { return };
        self.settings.newest_first = view.newest_first;
        self.grouping = if view.by_series { super::Grouping::Series } else { super::Grouping::Year };
        let document = view.document.as_deref().and_then(|id| match self.collection.note_index(id) {
            Some(note) => Some(Document::Note(note)),
            None => self.collection.overview_index(id).map(Document::Overview),
        });
        match document {
            Some(Document::Note(note)) => self.select_note(note),
            Some(Document::Overview(event)) => {
                self.select_event(event);
                self.select_entry(0);
            }
            None => {
                self.selection.set_event(self.event_order().first().copied());
                return;
            }
        }
        self.panes.set_focus(match view.pane.as_str() {
            "talks" => Pane::Talks,
            "note" => Pane::Note,
            _ => Pane::Timeline,
        });
    }

    /// Records how the reader leaves, for [`App::restore_view`] next time.
    pub(super) fn remember_view(&mut self) {
        let view = crate::state::View {
            newest_first: self.settings.newest_first,
            by_series: self.grouping == super::Grouping::Series,
            document: self.document().map(|d| self.bookmark_id(d)),
            pane: match self.focus() {
                Pane::Timeline => "timeline",
                Pane::Talks => "talks",
                Pane::Note => "note",
            }
            .to_string(),
        };
        let now = self.reading.now();
        let changed = self.reading.state_mut().set_view(view, now);
        self.reading.changed_if(changed);
    }

    /// Records notes not seen before as first seen at `seen_at`, and carries
    /// the state of notes that are gone to a note with the same content (a
    /// moved file).
    /// Moves are only looked for in a complete collection: in a first look,
    /// notes not yet read would seem gone.
    pub(super) fn take_in_notes(&mut self, seen_at: crate::state::Stamp) {
        let now = self.reading.now();
        let ids = self.collection.notes.iter().map(|n| n.id.0.as_str());
        let changed = self.reading.state_mut().note_first_seen(ids, seen_at);
        self.reading.changed_if(changed);
        if !self.collection.is_complete() {
            return;
        }
        // Whether a note the state knows is gone, by counting those present:
        // each id looked up among the few the state holds (ids are unique),
        // rather than a set made of every id (100,000 at start).
        let known = &self.reading.state().notes;
        let present = match known.len() {
            0 => 0,
            _ => self.collection.notes.iter().filter(|n| known.contains_key(n.id.0.as_str())).count(),
        };
        let has_missing = present < known.len();
        if has_missing {
            let current: BTreeMap<String, String> = self
                .collection
                .notes
                .iter()
                .filter_map(|n| Some((n.id.0.clone(), crate::state::format_content_hash(n.body.hash()?))))
                .collect();
            let changed = self.reading.state_mut().follow_moves(&current, now) > 0;
            self.reading.changed_if(changed);
        }
    }

    /// The first effects to run: saving the session start.
    pub fn initial_effects(&mut self) -> Vec<super::Effect> {
        self.take_save()
    }

    fn id(&self, note: usize) -> &str {
        &self.collection.notes[note].id.0
    }

    /// The note's content hash, as the state records it.
    pub fn content_hash_of(&self, note: usize) -> String {
        self.search.content_hash(&self.collection, note)
    }

    pub fn is_read(&self, note: usize) -> bool {
        self.reading.state().is_read(self.id(note))
    }

    pub fn is_new(&self, note: usize) -> bool {
        !self.is_read(note) && self.reading.state().is_new(self.id(note))
    }

    /// Read, but its text changed since it was last opened.
    pub fn is_changed(&self, note: usize) -> bool {
        self.is_read(note)
            && self.reading.state().seen_hash(self.id(note)).is_some_and(|h| h != self.content_hash_of(note))
    }

    pub fn is_bookmarked(&self, note: usize) -> bool {
        self.reading.state().is_bookmarked(self.id(note))
    }

    /// Percent read, for notes read part way.
    pub fn progress_percent(&self, note: usize) -> Option<usize> {
        let p = self.reading.state().progress(self.id(note))?;
        let percent = (p.fraction * 100.0).round().clamp(0.0, 100.0) as usize;
        (1..100).contains(&percent).then_some(percent)
    }

    pub fn unread_in_event(&self, event: usize) -> usize {
        self.collection.events[event].notes.iter().filter(|&&n| !self.is_read(n)).count()
    }

    /// The unread notes of `event` the timeline counts: under a `/` filter,
    /// those of its notes that match, as the talks pane counts them.
    pub fn unread_listed_in_event(&self, event: usize) -> usize {
        match &self.list_filter {
            Some(filter) => filter.notes_of(event).unwrap_or_default().iter().filter(|&&n| !self.is_read(n)).count(),
            None => self.unread_in_event(event),
        }
    }

    pub fn unread_total(&self) -> usize {
        (0..self.collection.notes.len()).filter(|&n| !self.is_read(n)).count()
    }

    /// What a reader's action means for reading, once it is settled: the
    /// note shown in the focused note pane is opened (the one left has its
    /// place recorded), and under `mark_read = at-end` one scrolled to its
    /// end is read. Called for keys, clicks and the wheel over the note, never
    /// for a resize, a reload or a save's answer: only reading marks notes read.
    pub(super) fn reading_events(&mut self) {
        self.settle();
        let scroll = self.note_view.scroll();
        self.follow_opened_note();
        self.mark_read_at_end();
        if self.note_view.scroll() != scroll {
            // Reading progress restored: what is on screen changed.
            self.settle();
        }
    }

    /// Opens the note the pane shows if it has the keys and is not open yet
    /// (the note the reader left open, at start-up): returns to where they
    /// left off, and nothing else [`App::reading_events`] does.
    pub(super) fn open_note_left_open(&mut self) {
        self.settle();
        let scroll = self.note_view.scroll();
        self.follow_opened_note();
        if self.note_view.scroll() != scroll {
            self.settle();
        }
    }

    /// Keeps `opened` in step with what the note pane shows: leaving a note
    /// records how far it was read; opening one marks it read (per the
    /// settings) and returns to where the reader left off.
    fn follow_opened_note(&mut self) {
        let shown = match self.document() {
            Some(Document::Note(n)) => Some(n),
            _ => None,
        };
        if self.reading.opened().is_some() && self.reading.opened() != shown {
            self.leave_opened_note();
        }
        if self.reading.opened().is_none() && self.focus() == Pane::Note {
            if let Some(n) = shown {
                self.open_note(n);
            }
        }
    }

    fn open_note(&mut self, note: usize) {
        self.reading.set_opened(Some(note));
        let now = self.reading.now();
        let id = self.id(note).to_string();
        let hash = self.content_hash_of(note);
        if self.settings.mark_read == MarkRead::OnOpen && !self.reading.state().is_read(&id) {
            self.reading.state_mut().set_read(&id, true, now);
            self.reading.changed();
        }
        if self.reading.state().seen_hash(&id) != Some(hash.as_str()) && self.reading.state().is_read(&id) {
            self.reading.state_mut().set_seen_hash(&id, &hash, now);
            self.reading.changed();
        }
        if self.note_view.scroll() == 0 {
            if let Some(progress) = self.reading.state().progress(&id) {
                self.note_view.scroll_to(progress.line, self.max_note_scroll());
            }
        }
    }

    /// Records the reading position of the opened note and stops following it.
    pub(super) fn leave_opened_note(&mut self) {
        self.record_progress();
        self.reading.set_opened(None);
    }

    /// Records the reading position of the opened note, which stays open.
    pub(super) fn record_progress(&mut self) {
        let Some(note) = self.reading.opened() else { return };
        let id = self.id(note).to_string();
        let max = self.max_note_scroll();
        let line = self.note_view.scroll().min(max);
        let fraction = if max == 0 { 1.0 } else { line as f64 / max as f64 };
        let progress = Progress { line, fraction };
        let before = self.reading.state().progress(&id);
        if before.map(|p| p.line) != Some(line) && (line > 0 || before.is_some()) {
            let now = self.reading.now();
            self.reading.state_mut().set_progress(&id, progress, now);
            self.reading.changed();
        }
    }

    fn mark_read_at_end(&mut self) {
        let Some(note) = self.reading.opened() else { return };
        if self.settings.mark_read == MarkRead::AtEnd
            && self.note_view.scroll() >= self.max_note_scroll()
            && !self.is_read(note)
        {
            let now = self.reading.now();
            let id = self.id(note).to_string();
            let hash = self.content_hash_of(note);
            self.reading.state_mut().set_read(&id, true, now);
            self.reading.state_mut().set_seen_hash(&id, &hash, now);
            self.reading.changed();
        }
    }

    pub(super) fn toggle_read(&mut self) {
        let Some(note) = self.selected_note() else {
            self.message = Some("Select a note to mark it read or unread".into());
            return;
        };
        let read = !self.is_read(note);
        let id = self.id(note).to_string();
        let now = self.reading.now();
        self.reading.state_mut().set_read(&id, read, now);
        self.reading.changed();
        self.message = Some(if read { "Marked read" } else { "Marked unread" }.into());
    }

    pub(super) fn mark_event_read(&mut self) {
        let (notes, name) = match (self.saved.selected_view(), self.selection.event()) {
            // In a saved search: the notes it lists.
            (Some(view), _) => (view.notes.clone(), format!("“{}”", view.search.name)),
            (None, Some(event)) => {
                (self.collection.events[event].notes.clone(), self.collection.events[event].name.clone())
            }
            (None, None) => return,
        };
        let now = self.reading.now();
        let mut marked = 0;
        for n in notes {
            if !self.is_read(n) {
                let id = self.id(n).to_string();
                self.reading.state_mut().set_read(&id, true, now);
                marked += 1;
            }
        }
        self.reading.changed_if(marked > 0);
        self.message = Some(format!("{} marked read in {name}", plural(marked, "note")));
    }

    /// Every note in timeline order: events as the timeline shows them, notes as listed.
    fn reading_order(&self) -> Vec<usize> {
        self.event_order().into_iter().flat_map(|e| self.collection.events[e].notes.iter().copied()).collect()
    }

    /// Where `n`/`N` start from in `order` (see [`UnreadCursor`]).
    fn unread_cursor(&self, order: &[usize]) -> UnreadCursor {
        let note_at = self.selected_note().and_then(|n| order.iter().position(|&o| o == n));
        if let Some(at) = note_at.filter(|_| self.focus() != Pane::Timeline) {
            return UnreadCursor::Note(at);
        }
        let Some(event) = self.selection.event().filter(|_| self.saved.selected().is_none()) else {
            return UnreadCursor::Top;
        };
        let before: usize = self
            .event_order()
            .into_iter()
            .take_while(|&e| e != event)
            .map(|e| self.collection.events[e].notes.len())
            .sum();
        UnreadCursor::Before(before.min(order.len()))
    }

    /// Selects the first unread note after the current place (or the last
    /// one before it), wrapping around the whole collection, as `n` does in
    /// newsboat.
    pub(super) fn jump_unread(&mut self, forward: bool) {
        let order = self.reading_order();
        if order.is_empty() {
            return;
        }
        let len = order.len();
        let cursor = self.unread_cursor(&order);
        // Where the walk starts: forward, an index below it was reached by
        // wrapping; backward (it walks from `first - 1` down), one from it on.
        let first = match (cursor, forward) {
            (UnreadCursor::Note(s), true) => s + 1,
            (UnreadCursor::Note(s) | UnreadCursor::Before(s), _) => s,
            (UnreadCursor::Top, true) => 0,
            (UnreadCursor::Top, false) => len,
        };
        let skip = match cursor {
            UnreadCursor::Note(s) => Some(s),
            _ => None,
        };
        let candidates = (0..len).map(|k| if forward { (first + k) % len } else { (first + len - 1 - k) % len });
        let found = candidates.filter(|&i| Some(i) != skip && !self.is_read(order[i])).map(|i| (i, order[i])).next();
        match found {
            Some((i, note)) => {
                let wrapped = if forward { i < first } else { i >= first };
                self.push_history();
                self.select_note(note);
                if self.focus() == Pane::Timeline {
                    self.panes.set_focus(Pane::Talks);
                }
                if wrapped {
                    self.message = Some(format!("Wrapped around; {} left", plural(self.unread_total(), "unread note")));
                }
            }
            None => self.message = Some("No unread notes".into()),
        }
    }

    /// Shows `note` in all three panes.
    /// Shows `note` in all three panes; a list filter that hides it is lifted.
    pub fn select_note(&mut self, note: usize) {
        // A saved search that lists the note keeps the reader in it.
        if let Some(row) = self.saved_row_of(note) {
            self.select_entry(row + 1);
            return;
        }
        let event = self.collection.notes[note].event;
        if self.lift_filter_hiding(|f| f.lists(event, note)) {
            self.message = Some("Filter lifted to show the note".into());
        }
        self.select_event(event);
        if let Some(row) = self.event_notes().iter().position(|&n| n == note) {
            self.select_entry(row + 1);
        }
    }

    /// The section the reader is at: the first heading in the top third of
    /// the view (the eye is already on it), else the last one above the view.
    pub fn heading_in_view(&self) -> Option<String> {
        let rendered = self.note_view.rendered()?;
        let top = self.note_view.scroll();
        let reading_line = top + self.note_viewport() / 3;
        let near_top = rendered.headings.iter().find(|h| (top..=reading_line).contains(&h.line));
        near_top.or_else(|| rendered.headings.iter().rev().find(|h| h.line < top)).map(|h| h.text.clone())
    }

    /// Bookmarks the selected note, or (in the note pane) the section in view.
    pub(super) fn toggle_bookmark_here(&mut self) {
        let Some(document) = self.document() else {
            self.message = Some("Select a note to bookmark it".into());
            return;
        };
        let heading = if self.focus() == Pane::Note { self.heading_in_view() } else { None };
        let id = self.bookmark_id(document);
        let now = self.reading.now();
        let added = self.reading.state_mut().toggle_bookmark(&id, heading.as_deref(), now);
        self.reading.changed();
        let place = heading.as_deref().map(|h| format!(" at “{h}”")).unwrap_or_default();
        self.message = Some(if added {
            format!(
                "Bookmarked{place}; press {} to annotate it",
                self.hint_or("annotate-bookmark", super::Action::AnnotateBookmark)
            )
        } else {
            format!("Bookmark removed{place}")
        });
    }

    /// What a bookmark of `document` is filed under: a note's id, or for an
    /// event's overview (where people keep "things to look up") its file.
    fn bookmark_id(&self, document: Document) -> String {
        match document {
            Document::Note(n) => self.id(n).to_string(),
            Document::Overview(_) => self.document_file(document),
        }
    }

    fn hint_or(&self, name: &str, action: super::Action) -> String {
        self.keymap.hint(self.context(), action).unwrap_or_else(|| name.to_string())
    }

    /// Every bookmark, in timeline order (oldest event first).
    pub fn bookmark_entries(&self) -> Vec<BookmarkEntry> {
        let mut entries: Vec<BookmarkEntry> = self
            .state()
            .bookmarks()
            .into_iter()
            .map(|b| {
                let note = self.collection.note_index(&b.note);
                let overview = if note.is_none() { self.collection.overview_index(&b.note) } else { None };
                BookmarkEntry { bookmark: b.clone(), note, overview }
            })
            .collect();
        entries.sort_by_key(|e| {
            let event = e.note.map(|n| self.collection.notes[n].event).or(e.overview);
            let position =
                e.note.and_then(|n| event.map(|ev| self.collection.events[ev].notes.iter().position(|&x| x == n)));
            (event.is_none(), event, position, e.bookmark.created)
        });
        entries
    }

    /// Everything a bookmark shows, for filtering.
    pub fn bookmark_text(&self, entry: &BookmarkEntry) -> String {
        let b = &entry.bookmark;
        let (event, title) = match (entry.note, entry.overview) {
            (Some(n), _) => (self.collection.event_of(n).name.as_str(), self.collection.notes[n].title.as_str()),
            (None, Some(e)) => (self.collection.events[e].name.as_str(), "About this event"),
            (None, None) => ("(missing note)", b.note.as_str()),
        };
        format!("{event} {title} {} {}", b.heading.as_deref().unwrap_or(""), b.annotation.as_deref().unwrap_or(""))
    }

    /// Scrolls the shown note so that `line` of its file is at the top; a
    /// line above its body (the front matter, the title) shows the card.
    pub(super) fn scroll_to_file_line(&mut self, note: usize, line: usize) {
        let n = &self.collection.notes[note];
        // A note whose file changed is shown as a message: no line of it to go to.
        let Ok(body) = self.collection.body(note) else { return };
        let shown = crate::render::strip_title_heading(body, &n.title);
        let title_lines = body[..body.len() - shown.len()].matches('\n').count();
        let Some(in_shown) = line.checked_sub(n.body_line + title_lines) else {
            self.note_view.to_top();
            return;
        };
        let Some(rendered) = self.note_view.rendered().filter(|r| r.document == Document::Note(note)) else { return };
        self.note_view.scroll_to(rendered.line_of_source(shown, in_shown), self.max_note_scroll());
    }

    /// Opens a bookmark: its note in the panes, scrolled to its heading.
    pub(super) fn open_bookmark(&mut self, entry: BookmarkEntry) {
        match (entry.note, entry.overview) {
            (Some(note), _) => self.select_note(note),
            (None, Some(event)) => {
                self.select_event(event);
                self.select_entry(0);
            }
            (None, None) => {
                self.message = Some(format!("{} is no longer in the collection", entry.bookmark.note));
                return;
            }
        }
        self.panes.set_focus(Pane::Note);
        self.reading_events();
        if let Some(heading) = &entry.bookmark.heading {
            // Bookmarks made before headings were named by their text alone carry its link numbers.
            let unnumbered = crate::render::without_reference_numbers(heading);
            let line = self.note_view.rendered().and_then(|r| {
                let by = |name: &str| r.headings.iter().find(|h| h.text == name).map(|h| h.line);
                by(heading).or_else(|| by(&unnumbered))
            });
            match line {
                Some(line) => self.note_view.scroll_to(line, self.max_note_scroll()),
                None => self.message = Some(format!("The section “{heading}” is no longer in this note")),
            }
        }
    }

    /// `d` in the bookmarks view: a bookmark with an annotation is only
    /// deleted once the reader says so, as the annotation would be lost.
    pub(super) fn delete_bookmark(&mut self, entry: BookmarkEntry) {
        let b = entry.bookmark;
        if b.annotation.is_some() {
            let kind = PromptKind::DeleteBookmark { note: b.note, heading: b.heading };
            self.prompt = Some(Prompt { kind, field: TextField::default() });
            return;
        }
        self.remove_bookmark(&b.note, b.heading.as_deref());
    }

    fn remove_bookmark(&mut self, note: &str, heading: Option<&str>) {
        let now = self.reading.now();
        self.reading.state_mut().remove_bookmark(note, heading, now);
        self.reading.changed();
        self.message = Some("Bookmark removed".into());
    }

    /// The one-key answer to deleting an annotated bookmark.
    pub(super) fn answer_delete_bookmark(&mut self, chord: crate::keymap::KeyChord) {
        let Some(Prompt { kind: PromptKind::DeleteBookmark { note, heading }, .. }) = self.prompt.take() else {
            return;
        };
        use crate::keymap::{Action, Context, Resolution};
        if self.keymap.resolve(Context::Confirm, &[chord]) == Resolution::Action(Action::Confirm) {
            self.remove_bookmark(&note, heading.as_deref());
        } else {
            self.message = Some("Bookmark kept".into());
        }
    }

    /// Opens the annotation prompt for the note's bookmark (of the section in view).
    pub(super) fn annotate_bookmark(&mut self) {
        let target = self.document().and_then(|d| {
            let id = self.bookmark_id(d);
            let heading =
                if self.focus() == Pane::Note && self.note_view.scroll() > 0 { self.heading_in_view() } else { None };
            self.reading
                .state()
                .bookmark(&id, heading.as_deref())
                .or_else(|| self.reading.state().bookmark(&id, None))
                .cloned()
        });
        self.annotate(target);
    }

    /// Opens the annotation prompt for `target` (the bookmarks view's selection, or the note's).
    pub(super) fn annotate(&mut self, target: Option<Bookmark>) {
        match target {
            Some(b) => {
                let field = TextField::with_text(b.annotation.as_deref().unwrap_or(""));
                self.prompt = Some(Prompt { kind: PromptKind::Annotate { note: b.note, heading: b.heading }, field });
            }
            None => self.message = Some("No bookmark here to annotate; bookmark it first".into()),
        }
    }
}

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
/// The place `n`/`N` walk from, as an index into the reading order.
#[derive(Debug, Clone, Copy)]
enum UnreadCursor {
    /// The note selected in the talks or note pane: skipped itself.
    Note(usize),
    /// The event selected in the timeline: just before its first note, so
    /// `n` finds its own unread notes first and `N` those of earlier events.
    Before(usize),
    /// Nothing selected: `n` from the top, `N` from the bottom.
    Top,
}
