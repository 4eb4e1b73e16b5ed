//! One-line questions on the status line: what each asks (an annotation,
//! a search in the note, the list filter, a link's number, a saved search's
//! name, a deletion to confirm), and what typing, submitting and cancelling
//! do. The keys reach it through the keymap's `input` and `confirm` contexts.

use super::{App, Effect, FieldEdit, TextField};
use crate::keymap::{Action, KeyChord};

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
    /// The number of a link of the shown note; `count` links exist. With
    /// `footnote`, the number of a footnote to go to instead.
    FollowLink { count: usize, footnote: bool },
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
            PromptKind::FollowLink { footnote: false, .. } => "Follow link",
            PromptKind::FollowLink { footnote: true, .. } => "Go to footnote",
            PromptKind::SaveSearch { .. } => "Save the filter as a search named",
            // The status line adds the keymap's yes: "y deletes, any other key keeps it".
            PromptKind::DeleteSearch { .. } => "Delete the selected saved search?",
            PromptKind::DeleteBookmark { .. } => "Delete this bookmark and its annotation?",
        }
    }

    /// What the field's submit and cancel keys do here, to tell the reader
    /// after what they typed (the keys come from the keymap's `input`
    /// context); `None` for a question answered by one key, where nothing is typed.
    pub fn hint(&self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            PromptKind::DeleteSearch { .. } | PromptKind::DeleteBookmark { .. } => return None,
            PromptKind::Annotate { .. } | PromptKind::SaveSearch { .. } => ("save", "cancel"),
            PromptKind::NoteSearch => ("search", "cancel"),
            PromptKind::ListFilter => ("filter", "clear"),
            PromptKind::FollowLink { .. } => ("follow", "cancel"),
        })
    }
}

impl App {
    pub(super) fn edit_prompt(&mut self, chord: KeyChord) -> Vec<Effect> {
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
        let key = self.keymap.field_key(chord);
        // Link numbers take digits only.
        if matches!(prompt.kind, PromptKind::FollowLink { .. })
            && matches!(key, crate::keymap::FieldKey::Typed(c) if !c.is_ascii_digit())
        {
            return Vec::new();
        }
        // Up and Down recall the queries searched before (a view's field lets
        // them through to move its selection).
        if let (
            PromptKind::NoteSearch,
            crate::keymap::FieldKey::Action(a @ (Action::RecallOlder | Action::RecallNewer)),
        ) = (&prompt.kind, key)
        {
            self.recall_note_search(a == Action::RecallOlder);
            self.settle();
            return Vec::new();
        }
        let edit = prompt.field.edit(key);
        let mut effects = Vec::new();
        match edit {
            FieldEdit::Submit => {
                let Some(Prompt { kind, field }) = self.prompt.take() else { return Vec::new() };
                match kind {
                    PromptKind::Annotate { note, heading } => {
                        let now = self.reading.now();
                        self.reading.state_mut().annotate_bookmark(&note, heading.as_deref(), &field.text, now);
                        self.message = Some(if field.text.trim().is_empty() {
                            "Annotation removed".into()
                        } else {
                            "Annotation saved".into()
                        });
                        self.reading.changed();
                    }
                    PromptKind::NoteSearch => self.finish_note_search(),
                    PromptKind::ListFilter => self.set_list_filter(&field.text),
                    PromptKind::SaveSearch { query } => effects = self.save_search(query, &field.text),
                    PromptKind::DeleteSearch { .. } | PromptKind::DeleteBookmark { .. } => {}
                    PromptKind::FollowLink { footnote: true, .. } => match field.text.parse::<usize>() {
                        Ok(n) => self.go_to_footnote(n),
                        Err(_) => self.message = Some("Type the footnote's number, like 2".into()),
                    },
                    PromptKind::FollowLink { footnote: false, .. } => match field.text.parse::<usize>() {
                        Ok(n) => effects = self.follow_link(n),
                        Err(_) => self.message = Some("Type the number shown after a link, like 3".into()),
                    },
                }
            }
            FieldEdit::Cancel => match self.prompt.take() {
                Some(Prompt { kind: PromptKind::NoteSearch, .. }) => {
                    self.clear_note_search();
                    self.note_view.scroll_to(self.note_view.search_origin(), self.max_note_scroll());
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
                    self.type_note_search(&query);
                }
                Some(Prompt { kind: PromptKind::ListFilter, field }) => {
                    let text = field.text.clone();
                    self.set_list_filter(&text);
                }
                // Follow as soon as the number cannot grow into another link's.
                Some(Prompt { kind: PromptKind::FollowLink { count, footnote }, field }) => {
                    if let Ok(n) = field.text.parse::<usize>() {
                        if n > 0 && n * 10 > *count {
                            let footnote = *footnote;
                            self.prompt = None;
                            if footnote {
                                self.go_to_footnote(n);
                            } else {
                                effects = self.follow_link(n);
                            }
                        }
                    }
                }
                _ => {}
            },
            FieldEdit::Moved | FieldEdit::Ignored => {}
        }
        self.settle();
        self.reading_events();
        effects.extend(self.take_save());
        effects
    }
}
