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
}
