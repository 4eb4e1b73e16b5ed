//! `update`: the only place state changes in response to an action.

use super::{rows, App, Effect};
use crate::keymap::Action;
use crate::layout::{inner_height, Pane};
use crate::relate::Direction;

impl App {
    /// Applies an action. Returns what the loop is to do: a save first
    /// when anything changed, then what the action asked for.
    #[must_use = "effects are the app's requests to the loop: dropping one loses a save or a write"]
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        if action == Action::Suspend {
            // Saved first: a suspended program is often never resumed.
            self.record_progress();
            let mut effects = self.take_save();
            effects.push(Effect::Suspend);
            return effects;
        }
        let asked = if self.overlay.is_some() { self.update_view(action) } else { self.update_panes(action) };
        self.settle();
        self.reading_events();
        if asked.contains(&Effect::Quit) {
            // Record where the reader was before leaving.
            self.leave_opened_note();
            self.remember_view();
        }
        let mut effects = self.take_save();
        effects.extend(asked);
        effects
    }

    /// Leaving without a key (a signal): what quitting would save.
    #[must_use = "effects are the app's requests to the loop: dropping one loses a save or a write"]
    pub fn shutdown(&mut self) -> Vec<Effect> {
        self.leave_opened_note();
        self.remember_view();
        self.take_save()
    }

    /// Returns what the action asks of the loop (to quit, to edit a file).
    fn update_panes(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return vec![Effect::Quit],
            // Answered in `update`, before any pane sees it.
            Action::Suspend => {}
            Action::Close if self.compare.is_some() => self.close_compare(),
            Action::Close if self.note_view.search().is_some() => {
                self.clear_note_search();
                self.message = Some("Search cleared".into());
            }
            Action::Close if self.list_filter.is_some() => {
                self.set_list_filter("");
                self.message = Some("Filter cleared".into());
            }
            Action::Close | Action::FilterView | Action::DeleteBookmark | Action::Confirm => {}
            Action::FocusNextPane => self.panes.set_focus(next_pane(self.focus(), 1)),
            Action::FocusPrevPane => self.panes.set_focus(next_pane(self.focus(), 2)),
            Action::FocusLeft => match (&mut self.compare, self.panes.focus()) {
                // When comparing, the note pane's halves come before the list.
                (Some(compare), Pane::Note) if compare.focus_right() => compare.set_focus_right(false),
                (_, Pane::Note) => self.panes.set_focus(Pane::Talks),
                _ => self.panes.set_focus(Pane::Timeline),
            },
            Action::FocusRight => match (&mut self.compare, self.panes.focus()) {
                (Some(compare), Pane::Note) => compare.set_focus_right(true),
                (_, Pane::Timeline) => self.panes.set_focus(Pane::Talks),
                _ => self.panes.set_focus(Pane::Note),
            },
            Action::Open => match self.focus() {
                Pane::Timeline => {
                    self.panes.set_focus(Pane::Talks);
                    if self.selection.entry() == 0 && self.entry_count() > 1 {
                        self.select_entry(1);
                    }
                }
                Pane::Talks => self.panes.set_focus(Pane::Note),
                Pane::Note => {}
            },
            Action::ToggleSeriesView => self.toggle_series_view(),
            Action::NextEdition => self.jump_edition(true),
            Action::PrevEdition => self.jump_edition(false),
            Action::SaveSearch => self.start_save_search(),
            Action::DeleteSavedSearch => self.start_delete_saved_search(),
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
            Action::ToggleRead => self.toggle_read(),
            Action::NextUnread => self.jump_unread(true),
            Action::PrevUnread => self.jump_unread(false),
            Action::MarkEventRead => self.mark_event_read(),
            Action::ToggleBookmark => self.toggle_bookmark_here(),
            Action::AnnotateBookmark => self.annotate_bookmark(),
            Action::JumpRelatedNext
            | Action::JumpRelatedPrev
            | Action::ShowRelated
            | Action::ShowTopics
            | Action::ToggleCompare
                if self.related_pending =>
            {
                self.message = Some("Still relating notes across years; try again in a moment".into());
            }
            Action::JumpRelatedNext => self.jump_related(Direction::Later),
            Action::JumpRelatedPrev => self.jump_related(Direction::Earlier),
            Action::ToggleCompare => self.toggle_compare(),
            Action::HistoryBack => self.history_step(true),
            Action::HistoryForward => self.history_step(false),
            Action::SearchNote => self.start_note_search(),
            Action::SearchNext => self.step_note_search(true),
            Action::SearchPrev => self.step_note_search(false),
            Action::FollowLink => return self.start_follow_link(),
            Action::GoToFootnote => self.start_go_to_footnote(),
            Action::FilterList => self.start_list_filter(),
            Action::ToggleWideTables => {
                let wide = self.note_view.toggle_wide_tables();
                self.message = Some(said(
                    wide,
                    "Wide tables: full width; H and L scroll sideways",
                    "Tables wrapped to fit the pane",
                ));
            }
            Action::ToggleLineBreaks => {
                let kept = self.note_view.toggle_line_breaks();
                let off = "Line breaks inside paragraphs read as spaces (CommonMark)";
                self.message = Some(said(kept, "Line breaks shown as written", off));
            }
            Action::ToggleCodeWrap => {
                let wrapped = self.note_view.toggle_wrap_code();
                let off = "Code lines whole; H and L scroll sideways";
                self.message = Some(said(wrapped, "Long code lines wrapped, marked ↪", off));
            }
            Action::TogglePictures => self.toggle_pictures(),
            Action::ScrollLeft => self.note_view.scroll_left(),
            Action::ScrollRight => self.note_view.scroll_right(),
            Action::EditNote => match self.edit_request() {
                Some(request) => return vec![Effect::Edit(request)],
                None if self.document().is_some() => {
                    self.message = Some("This event has no overview file; select a note to edit it".into())
                }
                None => self.message = Some("Select a note to edit it".into()),
            },
            // The rest open views (help, problems, bookmarks, related, topics, the
            // finder, ...): `views::OPENERS` says which, so a new view needs no arm here.
            _ => {
                self.open_view(action, false);
            }
        }
        Vec::new()
    }

    /// Items (or note lines) a page move covers in the focused pane.
    fn page_size(&self) -> usize {
        let layout = self.layout();
        let rows = layout.pane(self.focus()).map_or(1, inner_height);
        match self.focus() {
            // Keep two lines of the previous page for context.
            Pane::Note => rows.saturating_sub(2).max(1),
            Pane::Talks => (rows / rows::TALK_ROW_HEIGHT).max(1),
            Pane::Timeline => rows.max(1),
        }
    }

    /// Moves the focused pane's selection (or the note's scroll) by `delta`, clamped.
    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus() {
            Pane::Timeline => {
                let items: Vec<rows::TimelineRow> =
                    self.timeline_rows().into_iter().filter(|r| r.is_selectable()).collect();
                let selection = self.timeline_selection();
                let Some(current) = items.iter().position(|&r| Some(r) == selection) else { return };
                let target = shift(current, delta, items.len() - 1);
                self.select_timeline_row(items[target]);
            }
            Pane::Talks => {
                let count = self.entry_count();
                if count > 0 {
                    self.select_entry(shift(self.selection.entry(), delta, count - 1));
                }
            }
            Pane::Note => {
                let right_max = self.compare_max_scroll();
                match &mut self.compare {
                    Some(compare) if compare.focus_right() => {
                        compare.scroll_to(shift(compare.scroll(), delta, right_max), right_max)
                    }
                    _ => {
                        let max = self.max_note_scroll();
                        self.note_view.scroll_to(shift(self.note_view.scroll(), delta, max), max);
                    }
                }
            }
        }
    }

    pub fn select_event(&mut self, event: usize) {
        if self.selection.event() == Some(event) && self.saved.selected().is_none() {
            return;
        }
        // Record how far the open note was read before its scroll is reset.
        self.leave_opened_note();
        if self.saved.selected().is_some() {
            self.leave_saved_search();
        } else if let Some(previous) = self.selection.event() {
            self.selection.remember(previous, self.selection.entry());
        }
        self.selection.set_event(Some(event));
        self.selection.set_entry(self.selection.remembered(event).unwrap_or(0));
        self.panes.talks_to_top();
        self.note_view.to_top();
    }

    pub fn select_entry(&mut self, entry: usize) {
        if entry != self.selection.entry() {
            self.leave_opened_note();
            self.selection.set_entry(entry);
            self.note_view.to_top();
        }
    }
}

fn next_pane(pane: Pane, steps: usize) -> Pane {
    let i = Pane::ALL.iter().position(|&p| p == pane).unwrap_or(0);
    Pane::ALL[(i + steps) % Pane::ALL.len()]
}

/// `index + delta`, kept within `0..=max`.
pub(super) fn shift(index: usize, delta: isize, max: usize) -> usize {
    if delta < 0 {
        index.saturating_sub(delta.unsigned_abs()).min(max)
    } else {
        index.saturating_add(delta as usize).min(max)
    }
}

/// The message for a setting turned on or off.
fn said(on: bool, when_on: &str, when_off: &str) -> String {
    (if on { when_on } else { when_off }).to_string()
}
