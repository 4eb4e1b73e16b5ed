//! Finding notes: the fuzzy finder, full-text search over bodies, the filter
//! language of the lists and saved searches. Pure data in, data out: no UI,
//! no terminal, no file I/O, so the TUI and the CLI share it.
//!
//! All matching happens in one folded form ([`fold()`]): case and Latin
//! accents never matter, so "Bonér", "boner" and "BONER" find the same note.

pub mod finder;
pub mod fold;
pub mod fulltext;
mod letters;
pub mod query;
pub mod saved;
mod term_ids;
mod text_parts;

pub use finder::{Finder, FinderHit, MatchedField, Narrowing};
pub use fold::{find_folded, fold, Folded};
pub use fulltext::{Doc, SearchIndex, TextHit};
pub use query::Query;
pub use saved::{SavedChange, SavedSearch, SavedWrite};
pub use text_parts::TextPart;

use crate::notes::Collection;

/// Every note newest event first (undated events last), each event's notes
/// in the order the talks pane lists them: the order in which the finder's
/// ties, full-text hits and saved-search results are shown.
pub fn timeline_order(collection: &Collection) -> Vec<usize> {
    let events = &collection.events;
    let mut order: Vec<usize> = timeline_events(collection).flat_map(|e| events[e].notes.iter().copied()).collect();
    // A note no event lists (not made by the loader) still appears, at the end.
    let mut listed = vec![false; collection.notes.len()];
    order.retain(|&n| n < listed.len() && !std::mem::replace(&mut listed[n], true));
    order.extend((0..collection.notes.len()).filter(|&n| !listed[n]));
    order
}

/// Every event newest first, undated events last.
pub fn timeline_events(collection: &Collection) -> impl Iterator<Item = usize> + '_ {
    let events = &collection.events;
    let dated = (0..events.len()).filter(|&e| events[e].start.is_some()).rev();
    dated.chain((0..events.len()).filter(|&e| events[e].start.is_none()))
}

/// A small collection, written to a temporary folder and read by the real
/// loader (so it follows the notes format, not the model's fields), for the
/// unit tests of this module.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::notes::{load_folder, Collection};

    const TOPICS: &str = "[observability]\nlabel = \"Observability\"\naliases = [\"o11y\", \"monitoring\"]\n\n\
        [networking]\nlabel = \"Networking\"\naliases = [\"ebpf\", \"cni\"]\n\n\
        [serverless]\nlabel = \"Serverless\"\n\n[storage]\nlabel = \"Storage\"\n\n\
        [ai-ml]\nlabel = \"AI / ML\"\naliases = [\"machine learning\"]\n";

    /// (path, contents). Events sort 2019, 2022, 2024, undated; notes keep this order.
    const FILES: &[(&str, &str)] = &[
        ("2019-barcelona/event.md", "---\nname: KubeCon + CloudNativeCon Europe 2019\ncity: Barcelona\nstart: \"2019\"\n---\n"),
        (
            "2019-barcelona/a-stateful.md",
            "---\ntitle: Towards Stateful Serverless\nkind: talk\nspeakers: [\"Jonas Bonér (Lightbend)\"]\n\
             topics: [serverless, storage]\norder: 1\n---\n\
             # Towards Stateful Serverless\n\n- **Speaker:** Jonas Bonér, Lightbend, creator of Akka.\n\
             \tState belongs next to the function.\nSERVERLESS and state, again: serverless.\n",
        ),
        (
            "2019-barcelona/b-cern.md",
            "---\ntitle: CERN rediscovers the Higgs boson\nkind: keynote\nspeakers: []\ntopics: [ai-ml]\norder: 2\n---\n\
             # CERN\n\nCERN re-ran the Higgs analysis live.\nThe \u{1b}[31mhiggs\u{202e} boson on Kubernetes.",
        ),
        ("2022-detroit/event.md", "---\nname: KubeCon North America\ncity: Detroit\nstart: \"2022\"\n---\n"),
        (
            "2022-detroit/ebpf.md",
            "---\ntitle: eBPF everywhere\nkind: talk\nspeakers: [Liz Rice]\ntopics: [o11y, ebpf]\n---\n\
             Programs in the kernel.\n\nkernel tracing with eBPF\n",
        ),
        ("2024-paris/event.md", "---\nname: KubeCon Europe\ncity: Paris\nstart: \"2024\"\n---\n"),
        (
            "2024-paris/strasse.md",
            "---\ntitle: Straße nach Zürich\nspeakers: [\"Zoë Ørsted\", \"Kevin Klues\"]\ntopics: [serverless]\n---\n\
             東京タワーで会いましょう\nDie Straße nach Zürich führt über Kraków.\n",
        ),
        ("meetups/event.md", "---\nname: Local meetups\n---\n"),
        ("meetups/musings.md", "---\ntitle: Undated musings\nkind: talk\n---\n"),
    ];

    pub fn collection() -> Collection {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("topics.toml"), TOPICS).expect("write topics.toml");
        for (path, text) in FILES {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("files are in event folders")).expect("create folder");
            std::fs::write(path, text).expect("write note");
        }
        let collection = load_folder(dir.path()).expect("fixture loads");
        assert!(collection.warnings.is_empty(), "{:?}", collection.warnings);
        let titles: Vec<&str> = collection.notes.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Towards Stateful Serverless",
                "CERN rediscovers the Higgs boson",
                "eBPF everywhere",
                "Straße nach Zürich",
                "Undated musings"
            ],
            "fixture notes in the order the tests expect"
        );
        collection
    }
}
