//! All UI state, and the one place it changes: [`App::update`] turns an
//! [`Action`] into a new state plus [`Effect`]s for the main loop to carry
//! out. No I/O happens here, so every behaviour is a plain unit test.

mod chart;
mod code;
mod document;
mod field;
mod filter;
mod journey;
mod mouse;
mod note_view;
mod other_pane;
mod panes;
pub mod pictures;
mod problems;
mod prompt;
mod reading;
mod reload;
mod rows;
mod saved;
mod search_views;
mod selection;
mod series;
pub mod speakers;
mod update;
mod views;
mod within_note;

use ratatui::layout::Rect;

pub use document::{NoteLayout, RenderedDoc};
pub use field::{FieldEdit, QueryHistory, TextField};
pub use filter::ListFilter;
pub use journey::{Compare, Journey, Location};
pub use mouse::{Border, MouseInput, MouseKind};
pub use note_view::NoteView;
pub use panes::Panes;
pub use problems::Problems;
pub use prompt::{Prompt, PromptKind};
pub use reading::{BookmarkEntry, Reading};
pub use rows::{TalkRow, TimelineRow};
pub use saved::{SavedSearches, SavedView};
pub use search_views::{Search, SearchIndexes};
pub use selection::Selection;
pub use series::{series_name, Grouping};
pub use views::{ListItem, ListTarget, Popup, View};
pub use within_note::{NoteSearch, MAX_MATCHES};

use crate::diagnostic::Diagnostic;
use crate::keymap::{Action, Context, KeyChord, Keymap, Resolution};
use crate::layout::{layout, layout_comparing, Layout, Pane};
use crate::notes::Collection;
use crate::relate::RelatedIndex;
use crate::state::State;
use crate::theme::Theme;

/// Something for the main loop to do on the app's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the read state and bookmarks (the loop answers with `Notice::Saved` or `Notice::SaveFailed`).
    SaveState,
    /// Open a web or mail address with the system opener.
    OpenUrl(String),
    /// Open a file of the collection (`file`, a path from `root`) with the
    /// system opener, once it is known to be inside the collection on disk.
    OpenFile {
        root: std::path::PathBuf,
        file: String,
    },
    /// Put text on the terminal's clipboard (OSC 52).
    CopyToClipboard(String),
    /// Suspend the interface and edit a file in the user's editor at a line.
    Edit(EditRequest),
    /// Give the terminal back to the shell and stop until resumed (ctrl-z).
    Suspend,
    /// Change the saved searches file; the loop answers with `Notice::SearchesWritten`.
    WriteSearches(crate::search::SavedWrite),
    Quit,
}

/// A file for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRequest {
    /// A note of a folder collection, editable in place.
    File { path: std::path::PathBuf, line: usize },
    /// A bundled note: built into the binary, so only a read-only copy can be opened.
    BundledCopy { id: String, text: String, line: usize },
}

/// What happened that is not a bindable key.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Resize {
        width: u16,
        height: u16,
    },
    /// The state was written. `merged`, when the file held more than was
    /// sent (other instances' changes), is what it holds now; the unreadable
    /// file found there was moved to `moved_aside`.
    Saved {
        merged: Option<Box<State>>,
        moved_aside: Option<String>,
    },
    SaveFailed(crate::state::SaveError),
    /// Another instance changed the state file.
    StateChangedOnDisk(Box<State>),
    Mouse(MouseInput),
    /// A change to the saved searches was written (the file's searches and
    /// problems as read back), or not, and why.
    SearchesWritten {
        change: crate::search::SavedChange,
        result: Result<(Vec<crate::search::SavedSearch>, Vec<Diagnostic>), crate::config::SearchesWriteError>,
    },
    /// Pictures asked for are decoded, or could not be: all that came
    /// together in one notice, so the note is laid out again once.
    PicturesLoaded(Vec<crate::pictures::Loaded>),
}

/// What the note pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// An event's overview (its `event.md`).
    Overview(usize),
    Note(usize),
}

/// Settings that come from config and flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub newest_first: bool,
    pub mark_read: MarkRead,
    /// Widths of the timeline and talks panes, in percent.
    pub timeline_width: u16,
    pub talks_width: u16,
    /// Line breaks inside paragraphs shown as written (config `line_breaks`).
    pub line_breaks: bool,
    /// Long code lines wrapped (config `wrap_code`); else they scroll sideways.
    pub wrap_code: bool,
    /// The editor command template of config `editor`, if set.
    pub editor: Option<String>,
    /// Links in the note pane written as OSC 8 hyperlinks (config
    /// `hyperlinks`, else whether the terminal is known to take them).
    pub hyperlinks: bool,
}

/// When a note counts as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRead {
    /// When it is opened in the note pane.
    OnOpen,
    /// When it has been scrolled to its end.
    AtEnd,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            newest_first: true,
            mark_read: MarkRead::OnOpen,
            timeline_width: crate::config::DEFAULT_TIMELINE_WIDTH,
            talks_width: crate::config::DEFAULT_TALKS_WIDTH,
            line_breaks: false,
            wrap_code: true,
            editor: None,
            hyperlinks: false,
        }
    }
}

pub struct App {
    /// Shared with the thread that builds the search indexes.
    collection: std::sync::Arc<Collection>,
    /// The finder and full-text indexes, the query typed in them, content hashes.
    search: Search,
    keymap: Keymap,
    theme: Theme,
    settings: Settings,
    /// Focus, terminal area, list scroll, the border dragged.
    panes: Panes,
    /// The selected event, talks row, and the row last selected in each event.
    selection: Selection,
    /// The note pane's scrolls, layout choices, positions to go to once rendered.
    note_view: NoteView,
    /// Syntax colours of the shown note's code blocks, as far as looked at.
    code_colours: code::CodeColours,
    pictures: pictures::Pictures,
    /// The popup view open over the panes.
    overlay: Option<Popup>,
    /// A message for the status line, cleared by the next key.
    message: Option<String>,
    /// Ends of `message` a narrow status line keeps whole (the years and
    /// key hint, the key hint), longest first, cutting what comes before
    /// them; ignored once `message` no longer ends with them, so a later
    /// message never has to clear them.
    message_keep: Vec<String>,
    /// Problems from loading notes, keymap and config, shown in the warnings view.
    problems: Problems,
    pending_keys: Vec<KeyChord>,
    /// Read marks, progress and bookmarks, whether they changed, the note followed.
    reading: Reading,
    prompt: Option<Prompt>,
    /// How notes relate across years, built once per collection.
    related: RelatedIndex,
    /// Whether `related` is still being built; jumps and related views wait for it.
    related_pending: bool,
    /// Files read and to read while the collection is only a first look.
    loading: Option<(usize, usize)>,
    /// History back and forward, and the topic `]`/`[` follow.
    journey: Journey,
    compare: Option<Compare>,
    /// `/` in the lists: only the notes (and events) matching a query are listed.
    list_filter: Option<ListFilter>,
    /// Saved searches at the top of the timeline; one may be selected instead of an event.
    saved: SavedSearches,
    /// Whether the timeline groups events by year or by series.
    grouping: Grouping,
    /// Bumped when something views show changes outside them (indexes,
    /// problems, keymap, theme), so the open view works out its content again.
    view_inputs: u64,
}

impl App {
    /// The app over `collection`, with its related-notes index built.
    pub fn new(collection: Collection, keymap: Keymap, settings: Settings, other_problems: Vec<Diagnostic>) -> Self {
        let mut app = Self::without_indexes(collection, keymap, settings, other_problems);
        let index = RelatedIndex::build(&app.collection);
        let problems = crate::check::problems(&app.collection, &index);
        app.set_related(index, problems);
        app
    }

    /// The app before any index is built, so the first frame need not wait
    /// for them: the runtime builds them off the UI thread and hands them
    /// over with [`App::set_related`] and `App::search`.
    pub fn without_indexes(
        collection: Collection,
        keymap: Keymap,
        settings: Settings,
        other_problems: Vec<Diagnostic>,
    ) -> Self {
        let problems = Problems::new(collection.warnings.clone(), other_problems);
        let note_view = NoteView::new(settings.line_breaks, settings.wrap_code);
        let mut app = Self {
            search: Search::new(),
            collection: std::sync::Arc::new(collection),
            keymap,
            theme: Theme::default(),
            settings,
            panes: Panes::default(),
            selection: Selection::default(),
            note_view,
            code_colours: code::CodeColours::default(),
            pictures: pictures::Pictures::default(),
            overlay: None,
            message: None,
            message_keep: Vec::new(),
            problems,
            pending_keys: Vec::new(),
            reading: Reading::default(),
            prompt: None,
            related: RelatedIndex::default(),
            related_pending: true,
            loading: None,
            journey: Journey::default(),
            compare: None,
            list_filter: None,
            saved: SavedSearches::default(),
            grouping: Grouping::default(),
            view_inputs: 0,
        };
        app.selection.set_event(app.event_order().first().copied());
        app.message = app.problems_message();
        app.settle();
        app
    }

    /// What to say about the problems found, if any.
    fn problems_message(&self) -> Option<String> {
        let n = self.problems.all().iter().filter(|p| !p.is_skipped()).count();
        let key = self.keymap.hint(Context::Timeline, Action::ShowWarnings).unwrap_or_else(|| "show-warnings".into());
        (n > 0).then(|| {
            format!(
                "{n} problem{} found in your notes or config; press {key} to see {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            )
        })
    }

    /// Changes colours and styles; rendered notes are redone in the new theme.
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
        self.view_inputs += 1;
        self.note_view.forget_rendered();
        if let Some(compare) = &mut self.compare {
            compare.show(None);
        }
        self.settle();
    }

    /// Index into `collection.events` of the selected event.
    pub fn event(&self) -> Option<usize> {
        self.selection.event()
    }

    /// Row in the talks list: 0 is the event overview, then its notes.
    pub fn entry(&self) -> usize {
        self.selection.entry()
    }

    /// The notes, their events and vocabulary.
    pub fn collection(&self) -> &Collection {
        &self.collection
    }

    /// The collection, to hand to a background task.
    pub fn shared_collection(&self) -> std::sync::Arc<Collection> {
        std::sync::Arc::clone(&self.collection)
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Every colour and style the drawing uses.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Settings from config and flags, as the reader changed them since.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Syntax colours of the shown note's code, as far as worked out.
    pub fn code_colours(&self) -> &code::CodeColours {
        &self.code_colours
    }

    /// Pictures of the shown note: wanted, loading, shown or failed.
    pub fn pictures(&self) -> &pictures::Pictures {
        &self.pictures
    }

    /// The popup view open over the panes.
    pub fn overlay(&self) -> Option<&Popup> {
        self.overlay.as_ref()
    }

    /// The one-line question on the status line, while one is asked.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// How notes relate across years.
    pub fn related(&self) -> &RelatedIndex {
        &self.related
    }

    /// The other year's note beside the shown one, while comparing.
    pub fn compare(&self) -> Option<&Compare> {
        self.compare.as_ref()
    }

    /// Follows `topic` from `note` with the jump keys, as a jump along it would.
    pub fn follow_topic(&mut self, note: usize, topic: Option<String>) {
        self.journey.follow(note, topic);
    }

    /// The status line's message, until the next key.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The ends of the message a narrow status line keeps whole, longest first; empty if none.
    pub fn message_keep(&self) -> &[String] {
        match self.message.as_deref() {
            Some(message) if self.message_keep.iter().all(|keep| message.ends_with(keep.as_str())) => {
                &self.message_keep
            }
            _ => &[],
        }
    }

    /// Says `text` then `keep` on the status line; when short of room,
    /// `text` is cut, not `keep`; with less room still, only `keep`'s own
    /// last part `shorter` (which `keep` ends with) stays whole.
    fn say_keeping(&mut self, (text, keep, shorter): (String, String, String)) {
        self.message = Some(format!("{text}{keep}"));
        self.message_keep = [keep, shorter].into_iter().filter(|k| !k.is_empty()).collect();
    }

    /// Tells the reader something on the status line (what the loop did for them).
    pub fn say(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// Files read and to read while the collection is only a first look.
    pub fn loading(&self) -> Option<(usize, usize)> {
        self.loading
    }

    /// How far reading the collection has come (`None` once it is read).
    pub fn set_loading(&mut self, progress: Option<(usize, usize)>) {
        self.loading = progress;
    }

    /// Whether the related index is still being built; jumps and related views wait for it.
    pub fn related_pending(&self) -> bool {
        self.related_pending
    }

    /// `/` in the lists, when the reader has narrowed them.
    pub fn list_filter(&self) -> Option<&ListFilter> {
        self.list_filter.as_ref()
    }

    /// The saved searches atop the timeline, and which one is selected.
    pub fn saved(&self) -> &SavedSearches {
        &self.saved
    }

    /// Whether the timeline groups events by year or by series.
    pub fn grouping(&self) -> Grouping {
        self.grouping
    }

    /// Problems from loading notes, keymap, config and saved searches, as the warnings view lists them.
    pub fn problems(&self) -> &[Diagnostic] {
        self.problems.all()
    }

    /// The pane that has the keys.
    pub fn focus(&self) -> Pane {
        self.panes.focus()
    }

    /// Gives the keys to `pane` (as a click on it does, without the click).
    pub fn set_focus(&mut self, pane: Pane) {
        self.panes.set_focus(pane);
    }

    /// The terminal's size.
    pub fn area(&self) -> Rect {
        self.panes.area()
    }

    /// The first timeline row shown.
    pub fn timeline_offset(&self) -> usize {
        self.panes.timeline_offset()
    }

    /// The first talks-list line shown.
    pub fn talks_offset(&self) -> usize {
        self.panes.talks_offset()
    }

    pub fn layout(&self) -> Layout {
        let widths = (self.settings.timeline_width, self.settings.talks_width);
        if self.compare.is_some() {
            return layout_comparing(self.area(), self.focus(), widths);
        }
        layout(self.area(), self.focus(), widths)
    }

    /// The keymap context that receives keys now.
    pub fn context(&self) -> Context {
        if self.overlay.is_some() {
            return Context::Popup;
        }
        match self.focus() {
            Pane::Timeline => Context::Timeline,
            Pane::Talks => Context::Talks,
            Pane::Note => Context::Note,
        }
    }

    /// A key press: resolved through the keymap (with any keys pressed before
    /// it), then applied as an action.
    #[must_use = "effects are the app's requests to the loop: dropping one loses a save or a write"]
    pub fn handle_key(&mut self, chord: KeyChord) -> Vec<Effect> {
        if self.prompt.is_some() {
            return self.edit_prompt(chord);
        }
        let key = self.keymap.field_key(chord);
        match self.overlay.as_mut().and_then(|open| open.edit_query(key)) {
            Some(FieldEdit::Changed | FieldEdit::Moved) => {
                self.settle();
                return Vec::new();
            }
            Some(FieldEdit::Submit) => return self.update(Action::Open),
            Some(FieldEdit::Cancel) => {
                self.overlay = None;
                return Vec::new();
            }
            Some(FieldEdit::Ignored) | None => {}
        }
        if self.typing_filter() && self.edit_filter(chord) {
            return Vec::new();
        }
        self.pending_keys.push(chord);
        match self.keymap.resolve(self.context(), &self.pending_keys) {
            Resolution::Action(action) => {
                self.pending_keys.clear();
                self.update(action)
            }
            Resolution::Pending => Vec::new(),
            Resolution::Unbound => {
                // An unfinished sequence followed by a stray key: try the key alone.
                let retry = self.pending_keys.len() > 1;
                self.pending_keys.clear();
                if retry {
                    self.handle_key(chord)
                } else {
                    self.key_of_another_pane(self.context(), chord)
                }
            }
        }
    }

    /// `SaveState` when something changed since the last save.
    fn take_save(&mut self) -> Vec<Effect> {
        if self.reading.take_changed() {
            if self.list_filter.is_some() {
                self.refresh_list_filter();
                self.keep_selection_in_filter();
            }
            self.refresh_saved_searches();
            vec![Effect::SaveState]
        } else {
            Vec::new()
        }
    }

    /// Keys typed so far of an unfinished sequence, for the status line.
    pub fn pending_keys(&self) -> &[KeyChord] {
        &self.pending_keys
    }

    /// Something that is not a key happened. Returns what the loop is to
    /// do about it, as [`App::handle_key`] does.
    #[must_use = "effects are the app's requests to the loop: dropping one loses a save or a write"]
    pub fn notice(&mut self, notice: Notice) -> Vec<Effect> {
        let mut effects = Vec::new();
        let mut resized = false;
        match notice {
            Notice::Resize { width, height } => {
                self.panes.resize(width, height);
                resized = true;
            }
            Notice::Saved { merged, moved_aside } => {
                // Merged, not replaced: saves are written on another thread,
                // and marks made since this one began are newer than its own.
                if let Some(merged) = merged {
                    self.reading.state_mut().merge(&merged);
                    self.saved.mark_stale();
                    self.view_inputs += 1;
                }
                if let Some(path) = moved_aside {
                    self.message = Some(format!("The state file could not be read; it was moved to {path}"));
                }
            }
            Notice::SaveFailed(error) => {
                // Keep every change in memory and try again with the next one.
                self.reading.changed();
                self.message = Some(format!("Could not save read state: {error}"));
            }
            Notice::StateChangedOnDisk(other) => {
                self.reading.state_mut().merge(&other);
                self.saved.mark_stale();
                self.view_inputs += 1;
            }
            Notice::Mouse(input) => effects = self.mouse(input),
            Notice::SearchesWritten { change, result } => self.searches_written(change, result),
            Notice::PicturesLoaded(loaded) => self.pictures_loaded(loaded),
        }
        if resized {
            // The first size is when a note left open at the last quit is
            // first laid out for the screen: it opens there, at the line the
            // reader had reached, before any key. A resize is not reading, so
            // nothing else of reading_events (an end shown is not reached).
            self.open_note_left_open();
            effects.extend(self.take_save());
        } else {
            self.settle();
        }
        effects
    }

    /// Event indices in timeline order (only those with matching notes while a list filter is on).
    pub fn event_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.collection.events.len())
            .filter(|&e| self.list_filter.as_ref().is_none_or(|f| f.lists_event(e)))
            .collect();
        if self.settings.newest_first {
            // Dated events newest first; undated ones stay last.
            let dated = order.iter().take_while(|&&i| self.collection.events[i].start.is_some()).count();
            order[..dated].reverse();
        }
        if self.grouping == Grouping::Series {
            order = self.group_by_series(&order);
        }
        order
    }

    /// The note indices of the selected event (or saved search), in list order.
    pub fn event_notes(&self) -> &[usize] {
        if let Some(i) = self.saved.selected() {
            return self.saved.views().get(i).map_or(&[], |v| v.notes.as_slice());
        }
        let Some(e) = self.selection.event() else { return &[] };
        match &self.list_filter {
            Some(filter) => filter.notes_of(e).unwrap_or(&[]),
            None => self.collection.events[e].notes.as_slice(),
        }
    }

    /// Number of rows in the talks list (the overview row plus the notes).
    pub fn entry_count(&self) -> usize {
        if self.selection.event().is_some() || self.saved.selected().is_some() {
            1 + self.event_notes().len()
        } else {
            0
        }
    }

    pub fn document(&self) -> Option<Document> {
        // A saved search's first row is itself, shown from `saved.overview`: no document.
        if self.saved.selected().is_some() {
            return self
                .selection
                .entry()
                .checked_sub(1)
                .and_then(|n| self.event_notes().get(n))
                .map(|&i| Document::Note(i));
        }
        let event = self.selection.event()?;
        match self.selection.entry() {
            0 => Some(Document::Overview(event)),
            n => self.event_notes().get(n - 1).map(|&i| Document::Note(i)),
        }
    }

    pub fn selected_note(&self) -> Option<usize> {
        match self.document()? {
            Document::Note(i) => Some(i),
            Document::Overview(_) => None,
        }
    }

    /// Rows of the note pane's viewport.
    pub fn note_viewport(&self) -> usize {
        self.layout().note.map_or(0, crate::layout::inner_height)
    }

    pub fn note_line_count(&self) -> usize {
        self.note_view.line_count()
    }

    /// The shown document as rendered for the note pane.
    pub fn rendered(&self) -> Option<&RenderedDoc> {
        self.note_view.rendered()
    }

    /// The search in the note, its matches and the current one.
    pub fn note_search(&self) -> Option<&NoteSearch> {
        self.note_view.search()
    }

    /// The first line of the note shown.
    pub fn note_scroll(&self) -> usize {
        self.note_view.scroll()
    }

    /// Columns the note is scrolled sideways.
    pub fn note_hscroll(&self) -> usize {
        self.note_view.hscroll()
    }

    /// Shows `line` of the rendered note first; kept within the note when
    /// the app next settles, as every scroll is.
    pub fn scroll_note_to(&mut self, line: usize) {
        self.note_view.scroll_to(line, usize::MAX);
    }

    pub fn max_note_scroll(&self) -> usize {
        self.note_line_count().saturating_sub(self.note_viewport())
    }

    /// How far through the note the view is, 0–100.
    pub fn scroll_percent(&self) -> usize {
        let max = self.max_note_scroll();
        (self.note_view.scroll().min(max) * 100).checked_div(max).unwrap_or(100)
    }

    /// Brings derived state in line after any change: the rendered document
    /// for the current width, and scroll offsets that keep selections visible.
    /// It only recomputes what is shown: what the reader did (opening a note,
    /// reaching its end) is [`App::reading_events`], called for their actions.
    fn settle(&mut self) {
        self.refresh_saved_searches();
        let layout = self.layout();
        let (width, right_width) = self.note_widths();
        let document = self.document();
        if document::is_stale(self.note_view.rendered(), document, width, self.note_layout()) {
            let same_document = self.note_view.rendered().map(|r| r.document) == document;
            let pictures_before = self.pictures_before_resize(self.note_view.rendered(), document, width);
            let rendered = document.map(|d| self.render_document(d, width));
            // The line read stays in place when pictures take their own rows.
            let kept_line = match (&pictures_before, &rendered) {
                (Some(before), Some(after)) => {
                    Some(pictures::line_after_pictures_resized(self.note_view.scroll(), before, &after.images))
                }
                _ => None,
            };
            self.note_view.show(rendered);
            if let Some(line) = kept_line {
                self.note_view.scroll_to(line, usize::MAX);
            }
            // Matches are positions in rendered lines: redo them for a new width, drop them for a new note.
            match (self.note_view.search(), same_document) {
                (Some(search), true) => {
                    let (query, current) = (search.query.clone(), search.current);
                    self.update_note_search(&query);
                    if let Some(search) = self.note_view.search_mut() {
                        search.current = current.min(search.matches.len().saturating_sub(1));
                    }
                }
                _ => self.clear_note_search(),
            }
            self.apply_pending_heading();
        }
        self.note_view.apply_return();
        self.follow_compare();
        let other = self.compare_document();
        if let Some(compare) = &self.compare {
            if document::is_stale(compare.rendered(), other, right_width, self.note_layout()) {
                let before = self.pictures_before_resize(compare.rendered(), other, right_width);
                let rendered = other.map(|d| self.render_document(d, right_width));
                if let Some(compare) = &mut self.compare {
                    if let (Some(before), Some(after)) = (before, &rendered) {
                        let line = pictures::line_after_pictures_resized(compare.scroll(), &before, &after.images);
                        compare.scroll_to(line, usize::MAX);
                    }
                    compare.show(rendered);
                }
            }
        }
        let right_max = self.compare_max_scroll();
        if let Some(compare) = &mut self.compare {
            compare.scroll_to(compare.scroll(), right_max);
        }
        self.settle_saved_overview();
        self.note_view.clamp(self.max_note_scroll(), self.max_note_hscroll());
        self.settle_code_colours();
        self.settle_pictures();
        self.settle_view();
        if let Some(rect) = layout.timeline {
            // The rows made once for both: the selection's line and how many there are.
            let rows = self.timeline_rows();
            let selection = self.timeline_selection();
            let selected = rows.iter().position(|r| Some(*r) == selection).unwrap_or(0);
            self.panes.settle_timeline(selected, crate::layout::inner_height(rect), rows.len());
        }
        if let Some(rect) = layout.talks {
            let selected = self.talks_selected_line();
            let total = self.talk_rows().iter().map(|row| row.height()).sum();
            self.panes.settle_talks(selected, crate::layout::inner_height(rect), total);
        }
    }
}

#[cfg(test)]
mod tests;

/// The problems of the notes and of the rest, then the files skipped as not
/// notes (listed apart from problems in the warnings view).
pub(crate) fn problems_then_skipped(notes: &[Diagnostic], other: &[Diagnostic]) -> Vec<Diagnostic> {
    let all = notes.iter().chain(other);
    all.clone().filter(|p| !p.is_skipped()).chain(all.filter(|p| p.is_skipped())).cloned().collect()
}
