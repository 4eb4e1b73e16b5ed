//! Fixtures shared by unit tests: a collection written to a temporary
//! folder. Integration tests have their own in `tests/common`.

use std::fs;

/// A temporary folder holding `files` (relative path, text); removed when dropped.
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    dir
}

/// A collection with nothing in it yet, for tests that add events and notes by hand.
pub fn empty_collection() -> crate::notes::Collection {
    crate::notes::Collection {
        origin: crate::notes::Origin::Bundled,
        intro: None,
        events: Vec::new(),
        notes: Vec::new(),
        vocabulary: crate::notes::Vocabulary::default(),
        warnings: Vec::new(),
    }
}
