//! Where building the full-text index from a load's parts goes, on one
//! thread: `cargo run --release --example text_index_profile -- DIR [ROUNDS]`.
//! Each event's part made from its texts in memory, then the parts joined.
//! For profiling by hand; not a test.

use std::path::Path;
use std::time::Duration;

use confnotes::notes::Note;
use confnotes::search::{SearchIndex, TextPart};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: text_index_profile DIR [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let collection = confnotes::notes::load_folder(Path::new(&dir)).expect("loads");
    let events: Vec<Vec<Note>> =
        collection.events.iter().map(|e| e.notes.iter().map(|&n| collection.notes[n].clone()).collect()).collect();
    let (mut parts_took, mut join_took) = (Vec::new(), Vec::new());
    let mut terms = 0;
    for _ in 0..rounds {
        let t = cpu();
        let parts: Vec<Option<TextPart>> =
            collection.events.iter().zip(&events).map(|(event, notes)| TextPart::of(event, notes)).collect();
        parts_took.push(cpu() - t);
        assert!(parts.iter().all(Option::is_some), "every text in memory");
        let t = cpu();
        let index = SearchIndex::from_parts(&collection, parts).expect("a part for every event");
        join_took.push(cpu() - t);
        terms = index.term_count();
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    println!("notes: {}, events: {}", collection.notes.len(), collection.events.len());
    println!("parts (CPU, every event)       : {:?}", median(parts_took));
    println!("joined (CPU):                    {:?}", median(join_took));
    println!("distinct terms: {terms}");
}

/// CPU time of this thread: the machine is shared, wall time is not the work.
fn cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}
