//! Recall of judged related-note pairs, in process (no binary per note).
//!
//! `cargo run --release --example related_eval -- PAIRS ROOT [K] [--topics]`
//!
//! PAIRS is tab-separated `collection  noteA  noteB` lines (`#` starts a
//! comment); each collection is a folder under ROOT. A pair is found when
//! either note is among the first K (default 5) related notes of the other,
//! as `confnotes related --json` lists them. Prints each miss with where
//! the other note ranks, then `recall@K: found/pairs`, and the time each
//! collection's index took to build. With `--topics`, also the twenty
//! largest topics of each collection under ROOT (inferred ones too) and
//! their years.
//!
//! `cargo run --release --example related_eval -- --time ROOT` instead
//! times building the index for the collection at ROOT with every topic
//! taken away (as if nobody had tagged it): wall clock and processor time.
//!
//! `cargo run --release --example related_eval -- --dump ROOT` prints the
//! related notes of every note of the collection at ROOT, each as
//! `confnotes related --json` prints them, then its topics: two builds'
//! outputs diffed say whether a change left every relation as it was.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use confnotes::notes::{load_folder, Collection};
use confnotes::relate::RelatedIndex;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--time") {
        return match args.get(1) {
            Some(root) => time_untagged(Path::new(root)),
            None => {
                eprintln!("usage: related_eval --time ROOT");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().is_some_and(|a| a == "--dump") {
        return match args.get(1) {
            Some(root) => dump(Path::new(root)),
            None => {
                eprintln!("usage: related_eval --dump ROOT");
                ExitCode::FAILURE
            }
        };
    }
    let show_topics = args.iter().any(|a| a == "--topics");
    args.retain(|a| a != "--topics");
    let (Some(pairs), Some(root)) = (args.first(), args.get(1)) else {
        eprintln!("usage: related_eval PAIRS ROOT [K]");
        return ExitCode::FAILURE;
    };
    let k: usize = args.get(2).and_then(|k| k.parse().ok()).unwrap_or(5);
    let text = match std::fs::read_to_string(pairs) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{pairs}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut loaded: HashMap<String, Option<(Collection, RelatedIndex)>> = HashMap::new();
    let (mut found, mut total) = (0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, a, b] = fields[..] else {
            eprintln!("skipped (not three fields): {line}");
            continue;
        };
        total += 1;
        let entry = loaded.entry(name.to_string()).or_insert_with(|| load(&Path::new(root).join(name)));
        let Some((c, index)) = entry else {
            println!("error: {name} did not load");
            continue;
        };
        let rank = |from: &str, to: &str| -> Option<usize> {
            let from = c.note_index(from)?;
            let to = c.note_index(to)?;
            index.related(c, from).iter().position(|r| r.note == to)
        };
        let (ab, ba) = (rank(a, b), rank(b, a));
        if ab.is_some_and(|r| r < k) || ba.is_some_and(|r| r < k) {
            found += 1;
        } else {
            let shown = |r: Option<usize>| r.map_or_else(|| "-".to_string(), |r| (r + 1).to_string());
            println!("miss: {name}: {a} <-> {b} (ranks {} / {})", shown(ab), shown(ba));
        }
    }
    println!("recall@{k}: {found}/{total}");
    if show_topics {
        // Every collection under ROOT, not only those the pairs name.
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !loaded.contains_key(&name) {
                loaded.insert(name, load(&entry.path()));
            }
        }
        let mut names: Vec<&String> = loaded.keys().collect();
        names.sort();
        for name in names {
            let Some((c, index)) = &loaded[name] else { continue };
            let mut topics = index.topics(c);
            topics.sort_by(|a, b| b.notes.cmp(&a.notes).then_with(|| a.label.cmp(&b.label)));
            println!("\n{name}: {} topics", topics.len());
            for t in topics.iter().take(20) {
                let years: Vec<String> = t.years.iter().map(ToString::to_string).collect();
                println!("  {:<32} {:>3} notes  {}", t.label, t.notes, years.join(" "));
            }
        }
    }
    ExitCode::SUCCESS
}

fn load(path: &Path) -> Option<(Collection, RelatedIndex)> {
    let c = load_folder(path).ok()?;
    let started = std::time::Instant::now();
    let index = RelatedIndex::build(&c);
    eprintln!("{}: {} notes, index built in {:?}", path.display(), c.notes.len(), started.elapsed());
    Some((c, index))
}

/// Prints every note's related notes (as `confnotes related --json`) and
/// the collection's topics with their notes.
fn dump(root: &Path) -> ExitCode {
    let Some((c, index)) = load(root) else {
        eprintln!("{}: did not load", root.display());
        return ExitCode::FAILURE;
    };
    let mut out = String::new();
    for note in 0..c.notes.len() {
        out.push_str(&confnotes::report::related_report(&c, &index, note, true));
        let topics: Vec<&str> = index.topics_of(&c, note).map(|t| index.topic_label(&c, t)).collect();
        out.push_str(&format!("\ntopics {topics:?}\n"));
    }
    for topic in index.topics(&c) {
        out.push_str(&format!("topic {:?} {} notes {:?}\n", topic.label, topic.notes, topic.years));
    }
    print!("{out}");
    ExitCode::SUCCESS
}

/// Builds the index of the collection at `root` with its topics and
/// vocabulary taken away, three times; prints the best wall and processor time.
fn time_untagged(root: &Path) -> ExitCode {
    let mut c = match load_folder(root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    c.vocabulary = Default::default();
    for note in &mut c.notes {
        note.topics.clear();
        note.inferred_topics.clear();
    }
    let mut best = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..3 {
        let (wall, cpu) = (std::time::Instant::now(), processor_time());
        let index = RelatedIndex::build(&c);
        let times = (wall.elapsed(), processor_time().saturating_sub(cpu));
        best = (best.0.min(times.0), best.1.min(times.1));
        let related: usize = (0..c.notes.len()).filter(|&n| !index.related(&c, n).is_empty()).count();
        eprintln!(
            "{} notes: built in {:?} ({:?} of processor time); {related} notes have related notes, {} topics",
            c.notes.len(),
            times.0,
            times.1,
            index.topics(&c).len()
        );
    }
    println!("{} untagged notes: best of 3 builds {:?} wall, {:?} processor time", c.notes.len(), best.0, best.1);
    ExitCode::SUCCESS
}

/// Processor time this process has used so far (user and system, all threads).
fn processor_time() -> std::time::Duration {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}
