//! A one-line text field (view filters, annotation prompts): the keys that
//! edit text while it has the focus.

use crate::keymap::{Key, KeyChord};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextField {
    pub text: String,
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEdit {
    Changed,
    Submit,
    Cancel,
    /// Not a field key; the keymap may have it.
    Ignored,
}

impl TextField {
    pub fn with_text(text: &str) -> Self {
        Self { text: text.to_string() }
    }

    pub fn edit(&mut self, chord: KeyChord) -> FieldEdit {
        match chord.key {
            Key::Enter => FieldEdit::Submit,
            // Ctrl-C cancels wherever it is pressed (see keymap::INTERRUPT).
            Key::Esc => FieldEdit::Cancel,
            Key::Char('c') if chord.ctrl && !chord.alt => FieldEdit::Cancel,
            Key::Backspace if chord.alt || chord.ctrl => {
                self.delete_word();
                FieldEdit::Changed
            }
            Key::Backspace => {
                self.text.pop();
                FieldEdit::Changed
            }
            Key::Char('w') if chord.ctrl => {
                self.delete_word();
                FieldEdit::Changed
            }
            Key::Char('u') if chord.ctrl => {
                self.text.clear();
                FieldEdit::Changed
            }
            _ => match chord.typed_char() {
                Some(c) => {
                    self.text.push(c);
                    FieldEdit::Changed
                }
                None => FieldEdit::Ignored,
            },
        }
    }

    fn delete_word(&mut self) {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        let cut = self.text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        self.text.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::parse_chord;

    fn type_keys(field: &mut TextField, keys: &str) -> Vec<FieldEdit> {
        keys.split_whitespace().map(|k| field.edit(parse_chord(k).expect("key"))).collect()
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
}
