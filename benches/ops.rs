//! Timings of single operations for issue 13, each group holding its baseline
//! beside what is compared with it, so the ratios come from one run.
//!
//! `cargo bench --bench ops` (add a filter such as `-- render` to run one
//! group). benches/budgets.rs turns such figures into PASS/FAIL; this file
//! shows the spread of each operation. Corpora come from CONFNOTES_CORPUS
//! (10,000 notes) or are generated with ../shared/tools/gen_corpus.py into
//! target/bench-corpus/, as budgets.rs does. Heavy fixtures are built once,
//! on first use, so a filtered run builds only what it needs.

mod common;

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};

use common::{corpus_dir, notes_of_size, walk_front_matter};
use std::sync::atomic::AtomicUsize;
use std::sync::OnceLock;

use confnotes::app::{App, Event, SearchIndexes, Settings};
use confnotes::keymap::{parse_chord, Keymap};
use confnotes::layout::Pane;
use confnotes::notes::{cache, list_folder, load_folder, Collection};
use confnotes::relate::RelatedIndex;
use confnotes::render::{render_markdown_with, RenderOptions};
use confnotes::theme::Theme;
use divan::counter::BytesCount;
use divan::Bencher;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    // Source order rather than by name, so each baseline is listed above what
    // is compared with it; `--sort`/`--sortr` or DIVAN_SORT still choose.
    if std::env::var_os("DIVAN_SORT").is_none() && std::env::var_os("DIVAN_SORTR").is_none() {
        std::env::set_var("DIVAN_SORT", "location");
    }
    divan::main();
    if let Some(dir) = INDEX_DIR.get() {
        let _ = fs::remove_dir_all(dir.path());
    }
}

// Fixtures, built once on first use.

fn corpus() -> &'static Path {
    static CORPUS: OnceLock<PathBuf> = OnceLock::new();
    CORPUS.get_or_init(corpus_dir)
}

/// The 10,000-note collection, loaded once for the benches that only read it.
fn collection() -> &'static Collection {
    static COLLECTION: OnceLock<Collection> = OnceLock::new();
    COLLECTION.get_or_init(|| load_folder(corpus()).expect("the corpus loads"))
}

/// The temporary folder holding the saved index; removed at the end of `main`
/// (statics are never dropped).
static INDEX_DIR: OnceLock<tempfile::TempDir> = OnceLock::new();

/// An index of the corpus, saved once the way the app saves it.
fn saved_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = INDEX_DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
        let index = dir.path().join("notes.index");
        let (loaded, stamps) = list_folder(corpus()).expect("the corpus lists").load(&AtomicUsize::new(0));
        cache::save(&index, corpus(), stamps, &loaded).expect("the index saves");
        index
    })
}

/// The 5 KB and 5 MB notes, built from the corpus as budgets.rs builds them.
fn sized_notes() -> &'static (String, String) {
    static NOTES: OnceLock<(String, String)> = OnceLock::new();
    NOTES.get_or_init(|| notes_of_size(corpus()))
}

fn note_of(size: &str) -> &'static str {
    let (small, big) = sized_notes();
    match size {
        "5 KB" => small,
        "5 MB" => big,
        other => panic!("no note of size {other}"),
    }
}

fn search_indexes() -> &'static SearchIndexes {
    static INDEXES: OnceLock<SearchIndexes> = OnceLock::new();
    INDEXES.get_or_init(|| SearchIndexes::build(collection()))
}

#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod startup {
    use super::*;

    #[divan::bench]
    fn walk_front_matter(bencher: Bencher) {
        let root = corpus();
        bencher.bench_local(|| super::walk_front_matter(root));
    }

    /// What the first frame waits for: the listing and the first event shown.
    #[divan::bench]
    fn first_look(bencher: Bencher) {
        let root = corpus();
        bencher.bench_local(|| list_folder(root).expect("the corpus lists").first_look(true));
    }

    #[divan::bench]
    fn load_all(bencher: Bencher) {
        let root = corpus();
        bencher.bench_local(|| list_folder(root).expect("the corpus lists").load(&AtomicUsize::new(0)));
    }

    #[divan::bench]
    fn load_from_saved_index(bencher: Bencher) {
        let (index, root) = (saved_index(), corpus());
        bencher.bench_local(|| cache::load_unchecked(index, root).expect("the saved index is this build's"));
    }

    #[divan::bench]
    fn related_index(bencher: Bencher) {
        let collection = collection();
        bencher.bench_local(|| RelatedIndex::build(collection));
    }

    #[divan::bench]
    fn search_index(bencher: Bencher) {
        let collection = collection();
        bencher.bench_local(|| SearchIndexes::build(collection));
    }
}

#[divan::bench_group(sample_count = 20)]
mod render {
    use super::*;

    /// The parser options of src/render/markdown.rs, so the baseline parses what the renderer parses.
    const OPTIONS: pulldown_cmark::Options = pulldown_cmark::Options::ENABLE_TABLES
        .union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
        .union(pulldown_cmark::Options::ENABLE_TASKLISTS)
        .union(pulldown_cmark::Options::ENABLE_FOOTNOTES);

    #[divan::bench(args = ["5 KB", "5 MB"])]
    fn pulldown_cmark_parse(bencher: Bencher, size: &str) {
        let note = note_of(size);
        bencher
            .counter(BytesCount::of_str(note))
            .bench_local(|| pulldown_cmark::Parser::new_ext(note, OPTIONS).count());
    }

    #[divan::bench(args = ["5 KB", "5 MB"])]
    fn render(bencher: Bencher, size: &str) {
        let note = note_of(size);
        let (options, theme) = (RenderOptions::new(100), Theme::dark());
        bencher.counter(BytesCount::of_str(note)).bench_local(|| render_markdown_with(note, &options, &theme));
    }
}

#[divan::bench_group(sample_count = 30, sample_size = 1)]
mod keystroke {
    use super::*;

    /// An App over the 10,000-note collection at 160x45 after `keys`, drawn once.
    struct Screen {
        app: App,
        terminal: Terminal<TestBackend>,
    }

    impl Screen {
        fn after(keys: &str) -> RefCell<Self> {
            let mut app = App::new(collection().clone(), Keymap::defaults().0, Settings::default(), Vec::new());
            app.handle_event(Event::Resize { width: 160, height: 45 });
            let terminal = Terminal::new(TestBackend::new(160, 45)).expect("a test terminal");
            let mut screen = Self { app, terminal };
            screen.press(keys);
            RefCell::new(screen)
        }

        /// What the loop does per key: update, then draw.
        fn press(&mut self, keys: &str) {
            for key in keys.split_whitespace() {
                self.app.handle_key(parse_chord(key).expect("a valid key name"));
                let app = &self.app;
                self.terminal.draw(|frame| confnotes::ui::draw(frame, app)).expect("draws");
            }
        }
    }

    /// Down the talks list of an event: the note pane shows each newly selected note.
    #[divan::bench]
    fn j(bencher: Bencher) {
        let screen = Screen::after("enter");
        assert_eq!(screen.borrow().app.focus, Pane::Talks, "enter on the timeline focuses its talks");
        bencher.bench_local(|| screen.borrow_mut().press("j"));
    }

    /// Half a page down in an open note, from the top each time (going back is not timed).
    #[divan::bench]
    fn ctrl_d(bencher: Bencher) {
        let screen = Screen::after("enter j enter");
        assert_eq!(screen.borrow().app.focus, Pane::Note, "enter on a talk opens its note");
        bencher
            .with_inputs(|| screen.borrow_mut().press("home"))
            .bench_local_values(|()| screen.borrow_mut().press("ctrl-d"));
    }

    /// Opening the next talk's note from the talks list (going back and down is not timed).
    #[divan::bench]
    fn enter(bencher: Bencher) {
        let screen = Screen::after("enter j enter");
        assert_eq!(screen.borrow().app.focus, Pane::Note, "enter on a talk opens its note");
        bencher
            .with_inputs(|| screen.borrow_mut().press("h j"))
            .bench_local_values(|()| screen.borrow_mut().press("enter"));
    }
}

#[divan::bench_group(sample_count = 30)]
mod search {
    use super::*;

    /// Queries as a user types them; each is one keystroke's query (budgets.rs types these).
    const TYPED: [&str; 5] = ["c", "clu", "cluster", "obse", "que"];

    #[divan::bench(args = TYPED)]
    fn finder(bencher: Bencher, query: &str) {
        let finder = &search_indexes().finder;
        bencher.bench_local(|| finder.query(query, 200).len());
    }

    #[divan::bench(args = TYPED)]
    fn full_text(bencher: Bencher, query: &str) {
        let (index, collection) = (&search_indexes().text, collection());
        bencher.bench_local(|| index.search(collection, query, 200).len());
    }
}
