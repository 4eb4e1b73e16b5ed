//! Saved searches: named list filters (see `search::saved`) shown at the top
//! of the timeline as virtual events with their counts, as newsboat's query
//! feeds are. Selecting one lists its notes from every event in the talks
//! pane, newest event first. Saving and deleting are changes for the loop
//! to write (`Effect::WriteSearches`); the app itself does no I/O.

use std::collections::HashMap;
use std::path::PathBuf;

use ratatui::text::Line;

use super::reading::plural;
use super::{App, Effect, Prompt, PromptKind, TextField};
use crate::config::SearchesFile;
use crate::diagnostic::Diagnostic;
use crate::keymap::{Action, Context, KeyChord, Resolution};
use crate::notes::Collection;
use crate::search::{Query, SavedChange, SavedSearch, SavedWrite};

/// A saved search and its matches in the current collection.
#[derive(Debug, Clone)]
pub struct SavedView {
    pub search: SavedSearch,
    pub query: Query,
    /// Notes that pass everything but `is:`, in list order: the costly part,
    /// worked out once per collection and order.
    candidates: Vec<usize>,
    /// The notes listed, newest event first (oldest first when the timeline is).
    pub notes: Vec<usize>,
    /// How many of `notes` are unread.
    pub unread: usize,
    /// The state generation `notes` were worked out for.
    notes_for: Option<u64>,
}

/// The saved searches, where they are kept, and which one is selected.
#[derive(Debug, Clone, Default)]
pub struct SavedSearches {
    /// The searches file; `None` when there is none to save to.
    file: Option<PathBuf>,
    views: Vec<SavedView>,
    /// The search selected in the timeline instead of an event.
    selected: Option<usize>,
    /// The collection (its address) and order `candidates` were worked out
    /// for. An address is enough: a new collection is allocated while the
    /// old one is still held, so it never takes the address last seen here.
    candidates_for: Option<(usize, bool)>,
    /// State changed in a way the generation does not count (a merge).
    stale: bool,
    /// Where the reader was in each search, restored on return.
    remembered_entry: HashMap<usize, SavedPlace>,
    /// The selected search's overview, rendered for the note pane while its
    /// first row (the search itself) is selected; empty otherwise.
    overview: Vec<Line<'static>>,
}

/// Where the reader left a saved search: the note, which the order of the
/// timeline (`O`) or the read state may move to another row, and the row,
/// for the search itself or a note it no longer lists.
#[derive(Debug, Clone, Copy)]
struct SavedPlace {
    row: usize,
    note: Option<usize>,
}

impl SavedSearches {
    /// The searches, in the file's order.
    pub fn views(&self) -> &[SavedView] {
        &self.views
    }

    /// The search selected in the timeline instead of an event.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The selected search's overview for the note pane, while its first
    /// row is selected; empty otherwise.
    pub fn overview(&self) -> &[Line<'static>] {
        &self.overview
    }

    /// The selected search's view.
    pub fn selected_view(&self) -> Option<&SavedView> {
        self.selected.and_then(|i| self.views.get(i))
    }

    /// Notes read or bookmarked elsewhere (another window): counts are redone.
    pub(super) fn mark_stale(&mut self) {
        self.stale = true;
    }

    fn file_name(&self) -> String {
        self.file.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
    }
}

impl SavedView {
    fn new(search: SavedSearch, collection: &Collection) -> Self {
        let (query, _) = Query::parse(&search.query, &collection.vocabulary);
        Self { search, query, candidates: Vec::new(), notes: Vec::new(), unread: 0, notes_for: None }
    }
}

impl App {
    /// Takes in the searches read at start (`config::load_searches`); their
    /// problems join the others in the problems view.
    pub fn set_saved_searches(&mut self, file: SearchesFile) {
        self.saved.file = file.path;
        let new_problems = !file.problems.is_empty();
        self.adopt_searches(file.searches, file.problems);
        if new_problems {
            // Said as at start, counting every problem: this replaces that message.
            let key =
                self.keymap.hint(Context::Timeline, Action::ShowWarnings).unwrap_or_else(|| "show-warnings".into());
            let n = self.problems.all().len();
            self.message = Some(format!(
                "{} found in your notes, config or saved searches; press {key} to see {}",
                plural(n, "problem"),
                if n == 1 { "it" } else { "them" }
            ));
        }
        self.settle();
    }

    /// Takes in the saved searches file after it changed on disk. A change
    /// that is this app's own save, read back, says nothing.
    pub fn reload_saved_searches(&mut self, file: SearchesFile) {
        let current: Vec<&SavedSearch> = self.saved.views.iter().map(|v| &v.search).collect();
        let file_name = self.saved.file_name();
        let had_problems = self.problems.any_other(|p| p.file == file_name);
        if file.problems.is_empty() && !had_problems && file.searches.iter().eq(current.iter().copied()) {
            return;
        }
        let problems = file.problems.len();
        self.saved.file = file.path;
        self.adopt_searches(file.searches, file.problems);
        self.message = Some(match problems {
            0 => match self.saved.views.len() {
                1 => "Saved searches reloaded: 1 search".to_string(),
                n => format!("Saved searches reloaded: {n} searches"),
            },
            n => {
                let key =
                    self.keymap.hint(Context::Timeline, Action::ShowWarnings).unwrap_or_else(|| "show-warnings".into());
                format!("Saved searches reloaded with {}; press {key} to see", plural(n, "problem"))
            }
        });
        self.settle();
    }

    /// Replaces the searches (keeping the selected one by name) and the
    /// problems reported for the searches file.
    fn adopt_searches(&mut self, searches: Vec<SavedSearch>, problems: Vec<Diagnostic>) {
        let selected = self.saved.selected_view().map(|v| v.search.name.clone());
        self.saved.views = searches.into_iter().map(|s| SavedView::new(s, &self.collection)).collect();
        self.saved.candidates_for = None;
        self.saved.remembered_entry.clear();
        if self.saved.selected.is_some() {
            match selected.and_then(|name| self.saved.views.iter().position(|v| v.search.name == name)) {
                Some(i) => self.saved.selected = Some(i),
                None => self.leave_saved_search(),
            }
        }
        let file = self.saved.file_name();
        self.problems.replace_other(|p| p.file == file, problems);
        self.problems_changed();
        self.refresh_saved_searches();
    }

    /// Matches are computed again: the topics found in the text came in.
    pub(super) fn forget_saved_candidates(&mut self) {
        self.saved.candidates_for = None;
    }

    /// Brings the matches in line with the collection, the timeline order and
    /// the read state. The selected search keeps its list while the reader is
    /// in it (only its unread count follows), so a note read in an
    /// `is:unread` search does not vanish from under them.
    pub(super) fn refresh_saved_searches(&mut self) {
        let key = (std::sync::Arc::as_ptr(&self.collection) as usize, self.settings.newest_first);
        let new_candidates = self.saved.candidates_for != Some(key);
        // The note the reader is on in the selected search, followed if its row moves.
        let followed = self.saved.selected.and_then(|_| self.selected_note());
        if new_candidates {
            if self.saved.candidates_for.is_some_and(|(address, _)| address != key.0) {
                // A reloaded collection: the places kept name its old notes,
                // and the reload placed the reader at their note in its event.
                self.saved.remembered_entry.clear();
                self.saved.selected = None;
            }
            let order = listing_order(&self.collection, self.settings.newest_first);
            for (i, view) in self.saved.views.iter_mut().enumerate() {
                view.candidates = order
                    .iter()
                    .copied()
                    .filter(|&n| view.query.matches_note(&self.collection, n, self.related.found_topics(n)))
                    .collect();
                if self.saved.selected == Some(i) && view.notes_for.is_some() {
                    // Only the order changed under the reader: the same notes, reordered
                    // (a note read in an `is:unread` search stays until they leave).
                    let kept: std::collections::HashSet<usize> = view.notes.iter().copied().collect();
                    view.notes = view.candidates.iter().copied().filter(|n| kept.contains(n)).collect();
                } else {
                    view.notes_for = None;
                }
            }
            self.saved.candidates_for = Some(key);
        }
        let generation = self.reading.generation().0;
        let stale = std::mem::take(&mut self.saved.stale);
        let mut changed = false;
        for (i, view) in self.saved.views.iter_mut().enumerate() {
            let frozen = self.saved.selected == Some(i) && view.notes_for.is_some();
            if view.notes_for == Some(generation) && !stale {
                continue;
            }
            if !frozen {
                let state = self.reading.state();
                let c = &self.collection;
                view.notes = view
                    .candidates
                    .iter()
                    .copied()
                    .filter(|&n| {
                        let id = &c.notes[n].id.0;
                        view.query.matches_state(state.is_read(id), state.is_bookmarked(id))
                    })
                    .collect();
            }
            view.unread =
                view.notes.iter().filter(|&&n| !self.reading.state().is_read(&self.collection.notes[n].id.0)).count();
            view.notes_for = Some(generation);
            changed = true;
        }
        if let Some(row) = followed.and_then(|note| self.saved_row_of(note)) {
            self.selection.set_entry(row + 1);
        }
        if changed && self.saved.selected.is_some() {
            self.selection.set_entry(self.selection.entry().min(self.entry_count().saturating_sub(1)));
            // Its counts may have changed: render the overview again now, not a key late.
            self.settle_saved_overview();
        }
    }

    /// Renders the selected search's overview while its first row is
    /// selected. It is a few lines, so it is simply done again each time.
    pub(super) fn settle_saved_overview(&mut self) {
        self.saved.overview = match self.saved.selected {
            Some(i) if self.selection.entry() == 0 => {
                let (width, _) = self.note_widths();
                let options = crate::render::RenderOptions::new(width);
                crate::render::render_markdown_with(&self.saved_search_overview(i), &options, &self.theme)
                    .lines
                    .to_lines()
            }
            _ => Vec::new(),
        };
    }

    /// Selects saved search `i` in the timeline: its notes fill the talks pane.
    pub fn select_saved_search(&mut self, i: usize) {
        if self.saved.selected == Some(i) || i >= self.saved.views.len() {
            return;
        }
        self.leave_opened_note();
        match self.saved.selected {
            Some(previous) => {
                self.remember_saved_place(previous);
                // Leaving it lets its list follow the read state again.
                if let Some(view) = self.saved.views.get_mut(previous) {
                    view.notes_for = None;
                }
            }
            None => {
                if let Some(event) = self.selection.event() {
                    self.selection.remember(event, self.selection.entry());
                }
            }
        }
        self.saved.selected = Some(i);
        // Coming back to a search shows what matches now.
        self.saved.views[i].notes_for = None;
        self.refresh_saved_searches();
        let entry = self.remembered_saved_row(i).min(self.entry_count().saturating_sub(1));
        self.selection.set_entry(entry);
        self.panes.talks_to_top();
        self.note_view.to_top();
    }

    /// Back from a saved search to the event selected before it.
    pub(super) fn leave_saved_search(&mut self) {
        let Some(i) = self.saved.selected.take() else { return };
        self.leave_opened_note();
        self.remember_saved_place(i);
        if let Some(view) = self.saved.views.get_mut(i) {
            view.notes_for = None;
        }
        self.selection.set_entry(self.selection.event().and_then(|e| self.selection.remembered(e)).unwrap_or(0));
        self.selection.set_entry(self.selection.entry().min(self.entry_count().saturating_sub(1)));
        self.panes.talks_to_top();
        self.note_view.to_top();
    }

    /// Keeps where the reader is in saved search `i`, which they leave.
    fn remember_saved_place(&mut self, i: usize) {
        let place = SavedPlace { row: self.selection.entry(), note: self.selected_note() };
        self.saved.remembered_entry.insert(i, place);
    }

    /// The row to come back to in saved search `i` (selected): its note's
    /// row, wherever it is now, else the row left.
    fn remembered_saved_row(&self, i: usize) -> usize {
        let Some(place) = self.saved.remembered_entry.get(&i) else { return 0 };
        place.note.and_then(|note| self.saved_row_of(note)).map_or(place.row, |row| row + 1)
    }

    /// The row of `note` in the selected saved search, if it lists it.
    pub(super) fn saved_row_of(&self, note: usize) -> Option<usize> {
        self.saved.selected_view()?.notes.iter().position(|&n| n == note)
    }

    /// `save-search`: asks for a name for the list filter, offering its description.
    pub(super) fn start_save_search(&mut self) {
        let Some(filter) = &self.list_filter else {
            let key = self.keymap.hint(self.context(), Action::FilterList).unwrap_or_else(|| "filter-list".into());
            let save = self.keymap.hint(self.context(), Action::SaveSearch).unwrap_or_else(|| "save-search".into());
            self.message = Some(format!("Filter the list with {key} first; {save} then saves the filter as a search"));
            return;
        };
        let query = filter.text().trim().to_string();
        let name = filter.query().describe(&self.collection.vocabulary);
        self.prompt = Some(Prompt { kind: PromptKind::SaveSearch { query }, field: TextField::with_text(&name) });
    }

    /// The name was typed: asks the loop to add the search to the file.
    pub(super) fn save_search(&mut self, query: String, name: &str) -> Vec<Effect> {
        let name = name.trim();
        if name.is_empty() {
            self.message = Some("Not saved: a saved search needs a name".into());
            return Vec::new();
        }
        if self.saved.views.iter().any(|v| v.search.name == name) {
            self.message = Some(format!("A saved search named “{name}” exists already; choose another name"));
            self.prompt = Some(Prompt { kind: PromptKind::SaveSearch { query }, field: TextField::with_text(name) });
            return Vec::new();
        }
        let Some(path) = self.saved.file.clone() else {
            self.message = Some("No config directory to keep saved searches in; start with --searches FILE".into());
            return Vec::new();
        };
        let search = SavedSearch { name: name.to_string(), query };
        self.message = Some(format!("Saving “{name}”…"));
        vec![Effect::WriteSearches(SavedWrite { path, change: SavedChange::Add(search) })]
    }

    /// `delete-saved-search` on a saved search: asks first.
    pub(super) fn start_delete_saved_search(&mut self) {
        let Some(view) = self.saved.selected_view() else {
            self.message = Some("Select a saved search at the top of the timeline to delete it".into());
            return;
        };
        let name = view.search.name.clone();
        self.prompt = Some(Prompt { kind: PromptKind::DeleteSearch { name }, field: TextField::default() });
    }

    /// The answer to "delete this saved search?": `y` deletes, any other key keeps it.
    pub(super) fn answer_delete_search(&mut self, chord: KeyChord) -> Vec<Effect> {
        let Some(Prompt { kind: PromptKind::DeleteSearch { name }, .. }) = self.prompt.take() else {
            return Vec::new();
        };
        let yes = self.keymap.resolve(Context::Confirm, &[chord]) == Resolution::Action(Action::Confirm);
        if !yes {
            self.message = Some(format!("Kept “{name}”"));
            return Vec::new();
        }
        let Some(path) = self.saved.file.clone() else {
            self.message = Some("No searches file to delete from".into());
            return Vec::new();
        };
        self.message = Some(format!("Deleting “{name}”…"));
        vec![Effect::WriteSearches(SavedWrite { path, change: SavedChange::Remove(name) })]
    }

    /// A change was written (the file's searches are adopted) or refused.
    pub(super) fn searches_written(
        &mut self,
        change: SavedChange,
        result: Result<(Vec<SavedSearch>, Vec<Diagnostic>), crate::config::SearchesWriteError>,
    ) {
        match result {
            Ok((searches, problems)) => {
                self.adopt_searches(searches, problems);
                let file = self.saved.file_name();
                self.message = Some(match change {
                    SavedChange::Add(search) => {
                        format!("Saved “{}” in {file}; it is at the top of the timeline", search.name)
                    }
                    SavedChange::Remove(name) => format!("Deleted “{name}” from {file}"),
                });
            }
            Err(error) => self.message = Some(format!("Could not change the saved searches: {error}")),
        }
    }

    /// The note pane's text for a saved search: what it asks, and where its notes are.
    pub(super) fn saved_search_overview(&self, i: usize) -> String {
        let Some(view) = self.saved.views.get(i) else { return String::new() };
        let c = &self.collection;
        let mut text = format!("# {}\n\n", escape_markdown(&view.search.name));
        let query = &view.search.query;
        let written = if query.contains('`') { escape_markdown(query) } else { format!("`{query}`") };
        text.push_str(&format!(
            "Saved search for {written} ({}).\n\n",
            escape_markdown(&view.query.describe(&c.vocabulary))
        ));
        if view.notes.is_empty() {
            text.push_str("No note matches it now.\n\n");
        } else {
            let mut events: Vec<(usize, usize, usize)> = Vec::new();
            for &n in &view.notes {
                let unread = usize::from(!self.is_read(n));
                match events.iter_mut().find(|(e, _, _)| *e == c.notes[n].event) {
                    Some((_, count, u)) => (*count, *u) = (*count + 1, *u + unread),
                    None => events.push((c.notes[n].event, 1, unread)),
                }
            }
            text.push_str(&format!(
                "**{}** in {}, {} unread.\n\n",
                plural(view.notes.len(), "note"),
                plural(events.len(), "event"),
                view.unread
            ));
            let more = events.len().saturating_sub(OVERVIEW_EVENTS);
            for (e, count, unread) in events.into_iter().take(OVERVIEW_EVENTS) {
                let event = &c.events[e];
                let unread = if unread > 0 { format!(", {unread} unread") } else { String::new() };
                text.push_str(&format!("- {}: {}{unread}\n", escape_markdown(&event.label()), plural(count, "note")));
            }
            if more > 0 {
                text.push_str(&format!("- and {} more\n", plural(more, "event")));
            }
            text.push('\n');
        }
        if let Some(key) = self.keymap.hint(Context::Timeline, Action::DeleteSavedSearch) {
            text.push_str(&format!("Press {} in the timeline to delete this search. ", escape_markdown(&key)));
        }
        if let Some(file) = &self.saved.file {
            text.push_str(&format!("Saved searches are kept in {}.", escape_markdown(&file.display().to_string())));
        }
        text.push('\n');
        text
    }
}

/// Events the overview lists by name: it is not scrolled, so it stays short.
const OVERVIEW_EVENTS: usize = 12;

/// Every note in the order a saved search lists its matches: the timeline's
/// order of events (newest or oldest first, undated last), each event's
/// notes as its talks list shows them.
fn listing_order(collection: &Collection, newest_first: bool) -> Vec<usize> {
    if newest_first {
        return crate::search::timeline_order(collection);
    }
    collection.events.iter().flat_map(|e| e.notes.iter().copied()).collect()
}

/// `text` with Markdown's punctuation escaped, so a name such as `*nix_tips*` shows as written.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::app::{Notice, Settings};
    use crate::keymap::Keymap;
    use crate::notes::load_folder;

    fn search(name: &str, query: &str) -> SavedSearch {
        SavedSearch { name: name.to_string(), query: query.to_string() }
    }

    /// The fixture notes with two saved searches, kept in `searches.toml` under `dir`.
    fn app_with_searches(dir: &Path, searches: Vec<SavedSearch>) -> App {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
        let collection = load_folder(&root).expect("fixtures load");
        let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
        app.set_clock(|| 1_000);
        let _ = app.notice(Notice::Resize { width: 160, height: 45 });
        let path = dir.join("searches.toml");
        app.set_saved_searches(SearchesFile { path: Some(path), searches, problems: Vec::new() });
        app
    }

    fn titles(app: &App, notes: &[usize]) -> Vec<String> {
        notes.iter().map(|&n| app.collection.notes[n].title.clone()).collect()
    }

    #[test]
    fn matches_are_counted_newest_event_first_with_unread_counts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(
            dir.path(),
            vec![search("Observability", "topic:o11y"), search("Unread networking", "topic:networking is:unread")],
        );
        let o11y = &app.saved.views[0];
        assert_eq!(titles(&app, &o11y.notes), ["A long note", "Watching clusters"], "2024 before 2019");
        assert_eq!(o11y.unread, 2);
        let mesh = app.collection.note_index("2019-05-barcelona/service-mesh.md").expect("note");
        // `topic:` counts a topic inferred from a note's text too.
        let networking = &app.saved.views[1].notes;
        assert!(networking.contains(&mesh), "{networking:?}");
        assert!(networking.iter().all(|&n| {
            let note = &app.collection.notes[n];
            note.topics.iter().chain(&note.inferred_topics).any(|t| t == "networking")
        }));
        // Reading the mesh note: it leaves the unread search; the other count follows.
        let watching = app.collection.note_index("2019-05-barcelona/observability.md").expect("note");
        for note in [watching, mesh] {
            app.select_note(note);
            let _ = app.update(Action::ToggleRead);
        }
        assert_eq!(app.saved.views[0].unread, 1);
        assert!(!app.saved.views[1].notes.contains(&mesh), "read, it left the unread search");
        assert_eq!(app.saved.views[1].unread, app.saved.views[1].notes.len(), "only unread notes are left");
    }

    #[test]
    fn oldest_first_timelines_list_oldest_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), vec![search("Observability", "topic:o11y")]);
        let _ = app.update(Action::ToggleTimelineOrder);
        assert_eq!(titles(&app, &app.saved.views[0].notes), ["Watching clusters", "A long note"]);
    }

    #[test]
    fn a_selected_search_keeps_a_note_that_was_just_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), vec![search("Unread", "is:unread")]);
        app.select_saved_search(0);
        let before = app.saved.views[0].notes.clone();
        let _ = app.update(Action::Open);
        let _ = app.update(Action::Open);
        assert_eq!(app.focus(), crate::layout::Pane::Note);
        let read = app.selected_note().expect("a note is open");
        assert!(app.is_read(read), "opening marks it read");
        assert_eq!(app.saved.views[0].notes, before, "still listed while the search is selected");
        assert_eq!(app.saved.views[0].unread, before.len() - 1);
        // Back in the timeline, moving to an event and back: the list is redone.
        let _ = app.update(Action::FocusLeft);
        let _ = app.update(Action::FocusLeft);
        let _ = app.update(Action::MoveDown);
        let _ = app.update(Action::MoveUp);
        assert_eq!(app.saved.selected, Some(0));
        assert!(!app.saved.views[0].notes.contains(&read));
    }

    #[test]
    fn reading_in_a_saved_search_keeps_the_place_while_a_list_filter_drops_the_event() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), vec![search("Observability", "topic:o11y")]);
        app.set_list_filter("is:unread");
        let paris = app.event().expect("the newest event");
        app.select_saved_search(0);
        let _ = app.update(Action::Open);
        let _ = app.update(Action::Open);
        assert_eq!(app.collection.notes[app.selected_note().expect("note")].event, paris);
        // Paris's only note is read now, so the filter no longer lists Paris.
        assert!(!app.event_order().contains(&paris));
        assert_eq!((app.saved.selected, app.entry()), (Some(0), 1), "the reader stays on the note");
        assert!(app.event().is_some_and(|e| app.event_order().contains(&e)));
    }

    fn searches_writes(effects: Vec<Effect>) -> Vec<SavedWrite> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::WriteSearches(write) => Some(write),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn saving_asks_for_a_name_and_queues_a_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), Vec::new());
        let _ = app.update(Action::SaveSearch);
        assert!(app.prompt.is_none());
        assert!(app.message.as_deref().is_some_and(|m| m.starts_with("Filter the list with /")), "{:?}", app.message);
        app.set_list_filter("topic:o11y year:2020..");
        let _ = app.update(Action::SaveSearch);
        let prompt = app.prompt.as_ref().expect("asks for a name");
        assert_eq!(prompt.field.text, "Observability, 2020 and later", "the description is offered");
        let mut effects = Vec::new();
        for key in ["ctrl-u", "N", "e", "w", "enter"] {
            effects.extend(app.handle_key(crate::keymap::parse_chord(key).expect("key")));
        }
        let path = dir.path().join("searches.toml");
        assert_eq!(
            searches_writes(effects),
            [SavedWrite { path, change: SavedChange::Add(search("New", "topic:o11y year:2020..")) }]
        );
        assert!(searches_writes(app.handle_key(crate::keymap::parse_chord("j").expect("key"))).is_empty());
    }

    #[test]
    fn written_searches_are_adopted_and_deleting_one_asks_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), vec![search("A", "topic:o11y"), search("B", "kind:talk")]);
        app.select_saved_search(1);
        let _ = app.update(Action::DeleteSavedSearch);
        let effects = app.handle_key(crate::keymap::parse_chord("n").expect("key"));
        assert!(searches_writes(effects).is_empty(), "any key but y keeps it");
        assert_eq!(app.message.as_deref(), Some("Kept “B”"));
        let _ = app.update(Action::DeleteSavedSearch);
        let writes = searches_writes(app.handle_key(crate::keymap::parse_chord("y").expect("key")));
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].change, SavedChange::Remove("B".into()));
        let _ = app.notice(Notice::SearchesWritten {
            change: writes[0].change.clone(),
            result: Ok((vec![search("A", "topic:o11y")], Vec::new())),
        });
        assert_eq!(app.saved.views.len(), 1);
        assert_eq!(app.saved.selected, None, "the deleted search's place goes back to an event");
        assert!(app.event().is_some());
        // A refused write keeps everything and says why.
        let _ = app.notice(Notice::SearchesWritten {
            change: SavedChange::Remove("A".into()),
            result: Err(crate::config::SearchesWriteError::Unwritable {
                file: "searches.toml".into(),
                reason: "disk full".into(),
            }),
        });
        assert_eq!(app.saved.views.len(), 1);
        assert_eq!(
            app.message.as_deref(),
            Some("Could not change the saved searches: cannot write searches.toml: disk full")
        );
    }

    #[test]
    fn the_yes_of_a_confirmation_is_a_key_of_the_keymap() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), vec![search("A", "topic:o11y")]);
        let (keymap, problems) = Keymap::with_user_file("[confirm]\nconfirm = [\"o\"]\n", "keymap.toml");
        assert!(problems.is_empty(), "{problems:?}");
        app.keymap = keymap;
        app.select_saved_search(0);
        let _ = app.update(Action::DeleteSavedSearch);
        let effects = app.handle_key(crate::keymap::parse_chord("y").expect("key"));
        assert!(searches_writes(effects).is_empty(), "y is no longer yes");
        let _ = app.update(Action::DeleteSavedSearch);
        let writes = searches_writes(app.handle_key(crate::keymap::parse_chord("o").expect("key")));
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].change, SavedChange::Remove("A".into()));
    }

    #[test]
    fn problems_of_the_searches_file_are_listed_and_replaced_after_a_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app_with_searches(dir.path(), Vec::new());
        let file = dir.path().join("searches.toml").display().to_string();
        let problem = Diagnostic::new(file.clone(), None, "unknown key `x`");
        app.set_saved_searches(SearchesFile {
            path: Some(dir.path().join("searches.toml")),
            searches: Vec::new(),
            problems: vec![problem.clone()],
        });
        assert!(app.problems().contains(&problem));
        // The fixture's broken note is the other problem.
        assert_eq!(
            app.message.as_deref(),
            Some("2 problems found in your notes, config or saved searches; press W to see them")
        );
        let _ = app.notice(Notice::SearchesWritten {
            change: SavedChange::Add(search("A", "a")),
            result: Ok((vec![search("A", "a")], Vec::new())),
        });
        assert!(!app.problems().contains(&problem), "the file was read again without it");
    }

    #[test]
    fn markdown_in_names_is_shown_as_written() {
        assert_eq!(escape_markdown("*nix_tips* [1]"), "\\*nix\\_tips\\* \\[1\\]");
    }
}
