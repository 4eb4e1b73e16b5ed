//! The bench corpus generator (benches/common/corpus.rs, also run as
//! `cargo run --example gen_corpus`) writes collections confnotes reads as
//! intended: the right number of events and notes, tagged or not, and the
//! same bytes for the same seed.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use corpus::{write_corpus, CorpusSpec};
use std::path::Path;

fn all_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("inside").display().to_string();
                files.push((rel, std::fs::read(&path).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_generated_collection_loads_with_every_event_and_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = CorpusSpec { events: 6, talks: 4, seed: 3, untagged: false };
    assert_eq!(write_corpus(dir.path(), spec).expect("written"), 6 * 5);
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    assert!(collection.warnings.is_empty(), "{:?}", collection.warnings);
    assert_eq!(collection.events.len(), 6);
    assert_eq!(collection.notes.len(), 6 * 4);
    assert!(collection.events.iter().all(|e| e.year().is_some() && e.city.is_some()));
    assert!(collection.notes.iter().all(|n| !n.topics.is_empty() && !n.speakers.is_empty()));
}

#[test]
fn untagged_notes_carry_no_topics() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_corpus(dir.path(), CorpusSpec { events: 2, talks: 3, seed: 3, untagged: true }).expect("written");
    let collection = confnotes::notes::load_folder(dir.path()).expect("loads");
    assert_eq!(collection.notes.len(), 6);
    assert!(collection.notes.iter().all(|n| n.topics.is_empty()));
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_does_not() {
    let (a, b, c) = (tempfile::tempdir(), tempfile::tempdir(), tempfile::tempdir());
    let (a, b, c) = (a.expect("temp"), b.expect("temp"), c.expect("temp"));
    let spec = CorpusSpec { events: 3, talks: 5, seed: 11, untagged: false };
    write_corpus(a.path(), spec).expect("written");
    write_corpus(b.path(), spec).expect("written");
    write_corpus(c.path(), CorpusSpec { seed: 12, ..spec }).expect("written");
    assert_eq!(all_files(a.path()), all_files(b.path()));
    assert_ne!(all_files(a.path()), all_files(c.path()));
}
