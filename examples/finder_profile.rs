//! Each keystroke of the finder on a large folder: `cargo run --release
//! --example finder_profile -- DIR [ROUNDS]` types the words of
//! `benches/ready.rs` letter by letter, as the finder view does (each query
//! narrowing the last), and prints each query's median time over the
//! rounds, slowest last: wall time, and CPU time over every thread (what
//! the process itself spent, steadier than wall time on a busy machine).
//! For profiling by hand; not a test.

use std::time::{Duration, Instant};

use confnotes::notes::load_folder;
use confnotes::search::{Finder, Narrowing};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: finder_profile DIR [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(15);
    let collection = load_folder(std::path::Path::new(&dir)).expect("the folder loads");
    let finder = Finder::new(&collection);
    let words = ["cluster", "obse", "que", "kub", "2019"];
    let typed: Vec<&str> = words.iter().flat_map(|w| (1..=w.len()).map(move |n| &w[..n])).collect();
    let mut times = vec![Vec::new(); typed.len()];
    let mut cpu = vec![Vec::new(); typed.len()];
    for _ in 0..rounds {
        let mut last = Narrowing::default();
        for (i, query) in typed.iter().enumerate() {
            let (start, start_cpu) = (Instant::now(), cpu_time());
            std::hint::black_box(finder.query_narrowing(query, 500, &mut last));
            times[i].push(start.elapsed());
            cpu[i].push(cpu_time().saturating_sub(start_cpu));
        }
    }
    let median = |mut samples: Vec<Duration>| {
        samples.sort();
        samples[samples.len() / 2]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut medians: Vec<(Duration, Duration, &str)> = times
        .into_iter()
        .map(median)
        .zip(cpu.into_iter().map(median))
        .zip(typed)
        .map(|((t, c), q)| (t, c, q))
        .collect();
    let (total, total_cpu): (Duration, Duration) =
        (medians.iter().map(|m| m.0).sum(), medians.iter().map(|m| m.1).sum());
    medians.sort();
    println!("{:<10} {:>8} {:>8}", "query", "wall ms", "cpu ms");
    for (took, cpu, query) in &medians {
        println!("{query:<10} {:8.2} {:8.2}", ms(*took), ms(*cpu));
    }
    println!(
        "{} notes; every keystroke, medians summed: {:.2} ms, cpu {:.2} ms",
        finder.len(),
        ms(total),
        ms(total_cpu)
    );
}

/// CPU time the process has spent, every thread's.
fn cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the timespec it is given and nothing else.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0))
}
