//! Where memory goes on a large collection: `cargo run --release --example
//! memory_profile -- DIR`. Counts the bytes the heap holds after each step
//! of a start without a saved index (the collection read lean, the related
//! index, the finder, the full-text index) and with one (decoded), and the
//! most held during each step. For measuring by hand; not a test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes held now and the most held
/// since the last [`step`].
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        grew(new_size);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

/// Prints what the heap holds now, the change since `before` and the most
/// held during the step; starts the next step.
fn step(what: &str, before: usize) -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.swap(live, Ordering::Relaxed);
    println!(
        "{what:<40} held {:>8.1} MiB  ({:>+8.1} MiB)  most during {:>8.1} MiB",
        live as f64 / MIB,
        (live as f64 - before as f64) / MIB,
        peak as f64 / MIB
    );
    live
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: memory_profile DIR");
    let root = Path::new(&dir);
    let tmp = std::env::temp_dir().join(format!("memory-profile-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("a temporary folder");
    let mut at = step("start", 0);

    let listing = confnotes::notes::list_folder(root).expect("lists");
    at = step("folder listed", at);
    let (collection, stamps) = listing.load_lean(&AtomicUsize::new(0));
    at = step("collection read (lean)", at);
    notes_in_detail(&collection);
    let related = confnotes::relate::RelatedIndex::build(&collection);
    at = step("related index", at);
    let problems = confnotes::check::problems(&collection, &related);
    at = step("problems", at);
    let related_bytes = confnotes::saved_indexes::encode_related(&related, &problems).expect("encodes");
    at = step("related encoded", at);
    let finder = confnotes::search::Finder::new(&collection);
    at = step("finder", at);
    let text = confnotes::search::SearchIndex::build(&collection);
    at = step("full-text index", at);
    let search = confnotes::app::SearchIndexes { finder, text };
    let place = confnotes::saved_indexes::Place::beside(
        &tmp.join("index"),
        confnotes::notes::cache::fingerprint(root, &stamps),
    );
    confnotes::saved_indexes::save(&place, &related_bytes, &search).expect("saves");
    at = step("indexes saved", at);
    confnotes::notes::cache::save(&tmp.join("index"), root, stamps, &collection).expect("saves");
    at = step("collection saved", at);
    drop(related_bytes);
    at = step("  - related encoded", at);
    drop(search);
    at = step("  - finder and full text", at);
    drop(problems);
    drop(related);
    at = step("  - related and problems", at);
    drop(collection);
    at = step("  - collection", at);

    let (collection, _) = confnotes::notes::cache::load_unchecked(&tmp.join("index"), root).expect("loads");
    at = step("warm: collection decoded", at);
    let (_, loaded) =
        confnotes::saved_indexes::load_any(&confnotes::saved_indexes::path_beside(&tmp.join("index"))).expect("loads");
    step("warm: indexes decoded", at);
    std::hint::black_box((&collection, &loaded));
    let _ = std::fs::remove_dir_all(&tmp);
}

/// What the notes hold, field by field: their structs, and the heap bytes
/// each field's strings and lists hold.
fn notes_in_detail(collection: &confnotes::notes::Collection) {
    let notes = &collection.notes;
    let string = |s: &String| s.capacity();
    let strings = |v: &Vec<String>| v.capacity() * size_of::<String>() + v.iter().map(String::capacity).sum::<usize>();
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
    let fields: [(&str, usize); 9] = [
        ("structs", notes.capacity() * size_of::<confnotes::notes::Note>()),
        ("id", notes.iter().map(|n| string(&n.id.0)).sum()),
        ("title", notes.iter().map(|n| string(&n.title)).sum()),
        ("kind", notes.iter().map(|n| n.kind.as_ref().map_or(0, |_| size_of::<confnotes::notes::Kind>())).sum()),
        ("speakers", notes.iter().map(|n| strings(&n.speakers)).sum()),
        ("topics", notes.iter().map(|n| strings(&n.topics)).sum()),
        ("inferred_topics", notes.iter().map(|n| strings(&n.inferred_topics)).sum()),
        (
            "related",
            notes
                .iter()
                .map(|n| {
                    n.extras.as_ref().map_or(0, |e| size_of::<confnotes::notes::NoteExtras>() + strings(&e.related))
                })
                .sum(),
        ),
        ("source, group", notes.iter().map(|n| n.extras.as_ref().map_or(0, |e| opt(&e.source) + opt(&e.group))).sum()),
    ];
    println!(
        "{} notes, {} bytes each (body {}, event {}), capacity {}",
        notes.len(),
        size_of::<confnotes::notes::Note>(),
        size_of::<confnotes::notes::Body>(),
        size_of::<confnotes::notes::Event>(),
        notes.capacity()
    );
    for (field, bytes) in fields {
        println!("  {field:<38} {:>8.1} MiB", bytes as f64 / MIB);
    }
    let loaded: usize = notes.iter().filter_map(|n| n.body.loaded()).map(str::len).sum();
    println!("  {:<38} {:>8.1} MiB", "texts in memory", loaded as f64 / MIB);
    let events: usize = collection.events.iter().map(|e| e.overview.capacity() + e.notes.capacity() * 8).sum();
    println!("  {:<38} {:>8.1} MiB", "events' overviews and lists", events as f64 / MIB);
    println!("  {:<38} {:>8} ", "warnings", collection.warnings.len());
}
