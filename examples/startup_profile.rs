//! Where start-up time goes on a large collection: `cargo run --release
//! --example startup_profile -- DIR`. For profiling by hand; not a test.

use std::path::Path;
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: startup_profile DIR");
    let root = Path::new(&dir);
    let t = Instant::now();
    let (collection, stamps) = confnotes::notes::load_folder_stamped(root).expect("loads");
    let load = t.elapsed();
    let t = Instant::now();
    let index = confnotes::relate::RelatedIndex::build(&collection);
    let related = t.elapsed();
    let t = Instant::now();
    let problems = confnotes::check::problems(&collection, &index);
    let check = t.elapsed();
    let t = Instant::now();
    let finder = confnotes::search::Finder::new(&collection);
    let finder_took = t.elapsed();
    let t = Instant::now();
    let text = confnotes::search::SearchIndex::build(&collection);
    let text_took = t.elapsed();
    let place =
        confnotes::saved_indexes::Place::beside(&tempfile_path(), confnotes::notes::cache::fingerprint(root, &stamps));
    let search = confnotes::app::SearchIndexes { finder, text };
    let t = Instant::now();
    let related_bytes = confnotes::saved_indexes::encode_related(&index, &problems).expect("encodes");
    confnotes::saved_indexes::save(&place, &related_bytes, &search).expect("saves");
    let save_indexes = t.elapsed();
    let t = Instant::now();
    let loaded = confnotes::saved_indexes::load(&place).expect("loads");
    let load_indexes = t.elapsed();
    std::hint::black_box(&loaded.search.text);
    let indexes_size = std::fs::metadata(&place.path).map_or(0, |m| m.len());
    let _ = std::fs::remove_file(&place.path);
    let t = Instant::now();
    let fresh = confnotes::notes::stamp_folder(root).expect("stamps");
    let stamp = t.elapsed();
    assert_eq!(fresh.len(), stamps.len());
    let saved = tempfile_path();
    let t = Instant::now();
    confnotes::notes::cache::save(&saved, root, stamps, &collection).expect("saves");
    let save = t.elapsed();
    let t = Instant::now();
    let cached = confnotes::notes::cache::load(&saved, root).expect("index matches");
    let from_index = t.elapsed();
    let t = Instant::now();
    let app = confnotes::app::App::without_indexes(
        cached,
        confnotes::keymap::Keymap::defaults().0,
        confnotes::app::Settings::default(),
        Vec::new(),
    )
    .with_state(confnotes::state::State::new("profile"));
    let app_new = t.elapsed();
    std::hint::black_box((&index, &app.collection().notes.len()));
    let _ = std::fs::remove_file(&saved);
    println!(
        "load_folder {load:?}, RelatedIndex::build {related:?}, check::problems {check:?}, \
         Finder::new {finder_took:?}, SearchIndex::build {text_took:?}, stamp_folder {stamp:?}, \
         save index {save:?}, load from index {from_index:?}, App with state {app_new:?}, \
         save indexes {save_indexes:?}, load indexes {load_indexes:?} ({indexes_size} bytes)"
    );
}

fn tempfile_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("confnotes-profile-{}.index", std::process::id()))
}
