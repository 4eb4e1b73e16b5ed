//! Defects found using the app as a reader would, each kept fixed by a
//! story on a small collection written here.

mod common;

use std::fs;
use std::path::Path;

use common::{draw, press, screen, sized};
use confnotes::app::{App, Settings};
use confnotes::keymap::Keymap;
use confnotes::notes::load_folder;

/// Two events of two talks each, under `dir`.
fn write_collection(dir: &Path) {
    let files = [
        ("2021-05-spring/event.md", "# Spring Meetup 2021\n\nTwo talks on databases.\n"),
        (
            "2021-05-spring/queries.md",
            "---\ntopics: [query planning]\n---\n# Faster queries\n\nIntro line.\n\n## Tuning the planner for large tables\n\nThe planner picks an index for the query.\n\nMore text here.\n",
        ),
        ("2021-05-spring/backups.md", "# Backups that work\n\nRestore drills every month.\n"),
        ("2023-09-autumn/event.md", "# Autumn Meetup 2023\n\nTalks on storage.\n"),
        ("2023-09-autumn/storage.md", "# Storage engines\n\nPages, logs and an index per table.\n"),
        ("2023-09-autumn/queries.md", "---\ntopics: [query planning]\n---\n# Query planning revisited\n\nWhy the planner ignored my index.\n"),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
}

fn app_on(dir: &Path, width: u16, height: u16) -> App {
    let collection = load_folder(dir).expect("loads");
    sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), width, height)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = if c == ' ' { "space".to_string() } else { c.to_string() };
        let _ = app.handle_key(confnotes::keymap::parse_chord(&key).expect("char"));
    }
}

#[test]
fn a_full_text_hit_of_words_in_another_order_opens_with_the_words_highlighted() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 160, 45);
    app.build_search_now();
    press(&mut app, "s");
    // The lines that hold both say "planner" first.
    type_text(&mut app, "index planner");
    assert!(!app.text_hits().is_empty(), "every word on one line, any order");
    press(&mut app, "enter");
    let search = app.note_search().cloned().expect("the note search is on");
    assert!(search.matches.len() >= 2, "both words are highlighted: {search:?}");
    let (line, _) = &search.matches[search.current];
    assert!(app.note_scroll() <= *line && *line < app.note_scroll() + app.note_viewport());
    let status = screen(&draw(&app));
    assert!(!status.contains("no match"), "{status}");
}

#[test]
fn a_message_is_shown_whole_and_the_key_hints_give_way() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 80, 24);
    // The older event's first talk, read in the note pane, bookmarked there.
    press(&mut app, "j enter j enter");
    press(&mut app, "b");
    let message = app.message().expect("bookmarking says so").to_string();
    assert!(message.ends_with("to annotate it"), "{message}");
    let buffer = draw(&app);
    let status = screen(&buffer).lines().last().expect("a status line").to_string();
    assert!(status.contains(&message), "the message is cut: {status:?}");
}

#[test]
fn comparing_on_a_small_terminal_gives_the_two_notes_the_whole_width() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 80, 24);
    press(&mut app, "j enter j enter");
    press(&mut app, "c");
    assert!(app.compare().is_some(), "a related note of another year is beside");
    let layout = app.layout();
    assert_eq!(layout.talks, None, "no list squeezes the two notes");
    assert_eq!(layout.note.map(|r| r.width), Some(80));
    let shown = screen(&draw(&app));
    assert!(!shown.contains("Backups that work"), "{shown}");
    assert!(shown.contains("Query planning revisited"), "{shown}");
    press(&mut app, "esc");
    assert!(app.layout().talks.is_some(), "the list is back once the comparison closes");
}

#[test]
fn a_pane_title_too_long_for_its_border_ends_with_an_ellipsis() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 100, 30);
    press(&mut app, "j enter j enter c");
    assert!(app.compare().is_some());
    let top = screen(&draw(&app)).lines().next().expect("a top border").to_string();
    assert!(top.contains("Autumn Meetup"), "{top}");
    assert!(top.contains('…'), "the cut title says it is cut: {top}");
}

#[test]
fn a_narrow_topics_chart_keeps_the_latest_years_whole_instead_of_cutting_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    // One tagged note a year over twelve years.
    for year in 2010..2022 {
        let path = dir.path().join(format!("{year}-06-meetup/talk.md"));
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, format!("---\ntopics: [caching]\n---\n# Caching in {year}\n\nNotes.\n")).expect("write");
    }
    let mut app = app_on(dir.path(), 50, 20);
    press(&mut app, "t");
    let shown = screen(&draw(&app));
    assert!(shown.contains("'21"), "the newest year is shown:\n{shown}");
    assert!(shown.contains("‹'10") && !shown.contains(" '11 "), "the oldest years give way to a marker:\n{shown}");
    let header = shown.lines().find(|l| l.contains("'21")).expect("a header");
    let cells = shown.lines().find(|l| l.contains('░')).expect("a row of cells");
    let column = |line: &str, at: Option<usize>| at.map(|at| line[..at].chars().count());
    assert_eq!(column(cells, cells.rfind('░')), column(header, header.find("'21")), "the cells sit under their years");
}

#[test]
fn deleting_the_last_bookmark_does_not_blame_a_filter_that_was_never_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 160, 45);
    press(&mut app, "j enter j b B d");
    if !app.state().bookmarks().is_empty() {
        press(&mut app, "y");
    }
    assert!(app.state().bookmarks().is_empty());
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("No bookmarks left")), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("filter")), "{lines:?}");
}

#[test]
fn a_list_filter_that_matches_nothing_says_so_in_the_timeline() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 80, 24);
    press(&mut app, "/");
    type_text(&mut app, "zzqx");
    press(&mut app, "enter");
    let shown = screen(&draw(&app));
    assert!(shown.contains("Nothing matches the filter"), "{shown}");
}

#[test]
fn a_finder_title_too_long_for_the_view_ends_with_an_ellipsis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("2022-03-meetup/long.md");
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let title = "Planning queries over many indexes when the tables grow past memory";
    fs::write(&path, format!("# {title}\n\nText.\n")).expect("write");
    let mut app = app_on(dir.path(), 60, 20);
    app.build_search_now();
    press(&mut app, "space");
    type_text(&mut app, "planning");
    let shown = screen(&draw(&app));
    let row = shown.lines().find(|l| l.contains("Planning queries")).expect("the hit is listed");
    assert!(row.contains("…"), "the cut title says it is cut: {row}");
}

#[test]
fn the_finder_query_stays_in_sight_while_the_selection_moves_down_a_long_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..20 {
        let path = dir.path().join(format!("2022-03-meetup/talk-{i}.md"));
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, format!("# Caching talk number {i}\n\nText.\n")).expect("write");
    }
    let mut app = app_on(dir.path(), 60, 15);
    app.build_search_now();
    press(&mut app, "space");
    type_text(&mut app, "caching");
    press(&mut app, &["down"; 12].join(" "));
    let shown = screen(&draw(&app));
    assert!(shown.contains("Find a note: caching"), "the query is in sight:\n{shown}");
    assert!(app.overlay().is_some_and(|o| o.selected() == 12));
}

#[test]
fn the_key_help_longer_than_the_screen_says_how_far_down_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_collection(dir.path());
    let mut app = app_on(dir.path(), 80, 24);
    press(&mut app, "?");
    let bottom = |app: &App| screen(&draw(app)).lines().rev().nth(2).unwrap_or_default().to_string();
    assert!(bottom(&app).contains(" 0% "), "{}", bottom(&app));
    press(&mut app, "G");
    assert!(bottom(&app).contains(" 100% "), "{}", bottom(&app));
}
