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
        Some(Document::Note(n)) => app.collection().notes[n].title.clone(),
        Some(Document::Overview(e)) => format!("overview of {}", app.collection().events[e].name),
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
    assert_eq!(app.focus(), Pane::Note);
    press(&mut app, "h h");
    assert_eq!(app.focus(), Pane::Timeline);
}

#[test]
fn long_notes_scroll_with_paging_keys_and_g_g_returns_to_the_top() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "enter enter");
    assert_eq!(title(&app), "A long note");
    press(&mut app, "ctrl-d");
    let half = app.note_scroll();
    assert!(half > 0);
    press(&mut app, "ctrl-f");
    assert!(app.note_scroll() > half);
    press(&mut app, "G");
    assert_eq!(app.scroll_percent(), 100);
    press(&mut app, "g g");
    assert_eq!(app.note_scroll(), 0);
}

#[test]
fn space_opens_the_finder_from_every_pane_and_what_follows_is_the_query() {
    for pane in [Pane::Timeline, Pane::Talks, Pane::Note] {
        let mut app = fixture_app(160, 45);
        app.build_search_now();
        press(&mut app, "enter");
        app.set_focus(pane);
        let (scroll, bookmarks) = (app.note_scroll(), app.state().bookmarks().len());
        press(&mut app, "space b s");
        assert!(
            app.overlay().is_some_and(|o| o.title() == "Find a note"),
            "space opens the finder in {pane:?}: {:?}",
            app.overlay()
        );
        assert_eq!(app.view_query(), Some("bs"), "b and s are typed, not run, in {pane:?}");
        assert_eq!((app.note_scroll(), app.state().bookmarks().len()), (scroll, bookmarks));
    }
}

#[test]
fn q_quits_but_closes_help_first() {
    let mut app = fixture_app(160, 45);
    assert!(!press(&mut app, "?"));
    assert!(app.overlay().is_some());
    assert!(!press(&mut app, "q"));
    assert!(app.overlay().is_none());
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
        .position(|&n| app.collection().notes[n].title == "Still readable")
        .expect("the note with broken front matter still appears");
    assert!(app.collection().notes[app.event_notes()[broken]].has_warning);
    press(&mut app, "W");
    assert!(app.overlay().is_some());
}

fn bundled(width: u16, height: u16) -> App {
    common::bundled_app(width, height)
}

fn open_note(app: &mut App, id: &str) {
    let n = app.collection().note_index(id).unwrap_or_else(|| panic!("{id} exists"));
    app.select_note(n);
    app.set_focus(Pane::Talks);
}

fn current(app: &App) -> (String, Option<i32>, Vec<String>) {
    let n = match app.document() {
        Some(Document::Note(n)) => n,
        other => panic!("a note is shown, not {other:?}"),
    };
    let note = &app.collection().notes[n];
    (note.id.0.clone(), app.collection().event_of(n).year(), note.topics.clone())
}

#[test]
fn observability_can_be_followed_from_2019_forward_and_back_with_history() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "]");
    let (first, year, topics) = current(&app);
    assert!(matches!(year, Some(2022) | Some(2024)), "{first} in {year:?}");
    assert!(topics.contains(&"observability".to_string()), "{first}: {topics:?}");
    assert!(app.message().is_some_and(|m| m.starts_with("topic: Observability · 2019 → ")), "{:?}", app.message());
    press(&mut app, "]");
    let (second, later, topics) = current(&app);
    assert!(later > year, "{second} is later than {first}");
    assert!(topics.contains(&"observability".to_string()), "still following observability: {second}");
    press(&mut app, "[");
    assert_eq!(current(&app).0, first, "[ returns to the previous year's note on the topic");
    press(&mut app, "[");
    assert_eq!(current(&app).0, "2019-barcelona/observability.md");
    press(&mut app, "ctrl-o");
    assert_eq!(current(&app).0, first, "history goes back through the jumps");
    press(&mut app, "ctrl-o ctrl-o");
    assert_eq!(current(&app).0, first);
    press(&mut app, "alt-right");
    assert_eq!(current(&app).0, second, "and forward again");
}

#[test]
fn every_topic_can_be_followed_across_all_its_years_with_the_jump_keys() {
    let app0 = bundled(160, 45);
    for summary in app0.related().topics(app0.collection()) {
        let timeline = app0.related().topic_timeline(app0.collection(), &summary.topic);
        let first = *timeline.first().expect("a topic has notes");
        let mut app = bundled(160, 45);
        app.select_note(first);
        app.set_focus(Pane::Talks);
        // Start following this topic, as a jump along it would.
        app.follow_topic(first, Some(summary.topic.clone()));
        let mut years = vec![app.collection().event_of(first).year().expect("dated")];
        for _ in 0..summary.years.len() {
            press(&mut app, "]");
            let (_, year, topics) = current(&app);
            // Past the topic's last year, ] moves on by another topic; the status says which.
            if !topics.contains(&summary.topic) {
                break;
            }
            if year.is_some_and(|y| !years.contains(&y)) {
                years.push(year.expect("dated"));
            }
        }
        assert_eq!(years, summary.years, "following {} with ]", summary.topic);
    }
}

#[test]
fn the_topic_view_opens_a_timeline_and_a_note_from_it() {
    let mut app = bundled(160, 45);
    press(&mut app, "t");
    let titles: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(titles.iter().any(|l| l.contains("Observability")), "{titles:?}");
    assert!(titles.iter().any(|l| l.contains("2019 → 2022 → 2024")), "years per topic: {titles:?}");
    // Filter to observability and open its timeline.
    press(&mut app, "/ o b s e r v enter enter");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines[0].contains("Observability across the years"), "{lines:?}");
    let pos = |y: &str| lines.iter().position(|l| l.trim() == y).unwrap_or_else(|| panic!("{y} in {lines:?}"));
    assert!(pos("2019") < pos("2022") && pos("2022") < pos("2024"));
    press(&mut app, "esc");
    assert_eq!(app.overlay_title(), " Topics · /observ ", "esc returns to the topics, still filtered");
    press(&mut app, "enter");
    press(&mut app, "enter");
    assert_eq!(app.overlay(), None);
    assert_eq!(app.focus(), Pane::Note);
    assert_eq!(current(&app).0, "2019-barcelona/observability.md");
}

#[test]
fn compare_shows_a_related_note_from_another_year_and_moves_it_through_the_years() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "c");
    let other = app.compare().map(|c| c.other()).expect("comparing");
    let collection = app.shared_collection();
    let year = |n: usize| collection.event_of(n).year();
    let note = collection.note_index("2019-barcelona/observability.md").expect("bundled note");
    let offered = app.related().other_years(&collection, note);
    assert_eq!(offered.first().map(|r| r.note), Some(other), "the best related note of another year");
    assert!(year(other) != Some(2019));
    assert_eq!(app.focus(), Pane::Note);
    let (key, later) = if offered.iter().any(|r| year(r.note) > year(other)) { ("]", true) } else { ("[", false) };
    press(&mut app, key);
    let moved = app.compare().map(|c| c.other()).expect("still comparing");
    assert_eq!(year(moved) > year(other), later, "{key} moves the right-hand note through the years");
    assert_ne!(year(moved), year(other));
    assert_eq!(current(&app).0, "2019-barcelona/observability.md", "the left note stays");
    press(&mut app, "l j j");
    assert_eq!(app.compare().map(|c| (c.focus_right(), c.scroll())), Some((true, 2)), "the right half scrolls");
    assert_eq!(app.note_scroll(), 0);
    press(&mut app, "esc");
    assert!(app.compare().is_none());
}

#[test]
fn compare_offers_every_related_note_of_another_year_best_first_then_closes() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    let collection = app.shared_collection();
    let note = collection.note_index("2019-barcelona/observability.md").expect("bundled note");
    let offered: Vec<usize> = app.related().other_years(&collection, note).iter().map(|r| r.note).collect();
    assert!(offered.len() >= 2, "the bundled note has several related notes in other years: {offered:?}");
    let mut shown = Vec::new();
    for at in 1..=offered.len() {
        press(&mut app, "c");
        shown.push(app.compare().map(|c| c.other()).expect("comparing"));
        // The hint says what the next `c` does: the last one closes.
        let then = if at < offered.len() { "c: next)" } else { "c: close)" };
        let place = format!("({at} of {}; {then}", offered.len());
        assert!(app.message().is_some_and(|m| m.ends_with(&place)), "{:?} should end {place:?}", app.message());
    }
    assert_eq!(shown, offered, "each in turn, best first, more than one per year if the years repeat");
    press(&mut app, "c");
    assert!(app.compare().is_none(), "after the last, c closes");
}

/// Types `text` into whatever has the keys (finder, prompt), spaces included.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = if c == ' ' { "space".to_string() } else { c.to_string() };
        let _ = app.handle_key(confnotes::keymap::parse_chord(&key).expect("char"));
    }
}

#[test]
fn compare_follows_the_note_shown_however_it_was_reached() {
    let mut app = bundled(160, 45);
    app.build_search_now();
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "c");
    let partner = app.compare().map(|c| c.other()).expect("comparing");
    // The partner opened from the finder: never shown beside itself.
    let title = app.collection().notes[partner].title.clone();
    press(&mut app, "ctrl-p");
    type_text(&mut app, &title);
    press(&mut app, "enter");
    assert_eq!(app.selected_note(), Some(partner), "the finder opened the partner");
    let best = |app: &App, n: usize| app.related().other_years(app.collection(), n).first().map(|r| r.note);
    match app.compare() {
        Some(compare) => {
            assert_eq!(compare.left(), partner);
            assert_ne!(compare.other(), partner, "not beside itself");
            assert_eq!(Some(compare.other()), best(&app, partner));
        }
        None => assert!(best(&app, partner).is_none(), "closed only when nothing else is offered"),
    }
    // Moving with j in the talks list: the partner is chosen for each note in turn.
    press(&mut app, "h");
    assert_eq!(app.focus(), Pane::Talks);
    for _ in 0..3 {
        press(&mut app, "j");
        let shown = app.selected_note().expect("a note");
        match app.compare() {
            Some(compare) => {
                assert_eq!(compare.left(), shown);
                assert_eq!(Some(compare.other()), best(&app, shown), "partner of the note now shown");
            }
            None => break,
        }
    }
}

#[test]
fn searching_the_note_highlights_matches_and_n_steps_through_them() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "enter / j a e g e r");
    let search = app.note_search().cloned().expect("searching");
    assert!(search.matches.len() >= 2, "{search:?}");
    assert_eq!(app.message().map(|m| m.starts_with("“jaeger” match 1/")), Some(true), "{:?}", app.message());
    press(&mut app, "enter");
    assert!(app.prompt().is_none() && app.note_search().is_some(), "enter keeps the highlights");
    press(&mut app, "n");
    assert_eq!(app.note_search().map(|s| s.current), Some(1));
    let line = search.matches[1].0;
    assert!(app.note_scroll() <= line && line < app.note_scroll() + app.note_viewport(), "the match is in view");
    press(&mut app, "N N");
    assert_eq!(app.note_search().map(|s| s.current), Some(search.matches.len() - 1), "N wraps to the end");
    press(&mut app, "esc");
    assert!(app.note_search().is_none());
    press(&mut app, "/ b o n e r esc");
    assert!(app.note_search().is_none(), "esc while typing cancels");
}

#[test]
fn n_after_a_search_that_matched_nothing_says_so_and_stays_until_esc() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "enter / z q x w q enter");
    let here = (app.selected_note(), app.note_scroll());
    let unread = app.unread_total();
    for key in ["n", "N"] {
        press(&mut app, key);
        assert_eq!((app.selected_note(), app.note_scroll()), here, "{key} stays in the note");
        assert!(app.message().is_some_and(|m| m.contains("no match")), "{key}: {:?}", app.message());
    }
    assert_eq!(app.unread_total(), unread, "no other note was opened and marked read");
    press(&mut app, "esc");
    assert!(app.note_search().is_none(), "esc clears the search");
    press(&mut app, "n");
    assert_ne!(app.selected_note(), here.0, "without a search, n is the next unread note");
}

#[test]
fn search_and_unread_jumps_are_recorded_for_ctrl_o() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "enter / j a e g e r enter");
    let first = app.note_scroll();
    press(&mut app, "n");
    let second = app.note_scroll();
    let matches = app.note_search().map(|s| s.matches.clone()).expect("searching");
    assert_eq!(app.note_search().map(|s| s.current), Some(1));
    press(&mut app, "ctrl-o");
    assert_eq!(app.note_scroll(), first, "ctrl-o returns to the previous match ({matches:?}, {second})");
    press(&mut app, "ctrl-o");
    assert_eq!(app.note_scroll(), 0, "and to where the search began");
    press(&mut app, "esc n");
    let other = app.selected_note();
    assert_ne!(other, app.collection().note_index("2019-barcelona/observability.md"));
    press(&mut app, "ctrl-o");
    assert_eq!(current(&app).0, "2019-barcelona/observability.md", "an unread jump is undone by ctrl-o");
}

#[test]
fn the_outline_jumps_to_a_section() {
    let mut app = bundled(160, 45);
    // A note longer than the pane, so that reaching its last section has to scroll.
    open_note(&mut app, "2024-03-paris/observability.md");
    press(&mut app, "enter o");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.trim() == "Across the years"), "{lines:?}");
    press(&mut app, "G enter");
    assert_eq!(app.overlay(), None);
    let rendered = app.rendered().expect("rendered");
    let line = rendered.headings.iter().find(|h| h.text == "Across the years").map(|h| h.line).expect("heading");
    assert!(app.note_scroll() <= line && line < app.note_scroll() + app.note_viewport(), "the section is in view");
    assert!(app.note_scroll() > 0);
}

#[test]
fn links_to_notes_open_in_the_app_with_history_and_web_links_go_to_the_opener() {
    let mut app = bundled(160, 45);
    open_note(&mut app, "2019-barcelona/observability.md");
    press(&mut app, "enter");
    let links = app.rendered().map(|r| r.links.clone()).expect("rendered");
    let web = links.iter().position(|l| l.url == "https://opentelemetry.io").expect("web link") + 1;
    let paris = links.iter().position(|l| l.url.contains("2024-03-paris")).expect("note link") + 1;
    press(&mut app, "f");
    let mut effects = Vec::new();
    for digit in web.to_string().chars() {
        effects = app.handle_key(confnotes::keymap::parse_chord(&digit.to_string()).expect("digit"));
    }
    if app.prompt().is_some() {
        effects = app.handle_key(confnotes::keymap::parse_chord("enter").expect("enter"));
    }
    assert!(effects.contains(&confnotes::app::Effect::OpenUrl("https://opentelemetry.io".into())), "{effects:?}");
    press(&mut app, &format!("f {} enter", paris.to_string().chars().map(String::from).collect::<Vec<_>>().join(" ")));
    assert_eq!(current(&app).0, "2024-03-paris/observability.md");
    assert_eq!(app.focus(), Pane::Note);
    press(&mut app, "ctrl-o");
    assert_eq!(current(&app).0, "2019-barcelona/observability.md", "back from the followed link");
    press(&mut app, "f 9");
    assert!(app.message().is_some_and(|m| m.contains("No link [9]")), "{:?}", app.message());
    assert!(app.prompt().is_none(), "a number no link can start ends the prompt at once");
}

fn copy_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in ["2019-05-barcelona", "2022-10-detroit", "2024-paris"] {
        let from = fixtures().join(entry);
        let to = dir.path().join(entry);
        fs::create_dir_all(&to).expect("mkdir");
        for file in fs::read_dir(&from).expect("list") {
            let file = file.expect("entry");
            fs::copy(file.path(), to.join(file.file_name())).expect("copy");
        }
    }
    fs::copy(fixtures().join("topics.toml"), dir.path().join("topics.toml")).expect("copy");
    dir
}

#[test]
fn a_reload_after_an_edit_on_disk_keeps_selection_scroll_and_state() {
    let dir = copy_fixtures();
    let mut app = sized(
        App::new(load_folder(dir.path()).expect("loads"), Keymap::defaults().0, Settings::default(), Vec::new()),
        160,
        45,
    );
    press(&mut app, "enter enter ctrl-d");
    let (title_before, scroll) = (title(&app), app.note_scroll());
    assert_eq!(title_before, "A long note");
    let note = app.selected_note().expect("note");
    assert!(app.is_read(note));
    let path = dir.path().join("2024-paris/long.md");
    let text = fs::read_to_string(&path).expect("read").replace("## Section 1\n", "## Section one, renamed\n");
    fs::write(&path, text).expect("write");
    app.replace_collection(load_folder(dir.path()).expect("reloads"));
    assert_eq!(title(&app), "A long note", "the same note stays selected");
    assert_eq!(app.note_scroll(), scroll, "and scrolled where it was");
    let note = app.selected_note().expect("note");
    assert!(app.is_read(note), "read state survives");
    let text: Vec<String> = app.rendered().expect("rendered").lines.iter().map(|l| l.to_string()).collect();
    assert!(text.iter().any(|l| l.contains("Section one, renamed")), "the new text shows");
}

#[test]
fn a_note_deleted_under_the_cursor_hands_the_selection_to_its_neighbour() {
    let dir = copy_fixtures();
    let mut app = sized(
        App::new(load_folder(dir.path()).expect("loads"), Keymap::defaults().0, Settings::default(), Vec::new()),
        160,
        45,
    );
    press(&mut app, "G enter j");
    assert_eq!(title(&app), "Meshes everywhere");
    fs::remove_file(dir.path().join("2019-05-barcelona/service-mesh.md")).expect("remove");
    app.replace_collection(load_folder(dir.path()).expect("reloads"));
    assert_eq!(title(&app), "Watching clusters");
    assert_eq!(app.message(), Some("Notes reloaded: 1 fewer"));
}

#[test]
fn e_asks_to_edit_the_note_file_at_the_section_being_read() {
    use confnotes::app::{EditRequest, Effect};
    let mut app = fixture_app(160, 45);
    press(&mut app, "enter enter");
    let heading_line = app.rendered().and_then(|r| r.headings.iter().find(|h| h.text == "Section 20")).map(|h| h.line);
    app.scroll_note_to(heading_line.expect("heading"));
    let effects = app.handle_key(confnotes::keymap::parse_chord("e").expect("key"));
    let Some(Effect::Edit(EditRequest::File { path, line })) =
        effects.into_iter().find(|e| matches!(e, Effect::Edit(_)))
    else {
        panic!("an edit was asked for")
    };
    assert!(path.ends_with("2024-paris/long.md"), "{path:?}");
    let source = fs::read_to_string(&path).expect("read");
    assert_eq!(source.lines().nth(line - 1), Some("## Section 20"), "line {line} is the section's heading");
}

#[test]
fn bundled_notes_are_edited_as_read_only_copies() {
    use confnotes::app::{EditRequest, Effect};
    let mut app = common::bundled_app(160, 45);
    press(&mut app, "enter enter");
    let effects = app.handle_key(confnotes::keymap::parse_chord("e").expect("key"));
    let Some(Effect::Edit(EditRequest::BundledCopy { text, .. })) =
        effects.into_iter().find(|e| matches!(e, Effect::Edit(_)))
    else {
        panic!("a copy was asked for")
    };
    assert!(text.starts_with("---\n"), "the whole file, front matter included");
}

#[test]
fn mouse_clicks_select_wheel_scrolls_and_borders_drag() {
    use confnotes::app::{MouseInput, MouseKind, Notice};
    let mut app = fixture_app(160, 45);
    let layout = app.layout();
    let (timeline, talks, note) = (layout.timeline.expect("t"), layout.talks.expect("k"), layout.note.expect("n"));
    let click = |app: &mut App, kind, x, y| app.notice(Notice::Mouse(MouseInput { kind, x, y }));
    // The timeline's rows: 2024, Paris, 2022, Detroit, ...; Detroit is the fourth row inside the border.
    click(&mut app, MouseKind::Down, timeline.x + 3, timeline.y + 4);
    assert_eq!(title(&app), "overview of Detroit");
    // The second entry of the talks list (two lines per entry).
    click(&mut app, MouseKind::Down, talks.x + 3, talks.y + 3);
    assert_eq!(app.focus(), Pane::Talks);
    assert_eq!(app.entry(), 1);
    click(&mut app, MouseKind::Down, timeline.x + 3, timeline.y + 2);
    press(&mut app, "enter");
    click(&mut app, MouseKind::ScrollDown, note.x + 5, note.y + 5);
    assert_eq!(app.note_scroll(), 3, "the wheel scrolls the note under the pointer");
    assert_eq!(app.focus(), Pane::Talks, "without taking the keys there");
    let before = app.settings().timeline_width;
    click(&mut app, MouseKind::Down, timeline.x + timeline.width - 1, 10);
    click(&mut app, MouseKind::Drag, timeline.x + timeline.width + 15, 10);
    click(&mut app, MouseKind::Up, timeline.x + timeline.width + 15, 10);
    assert!(app.settings().timeline_width > before, "dragging the border widens the timeline");
    assert!(app.layout().timeline.expect("t").width > timeline.width);
}

/// What the status line said about the last key (a search's match, a
/// bookmark made) goes once the mouse does something else, as after a key.
#[test]
fn a_click_or_the_wheel_clears_the_last_message() {
    use confnotes::app::{MouseInput, MouseKind, Notice};
    let mut app = fixture_app(160, 45);
    let layout = app.layout();
    let (talks, note) = (layout.talks.expect("k"), layout.note.expect("n"));
    press(&mut app, "enter enter b");
    assert!(app.message().is_some_and(|m| m.starts_with("Bookmarked")), "{:?}", app.message());
    let _ = app.notice(Notice::Mouse(MouseInput { kind: MouseKind::Down, x: talks.x + 3, y: talks.y + 3 }));
    assert_eq!(app.message(), None, "a click on another talk");
    press(&mut app, "b");
    assert!(app.message().is_some());
    let _ = app.notice(Notice::Mouse(MouseInput { kind: MouseKind::ScrollDown, x: note.x + 5, y: note.y + 5 }));
    assert_eq!(app.message(), None, "the wheel over the note");
}

#[test]
fn the_finder_reaches_notes_by_title_speaker_and_topic_and_esc_returns() {
    let mut app = bundled(160, 45);
    app.build_search_now();
    let before = title(&app);
    press(&mut app, "space");
    for c in "bonér".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    let first = app.finder_hits().first().map(|h| app.collection().notes[h.note].id.0.clone());
    assert_eq!(first.as_deref(), Some("2019-barcelona/towards-stateful-serverless.md"));
    press(&mut app, "esc");
    assert_eq!(app.overlay(), None);
    assert_eq!(title(&app), before, "Esc returns where you were");
    press(&mut app, "ctrl-p h i g g s enter");
    assert_eq!(current(&app).0, "2019-barcelona/keynote-cern-higgs.md");
    assert_eq!(app.focus(), Pane::Note);
    // A topic fragment: the sustainability (efficiency) notes, typed with j and k which are text here.
    press(&mut app, "space");
    for c in "kubernetes itself".chars() {
        let key = if c == ' ' { "space".to_string() } else { c.to_string() };
        let _ = app.handle_key(confnotes::keymap::parse_chord(&key).expect("char"));
    }
    assert!(!app.finder_hits().is_empty(), "topics are searchable");
    press(&mut app, "down enter");
    assert!(app.overlay().is_none());
}

#[test]
fn full_text_search_opens_the_note_at_the_matching_line() {
    let mut app = bundled(160, 45);
    app.build_search_now();
    press(&mut app, "s");
    for c in "25,000".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    let hits = app.text_hits();
    assert!(!hits.is_empty(), "the CERN core count is found");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("Barcelona 2019 · CERN")), "{lines:#?}");
    let years: Vec<Option<i32>> =
        hits.iter().map(|h| h.doc.event(app.collection()).and_then(|e| app.collection().events[e].year())).collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "newest event first: {years:?}");
    let cern = hits
        .iter()
        .position(|h| {
            h.doc.note().is_some_and(|n| app.collection().notes[n].id.0 == "2019-barcelona/keynote-cern-higgs.md")
        })
        .expect("the CERN keynote is among the hits");
    for _ in 0..cern {
        press(&mut app, "down");
    }
    press(&mut app, "enter");
    assert_eq!(current(&app).0, "2019-barcelona/keynote-cern-higgs.md");
    let search = app.note_search().cloned().expect("the words are highlighted in the note");
    let (line, _) = &search.matches[search.current];
    assert!(app.note_scroll() <= *line && *line < app.note_scroll() + app.note_viewport(), "the match is in view");
}

#[test]
fn full_text_search_of_no_word_says_there_is_nothing_to_search_for() {
    let mut app = bundled(160, 45);
    app.build_search_now();
    press(&mut app, "s");
    for c in "*(".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("No word to search for")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("Not found in any note")), "{lines:#?}");
    // A word that is in no note is still not found.
    for c in "zzqx".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("Not found in any note")), "{lines:#?}");
}

#[test]
fn full_text_search_finds_an_event_overview_and_opens_it_at_the_line() {
    let mut app = bundled(160, 45);
    app.build_search_now();
    open_note(&mut app, "2024-11-salt-lake-city/observability.md");
    let before = app.document();
    press(&mut app, "s");
    for c in "escalators".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("Barcelona 2019 · About this event")), "{lines:#?}");
    press(&mut app, "enter");
    let barcelona = app.collection().events.iter().position(|e| e.folder == "2019-barcelona").expect("bundled");
    assert_eq!(app.document(), Some(Document::Overview(barcelona)));
    assert_eq!(app.focus(), Pane::Note);
    let search = app.note_search().cloned().expect("the word is highlighted in the overview");
    let (line, _) = &search.matches[search.current];
    assert!(app.note_scroll() <= *line && *line < app.note_scroll() + app.note_viewport(), "the match is in view");
    assert_ne!(before, app.document());
    press(&mut app, "ctrl-o");
    assert_eq!(app.document(), before, "the jump is in the history");
}

#[test]
fn slash_in_the_lists_filters_events_and_notes_as_you_type() {
    let mut app = bundled(160, 45);
    press(&mut app, "/");
    for c in "topic:o11y".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    let events: Vec<String> = app.event_order().iter().map(|&e| app.collection().events[e].folder.clone()).collect();
    assert_eq!(events.len(), 4, "observability spans all four events: {events:?}");
    press(&mut app, "space y e a r : 2 0 2 4 enter");
    assert_eq!(app.event_order().len(), 2, "only 2024's two events");
    assert!(app.message().is_some_and(|m| m.contains("2 notes in 2 events")), "{:?}", app.message());
    press(&mut app, "enter");
    for &n in app.event_notes() {
        assert!(app.collection().notes[n].topics.contains(&"observability".to_string()));
        assert_eq!(app.collection().event_of(n).year(), Some(2024));
    }
    // is:unread follows the read state as it changes: an event read in full leaves the list.
    press(&mut app, "/ ctrl-u i s : u n r e a d enter h");
    assert_eq!(app.event_order().len(), 4);
    let marked = app.event().expect("an event is selected");
    press(&mut app, "M");
    assert_eq!(app.event_order().len(), 3);
    assert!(!app.event_order().contains(&marked), "the event read in full is no longer listed");
    assert!(app.event().is_some_and(|e| app.event_order().contains(&e)), "the selection moved to a listed event");
    press(&mut app, "/ esc");
    assert!(app.list_filter().is_none(), "esc clears the filter");
    assert_eq!(app.event_order().len(), 4);
}

#[test]
fn esc_clears_an_active_list_filter_in_any_pane() {
    for pane in ["", "l", "l l"] {
        let mut app = fixture_app(160, 45);
        let all = app.event_order().len();
        press(&mut app, "/ m e s h enter");
        assert!(app.list_filter().is_some());
        assert!(app.event_order().len() < all, "the filter narrows the timeline");
        press(&mut app, pane);
        press(&mut app, "esc");
        assert!(app.list_filter().is_none(), "esc clears the filter (after {pane:?})");
        assert_eq!(app.event_order().len(), all);
        assert_eq!(app.message(), Some("Filter cleared"));
    }
}

#[test]
fn esc_in_a_view_clears_a_kept_filter_first_then_closes() {
    // Every view, from a note so that the note's views (related, outline) open too.
    for opener in ["P", "t", "R", "B", "r", "o", "?"] {
        let mut app = bundled(160, 45);
        open_note(&mut app, "2019-barcelona/observability.md");
        // Read and bookmarked, so that the recent and bookmarks views list it.
        press(&mut app, "enter b");
        press(&mut app, opener);
        assert!(app.overlay().is_some(), "{opener} opens a view: {:?}", app.message());
        press(&mut app, "/ k u b e enter");
        assert_eq!(app.view_filter(), "kube", "enter keeps the filter ({opener})");
        press(&mut app, "esc");
        assert!(app.overlay().is_some(), "the first esc leaves the view open ({opener})");
        assert_eq!(app.view_filter(), "", "the first esc clears the filter ({opener})");
        press(&mut app, "esc");
        assert!(app.overlay().is_none(), "the second esc closes ({opener})");
    }
}

/// Presses keys and carries out the saved-search writes they ask for, as
/// the runtime does. Returns how many writes there were.
fn press_writing_searches(app: &mut App, keys: &str) -> usize {
    let mut writes = 0;
    for key in keys.split_whitespace() {
        let effects = app.handle_key(confnotes::keymap::parse_chord(key).expect("key"));
        for effect in effects {
            if let confnotes::app::Effect::WriteSearches(write) = effect {
                writes += 1;
                let result = confnotes::config::write_searches(&write);
                let _ = app.notice(confnotes::app::Notice::SearchesWritten { change: write.change, result });
            }
        }
    }
    writes
}

/// Reads the saved searches of `config_dir`, as start-up does.
fn with_searches(mut app: App, config_dir: &std::path::Path) -> App {
    let paths = confnotes::config::Paths { data_dir: None, config_dir: Some(config_dir.to_path_buf()) };
    app.set_saved_searches(confnotes::config::load_searches(&paths, None));
    app
}

fn saved_names(app: &App) -> Vec<String> {
    app.saved().views().iter().map(|v| v.search.name.clone()).collect()
}

#[test]
fn a_filter_saved_under_a_name_goes_to_the_config_dir_and_the_top_of_the_timeline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("searches.toml");
    fs::write(&file, "# Mine\n[[search]]\nname = \"Keynotes\"\nquery = \"kind:keynote\"\n").expect("write");
    let mut app = with_searches(bundled(160, 45), dir.path());
    assert_eq!(saved_names(&app), ["Keynotes"]);

    press(&mut app, "/ t o p i c : o 1 1 y space y e a r : 2 0 2 2 . . enter S");
    let prompt = app.prompt().expect("a name is asked for");
    assert_eq!(prompt.field.text, "Observability, 2022 and later", "the filter's description is offered");
    press_writing_searches(&mut app, "enter");
    assert_eq!(saved_names(&app), ["Keynotes", "Observability, 2022 and later"]);
    assert!(app.message().is_some_and(|m| m.starts_with("Saved “Observability, 2022 and later” in")));
    let text = fs::read_to_string(&file).expect("written");
    assert!(text.starts_with("# Mine\n[[search]]\nname = \"Keynotes\""), "kept as written:\n{text}");
    assert!(text.ends_with("name = \"Observability, 2022 and later\"\nquery = \"topic:o11y year:2022..\"\n"), "{text}");

    // It is there on the next start, listing 2022 and 2024's observability notes.
    let mut again = with_searches(bundled(160, 45), dir.path());
    assert_eq!(saved_names(&again), saved_names(&app));
    press(&mut again, "g g j");
    assert_eq!(again.saved().selected(), Some(1));
    let years: Vec<Option<i32>> = again.event_notes().iter().map(|&n| again.collection().event_of(n).year()).collect();
    assert_eq!(years, [Some(2024), Some(2024), Some(2022)], "newest first");

    // Deleting asks first, then takes it out of the file and the timeline.
    assert_eq!(press_writing_searches(&mut again, "d n"), 0);
    press_writing_searches(&mut again, "d y");
    assert_eq!(saved_names(&again), ["Keynotes"]);
    assert_eq!(again.saved().selected(), None);
    let text = fs::read_to_string(&file).expect("written");
    assert_eq!(text, "# Mine\n[[search]]\nname = \"Keynotes\"\nquery = \"kind:keynote\"\n");
}

#[test]
fn a_saved_search_lists_notes_from_every_event_and_opens_them_as_usual() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("searches.toml"), "[[search]]\nname = \"o11y\"\nquery = \"topic:o11y\"\n")
        .expect("write");
    let mut app = with_searches(bundled(160, 45), dir.path());
    press(&mut app, "g g");
    assert_eq!(title(&app), "nothing", "the search itself is selected, shown as an overview");
    let events: std::collections::BTreeSet<usize> =
        app.event_notes().iter().map(|&n| app.collection().notes[n].event).collect();
    assert_eq!(events.len(), 4, "one observability note from each event");
    press(&mut app, "enter enter");
    assert_eq!(app.focus(), Pane::Note);
    let first = app.selected_note().expect("a note is open");
    assert_eq!(app.collection().event_of(first).year(), Some(2024));
    assert!(app.is_read(first), "read marks work as usual");
    press(&mut app, "b");
    assert!(app.is_bookmarked(first), "bookmarks too");
    // The next match is from another event; the search stays selected.
    press(&mut app, "h j");
    assert_eq!(app.saved().selected(), Some(0));
    assert_eq!(app.entry(), 2);
    let second = app.selected_note().expect("a note");
    assert_ne!(app.collection().notes[second].event, app.collection().notes[first].event);
    // `]` to a note the search lists keeps the reader in the search.
    press(&mut app, "[");
    assert_eq!(app.saved().selected(), Some(0), "{:?}", app.message());
    // The timeline below the search still holds the events.
    press(&mut app, "h j");
    assert_eq!(app.saved().selected(), None);
    assert!(app.event().is_some());
}

#[test]
fn reordering_the_timeline_keeps_the_selected_note_in_a_saved_search_and_in_an_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("searches.toml"), "[[search]]\nname = \"o11y\"\nquery = \"topic:o11y\"\n")
        .expect("write");
    let mut app = with_searches(bundled(160, 45), dir.path());
    press(&mut app, "g g enter j");
    let note = app.selected_note().expect("a note of the search");
    let before = app.event_notes().to_vec();
    press(&mut app, "O");
    assert_ne!(app.event_notes(), before.as_slice(), "the search's list is reordered");
    assert_eq!(app.selected_note(), Some(note), "the selection follows the note");
    assert_eq!(app.event_notes().get(app.entry() - 1), Some(&note));
    press(&mut app, "O");
    assert_eq!(app.event_notes(), before.as_slice());
    assert_eq!(app.selected_note(), Some(note));

    // In an event, the talks keep their order and the note stays selected.
    let mut app = bundled(160, 45);
    press(&mut app, "j enter j");
    let note = app.selected_note().expect("a note of the event");
    press(&mut app, "O");
    assert_eq!(app.selected_note(), Some(note));
}

#[test]
fn the_edition_keys_move_between_the_editions_of_a_series() {
    let mut app = bundled(160, 45);
    let folder = |app: &App| app.collection().events[app.event().expect("an event")].folder.clone();
    press(&mut app, "{");
    assert_eq!(folder(&app), "2022-10-detroit");
    press(&mut app, "}");
    assert_eq!(folder(&app), "2024-11-salt-lake-city");
    press(&mut app, "j");
    assert_eq!(folder(&app), "2024-03-paris");
    press(&mut app, "{");
    assert_eq!(folder(&app), "2019-barcelona");
    press(&mut app, "{");
    assert_eq!(folder(&app), "2019-barcelona");
    assert_eq!(app.message(), Some("No earlier edition of KubeCon + CloudNativeCon Europe than 2019"));
}

#[test]
fn a_first_look_becomes_the_whole_collection_with_the_reader_where_they_were() {
    use common::{draw, screen};
    let dir = copy_fixtures();
    let listing = confnotes::notes::list_folder(dir.path()).expect("lists");
    let start = |listing: &confnotes::notes::Listing| {
        let look = listing.first_look(true);
        let app = App::without_indexes(look, Keymap::defaults().0, Settings::default(), Vec::new());
        sized(app.with_state(confnotes::state::State::new("fixtures")), 160, 45)
    };
    let event = |app: &App| app.collection().events[app.event().expect("an event")].clone();

    let mut app = start(&listing);
    assert_eq!(event(&app).name, "Fixture Conf Paris 2024", "the event shown first is read first");
    assert!(!app.event_notes().is_empty());
    press(&mut app, "j");
    assert!(event(&app).pending && app.event_notes().is_empty(), "the next one is still being read");
    app.set_loading(Some((3, 9)));
    let shown = screen(&draw(&app));
    assert!(shown.contains("reading notes…"), "the talks pane says so:\n{shown}");
    assert!(shown.contains("Reading notes: 3 of 9 files…"), "and the status line counts:\n{shown}");
    assert!(shown.contains("(…)"), "unread counts of unread events are not guessed:\n{shown}");

    let list = || confnotes::notes::list_folder(dir.path()).expect("lists");
    let (full, _) = list().load(&std::sync::atomic::AtomicUsize::new(0));
    let effects = app.finish_loading(full);
    assert_eq!(event(&app).name, "Detroit", "the reader stays on the event they moved to");
    assert!(!event(&app).pending && !app.event_notes().is_empty(), "now with its notes");
    assert!(app.collection().is_complete() && app.loading().is_none());
    assert!(effects.contains(&confnotes::app::Effect::SaveState), "notes first seen now are saved");
    let shown = screen(&draw(&app));
    assert!(!shown.contains("Reading notes") && !shown.contains("(…)"), "{shown}");

    // A reader who has not moved stays at the top of the timeline.
    let mut app = start(&listing);
    let (full, _) = list().load(&std::sync::atomic::AtomicUsize::new(0));
    app.finish_loading(full);
    assert_eq!(app.event(), app.event_order().first().copied());
}

/// A clock that moves on a millisecond each time it is read, as time does
/// while a large folder is read in the background.
fn ticking_clock() -> u64 {
    static NOW: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1_000_000);
    NOW.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[test]
fn notes_there_when_a_session_began_are_not_new_in_the_next() {
    let dir = copy_fixtures();
    let session = |state: confnotes::state::State| {
        let listing = confnotes::notes::list_folder(dir.path()).expect("lists");
        let look = listing.first_look(true);
        let mut app = App::without_indexes(look, Keymap::defaults().0, Settings::default(), Vec::new());
        app.set_clock(ticking_clock);
        let mut app = app.with_state(state);
        let (full, _) = listing.load(&std::sync::atomic::AtomicUsize::new(0));
        app.finish_loading(full);
        app
    };
    let new_notes = |app: &App| -> Vec<String> {
        (0..app.collection().notes.len())
            .filter(|&n| app.is_new(n))
            .map(|n| app.collection().notes[n].id.0.clone())
            .collect()
    };
    let first = session(confnotes::state::State::new("fixtures"));
    assert!(new_notes(&first).is_empty(), "nothing is new the first time");
    let second = session(first.state().clone());
    assert!(second.collection().notes.len() > 3);
    assert_eq!(new_notes(&second), Vec::<String>::new(), "all of them were there when the first session began");

    // A note added while confnotes was closed is new the next time, and only then.
    let event = dir.path().join(&second.collection().events[0].folder);
    fs::write(event.join("added-later.md"), "---\ntitle: Added later\n---\nBody.\n").expect("write");
    let third = session(second.state().clone());
    let added = new_notes(&third);
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].ends_with("added-later.md"));
    let fourth = session(third.state().clone());
    assert!(new_notes(&fourth).is_empty(), "seen in the session before");
}

#[test]
fn saved_searches_edited_elsewhere_are_taken_in_and_the_apps_own_saves_are_not_news() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("searches.toml");
    fs::write(&file, "[[search]]\nname = \"Keynotes\"\nquery = \"kind:keynote\"\n").expect("write");
    let paths = confnotes::config::Paths { data_dir: None, config_dir: Some(dir.path().to_path_buf()) };
    let mut app = with_searches(bundled(160, 45), dir.path());
    press_writing_searches(&mut app, "/ t o p i c : o 1 1 y enter S enter");
    let saved_message = app.message().map(str::to_string);
    // The watcher sees the app's own write: read back, it changes nothing.
    app.reload_saved_searches(confnotes::config::load_searches(&paths, None));
    assert_eq!(app.message().map(str::to_string), saved_message);
    assert_eq!(saved_names(&app), ["Keynotes", "Observability"]);

    // Another editor adds one, with the reader in a saved search: they stay in it.
    press(&mut app, "g g");
    assert_eq!(app.saved().selected(), Some(0));
    let mut text = fs::read_to_string(&file).expect("read");
    text.push_str("[[search]]\nname = \"Paris\"\nquery = \"year:2024 paris\"\n");
    fs::write(&file, &text).expect("write");
    app.reload_saved_searches(confnotes::config::load_searches(&paths, None));
    assert_eq!(saved_names(&app), ["Keynotes", "Observability", "Paris"]);
    assert_eq!(app.message(), Some("Saved searches reloaded: 3 searches"));
    assert_eq!(app.saved().selected(), Some(0), "still in Keynotes");

    // A broken entry is reported where it is.
    fs::write(&file, format!("{text}[[search]]\nname = \"No query\"\n")).expect("write");
    app.reload_saved_searches(confnotes::config::load_searches(&paths, None));
    assert!(
        app.message().is_some_and(|m| m.starts_with("Saved searches reloaded with 1 problem")),
        "{:?}",
        app.message()
    );
    assert!(
        app.problems().iter().any(|p| p.file.ends_with("searches.toml") && p.position.is_some()),
        "{:?}",
        app.problems()
    );
}

/// Follows link `n` (1-based) of the shown note and returns the effects.
fn follow(app: &mut App, n: usize) -> Vec<confnotes::app::Effect> {
    press(app, "f");
    let mut effects = Vec::new();
    for digit in n.to_string().chars() {
        effects = app.handle_key(confnotes::keymap::parse_chord(&digit.to_string()).expect("digit"));
    }
    if app.prompt().is_some() {
        effects = app.handle_key(confnotes::keymap::parse_chord("enter").expect("enter"));
    }
    effects
}

#[test]
fn only_web_mail_and_collection_links_are_opened_the_rest_refused_with_the_reason_and_copied() {
    use confnotes::app::Effect;
    let dir = tempfile::tempdir().expect("tempdir");
    let event = dir.path().join("2024-05-linkconf");
    fs::create_dir_all(&event).expect("mkdir");
    let links = [
        "https://example.org/talk",
        "mailto:speaker@example.org",
        "slides.pdf",
        "javascript:alert(document.cookie)",
        "file:///etc/shadow",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ssh://-oProxyCommand=touch%20pwned/x",
        "../../../etc/passwd",
    ];
    let body: String = links.iter().enumerate().map(|(i, url)| format!("- [link {i}]({url})\n")).collect();
    fs::write(event.join("talk.md"), format!("---\ntitle: Links\n---\n{body}")).expect("write");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    open_note(&mut app, "2024-05-linkconf/talk.md");
    press(&mut app, "enter");
    let shown: Vec<String> = app.rendered().expect("rendered").links.iter().map(|l| l.url.clone()).collect();
    assert_eq!(shown, links, "every link is numbered in order");

    assert_eq!(follow(&mut app, 1), [Effect::OpenUrl(links[0].into())]);
    assert_eq!(follow(&mut app, 2), [Effect::OpenUrl(links[1].into())]);
    let root = dir.path().to_path_buf();
    assert_eq!(follow(&mut app, 3), [Effect::OpenFile { root, file: "2024-05-linkconf/slides.pdf".into() }]);
    for (n, why) in [
        (4, "javascript: links run code"),
        (5, "file: links can reach any file"),
        (6, "data: links"),
        (7, "ssh: links are not opened"),
        (8, "leads outside the collection"),
    ] {
        let effects = follow(&mut app, n);
        let url = links[n - 1];
        assert_eq!(effects, [Effect::CopyToClipboard(url.into())], "link {n}: refused, offered to copy");
        let message = app.message().unwrap_or_default().to_string();
        assert!(message.starts_with("Not opened") && message.contains(why) && message.contains(url), "{message}");
    }
}

/// A collection with a link that leads nowhere and two notes of one event
/// with one title: problems the loader cannot see, only `check` can.
fn collection_with_problems_check_finds(root: &std::path::Path) -> confnotes::notes::Collection {
    fs::create_dir_all(root.join("2031-05-lyon")).expect("mkdir");
    fs::write(root.join("2031-05-lyon/a.md"), "---\ntitle: Storage\n---\nSee [the slides](slides.md).\n")
        .expect("write");
    fs::write(root.join("2031-05-lyon/b.md"), "---\ntitle: Storage\n---\nAgain.\n").expect("write");
    load_folder(root).expect("loads")
}

#[test]
fn the_problems_view_lists_what_check_finds_whether_indexes_are_built_now_or_later() {
    use confnotes::background::{build_indexes, Built};
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = collection_with_problems_check_finds(dir.path());
    let expected = confnotes::check::problems(&collection, &confnotes::relate::RelatedIndex::build(&collection));
    let shown: Vec<String> = expected.iter().map(ToString::to_string).collect();
    assert!(shown.iter().any(|p| p.contains("`slides.md` does not lead")), "{shown:#?}");
    assert!(shown.iter().any(|p| p.contains("same title as 2031-05-lyon/a.md:1")), "{shown:#?}");

    let now = sized(App::new(collection.clone(), Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    assert_eq!(now.problems(), expected);

    // As the runtime starts it: the first frame without indexes, then the related index from another thread.
    let mut later =
        sized(App::without_indexes(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    let (tx, built) = std::sync::mpsc::channel();
    build_indexes(later.shared_collection(), confnotes::background::Plan::for_app(&later), None, None, move |index| {
        let _ = tx.send(index);
    });
    while let Ok(built) = built.recv() {
        if let Built::Related(index, problems) = built {
            later.set_related(index, problems);
        }
    }
    assert_eq!(later.problems(), expected);
    assert!(later.message().is_some_and(|m| m.starts_with("2 problems found")), "{:?}", later.message());
    press(&mut later, "W");
    let screen = common::screen(&common::draw(&later));
    assert!(screen.contains("does not lead") && screen.contains("same title as"), "{screen}");
}

#[test]
fn ctrl_c_closes_what_is_open_and_otherwise_quits_even_with_quit_rebound() {
    let (keymap, problems) = Keymap::with_user_file("[global]\nquit = [\"x\"]\n", "keymap.toml");
    assert!(problems.is_empty(), "{problems:?}");
    let collection = load_folder(&fixtures()).expect("fixtures");
    let mut app = sized(App::new(collection, keymap, Settings::default(), Vec::new()), 160, 45);
    app.build_search_now();
    for opens in ["space", "s", "?", "W"] {
        press(&mut app, opens);
        assert!(app.overlay().is_some(), "{opens} opens a view");
        if opens == "space" {
            press(&mut app, "a b");
        }
        assert!(!press(&mut app, "ctrl-c"), "ctrl-c in the view opened by {opens} does not quit");
        assert!(app.overlay().is_none(), "ctrl-c closes the view opened by {opens}");
    }
    press(&mut app, "l l");
    press(&mut app, "/");
    assert!(!press(&mut app, "ctrl-c"), "ctrl-c cancels the note search");
    assert!(press(&mut app, "ctrl-c"), "ctrl-c quits once nothing is open");
}

#[test]
fn t_on_a_collection_without_topics_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-05-somewhere");
    fs::create_dir_all(&event).expect("event folder");
    fs::write(event.join("alpha.md"), "# Alpha\n\nApples grow on trees.\n").expect("write");
    fs::write(event.join("beta.md"), "# Beta\n\nBoats float on water.\n").expect("write");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    press(&mut app, "t");
    assert!(app.overlay().is_none(), "no empty view: {:?}", app.overlay());
    let message = app.message().unwrap_or_default().to_string();
    assert!(message.contains("No topics in this collection"), "{message}");
    assert!(!message.contains("filter"), "{message}");
}

#[test]
fn an_event_overview_can_be_bookmarked_annotated_and_opened_from_the_bookmarks() {
    let mut app = fixture_app(160, 45);
    let overview = app.document();
    assert!(matches!(overview, Some(Document::Overview(_))), "starts on an overview");
    press(&mut app, "b");
    assert_eq!(app.state().bookmarks().len(), 1, "{:?}", app.message());
    press(&mut app, "a");
    type_text(&mut app, "things to look up");
    press(&mut app, "enter j B");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("About this event")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("things to look up")), "{lines:?}");
    press(&mut app, "enter");
    assert_eq!(app.document(), overview, "the bookmark opens the overview");
}

#[test]
fn d_asks_before_deleting_an_annotated_bookmark_and_not_otherwise() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "j enter b");
    press(&mut app, "a");
    type_text(&mut app, "keep me");
    press(&mut app, "enter B d");
    assert!(app.prompt().is_some(), "an annotated bookmark asks first");
    press(&mut app, "n");
    assert_eq!(app.state().bookmarks().len(), 1, "any key but y keeps it");
    assert_eq!(app.message(), Some("Bookmark kept"));
    press(&mut app, "d y");
    assert!(app.state().bookmarks().is_empty(), "y deletes it");
    press(&mut app, "esc b B d");
    assert!(app.prompt().is_none(), "a bookmark without annotation goes at once");
    assert!(app.state().bookmarks().is_empty());
}

#[test]
fn full_text_search_for_a_spelled_out_letter_highlights_it_in_the_opened_note() {
    // "strasse" is how a reader without the key types "straße": search finds
    // the note by its folded words, and the note must show the same match.
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-04-somewhere");
    fs::create_dir_all(&event).expect("event folder");
    fs::write(event.join("walk.md"), "# A walk\n\nWe met on the Hauptstraße at nine.\n").expect("note");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    app.build_search_now();
    press(&mut app, "s");
    for c in "strasse".chars() {
        let _ = app.handle_key(confnotes::keymap::parse_chord(&c.to_string()).expect("char"));
    }
    assert_eq!(app.text_hits().len(), 1, "the folded word is found");
    press(&mut app, "enter");
    assert_eq!(title(&app), "A walk");
    let search = app.note_search().cloned().expect("the word is highlighted in the note");
    assert_eq!(search.matches.len(), 1, "one highlight for one hit");
    let (line, range) = &search.matches[search.current];
    let text: String = app.rendered().expect("rendered").lines.plain_lines().nth(*line).expect("line").to_string();
    let shown: String = text.chars().skip(range.start).take(range.len()).collect();
    assert_eq!(shown, "straße");
}

#[test]
fn enter_on_a_problem_opens_its_note_or_its_file_in_the_editor_at_the_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keymap_file = dir.path().join("keymap.toml");
    let text = "[global]\nquit = [\"q\"]\nno-such-action = [\"x\"]\n";
    fs::write(&keymap_file, text).expect("write");
    let (keymap, problems) = Keymap::with_user_file(text, &keymap_file.display().to_string());
    assert_eq!(problems.len(), 1, "{problems:?}");
    let collection = load_folder(&fixtures()).expect("fixtures");
    let mut app = sized(App::new(collection, keymap, Settings::default(), problems), 160, 45);
    press(&mut app, "W");
    let shown: Vec<String> = app.problems().iter().map(ToString::to_string).collect();
    let note_problem = shown.iter().position(|p| p.contains("broken.md")).expect("the fixture's broken note");
    for _ in 0..note_problem {
        press(&mut app, "down");
    }
    press(&mut app, "enter");
    assert_eq!(app.overlay(), None);
    assert_eq!(app.focus(), Pane::Note);
    let id = app.selected_note().map(|n| app.collection().notes[n].id.0.clone());
    assert_eq!(id.as_deref(), Some("2022-10-detroit/broken.md"));
    press(&mut app, "W G");
    let keymap_problem = app.problems().iter().position(|p| p.file == keymap_file.display().to_string());
    assert_eq!(keymap_problem, Some(app.problems().len() - 1), "the keymap's problem comes last");
    let effects = app.handle_key(confnotes::keymap::parse_chord("enter").expect("key"));
    assert_eq!(
        effects,
        vec![confnotes::app::Effect::Edit(confnotes::app::EditRequest::File { path: keymap_file, line: 3 })],
        "the keymap opens in the editor at the problem's line"
    );
}

#[test]
fn enter_on_a_note_problem_scrolls_the_note_to_the_problem_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-04-somewhere");
    fs::create_dir_all(&event).expect("event folder");
    let filler = "A paragraph of words that fills the pane and wraps over lines.\n\n".repeat(40);
    let text = format!("---\ntitle: Long talk\n---\n# Long talk\n\n## Part one\n\n{filler}## Part two\n\n{filler}Then see [the missing page](missing.md) for more.\n\n{filler}");
    fs::write(event.join("long.md"), &text).expect("note");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 120, 30);
    press(&mut app, "W");
    let problem = app.problems().iter().position(|p| p.message.contains("missing.md")).expect("the broken link");
    let file_line = text.lines().position(|l| l.contains("missing.md")).expect("line") + 1;
    assert_eq!(app.problems()[problem].position.map(|p| p.line), Some(file_line));
    for _ in 0..problem {
        press(&mut app, "down");
    }
    press(&mut app, "enter");
    assert_eq!(title(&app), "Long talk");
    let rendered = app.rendered().expect("rendered");
    let top = rendered.lines.plain(app.note_scroll()).to_string();
    assert!(top.starts_with("Then see the missing page"), "the problem's line is at the top, not {top:?}");
}

#[test]
fn enter_on_a_problem_of_a_file_split_into_talks_opens_the_talk_holding_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let event =
        "# Modfest 2031\n\n## Day 1\n\n### Opening\n\nWelcome.\n\n### Storage\n\nSee [the slides](slides.md).\n";
    fs::write(dir.path().join("modfest-2031.md"), event).expect("write");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 120, 30);
    press(&mut app, "W");
    let problem = app.problems().iter().position(|p| p.message.contains("slides.md")).expect("the broken link");
    for _ in 0..problem {
        press(&mut app, "down");
    }
    press(&mut app, "enter");
    assert_eq!(title(&app), "Storage", "the talk the line is in, not the file's first");
}

/// A one-note collection whose note is `body`, opened in the note pane.
fn app_reading(body: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("2024-05-conf")).expect("mkdir");
    fs::write(dir.path().join("2024-05-conf/talk.md"), format!("---\ntitle: Talk\n---\n{body}")).expect("write");
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 100, 30);
    press(&mut app, "enter enter");
    assert_eq!(title(&app), "Talk");
    (dir, app)
}

#[test]
fn f_goes_to_a_footnote_by_number_and_ctrl_o_comes_back_to_the_reference() {
    let filler = "Paragraph of filler text.\n\n".repeat(60);
    let body = format!("Claim one[^a] and claim two[^b].\n\n{filler}[^a]: First source.\n[^b]: Second source.\n");
    let (_dir, mut app) = app_reading(&body);
    let footnotes = app.rendered().expect("rendered").footnotes.clone();
    assert_eq!(footnotes.len(), 2);
    assert_eq!(app.note_scroll(), 0);
    press(&mut app, "F 2");
    let line = footnotes[1];
    assert!(app.note_scroll() > 0 && app.note_scroll() <= line, "scrolled to the footnote");
    assert!(line < app.note_scroll() + app.note_viewport(), "footnote 2 is in view");
    assert!(app.rendered().expect("rendered").lines.plain(line).contains("Second source"));
    assert!(app.message().is_some_and(|m| m.starts_with("Footnote 2")), "{:?}", app.message());
    press(&mut app, "ctrl-o");
    assert_eq!(app.note_scroll(), 0, "back where the reference is");
    press(&mut app, "F 9");
    assert_eq!(app.message(), Some("No footnote 9 in this note"));

    // One footnote: no number to ask for.
    let (_dir, mut app) = app_reading(&format!("Only[^x] one.\n\n{filler}[^x]: The note.\n"));
    press(&mut app, "F");
    assert!(app.prompt().is_none() && app.note_scroll() > 0, "went straight to it");
    let (_dir, mut app) = app_reading("No footnotes here.\n");
    press(&mut app, "F");
    assert_eq!(app.message(), Some("This note has no footnotes"));
}

#[test]
fn the_jumps_the_hints_offer_are_the_jumps_that_happen() {
    let mut app = bundled(160, 45);
    for note in 0..app.collection().notes.len() {
        for (key, later) in [("]", true), ("[", false)] {
            app.select_note(note);
            // Along the way too, where a followed topic leads.
            for _ in 0..4 {
                let (to_later, to_earlier) = app.jump_years();
                let offered = if later { to_later } else { to_earlier };
                let before = app.selected_note();
                press(&mut app, key);
                assert_eq!(app.selected_note() != before, offered, "{key} from {before:?}: {:?}", app.message());
                if !offered {
                    break;
                }
            }
        }
    }
}

#[test]
fn a_new_note_search_starts_empty_and_up_recalls_the_last_one() {
    let (_dir, mut app) = app_reading("A café by the river\n\n東京 at night\n\nAnother café\n");
    press(&mut app, "/");
    type_text(&mut app, "cafe");
    press(&mut app, "enter");
    assert_eq!(app.note_search().map(|s| s.matches.len()), Some(2));
    press(&mut app, "/");
    assert_eq!(app.prompt().map(|p| p.field.text.as_str()), Some(""), "as in less, vim and helix");
    assert_eq!(app.note_search().map(|s| s.query.as_str()), Some("cafe"), "the last search shows until typing");
    type_text(&mut app, "東京");
    assert_eq!(app.note_search().map(|s| (s.query.as_str(), s.matches.len())), Some(("東京", 1)), "typing replaces it");
    press(&mut app, "enter /");
    press(&mut app, "up");
    assert_eq!(app.prompt().map(|p| p.field.text.as_str()), Some("東京"), "up: the last query");
    assert_eq!(app.note_search().map(|s| s.query.as_str()), Some("東京"), "searched again at once");
    press(&mut app, "up");
    assert_eq!(app.prompt().map(|p| p.field.text.as_str()), Some("cafe"), "up again: the one before");
    assert_eq!(app.note_search().map(|s| s.matches.len()), Some(2));
    press(&mut app, "down down");
    assert_eq!(app.prompt().map(|p| p.field.text.as_str()), Some(""), "down past the newest: what was typed");
    press(&mut app, "esc");
    assert!(app.note_search().is_none() && app.prompt().is_none(), "esc still clears the search");
}

#[test]
fn searching_a_note_as_you_type_finds_what_a_fresh_search_finds() {
    let body = "Alpha beta\n\nalphabet soup\n\nGAMMA alpha café\n\nnothing here\n\nCafé ALPHABETS\n";
    let (_dir, mut app) = app_reading(body);
    for query in ["a", "al", "alp", "alpha", "alphab", "alphabets", "c", "ca", "caf", "cafe"] {
        press(&mut app, "/");
        for c in query.chars() {
            press(&mut app, &c.to_string());
        }
        let typed = app.note_search().cloned().map(|s| s.matches).unwrap_or_default();
        press(&mut app, "esc");
        // What looking for the whole query on every line finds.
        let whole: Vec<_> = {
            let folded = confnotes::search::fold(query);
            let lines = &app.rendered().expect("rendered").lines;
            (0..lines.len())
                .flat_map(|i| confnotes::search::find_folded(lines.plain(i), &folded).into_iter().map(move |r| (i, r)))
                .collect()
        };
        assert!(!whole.is_empty(), "{query}");
        assert_eq!(typed, whole, "{query}");
    }
}

#[test]
fn a_search_with_too_many_matches_keeps_the_nearest_and_still_finds_a_longer_query_anywhere() {
    let body = format!("{}\nthe abc at the end\n", "ab ab ab ab ab\n\n".repeat(3_000));
    let (_dir, mut app) = app_reading(&body);
    press(&mut app, "/ a");
    let search = app.note_search().cloned().expect("searching");
    assert_eq!(search.matches.len(), confnotes::app::MAX_MATCHES);
    assert!(!search.complete);
    assert!(app.message().is_some_and(|m| m.ends_with("/10000+")), "{:?}", app.message());
    press(&mut app, "b c");
    let search = app.note_search().cloned().expect("searching");
    assert!(search.complete);
    assert_eq!(search.matches.len(), 1, "the one line far past the first matches");
    let line = search.matches[0].0;
    assert!(app.note_scroll() <= line && line < app.note_scroll() + app.note_viewport(), "shown");
}

/// Three talks in two years: one speaker named in front matter with her
/// affiliation, then in the text of a later talk; another only in the text.
fn speakers_collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    };
    write(
        "2019-05-lisbon/caching.md",
        "---\ntitle: Caching at the edge\nspeakers: [Ada Quill (Acme)]\n---\n# Caching at the edge\n\nCaches.\n",
    );
    write("2019-05-lisbon/queues.md", "# Queues in practice\n\nSpeaker: Ben Ortiz\n\nQueues.\n");
    write("2022-03-oslo/caching-again.md", "# Caching, three years later\n\nSpeaker: Ada Quill\n\nStill caches.\n");
    dir
}

#[test]
fn the_speakers_view_lists_a_speaker_across_years_and_opens_her_later_talk() {
    let dir = speakers_collection();
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    press(&mut app, "P");
    assert_eq!(app.overlay_title(), " Speakers ");
    let speakers = app.view_items();
    let names: Vec<(&str, &str)> = speakers.iter().map(|i| (i.title.as_str(), i.detail.as_str())).collect();
    assert_eq!(names, [("Ada Quill", "2 talks · 2019–2022"), ("Ben Ortiz", "1 talk · 2019")]);
    // Filter to her, open her talks: one line a talk, oldest first.
    press(&mut app, "/ q u i l l enter");
    assert_eq!(app.view_items().len(), 1);
    press(&mut app, "enter");
    assert_eq!(app.overlay_title(), " Speaker across the years ");
    let talks: Vec<String> = app.view_items().into_iter().map(|i| i.title).collect();
    assert_eq!(talks, ["2019 · Lisbon · Caching at the edge", "2022 · Oslo · Caching, three years later"]);
    // Esc goes back to the speakers, still filtered; Enter then j Enter opens the 2022 talk.
    press(&mut app, "esc");
    assert_eq!(app.overlay_title(), " Speakers · /quill ");
    press(&mut app, "enter j enter");
    assert_eq!(app.overlay(), None);
    assert_eq!(app.focus(), Pane::Note);
    assert_eq!(title(&app), "Caching, three years later");
    // P again opens it, P closes it.
    press(&mut app, "P P");
    assert_eq!(app.overlay(), None);
}

/// Text fields read their keys through the keymap's `input` context: a
/// user who moves "submit" and "cancel" gets them in every field, and the
/// old keys then type or do nothing.
#[test]
fn the_keys_of_text_fields_are_rebound_in_the_input_context() {
    let user = "[input]\nsubmit = [\"ctrl-j\"]\ncancel = [\"ctrl-g\"]\n";
    let (keymap, problems) = Keymap::with_user_file(user, "user.toml");
    assert!(problems.is_empty(), "{problems:?}");
    let collection = load_folder(&fixtures()).expect("fixtures load");
    let mut app = sized(App::new(collection, keymap, Settings::default(), Vec::new()), 160, 45);
    press(&mut app, "/ c l u s t e r");
    assert!(app.prompt().is_some(), "the list filter is being typed");
    press(&mut app, "enter");
    assert!(app.prompt().is_some(), "enter is no longer the filter's submit");
    press(&mut app, "ctrl-j");
    assert!(app.prompt().is_none() && app.list_filter().is_some(), "ctrl-j submits the filter");
    press(&mut app, "?");
    press(&mut app, "/ q u i t");
    assert_eq!(app.view_filter(), "quit");
    press(&mut app, "ctrl-g");
    assert!(app.view_filter().is_empty() && app.overlay().is_some(), "ctrl-g cancels the view filter");
}

#[test]
fn finder_hits_follow_typing_backspace_and_a_new_query() {
    let mut app = bundled(160, 45);
    app.build_search_now();
    let finder = confnotes::search::Finder::new(app.collection());
    press(&mut app, "space");
    let mut typed = String::new();
    // Letters added, taken back, a word that is not an extension, an excluded word.
    for key in "s e r v backspace backspace backspace backspace k u b e space ! e c".split(' ') {
        press(&mut app, key);
        match key {
            "backspace" => drop(typed.pop()),
            "space" => typed.push(' '),
            _ => typed.push_str(key),
        }
        let hits = app.finder_hits().to_vec();
        let fresh = finder.query(&typed, hits.len().max(1));
        assert_eq!(hits, fresh[..hits.len()], "{typed:?}");
        assert_eq!(hits.is_empty(), fresh.is_empty(), "{typed:?}");
    }
    assert_eq!(typed, "kube !ec");
}

#[test]
fn full_text_search_ranks_whole_words_then_word_starts_before_matches_inside_words() {
    // Newest to oldest: "log" inside a word, starting one, then whole.
    let dir = tempfile::tempdir().expect("temp dir");
    for (event, text) in [
        ("2025-04-newest", "# Catalogs\n\nThe product catalog grew.\n"),
        ("2024-04-middle", "# Logging\n\nStructured logging everywhere.\n"),
        ("2023-04-oldest", "# Audits\n\nKeep an audit log of changes.\n"),
    ] {
        fs::create_dir_all(dir.path().join(event)).expect("event folder");
        fs::write(dir.path().join(event).join("talk.md"), text).expect("note");
    }
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    app.build_search_now();
    press(&mut app, "s l o g");
    let mut titles: Vec<String> = app.text_hits().iter().map(|h| h.doc.title(app.collection()).to_string()).collect();
    titles.dedup();
    assert_eq!(
        titles,
        ["Audits", "Logging", "Catalogs"],
        "whole word, word start, inside a word; a note's lines together"
    );
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    let first = lines.iter().position(|l| l.contains("Audits")).expect("listed");
    assert!(lines.iter().skip(first).position(|l| l.contains("Catalogs")).is_some(), "{lines:#?}");
}

#[test]
fn a_note_key_pressed_in_a_list_pane_acts_on_the_note_or_says_where_it_works() {
    let mut app = bundled(160, 45);
    assert_eq!(app.focus(), Pane::Timeline);
    // The note's view settings act on the shown note from any pane.
    press(&mut app, "w");
    assert_eq!(app.message(), Some("Wide tables: full width; H and L scroll sideways"));
    press(&mut app, "w");
    assert_eq!(app.message(), Some("Tables wrapped to fit the pane"));
    press(&mut app, "z");
    assert_eq!(app.message(), Some("Code lines whole; H and L scroll sideways"));
    assert_eq!(app.focus(), Pane::Timeline, "the focus stays where it was");
    // A note key that means something else in a list says where it works.
    press(&mut app, "backspace");
    assert_eq!(app.message(), Some("backspace: Move up a page — in the note pane"));
    // And the lists' keys, pressed in the note pane.
    press(&mut app, "tab tab");
    assert_eq!(app.focus(), Pane::Note);
    press(&mut app, "d");
    assert_eq!(app.message(), Some("d: Delete the selected saved search (asks first) — in the timeline pane"));
}

/// A documentation catalog: an event page listing its talks as `<doc:Page>`
/// links, talks linking each other the same way, one link to no page.
fn catalog(root: &std::path::Path) -> confnotes::notes::Collection {
    let event = root.join("Notes.docc/2031-Conf");
    fs::create_dir_all(&event).expect("mkdir");
    let page =
        "# 2031 Conf\n\nMay 3, Lyon\n\n## Topics\n\n- <doc:Storage-at-Scale>\n- <doc:Edge-Caches>\n- <doc:Lost-Page>\n";
    fs::write(event.join("2031 Conf.md"), page).expect("write");
    fs::write(event.join("Storage at Scale.md"), "# Storing a petabyte\n\nSee also <doc:Edge-Caches>.\n")
        .expect("write");
    fs::write(event.join("Edge Caches.md"), "# Caches at the edge\n\nNotes.\n").expect("write");
    load_folder(root).expect("loads")
}

#[test]
fn catalog_doc_links_read_as_titles_open_as_note_links_and_relate_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = catalog(dir.path());
    let storage = collection.note_index("Notes.docc/2031-Conf/Storage at Scale.md").expect("a note");
    let caches = collection.note_index("Notes.docc/2031-Conf/Edge Caches.md").expect("a note");
    let index = confnotes::relate::RelatedIndex::build(&collection);
    assert!(index.broken_links().iter().all(|(_, url)| !url.contains("Edge")), "{:?}", index.broken_links());
    assert!(index.related(&collection, storage).iter().any(|r| r.note == caches && r.linked), "a link relates");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    assert_eq!(title(&app), "overview of 2031 Conf");
    let text = common::screen(&common::draw(&app));
    assert!(text.contains("Storing a petabyte[1]") && text.contains("Caches at the edge[2]"), "{text}");
    assert!(text.contains("Lost Page") && !text.contains("Lost Page["), "no note: plain text, no number: {text}");
    assert!(!text.contains("doc:"), "never an address: {text}");
    let links: Vec<String> = app.rendered().expect("rendered").links.iter().map(|l| l.url.clone()).collect();
    assert_eq!(links, ["doc:Storage-at-Scale", "doc:Edge-Caches"]);
    app.set_focus(Pane::Note);
    let opened_here =
        |effects: Vec<confnotes::app::Effect>| effects.iter().all(|e| *e == confnotes::app::Effect::SaveState);
    assert!(opened_here(follow(&mut app, 1)), "{:?}", app.message());
    assert_eq!(title(&app), "Storing a petabyte");
    assert!(opened_here(follow(&mut app, 1)), "{:?}", app.message());
    assert_eq!(title(&app), "Caches at the edge");
}

#[test]
fn a_saved_search_comes_back_at_the_note_left_after_the_order_changed_in_another() {
    let mut app = fixture_app(160, 45);
    let search = |name: &str, query: &str| confnotes::search::SavedSearch { name: name.into(), query: query.into() };
    app.set_saved_searches(confnotes::config::SearchesFile {
        path: None,
        searches: vec![search("Observability", "topic:o11y"), search("Everything", "year:1990..")],
        problems: Vec::new(),
    });
    app.select_saved_search(0);
    app.set_focus(Pane::Talks);
    press(&mut app, "j j");
    assert_eq!(title(&app), "Watching clusters", "the second of two, newest first");
    app.select_saved_search(1);
    press(&mut app, "O");
    app.select_saved_search(0);
    assert_eq!(title(&app), "Watching clusters", "the note left, now first of the two, oldest first");
}
