//! The popup views drawn over the panes (help, problems, bookmarks, the
//! finder, related notes, topics, speakers, ...). Each is one type in its
//! own file implementing [`View`]: its state, what it shows, the actions it
//! answers and its status hints. [`Popup`] holds the open one with what
//! every view shares: the selection, the scroll, the view it was opened
//! from, and its content: items found once when an input changes (never
//! per draw or movement key), lines laid out again when the width or the
//! selection change. [`OPENERS`] says which action opens which view, so a
//! new view is a new file here, a line in that table and a keymap entry.

mod attachments;
mod bookmarks;
mod finder;
mod help;
mod list;
mod outline;
mod problems;
mod recent;
mod related;
mod speaker_talks;
mod speakers;
mod text_search;
mod topic_timeline;
mod topics;

use std::any::Any;

use ratatui::layout::Rect;
use ratatui::text::Line;

pub use finder::FinderView;
pub use list::{ListItem, ListTarget};
pub use text_search::TextSearchView;

/// The topics view, whose chart year the app reports.
pub type TopicsView = list::List<topics::Topics>;

use super::update::shift;
use super::{rows, App, Effect, TextField};
use crate::keymap::Action;
use crate::layout::{inner_height, popup};

/// One popup view. The app hands it to [`Popup`], which moves the
/// selection, scrolls, filters and closes; the view says what it shows and
/// answers the rest of the actions.
pub trait View: Any {
    /// Its name in the popup's border.
    fn title(&self) -> &'static str;
    /// The most useful keys while it is open, for the status line.
    fn hints(&self) -> &'static [(Action, &'static str)];
    /// Whether `action` closes it (the key that opened it, pressed again).
    fn closed_by(&self, _action: Action) -> bool {
        false
    }
    /// Whether it scrolls text a page at a time (help) rather than moving a selection.
    fn scrolls_text(&self) -> bool {
        false
    }
    /// The query typed keys edit, for a view that has one (the finder).
    fn query(&self) -> Option<&TextField> {
        None
    }
    fn query_mut(&mut self) -> Option<&mut TextField> {
        None
    }
    /// The item selected when it opens.
    fn first_selected(&self) -> usize {
        0
    }
    /// Works out what it shows from the app, narrowed by `filter`; called
    /// only when an input changed (the filter, the query, the state, an
    /// index, the size).
    fn refresh(&mut self, _app: &App, _filter: &Filter) {}
    /// Its lines for `width` with `selected` marked, from what `refresh` found.
    fn content(&self, app: &App, width: usize, selected: usize) -> Content;
    /// An action [`Popup`] leaves to the view (open, delete, ...).
    fn act(&mut self, _action: Action, _selected: usize, _app: &mut App) -> Outcome {
        Outcome::Ignored
    }
    /// The items of a list view, for tests and the mouse.
    fn items(&self) -> &[ListItem] {
        &[]
    }
    fn as_any(&self) -> &dyn Any;
}

/// The text typed to narrow the open view, folded once as search folds,
/// so case and accents do not matter.
#[derive(Debug, Default)]
pub struct Filter {
    folded: String,
}

impl Filter {
    fn new(text: &str) -> Self {
        Self { folded: crate::search::fold(text) }
    }

    /// Whether `text` passes: the filter is a substring of it, both folded.
    pub fn matches(&self, text: &str) -> bool {
        self.folded.is_empty() || crate::search::fold(text).contains(&self.folded)
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// What a view shows: its lines and where the selection is among them.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub lines: Vec<Line<'static>>,
    /// Items to select among.
    pub count: usize,
    /// The selected item's first line and how many lines it takes, to keep it in sight.
    pub selected_line: usize,
    pub selected_height: usize,
    /// Lines at the top that stay while the rest scrolls under them, as a
    /// table's header does: a list's heading (the topics chart's years).
    pub fixed: usize,
}

/// What an action did to the view that answered it.
pub enum Outcome {
    /// Not the view's action.
    Ignored,
    /// The view stays open; the loop is to carry out the effects.
    Stay(Vec<Effect>),
    /// The view is done (a note opened, a file handed over).
    Close(Vec<Effect>),
    /// A view opened from this one, with its filter; Esc comes back here.
    Push(Box<dyn View>, String),
}

/// The hints of a view that is read, scrolled and filtered (keys, problems).
const READING_HINTS: &[(Action, &str)] =
    &[(Action::Close, "close"), (Action::MoveDown, "scroll"), (Action::FilterView, "filter")];

/// Which view an action opens, and whether it opens over another view.
type Opener = fn(&mut App) -> Option<Box<dyn View>>;

/// The actions that open views. An opener returns `None` (having said why
/// on the status line) when there is nothing to show.
const OPENERS: &[(Action, bool, Opener)] = &[
    (Action::ToggleHelp, true, help::open),
    (Action::ShowWarnings, true, problems::open),
    (Action::ShowBookmarks, true, bookmarks::open),
    (Action::ShowTopics, true, topics::open),
    (Action::ShowSpeakers, true, speakers::open),
    (Action::ShowRecent, true, recent::open),
    (Action::ShowRelated, false, related::open),
    (Action::ShowOutline, false, outline::open),
    (Action::ShowAttachments, false, attachments::open),
    (Action::OpenFinder, false, finder::open),
    (Action::SearchAll, false, text_search::open),
];

/// What a view's content was worked out from, beside its width and selection.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    filter: String,
    state: (u64, bool),
    changes: u64,
    area: Rect,
}

/// The open view and what every view shares.
pub struct Popup {
    view: Box<dyn View>,
    /// The selected item, and the first line shown.
    selected: usize,
    scroll: usize,
    /// The text narrowing it, and whether keys go there now.
    filter: TextField,
    typing: bool,
    /// The view this one was opened from (with its filter), back on Esc.
    parent: Option<Box<Popup>>,
    content: Content,
    /// What `content` was made from: `refresh` when the inputs change, lines again when width or selection do.
    made_from: Option<(Inputs, usize, usize)>,
    /// How often `refresh` ran, for the tests that keep it to input changes.
    refreshes: usize,
}

impl Popup {
    fn new(view: Box<dyn View>) -> Self {
        let selected = view.first_selected();
        Self {
            view,
            selected,
            scroll: 0,
            filter: TextField::default(),
            typing: false,
            parent: None,
            content: Content::default(),
            made_from: None,
            refreshes: 0,
        }
    }

    pub fn view(&self) -> &dyn View {
        self.view.as_ref()
    }

    /// Whether the open view is a `V`.
    pub fn is<V: View>(&self) -> bool {
        self.view.as_any().is::<V>()
    }

    /// The selected item.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first line shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn title(&self) -> &'static str {
        self.view.title()
    }

    pub fn lines(&self) -> &[Line<'static>] {
        &self.content.lines
    }

    /// Lines kept at the top while the rest scrolls under them: a view's
    /// query line, so what is typed stays in sight below a long list, and
    /// its header (`Content::fixed`).
    pub fn pinned(&self) -> usize {
        (usize::from(self.view.query().is_some()) + self.content.fixed).min(self.content.lines.len())
    }

    /// A key for the view's query, if it has one: the query is new, so are
    /// its hits, and the first is selected.
    pub(super) fn edit_query(&mut self, key: crate::keymap::FieldKey) -> Option<super::FieldEdit> {
        use super::FieldEdit;
        let edit = self.view.query_mut()?.edit(key);
        if matches!(edit, FieldEdit::Changed | FieldEdit::Moved) {
            self.made_from = None;
        }
        if edit == FieldEdit::Changed {
            (self.selected, self.scroll) = (0, 0);
        }
        Some(edit)
    }
}

impl std::fmt::Debug for Popup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Popup")
            .field("view", &self.view.title())
            .field("selected", &self.selected)
            .field("scroll", &self.scroll)
            .finish()
    }
}

impl PartialEq for Popup {
    fn eq(&self, other: &Self) -> bool {
        // The same kind of view (the same type), at the same place.
        let same_kind = self.view.as_any().type_id() == other.view.as_any().type_id();
        same_kind && (self.selected, self.scroll) == (other.selected, other.scroll)
    }
}

/// Columns the lines of a view have.
pub(super) fn content_width(area: Rect) -> usize {
    usize::from(popup(area).width.saturating_sub(4)).max(10)
}

impl App {
    /// Opens the view `action` opens, if any; `over_view` when another is open.
    /// Returns whether `action` is a view's.
    pub(super) fn open_view(&mut self, action: Action, over_view: bool) -> bool {
        let Some(&(_, over, opener)) = OPENERS.iter().find(|(a, _, _)| *a == action) else { return false };
        if over_view && !over {
            return false;
        }
        if let Some(view) = opener(self) {
            self.overlay = Some(Popup::new(view));
        }
        true
    }

    /// Keys while a view is open. Returns what the action asks of the loop.
    pub(super) fn update_view(&mut self, action: Action) -> Vec<Effect> {
        let Some(mut open) = self.overlay.take() else { return Vec::new() };
        let page = inner_height(popup(self.area())).max(1);
        let text = open.view.scrolls_text();
        // Views of items move a selection; help scrolls its text.
        let step = if text { page } else { 1 };
        let movement = match action {
            Action::MoveDown => Some(1),
            Action::MoveUp => Some(-1),
            Action::PageDown => Some(step.max(page / 2) as isize),
            Action::PageUp => Some(-(step.max(page / 2) as isize)),
            Action::HalfPageDown => Some((page / 2).max(1) as isize),
            Action::HalfPageUp => Some(-((page / 2).max(1) as isize)),
            Action::GoTop => Some(isize::MIN / 2),
            Action::GoBottom => Some(isize::MAX / 2),
            _ => None,
        };
        if let Some(delta) = movement {
            if text {
                let max_scroll = open.content.lines.len().saturating_sub(inner_height(popup(self.area())));
                open.scroll = shift(open.scroll, delta, max_scroll);
            } else {
                open.selected = shift(open.selected, delta, open.content.count.saturating_sub(1));
            }
            self.overlay = Some(open);
            return Vec::new();
        }
        match action {
            Action::Quit => {
                self.overlay = Some(open);
                vec![Effect::Quit]
            }
            Action::Close if !open.filter.text.is_empty() => {
                // A kept filter is cleared first, as in the panes; the next Esc closes.
                open.filter = TextField::default();
                (open.selected, open.scroll) = (0, 0);
                self.overlay = Some(open);
                self.message = Some("Filter cleared".into());
                self.settle_view();
                Vec::new()
            }
            Action::Close => {
                // A topic's timeline goes back to the topics it was opened from.
                if let Some(mut parent) = open.parent.take() {
                    parent.typing = false;
                    self.overlay = Some(*parent);
                }
                Vec::new()
            }
            Action::FilterView => {
                open.typing = true;
                self.overlay = Some(open);
                Vec::new()
            }
            _ if open.view.closed_by(action) => Vec::new(),
            _ => match open.view.act(action, open.selected, self) {
                Outcome::Stay(effects) => {
                    // The view may have changed what it shows (a year chosen in a chart).
                    open.made_from = None;
                    if self.overlay.is_none() {
                        self.overlay = Some(open);
                    }
                    effects
                }
                Outcome::Close(effects) => effects,
                Outcome::Push(view, filter) => {
                    open.typing = false;
                    let mut child = Popup::new(view);
                    child.filter = TextField::with_text(&filter);
                    child.parent = Some(Box::new(open));
                    self.overlay = Some(child);
                    Vec::new()
                }
                Outcome::Ignored => {
                    // Another view opened over this one replaces it (help, bookmarks, topics, ...).
                    self.overlay = Some(open);
                    self.open_view(action, true);
                    Vec::new()
                }
            },
        }
    }

    /// Keeps the open view's content and scroll in line with the app.
    pub(super) fn settle_view(&mut self) {
        let Some(mut open) = self.overlay.take() else { return };
        let inputs = Inputs {
            filter: open.filter.text.clone(),
            state: self.reading.generation(),
            changes: self.view_inputs,
            area: self.area(),
        };
        let width = content_width(self.area());
        let made = open.made_from.as_ref();
        if made.is_none_or(|(was, _, _)| *was != inputs) {
            open.view.refresh(self, &Filter::new(&open.filter.text));
            open.refreshes += 1;
            open.made_from = None;
        }
        if open.made_from.as_ref().is_none_or(|(_, w, s)| (*w, *s) != (width, open.selected)) {
            open.content = open.view.content(self, width, open.selected);
            if !open.view.scrolls_text() && open.selected >= open.content.count && open.content.count > 0 {
                // Fewer items than before (one deleted, a new filter): the last is selected.
                open.selected = open.content.count - 1;
                open.content = open.view.content(self, width, open.selected);
            }
            open.made_from = Some((inputs, width, open.selected));
        }
        let rows = inner_height(popup(self.area()));
        open.scroll = if open.view.scrolls_text() {
            open.scroll.min(open.content.lines.len().saturating_sub(rows))
        } else {
            // `scroll` counts the lines under the pinned ones.
            let pinned = open.pinned().min(rows);
            let Content { selected_line, selected_height, .. } = open.content;
            rows::settle_offset(
                open.scroll,
                selected_line.saturating_sub(pinned),
                selected_height.max(1),
                rows - pinned,
                open.content.lines.len().saturating_sub(pinned),
            )
        };
        self.overlay = Some(open);
    }

    /// The open view's title in its border, with the filter being typed.
    pub fn overlay_title(&self) -> String {
        let Some(open) = &self.overlay else { return String::new() };
        let name = open.title();
        if open.typing || !open.filter.text.is_empty() {
            let cursor = if open.typing { "▏" } else { "" };
            let (before, after) = open.filter.split_at_cursor();
            let (before, after) = (crate::text::sanitize_line(before), crate::text::sanitize_line(after));
            format!(" {name} · /{before}{cursor}{after} ")
        } else {
            format!(" {name} ")
        }
    }

    /// The lines of the open view, wrapped to the popup's width.
    pub fn overlay_lines(&self) -> Vec<Line<'static>> {
        self.overlay.as_ref().map_or_else(Vec::new, |open| open.content.lines.clone())
    }

    /// Largest useful scroll of the open view.
    pub fn overlay_max_scroll(&self) -> usize {
        let rows = inner_height(popup(self.area()));
        self.overlay.as_ref().map_or(0, |open| open.content.lines.len().saturating_sub(rows))
    }

    /// The items of the open list view (none for other views).
    pub fn view_items(&self) -> Vec<ListItem> {
        self.overlay.as_ref().map_or_else(Vec::new, |open| open.view.items().to_vec())
    }

    /// The query typed in the open view (the finder's), if it has one.
    pub fn view_query(&self) -> Option<&str> {
        self.overlay.as_ref()?.view.query().map(|q| q.text.as_str())
    }

    /// The text narrowing the open view.
    pub fn view_filter(&self) -> &str {
        self.overlay.as_ref().map_or("", |open| open.filter.text.as_str())
    }

    /// Whether keys go into the open view's filter.
    pub fn typing_filter(&self) -> bool {
        self.overlay.as_ref().is_some_and(|open| open.typing)
    }

    /// Something a view shows changed outside it (an index, the problems,
    /// the keymap, the theme): its content is worked out again.
    pub(super) fn views_changed(&mut self) {
        self.view_inputs += 1;
        self.settle_view();
    }

    /// Line editing of the view filter. Returns false for keys it leaves to
    /// the keymap (arrows, page keys), so the view still scrolls while typing.
    pub(super) fn edit_filter(&mut self, chord: crate::keymap::KeyChord) -> bool {
        use super::FieldEdit;
        let key = self.keymap.field_key(chord);
        let Some(open) = &mut self.overlay else { return false };
        match open.filter.edit(key) {
            FieldEdit::Ignored => return false,
            FieldEdit::Moved => return true,
            FieldEdit::Submit => open.typing = false,
            FieldEdit::Cancel => {
                open.typing = false;
                open.filter.text.clear();
            }
            FieldEdit::Changed => {}
        }
        (open.selected, open.scroll) = (0, 0);
        self.settle_view();
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{App, Settings};
    use crate::keymap::{parse_chord, Keymap};

    fn press(app: &mut App, keys: &str) {
        for key in keys.split(' ') {
            let _ = app.handle_key(parse_chord(key).expect("key"));
        }
    }

    fn refreshes(app: &App) -> usize {
        app.overlay.as_ref().map_or(0, |o| o.refreshes)
    }

    #[test]
    fn a_views_content_is_worked_out_again_only_when_its_input_changes() {
        let collection = crate::notes::load_bundled();
        let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
        app.build_search_now();
        press(&mut app, "space");
        let opened = refreshes(&app);
        assert_eq!(opened, 1, "found once when it opens");
        press(&mut app, "down down up");
        assert_eq!(refreshes(&app), opened, "moving the selection finds nothing again");
        press(&mut app, "a");
        assert_eq!(refreshes(&app), opened + 1, "a typed key is a new query: found once");
        press(&mut app, "esc P");
        let speakers = refreshes(&app);
        let _ = app.notice(crate::app::Notice::Mouse(crate::app::MouseInput {
            kind: crate::app::MouseKind::ScrollDown,
            x: 40,
            y: 10,
        }));
        press(&mut app, "down");
        assert_eq!(refreshes(&app), speakers, "the speakers are listed once, not per key");
        press(&mut app, "/ a");
        assert_eq!(refreshes(&app), speakers + 1, "the filter is an input");
    }
}
