//! `update`: the only place state changes in response to an action.

use super::reading::plural;
use super::{rows, App, Effect, ListView, Overlay};
use crate::keymap::Action;
use crate::layout::{inner_height, popup, Pane};
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
        let asked = if self.overlay.is_some() { self.update_overlay(action) } else { self.update_panes(action) };
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
            Action::ToggleHelp => self.open_overlay(Overlay::Help { scroll: 0 }),
            Action::ShowWarnings => {
                if self.problems.is_empty() {
                    self.message = Some("No problems found in your notes or config".into());
                } else {
                    self.open_overlay(Overlay::Warnings { scroll: 0, selected: 0 });
                }
            }
            Action::ShowBookmarks => self.show_bookmarks(),
            Action::Close if self.compare.is_some() => self.close_compare(),
            Action::Close if self.note_search.is_some() => {
                self.clear_note_search();
                self.message = Some("Search cleared".into());
            }
            Action::Close if self.list_filter.is_some() => {
                self.set_list_filter("");
                self.message = Some("Filter cleared".into());
            }
            Action::Close | Action::FilterView | Action::DeleteBookmark | Action::Confirm => {}
            Action::FocusNextPane => self.focus = next_pane(self.focus, 1),
            Action::FocusPrevPane => self.focus = next_pane(self.focus, 2),
            Action::FocusLeft => match (&mut self.compare, self.focus) {
                // When comparing, the note pane's halves come before the list.
                (Some(compare), Pane::Note) if compare.focus_right => compare.focus_right = false,
                (_, Pane::Note) => self.focus = Pane::Talks,
                _ => self.focus = Pane::Timeline,
            },
            Action::FocusRight => match (&mut self.compare, self.focus) {
                (Some(compare), Pane::Note) => compare.focus_right = true,
                (_, Pane::Timeline) => self.focus = Pane::Talks,
                _ => self.focus = Pane::Note,
            },
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
            Action::ShowRelated => self.show_related(),
            Action::ShowTopics => self.show_topics(),
            Action::ShowSpeakers => self.show_speakers(),
            Action::ToggleCompare => self.toggle_compare(),
            Action::HistoryBack => self.history_step(true),
            Action::HistoryForward => self.history_step(false),
            Action::SearchNote => self.start_note_search(),
            Action::SearchNext => self.step_note_search(true),
            Action::SearchPrev => self.step_note_search(false),
            Action::ShowOutline => self.show_outline(),
            Action::ShowAttachments => self.show_attachments(),
            Action::FollowLink => self.start_follow_link(),
            Action::GoToFootnote => self.start_go_to_footnote(),
            Action::OpenFinder => self.open_finder(),
            Action::FilterList => self.start_list_filter(),
            Action::SearchAll => self.open_text_search(),
            Action::ToggleWideTables => {
                self.wide_tables = !self.wide_tables;
                self.note_hscroll = 0;
                self.message = Some(said(
                    self.wide_tables,
                    "Wide tables: full width; H and L scroll sideways",
                    "Tables wrapped to fit the pane",
                ));
            }
            Action::ToggleLineBreaks => {
                self.line_breaks = !self.line_breaks;
                let off = "Line breaks inside paragraphs read as spaces (CommonMark)";
                self.message = Some(said(self.line_breaks, "Line breaks shown as written", off));
            }
            Action::ToggleCodeWrap => {
                self.wrap_code = !self.wrap_code;
                self.note_hscroll = 0;
                let off = "Code lines whole; H and L scroll sideways";
                self.message = Some(said(self.wrap_code, "Long code lines wrapped, marked ↪", off));
            }
            Action::TogglePictures => self.toggle_pictures(),
            Action::ScrollLeft => self.note_hscroll = self.note_hscroll.saturating_sub(HSCROLL_STEP),
            Action::ScrollRight => self.note_hscroll += HSCROLL_STEP,
            Action::EditNote => match self.edit_request() {
                Some(request) => return vec![Effect::Edit(request)],
                None if self.document().is_some() => {
                    self.message = Some("This event has no overview file; select a note to edit it".into())
                }
                None => self.message = Some("Select a note to edit it".into()),
            },
        }
        Vec::new()
    }

    /// Keys while a view is open. Returns what the action asks of the loop.
    fn update_overlay(&mut self, action: Action) -> Vec<Effect> {
        let page = inner_height(popup(self.area)).max(1);
        let in_bookmarks = matches!(self.overlay, Some(Overlay::Bookmarks { .. }));
        let in_list = matches!(self.overlay, Some(Overlay::List { .. }));
        let in_topics = matches!(self.overlay, Some(Overlay::List { view: ListView::Topics, .. }));
        let in_results = matches!(self.overlay, Some(Overlay::Finder { .. } | Overlay::TextSearch { .. }));
        // Bookmarks and lists move a selection (two lines per entry); the others scroll text.
        let in_problems = matches!(self.overlay, Some(Overlay::Warnings { .. }));
        let step = if in_bookmarks || in_list || in_results || in_problems { 1 } else { page };
        let count = match &self.overlay {
            Some(Overlay::Bookmarks { .. }) => self.bookmark_entries().len(),
            Some(Overlay::List { view, .. }) => self.list_items(view).len(),
            Some(Overlay::Finder { .. } | Overlay::TextSearch { .. }) => self.result_count(),
            Some(Overlay::Warnings { .. }) => self.shown_problems().len(),
            _ => usize::MAX,
        };
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
            let max_scroll = self.overlay_max_scroll();
            match &mut self.overlay {
                Some(Overlay::Help { scroll }) => {
                    *scroll = shift(*scroll, delta, max_scroll);
                }
                Some(
                    Overlay::Warnings { selected, .. }
                    | Overlay::Bookmarks { selected, .. }
                    | Overlay::List { selected, .. }
                    | Overlay::Finder { selected, .. }
                    | Overlay::TextSearch { selected, .. },
                ) => {
                    *selected = shift(*selected, delta, count.saturating_sub(1));
                }
                None => {}
            }
            return Vec::new();
        }
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Close => {
                // A topic's timeline goes back to the topics it was opened from.
                self.overlay = match self.overlay.take() {
                    Some(Overlay::List { parent: Some(parent), .. }) => {
                        self.view_filter.text = std::mem::take(&mut self.parent_filter);
                        self.typing_filter = false;
                        self.overlay = Some(*parent);
                        return Vec::new();
                    }
                    _ => None,
                };
            }
            Action::ToggleHelp => self.toggle_overlay(Overlay::Help { scroll: 0 }),
            Action::ShowWarnings => self.toggle_overlay(Overlay::Warnings { scroll: 0, selected: 0 }),
            Action::ShowBookmarks => {
                if in_bookmarks {
                    self.overlay = None;
                } else {
                    self.show_bookmarks();
                }
            }
            Action::FilterView => self.typing_filter = true,
            Action::Open if in_bookmarks => self.open_selected_bookmark(),
            Action::Open if in_list => return self.open_list_item(),
            Action::Open if in_results => self.open_search_result(),
            Action::Open if in_problems => return self.open_selected_problem(),
            Action::FocusLeft | Action::FocusRight if in_topics => {
                self.move_chart_year(if action == Action::FocusLeft { -1 } else { 1 })
            }
            Action::ShowTopics if matches!(self.overlay, Some(Overlay::List { view: ListView::Topics, .. })) => {
                self.overlay = None
            }
            Action::ShowTopics => self.show_topics(),
            Action::ShowSpeakers if matches!(self.overlay, Some(Overlay::List { view: ListView::Speakers, .. })) => {
                self.overlay = None
            }
            Action::ShowSpeakers => self.show_speakers(),
            Action::ShowRelated if in_list => self.overlay = None,
            Action::DeleteBookmark if in_bookmarks => self.delete_selected_bookmark(),
            Action::AnnotateBookmark if in_bookmarks => self.annotate_bookmark(),
            _ => {}
        }
        if self.overlay.is_none() {
            self.view_filter.text.clear();
            self.typing_filter = false;
        }
        Vec::new()
    }

    fn open_overlay(&mut self, overlay: Overlay) {
        self.view_filter.text.clear();
        self.typing_filter = false;
        self.overlay = Some(overlay);
    }

    /// Opens `overlay`, or closes it if a view of that kind is already open.
    fn toggle_overlay(&mut self, overlay: Overlay) {
        let same = self.overlay.as_ref().is_some_and(|o| std::mem::discriminant(o) == std::mem::discriminant(&overlay));
        if same {
            self.overlay = None;
        } else {
            self.open_overlay(overlay);
        }
    }

    fn show_bookmarks(&mut self) {
        let count = self.state.bookmarks().len();
        if count == 0 {
            let key =
                self.keymap.hint(self.context(), Action::ToggleBookmark).unwrap_or_else(|| "toggle-bookmark".into());
            self.message = Some(format!("No bookmarks yet; press {key} on a note to add one"));
        } else {
            self.open_overlay(Overlay::Bookmarks { selected: 0, scroll: 0 });
            self.message = Some(plural(count, "bookmark"));
        }
    }

    /// Keeps the bookmarks view's selection in sight.
    pub(super) fn settle_overlay(&mut self) {
        self.refresh_results();
        let rows = inner_height(popup(self.area));
        let max_scroll = self.overlay_max_scroll();
        match &mut self.overlay {
            Some(Overlay::Bookmarks { selected, scroll }) => {
                *scroll = rows::settle_offset(
                    *scroll,
                    *selected * super::overlay::BOOKMARK_HEIGHT,
                    super::overlay::BOOKMARK_HEIGHT,
                    rows,
                );
            }
            Some(Overlay::Help { scroll }) => *scroll = (*scroll).min(max_scroll),
            Some(Overlay::Warnings { selected, .. }) => {
                let selected = *selected;
                let width = usize::from(popup(self.area).width.saturating_sub(4)).max(10);
                let (_, line, height) = self.warning_lines_at(width, selected);
                if let Some(Overlay::Warnings { scroll, .. }) = &mut self.overlay {
                    *scroll = rows::settle_offset(*scroll, line, height.max(1), rows);
                }
            }
            Some(Overlay::List { .. }) | None => {}
            Some(Overlay::Finder { selected, .. } | Overlay::TextSearch { selected, .. }) => {
                let selected = *selected;
                let width = usize::from(popup(self.area).width.saturating_sub(4)).max(10);
                let (_, line) = match self.overlay {
                    Some(Overlay::Finder { .. }) => self.finder_lines(width, selected),
                    _ => self.text_search_lines(width, selected),
                };
                let rows = self.results_rows();
                if let Some(Overlay::Finder { scroll, .. } | Overlay::TextSearch { scroll, .. }) = &mut self.overlay {
                    *scroll = rows::settle_offset(*scroll, line, 2, rows);
                }
            }
        }
        if let Some(Overlay::List { view, selected, .. }) = &self.overlay {
            let width = usize::from(popup(self.area).width.saturating_sub(4)).max(10);
            let (_, line) = self.list_lines(view, width, *selected);
            if let Some(Overlay::List { scroll, .. }) = &mut self.overlay {
                // Two lines per item, and a line of context above for the group header.
                *scroll = rows::settle_offset(*scroll, line, 2, rows);
            }
        }
    }

    /// Items (or note lines) a page move covers in the focused pane.
    fn page_size(&self) -> usize {
        let layout = self.layout();
        let rows = layout.pane(self.focus).map_or(1, inner_height);
        match self.focus {
            // Keep two lines of the previous page for context.
            Pane::Note => rows.saturating_sub(2).max(1),
            Pane::Talks => (rows / rows::TALK_ROW_HEIGHT).max(1),
            Pane::Timeline => rows.max(1),
        }
    }

    /// Moves the focused pane's selection (or the note's scroll) by `delta`, clamped.
    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
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
                    self.select_entry(shift(self.entry, delta, count - 1));
                }
            }
            Pane::Note => {
                let right_max = self.compare_max_scroll();
                match &mut self.compare {
                    Some(compare) if compare.focus_right => compare.scroll = shift(compare.scroll, delta, right_max),
                    _ => self.note_scroll = shift(self.note_scroll, delta, self.max_note_scroll()),
                }
            }
        }
    }

    pub fn select_event(&mut self, event: usize) {
        if self.event == Some(event) && self.saved.selected.is_none() {
            return;
        }
        // Record how far the open note was read before its scroll is reset.
        self.leave_opened_note();
        if self.saved.selected.is_some() {
            self.leave_saved_search();
        } else if let Some(previous) = self.event {
            self.remembered_entry.insert(previous, self.entry);
        }
        self.event = Some(event);
        self.entry = self.remembered_entry.get(&event).copied().unwrap_or(0);
        self.talks_offset = 0;
        self.note_scroll = 0;
    }

    pub fn select_entry(&mut self, entry: usize) {
        if entry != self.entry {
            self.leave_opened_note();
            self.entry = entry;
            self.note_scroll = 0;
        }
    }
}

/// Columns a sideways scroll moves.
const HSCROLL_STEP: usize = 8;

fn next_pane(pane: Pane, steps: usize) -> Pane {
    let i = Pane::ALL.iter().position(|&p| p == pane).unwrap_or(0);
    Pane::ALL[(i + steps) % Pane::ALL.len()]
}

/// `index + delta`, kept within `0..=max`.
fn shift(index: usize, delta: isize, max: usize) -> usize {
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
