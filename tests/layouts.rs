//! Note folders as people already keep them (tests/fixtures/layouts/):
//! each layout of docs/notes-format.md, "Folders as people already keep
//! them", opens with the events, years, series, talks and overviews a
//! reader would expect, and untagged notes are related across years.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{draw, press, region, sized};
use confnotes::app::{App, Document, EditRequest, Effect, MouseInput, MouseKind, Notice, Settings};
use confnotes::keymap::{parse_chord, Keymap};
use confnotes::layout::Pane;
use confnotes::notes::{load_bundled, load_folder, Collection};
use confnotes::relate::{Direction, RelatedIndex};

fn fixture_root(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts").join(name)
}

fn fixture(name: &str) -> Collection {
    let c = load_folder(&fixture_root(name)).expect("fixture loads");
    // Files skipped as not notes (a licence) are no problems.
    assert!(c.warnings.iter().all(|w| w.is_skipped()), "{name}: {:#?}", c.warnings);
    c
}

/// `(folder, name, start)` of every event, in timeline order.
fn events(c: &Collection) -> Vec<(&str, &str, Option<String>)> {
    c.events.iter().map(|e| (e.folder.as_str(), e.name.as_str(), e.start.map(|d| d.to_string()))).collect()
}

fn event<'c>(c: &'c Collection, folder: &str) -> &'c confnotes::notes::Event {
    c.events.iter().find(|e| e.folder == folder).unwrap_or_else(|| panic!("no event {folder}"))
}

fn event_index(c: &Collection, folder: &str) -> usize {
    c.events.iter().position(|e| e.folder == folder).unwrap_or_else(|| panic!("no event {folder}"))
}

/// Ids of an event's notes, in list order.
fn note_ids<'c>(c: &'c Collection, folder: &str) -> Vec<&'c str> {
    event(c, folder).notes.iter().map(|&n| c.notes[n].id.0.as_str()).collect()
}

fn note(c: &Collection, id: &str) -> usize {
    c.note_index(id).unwrap_or_else(|| panic!("no note {id}"))
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn event_folders_have_the_year_anywhere_in_their_name_and_undated_groups_come_last() {
    let c = fixture("event-folders");
    assert_eq!(
        events(&c),
        [
            ("MarmotCon-2017", "MarmotCon 2017", some("2017")),
            ("Re_Ignite_2018", "Re Ignite 2018", some("2018")),
            ("kubecon-eu-2019", "KubeCon EU 2019 (second notebook)", some("2019")),
            // Named by their own README's heading.
            ("2019-05-barcelona", "KubeCon Barcelona", some("2019-05-20")),
            ("kubecon-eu-2022", "KubeCon EU 2022, Valencia", some("2022-05-16")),
            ("meetups", "Meetups", None),
            ("random", "Random", None),
        ]
    );
    assert_eq!(
        c.intro.as_deref().map(str::trim),
        Some("# Conference notes\n\nNotes I took at conferences, one folder per event.")
    );
    // LICENSE, LICENSE.md, mkdocs.yaml, config.toml, photo.png and .hidden.md are no notes, and no warnings.
    assert_eq!(note_ids(&c, "MarmotCon-2017"), ["MarmotCon-2017/day-1/generics.md"]);
    assert_eq!(
        note_ids(&c, "2019-05-barcelona"),
        ["2019-05-barcelona/observability.md", "2019-05-barcelona/service-mesh.md"]
    );
    assert_eq!(c.notes.len(), 8);
}

#[test]
fn overviews_come_from_readme_index_or_underscore_index_and_date_lines_refine_the_folder_year() {
    let c = fixture("event-folders");
    let barcelona = event(&c, "2019-05-barcelona");
    assert_eq!(barcelona.overview_file.as_deref(), Some("2019-05-barcelona/README.md"));
    assert!(barcelona.overview.contains("Three days of talks"), "{}", barcelona.overview);
    assert_eq!(barcelona.end.map(|d| d.to_string()), some("2019-05-23"), "from `May 20-23, 2019`");
    let second = event(&c, "kubecon-eu-2019");
    assert_eq!(second.overview_file.as_deref(), Some("kubecon-eu-2019/index.md"));
    assert_eq!(second.overview.trim(), "The same conference, notes from a colleague.");
    let valencia = event(&c, "kubecon-eu-2022");
    assert_eq!(valencia.overview_file.as_deref(), Some("kubecon-eu-2022/_index.md"));
    assert_eq!(valencia.end.map(|d| d.to_string()), some("2022-05-20"), "from `16-20 May 2022`");
    assert!(event(&c, "random").overview.is_empty());
}

#[test]
fn editions_in_event_folders_make_a_series() {
    let c = fixture("event-folders");
    let (eu2019, eu2022) = (event_index(&c, "kubecon-eu-2019"), event_index(&c, "kubecon-eu-2022"));
    assert_eq!(c.events[eu2019].series_key.as_deref(), Some("kubeconeu"));
    assert_eq!(c.events[eu2022].series.as_deref(), Some("KubeCon EU"), "as the editions write it");
    assert_eq!(c.series_editions(eu2022), [eu2019, eu2022]);
    let barcelona = event_index(&c, "2019-05-barcelona");
    assert_eq!((c.events[barcelona].series.as_deref(), c.events[barcelona].series_key.as_deref()), (None, None));
    assert_eq!(c.series_editions(barcelona), [barcelona], "an event of no series is its only edition");
    assert!(c.events.iter().filter(|e| e.start.is_none()).all(|e| e.series_key.is_none()));
}

#[test]
fn year_folders_hold_event_folders_and_one_file_events() {
    let c = fixture("year-folders");
    assert_eq!(
        events(&c),
        [
            ("2016/quirkyweave", "Quirky Weave", some("2016-09-15")),
            ("2018/quirkyweave", "Quirkyweave", some("2018")),
            ("2018/talks-i-missed", "Talks I missed", some("2018")),
            ("2018/marmotcon.md", "MarmotCon", some("2018-08-27")),
            ("2018/zocon-de", "ZoCon DE", some("2018-10-24")),
        ]
    );
    assert_eq!(event(&c, "2018/zocon-de").end.map(|d| d.to_string()), some("2018-10-26"), "`24. bis 26. Oktober`");
    assert_eq!(event(&c, "2016/quirkyweave").overview_file.as_deref(), Some("2016/quirkyweave/README.md"));
    // 2018/README.md describes the year: it is neither an event nor a note.
    assert!(c.notes.iter().all(|n| n.source_file() != "2018/README.md"));
    let years: Vec<Option<i32>> = c.events.iter().map(|e| e.year()).collect();
    assert_eq!(years, [Some(2016), Some(2018), Some(2018), Some(2018), Some(2018)]);
}

#[test]
fn the_same_folder_name_in_two_year_folders_is_one_series() {
    let c = fixture("year-folders");
    let (early, late) = (event_index(&c, "2016/quirkyweave"), event_index(&c, "2018/quirkyweave"));
    assert_eq!(c.events[late].series.as_deref(), Some("Quirky Weave"), "as the 2016 edition writes it");
    assert_eq!(c.series_editions(early), [early, late]);
    assert_eq!(c.events[event_index(&c, "2018/zocon-de")].series_key, None, "one edition is no series");
}

#[test]
fn a_folder_holding_only_its_readme_is_split_into_talks() {
    let c = fixture("year-folders");
    assert_eq!(
        note_ids(&c, "2018/talks-i-missed"),
        ["2018/talks-i-missed/README.md#first-talk", "2018/talks-i-missed/README.md#second-talk"]
    );
    assert_eq!(event(&c, "2018/talks-i-missed").overview.trim(), "# Talks I missed");
    assert_eq!(note_ids(&c, "2018/marmotcon.md"), ["2018/marmotcon.md#go-2-drafts", "2018/marmotcon.md#modules"]);
}

#[test]
fn series_folders_hold_one_file_or_folder_per_edition() {
    let c = fixture("series-folders");
    assert_eq!(
        events(&c),
        [
            ("quirkyweave/2016", "Quirkyweave 2016", some("2016")),
            ("quirkyweave/2018", "Quirkyweave 2018", some("2018")),
            ("ZoCon/zocon-us-2019.md", "ZoCon US 2019", some("2019-05-01")),
            ("oxidconf/oxidconf-2019.md", "OxidConf 2019", some("2019-08-22")),
            ("ZoCon/zocon-us-2022.md", "ZoCon US 2022", some("2022-04-27")),
            ("oxidconf/OXIDCONF-2023.md", "OxidConf 2023", some("2023-09-12")),
            ("ZoCon", "ZoCon", None),
        ]
    );
    let series: Vec<(Option<&str>, Option<&str>)> =
        c.events.iter().map(|e| (e.series.as_deref(), e.series_key.as_deref())).collect();
    assert_eq!(
        series,
        [
            (Some("Quirkyweave"), Some("quirkyweave")),
            (Some("Quirkyweave"), Some("quirkyweave")),
            (Some("ZoCon"), Some("zocon")),
            (Some("OxidConf"), Some("oxidconf")),
            (Some("ZoCon"), Some("zocon")),
            (Some("OxidConf"), Some("oxidconf")),
            (None, None),
        ]
    );
    let zocon_2019 = event_index(&c, "ZoCon/zocon-us-2019.md");
    let zocon_2022 = event_index(&c, "ZoCon/zocon-us-2022.md");
    assert_eq!(c.series_editions(zocon_2022), [zocon_2019, zocon_2022]);
    assert_eq!(event(&c, "ZoCon/zocon-us-2022.md").end.map(|d| d.to_string()), some("2022-05-05"));
    assert_eq!(event(&c, "oxidconf/oxidconf-2019.md").city.as_deref(), Some("Portland"));
    // The series folder's files without a year stay together, undated, with its README as overview.
    assert_eq!(note_ids(&c, "ZoCon"), ["ZoCon/sprint-ideas.md"]);
    assert_eq!(event(&c, "ZoCon").overview.trim(), "My ZoCon notes, one file a year.");
}

#[test]
fn bold_lines_standing_alone_are_talks_and_name_their_kind() {
    let c = fixture("series-folders");
    let talks: Vec<(&str, Option<&str>)> = event(&c, "oxidconf/OXIDCONF-2023.md")
        .notes
        .iter()
        .map(|&n| (c.notes[n].title.as_str(), c.notes[n].kind.as_deref()))
        .collect();
    assert_eq!(talks, [("Keynote: Opening", Some("keynote")), ("Async Rust in practice", None)]);
    let c = fixture("one-file");
    let talks: Vec<(&str, Option<&str>)> = event(&c, "zocon-it-2019.md")
        .notes
        .iter()
        .map(|&n| (c.notes[n].title.as_str(), c.notes[n].kind.as_deref()))
        .collect();
    assert_eq!(
        talks,
        [
            ("A. Keynote: Jane Doe", Some("keynote")),
            ("B. Asyncio in produzione", None),
            ("C. Panel: Python e dati", Some("panel")),
        ]
    );
    assert_eq!(event(&c, "zocon-it-2019.md").start.map(|d| d.to_string()), some("2019-05-02"), "`2-5 maggio 2019`");
}

#[test]
fn a_one_file_event_shows_its_sections_as_talks_grouped_by_coarser_headings() {
    let c = fixture("one-file");
    let keldam = event(&c, "keldam-2020.md");
    assert_eq!(keldam.name, "KELDAM 2020");
    assert_eq!(
        (keldam.start.map(|d| d.to_string()), keldam.end.map(|d| d.to_string())),
        (some("2020-02-01"), some("2020-02-02"))
    );
    let talks: Vec<(&str, &str, Option<&str>, usize)> = keldam
        .notes
        .iter()
        .map(|&n| {
            let n = &c.notes[n];
            (n.id.0.as_str(), n.title.as_str(), n.group(), n.source_line)
        })
        .collect();
    assert_eq!(
        talks,
        [
            ("keldam-2020.md#rust-in-the-kernel", "Rust in the kernel", Some("Saturday"), 9),
            ("keldam-2020.md#wasm-outside-the-browser", "WASM outside the browser", Some("Saturday"), 17),
            ("keldam-2020.md#rust-in-the-kernel-1", "Rust in the kernel", Some("Sunday"), 30),
            ("keldam-2020.md#closing-keynote", "Closing keynote", Some("Sunday"), 34),
        ]
    );
    let kernel = &c.notes[note(&c, "keldam-2020.md#rust-in-the-kernel")];
    assert_eq!((kernel.source_file(), kernel.body_line), ("keldam-2020.md", 9));
    let kernel_body = c.text_of(kernel).expect("read");
    assert!(kernel_body.starts_with("### Rust in the kernel\n"), "{kernel_body}");
    assert!(kernel_body.contains("#### Questions"), "finer headings stay in the talk");
    assert!(!kernel_body.contains("WASM"), "{kernel_body}");
    let wasm = &c.notes[note(&c, "keldam-2020.md#wasm-outside-the-browser")];
    let wasm_body = c.text_of(wasm).expect("read");
    assert!(wasm_body.contains("## This is not a heading") && wasm_body.contains("sandboxing"), "{wasm_body}");
    // The text before the first talk, and a group's own text, are the overview.
    assert_eq!(keldam.overview_file.as_deref(), Some("keldam-2020.md"));
    assert!(keldam.overview.starts_with("# KELDAM 2020\n\n1-2 February 2020"), "{}", keldam.overview);
    assert!(keldam.overview.contains("## Sunday\n\nA quieter day."), "{}", keldam.overview);
    assert!(!keldam.overview.contains("Why the kernel"), "{}", keldam.overview);
}

#[test]
fn a_file_whose_headings_never_repeat_is_one_note_and_date_lines_date_undated_files() {
    let c = fixture("one-file");
    let bevixx = event(&c, "bevixx-2021.md");
    assert_eq!((bevixx.name.as_str(), bevixx.year()), ("Bevixx 2021", Some(2021)));
    assert_eq!(note_ids(&c, "bevixx-2021.md"), ["bevixx-2021.md"]);
    assert_eq!(c.notes[bevixx.notes[0]].title, "Bevixx 2021 notes");
    assert!(bevixx.overview.is_empty());
    let ideas = event(&c, "ideas.md");
    assert_eq!(ideas.start.map(|d| d.to_string()), some("2023-03-14"), "`Written on 2023-03-14`");
    assert_eq!(note_ids(&c, "ideas.md"), ["ideas.md#one", "ideas.md#two"]);
}

#[test]
fn links_to_a_section_relate_to_that_talk_and_links_to_the_file_are_not_broken() {
    let c = fixture("one-file");
    let index = RelatedIndex::build(&c);
    assert!(index.broken_links().is_empty(), "{:?}", index.broken_links());
    let (bevixx, wasm) = (note(&c, "bevixx-2021.md"), note(&c, "keldam-2020.md#wasm-outside-the-browser"));
    assert_eq!(index.backlinks(wasm), [bevixx]);
    let related = index.related(&c, wasm);
    assert!(related.iter().any(|r| r.note == bevixx && r.linked), "{related:?}");
}

#[test]
fn untagged_notes_on_the_same_subject_in_two_years_are_related_and_say_why() {
    let c = fixture("untagged");
    let index = RelatedIndex::build(&c);
    let runtimes = note(&c, "2019-05-barcelona/wasm-runtimes.md");
    let plugins = note(&c, "2023-11-bellevue/sandboxed-plugins.md");
    assert!(c.notes.iter().all(|n| n.topics.is_empty()), "the fixture has no front matter");
    assert_eq!(c.notes[runtimes].inferred_topics, ["wasm"], "WebAssembly is an alias of wasm");

    let related = index.related(&c, runtimes);
    assert_eq!(related.iter().map(|r| r.note).collect::<Vec<_>>(), [plugins], "{related:?}");
    let why = &related[0];
    assert!(why.shared_topics.is_empty() && why.inferred_topics == ["wasm"], "{why:?}");
    assert!(why.similarity >= 0.15, "{why:?}");
    // The words that explain it are the subject's, not the language's;
    // words both notes come back to before one that one says once.
    assert_eq!(why.shared_terms[..3], ["sandbox", "module", "sockets"], "{why:?}");

    let jump = index.jump(&c, runtimes, Direction::Later).expect("a 2023 note");
    assert_eq!((jump.note, jump.topic.as_deref(), jump.inferred), (plugins, Some("wasm"), true));
    assert_eq!((jump.from_year, jump.to_year), (Some(2019), Some(2023)));
    assert_eq!(index.jump(&c, plugins, Direction::Earlier).map(|j| j.note), Some(runtimes));
}

#[test]
fn notes_in_another_language_relate_by_their_words_not_their_stop_words() {
    let c = fixture("untagged");
    let index = RelatedIndex::build(&c);
    let (operators, reconciling) =
        (note(&c, "2019-05-barcelona/operatori.md"), note(&c, "2023-11-bellevue/riconciliazione.md"));
    let related = index.related(&c, operators);
    assert_eq!(related.iter().map(|r| r.note).collect::<Vec<_>>(), [reconciling], "{related:?}");
    // Italian stop words (`stato`, `della`, `che`) explain nothing.
    assert_eq!(related[0].shared_terms[..3], ["operatori", "riconciliazione", "controller"], "{:?}", related[0]);
    let jump = index.jump(&c, operators, Direction::Later).expect("the 2023 note");
    assert_eq!((jump.note, jump.topic.as_deref()), (reconciling, None));
    assert!(!jump.shared_terms.is_empty());
}

#[test]
fn unrelated_untagged_notes_are_not_related() {
    let c = fixture("untagged");
    let index = RelatedIndex::build(&c);
    // Hiring in English and job interviews in Italian share little but are
    // one subject; what they share may relate them. The database note is alone.
    let lonely = note(&c, "2023-11-bellevue/postgres-indexes.md");
    let related: Vec<&str> = index.related(&c, lonely).iter().map(|r| c.notes[r.note].id.0.as_str()).collect();
    assert!(related.is_empty(), "the database note is related to {related:?}");
    assert_eq!(index.jump(&c, lonely, Direction::Later), None);
    assert_eq!(index.jump(&c, lonely, Direction::Earlier), None);
    let topics: Vec<(String, usize, usize)> =
        index.topics(&c).into_iter().map(|t| (t.topic, t.notes, t.inferred_notes)).collect();
    // `operatori` is found in the text of the two Italian notes, which name no topic.
    assert_eq!(topics, [("databases".to_string(), 1, 1), ("operatori".to_string(), 2, 2), ("wasm".to_string(), 2, 2)]);
}

#[test]
fn the_bundled_collection_keeps_its_files_and_infers_nothing() {
    let c = load_bundled();
    assert!(c.warnings.is_empty());
    for n in &c.notes {
        assert_eq!((n.source_file(), n.source_line, n.group()), (n.id.0.as_str(), 1, None));
        assert!(n.inferred_topics.is_empty(), "{} carries topics; none are inferred", n.id);
    }
    let keys: Vec<Option<&str>> = c.events.iter().map(|e| e.series_key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("kubeconcloudnativeconeurope"),
            Some("kubeconcloudnativeconnorthamerica"),
            Some("kubeconcloudnativeconeurope"),
            Some("kubeconcloudnativeconnorthamerica"),
        ]
    );
    assert_eq!(c.series_editions(0), [0, 2]);
    let index = RelatedIndex::build(&c);
    for n in 0..c.notes.len() {
        assert!(index.related(&c, n).iter().all(|r| r.similarity == 0.0 && r.inferred_topics.is_empty()));
    }
}

/// The app on a fixture, at `width` x `height`, with nothing read yet.
fn app_on(name: &str, width: u16, height: u16) -> App {
    sized(App::new(fixture(name), Keymap::defaults().0, Settings::default(), Vec::new()), width, height)
}

/// The app with `id` selected in the talks list, the talks pane focused.
fn app_at_note(name: &str, id: &str, width: u16, height: u16) -> App {
    let mut app = app_on(name, width, height);
    let n = note(app.collection(), id);
    app.select_note(n);
    app.set_focus(Pane::Talks);
    assert_eq!(shown_id(&app), id);
    app
}

fn shown_id(app: &App) -> String {
    match app.document() {
        Some(Document::Note(n)) => app.collection().notes[n].id.0.clone(),
        Some(Document::Overview(e)) => format!("overview of {}", app.collection().events[e].folder),
        None => "nothing".into(),
    }
}

/// The talks pane's text, one string per line, trailing spaces trimmed.
fn talks_pane(app: &App) -> Vec<String> {
    let rect = app.layout().talks.expect("the talks pane is shown");
    region(&draw(app), rect).lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn a_one_file_events_talks_are_listed_under_day_headers_that_j_and_k_step_over() {
    let mut app = app_on("one-file", 160, 45);
    app.select_event(event_index(app.collection(), "keldam-2020.md"));
    app.set_focus(Pane::Talks);
    let _ = app.update(confnotes::keymap::Action::GoTop);
    let lines = talks_pane(&app);
    let at = |text: &str, from: usize| {
        lines
            .iter()
            .skip(from)
            .position(|l| l.contains(text))
            .map(|p| p + from)
            .unwrap_or_else(|| panic!("{text:?} after line {from} in the talks pane:\n{}", lines.join("\n")))
    };
    let saturday = at("│ Saturday", 0);
    assert_eq!(lines[saturday].trim_end_matches('│').trim(), "│ Saturday", "a header alone on its line");
    let kernel = at("Rust in the kernel", saturday);
    let wasm = at("WASM outside the browser", kernel);
    let sunday = at("│ Sunday", wasm);
    let second_kernel = at("Rust in the kernel", sunday);
    assert!(at("Closing keynote", second_kernel) > second_kernel);
    assert_eq!(kernel, saturday + 1, "the header sits right above its first talk");

    // The header is drawn like the timeline's year headers.
    let rect = app.layout().talks.expect("talks");
    let buffer = draw(&app);
    let cell = &buffer[(rect.x + 2, rect.y + u16::try_from(saturday).expect("small"))];
    assert_eq!((cell.symbol(), cell.fg), ("S", app.theme().year_header.fg.unwrap_or_default()));

    // j and k land on talks only: the headers are never selected.
    press(&mut app, "j");
    assert_eq!(shown_id(&app), "keldam-2020.md#rust-in-the-kernel");
    press(&mut app, "j j");
    assert_eq!(shown_id(&app), "keldam-2020.md#rust-in-the-kernel-1", "past the Sunday header");
    press(&mut app, "k");
    assert_eq!(shown_id(&app), "keldam-2020.md#wasm-outside-the-browser");
    press(&mut app, "G");
    assert_eq!(shown_id(&app), "keldam-2020.md#closing-keynote");
}

#[test]
fn clicking_a_day_header_selects_nothing_and_clicking_below_it_selects_that_talk() {
    let mut app = app_on("one-file", 160, 45);
    app.select_event(event_index(app.collection(), "keldam-2020.md"));
    press(&mut app, "enter");
    assert_eq!(shown_id(&app), "keldam-2020.md#rust-in-the-kernel");
    let rect = app.layout().talks.expect("talks");
    let lines = talks_pane(&app);
    let sunday = lines.iter().position(|l| l.contains("│ Sunday")).expect("a Sunday header");
    let y = rect.y + u16::try_from(sunday).expect("small");
    let click = |app: &mut App, y| {
        let _ = app.notice(Notice::Mouse(MouseInput { kind: MouseKind::Down, x: rect.x + 3, y }));
        let _ = app.notice(Notice::Mouse(MouseInput { kind: MouseKind::Up, x: rect.x + 3, y }));
    };
    click(&mut app, y);
    assert_eq!(shown_id(&app), "keldam-2020.md#rust-in-the-kernel", "the header is no entry");
    click(&mut app, y + 1);
    assert_eq!(shown_id(&app), "keldam-2020.md#rust-in-the-kernel-1");
    click(&mut app, y + 2);
    assert_eq!(shown_id(&app), "keldam-2020.md#rust-in-the-kernel-1", "its second line is the same talk");
    click(&mut app, y - 1);
    assert_eq!(shown_id(&app), "keldam-2020.md#wasm-outside-the-browser");
}

#[test]
fn the_selected_talk_stays_in_view_below_day_headers_in_a_short_pane() {
    // 8 lines inside the talks pane: the list (12 lines with its two headers) has to scroll.
    let mut app = app_on("one-file", 160, 11);
    app.select_event(event_index(app.collection(), "keldam-2020.md"));
    press(&mut app, "enter");
    for (keys, title) in [
        ("G", "Closing keynote"),
        ("k", "Rust in the kernel"),
        ("k", "WASM outside the browser"),
        ("g g", "About this event"),
    ] {
        press(&mut app, keys);
        let lines = talks_pane(&app);
        let theme = app.theme();
        let rect = app.layout().talks.expect("talks");
        let buffer = draw(&app);
        // The selected row is the one drawn in the selection style.
        let selected: Vec<&String> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                let y = rect.y + u16::try_from(*i).expect("small");
                buffer[(rect.x + 1, y)].bg == theme.selected.bg.unwrap_or_default()
            })
            .map(|(_, l)| l)
            .collect();
        assert!(selected.iter().any(|l| l.contains(title)), "after {keys}, {title} is selected and shown: {lines:#?}");
    }
}

#[test]
fn the_related_view_says_why_untagged_notes_of_two_years_are_related() {
    let mut app = app_at_note("untagged", "2019-05-barcelona/wasm-runtimes.md", 160, 45);
    press(&mut app, "r");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string().trim_end().to_string()).collect();
    let text = lines.join("\n");
    assert!(text.contains("Sandboxed plugins with wasmtime"), "{text}");
    assert!(text.contains("Bellevue · topic: WebAssembly (inferred) · both about sandbox, module, sockets"), "{text}");
    assert!(!text.contains("Postgres") && !text.contains("Hiring"), "unrelated notes stay out: {text}");

    // A note on another subject: nothing related, and no view opens.
    let mut app = app_at_note("untagged", "2023-11-bellevue/postgres-indexes.md", 160, 45);
    press(&mut app, "r");
    assert_eq!((app.overlay().is_none(), app.message()), (true, Some("No related notes")));
}

#[test]
fn jumps_between_years_say_why_they_landed_where_they_did() {
    let mut app = app_at_note("untagged", "2019-05-barcelona/wasm-runtimes.md", 160, 45);
    press(&mut app, "]");
    assert_eq!(shown_id(&app), "2023-11-bellevue/sandboxed-plugins.md");
    assert_eq!(app.message(), Some("topic: WebAssembly (inferred) · 2019 → 2023"));
    // Italian notes without any topic: only their words relate them.
    let mut app = app_at_note("untagged", "2019-05-barcelona/operatori.md", 160, 45);
    press(&mut app, "]");
    assert_eq!(shown_id(&app), "2023-11-bellevue/riconciliazione.md");
    assert_eq!(app.message(), Some("both about operatori, riconciliazione, controller · 2019 → 2023"));
    press(&mut app, "[");
    assert_eq!(shown_id(&app), "2019-05-barcelona/operatori.md");
    assert!(app.message().is_some_and(|m| m.ends_with("· 2023 → 2019")), "{:?}", app.message());
}

fn edit_request(app: &mut App) -> EditRequest {
    let effects = app.handle_key(parse_chord("e").expect("key"));
    match effects.into_iter().find_map(|e| match e {
        Effect::Edit(request) => Some(request),
        _ => None,
    }) {
        Some(request) => request,
        None => panic!("no edit was asked for: {:?}", app.message()),
    }
}

/// The path and line of an edit request, and that line of the file.
fn edited_line(request: EditRequest) -> (PathBuf, usize, String) {
    let EditRequest::File { path, line } = request else { panic!("a file of the folder: {request:?}") };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let shown = text.lines().nth(line.wrapping_sub(1)).unwrap_or_default().to_string();
    (path, line, shown)
}

#[test]
fn e_opens_the_file_a_talk_was_split_from_at_its_heading_or_the_subsection_in_view() {
    let root = fixture_root("one-file");
    let mut app = app_at_note("one-file", "keldam-2020.md#wasm-outside-the-browser", 160, 45);
    let (path, line, shown) = edited_line(edit_request(&mut app));
    assert_eq!((path, line, shown.as_str()), (root.join("keldam-2020.md"), 17, "### WASM outside the browser"));

    // In the note pane, with a subsection of the talk at the top of the view.
    let mut app = app_at_note("one-file", "keldam-2020.md#rust-in-the-kernel", 160, 45);
    press(&mut app, "l");
    let questions = app.rendered().and_then(|r| r.headings.iter().find(|h| h.text == "Questions"));
    app.scroll_note_to(questions.expect("a Questions heading").line);
    let (_, line, shown) = edited_line(edit_request(&mut app));
    assert_eq!((line, shown.as_str()), (13, "#### Questions"));

    // The event's overview opens the file it came from.
    press(&mut app, "h g g");
    assert_eq!(shown_id(&app), "overview of keldam-2020.md");
    let (path, line, _) = edited_line(edit_request(&mut app));
    assert_eq!((path, line), (root.join("keldam-2020.md"), 1));
    let mut app = app_on("event-folders", 160, 45);
    app.select_event(event_index(app.collection(), "2019-05-barcelona"));
    let (path, _, _) = edited_line(edit_request(&mut app));
    assert_eq!(path, fixture_root("event-folders").join("2019-05-barcelona/README.md"));
    // An event with no overview file has nothing to open but its notes.
    app.select_event(event_index(app.collection(), "random"));
    assert!(app.handle_key(parse_chord("e").expect("key")).is_empty());
    assert_eq!(app.message(), Some("This event has no overview file; select a note to edit it"));
}

/// Follows link `[n]` of the shown document, as `f` and the number would.
fn follow(app: &mut App, n: usize) {
    press(app, &format!("f {n}"));
}

#[test]
fn links_to_a_one_file_event_lead_to_its_talks_or_its_overview() {
    let mut app = app_at_note("one-file", "bevixx-2021.md", 160, 45);
    press(&mut app, "l");
    let links: Vec<String> = app.rendered().expect("rendered").links.iter().map(|l| l.url.clone()).collect();
    assert_eq!(links, ["keldam-2020.md#wasm-outside-the-browser", "keldam-2020.md"]);
    follow(&mut app, 1);
    assert_eq!(shown_id(&app), "keldam-2020.md#wasm-outside-the-browser", "{:?}", app.message());
    press(&mut app, "ctrl-o");
    follow(&mut app, 2);
    assert_eq!(shown_id(&app), "overview of keldam-2020.md", "{:?}", app.message());
    // The overview's own `#closing-keynote` names a talk of the same file.
    let n = app.rendered().expect("rendered").links.iter().position(|l| l.url == "#closing-keynote");
    follow(&mut app, n.expect("the overview links to the closing keynote") + 1);
    assert_eq!(shown_id(&app), "keldam-2020.md#closing-keynote", "{:?}", app.message());
    assert!(
        app.message().is_some_and(|m| m.starts_with("Link ") && m.contains("“Closing keynote”")),
        "{:?}",
        app.message()
    );

    // A one-file event in a year folder: its links start from its own folder.
    let mut app = app_on("year-folders", 160, 45);
    app.select_event(event_index(app.collection(), "2018/marmotcon.md"));
    press(&mut app, "l l");
    follow(&mut app, 1);
    assert_eq!(shown_id(&app), "2018/marmotcon.md#modules", "{:?}", app.message());
}

fn confnotes(args: &[&str]) -> (String, String, Option<i32>) {
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .args(args)
        .arg("--data-dir")
        .arg(home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn list_json_shows_the_years_series_and_files_it_inferred() {
    let root = fixture_root("series-folders");
    let (out, err, code) = confnotes(&["list", root.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let events = json.as_array().expect("a list of events");
    let by_folder =
        |folder: &str| events.iter().find(|e| e["folder"] == folder).unwrap_or_else(|| panic!("no {folder} in {out}"));
    let zocon = by_folder("ZoCon/zocon-us-2022.md");
    assert_eq!(
        (&zocon["year"], &zocon["series"], &zocon["series_key"]),
        (&serde_json::json!(2022), &serde_json::json!("ZoCon"), &serde_json::json!("zocon"))
    );
    assert_eq!((&zocon["start"], &zocon["end"]), (&serde_json::json!("2022-04-27"), &serde_json::json!("2022-05-05")));
    assert_eq!(zocon["overview_file"], "ZoCon/zocon-us-2022.md");
    let editions: Vec<(i64, &str)> = events
        .iter()
        .filter(|e| e["series_key"] == "quirkyweave")
        .map(|e| (e["year"].as_i64().unwrap_or_default(), e["folder"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(editions, [(2016, "quirkyweave/2016"), (2018, "quirkyweave/2018")]);
    let undated = by_folder("ZoCon");
    assert_eq!((&undated["year"], &undated["series_key"]), (&serde_json::Value::Null, &serde_json::Value::Null));
    assert_eq!(undated["overview_file"], "ZoCon/README.md");
    let talk = &zocon["notes"][0];
    assert_eq!(talk["source_file"], "ZoCon/zocon-us-2022.md");
    assert!(talk["id"].as_str().is_some_and(|id| id.starts_with("ZoCon/zocon-us-2022.md#")), "{talk}");
    assert!(talk["source_line"].as_u64().is_some_and(|l| l > 1), "a section starts below the file's top: {talk}");

    let (out, _, _) = confnotes(&["list", root.to_str().expect("utf-8 path")]);
    assert!(out.contains("\n  ZoCon US 2022 (April 27 – May 5, 2022)  [series: ZoCon]\n"), "{out}");
    assert!(out.contains("\nUndated\n  ZoCon\n"), "the undated group is no edition: {out}");
}

#[test]
fn list_json_gives_a_talks_group_and_source_line() {
    let root = fixture_root("one-file");
    let (out, err, code) = confnotes(&["list", root.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let keldam = json.as_array().and_then(|e| e.iter().find(|e| e["folder"] == "keldam-2020.md")).expect("KELDAM");
    let talks: Vec<(&str, &str, u64)> = keldam["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| {
            (
                n["group"].as_str().unwrap_or("-"),
                n["source_file"].as_str().unwrap_or("-"),
                n["source_line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        talks,
        [
            ("Saturday", "keldam-2020.md", 9),
            ("Saturday", "keldam-2020.md", 17),
            ("Sunday", "keldam-2020.md", 30),
            ("Sunday", "keldam-2020.md", 34)
        ]
    );
    assert_eq!(keldam["dates"], "February 1–2, 2020");
    let (out, _, _) = confnotes(&["list", root.to_str().expect("utf-8 path")]);
    let saturday = out.find("    ─ Saturday\n").unwrap_or_else(|| panic!("{out}"));
    assert!(out[saturday..].find("Rust in the kernel") < out[saturday..].find("─ Sunday"), "{out}");
}

#[test]
fn related_json_gives_each_reason_as_data() {
    let root = fixture_root("untagged");
    let (out, err, code) =
        confnotes(&["related", "2019-05-barcelona/wasm-runtimes.md", root.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let related = json["related"].as_array().expect("related notes");
    assert_eq!(related.len(), 1, "{out}");
    assert_eq!(related[0]["note"], "2023-11-bellevue/sandboxed-plugins.md");
    assert_eq!(
        related[0]["reasons"],
        serde_json::json!([
            {"kind": "topic", "topic": "wasm", "label": "WebAssembly", "inferred": true},
            {"kind": "shared-terms", "terms": ["sandbox", "module", "sockets"]},
        ])
    );
    assert_eq!(related[0]["why"], "topic: WebAssembly (inferred) · both about sandbox, module, sockets");
    let (out, _, _) =
        confnotes(&["related", "2023-11-bellevue/postgres-indexes.md", root.to_str().expect("utf-8 path")]);
    assert!(out.contains("No related notes."), "{out}");
}
