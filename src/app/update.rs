//! `update`: the only place state changes in response to an action.

use super::{App, Effect, Overlay};
use crate::keymap::Action;
use crate::layout::{inner_height, Pane};

impl App {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        let mut effects = Vec::new();
        if let Some(overlay) = &mut self.overlay {
            let is_help = matches!(overlay, Overlay::Help { .. });
            let scroll = match overlay {
                Overlay::Help { scroll } | Overlay::Warnings { scroll } => scroll,
            };
            let page = inner_height(crate::layout::popup(self.area)).max(1);
            match action {
                Action::Quit => effects.push(Effect::Quit),
                Action::Close => self.overlay = None,
                Action::ToggleHelp if is_help => self.overlay = None,
                Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
                Action::ShowWarnings if !is_help => self.overlay = None,
                Action::ShowWarnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
                Action::MoveDown => *scroll += 1,
                Action::MoveUp => *scroll = scroll.saturating_sub(1),
                Action::PageDown => *scroll += page,
                Action::PageUp => *scroll = scroll.saturating_sub(page),
                Action::HalfPageDown => *scroll += page / 2,
                Action::HalfPageUp => *scroll = scroll.saturating_sub(page / 2),
                Action::GoTop => *scroll = 0,
                Action::GoBottom => *scroll = usize::MAX,
                Action::FilterView => self.typing_filter = true,
                _ => {}
            }
            // Opening, switching or closing a view starts it unfiltered.
            if self.overlay.is_none() || matches!(action, Action::ToggleHelp | Action::ShowWarnings) {
                self.view_filter.clear();
                self.typing_filter = false;
            }
            let max = self.overlay_max_scroll();
            if let Some(Overlay::Help { scroll } | Overlay::Warnings { scroll }) = &mut self.overlay {
                *scroll = (*scroll).min(max);
            }
            self.settle();
            return effects;
        }
        match action {
            Action::Quit => effects.push(Effect::Quit),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::ShowWarnings => {
                if self.problems.is_empty() {
                    self.message = Some("No problems found in your notes or config".into());
                } else {
                    self.overlay = Some(Overlay::Warnings { scroll: 0 });
                }
            }
            Action::Close | Action::FilterView => {}
            Action::FocusNextPane => self.focus = next_pane(self.focus, 1),
            Action::FocusPrevPane => self.focus = next_pane(self.focus, 2),
            Action::FocusLeft => {
                self.focus = match self.focus {
                    Pane::Note => Pane::Talks,
                    _ => Pane::Timeline,
                }
            }
            Action::FocusRight => {
                self.focus = match self.focus {
                    Pane::Timeline => Pane::Talks,
                    _ => Pane::Note,
                }
            }
            Action::Open => match self.focus {
                Pane::Timeline => {
                    self.focus = Pane::Talks;
                    if self.entry == 0 && self.entry_count() > 1 {
                        self.select_entry(1);
                    }
                }
                Pane::Talks => self.focus = Pane::Note,
                Pane::Note => {}
            },
            Action::ToggleTimelineOrder => {
                self.settings.newest_first = !self.settings.newest_first;
                self.message =
                    Some(if self.settings.newest_first { "Newest events first" } else { "Oldest events first" }.into());
            }
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::PageDown => self.move_by(self.page_size() as isize),
            Action::PageUp => self.move_by(-(self.page_size() as isize)),
            Action::HalfPageDown => self.move_by((self.page_size() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_by(-((self.page_size() / 2).max(1) as isize)),
            Action::GoTop => self.move_by(isize::MIN / 2),
            Action::GoBottom => self.move_by(isize::MAX / 2),
        }
        self.settle();
        effects
    }

    /// Items (or note lines) a page move covers in the focused pane.
    fn page_size(&self) -> usize {
        let layout = self.layout();
        let rows = layout.pane(self.focus).map_or(1, inner_height);
        match self.focus {
            // Keep two lines of the previous page for context.
            Pane::Note => rows.saturating_sub(2).max(1),
            Pane::Talks => (rows / super::rows::TALK_ROW_HEIGHT).max(1),
            Pane::Timeline => rows.max(1),
        }
    }

    /// Moves the focused pane's selection (or the note's scroll) by `delta`, clamped.
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Timeline => {
                let order = self.event_order();
                let Some(current) = self.event.and_then(|e| order.iter().position(|&o| o == e)) else { return };
                let target = clamp_add(current, delta, order.len());
                self.select_event(order[target]);
            }
            Pane::Talks => {
                let count = self.entry_count();
                if count > 0 {
                    self.select_entry(clamp_add(self.entry, delta, count));
                }
            }
            Pane::Note => {
                let max = self.max_note_scroll();
                self.note_scroll = clamp_add(self.note_scroll, delta, max + 1);
            }
        }
    }

    pub fn select_event(&mut self, event: usize) {
        if self.event == Some(event) {
            return;
        }
        if let Some(previous) = self.event {
            self.remembered_entry.insert(previous, self.entry);
        }
        self.event = Some(event);
        self.entry = self.remembered_entry.get(&event).copied().unwrap_or(0);
        self.talks_offset = 0;
        self.note_scroll = 0;
    }

    pub fn select_entry(&mut self, entry: usize) {
        if entry != self.entry {
            self.entry = entry;
            self.note_scroll = 0;
        }
    }
}

fn next_pane(pane: Pane, steps: usize) -> Pane {
    let i = Pane::ALL.iter().position(|&p| p == pane).unwrap_or(0);
    Pane::ALL[(i + steps) % Pane::ALL.len()]
}

/// `index + delta`, kept within `0..len` (`len` > 0).
fn clamp_add(index: usize, delta: isize, len: usize) -> usize {
    let last = len.saturating_sub(1);
    if delta < 0 {
        index.saturating_sub(delta.unsigned_abs()).min(last)
    } else {
        index.saturating_add(delta as usize).min(last)
    }
}
