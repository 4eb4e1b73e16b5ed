//! The problems the warnings view lists: the notes' (as `confnotes check`
//! finds them), and the rest (keymap, config, saved searches, state), kept
//! apart so a reload of one replaces only its own. A part of the app that
//! owns its state, changed only through its methods.

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    /// The notes' and the others' problems, then the files skipped as not notes.
    shown: Vec<Diagnostic>,
    /// The notes' problems ([`crate::check::problems`]); only the loader's
    /// warnings until the related index is built.
    notes: Vec<Diagnostic>,
    /// The problems not from the notes, kept across note reloads.
    other: Vec<Diagnostic>,
}

impl Problems {
    pub fn new(notes: Vec<Diagnostic>, other: Vec<Diagnostic>) -> Self {
        let mut problems = Self { shown: Vec::new(), notes, other };
        problems.gather();
        problems
    }

    /// Every problem, as the warnings view lists them.
    pub fn all(&self) -> &[Diagnostic] {
        &self.shown
    }

    /// The notes' problems replaced (a new collection or related index).
    pub(super) fn set_notes(&mut self, notes: Vec<Diagnostic>) {
        self.notes = notes;
        self.gather();
    }

    /// The other problems for which `from` holds (one file's) replaced by `problems`.
    pub(super) fn replace_other(&mut self, from: impl Fn(&Diagnostic) -> bool, problems: Vec<Diagnostic>) {
        self.other.retain(|p| !from(p));
        self.other.extend(problems);
        self.gather();
    }

    /// Whether any problem not from the notes is one `from` holds for.
    pub(super) fn any_other(&self, from: impl Fn(&Diagnostic) -> bool) -> bool {
        self.other.iter().any(from)
    }

    fn gather(&mut self) {
        self.shown = super::problems_then_skipped(&self.notes, &self.other);
    }
}
