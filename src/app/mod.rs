//! All UI state, and the one place it changes: [`App::update`] turns an
//! [`Action`] into a new state plus [`Effect`]s for the main loop to carry
//! out. No I/O happens here, so every behaviour is a plain unit test.

mod code;
mod field;
mod filter;
mod find;
mod finding;
mod journey;
mod mouse;
mod overlay;
pub mod pictures;
mod reading;
mod reload;
mod rows;
mod saved;
mod series;
mod update;

use std::collections::HashMap;

use ratatui::layout::Rect;
use ratatui::text::Line;

pub use field::{FieldEdit, TextField};
pub use filter::ListFilter;
pub use find::NoteSearch;
pub use finding::SearchIndexes;
pub use journey::{Compare, ListItem, Location};
pub use mouse::{Border, MouseInput, MouseKind};
pub use reading::BookmarkEntry;
pub use rows::{TalkRow, TimelineRow};
pub use saved::{SavedSearches, SavedView};
pub use series::{series_name, Grouping};

use crate::diagnostic::Diagnostic;
use crate::keymap::{Action, Context, KeyChord, Keymap, Resolution};
use crate::layout::{layout, note_text_width, Layout, Pane};
use crate::notes::{Collection, Topic};
use crate::relate::RelatedIndex;
use crate::render::{event_card, note_card, strip_title_heading, HeadingMark, LinkTarget, StyledLines};
use crate::state::State;
use crate::theme::Theme;

/// Something for the main loop to do on the app's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the read state and bookmarks (the loop answers with `Event::Saved` or `Event::SaveFailed`).
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
    /// Change the saved searches file; the loop answers with `Event::SearchesWritten`.
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
pub enum Event {
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
    SaveFailed(String),
    /// Another instance changed the state file.
    StateChangedOnDisk(Box<State>),
    Mouse(MouseInput),
    /// A change to the saved searches was written (the file's searches and
    /// problems as read back), or not, and why.
    SearchesWritten {
        change: crate::search::SavedChange,
        result: Result<(Vec<crate::search::SavedSearch>, Vec<Diagnostic>), String>,
    },
    /// A picture asked for is decoded, or could not be.
    PictureLoaded(crate::pictures::Loaded),
}

/// A full-screen view over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    /// Every problem; `selected` indexes those the view filter lets through.
    Warnings {
        scroll: usize,
        selected: usize,
    },
    /// Every bookmark; `selected` indexes [`App::bookmark_entries`].
    Bookmarks {
        selected: usize,
        scroll: usize,
    },
    /// The fuzzy finder over every note.
    Finder {
        selected: usize,
        scroll: usize,
    },
    /// Full-text search over every note's text.
    TextSearch {
        selected: usize,
        scroll: usize,
    },
    /// Related notes, topics or a topic's timeline; `parent` is the view Esc returns to.
    List {
        view: ListView,
        selected: usize,
        scroll: usize,
        parent: Option<Box<Overlay>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListView {
    Related {
        note: usize,
    },
    Topics,
    TopicTimeline {
        topic: Topic,
    },
    /// The headings of the shown document.
    Outline,
}

/// What choosing a list item opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListTarget {
    Note(usize),
    Topic(Topic),
    /// A line of the shown document (an outline entry).
    Line(usize),
}

/// A one-line question on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub field: TextField,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The annotation of the bookmark at this note and heading.
    Annotate { note: String, heading: Option<String> },
    /// Search the shown note as the query is typed.
    NoteSearch,
    /// Narrow the lists to the notes matching a query, as it is typed.
    ListFilter,
    /// The number of a link of the shown note; `count` links exist.
    FollowLink { count: usize },
    /// A name for the list filter `query`, to save it as a search.
    SaveSearch { query: String },
    /// Whether to delete the saved search `name`: one key answers.
    DeleteSearch { name: String },
    /// Whether to delete an annotated bookmark (the annotation would be lost): one key answers.
    DeleteBookmark { note: String, heading: Option<String> },
}

impl PromptKind {
    pub fn label(&self) -> &'static str {
        match self {
            PromptKind::Annotate { .. } => "Annotation",
            PromptKind::NoteSearch => "Search note",
            PromptKind::ListFilter => "Filter (words, is:unread, topic:, kind:, year:2022..)",
            PromptKind::FollowLink { .. } => "Follow link",
            PromptKind::SaveSearch { .. } => "Save the filter as a search named",
            PromptKind::DeleteSearch { .. } => "Delete the selected saved search? y deletes, any other key keeps it",
            PromptKind::DeleteBookmark { .. } => {
                "Delete this bookmark and its annotation? y deletes, any other key keeps it"
            }
        }
    }

    /// The keys to tell the reader about, after what they typed; `None`
    /// for a question answered by one key, where nothing is typed.
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            PromptKind::DeleteSearch { .. } | PromptKind::DeleteBookmark { .. } => return None,
            PromptKind::Annotate { .. } | PromptKind::SaveSearch { .. } => "enter save · esc cancel",
            PromptKind::NoteSearch => "enter search · esc cancel",
            PromptKind::ListFilter => "enter filter · esc clear",
            PromptKind::FollowLink { .. } => "enter follow · esc cancel",
        })
    }
}

/// What the note pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// An event's overview (its `event.md`).
    Overview(usize),
    Note(usize),
}

/// Rendered lines of the shown document, for the width they were laid out at.
#[derive(Debug, Clone)]
pub struct RenderedDoc {
    pub document: Document,
    pub width: usize,
    /// Tables, line breaks and code as the reader chose when it was laid out.
    pub layout: NoteLayout,
    /// Width of the widest line, for sideways scrolling; found once, not per key.
    pub widest: usize,
    pub lines: StyledLines,
    pub headings: Vec<HeadingMark>,
    pub links: Vec<LinkTarget>,
    /// Code blocks, for colouring as drawn; lines count from the top of the card.
    pub code_blocks: Vec<crate::render::CodeBlock>,
    /// Rows kept for pictures, lines counted from the top of the card.
    pub images: Vec<crate::render::ImageMark>,
    /// The line of each footnote in the Notes list, by number.
    pub footnotes: Vec<usize>,
}

/// The reader's choices of how notes are laid out, each toggled by a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteLayout {
    /// Tables at their natural width, scrolling sideways.
    pub wide_tables: bool,
    /// Line breaks inside paragraphs kept, as written.
    pub line_breaks: bool,
    /// Long code lines wrapped with a marker rather than scrolling sideways.
    pub wrap_code: bool,
    /// Rows kept for each picture; 0 while pictures are off.
    pub image_rows: u16,
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
        }
    }
}

pub struct App {
    /// Shared with the thread that builds the search indexes.
    pub collection: std::sync::Arc<Collection>,
    /// The finder and full-text indexes, once built.
    pub search: Option<SearchIndexes>,
    /// Each note's content hash, once asked for (see `content_hash_of`).
    content_hashes: Vec<std::sync::OnceLock<String>>,
    /// The query typed in the finder or the full-text search.
    pub search_field: TextField,
    pub keymap: Keymap,
    pub theme: Theme,
    pub settings: Settings,
    pub focus: Pane,
    /// Index into `collection.events` of the selected event.
    pub event: Option<usize>,
    /// Row in the talks list: 0 is the event overview, then its notes.
    pub entry: usize,
    /// The talks row last selected in each event, restored on return.
    pub(super) remembered_entry: HashMap<usize, usize>,
    pub timeline_offset: usize,
    pub talks_offset: usize,
    pub note_scroll: usize,
    /// Sideways scroll of the note pane, for wide tables.
    pub note_hscroll: usize,
    /// Tables keep their natural width (and the note scrolls sideways).
    pub wide_tables: bool,
    pub line_breaks: bool,
    pub wrap_code: bool,
    /// Syntax colours of the shown note's code blocks, as far as looked at.
    pub code_colours: code::CodeColours,
    pub pictures: pictures::Pictures,
    pub overlay: Option<Overlay>,
    /// A message for the status line, cleared by the next key.
    pub message: Option<String>,
    /// Problems from loading notes, keymap and config, shown in the warnings view.
    pub problems: Vec<Diagnostic>,
    /// The notes' problems as `confnotes check` lists them ([`crate::check::problems`]);
    /// only the loader's warnings until the related index is built.
    note_problems: Vec<Diagnostic>,
    /// The problems not from the notes (keymap, config, state), kept across note reloads.
    other_problems: Vec<Diagnostic>,
    pending_keys: Vec<KeyChord>,
    /// Text that narrows the open view (help, problems, bookmarks) to matching lines.
    pub view_filter: TextField,
    /// Read marks, progress and bookmarks.
    pub state: State,
    /// Where time comes from, so tests can fix it.
    pub clock: fn() -> u64,
    /// The state changed and should be saved.
    dirty: bool,
    /// The note whose reading progress is being followed.
    opened: Option<usize>,
    pub prompt: Option<Prompt>,
    /// How notes relate across years, built once per collection.
    pub related: RelatedIndex,
    /// Whether `related` is still being built; jumps and related views wait for it.
    pub related_pending: bool,
    /// Files read and to read while the collection is only a first look.
    pub loading: Option<(usize, usize)>,
    /// The topic `]`/`[` keep following, and the note it was reached at.
    pub followed_topic: Option<(usize, Topic)>,
    back: Vec<Location>,
    forward: Vec<Location>,
    /// A scroll position to apply once the next document is rendered.
    pending_scroll: Option<usize>,
    pub compare: Option<Compare>,
    /// `/` in the lists: only the notes (and events) matching a query are listed.
    pub list_filter: Option<ListFilter>,
    /// Saved searches at the top of the timeline; one may be selected instead of an event.
    pub saved: SavedSearches,
    /// Whether the timeline groups events by year or by series.
    pub grouping: Grouping,
    /// Bumped whenever read state or bookmarks change, so cached matches know to refresh.
    state_generation: u64,
    /// The filter of the view a nested view was opened from, restored on return.
    parent_filter: String,
    pub note_search: Option<NoteSearch>,
    /// A pane border being dragged with the mouse.
    dragging: Option<Border>,
    /// Where the note view was when a search began, to return to on Esc.
    search_origin: usize,
    /// A heading to scroll to once the next document is rendered (a link's #fragment).
    pending_heading: Option<String>,
    /// Keys go into `view_filter` instead of the keymap.
    pub typing_filter: bool,
    pub area: Rect,
    pub rendered: Option<RenderedDoc>,
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
    /// over with [`App::set_related`] and [`App::search`].
    pub fn without_indexes(
        collection: Collection,
        keymap: Keymap,
        settings: Settings,
        other_problems: Vec<Diagnostic>,
    ) -> Self {
        let note_problems = collection.warnings.clone();
        let problems = note_problems.iter().chain(&other_problems).cloned().collect();
        let (line_breaks, wrap_code) = (settings.line_breaks, settings.wrap_code);
        let mut app = Self {
            content_hashes: (0..collection.notes.len()).map(|_| std::sync::OnceLock::new()).collect(),
            collection: std::sync::Arc::new(collection),
            search: None,
            search_field: TextField::default(),
            keymap,
            theme: Theme::default(),
            settings,
            focus: Pane::Timeline,
            event: None,
            entry: 0,
            remembered_entry: HashMap::new(),
            timeline_offset: 0,
            talks_offset: 0,
            note_scroll: 0,
            note_hscroll: 0,
            wide_tables: false,
            line_breaks,
            wrap_code,
            code_colours: code::CodeColours::default(),
            pictures: pictures::Pictures::default(),
            overlay: None,
            message: None,
            problems,
            note_problems,
            other_problems,
            pending_keys: Vec::new(),
            view_filter: TextField::default(),
            state: State::new(""),
            clock: crate::state::now,
            dirty: false,
            opened: None,
            prompt: None,
            related: RelatedIndex::default(),
            related_pending: true,
            loading: None,
            followed_topic: None,
            back: Vec::new(),
            forward: Vec::new(),
            pending_scroll: None,
            compare: None,
            list_filter: None,
            saved: SavedSearches::default(),
            grouping: Grouping::default(),
            state_generation: 0,
            parent_filter: String::new(),
            note_search: None,
            dragging: None,
            search_origin: 0,
            pending_heading: None,
            typing_filter: false,
            area: Rect::new(0, 0, 80, 24),
            rendered: None,
        };
        app.event = app.event_order().first().copied();
        app.message = app.problems_message();
        app.settle();
        app
    }

    /// What to say about the problems found, if any.
    fn problems_message(&self) -> Option<String> {
        let n = self.problems.len();
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
        self.rendered = None;
        if let Some(compare) = &mut self.compare {
            compare.rendered = None;
        }
        self.settle();
    }

    pub fn layout(&self) -> Layout {
        layout(self.area, self.focus, (self.settings.timeline_width, self.settings.talks_width))
    }

    /// The keymap context that receives keys now.
    pub fn context(&self) -> Context {
        if self.overlay.is_some() {
            return Context::Popup;
        }
        match self.focus {
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
        if matches!(self.overlay, Some(Overlay::Finder { .. } | Overlay::TextSearch { .. })) {
            match self.search_field.edit(chord) {
                FieldEdit::Changed => {
                    if let Some(Overlay::Finder { selected, scroll } | Overlay::TextSearch { selected, scroll }) =
                        &mut self.overlay
                    {
                        (*selected, *scroll) = (0, 0);
                    }
                    return Vec::new();
                }
                FieldEdit::Submit => {
                    self.open_search_result();
                    self.settle();
                    return self.take_save();
                }
                FieldEdit::Cancel => {
                    self.overlay = None;
                    return Vec::new();
                }
                FieldEdit::Moved => return Vec::new(),
                FieldEdit::Ignored => {}
            }
        }
        if self.typing_filter && self.overlay.is_some() && self.edit_filter(chord) {
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
                    Vec::new()
                }
            }
        }
    }

    /// Line editing of the view filter. Returns false for keys it leaves to
    /// the keymap (arrows, page keys), so the view still scrolls while typing.
    fn edit_filter(&mut self, chord: KeyChord) -> bool {
        match self.view_filter.edit(chord) {
            FieldEdit::Ignored => return false,
            FieldEdit::Moved => return true,
            FieldEdit::Submit => self.typing_filter = false,
            FieldEdit::Cancel => {
                self.typing_filter = false;
                self.view_filter.text.clear();
            }
            FieldEdit::Changed => {}
        }
        match &mut self.overlay {
            Some(Overlay::Help { scroll }) => *scroll = 0,
            Some(Overlay::Warnings { scroll, selected }) => (*scroll, *selected) = (0, 0),
            Some(
                Overlay::Bookmarks { selected, scroll }
                | Overlay::List { selected, scroll, .. }
                | Overlay::Finder { selected, scroll }
                | Overlay::TextSearch { selected, scroll },
            ) => (*selected, *scroll) = (0, 0),
            None => {}
        }
        true
    }

    fn edit_prompt(&mut self, chord: KeyChord) -> Vec<Effect> {
        let Some(prompt) = &mut self.prompt else { return Vec::new() };
        if matches!(prompt.kind, PromptKind::DeleteSearch { .. }) {
            let effects = self.answer_delete_search(chord);
            self.settle();
            return effects;
        }
        if matches!(prompt.kind, PromptKind::DeleteBookmark { .. }) {
            self.answer_delete_bookmark(chord);
            self.settle();
            return self.take_save();
        }
        // Link numbers take digits only.
        if matches!(prompt.kind, PromptKind::FollowLink { .. })
            && chord.typed_char().is_some_and(|c| !c.is_ascii_digit())
        {
            return Vec::new();
        }
        let edit = prompt.field.edit(chord);
        let mut effects = Vec::new();
        match edit {
            FieldEdit::Submit => {
                let Some(Prompt { kind, field }) = self.prompt.take() else { return Vec::new() };
                match kind {
                    PromptKind::Annotate { note, heading } => {
                        let now = (self.clock)();
                        self.state.annotate_bookmark(&note, heading.as_deref(), &field.text, now);
                        self.message = Some(if field.text.trim().is_empty() {
                            "Annotation removed".into()
                        } else {
                            "Annotation saved".into()
                        });
                        self.dirty = true;
                    }
                    PromptKind::NoteSearch => self.finish_note_search(),
                    PromptKind::ListFilter => self.set_list_filter(&field.text),
                    PromptKind::SaveSearch { query } => effects = self.save_search(query, &field.text),
                    PromptKind::DeleteSearch { .. } | PromptKind::DeleteBookmark { .. } => {}
                    PromptKind::FollowLink { .. } => match field.text.parse::<usize>() {
                        Ok(n) => effects = self.follow_link(n),
                        Err(_) => self.message = Some("Type the number shown after a link, like 3".into()),
                    },
                }
            }
            FieldEdit::Cancel => match self.prompt.take() {
                Some(Prompt { kind: PromptKind::NoteSearch, .. }) => {
                    self.clear_note_search();
                    self.note_scroll = self.search_origin.min(self.max_note_scroll());
                    self.message = None;
                }
                Some(Prompt { kind: PromptKind::ListFilter, .. }) => {
                    self.set_list_filter("");
                    self.message = Some("Filter cleared".into());
                }
                _ => {}
            },
            FieldEdit::Changed => match &self.prompt {
                Some(Prompt { kind: PromptKind::NoteSearch, field }) => {
                    let query = field.text.clone();
                    self.update_note_search(&query);
                }
                Some(Prompt { kind: PromptKind::ListFilter, field }) => {
                    let text = field.text.clone();
                    self.set_list_filter(&text);
                }
                // Follow as soon as the number cannot grow into another link's.
                Some(Prompt { kind: PromptKind::FollowLink { count }, field }) => {
                    if let Ok(n) = field.text.parse::<usize>() {
                        if n > 0 && n * 10 > *count {
                            self.prompt = None;
                            effects = self.follow_link(n);
                        }
                    }
                }
                _ => {}
            },
            FieldEdit::Moved | FieldEdit::Ignored => {}
        }
        self.settle();
        effects.extend(self.take_save());
        effects
    }

    /// `SaveState` when something changed since the last save.
    fn take_save(&mut self) -> Vec<Effect> {
        if std::mem::take(&mut self.dirty) {
            self.state_generation += 1;
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
    pub fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = Vec::new();
        match event {
            Event::Resize { width, height } => {
                self.area = Rect::new(0, 0, width, height);
            }
            Event::Saved { merged, moved_aside } => {
                // Merged, not replaced: saves are written on another thread,
                // and marks made since this one began are newer than its own.
                if let Some(merged) = merged {
                    self.state.merge(&merged);
                    self.saved.mark_stale();
                }
                if let Some(path) = moved_aside {
                    self.message = Some(format!("The state file could not be read; it was moved to {path}"));
                }
            }
            Event::SaveFailed(error) => {
                // Keep every change in memory and try again with the next one.
                self.dirty = true;
                self.message = Some(format!("Could not save read state: {error}"));
            }
            Event::StateChangedOnDisk(other) => {
                self.state.merge(&other);
                self.saved.mark_stale();
            }
            Event::Mouse(input) => effects = self.mouse(input),
            Event::SearchesWritten { change, result } => self.searches_written(change, result),
            Event::PictureLoaded(loaded) => self.picture_loaded(loaded),
        }
        self.settle();
        effects
    }

    /// Event indices in timeline order (only those with matching notes while a list filter is on).
    pub fn event_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.collection.events.len())
            .filter(|e| self.list_filter.as_ref().is_none_or(|f| f.notes.contains_key(e)))
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
        if let Some(i) = self.saved.selected {
            return self.saved.views.get(i).map_or(&[], |v| v.notes.as_slice());
        }
        let Some(e) = self.event else { return &[] };
        match &self.list_filter {
            Some(filter) => filter.notes.get(&e).map_or(&[], Vec::as_slice),
            None => self.collection.events[e].notes.as_slice(),
        }
    }

    /// Number of rows in the talks list (the overview row plus the notes).
    pub fn entry_count(&self) -> usize {
        if self.event.is_some() || self.saved.selected.is_some() {
            1 + self.event_notes().len()
        } else {
            0
        }
    }

    pub fn document(&self) -> Option<Document> {
        // A saved search's first row is itself, shown from `saved.overview`: no document.
        if self.saved.selected.is_some() {
            return self.entry.checked_sub(1).and_then(|n| self.event_notes().get(n)).map(|&i| Document::Note(i));
        }
        let event = self.event?;
        match self.entry {
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
        self.rendered.as_ref().map_or(0, |r| r.lines.len())
    }

    pub fn max_note_scroll(&self) -> usize {
        self.note_line_count().saturating_sub(self.note_viewport())
    }

    /// How far through the note the view is, 0–100.
    pub fn scroll_percent(&self) -> usize {
        let max = self.max_note_scroll();
        (self.note_scroll.min(max) * 100).checked_div(max).unwrap_or(100)
    }

    /// Brings derived state in line after any change: the rendered document
    /// for the current width, and scroll offsets that keep selections visible.
    fn settle(&mut self) {
        self.refresh_saved_searches();
        let layout = self.layout();
        let (width, right_width) = self.note_widths();
        let document = self.document();
        if is_stale(self.rendered.as_ref(), document, width, self.note_layout()) {
            let same_document = self.rendered.as_ref().map(|r| r.document) == document;
            self.rendered = document.map(|d| self.render_document(d, width));
            // Matches are positions in rendered lines: redo them for a new width, drop them for a new note.
            match (&self.note_search, same_document) {
                (Some(search), true) => {
                    let (query, current) = (search.query.clone(), search.current);
                    self.update_note_search(&query);
                    if let Some(search) = &mut self.note_search {
                        search.current = current.min(search.matches.len().saturating_sub(1));
                    }
                }
                _ => self.clear_note_search(),
            }
            self.apply_pending_heading();
        }
        if let Some(scroll) = self.pending_scroll.take() {
            self.note_scroll = scroll;
        }
        self.follow_compare();
        let other = self.compare_document();
        if let Some(compare) = &self.compare {
            if is_stale(compare.rendered.as_ref(), other, right_width, self.note_layout()) {
                let rendered = other.map(|d| self.render_document(d, right_width));
                if let Some(compare) = &mut self.compare {
                    compare.rendered = rendered;
                }
            }
        }
        let right_max = self.compare_max_scroll();
        if let Some(compare) = &mut self.compare {
            compare.scroll = compare.scroll.min(right_max);
        }
        self.follow_opened_note();
        self.settle_saved_overview();
        self.note_scroll = self.note_scroll.min(self.max_note_scroll());
        self.note_hscroll = self.note_hscroll.min(self.max_note_hscroll());
        self.settle_code_colours();
        self.settle_pictures();
        self.mark_read_at_end();
        self.settle_overlay();
        if let Some(rect) = layout.timeline {
            self.timeline_offset = rows::settle_offset(
                self.timeline_offset,
                self.timeline_selected_line(),
                1,
                crate::layout::inner_height(rect),
            );
        }
        if let Some(rect) = layout.talks {
            self.talks_offset = rows::settle_offset(
                self.talks_offset,
                self.talks_selected_line(),
                rows::TALK_ROW_HEIGHT,
                crate::layout::inner_height(rect),
            );
        }
    }

    /// Text widths of the note pane, or of its two halves when comparing.
    fn note_widths(&self) -> (usize, usize) {
        // Render for the note pane's width even when it is hidden, so the
        // scroll position means the same thing when it comes back.
        let min = crate::render::MIN_WIDTH;
        let Some(rect) = self.layout().note else { return (80, 80) };
        if self.compare.is_some() {
            let (left, right) = crate::layout::split_note(rect);
            (note_text_width(left).max(min), note_text_width(right).max(min))
        } else {
            (note_text_width(rect).max(min), min)
        }
    }

    /// How far the note can scroll sideways: its widest line past the pane.
    pub fn max_note_hscroll(&self) -> usize {
        self.rendered.as_ref().map_or(0, |r| r.widest.saturating_sub(r.width))
    }

    /// Largest scroll of the right half when comparing.
    pub fn compare_max_scroll(&self) -> usize {
        let lines = self.compare.as_ref().and_then(|c| c.rendered.as_ref()).map_or(0, |r| r.lines.len());
        lines.saturating_sub(self.note_viewport())
    }

    fn render_document(&self, document: Document, width: usize) -> RenderedDoc {
        let c = &self.collection;
        let (card, body) = match document {
            Document::Overview(e) => {
                let event = &c.events[e];
                (event_card(event, event.notes.len(), width, &self.theme), event.overview.as_str())
            }
            Document::Note(n) => {
                let note = &c.notes[n];
                let body = strip_title_heading(&note.body, &note.title);
                let mut card = note_card(note, c.event_of(n), &c.vocabulary, width, &self.theme);
                let others = self.related.other_talks_by_speakers(c, n);
                if !others.is_empty() {
                    // Above the card's closing rule and blank line.
                    let at = card.len().saturating_sub(2);
                    card.splice(at..at, speaker_lines(c, &others, width, &self.theme));
                }
                (card, body)
            }
        };
        let offset = card.len();
        let layout = self.note_layout();
        let label = |url: &str| self.link_label(document, url);
        let options = crate::render::RenderOptions {
            link_labels: Some(crate::render::LinkLabels(&label)),
            wide_tables: layout.wide_tables,
            line_breaks: layout.line_breaks,
            wrap_code: layout.wrap_code,
            image_rows: layout.image_rows,
            ..crate::render::RenderOptions::new(width)
        };
        let mut body = crate::render::render_markdown_with(body, &options, &self.theme);
        body.shift(offset);
        let mut lines: StyledLines = card.into_iter().collect();
        lines.append(std::mem::take(&mut body.lines));
        let widest = lines.widest();
        RenderedDoc {
            document,
            width,
            layout,
            widest,
            lines,
            headings: body.headings,
            links: body.links,
            code_blocks: body.code_blocks,
            images: body.images,
            footnotes: body.footnotes,
        }
    }

    pub fn note_layout(&self) -> NoteLayout {
        // Only a folder's notes have pictures beside them.
        let pictures = self.pictures.on && matches!(self.collection.origin, crate::notes::Origin::Folder(_));
        let image_rows = match self.layout().note {
            Some(rect) if pictures => {
                pictures::picture_rows(usize::from(rect.width.saturating_sub(4)), crate::layout::inner_height(rect))
            }
            _ => 0,
        };
        NoteLayout {
            wide_tables: self.wide_tables,
            line_breaks: self.line_breaks,
            wrap_code: self.wrap_code,
            image_rows,
        }
    }
}

fn is_stale(rendered: Option<&RenderedDoc>, document: Option<Document>, width: usize, layout: NoteLayout) -> bool {
    match (rendered, document) {
        (Some(r), Some(d)) => r.document != d || r.width != width || r.layout != layout,
        (None, None) => false,
        _ => true,
    }
}

/// "Jane Doe also spoke at Barcelona 2019: Title" lines for the note card.
fn speaker_lines(c: &Collection, others: &[(String, Vec<usize>)], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    use crate::render::{wrap, Inline};
    let mut lines = Vec::new();
    for (speaker, notes) in others {
        let talks: Vec<String> =
            notes.iter().map(|&n| format!("{}: {}", c.event_of(n).label(), c.notes[n].title)).collect();
        let inlines = vec![
            Inline::Text(format!("{speaker} also spoke at "), theme.card_label),
            Inline::Text(talks.join("; "), theme.text),
        ];
        lines.extend(wrap(&inlines, width).into_iter().map(Line::from));
    }
    lines
}

#[cfg(test)]
mod tests;
