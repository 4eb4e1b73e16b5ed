//! A key bound only in another pane's table, pressed where it means
//! nothing. The note's view settings (wide tables, line breaks, code wrap,
//! pictures) and its footnotes and sideways scroll act on the shown note
//! from any pane, since there is one note shown and they cannot mean
//! anything else; `open` there has the note it would open shown already,
//! and does nothing; any other such key says on the status line where it
//! works, rather than doing nothing in silence.

use super::{App, Effect};
use crate::keymap::{Action, Context, KeyChord, Resolution};

/// Note keys that act on the shown note whichever pane has the focus.
const ON_THE_NOTE: [Action; 7] = [
    Action::ToggleWideTables,
    Action::ToggleLineBreaks,
    Action::ToggleCodeWrap,
    Action::TogglePictures,
    Action::GoToFootnote,
    Action::ScrollLeft,
    Action::ScrollRight,
];

impl App {
    /// `chord`, unbound where it was pressed (`context`, a pane's): acted
    /// on or explained when another pane binds it, else left alone.
    pub(super) fn key_of_another_pane(&mut self, context: Context, chord: KeyChord) -> Vec<Effect> {
        let panes = [(Context::Note, "note"), (Context::Talks, "talks"), (Context::Timeline, "timeline")];
        if !panes.iter().any(|(pane, _)| *pane == context) {
            return Vec::new();
        }
        // Unbound globally, so an action found is of that pane's own table.
        let elsewhere = panes.iter().filter(|(pane, _)| *pane != context).find_map(|&(pane, name)| {
            match self.keymap().resolve(pane, &[chord]) {
                Resolution::Action(action) => Some((action, name)),
                Resolution::Pending | Resolution::Unbound => None,
            }
        });
        match elsewhere {
            Some((action, _)) if ON_THE_NOTE.contains(&action) => self.update(action),
            // The note pane shows the note `open` would open: nothing to do, nothing to explain.
            Some((Action::Open, _)) if context == Context::Note => Vec::new(),
            Some((action, pane)) => {
                self.message = Some(format!("{chord}: {} — in the {pane} pane", action.description()));
                Vec::new()
            }
            None => Vec::new(),
        }
    }
}
