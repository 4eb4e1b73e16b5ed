//! Update transitions on the fixture collection, action by action.

use std::path::Path;

use super::*;
use crate::layout::Pane;
use crate::notes::load_folder;

fn app() -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    let collection = load_folder(&root).expect("fixtures load");
    let (keymap, problems) = Keymap::defaults();
    assert!(problems.is_empty());
    let mut app = App::new(collection, keymap, Settings::default(), Vec::new());
    let _ = app.notice(Notice::Resize { width: 160, height: 45 });
    app
}

fn event_name(app: &App) -> &str {
    &app.collection().events[app.event().expect("an event is selected")].name
}

fn note_title(app: &App) -> Option<&str> {
    app.selected_note().map(|n| app.collection().notes[n].title.as_str())
}

#[test]
fn starts_on_the_newest_event_overview_with_the_timeline_focused() {
    let app = app();
    assert_eq!(app.focus(), Pane::Timeline);
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
    assert_eq!(app.document(), Some(Document::Overview(app.event().expect("selected"))));
    assert!(app.rendered().is_some());
}

#[test]
fn moving_in_the_timeline_changes_event_and_resets_the_talks_list() {
    let mut app = app();
    let _ = app.update(Action::MoveDown);
    assert_eq!(event_name(&app), "Detroit");
    assert_eq!(app.entry(), 0);
    let _ = app.update(Action::GoBottom);
    assert_eq!(event_name(&app), "Fixture Conf Europe 2019");
    let _ = app.update(Action::MoveDown);
    assert_eq!(event_name(&app), "Fixture Conf Europe 2019", "stops at the end");
    let _ = app.update(Action::GoTop);
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
}

#[test]
fn open_from_the_timeline_focuses_the_first_note_and_then_the_note_pane() {
    let mut app = app();
    let _ = app.update(Action::GoBottom);
    let _ = app.update(Action::Open);
    assert_eq!(app.focus(), Pane::Talks);
    assert_eq!(note_title(&app), Some("Watching clusters"), "order: 1 comes first");
    let _ = app.update(Action::Open);
    assert_eq!(app.focus(), Pane::Note);
}

#[test]
fn focus_moves_left_right_and_cycles() {
    let mut app = app();
    let _ = app.update(Action::FocusRight);
    let _ = app.update(Action::FocusRight);
    assert_eq!(app.focus(), Pane::Note);
    let _ = app.update(Action::FocusRight);
    assert_eq!(app.focus(), Pane::Note, "no pane beyond the note");
    let _ = app.update(Action::FocusLeft);
    assert_eq!(app.focus(), Pane::Talks);
    let _ = app.update(Action::FocusNextPane);
    let _ = app.update(Action::FocusNextPane);
    assert_eq!(app.focus(), Pane::Timeline, "tab wraps around");
    let _ = app.update(Action::FocusPrevPane);
    assert_eq!(app.focus(), Pane::Note);
}

#[test]
fn each_event_remembers_its_selected_note() {
    let mut app = app();
    let _ = app.update(Action::GoBottom);
    let _ = app.update(Action::Open);
    let _ = app.update(Action::MoveDown);
    assert_eq!(note_title(&app), Some("Meshes everywhere"));
    let _ = app.update(Action::FocusLeft);
    let _ = app.update(Action::GoTop);
    let _ = app.update(Action::GoBottom);
    assert_eq!(note_title(&app), Some("Meshes everywhere"));
}

#[test]
fn note_scrolls_by_line_page_and_half_page_within_bounds() {
    let mut app = app();
    let _ = app.update(Action::Open);
    assert_eq!(note_title(&app), Some("A long note"));
    let _ = app.update(Action::Open);
    let viewport = app.note_viewport();
    assert_eq!(viewport, 42);
    let _ = app.update(Action::MoveDown);
    assert_eq!(app.note_scroll(), 1);
    let _ = app.update(Action::PageDown);
    assert_eq!(app.note_scroll(), 1 + viewport - 2);
    let _ = app.update(Action::HalfPageUp);
    assert_eq!(app.note_scroll(), 1 + (viewport - 2) - (viewport - 2) / 2);
    let _ = app.update(Action::GoBottom);
    assert_eq!(app.note_scroll(), app.max_note_scroll());
    assert_eq!(app.scroll_percent(), 100);
    let _ = app.update(Action::MoveDown);
    assert_eq!(app.note_scroll(), app.max_note_scroll(), "never scrolls past the end");
    let _ = app.update(Action::GoTop);
    assert_eq!(app.note_scroll(), 0);
    assert_eq!(app.scroll_percent(), 0);
}

#[test]
fn selecting_another_note_resets_the_scroll() {
    let mut app = app();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::FocusRight);
    let _ = app.update(Action::PageDown);
    assert!(app.note_scroll() > 0);
    let _ = app.update(Action::FocusLeft);
    let _ = app.update(Action::MoveUp);
    assert_eq!(app.note_scroll(), 0);
}

#[test]
fn resizing_rewraps_and_keeps_the_scroll_in_range() {
    let mut app = app();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::FocusRight);
    let _ = app.update(Action::GoBottom);
    let wide_lines = app.note_line_count();
    let _ = app.notice(Notice::Resize { width: 100, height: 45 });
    assert!(app.note_line_count() > wide_lines, "narrower pane, more lines");
    let _ = app.notice(Notice::Resize { width: 200, height: 80 });
    assert!(app.note_scroll() <= app.max_note_scroll());
    assert_eq!(app.rendered().map(|r| r.width), Some(usize::from(app.layout().note.expect("note").width) - 4));
}

#[test]
fn timeline_order_toggles() {
    let mut app = app();
    let _ = app.update(Action::ToggleTimelineOrder);
    assert!(!app.settings.newest_first);
    assert_eq!(app.message(), Some("Oldest events first"));
    let _ = app.update(Action::GoTop);
    assert_eq!(event_name(&app), "Fixture Conf Europe 2019");
}

#[test]
fn help_opens_scrolls_within_bounds_and_closes() {
    let mut app = app();
    let _ = app.update(Action::ToggleHelp);
    assert_eq!(app.context(), Context::Popup);
    let _ = app.update(Action::GoBottom);
    let max = app.overlay_max_scroll();
    assert_eq!(app.overlay().map(|o| (o.title(), o.scroll())), Some(("Keys", max)));
    let _ = app.update(Action::MoveUp);
    assert_eq!(app.overlay().map(|o| (o.title(), o.scroll())), Some(("Keys", max.saturating_sub(1))));
    let _ = app.update(Action::Close);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.focus(), Pane::Timeline);
}

#[test]
fn typing_in_help_filters_the_keys_and_esc_clears_the_filter() {
    let mut app = app();
    let key = |s: &str| crate::keymap::parse_chord(s).expect("key");
    let _ = app.update(Action::ToggleHelp);
    let _ = app.handle_key(key("/"));
    assert!(app.typing_filter());
    for c in ["q", "u", "i", "t"] {
        let _ = app.handle_key(key(c));
    }
    assert_eq!(app.overlay().map(|_| app.view_filter()), Some("quit"), "q types, it does not close");
    let text: Vec<String> = app.overlay_lines().iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|l| l.contains("Quit confnotes")), "{text:?}");
    assert!(!text.iter().any(|l| l.contains("Focus the next pane")), "{text:?}");
    assert!(app.overlay_title().contains("/quit"));
    let _ = app.handle_key(key("enter"));
    assert!(!app.typing_filter() && app.view_filter() == "quit", "enter keeps the filter");
    let _ = app.handle_key(key("/"));
    let _ = app.handle_key(key("esc"));
    assert!(app.view_filter().is_empty() && app.overlay().is_some(), "esc while typing clears, the view stays");
    let _ = app.handle_key(key("esc"));
    assert!(app.overlay().is_none());
}

#[test]
fn warnings_are_announced_and_listed() {
    let mut app = app();
    assert!(app.message().is_some_and(|m| m.starts_with("1 problem found")), "{:?}", app.message());
    let _ = app.update(Action::ShowWarnings);
    let text: Vec<String> = app.overlay_lines().iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|l| l.contains("broken.md:3:")), "{text:?}");
}

#[test]
fn keys_resolve_through_sequences() {
    let mut app = app();
    let _ = app.update(Action::GoBottom);
    let g = crate::keymap::parse_chord("g").expect("key");
    assert!(app.handle_key(g).is_empty());
    assert_eq!(app.pending_keys().len(), 1);
    let _ = app.handle_key(g);
    assert!(app.pending_keys().is_empty());
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
    let q = crate::keymap::parse_chord("q").expect("key");
    // Quitting saves how the reader left (the view), then quits.
    assert_eq!(app.handle_key(q), vec![Effect::SaveState, Effect::Quit]);
}

#[test]
fn an_empty_collection_has_nothing_selected_and_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
    for action in Action::ALL {
        let _ = app.update(*action);
    }
    assert_eq!(app.event(), None);
    assert!(app.rendered().is_none());
}

fn app_with_clock() -> App {
    fn fixed() -> u64 {
        1_000_000
    }
    let mut app = app();
    app.set_clock(fixed);
    app.with_state(crate::state::State::new("test"))
}

fn id_of(app: &App, title: &str) -> String {
    app.collection().notes.iter().find(|n| n.title == title).map(|n| n.id.0.clone()).expect("note exists")
}

#[test]
fn opening_a_note_in_the_note_pane_marks_it_read_and_asks_to_save() {
    let mut app = app_with_clock();
    assert_eq!(app.initial_effects(), vec![Effect::SaveState], "the session start is saved");
    let _ = app.update(Action::Open);
    let note = app.selected_note().expect("a note");
    assert!(!app.is_read(note), "previewing in the list does not mark read");
    let effects = app.update(Action::Open);
    assert!(app.is_read(note));
    assert_eq!(effects, vec![Effect::SaveState]);
    assert_eq!(app.update(Action::MoveDown), vec![], "scrolling alone saves nothing");
}

#[test]
fn toggle_read_and_mark_event_read() {
    let mut app = app_with_clock();
    let _ = app.update(Action::GoBottom);
    let _ = app.update(Action::Open);
    let note = app.selected_note().expect("note");
    let _ = app.update(Action::ToggleRead);
    assert!(app.is_read(note));
    let _ = app.update(Action::ToggleRead);
    assert!(!app.is_read(note));
    let event = app.event().expect("event");
    assert_eq!(app.unread_in_event(event), 2);
    assert_eq!(app.update(Action::MarkEventRead), vec![Effect::SaveState]);
    assert_eq!(app.unread_in_event(event), 0);
    assert_eq!(app.message(), Some("2 notes marked read in Fixture Conf Europe 2019"));
}

#[test]
fn next_unread_crosses_events_and_wraps() {
    let mut app = app_with_clock();
    let _ = app.update(Action::NextUnread);
    assert_eq!(note_title(&app), Some("A long note"));
    assert_eq!(app.focus(), Pane::Talks);
    let _ = app.update(Action::NextUnread);
    assert_eq!(event_name(&app), "Detroit", "on to the next event");
    let first_detroit = note_title(&app).map(str::to_string);
    let _ = app.update(Action::PrevUnread);
    assert_eq!(note_title(&app), Some("A long note"));
    let _ = app.update(Action::NextUnread);
    assert_eq!(note_title(&app).map(str::to_string), first_detroit);
    // Read everything but one note; n finds it from anywhere, wrapping.
    for event in 0..app.collection().events.len() {
        app.select_event(event);
        let _ = app.update(Action::MarkEventRead);
    }
    let target = app.collection().note_index(&id_of(&app, "Watching clusters")).expect("note");
    let id = app.collection().notes[target].id.0.clone();
    app.reading.state_mut().set_read(&id, false, 2_000_000);
    let _ = app.update(Action::NextUnread);
    assert_eq!(app.selected_note(), Some(target));
    let _ = app.update(Action::NextUnread);
    assert_eq!(app.message(), Some("No unread notes"));
}

#[test]
fn next_unread_starts_from_the_event_selected_in_the_timeline() {
    let mut app = app_with_clock();
    let _ = app.update(Action::MoveDown);
    assert_eq!(event_name(&app), "Detroit");
    let _ = app.update(Action::NextUnread);
    assert_eq!(event_name(&app), "Detroit", "the selected event's own unread note first");
    assert_eq!(app.message(), None, "nothing wrapped");

    let mut app = app_with_clock();
    let _ = app.update(Action::GoBottom);
    let _ = app.update(Action::NextUnread);
    assert_eq!(note_title(&app), Some("Watching clusters"), "the last event's first note");

    // `N` from an event goes to the last unread note before it.
    let mut app = app_with_clock();
    let _ = app.update(Action::MoveDown);
    let _ = app.update(Action::PrevUnread);
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
    assert_eq!(app.message(), None, "nothing wrapped");

    // Nothing unread at or after the last event: around to the top, said so.
    let mut app = app_with_clock();
    let _ = app.update(Action::GoBottom);
    let _ = app.update(Action::MarkEventRead);
    let _ = app.update(Action::NextUnread);
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
    assert!(app.message().is_some_and(|m| m.starts_with("Wrapped around")), "{:?}", app.message());
}

#[test]
fn bookmarks_in_the_note_pane_remember_the_section_in_view() {
    let mut app = app_with_clock();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::ToggleBookmark);
    let id = id_of(&app, "A long note");
    assert!(app.state().bookmark(&id, None).is_some(), "from the list: the whole note");
    let _ = app.update(Action::Open);
    let section = app.rendered().and_then(|r| r.headings.iter().find(|h| h.text == "Section 12")).map(|h| h.line);
    app.scroll_note_to(section.expect("heading rendered"));
    let _ = app.update(Action::ToggleBookmark);
    assert!(app.state().bookmark(&id, Some("Section 12")).is_some(), "{:?}", app.message());
    assert_eq!(app.bookmark_entries().len(), 2);
}

#[test]
fn the_bookmarks_view_opens_a_bookmark_at_its_section_and_deletes() {
    let mut app = app_with_clock();
    let id = id_of(&app, "A long note");
    app.reading.state_mut().toggle_bookmark(&id, Some("Section 30"), 5);
    let other = id_of(&app, "Watching clusters");
    app.reading.state_mut().toggle_bookmark(&other, None, 6);
    let _ = app.update(Action::ShowBookmarks);
    assert!(app.overlay().is_some_and(|o| o.title() == "Bookmarks" && o.selected() == 0));
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines[0].contains("Barcelona 2019 · Watching clusters"), "oldest event first: {lines:?}");
    assert!(lines[2].contains("Paris 2024 · A long note › Section 30"), "{lines:?}");
    let _ = app.update(Action::MoveDown);
    let _ = app.update(Action::Open);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.focus(), Pane::Note);
    assert_eq!(app.heading_in_view().as_deref(), Some("Section 30"));
    let _ = app.update(Action::ShowBookmarks);
    let _ = app.update(Action::DeleteBookmark);
    assert_eq!(app.state().bookmarks().len(), 1);
}

#[test]
fn annotations_are_typed_in_a_prompt() {
    let mut app = app_with_clock();
    let id = id_of(&app, "A long note");
    app.reading.state_mut().toggle_bookmark(&id, None, 5);
    let _ = app.update(Action::ShowBookmarks);
    let _ = app.update(Action::AnnotateBookmark);
    assert!(app.prompt.is_some());
    for key in ["g", "o", "o", "d", "space", "q"] {
        let _ = app.handle_key(crate::keymap::parse_chord(key).expect("key"));
    }
    assert!(app.overlay().is_some(), "q typed into the prompt, not closing the view");
    let effects = app.handle_key(crate::keymap::parse_chord("enter").expect("key"));
    assert_eq!(effects, vec![Effect::SaveState]);
    assert_eq!(app.state().bookmark(&id, None).and_then(|b| b.annotation.as_deref()), Some("good q"));
}

#[test]
fn reading_progress_is_kept_and_restored() {
    let mut app = app_with_clock();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::Open);
    let _ = app.update(Action::PageDown);
    let line = app.note_scroll();
    let note = app.selected_note().expect("note");
    let _ = app.update(Action::FocusLeft);
    let _ = app.update(Action::MoveUp);
    assert!(app.progress_percent(note).is_some(), "leaving the note records how far it was read");
    let _ = app.update(Action::MoveDown);
    assert_eq!(app.note_scroll(), 0, "the list preview starts at the top");
    let _ = app.update(Action::Open);
    assert_eq!(app.note_scroll(), line, "opening it returns to where the reader left off");
}

#[test]
fn suspending_saves_the_position_and_keeps_the_note_open() {
    let mut app = app_with_clock();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::Open);
    let _ = app.update(Action::PageDown);
    let (note, scroll) = (app.selected_note().expect("note"), app.note_scroll());
    let effects = app.update(Action::Suspend);
    assert_eq!(effects, vec![Effect::SaveState, Effect::Suspend]);
    assert!(app.progress_percent(note).is_some(), "the position is in the state saved");
    assert_eq!((app.selected_note(), app.note_scroll()), (Some(note), scroll), "still reading where it was");
    assert_eq!(app.update(Action::Suspend), vec![Effect::Suspend], "nothing new to save");
}

#[test]
fn quitting_saves_the_position_before_quitting() {
    let mut app = app_with_clock();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::Open);
    let _ = app.update(Action::PageDown);
    let effects = app.update(Action::Quit);
    assert_eq!(effects, vec![Effect::SaveState, Effect::Quit]);
}

#[test]
fn a_failed_save_keeps_the_change_and_retries_with_the_next() {
    let mut app = app_with_clock();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::ToggleRead);
    let _ = app.notice(Notice::SaveFailed(crate::state::SaveError::Unwritable("disk full".into())));
    assert!(app.message().is_some_and(|m| m.contains("disk full")));
    let note = app.selected_note().expect("note");
    assert!(app.is_read(note), "nothing the user did is dropped");
    assert_eq!(app.update(Action::MoveDown), vec![Effect::SaveState], "retried on the next change");
}

#[test]
fn a_save_retry_is_not_lost_through_the_mouse() {
    let mut app = app_with_clock();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::ToggleRead);
    let _ = app.update(Action::ToggleHelp);
    let _ = app.notice(Notice::SaveFailed(crate::state::SaveError::Unwritable("disk full".into())));
    // The wheel over a view moves it as `j` would: that update's save goes to the loop.
    let wheel = Notice::Mouse(MouseInput { kind: MouseKind::ScrollDown, x: 10, y: 10 });
    let mut effects = app.notice(wheel);
    effects.extend(app.update(Action::Close));
    assert!(effects.contains(&Effect::SaveState), "the retry reaches the loop: {effects:?}");
}

#[test]
fn changes_from_another_instance_are_merged_in() {
    let mut app = app_with_clock();
    let mut other = app.state().clone();
    other.set_read(&id_of(&app, "Watching clusters"), true, 9_000_000);
    let _ = app.notice(Notice::StateChangedOnDisk(Box::new(other)));
    assert!(app.state().is_read(&id_of(&app, "Watching clusters")));
}

#[test]
fn a_save_answered_after_more_marks_keeps_them_and_takes_in_another_instances() {
    let mut app = app_with_clock();
    let _ = app.update(Action::GoBottom);
    let _ = app.update(Action::Open);
    assert_eq!(app.update(Action::Open), vec![Effect::SaveState]);
    let first = app.selected_note().expect("a note");
    // The save is written on another thread; meanwhile the reader goes on.
    let mut on_disk = app.state().clone();
    let _ = app.update(Action::FocusLeft);
    let _ = app.update(Action::MoveDown);
    let _ = app.update(Action::ToggleRead);
    let second = app.selected_note().expect("a note");
    assert_ne!(first, second);
    // The file held another instance's mark too: the answer brings it.
    let other = (0..app.collection().notes.len()).find(|n| ![first, second].contains(n)).expect("a third note");
    on_disk.set_read(&app.collection().notes[other].id.0, true, 900_000);
    let _ = app.notice(Notice::Saved { merged: Some(Box::new(on_disk)), moved_aside: None });
    assert!(app.is_read(first) && app.is_read(second), "the mark made after the save began stays");
    assert!(app.is_read(other));
}

#[test]
fn at_end_policy_marks_read_only_at_the_end() {
    let mut app = app_with_clock();
    app.settings.mark_read = MarkRead::AtEnd;
    let _ = app.update(Action::Open);
    let _ = app.update(Action::Open);
    let note = app.selected_note().expect("note");
    assert!(!app.is_read(note), "opening is not enough");
    let _ = app.update(Action::PageDown);
    assert!(!app.is_read(note));
    assert_eq!(app.update(Action::GoBottom), vec![Effect::SaveState]);
    assert!(app.is_read(note));
}

/// A collection with one short note and one long one in a single event.
fn short_and_long_notes() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let event = dir.path().join("2024-05-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    std::fs::write(event.join("a-short.md"), "# A short one\n\nOne line.\n").expect("note");
    let long: String = (0..80).map(|i| format!("Paragraph {i} of a long note.\n\n")).collect();
    std::fs::write(event.join("b-long.md"), format!("# B long one\n\n{long}")).expect("note");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
    app.set_clock(|| 1_000_000);
    let mut app = app.with_state(crate::state::State::new("test"));
    let _ = app.notice(Notice::Resize { width: 120, height: 30 });
    (dir, app)
}

#[test]
fn a_resize_that_shows_a_notes_end_does_not_mark_it_read() {
    let (_dir, mut app) = short_and_long_notes();
    app.settings.mark_read = MarkRead::AtEnd;
    let _ = app.update(Action::Open);
    let _ = app.update(Action::MoveDown);
    let _ = app.update(Action::Open);
    let note = app.selected_note().expect("the long note");
    assert_eq!(app.collection().notes[note].title, "B long one");
    assert!(!app.is_read(note), "opening is not enough");
    // A terminal tall enough to show the whole note: the reader did nothing.
    let _ = app.notice(Notice::Resize { width: 120, height: 400 });
    assert_eq!(app.max_note_scroll(), 0, "the note fits");
    assert!(!app.is_read(note), "a resize is not reading");
}

#[test]
fn the_wheel_over_the_list_does_not_mark_the_note_it_shows_read() {
    let (_dir, mut app) = short_and_long_notes();
    let _ = app.update(Action::Open);
    let _ = app.update(Action::Open);
    let first = app.selected_note().expect("the short note");
    assert!(app.is_read(first), "opened in the note pane");
    // The wheel over the talks list shows the next note; the keys stay in the note pane.
    let talks = app.layout().talks.expect("the talks pane is shown");
    let over_talks = MouseInput { kind: MouseKind::ScrollDown, x: talks.x + 2, y: talks.y + 2 };
    let _ = app.notice(Notice::Mouse(over_talks));
    assert_eq!(app.focus(), Pane::Note);
    let shown = app.selected_note().expect("the long note");
    assert_ne!(shown, first);
    assert!(!app.is_read(shown), "browsing the list with the wheel is not reading");
}

#[test]
fn a_note_from_the_saved_index_whose_file_changed_shows_why_never_its_old_text() {
    let notes = crate::test_fixtures::folder(&[
        ("2019-x/a.md", "# Alpha\n\nThe words first written.\n"),
        ("2019-x/b.md", "# Beta\n\nOther words.\n"),
    ]);
    let data = tempfile::tempdir().expect("temp dir");
    let index = data.path().join("notes.index");
    let (collection, stamps) = crate::notes::load_folder_stamped(notes.path()).expect("loads");
    crate::notes::cache::save(&index, notes.path(), stamps, &collection).expect("saves");
    let (cached, _) = crate::notes::cache::load_unchecked(&index, notes.path()).expect("the index");
    // Edited after the index was read, before the note was opened.
    std::fs::write(notes.path().join("2019-x/a.md"), "# Alpha\n\nThe words later written.\n").expect("edit");
    let a = cached.note_index("2019-x/a.md").expect("a");
    let b = cached.note_index("2019-x/b.md").expect("b");
    let (keymap, _) = Keymap::defaults();
    let app = App::new(cached, keymap, Settings::default(), Vec::new());
    let shown = |note| {
        let rendered = app.render_document(Document::Note(note), 80);
        rendered.lines.plain_lines().collect::<Vec<_>>().join("\n")
    };
    let text = shown(a);
    assert!(!text.contains("first written") && !text.contains("later written"), "{text}");
    let file = notes.path().join("2019-x/a.md").display().to_string();
    assert!(text.contains(&file) && text.contains("changed on disk"), "{text}");
    assert!(shown(b).contains("Other words."), "an unchanged note reads from its file");
}
