//! A note's sections named by headings that hold links, code or footnotes:
//! the name the reader sees (outline, bookmarks) is the heading's text, and
//! every way of reaching the section by that name finds it.

mod common;

use common::{press, sized};
use confnotes::app::{App, Document, Settings};
use confnotes::keymap::Keymap;
use confnotes::notes::load_folder;

const SECTION: &str = "Section with a link and code";

/// One event with one note whose second section's heading has a link and
/// code in it, far enough down that reaching it scrolls.
fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let event = dir.path().join("2024-paris");
    std::fs::create_dir_all(&event).expect("mkdir");
    let filler: String = (1..=60).map(|i| format!("Filler line {i}.\n\n")).collect();
    let note = format!(
        "# A talk\n\nJump to [the section](#section-with-a-link-and-code).\n\n## Opening\n\n{filler}\
         ## Section with [a link](https://example.com/x) and `code`[^1]\n\nText under it.\n\n{filler}\
         [^1]: A footnote.\n"
    );
    std::fs::write(event.join("talk.md"), note).expect("write note");
    dir
}

fn open_talk(dir: &std::path::Path) -> App {
    let collection = load_folder(dir).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 160, 45);
    press(&mut app, "enter");
    for _ in 0..3 {
        if matches!(app.document(), Some(Document::Note(_))) {
            break;
        }
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    assert!(matches!(app.document(), Some(Document::Note(_))), "the talk is open");
    app
}

#[test]
fn a_heading_with_a_link_and_code_reads_as_its_text_in_the_outline() {
    let dir = collection();
    let mut app = open_talk(dir.path());
    let headings: Vec<String> = app.rendered().expect("rendered").headings.iter().map(|h| h.text.clone()).collect();
    assert!(headings.iter().any(|h| h == SECTION), "no link or footnote number in the heading's text: {headings:?}");
    press(&mut app, "o");
    let lines: Vec<String> = app.overlay_lines().iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.trim() == SECTION), "{lines:?}");
}

#[test]
fn a_link_to_a_heading_with_a_link_in_it_scrolls_to_that_section() {
    let dir = collection();
    let mut app = open_talk(dir.path());
    press(&mut app, "f 1");
    assert!(!app.message().unwrap_or_default().contains("No section"), "the section is found: {:?}", app.message());
    let line = app.rendered().and_then(|r| r.headings.iter().find(|h| h.text == SECTION)).map(|h| h.line);
    let line = line.expect("the section's heading");
    assert!(app.note_scroll() > 0 && app.note_scroll() <= line && line < app.note_scroll() + app.note_viewport());
}

#[test]
fn a_bookmark_at_such_a_section_is_named_by_its_text() {
    let dir = collection();
    let mut app = open_talk(dir.path());
    press(&mut app, "f 1 b");
    let headings: Vec<Option<&str>> = app.state().bookmarks().iter().map(|b| b.heading.as_deref()).collect();
    assert_eq!(headings, vec![Some(SECTION)]);
}

#[test]
fn the_digest_quotes_the_section_a_bookmark_names() {
    let dir = collection();
    let mut app = open_talk(dir.path());
    press(&mut app, "f 1 b");
    let digest = confnotes::report::digest(app.collection(), app.state(), &confnotes::report::DigestFilter::default());
    assert!(digest.contains("Text under it."), "{digest}");
    assert!(!digest.contains("no longer in the note"), "{digest}");
}

#[test]
fn the_editor_opens_at_the_heading_of_the_section_in_view() {
    let dir = collection();
    let mut app = open_talk(dir.path());
    press(&mut app, "f 1");
    let effects = app.handle_key(confnotes::keymap::parse_chord("e").expect("e"));
    let text = std::fs::read_to_string(dir.path().join("2024-paris/talk.md")).expect("read");
    let heading = text.lines().position(|l| l.starts_with("## Section with")).expect("heading") + 1;
    let line = effects.iter().find_map(|e| match e {
        confnotes::app::Effect::Edit(confnotes::app::EditRequest::File { line, .. }) => Some(*line),
        _ => None,
    });
    assert_eq!(line, Some(heading), "{effects:?}");
}

/// Bookmarks made before headings were named by their text alone carry the
/// link's number (`…link[2] and code`): they still open at their section.
#[test]
fn a_bookmark_named_with_a_links_number_still_opens_at_its_section() {
    let dir = collection();
    let app = open_talk(dir.path());
    let id = match app.document() {
        Some(Document::Note(n)) => app.collection().notes[n].id.0.clone(),
        other => panic!("a note is open, not {other:?}"),
    };
    let mut state = confnotes::state::State::new("test");
    state.toggle_bookmark(&id, Some("Section with a link[2] and code¹"), 1);
    let collection = load_folder(dir.path()).expect("loads");
    let app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()).with_state(state);
    let mut app = sized(app, 160, 45);
    let digest = confnotes::report::digest(app.collection(), app.state(), &confnotes::report::DigestFilter::default());
    assert!(digest.contains("Text under it."), "the digest quotes it too:\n{digest}");
    press(&mut app, "B enter");
    assert_eq!(app.message(), None);
    let line = app.rendered().and_then(|r| r.headings.iter().find(|h| h.text == SECTION)).map(|h| h.line);
    assert_eq!(Some(app.note_scroll()), line, "scrolled to the section");
}
