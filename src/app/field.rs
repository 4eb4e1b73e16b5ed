//! A one-line text field (view filters, annotation prompts): the keys that
//! edit text while it has the focus.

use crate::keymap::{Action, FieldKey};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextField {
    pub text: String,
    /// Where typing goes, in characters from the start; `None` is the end,
    /// so text replaced from outside keeps the cursor after it.
    cursor: Option<usize>,
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEdit {
    Changed,
    Submit,
    Cancel,
    /// The cursor moved; the text is as it was.
    Moved,
    /// Not a field key; the keymap may have it.
    Ignored,
}

impl TextField {
    pub fn with_text(text: &str) -> Self {
        Self { text: text.to_string(), cursor: None }
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        let len = self.text.chars().count();
        self.cursor.map_or(len, |c| c.min(len))
    }

    /// The text either side of the cursor, for drawing it between them.
    pub fn split_at_cursor(&self) -> (&str, &str) {
        self.text.split_at(self.byte_at(self.cursor()))
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    fn set_cursor(&mut self, chars: usize) {
        let len = self.text.chars().count();
        self.cursor = (chars < len).then_some(chars);
    }

    /// Applies a key as the keymap's `input` context reads it ([`crate::keymap::Keymap::field_key`]).
    pub fn edit(&mut self, key: FieldKey) -> FieldEdit {
        let at = self.cursor();
        let action = match key {
            FieldKey::Typed(c) => {
                let byte = self.byte_at(at);
                self.text.insert(byte, c);
                self.set_cursor(at + 1);
                return FieldEdit::Changed;
            }
            FieldKey::Unbound => return FieldEdit::Ignored,
            FieldKey::Action(action) => action,
        };
        // Moves of the cursor, as in a shell's line editor.
        let moved = match action {
            Action::CursorLeft => Some(at.saturating_sub(1)),
            Action::CursorRight => Some(at + 1),
            Action::CursorStart => Some(0),
            Action::CursorEnd => Some(usize::MAX),
            _ => None,
        };
        if let Some(to) = moved {
            self.set_cursor(to);
            return FieldEdit::Moved;
        }
        match action {
            Action::Submit => FieldEdit::Submit,
            Action::Cancel => FieldEdit::Cancel,
            Action::DeleteWord => {
                self.delete_word();
                FieldEdit::Changed
            }
            Action::DeleteBack => {
                if at > 0 {
                    self.remove(at - 1..at);
                    self.set_cursor(at - 1);
                }
                FieldEdit::Changed
            }
            Action::DeleteForward => {
                self.remove(at..at + 1);
                self.set_cursor(at);
                FieldEdit::Changed
            }
            Action::DeleteToStart => {
                // As in readline: everything before the cursor.
                self.remove(0..at);
                self.set_cursor(0);
                FieldEdit::Changed
            }
            // Not a field's action: the view's keys may have it.
            _ => FieldEdit::Ignored,
        }
    }

    /// Removes the characters `range` (counted in characters).
    fn remove(&mut self, range: std::ops::Range<usize>) {
        let (start, end) = (self.byte_at(range.start), self.byte_at(range.end));
        self.text.replace_range(start..end, "");
    }

    /// The word before the cursor, and the spaces after it.
    fn delete_word(&mut self) {
        let at = self.cursor();
        let before: Vec<char> = self.text.chars().take(at).collect();
        let mut start = at;
        while start > 0 && before[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !before[start - 1].is_whitespace() {
            start -= 1;
        }
        self.remove(start..at);
        self.set_cursor(start);
    }
}

/// Queries entered in one kind of field, the newest last: Up and Down in
/// the field recall them, as in a shell, less or vim, so a new search can
/// start empty and an old one is still a key away.
#[derive(Debug, Clone, Default)]
pub struct QueryHistory {
    entries: Vec<String>,
    /// The entry recalled, while the reader goes through them.
    at: Option<usize>,
    /// What was typed before the first recall, given back past the newest.
    typed: String,
}

/// Queries kept: enough for a session's searches, small to go through.
const HISTORY_LEN: usize = 50;

impl QueryHistory {
    /// A query entered: the newest, once (an older copy goes).
    pub fn push(&mut self, query: &str) {
        self.at = None;
        if query.trim().is_empty() {
            return;
        }
        self.entries.retain(|e| e != query);
        self.entries.push(query.to_string());
        if self.entries.len() > HISTORY_LEN {
            self.entries.remove(0);
        }
    }

    /// A field opened afresh: the next recall starts from the newest.
    pub fn restart(&mut self) {
        self.at = None;
    }

    /// The query before the one recalled (the newest at first), `typed`
    /// being the field's text, kept for [`Self::newer`] to give back; `None`
    /// when there is none older.
    pub fn older(&mut self, typed: &str) -> Option<&str> {
        let i = match self.at {
            None => {
                self.typed = typed.to_string();
                self.entries.len().checked_sub(1)?
            }
            Some(i) => i.checked_sub(1)?,
        };
        self.at = Some(i);
        self.entries.get(i).map(String::as_str)
    }

    /// The query after the one recalled, then what was typed before the
    /// first recall; `None` when nothing is recalled.
    pub fn newer(&mut self) -> Option<&str> {
        let i = self.at? + 1;
        if i < self.entries.len() {
            self.at = Some(i);
            return self.entries.get(i).map(String::as_str);
        }
        self.at = None;
        Some(&self.typed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::{parse_chord, Keymap};

    /// Keys read through the shipped keymap's `input` context, as the app reads them.
    fn type_keys(field: &mut TextField, keys: &str) -> Vec<FieldEdit> {
        let keymap = Keymap::defaults().0;
        keys.split_whitespace().map(|k| field.edit(keymap.field_key(parse_chord(k).expect("key")))).collect()
    }

    #[test]
    fn typing_editing_and_submitting() {
        let mut f = TextField::default();
        type_keys(&mut f, "h i space t h e r e");
        assert_eq!(f.text, "hi there");
        type_keys(&mut f, "ctrl-w");
        assert_eq!(f.text, "hi ");
        type_keys(&mut f, "backspace backspace");
        assert_eq!(f.text, "h");
        assert_eq!(type_keys(&mut f, "enter"), [FieldEdit::Submit]);
        assert_eq!(type_keys(&mut f, "esc"), [FieldEdit::Cancel]);
        assert_eq!(type_keys(&mut f, "ctrl-c"), [FieldEdit::Cancel]);
        assert_eq!(type_keys(&mut f, "down"), [FieldEdit::Ignored]);
        type_keys(&mut f, "ctrl-u");
        assert!(f.text.is_empty());
    }

    #[test]
    fn the_cursor_moves_and_typing_goes_where_it_is() {
        let mut f = TextField::with_text("kubecon");
        assert_eq!(type_keys(&mut f, "home"), [FieldEdit::Moved]);
        type_keys(&mut f, "x");
        assert_eq!(f.text, "xkubecon");
        type_keys(&mut f, "end backspace left left y");
        assert_eq!(f.text, "xkubeyco");
        type_keys(&mut f, "ctrl-a right delete");
        assert_eq!(f.text, "xubeyco");
        type_keys(&mut f, "ctrl-e z");
        assert_eq!(f.text, "xubeycoz");
        assert_eq!(f.split_at_cursor(), ("xubeycoz", ""));
        type_keys(&mut f, "left left left");
        assert_eq!(f.split_at_cursor(), ("xubey", "coz"));
        type_keys(&mut f, "ctrl-u");
        assert_eq!((f.text.as_str(), f.cursor()), ("coz", 0), "ctrl-u deletes what is before the cursor");
        type_keys(&mut f, "left right right right right right");
        assert_eq!(f.cursor(), 3, "the cursor stays within the text");
    }

    #[test]
    fn words_are_deleted_before_the_cursor_and_accents_are_one_character() {
        let mut f = TextField::with_text("café au lait");
        type_keys(&mut f, "left left left left left ctrl-w");
        assert_eq!(f.text, "café  lait");
        type_keys(&mut f, "left backspace");
        assert_eq!(f.split_at_cursor(), ("caf", "  lait"));
        assert_eq!(type_keys(&mut f, "ctrl-c"), [FieldEdit::Cancel]);
    }

    #[test]
    fn the_history_recalls_older_queries_then_gives_back_what_was_typed() {
        let mut h = QueryHistory::default();
        assert_eq!(h.older("x"), None, "nothing entered yet");
        for q in ["cafe", "tokio", " ", "cafe"] {
            h.push(q);
        }
        assert_eq!(h.older("ty"), Some("cafe"), "the newest first");
        assert_eq!(h.older("ty"), Some("tokio"), "a query entered twice is kept once, where it was last entered");
        assert_eq!(h.older("ty"), None, "nothing older");
        assert_eq!(h.newer(), Some("cafe"));
        assert_eq!(h.newer(), Some("ty"), "past the newest: what was typed");
        assert_eq!(h.newer(), None);
        h.older("");
        h.restart();
        assert_eq!(h.older(""), Some("cafe"), "a field opened again starts from the newest");
    }
}
