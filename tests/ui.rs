//! Drawing the app into ratatui's TestBackend: what each pane shows, styles
//! that carry meaning, and snapshots at several sizes.

mod common;

use common::{bundled_app, draw, fixture_app, press, region, screen};
use confnotes::layout::Pane;
use confnotes::theme::Theme;

#[test]
fn bundled_notes_at_160x45_show_timeline_talks_and_a_rendered_note() {
    let mut app = bundled_app(160, 45);
    let layout = app.layout();
    let buffer = draw(&app);
    let timeline = region(&buffer, layout.timeline.expect("timeline"));
    for expected in ["Events", "2024", "Salt Lake City", "Nov 12–15", "Paris", "2022", "Detroit", "2019", "Barcelona"]
    {
        assert!(timeline.contains(expected), "timeline lacks {expected:?}:\n{timeline}");
    }
    // Years are headers above their events, newest first.
    let pos = |s: &str| timeline.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(pos("2024") < pos("Salt Lake City") && pos("Paris") < pos("2022") && pos("2022") < pos("Detroit"));
    assert!(pos("Detroit") < pos("2019") && pos("2019") < pos("Barcelona"));

    let talks = region(&buffer, layout.talks.expect("talks"));
    assert!(talks.contains("Salt Lake City 2024"), "{talks}");
    assert!(talks.contains("About this event"), "{talks}");
    assert!(talks.contains("Observability and OpenTelemetry"), "{talks}");

    let note = region(&buffer, layout.note.expect("note"));
    assert!(note.contains("KubeCon + CloudNativeCon North America 2024"), "{note}");
    assert!(note.contains("November 12–15, 2024"), "{note}");

    // Open Barcelona's CERN keynote: its card and body render.
    press(&mut app, "G enter");
    let buffer = draw(&app);
    let note = region(&buffer, layout.note.expect("note"));
    assert!(note.contains("CERN"), "{note}");
    assert!(note.contains("keynote"), "{note}");
    let status = region(&buffer, layout.status);
    assert!(status.contains("›"), "breadcrumb in status: {status}");
    assert!(status.contains("? help"), "{status}");
}

#[test]
fn a_narrow_timeline_shortens_an_event_date_to_its_month_before_dropping_it() {
    // At 130 columns the timeline is too narrow for "Salt Lake City  Nov 12–15 (6)" but not for its month.
    let app = bundled_app(130, 30);
    let buffer = draw(&app);
    let timeline = region(&buffer, app.layout().timeline.expect("timeline"));
    let row = timeline.lines().find(|l| l.contains("Salt Lake City")).expect("event row");
    assert!(row.contains("Nov (6)") && !row.contains("12–15"), "{row:?}");
}

#[test]
fn the_focused_pane_border_is_highlighted() {
    let mut app = bundled_app(160, 45);
    let theme = Theme::dark();
    let border_fg = |app: &confnotes::app::App, pane: Pane| {
        let rect = app.layout().pane(pane).expect("pane shown");
        draw(app)[(rect.x, rect.y + 1)].fg
    };
    assert_eq!(border_fg(&app, Pane::Timeline), theme.border_focused.fg.expect("colour"));
    assert_eq!(border_fg(&app, Pane::Talks), theme.border.fg.expect("colour"));
    press(&mut app, "l");
    assert_eq!(border_fg(&app, Pane::Talks), theme.border_focused.fg.expect("colour"));
    assert_eq!(border_fg(&app, Pane::Timeline), theme.border.fg.expect("colour"));
}

#[test]
fn headings_in_the_note_are_styled() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "enter");
    let buffer = draw(&app);
    let note = app.layout().note.expect("note");
    let theme = Theme::dark();
    let row = (note.y..note.y + note.height)
        .find(|&y| region(&buffer, ratatui::layout::Rect { y, height: 1, ..note }).contains("Section 1 "))
        .expect("Section 1 heading visible");
    let x = (note.x..note.x + note.width).find(|&x| buffer[(x, row)].symbol() == "S").expect("heading text");
    assert_eq!(buffer[(x, row)].fg, theme.h2.fg.expect("h2 colour"));
}

#[test]
fn snapshot_fixture_80x24() {
    let mut app = fixture_app(80, 24);
    press(&mut app, "enter");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn snapshot_fixture_160x45_note_focused() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "G enter j enter");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn snapshot_fixture_cramped_50x20_shows_one_pane() {
    let mut app = fixture_app(50, 20);
    press(&mut app, "l");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn snapshot_help_overlay() {
    let mut app = fixture_app(100, 30);
    press(&mut app, "?");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn tiny_terminals_say_so_and_never_panic() {
    for (w, h) in [(1, 1), (2, 2), (10, 3), (19, 10), (20, 5), (60, 5), (99, 6)] {
        let mut app = bundled_app(w, h);
        press(&mut app, "l l j k G g g ? j q h");
        let text = screen(&draw(&app));
        if app.layout().too_small {
            assert!(text.contains("small") || w < 10, "{w}x{h}: {text}");
        }
    }
}

#[test]
fn a_user_keymap_with_j_and_k_swapped_moves_and_shows_in_help() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let (keymap, problems) =
        Keymap::with_user_file("[global]\nmove-down = [\"k\"]\nmove-up = [\"j\"]\n", "keymap.toml");
    let collection = confnotes::notes::load_folder(&common::fixtures()).expect("fixtures");
    let mut app = common::sized(App::new(collection, keymap, Settings::default(), problems), 160, 45);
    press(&mut app, "k");
    let talks = region(&draw(&app), app.layout().talks.expect("talks"));
    assert!(talks.contains("Detroit 2022"), "k moved down to Detroit:\n{talks}");
    press(&mut app, "j");
    let talks = region(&draw(&app), app.layout().talks.expect("talks"));
    assert!(talks.contains("Paris 2024"), "j moved back up:\n{talks}");
    press(&mut app, "?");
    let help = screen(&draw(&app));
    let line = help.lines().find(|l| l.contains("Select the next item")).expect("move-down listed");
    assert!(line.contains(" k ") && !line.contains(" j,"), "help shows the user's key: {line}");
}

/// Carries out save effects the way the main loop does.
fn run_effects(app: &mut confnotes::app::App, store: &confnotes::state::Store, effects: Vec<confnotes::app::Effect>) {
    for effect in effects {
        if effect == confnotes::app::Effect::SaveState {
            let (merged, _) = store.save(app.state()).expect("saves");
            let _ = app.notice(confnotes::app::Notice::Saved { merged: Some(Box::new(merged)), moved_aside: None });
        }
    }
}

#[test]
fn marks_survive_quitting_and_starting_again() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::{parse_chord, Keymap};
    use confnotes::notes::load_bundled;
    use confnotes::state::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::for_collection(dir.path(), &confnotes::notes::Origin::Bundled);

    let start = |store: &Store| {
        let state = store.load().expect("loads").into_state();
        let mut app = common::sized(
            App::new(load_bundled(), Keymap::defaults().0, Settings::default(), Vec::new()).with_state(state),
            160,
            45,
        );
        let effects = app.initial_effects();
        run_effects(&mut app, store, effects);
        app
    };
    let mut app = start(&store);
    // Open Salt Lake City's first note (read), bookmark it, quit.
    for key in ["enter", "enter", "b", "q"] {
        let effects = app.handle_key(parse_chord(key).expect("key"));
        run_effects(&mut app, &store, effects);
    }
    drop(app);

    let app = start(&store);
    let buffer = draw(&app);
    let timeline = region(&buffer, app.layout().timeline.expect("timeline"));
    assert!(timeline.contains("Nov 12–15 (5)"), "one of six read:\n{timeline}");
    let talks = region(&buffer, app.layout().talks.expect("talks"));
    assert!(talks.contains("★"), "the bookmark mark is back:\n{talks}");
    assert!(talks.contains("5 unread of 6"), "{talks}");
}

#[test]
fn the_app_reopens_where_the_reader_left_with_their_timeline_order_and_grouping() {
    use confnotes::app::{App, Document, Grouping, Settings};
    use confnotes::keymap::{parse_chord, Keymap};
    use confnotes::notes::load_bundled;
    use confnotes::state::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::for_collection(dir.path(), &confnotes::notes::Origin::Bundled);
    let start = |store: &Store| {
        let state = store.load().expect("loads").into_state();
        let mut app = common::sized(
            App::new(load_bundled(), Keymap::defaults().0, Settings::default(), Vec::new()).with_state(state),
            160,
            45,
        );
        let effects = app.initial_effects();
        run_effects(&mut app, store, effects);
        app
    };
    let mut app = start(&store);
    for key in ["O", "v", "j", "enter", "j", "enter"] {
        let effects = app.handle_key(parse_chord(key).expect("key"));
        run_effects(&mut app, &store, effects);
    }
    let (document, focus) = (app.document(), app.focus());
    assert!(matches!(document, Some(Document::Note(_))), "{document:?}");
    assert_eq!(focus, Pane::Note);
    let effects = app.handle_key(parse_chord("q").expect("key"));
    run_effects(&mut app, &store, effects);
    drop(app);

    let app = start(&store);
    assert!(!app.settings().newest_first, "O is remembered");
    assert_eq!(app.grouping(), Grouping::Series, "v is remembered");
    assert_eq!(app.document(), document, "the last note is shown again");
    assert_eq!(app.focus(), focus, "in the pane the reader left");
}

#[test]
fn the_first_frame_opens_the_note_left_open_at_the_line_the_reader_had_reached() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::{parse_chord, Keymap};
    use confnotes::notes::load_bundled;
    use confnotes::state::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::for_collection(dir.path(), &confnotes::notes::Origin::Bundled);
    // As the loop starts: state first, then the terminal's size, then the first frame.
    let start = |store: &Store| {
        let state = store.load().expect("loads").into_state();
        let mut app = App::new(load_bundled(), Keymap::defaults().0, Settings::default(), Vec::new()).with_state(state);
        let effects = app.initial_effects();
        run_effects(&mut app, store, effects);
        let effects = app.notice(confnotes::app::Notice::Resize { width: 160, height: 45 });
        run_effects(&mut app, store, effects);
        app
    };
    let mut app = start(&store);
    let mut keys = vec!["enter"];
    // Down the talks list to a note longer than the pane, then into it and down it.
    common::press(&mut app, "enter");
    while app.max_note_scroll() < 6 {
        assert!(keys.len() < 40, "a long note among the first event's talks");
        common::press(&mut app, "j");
        keys.push("j");
    }
    drop(app);
    let mut app = start(&store);
    keys.extend(["enter", "j", "j", "j"]);
    for key in keys {
        let effects = app.handle_key(parse_chord(key).expect("key"));
        run_effects(&mut app, &store, effects);
    }
    let (scroll, percent) = (app.note_scroll(), app.scroll_percent());
    assert!(scroll > 0 && percent < 100, "the note is read part way: line {scroll}, {percent}%");
    let note_pane = region(&draw(&app), app.layout().note.expect("note pane"));
    let effects = app.handle_key(parse_chord("q").expect("key"));
    run_effects(&mut app, &store, effects);
    drop(app);

    let app = start(&store);
    assert_eq!(app.note_scroll(), scroll, "no key pressed yet");
    let again = region(&draw(&app), app.layout().note.expect("note pane"));
    assert!(again.contains(&format!(" {percent}% ")), "the border says how far:\n{again}");
    assert_eq!(again, note_pane, "the first frame shows the note as it was left");
}

#[test]
fn snapshot_related_view_of_the_2019_observability_note() {
    let mut app = bundled_app(120, 36);
    let n = app.collection().note_index("2019-barcelona/observability.md").expect("note");
    app.select_note(n);
    press(&mut app, "r");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn snapshot_topic_view_and_a_topic_timeline() {
    let mut app = bundled_app(120, 36);
    press(&mut app, "t");
    insta::assert_snapshot!("topics", screen(&draw(&app)));
    press(&mut app, "/ p l a t f o r m enter enter");
    insta::assert_snapshot!("platform_engineering_timeline", screen(&draw(&app)));
}

#[test]
fn snapshot_compare_mode() {
    let mut app = bundled_app(160, 45);
    let n = app.collection().note_index("2019-barcelona/towards-stateful-serverless.md").expect("note");
    app.select_note(n);
    press(&mut app, "c");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn search_matches_are_highlighted_and_the_current_one_stands_out() {
    let mut app = bundled_app(160, 45);
    let n = app.collection().note_index("2019-barcelona/observability.md").expect("note");
    app.select_note(n);
    press(&mut app, "l enter / j a e g e r enter");
    let buffer = draw(&app);
    let note = app.layout().note.expect("note pane");
    let theme = Theme::dark();
    let mut backgrounds = Vec::new();
    for y in note.y..note.y + note.height {
        let row = region(&buffer, ratatui::layout::Rect { y, height: 1, ..note });
        if let Some(col) = row.to_lowercase().find("jaeger") {
            let x = note.x + row[..col].chars().count() as u16;
            backgrounds.push(buffer[(x, y)].bg);
        }
    }
    assert!(backgrounds.contains(&theme.search_current.bg.expect("colour")), "{backgrounds:?}");
    assert!(backgrounds.contains(&theme.search_match.bg.expect("colour")), "{backgrounds:?}");
}

#[test]
fn every_size_draws_what_fits() {
    // Wide: three panes; medium: the focused list beside the note; narrow: one pane.
    let app = bundled_app(200, 60);
    let l = app.layout();
    assert!(l.timeline.is_some() && l.talks.is_some() && l.note.is_some());
    assert!(screen(&draw(&app)).contains("Salt Lake City"));

    let mut app = bundled_app(90, 30);
    let text = screen(&draw(&app));
    assert!(text.contains("Events") && text.contains("Note"), "{text}");
    press(&mut app, "l");
    let text = screen(&draw(&app));
    assert!(text.contains("About this event") && !text.contains("Events"), "the talks replace the timeline: {text}");

    let mut app = bundled_app(50, 20);
    press(&mut app, "l l");
    let text = screen(&draw(&app));
    assert!(text.lines().next().is_some_and(|l| l.contains("Note")), "only the note pane: {text}");

    let app = bundled_app(1, 1);
    let _ = screen(&draw(&app));
}

#[test]
fn snapshot_finder_with_matched_characters_marked() {
    let mut app = bundled_app(120, 36);
    app.build_search_now();
    press(&mut app, "space o b s e r v");
    let buffer = draw(&app);
    insta::assert_snapshot!(screen(&buffer));
    // Matched title characters carry the match style.
    let theme = Theme::dark();
    let marked = (0..buffer.area.height)
        .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
        .any(|(x, y)| buffer[(x, y)].bg == theme.search_match.bg.expect("colour") && buffer[(x, y)].symbol() == "O");
    assert!(marked, "the O of Observability is marked");
}

/// The bundled notes with saved searches read from `searches.toml` in `dir`, as start-up reads them.
fn bundled_with_searches(dir: &std::path::Path, text: &str) -> confnotes::app::App {
    std::fs::write(dir.join("searches.toml"), text).expect("write searches.toml");
    let mut app = bundled_app(160, 45);
    let paths = confnotes::config::Paths { data_dir: None, config_dir: Some(dir.to_path_buf()) };
    app.set_saved_searches(confnotes::config::load_searches(&paths, None));
    app
}

#[test]
fn lists_that_fit_again_after_a_resize_show_from_their_top() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = bundled_with_searches(dir.path(), "[[search]]\nname = \"Unread\"\nquery = \"is:unread\"\n");
    assert!(app.timeline_rows().len() < 40, "the timeline fits at 160x45");
    let resize = |app: &mut confnotes::app::App, width, height| {
        let _ = app.notice(confnotes::app::Notice::Resize { width, height });
    };
    // Down the timeline in a tiny terminal, so it scrolls, then back to a large one.
    resize(&mut app, 20, 5);
    press(&mut app, "j j j j j j");
    assert!(app.timeline_offset() > 0, "the tiny timeline scrolled");
    resize(&mut app, 160, 45);
    press(&mut app, "esc");
    let timeline = region(&draw(&app), app.layout().timeline.expect("timeline"));
    assert_eq!(app.timeline_offset(), 0, "rows above were hidden:\n{timeline}");
    assert!(timeline.lines().nth(1).is_some_and(|l| l.contains("Saved searches")), "{timeline}");
    // Grouped by series, the list still starts at the top.
    press(&mut app, "v");
    let timeline = region(&draw(&app), app.layout().timeline.expect("timeline"));
    assert_eq!(app.timeline_offset(), 0, "by series:\n{timeline}");
    // The same for the talks list: down to its last talk while tiny.
    resize(&mut app, 20, 5);
    press(&mut app, "enter G");
    assert!(app.talks_offset() > 0, "the tiny talks list scrolled");
    resize(&mut app, 160, 45);
    let talks = region(&draw(&app), app.layout().talks.expect("talks"));
    assert_eq!(app.talks_offset(), 0, "the talks list fits:\n{talks}");
}

#[test]
fn saved_searches_sit_above_the_years_with_their_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = bundled_with_searches(
        dir.path(),
        "[[search]]\nname = \"Observability\"\nquery = \"topic:o11y\"\n\n\
         [[search]]\nname = \"Keynotes since 2024\"\nquery = \"kind:keynote year:2024..\"\n",
    );
    let total = app.saved().views()[0].notes.len();
    let buffer = draw(&app);
    let rect = app.layout().timeline.expect("timeline");
    let timeline = region(&buffer, rect);
    let pos = |s: &str| timeline.find(s).unwrap_or_else(|| panic!("{s} in\n{timeline}"));
    assert!(pos("Saved searches") < pos("⌕ Observability") && pos("⌕ Keynotes since 2024") < pos("2024"));
    let row = timeline.lines().find(|l| l.contains("⌕ Observability")).expect("row");
    assert!(row.trim_end_matches(['│', ' ']).ends_with(&format!("{total}/{total}")), "unread/total: {row}");
    // The glyph carries the accent colour, the header the year headers' style.
    let theme = Theme::dark();
    let y = rect.y + 1 + timeline.lines().position(|l| l.contains("⌕ Observability")).expect("row") as u16 - 1;
    let x = (rect.x..rect.x + rect.width).find(|&x| buffer[(x, y)].symbol() == "⌕").expect("glyph");
    assert_eq!(buffer[(x, y)].fg, theme.accent.fg.expect("colour"));

    // Selected, it lists its notes from every event, each saying where it is from.
    press(&mut app, "g g");
    let buffer = draw(&app);
    let talks = region(&buffer, app.layout().talks.expect("talks"));
    assert!(talks.contains("⌕ Observability"), "{talks}");
    assert!(talks.contains("About this search"), "{talks}");
    for place in ["Salt Lake City 2024", "Paris 2024", "Detroit 2022", "Barcelona 2019"] {
        assert!(talks.contains(place), "{place} in\n{talks}");
    }
    let pos = |s: &str| talks.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(pos("Salt Lake City 2024") < pos("Detroit 2022") && pos("Detroit 2022") < pos("Barcelona 2019"));
    let note = region(&buffer, app.layout().note.expect("note"));
    assert!(note.contains("Saved search") && note.contains("in 4 events"), "{note}");
    // Reading one lowers its unread count in the timeline.
    press(&mut app, "enter enter");
    let timeline = region(&draw(&app), app.layout().timeline.expect("timeline"));
    let row = timeline.lines().find(|l| l.contains("⌕ Observability")).expect("row");
    assert!(row.contains(&format!("{}/{total}", total - 1)), "{row}");
}

#[test]
fn snapshot_saved_search_selected() {
    let mut app = bundled_app(160, 45);
    let keynotes = confnotes::search::SavedSearch { name: "Keynotes".into(), query: "kind:keynote".into() };
    // No file: the overview would name its path, which differs from machine to machine.
    app.set_saved_searches(confnotes::config::SearchesFile {
        path: None,
        searches: vec![keynotes],
        problems: Vec::new(),
    });
    press(&mut app, "g g l");
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn the_series_view_groups_editions_under_their_conference() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts/series-folders");
    let collection = confnotes::notes::load_folder(&root).expect("fixture loads");
    let mut app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    let rect = app.layout().timeline.expect("timeline");
    assert!(region(&draw(&app), rect).contains("Events by year"));
    press(&mut app, "v");
    let buffer = draw(&app);
    let timeline = region(&buffer, rect);
    assert!(timeline.contains("Events by series"), "{timeline}");
    let pos = |s: &str| timeline.find(s).unwrap_or_else(|| panic!("{s} in\n{timeline}"));
    // Series newest first, editions newest first under them, the year telling them apart.
    assert!(pos("OxidConf") < pos("2023") && pos("2023") < pos("2019 Portland"), "{timeline}");
    assert!(pos("2019 Portland") < pos("ZoCon") && pos("ZoCon") < pos("Quirkyweave"), "{timeline}");
    assert!(!timeline.lines().any(|l| l.trim_matches(['│', ' ']) == "2024"), "no year headers");
    insta::assert_snapshot!(timeline);

    // The edition keys walk the series; the talks pane follows.
    press(&mut app, "{");
    let buffer = draw(&app);
    let talks = region(&buffer, app.layout().talks.expect("talks"));
    assert!(talks.contains("Portland 2019"), "{talks}");
    let status = region(&buffer, app.layout().status);
    assert!(status.contains("OxidConf: 2023 → 2019 (edition 1 of 2)"), "{status}");
    press(&mut app, "{");
    let status = region(&draw(&app), app.layout().status);
    assert!(status.contains("No earlier edition of OxidConf than 2019"), "{status}");
}

#[test]
fn the_edition_keys_show_the_other_edition_in_the_note_pane() {
    let mut app = bundled_app(160, 45);
    press(&mut app, "enter enter");
    assert_eq!(app.focus(), Pane::Note);
    press(&mut app, "{");
    let buffer = draw(&app);
    let note = region(&buffer, app.layout().note.expect("note"));
    assert!(note.contains("KubeCon + CloudNativeCon North America 2022"), "the Detroit overview:\n{note}");
    let talks = region(&buffer, app.layout().talks.expect("talks"));
    assert!(talks.contains("Detroit 2022"), "{talks}");
}

#[test]
fn help_lists_the_saved_search_and_series_keys() {
    let mut app = bundled_app(120, 40);
    press(&mut app, "?");
    let help: String = app.overlay_lines().iter().map(|l| format!("{l}\n")).collect();
    for (key, description) in [
        ("S", "Save the list filter as a named search"),
        ("d", "Delete the selected saved search"),
        ("v", "Group the timeline by conference series"),
        ("}", "Go to the next edition of the same conference"),
        ("{", "Go to the previous edition of the same conference"),
    ] {
        let line = help.lines().find(|l| l.contains(description)).unwrap_or_else(|| panic!("{description}:\n{help}"));
        assert!(line.contains(&format!(" {key} ")), "{line}");
    }
}

#[test]
fn a_filter_makes_the_talks_count_say_how_many_of_the_event_match() {
    let mut app = bundled_app(160, 45);
    let talks_bottom = |app: &confnotes::app::App| {
        let rect = app.layout().talks.expect("talks");
        let buffer = draw(app);
        let bottom = ratatui::layout::Rect { y: rect.y + rect.height - 1, height: 1, ..rect };
        region(&buffer, bottom)
    };
    let all = app.event_notes().len();
    assert!(talks_bottom(&app).contains(&format!("unread of {all}")), "{}", talks_bottom(&app));
    press(&mut app, "/ t o p i c : o 1 1 y enter");
    let shown = app.event_notes().to_vec();
    assert!(
        !shown.is_empty() && shown.len() < all,
        "the filter narrows Salt Lake City's {all} notes to {}",
        shown.len()
    );
    let unread = shown.iter().filter(|&&n| !app.is_read(n)).count();
    let event_unread = app.unread_in_event(app.event().expect("an event"));
    assert!(unread < event_unread, "the event has unread notes the filter hides");
    let bottom = talks_bottom(&app);
    let expected = match unread {
        0 => format!(" {} of {all} match ", shown.len()),
        u => format!(" {} of {all} match, {u} unread ", shown.len()),
    };
    assert!(bottom.contains(&expected), "{bottom} lacks {expected:?}");
}

#[test]
fn a_filter_makes_the_timeline_count_the_unread_notes_that_match_as_the_talks_pane_does() {
    let mut app = bundled_app(160, 45);
    let event_row = |app: &confnotes::app::App| {
        let buffer = draw(app);
        let timeline = region(&buffer, app.layout().timeline.expect("timeline"));
        timeline.lines().find(|l| l.contains("Salt Lake City")).unwrap_or_default().to_string()
    };
    let event = app.event().expect("an event");
    let all_unread = app.unread_in_event(event);
    assert!(event_row(&app).contains(&format!("({all_unread})")), "{}", event_row(&app));
    press(&mut app, "/ t o p i c : o 1 1 y enter");
    let unread = app.event_notes().iter().filter(|&&n| !app.is_read(n)).count();
    assert!(unread > 0 && unread < all_unread, "some unread notes match, not all");
    let row = event_row(&app);
    assert!(row.contains(&format!("({unread})")) && !row.contains(&format!("({all_unread})")), "{row}");
}

/// The status line (the screen's last row) as text.
fn status_line(app: &confnotes::app::App) -> String {
    screen(&draw(app)).lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_note_pane_offers_only_the_jumps_that_can_happen() {
    let mut app = bundled_app(160, 45);
    let note = |app: &confnotes::app::App, id: &str| app.collection().note_index(id).expect("bundled note");
    let oldest = note(&app, "2019-barcelona/observability.md");
    let newest = note(&app, "2024-11-salt-lake-city/observability.md");
    app.select_note(oldest);
    press(&mut app, "l l");
    let status = status_line(&app);
    assert!(status.contains("] next year") && status.contains("c compare"), "{status}");
    assert!(!status.contains("earlier year"), "{status}");
    app.select_note(newest);
    let status = status_line(&app);
    assert!(
        status.contains("[ earlier year") && !status.contains("next year"),
        "the newest year has no next: {status}"
    );
    press(&mut app, "]");
    assert_eq!(app.selected_note(), Some(newest));

    // Two notes that share nothing: no jump, no comparison, no link to follow.
    let dir = tempfile::tempdir().expect("tempdir");
    for (folder, text) in [
        ("2021-05-somewhere", "# Apples\n\nApples grow on trees.\n"),
        ("2023-05-elsewhere", "# Boats\n\nBoats float on water.\n"),
    ] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
        std::fs::write(dir.path().join(folder).join("talk.md"), text).expect("write");
    }
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let keymap = confnotes::keymap::Keymap::defaults().0;
    let mut app = common::sized(confnotes::app::App::new(collection, keymap, Default::default(), Vec::new()), 160, 45);
    press(&mut app, "enter enter");
    let status = status_line(&app);
    assert!(status.contains("Boats") && status.contains("/ search"), "{status}");
    for absent in ["year", "compare", "link"] {
        assert!(!status.contains(absent), "{absent}: {status}");
    }
}

#[test]
fn prompts_say_what_enter_does_and_the_cursor_moves_within_the_text() {
    let mut app = bundled_app(160, 45);
    let observability = app.collection().note_index("2019-barcelona/observability.md").expect("bundled note");
    app.select_note(observability);
    press(&mut app, "l l");
    for (keys, hint) in [("/", "enter search"), ("f", "enter follow"), ("b a", "enter save")] {
        press(&mut app, keys);
        let status = status_line(&app);
        assert!(status.contains(hint), "{keys}: {status}");
        assert!(!status.contains("enter save") || hint == "enter save", "{keys}: {status}");
        press(&mut app, "ctrl-c");
        assert!(app.prompt().is_none(), "ctrl-c cancels the prompt opened by {keys}");
    }
    press(&mut app, "/ b c left left a end d home x right right delete");
    assert_eq!(app.prompt().map(|p| p.field.text.as_str()), Some("xabd"));
    assert!(status_line(&app).contains("Search note: xab▏d"), "{}", status_line(&app));
    press(&mut app, "ctrl-a");
    assert!(status_line(&app).contains("Search note: ▏xabd"), "{}", status_line(&app));
    press(&mut app, "ctrl-e");
    assert!(status_line(&app).contains("Search note: xabd▏"), "{}", status_line(&app));
}

#[test]
fn help_descriptions_are_never_cut_and_wrap_at_small_widths() {
    for (width, height) in [(160, 45), (80, 24), (44, 30)] {
        let mut app = bundled_app(width, height);
        press(&mut app, "?");
        let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
        let text = lines.join("\n");
        assert!(!text.contains('…'), "{width}x{height}: nothing cut:\n{text}");
        let room = usize::from(confnotes::layout::popup(app.area()).width.saturating_sub(4));
        for line in &lines {
            assert!(confnotes::text::width(line) <= room, "{width}x{height}: {line:?} fits {room}");
        }
        // Every word of every description shown is there (wrapped, not cut).
        for action in confnotes::keymap::Action::ALL {
            let description = action.description();
            let first = description.split_whitespace().next().unwrap_or_default();
            if lines.iter().any(|l| l.contains(first)) {
                for word in description.split_whitespace() {
                    assert!(text.contains(word), "{width}x{height}: {word:?} of {description:?}:\n{text}");
                }
            }
        }
        if width >= 80 {
            assert!(lines.iter().any(|l| l.contains("Quit confnotes")), "{text}");
        }
    }
}

#[test]
fn the_links_list_names_the_notes_links_lead_to_and_marks_those_that_lead_nowhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-05-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    std::fs::write(
        event.join("alpha.md"),
        "# Alpha talk\n\nSee [the other one](beta.md), [a lost one](gone.md) and [the web](https://example.org).\n",
    )
    .expect("write");
    std::fs::write(event.join("beta.md"), "# Beta talk\n\nText.\n").expect("write");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let mut app = common::sized(
        confnotes::app::App::new(
            collection,
            confnotes::keymap::Keymap::defaults().0,
            confnotes::app::Settings::default(),
            Vec::new(),
        ),
        160,
        45,
    );
    let alpha = app.collection().note_index("2023-05-somewhere/alpha.md").expect("alpha");
    app.select_note(alpha);
    press(&mut app, "l");
    let text = screen(&draw(&app));
    assert!(text.contains("[1] note: Beta talk"), "{text}");
    assert!(text.contains("[2] ✗ leads nowhere: gone.md"), "{text}");
    assert!(text.contains("[3] https://example.org"), "{text}");
    assert!(!text.contains("note: beta.md"), "{text}");
}

/// The timeline of events written to a temporary folder: (folder, front matter lines).
fn timeline_of(events: &[(&str, &str)], width: u16, series_view: bool) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    for (folder, matter) in events {
        let event = dir.path().join(folder);
        std::fs::create_dir_all(&event).expect("event folder");
        std::fs::write(event.join("event.md"), format!("---\n{matter}\n---\nOverview.\n")).expect("write");
        std::fs::write(event.join("talk.md"), "# A talk\n\nText.\n").expect("write");
    }
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let mut app = common::sized(
        confnotes::app::App::new(
            collection,
            confnotes::keymap::Keymap::defaults().0,
            confnotes::app::Settings::default(),
            Vec::new(),
        ),
        width,
        45,
    );
    if series_view {
        press(&mut app, "v");
    }
    region(&draw(&app), app.layout().timeline.expect("timeline"))
}

#[test]
fn events_with_a_city_keep_their_names_and_the_city_follows() {
    let events = [
        ("2023-03-alpha", "name: Alpha Summit 2023\ncity: Ely"),
        ("2023-06-beta", "name: Beta Days 2023\ncity: Ely"),
        ("2023-09-gamma", "name: Gamma Conf 2023\ncity: Ayr"),
        ("2026-nordic", "name: 2026 NORDic\ncity: Ilvo"),
        ("2024-quill", "name: Quill Forum Ilvo 2024\ncity: Ilvo"),
    ];
    let timeline = timeline_of(&events, 160, false);
    for row in ["Alpha Summit · Ely", "Beta Days · Ely", "Gamma Conf · Ayr", "NORDic · Ilvo"] {
        assert!(timeline.contains(row), "{row}: {timeline}");
    }
    assert!(
        timeline.contains("Quill Forum Ilvo ") && !timeline.contains("Ilvo · "),
        "a city the name says is not said twice: {timeline}"
    );
    // Too narrow for both: the name stays whole, the city goes.
    let long = [("2023-03-alpha", "name: Alpha Summit Of Widgets 2023\ncity: Springfield")];
    let narrow = timeline_of(&long, 160, false);
    assert!(narrow.contains("Alpha Summit Of Widgets") && !narrow.contains("Springfield"), "{narrow}");
}

#[test]
fn editions_of_one_conference_are_told_apart_by_their_cities() {
    let events = [
        ("2023-03-europe", "name: Wcon Europe 2023\ncity: Ely\nseries: Wcon Europe"),
        ("2023-09-america", "name: Wcon America 2023\ncity: Ayr\nseries: Wcon America"),
        ("2023-11-america", "name: Wcon Day 2023\ncity: Ayr\nseries: Wcon Day"),
        ("2024-03-europe", "name: Wcon Europe 2024\ncity: Looe\nseries: Wcon Europe"),
    ];
    let timeline = timeline_of(&events, 160, false);
    assert!(timeline.contains("  Ely ") && timeline.contains("  Looe "), "{timeline}");
    assert!(!timeline.contains("Wcon Europe"), "the city tells the editions apart: {timeline}");
    // Several events of one year in one city are told apart by their names.
    assert!(timeline.contains("Ayr · Wcon America"), "{timeline}");
    assert!(timeline.contains("Ayr · Wcon Day"), "{timeline}");
    // One event of no series among them: the names come back, for all.
    let mixed = [events[0], events[3], ("2024-06-meetup", "name: Gadget Meetup 2024\ncity: Ely")];
    let timeline = timeline_of(&mixed, 160, false);
    assert!(timeline.contains("Wcon Europe · Ely") && timeline.contains("Gadget Meetup · Ely"), "{timeline}");
}

#[test]
fn the_series_view_says_an_unserialised_events_year_once() {
    // Its own header names the conference, as a series' does; the row says the edition's year.
    let events = [("2026-nordic", "name: 2026 NORDic\ncity: Ilvo"), ("2025-gadgets", "name: Gadgets2025\ncity: Ovra")];
    let timeline = timeline_of(&events, 160, true);
    assert!(timeline.contains(" NORDic ") && timeline.contains("  2026 Ilvo "), "{timeline}");
    assert_eq!(timeline.matches("2026").count(), 1, "{timeline}");
    assert!(
        timeline.contains(" Gadgets2025 ") && timeline.contains("  Ovra "),
        "the year no word of the name: {timeline}"
    );
    assert_eq!(timeline.matches("2025").count(), 1, "{timeline}");
}

#[test]
fn the_status_bar_shows_the_keys_of_the_focused_pane_from_the_keymap() {
    let (keymap, problems) =
        confnotes::keymap::Keymap::with_user_file("[global]\ntoggle-compare = [\"x\"]\n", "keymap.toml");
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = common::sized(
        confnotes::app::App::new(
            confnotes::notes::load_bundled(),
            keymap,
            confnotes::app::Settings::default(),
            Vec::new(),
        ),
        160,
        45,
    );
    let status = status_line(&app);
    assert!(status.contains("enter open") && status.contains("/ filter"), "timeline: {status}");
    assert!(!status.contains("l pane"), "not a fixed list: {status}");
    press(&mut app, "l");
    let status = status_line(&app);
    assert!(status.contains("enter read") && status.contains("n unread"), "talks: {status}");
    // A note (an overview has no year to compare with).
    press(&mut app, "j l");
    let status = status_line(&app);
    assert!(status.contains("/ search") && status.contains("x compare"), "note, with compare rebound: {status}");
    press(&mut app, "/ e enter");
    let status = status_line(&app);
    assert!(status.contains("n next match") && status.contains("esc clear search"), "searching: {status}");
    press(&mut app, "esc ?");
    assert!(status_line(&app).contains("esc close"), "help: {}", status_line(&app));
}

#[test]
fn the_topics_view_charts_topics_over_the_years_and_enter_opens_a_chosen_year() {
    use confnotes::app::ListTarget;
    let mut app = bundled_app(120, 36);
    press(&mut app, "t");
    let years = app.chart_years();
    let text = screen(&draw(&app));
    let (first, last) = (years[0], years[years.len() - 1]);
    for year in [first, last] {
        assert!(text.contains(&format!("'{:02}", year % 100)), "the chart's header names {year}:\n{text}");
    }
    assert!(text.contains('░') || text.contains('▒') || text.contains('▓'), "shaded cells:\n{text}");
    // The first topic in its first year: right picks the first column, then one column a year.
    let items = app.view_items();
    let ListTarget::Topic(topic) = &items[0].target else { panic!("topics list topics") };
    let year = app.related().topic_years(app.collection(), topic).into_iter().find_map(|(y, _)| y).expect("dated");
    let steps = (year - first + 1) as usize;
    press(&mut app, &vec!["right"; steps].join(" "));
    assert_eq!(app.chart_year(), Some(year));
    let text = screen(&draw(&app));
    assert!(text.contains('['), "the chosen cell is marked:\n{text}");
    press(&mut app, "left");
    assert_eq!(app.chart_year(), Some((year - 1).max(first)), "left moves one year back, not past the first");
    press(&mut app, &format!("right{}", if year > first { "" } else { " left" }));
    assert_eq!(app.chart_year(), Some(year));
    press(&mut app, "enter");
    assert_eq!(app.overlay_title(), format!(" Topic across the years · /{year} "));
    let shown = app.view_items();
    assert!(!shown.is_empty() && shown.iter().all(|i| i.group == year.to_string()), "only {year}: {shown:?}");
}

#[test]
fn a_narrow_topics_chart_marks_the_years_it_hides_and_scrolls_to_them() {
    // Into the talks list first: its cut titles end in `…` at the pane's last column.
    let mut app = bundled_app(50, 20);
    press(&mut app, "j enter t");
    let years = app.chart_years();
    let buffer = draw(&app);
    let text = screen(&buffer);
    let first = format!("'{:02}", years[0] % 100);
    let header = text.lines().find(|l| l.contains('‹')).unwrap_or_else(|| panic!("a marker of years hidden:\n{text}"));
    assert!(header.contains(&format!("‹{first}")), "the years hidden, back to the first:\n{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains('◂')).collect();
    assert!(!rows.is_empty(), "each row counts its hidden notes:\n{text}");
    // Nothing of the panes behind shows in the column either side of the popup.
    let popup = confnotes::layout::popup(app.area());
    for y in popup.y..popup.bottom() {
        for x in [popup.x - 1, popup.right()] {
            assert_eq!(buffer[(x, y)].symbol(), " ", "({x}, {y}) beside the popup:\n{text}");
        }
    }
    // Left as far as the first year scrolls the chart to it.
    press(&mut app, &vec!["left"; years.len()].join(" "));
    assert_eq!(app.chart_year(), Some(years[0]));
    let text = screen(&draw(&app));
    assert!(text.contains(&first) && text.contains('▸'), "the first year shows, later ones are marked:\n{text}");
}

/// An event folder with slides and a picture beside its note: `A` lists them
/// with their sizes, and Enter hands the chosen one to the system opener.
#[test]
fn an_events_attachments_are_listed_and_the_chosen_one_opens() {
    use confnotes::app::{App, Effect, Settings};
    use confnotes::keymap::{parse_chord, Keymap};
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-06-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    std::fs::write(event.join("a-talk.md"), "# A talk\n\nNotes.\n").expect("note");
    std::fs::write(event.join("keynote-slides.pdf"), vec![0u8; 3 * 1024]).expect("pdf");
    std::fs::write(event.join("whiteboard.jpg"), vec![0u8; 500]).expect("image");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let mut app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 120, 40);
    press(&mut app, "A");
    let shown = screen(&draw(&app));
    assert!(shown.contains("Attachments"), "the view is open:\n{shown}");
    assert!(shown.contains("keynote-slides.pdf") && shown.contains("3.0 KB"), "the PDF and its size:\n{shown}");
    assert!(shown.contains("whiteboard.jpg") && shown.contains("500 B"), "the picture and its size:\n{shown}");
    assert!(!shown.contains("a-talk.md"), "notes are not attachments:\n{shown}");
    press(&mut app, "down");
    let effects = app.handle_key(parse_chord("enter").expect("key"));
    assert_eq!(
        effects,
        vec![Effect::OpenFile { root: dir.path().to_path_buf(), file: "2023-06-somewhere/whiteboard.jpg".into() }]
    );
}

#[test]
fn an_event_without_attachments_says_so() {
    let mut app = fixture_app(160, 45);
    press(&mut app, "A");
    let shown = screen(&draw(&app));
    assert!(shown.contains("no files besides its notes"), "{shown}");
}

#[test]
fn the_speakers_view_draws_each_speaker_with_talks_and_years_then_their_talks() {
    let mut app = fixture_app(120, 36);
    press(&mut app, "P");
    let text = screen(&draw(&app));
    assert!(text.contains(" Speakers "), "titled:\n{text}");
    let line = text.lines().position(|l| l.contains("Ada Lovelace")).unwrap_or_else(|| panic!("named:\n{text}"));
    let under = text.lines().nth(line + 1).unwrap_or_default();
    assert!(under.contains("1 talk · 2019"), "talks and years under the name:\n{text}");
    assert!(!text.contains("Engines Ltd"), "the affiliation is not part of the name:\n{text}");
    press(&mut app, "/ l o v e enter enter");
    let text = screen(&draw(&app));
    assert!(text.contains("Talks by Ada Lovelace"), "{text}");
    assert!(text.contains("2019 · Barcelona · Meshes everywhere"), "year · event · title:\n{text}");
    press(&mut app, "esc");
    assert!(!screen(&draw(&app)).contains("Talks by"), "esc goes back to the speakers");
    assert_eq!(app.view_filter(), "love", "their filter kept");
    press(&mut app, "esc");
    assert_eq!(app.view_filter(), "", "esc clears the filter first");
    assert!(app.overlay().is_some());
    press(&mut app, "esc");
    assert_eq!(app.overlay(), None, "then esc closes the view");
}

/// A collection of one note showing `pictures` (name, width, height in
/// pixels), written as PNGs beside it, between paragraphs.
fn note_with_pictures(pictures: &[(&str, u32, u32)], after: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-06-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    let mut body = String::from("# A talk\n\nThe opening words.\n\n");
    for &(name, width, height) in pictures {
        let png = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 200]));
        png.save(event.join(format!("{name}.png"))).expect("png written");
        body.push_str(&format!("![{name}]({name}.png)\n\nAfter the {name}.\n\n"));
    }
    body.push_str(after);
    std::fs::write(event.join("a-talk.md"), body).expect("note");
    dir
}

fn app_of(dir: &std::path::Path, width: u16, height: u16) -> confnotes::app::App {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let collection = confnotes::notes::load_folder(dir).expect("loads");
    let mut app =
        common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), width, height);
    press(&mut app, "enter enter");
    app
}

/// Decodes the pictures the app asked for, in half blocks, as the runtime's
/// worker would, and hands them over together.
fn deliver_pictures(app: &mut confnotes::app::App) {
    use ratatui_image::picker::Picker;
    let loaded = app
        .take_picture_requests()
        .into_iter()
        .map(|key| confnotes::pictures::Loaded { result: confnotes::pictures::load(&Picker::halfblocks(), &key), key })
        .collect();
    let _ = app.notice(confnotes::app::Notice::PicturesLoaded(loaded));
}

/// The screen's rows, and the first holding `text`.
fn row_of(rows: &[&str], text: &str) -> usize {
    rows.iter().position(|r| r.contains(text)).unwrap_or_else(|| panic!("no {text:?}:\n{}", rows.join("\n")))
}

#[test]
fn a_picture_takes_the_rows_of_its_own_shape_once_decoded() {
    // A 16x16 icon shows at its own size in half blocks (16 cells by 8), a
    // wide chart across the pane, a tall one within half the pane's height.
    let dir = note_with_pictures(&[("icon", 16, 16), ("chart", 400, 100), ("portrait", 60, 300)], "The end.\n");
    let mut app = app_of(dir.path(), 160, 100);
    deliver_pictures(&mut app);
    let note = app.layout().note.expect("note pane");
    let buffer = draw(&app);
    let text = region(&buffer, note);
    let rows: Vec<&str> = text.lines().collect();
    let blocks = |row: &str| row.chars().filter(|c| matches!(c, '▀' | '▄' | '█')).count();
    for (name, own_size) in [("icon", Some((16, 8))), ("chart", None), ("portrait", None)] {
        let (first, after) =
            (row_of(&rows, &format!("[image: {name}]")) + 1, row_of(&rows, &format!("After the {name}.")));
        // The picture's rows, then the blank line before the next paragraph: no empty rows kept.
        let picture = &rows[first..after - 1];
        assert!(picture.iter().all(|r| blocks(r) > 0), "{name}: every row kept shows the picture:\n{text}");
        assert!(rows[after - 1].trim_matches('│').trim().is_empty(), "{name}: a gap, then text:\n{text}");
        if let Some(size) = own_size {
            assert_eq!((blocks(picture[0]), picture.len()), size, "{name} at its own size:\n{text}");
        }
    }
    assert_eq!(app.pictures().resized, 1, "three pictures decoded together: the note laid out again once");
    let inner_height = usize::from(note.height) - 2;
    let portrait = row_of(&rows, "After the portrait.") - row_of(&rows, "[image: portrait]") - 2;
    assert!(portrait <= inner_height / 2, "a tall picture within half the pane: {portrait} rows");
    let chart = &rows[row_of(&rows, "[image: chart]") + 1];
    assert_eq!(blocks(chart), usize::from(note.width) - 4, "a wide picture spans the pane");
}

#[test]
fn the_line_read_stays_in_place_when_a_picture_above_it_comes_with_its_own_size() {
    let paragraphs: String = (1..=60).map(|n| format!("Paragraph {n} of the talk.\n\n")).collect();
    let dir = note_with_pictures(&[("chart", 400, 100)], &paragraphs);
    let mut app = app_of(dir.path(), 120, 40);
    let note = app.layout().note.expect("note pane");
    let top = |app: &confnotes::app::App| region(&draw(app), note).lines().nth(1).unwrap_or_default().to_string();
    let rendered = app.rendered().expect("rendered");
    let line = (0..rendered.lines.len()).find(|&i| rendered.lines.plain(i) == "Paragraph 20 of the talk.");
    let rows_before = rendered.images[0].rows;
    app.scroll_note_to(line.expect("the paragraph's line"));
    assert!(top(&app).contains("Paragraph 20 of"), "{}", top(&app));
    deliver_pictures(&mut app);
    let rows_after = app.rendered().expect("rendered").images[0].rows;
    assert_ne!(rows_before, rows_after, "the picture's own shape took other rows than the guess");
    assert!(top(&app).contains("Paragraph 20 of"), "the same line on top: {}", top(&app));
}

#[test]
fn the_recently_read_view_lists_the_note_read_last_first_and_opens_it() {
    let mut app = bundled_app(160, 45);
    press(&mut app, "R");
    assert_eq!(app.overlay(), None, "nothing read yet: no view");
    assert_eq!(app.message(), Some("Nothing read yet"));
    for id in ["2019-barcelona/observability.md", "2022-10-detroit/networking-ebpf.md"] {
        app.select_note(app.collection().note_index(id).expect("bundled note"));
        press(&mut app, "l enter h h");
    }
    press(&mut app, "R");
    let text = screen(&draw(&app));
    assert!(text.contains("Recently read"), "{text}");
    let (ebpf, tracing) = (text.find("Networking and eBPF"), text.find("Monitoring, logging and tracing"));
    assert!(ebpf.is_some() && tracing.is_some() && ebpf < tracing, "the note read last first:\n{text}");
    press(&mut app, "j enter");
    assert_eq!(app.overlay(), None);
    let opened = app.selected_note().map(|n| app.collection().notes[n].id.0.clone());
    assert_eq!(opened.as_deref(), Some("2019-barcelona/observability.md"));
}

#[test]
fn the_topics_charts_years_stay_above_the_rows_as_the_list_scrolls() {
    let mut app = bundled_app(120, 16);
    press(&mut app, "t");
    let first = format!("'{:02}", app.chart_years()[0] % 100);
    let popup = confnotes::layout::popup(app.area());
    let header_row = |app: &confnotes::app::App| {
        let buffer = draw(app);
        let text = region(&buffer, popup);
        text.lines().nth(1).unwrap_or_default().to_string()
    };
    assert!(header_row(&app).contains(&first), "{}", header_row(&app));
    press(&mut app, "G");
    assert!(app.view_items().len() * 2 > usize::from(popup.height), "more rows than the popup holds");
    let text = screen(&draw(&app));
    assert!(header_row(&app).contains(&first), "the header stays at the top:\n{text}");
    assert_eq!(text.matches(&first).count(), 1, "once:\n{text}");
}

#[test]
fn enter_on_an_empty_cell_of_the_topics_chart_says_so_instead_of_opening_an_empty_list() {
    use confnotes::app::ListTarget;
    let mut app = bundled_app(120, 36);
    press(&mut app, "t");
    let years = app.chart_years();
    // A topic and a year of the chart in which it has no note.
    let (row, topic, year) = (app.view_items().iter().enumerate())
        .find_map(|(row, item)| {
            let ListTarget::Topic(topic) = &item.target else { return None };
            let has: Vec<i32> =
                app.related().topic_years(app.collection(), topic).into_iter().filter_map(|(y, _)| y).collect();
            let empty = years.iter().find(|y| !has.contains(y))?;
            Some((row, item.title.clone(), *empty))
        })
        .expect("a topic missing from some year of the bundled notes");
    if row > 0 {
        press(&mut app, &vec!["j"; row].join(" "));
    }
    let steps = years.iter().position(|&y| y == year).expect("a chart year") + 1;
    press(&mut app, &vec!["right"; steps].join(" "));
    assert_eq!(app.chart_year(), Some(year));
    press(&mut app, "enter");
    assert_eq!(app.overlay_title(), " Topics ", "still the chart, not an empty timeline");
    let message = app.message().unwrap_or_default().to_string();
    assert!(message.contains(&topic) && message.contains(&year.to_string()), "{message}");
}

/// An event folder with notes but no overview file: its overview page says
/// so and lists the notes, instead of a card over a blank page.
#[test]
fn an_event_without_an_overview_file_shows_its_notes_not_a_blank_page() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-06-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    std::fs::write(event.join("otters.md"), "# Otters at scale\n\nspeaker: Ada Lovelace\n\nNotes.\n").expect("note");
    std::fs::write(event.join("beavers.md"), "# Beavers in production\n\nNotes.\n").expect("note");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    let buffer = draw(&app);
    let note = region(&buffer, app.layout().note.expect("note pane"));
    assert!(note.contains("no overview"), "says why the page is short:\n{note}");
    for title in ["Otters at scale", "Beavers in production"] {
        assert!(note.contains(title), "{title} listed:\n{note}");
    }
}

/// An empty note (a file made before the talk, or only its title) says so:
/// a card over a blank pane reads as a note that failed to load.
#[test]
fn an_empty_note_says_it_has_no_text() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2023-06-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    std::fs::write(event.join("event.md"), "# Somewhere 2023\n\nThe overview.\n").expect("overview");
    std::fs::write(event.join("placeholder.md"), "").expect("note");
    std::fs::write(event.join("title-only.md"), "# Only a title\n\n").expect("note");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let mut app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    for id in ["2023-06-somewhere/placeholder.md", "2023-06-somewhere/title-only.md"] {
        let n = app.collection().note_index(id).expect("note");
        app.select_note(n);
        app.set_focus(Pane::Talks);
        press(&mut app, "enter");
        let buffer = draw(&app);
        let note = region(&buffer, app.layout().note.expect("note pane"));
        assert!(note.contains("no text"), "{id} says it is empty:\n{}", common::screen(&buffer));
    }
}

/// A title underlined with `===` is the card's title, as a `# Title` is:
/// not read twice, on the card and again as the body's first line.
#[test]
fn an_underlined_title_heading_is_not_repeated_under_the_card() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2015-forum");
    std::fs::create_dir_all(&event).expect("event folder");
    std::fs::write(event.join("event.md"), "# Forum 2015\n\nThe overview.\n").expect("overview");
    let note = "Data Designed for Discovery\n===========================\n\nRoy Example, Research\n\n* a point\n";
    std::fs::write(event.join("discovery.md"), note).expect("note");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let mut app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    let n = app.collection().note_index("2015-forum/discovery.md").expect("note");
    assert_eq!(app.collection().notes[n].title, "Data Designed for Discovery");
    app.select_note(n);
    app.set_focus(Pane::Talks);
    press(&mut app, "enter");
    let buffer = draw(&app);
    let pane = region(&buffer, app.layout().note.expect("note pane"));
    assert_eq!(pane.matches("Data Designed for Discovery").count(), 1, "{pane}");
    assert!(pane.contains("Roy Example, Research") && !pane.contains("====="), "{pane}");
}

/// A bookmark's line too long for the view cuts the note's title, not the
/// section it points at: two bookmarks in one note stay told apart.
#[test]
fn a_bookmarks_section_stays_in_view_when_its_line_is_cut() {
    let mut app = bundled_app(80, 24);
    let n = app.collection().note_index("2024-11-salt-lake-city/ai-ml.md").expect("bundled note");
    app.select_note(n);
    app.set_focus(Pane::Talks);
    press(&mut app, "enter G b");
    let message = app.message().unwrap_or_default().to_string();
    let heading = message.split('“').nth(1).and_then(|rest| rest.split('”').next()).expect("bookmarked at a section");
    press(&mut app, "B");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines[0].contains('…'), "the line is cut at 80 columns: {lines:?}");
    assert!(lines[0].trim_end().ends_with(&format!("› {heading}")), "{lines:?}");
}

/// A talks pane too narrow for a group heading drops its coarser parts
/// first: `… › Session 2: Monetary…` says which session, `Notes › Day 1 › Se…` not.
#[test]
fn a_cut_group_heading_keeps_its_finest_part() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2015-01-somewhere");
    std::fs::create_dir_all(&event).expect("event folder");
    let text = "# Somewhere 2015\n\n## Notes\n\n### Day 1\n\n#### Session 1: Tidal flows\n\n**A1. Opening**\n\n- x\n\n\
                **A2. Second**\n\n- x\n\n#### Session 2: Monetary policy\n\n**B1. Five**\n\n- x\n\n**B2. Six**\n\n- x\n";
    std::fs::write(event.join("notes.md"), text).expect("notes");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let groups: Vec<String> =
        collection.notes.iter().filter_map(|n| n.group().map(str::to_string)).filter(|g| g.contains('›')).collect();
    assert!(!groups.is_empty(), "a group of two headings: {groups:?}");
    let mut app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 80, 24);
    press(&mut app, "l");
    let buffer = draw(&app);
    let talks = region(&buffer, app.layout().talks.expect("talks pane"));
    assert!(talks.contains("… › Session 2: Mon"), "the session's name, not the day's, is kept:\n{talks}");
}

/// In the series view, two editions of one series in one year (an East and
/// a West edition) are told apart by their names, not shown as two rows
/// reading only the year.
#[test]
fn the_series_view_tells_apart_two_editions_of_one_year() {
    use confnotes::app::{App, Settings};
    use confnotes::keymap::Keymap;
    let dir = tempfile::tempdir().expect("temp dir");
    let series = dir.path().join("Widgetconf");
    std::fs::create_dir_all(&series).expect("series folder");
    for side in ["East", "West"] {
        let text = format!(
            "# Widgetconf {side} 2022\n\n## Conference Details\n\nLocation: somewhere\n\n## Talks\n\n\
             ### A. Gadgets at scale\n\n- x\n\n### B. Sprockets\n\n- y\n"
        );
        std::fs::write(series.join(format!("widgetconf-{}-2022.md", side.to_lowercase())), text).expect("event");
    }
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    let mut app = common::sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    press(&mut app, "v");
    let buffer = draw(&app);
    let timeline = region(&buffer, app.layout().timeline.expect("timeline pane"));
    assert!(timeline.contains("Events by series"), "{timeline}");
    for side in ["East", "West"] {
        // The words both names share are the series' header already.
        assert!(timeline.contains(&format!("2022 · {side} ")), "{side}:\n{timeline}");
    }
}

#[test]
fn a_comparisons_key_hint_stays_whole_on_a_narrow_status_line_and_its_reason_is_cut() {
    let mut app = bundled_app(160, 45);
    let n = app.collection().note_index("2019-barcelona/towards-stateful-serverless.md").expect("note");
    app.select_note(n);
    press(&mut app, "c");
    let wide = status_line(&app);
    assert!(wide.contains("; c: next)") && !wide.contains('…'), "at 160 columns all of it: {wide}");
    for columns in [50, 40] {
        let mut app = common::sized(bundled_app(160, 45), columns, 24);
        app.select_note(n);
        press(&mut app, "c");
        let status = status_line(&app);
        assert!(status.contains("; c: next)"), "at {columns} columns the hint stays: {status}");
        assert!(status.contains("Beside: ") && status.contains('…'), "the reason is what is cut: {status}");
    }
    // With room for more than the hint, the topic's words give way before the years.
    let mut app = common::sized(bundled_app(160, 45), 60, 24);
    app.select_note(n);
    press(&mut app, "c c");
    let status = status_line(&app);
    assert!(status.contains(" · 2019 → 2022 (2 of 3; c: next)"), "the years and the hint stay: {status}");
    assert!(status.contains("Beside: topic: Sto") && status.contains('…'), "the topic's words are cut: {status}");
}

#[test]
fn f_follows_a_lone_link_at_once_says_what_it_opened_and_enter_in_the_note_pane_leaves_it_be() {
    let mut app = bundled_app(160, 45);
    let from = app.collection().note_index("2019-barcelona/keynote-cern-higgs.md").expect("note");
    app.select_note(from);
    press(&mut app, "l l f");
    let status = status_line(&app);
    assert!(status.contains("Link 1: “Five Ways With a CNI") && status.contains("ctrl-o goes back"), "{status}");
    press(&mut app, "enter");
    let status = status_line(&app);
    assert!(!status.contains("talks pane"), "enter in the note pane explains nothing away: {status}");
    assert!(screen(&draw(&app)).contains("Five Ways With a CNI"), "the linked note stays shown");
}
