//! A large folder's first look, saved at one start and drawn at the next
//! without walking the folder (`startup::open_notes`), then the whole folder
//! read behind it (`background::NotesTask::read_all`): the same first frame
//! as a walk gives, and what changed on disk shows once the folder is read.

mod common;

use std::fs;
use std::path::Path;
use std::sync::mpsc;

use common::{draw, screen, sized};
use confnotes::app::{App, Settings};
use confnotes::background::{NotesRead, NotesTask};
use confnotes::keymap::Keymap;
use confnotes::notes::Collection;
use confnotes::startup::{open_notes, AfterFirstFrame, Listed, FIRST_LOOK_FROM};

/// Three events, large enough together to open with a first look.
fn large_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let per_event = FIRST_LOOK_FROM / 3 + 1;
    for (event, year) in ["2019-05-barcelona", "2022-10-detroit", "2024-06-paris"].iter().zip([2019, 2022, 2024]) {
        fs::create_dir_all(dir.path().join(event)).expect("mkdir");
        for n in 0..per_event {
            let text = format!("---\ntitle: Talk {n:03} of {year}\n---\nWhat talk {n} said.\n");
            fs::write(dir.path().join(event).join(format!("talk-{n:03}.md")), text).expect("write");
        }
    }
    age_folders(dir.path());
    dir
}

/// Every folder under `root` dated a year back, so that a file added in the
/// same tick of the file system's clock as the folder's last change still
/// changes its time.
fn age_folders(root: &Path) {
    let year_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(365 * 24 * 3600);
    fs::File::open(root).and_then(|f| f.set_modified(year_ago)).expect("dated");
    for entry in fs::read_dir(root).expect("lists").flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            age_folders(&entry.path());
        }
    }
}

/// How a start found its first look.
#[derive(Debug, PartialEq)]
enum Start {
    /// Saved at an earlier start: the folder is walked after the first frame.
    Saved,
    /// Made from the folder walked.
    Walked,
}

/// A start of the app on `root` with its index at `index`: the app as its
/// first frame shows it, and how the first look was had. The whole folder
/// is then read as the runtime reads it after the first frame (saving the
/// first look first, when it was made from the files) and taken in.
fn start(root: &Path, index: &Path) -> (App, String, Start) {
    let opened = open_notes(Some(root), Some(index.to_path_buf()), true).expect("opens");
    let app = App::without_indexes(opened.collection, Keymap::defaults().0, Settings::default(), Vec::new());
    let mut app = sized(app.with_state(confnotes::state::State::new("look")), 160, 45);
    let first_frame = screen(&draw(&app));
    let AfterFirstFrame::ReadAll { listing, index, look } = opened.then else {
        panic!("a large folder opens with a first look")
    };
    let how = match (&listing, &look) {
        (Listed::Later(_), None) => Start::Saved,
        (Listed::Done(_), _) => Start::Walked,
        (Listed::Later(_), Some(_)) => panic!("a saved first look is not saved again"),
    };
    let (tx, rx) = mpsc::channel();
    let look = look.map(|look| (look, app.shared_collection()));
    NotesTask::read_all(listing, index, look, move |read| tx.send(read).expect("the test listens"));
    match rx.recv().expect("the folder is read") {
        NotesRead::Read(collection, ..) => {
            app.finish_loading(*collection);
        }
        NotesRead::Failed(e) => panic!("{e}"),
    }
    (app, first_frame, how)
}

fn titles(collection: &Collection) -> Vec<&str> {
    collection.notes.iter().map(|n| n.title.as_str()).collect()
}

#[test]
fn a_saved_first_look_draws_the_first_frame_a_walk_would() {
    let root = large_folder();
    let data = tempfile::tempdir().expect("temp dir");
    let index = data.path().join("notes.index");
    let (walked, walked_frame, how) = start(root.path(), &index);
    assert_eq!(how, Start::Walked, "nothing saved yet");
    assert!(walked_frame.contains("Talk 000 of 2024"), "the newest event first:\n{walked_frame}");
    let (saved, saved_frame, how) = start(root.path(), &index);
    assert_eq!(how, Start::Saved);
    assert_eq!(saved_frame, walked_frame);
    assert_eq!(titles(saved.collection()), titles(walked.collection()), "the whole folder read behind it");
}

#[test]
fn an_edit_the_first_frame_does_not_show_shows_once_the_folder_is_read() {
    let root = large_folder();
    let data = tempfile::tempdir().expect("temp dir");
    let index = data.path().join("notes.index");
    start(root.path(), &index);
    // A note of an event not shown first: the saved first look holds nothing of it.
    let edited = root.path().join("2019-05-barcelona/talk-007.md");
    fs::write(&edited, "---\ntitle: Renamed since the last start\n---\nNew words.\n").expect("edit");
    let (app, _, how) = start(root.path(), &index);
    assert_eq!(how, Start::Saved, "an edit elsewhere keeps the first look");
    let shown = titles(app.collection());
    assert!(shown.contains(&"Renamed since the last start"), "{shown:?}");
    assert!(!shown.contains(&"Talk 007 of 2019"));
    // A note added to another event, and one removed: each changes its folder.
    fs::write(root.path().join("2022-10-detroit/late.md"), "---\ntitle: Added late\n---\n").expect("add");
    fs::remove_file(root.path().join("2019-05-barcelona/talk-001.md")).expect("remove");
    let (app, _, how) = start(root.path(), &index);
    assert_eq!(how, Start::Walked);
    let shown = titles(app.collection());
    assert!(shown.contains(&"Added late") && !shown.contains(&"Talk 001 of 2019"), "{shown:?}");
}

#[test]
fn a_change_to_what_the_first_frame_shows_is_never_drawn_from_the_saved_look() {
    let root = large_folder();
    let data = tempfile::tempdir().expect("temp dir");
    let index = data.path().join("notes.index");
    start(root.path(), &index);
    let shown_first = root.path().join("2024-06-paris/talk-000.md");
    fs::write(&shown_first, "---\ntitle: Retitled talk of the newest event\n---\nOther words.\n").expect("edit");
    let (_, frame, how) = start(root.path(), &index);
    assert_eq!(how, Start::Walked);
    assert!(frame.contains("Retitled talk of the newest event"), "{frame}");
    // A newer event than the one saved as first.
    age_folders(root.path());
    start(root.path(), &index);
    fs::create_dir(root.path().join("2025-03-oslo")).expect("mkdir");
    fs::write(root.path().join("2025-03-oslo/keynote.md"), "---\ntitle: Oslo keynote\n---\n").expect("add");
    let (_, frame, how) = start(root.path(), &index);
    assert_eq!(how, Start::Walked);
    assert!(frame.contains("Oslo keynote"), "the newest event is shown first:\n{frame}");
}
