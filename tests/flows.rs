//! User stories driven by key names through the real keymap.

mod common;

use std::fs;

use common::{fixture_app, fixtures, press, sized};
use confnotes::app::{App, Document, Settings};
use confnotes::keymap::Keymap;
use confnotes::layout::Pane;
use confnotes::notes::load_folder;

fn title(app: &App) -> String {
    match app.document() {
        Some(Document::Note(n)) => app.collection.notes[n].title.clone(),
        Some(Document::Overview(e)) => format!("overview of {}", app.collection.events[e].name),
        None => "nothing".into(),
    }
}

#[test]
fn a_reader_walks_from_the_newest_event_to_a_2019_note_and_scrolls_it() {
    let mut app = fixture_app(160, 45);
    assert_eq!(title(&app), "overview of Fixture Conf Paris 2024");
    press(&mut app, "j");
    assert_eq!(title(&app), "overview of Detroit");
    press(&mut app, "j enter");
    assert_eq!(title(&app), "Watching clusters");
    press(&mut app, "j");
    assert_eq!(title(&app), "Meshes everywhere");
    press(&mut app, "k enter");
    assert_eq!(app.focus, Pane::Note);
    press(&mut app, "h h");
    assert_eq!(app.focus, Pane::Timeline);
}

#[test]
fn long_notes_scroll_with_paging_keys_and_g_g_returns_to_the_top() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "enter enter");
    assert_eq!(title(&app), "A long note");
    press(&mut app, "ctrl-d");
    let half = app.note_scroll;
    assert!(half > 0);
    press(&mut app, "space");
    assert!(app.note_scroll > half);
    press(&mut app, "G");
    assert_eq!(app.scroll_percent(), 100);
    press(&mut app, "g g");
    assert_eq!(app.note_scroll, 0);
}

#[test]
fn q_quits_but_closes_help_first() {
    let mut app = fixture_app(160, 45);
    assert!(!press(&mut app, "?"));
    assert!(app.overlay.is_some());
    assert!(!press(&mut app, "q"));
    assert!(app.overlay.is_none());
    assert!(press(&mut app, "q"));
}

#[test]
fn a_user_keymap_with_j_and_k_swapped_drives_the_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("keymap.toml");
    fs::write(&file, "[global]\nmove-down = [\"k\"]\nmove-up = [\"j\"]\n").expect("write");
    let (keymap, problems) = Keymap::with_user_file(&fs::read_to_string(&file).expect("read"), "keymap.toml");
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    let collection = load_folder(&fixtures()).expect("fixtures");
    let mut app = sized(App::new(collection, keymap, Settings::default(), problems), 160, 45);
    press(&mut app, "k");
    assert_eq!(title(&app), "overview of Detroit");
    press(&mut app, "j");
    assert_eq!(title(&app), "overview of Fixture Conf Paris 2024");
}

#[test]
fn a_bad_note_is_marked_and_its_warning_is_one_key_away() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "j enter");
    let broken = app
        .event_notes()
        .iter()
        .position(|&n| app.collection.notes[n].title == "Still readable")
        .expect("the note with broken front matter still appears");
    assert!(app.collection.notes[app.event_notes()[broken]].has_warning);
    press(&mut app, "W");
    assert!(app.overlay.is_some());
}
