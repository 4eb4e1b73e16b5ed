//! What a warm start decodes, piece by piece, in one process: `cargo run
//! --release --example warm_decode -- NOTES_DIR [ROUNDS]` saves the notes'
//! index and the search and related indexes of NOTES_DIR (in a temporary
//! folder, as this build writes them), then decodes them again. Prints the fastest of ROUNDS (default 9) for each piece, and the
//! processor time of all of them: for comparing saved layouts by hand, on a
//! machine too busy for wall times to mean much. Not a test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The processor time of this process so far (every thread's): less
/// noisy than wall time on a shared machine, where a run waits for a core.
fn cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0))
}

/// The least wall time and the least processor time of `rounds` runs.
fn fastest(rounds: usize, mut run: impl FnMut()) -> (Duration, Duration) {
    (0..rounds)
        .map(|_| {
            let (t, cpu) = (Instant::now(), cpu_time());
            run();
            (t.elapsed(), cpu_time() - cpu)
        })
        .fold((Duration::MAX, Duration::MAX), |(w, c), (wall, cpu)| (w.min(wall), c.min(cpu)))
}

/// Saves the notes' index of `root` and its indexes in `data`, as the app does.
fn save(root: &Path, data: &Path) -> (PathBuf, PathBuf) {
    let index = data.join("notes.index");
    let (collection, stamps) = confnotes::notes::load_folder_stamped(root).expect("loads");
    let place = confnotes::saved_indexes::Place::beside(&index, confnotes::notes::cache::fingerprint(root, &stamps));
    let related = confnotes::relate::RelatedIndex::build(&collection);
    let problems = confnotes::check::problems(&collection, &related);
    let related = confnotes::saved_indexes::encode_related(&related, &problems).expect("encodes");
    let search = confnotes::app::SearchIndexes::build(&collection);
    confnotes::saved_indexes::save(&place, &related, &search).expect("saves the indexes");
    confnotes::notes::cache::save(&index, root, stamps, &collection).expect("saves the notes' index");
    (index, place.path)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let notes = args.next().expect("usage: warm_decode NOTES_DIR [ROUNDS]");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(9);
    let root = Path::new(&notes);
    let data = tempfile::tempdir().expect("a temporary folder");
    let (index, search) = save(root, data.path());
    let collection = fastest(rounds, || {
        let (collection, stamps) = confnotes::notes::cache::load_unchecked(&index, root).expect("the saved index");
        // Dropped outside the timing would be fairer, but the app never drops it either.
        if std::env::var_os("FORGET").is_some() {
            std::mem::forget(std::hint::black_box((collection, stamps)))
        } else {
            drop(std::hint::black_box((collection, stamps)))
        }
    });
    let indexes = fastest(rounds, || {
        let loaded = confnotes::saved_indexes::load_any(&search).expect("the saved indexes");
        std::mem::forget(std::hint::black_box(loaded));
    });
    let listing = confnotes::notes::list_folder(root).expect("lists");
    let stamps = fastest(rounds, || {
        std::hint::black_box(listing.stamps_unnamed());
    });
    let ms = |(wall, cpu): (Duration, Duration)| {
        format!("{:.2} ms ({:.2} ms cpu)", wall.as_secs_f64() * 1e3, cpu.as_secs_f64() * 1e3)
    };
    println!("collection {}, indexes {}, stamps {} (least of {rounds})", ms(collection), ms(indexes), ms(stamps));
}
