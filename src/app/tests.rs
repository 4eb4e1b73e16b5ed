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
    app.handle_event(Event::Resize { width: 160, height: 45 });
    app
}

fn event_name(app: &App) -> &str {
    &app.collection.events[app.event.expect("an event is selected")].name
}

fn note_title(app: &App) -> Option<&str> {
    app.selected_note().map(|n| app.collection.notes[n].title.as_str())
}

#[test]
fn starts_on_the_newest_event_overview_with_the_timeline_focused() {
    let app = app();
    assert_eq!(app.focus, Pane::Timeline);
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
    assert_eq!(app.document(), Some(Document::Overview(app.event.expect("selected"))));
    assert!(app.rendered.is_some());
}

#[test]
fn moving_in_the_timeline_changes_event_and_resets_the_talks_list() {
    let mut app = app();
    app.update(Action::MoveDown);
    assert_eq!(event_name(&app), "Detroit");
    assert_eq!(app.entry, 0);
    app.update(Action::GoBottom);
    assert_eq!(event_name(&app), "Fixture Conf Europe 2019");
    app.update(Action::MoveDown);
    assert_eq!(event_name(&app), "Fixture Conf Europe 2019", "stops at the end");
    app.update(Action::GoTop);
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
}

#[test]
fn open_from_the_timeline_focuses_the_first_note_and_then_the_note_pane() {
    let mut app = app();
    app.update(Action::GoBottom);
    app.update(Action::Open);
    assert_eq!(app.focus, Pane::Talks);
    assert_eq!(note_title(&app), Some("Watching clusters"), "order: 1 comes first");
    app.update(Action::Open);
    assert_eq!(app.focus, Pane::Note);
}

#[test]
fn focus_moves_left_right_and_cycles() {
    let mut app = app();
    app.update(Action::FocusRight);
    app.update(Action::FocusRight);
    assert_eq!(app.focus, Pane::Note);
    app.update(Action::FocusRight);
    assert_eq!(app.focus, Pane::Note, "no pane beyond the note");
    app.update(Action::FocusLeft);
    assert_eq!(app.focus, Pane::Talks);
    app.update(Action::FocusNextPane);
    app.update(Action::FocusNextPane);
    assert_eq!(app.focus, Pane::Timeline, "tab wraps around");
    app.update(Action::FocusPrevPane);
    assert_eq!(app.focus, Pane::Note);
}

#[test]
fn each_event_remembers_its_selected_note() {
    let mut app = app();
    app.update(Action::GoBottom);
    app.update(Action::Open);
    app.update(Action::MoveDown);
    assert_eq!(note_title(&app), Some("Meshes everywhere"));
    app.update(Action::FocusLeft);
    app.update(Action::GoTop);
    app.update(Action::GoBottom);
    assert_eq!(note_title(&app), Some("Meshes everywhere"));
}

#[test]
fn note_scrolls_by_line_page_and_half_page_within_bounds() {
    let mut app = app();
    app.update(Action::Open);
    assert_eq!(note_title(&app), Some("A long note"));
    app.update(Action::Open);
    let viewport = app.note_viewport();
    assert_eq!(viewport, 42);
    app.update(Action::MoveDown);
    assert_eq!(app.note_scroll, 1);
    app.update(Action::PageDown);
    assert_eq!(app.note_scroll, 1 + viewport - 2);
    app.update(Action::HalfPageUp);
    assert_eq!(app.note_scroll, 1 + (viewport - 2) - (viewport - 2) / 2);
    app.update(Action::GoBottom);
    assert_eq!(app.note_scroll, app.max_note_scroll());
    assert_eq!(app.scroll_percent(), 100);
    app.update(Action::MoveDown);
    assert_eq!(app.note_scroll, app.max_note_scroll(), "never scrolls past the end");
    app.update(Action::GoTop);
    assert_eq!(app.note_scroll, 0);
    assert_eq!(app.scroll_percent(), 0);
}

#[test]
fn selecting_another_note_resets_the_scroll() {
    let mut app = app();
    app.update(Action::Open);
    app.update(Action::FocusRight);
    app.update(Action::PageDown);
    assert!(app.note_scroll > 0);
    app.update(Action::FocusLeft);
    app.update(Action::MoveUp);
    assert_eq!(app.note_scroll, 0);
}

#[test]
fn resizing_rewraps_and_keeps_the_scroll_in_range() {
    let mut app = app();
    app.update(Action::Open);
    app.update(Action::FocusRight);
    app.update(Action::GoBottom);
    let wide_lines = app.note_line_count();
    app.handle_event(Event::Resize { width: 100, height: 45 });
    assert!(app.note_line_count() > wide_lines, "narrower pane, more lines");
    app.handle_event(Event::Resize { width: 200, height: 80 });
    assert!(app.note_scroll <= app.max_note_scroll());
    assert_eq!(app.rendered.as_ref().map(|r| r.width), Some(usize::from(app.layout().note.expect("note").width) - 4));
}

#[test]
fn timeline_order_toggles() {
    let mut app = app();
    app.update(Action::ToggleTimelineOrder);
    assert!(!app.settings.newest_first);
    assert_eq!(app.message.as_deref(), Some("Oldest events first"));
    app.update(Action::GoTop);
    assert_eq!(event_name(&app), "Fixture Conf Europe 2019");
}

#[test]
fn help_opens_scrolls_within_bounds_and_closes() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    assert_eq!(app.context(), Context::Popup);
    app.update(Action::GoBottom);
    let max = app.overlay_max_scroll();
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: max }));
    app.update(Action::MoveUp);
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: max.saturating_sub(1) }));
    app.update(Action::Close);
    assert_eq!(app.overlay, None);
    assert_eq!(app.focus, Pane::Timeline);
}

#[test]
fn typing_in_help_filters_the_keys_and_esc_clears_the_filter() {
    let mut app = app();
    let key = |s: &str| crate::keymap::parse_chord(s).expect("key");
    app.update(Action::ToggleHelp);
    app.handle_key(key("/"));
    assert!(app.typing_filter);
    for c in ["q", "u", "i", "t"] {
        app.handle_key(key(c));
    }
    assert_eq!(app.overlay.as_ref().map(|_| app.view_filter.as_str()), Some("quit"), "q types, it does not close");
    let text: Vec<String> = app.overlay_lines().iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|l| l.contains("Quit confnotes")), "{text:?}");
    assert!(!text.iter().any(|l| l.contains("Focus the next pane")), "{text:?}");
    assert!(app.overlay_title().contains("/quit"));
    app.handle_key(key("enter"));
    assert!(!app.typing_filter && app.view_filter == "quit", "enter keeps the filter");
    app.handle_key(key("/"));
    app.handle_key(key("esc"));
    assert!(app.view_filter.is_empty() && app.overlay.is_some(), "esc while typing clears, the view stays");
    app.handle_key(key("esc"));
    assert!(app.overlay.is_none());
}

#[test]
fn warnings_are_announced_and_listed() {
    let mut app = app();
    assert!(app.message.as_deref().is_some_and(|m| m.starts_with("1 problem found")), "{:?}", app.message);
    app.update(Action::ShowWarnings);
    let text: Vec<String> = app.overlay_lines().iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|l| l.contains("broken.md:3:")), "{text:?}");
}

#[test]
fn keys_resolve_through_sequences() {
    let mut app = app();
    app.update(Action::GoBottom);
    let g = crate::keymap::parse_chord("g").expect("key");
    assert!(app.handle_key(g).is_empty());
    assert_eq!(app.pending_keys().len(), 1);
    app.handle_key(g);
    assert!(app.pending_keys().is_empty());
    assert_eq!(event_name(&app), "Fixture Conf Paris 2024");
    let q = crate::keymap::parse_chord("q").expect("key");
    assert_eq!(app.handle_key(q), vec![Effect::Quit]);
}

#[test]
fn an_empty_collection_has_nothing_selected_and_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
    for action in Action::ALL {
        app.update(*action);
    }
    assert_eq!(app.event, None);
    assert!(app.rendered.is_none());
}
