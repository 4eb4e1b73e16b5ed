//! Every intent a user can bind to a key. The keymap turns keys into these;
//! nothing after it looks at keys. Each has one kebab-case name (its
//! keymap.toml spelling) and a one-line description for the help overlay.

use std::fmt;

macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $description:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $description,)* }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit", "Quit confnotes";
    Suspend = "suspend", "Suspend confnotes to the shell (resume with fg)";
    ToggleHelp = "toggle-help", "Show or hide the key help";
    Close = "close", "Close the open view or cancel";
    FocusNextPane = "focus-next-pane", "Focus the next pane";
    FocusPrevPane = "focus-prev-pane", "Focus the previous pane";
    FocusLeft = "focus-left", "Focus the pane to the left";
    FocusRight = "focus-right", "Focus the pane to the right";
    MoveDown = "move-down", "Select the next item / scroll down a line";
    MoveUp = "move-up", "Select the previous item / scroll up a line";
    PageDown = "page-down", "Move down a page";
    PageUp = "page-up", "Move up a page";
    HalfPageDown = "half-page-down", "Move down half a page";
    HalfPageUp = "half-page-up", "Move up half a page";
    GoTop = "go-top", "Go to the first item / top of the note";
    GoBottom = "go-bottom", "Go to the last item / end of the note";
    Open = "open", "Open the selected event or note";
    ToggleTimelineOrder = "toggle-timeline-order", "Show newest or oldest events first";
    ToggleSeriesView = "toggle-series-view", "Group the timeline by conference series or by year";
    NextEdition = "next-edition", "Go to the next edition of the same conference";
    PrevEdition = "prev-edition", "Go to the previous edition of the same conference";
    ShowWarnings = "show-warnings", "List problems found in the notes and config";
    FilterView = "filter-view", "Filter the open view by typing (Enter keeps, Esc clears)";
    ToggleRead = "toggle-read", "Mark the selected note read or unread";
    NextUnread = "next-unread", "Go to the next unread note, across all events";
    PrevUnread = "prev-unread", "Go to the previous unread note, across all events";
    MarkEventRead = "mark-event-read", "Mark every note of the selected event read";
    ToggleBookmark = "toggle-bookmark", "Bookmark the note (in the note pane: the section in view)";
    ShowBookmarks = "show-bookmarks", "List every bookmark across years";
    AnnotateBookmark = "annotate-bookmark", "Write a short note on a bookmark";
    DeleteBookmark = "delete-bookmark", "Remove the selected bookmark";
    JumpRelatedNext = "jump-related-next", "Jump to the nearest related note in a later year";
    JumpRelatedPrev = "jump-related-prev", "Jump to the nearest related note in an earlier year";
    ShowRelated = "show-related", "List every note related to this one, by year";
    ShowTopics = "show-topics", "List all topics with their years; open one as a timeline";
    ShowSpeakers = "show-speakers", "List every speaker with their talks across the years";
    ShowRecent = "show-recent", "List the notes read, the last read first, by day";
    ToggleCompare = "toggle-compare", "Read this note beside its best related note from another year; again: the next one, after the last: close";
    HistoryBack = "history-back", "Go back to where you were before the last jump";
    HistoryForward = "history-forward", "Go forward again after going back";
    SearchNote = "search-note", "Search this note as you type; matches are highlighted";
    SearchNext = "search-next", "Next match of the note search (next unread note when not searching)";
    SearchPrev = "search-prev", "Previous match of the note search (previous unread when not searching)";
    ShowOutline = "show-outline", "The note's headings, to jump to a section";
    ShowAttachments = "show-attachments", "The event's files that are not notes (slides, pictures); open one";
    FollowLink = "follow-link", "Follow a numbered link of the note: type its number";
    GoToFootnote = "go-to-footnote", "Go to a footnote of the note by its number (ctrl-o comes back)";
    EditNote = "edit-note", "Edit the note in $VISUAL / $EDITOR at the section being read";
    OpenFinder = "open-finder", "Find any note by a fragment of its title, event, speaker or topic";
    SearchAll = "search-all", "Search the text of every note, whole words first";
    FilterList = "filter-list", "Filter the lists: words, is:unread, is:bookmarked, topic:, kind:, year:2022..";
    SaveSearch = "save-search", "Save the list filter as a named search, shown at the top of the timeline";
    DeleteSavedSearch = "delete-saved-search", "Delete the selected saved search (asks first)";
    Confirm = "confirm", "Yes to the question asked (any other key is no)";
    Submit = "submit", "Enter what was typed: search, filter, save, follow";
    Cancel = "cancel", "Leave the text field (a view filter or note search is cleared)";
    CursorLeft = "cursor-left", "Move the cursor a character left";
    CursorRight = "cursor-right", "Move the cursor a character right";
    CursorStart = "cursor-start", "Move the cursor to the start of the text";
    CursorEnd = "cursor-end", "Move the cursor to the end of the text";
    DeleteBack = "delete-back", "Delete the character before the cursor";
    DeleteForward = "delete-forward", "Delete the character under the cursor";
    DeleteWord = "delete-word", "Delete the word before the cursor";
    DeleteToStart = "delete-to-start", "Delete everything before the cursor";
    RecallOlder = "recall-older", "The query searched before this one (note search), as a shell's history";
    RecallNewer = "recall-newer", "The query searched after the one recalled, then what was typed";
    ToggleWideTables = "toggle-wide-tables", "Show tables at full width, scrolling sideways, or wrapped to fit";
    ToggleLineBreaks = "toggle-line-breaks", "Show line breaks inside paragraphs as written, or as spaces (CommonMark)";
    ToggleCodeWrap = "toggle-code-wrap", "Wrap long code lines with a marker, or keep them whole, scrolling sideways";
    TogglePictures = "toggle-pictures", "Show pictures in notes, or their alt text only";
    ScrollLeft = "scroll-left", "Scroll the note sideways to the left (wide tables, code)";
    ScrollRight = "scroll-right", "Scroll the note sideways to the right (wide tables, code)";
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_kebab_case() {
        for &action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(action.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{action:?}");
            assert!(!action.description().is_empty());
        }
        assert_eq!(Action::from_name("no-such-action"), None);
    }
}
