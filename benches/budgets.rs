//! The performance budgets of issue 13, each measured against its baseline in
//! the same run, so the ratios hold on a shared, noisy machine.
//!
//! `cargo bench --bench budgets` (or `scripts/bench.sh`, which also measures
//! the real binary's first frame and peak memory). Corpora are generated with
//! benches/common/corpus.rs into target/bench-corpus/ unless
//! CONFNOTES_CORPUS (10,000 notes) is set.

mod common;

use std::fs;

use common::{corpus_dir, notes_of_size, walk_front_matter};
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use confnotes::app::{App, Notice, Settings};
use confnotes::keymap::{parse_chord, Keymap};
use confnotes::notes::{cache, list_folder, load_folder, load_folder_stamped, look, Collection};
use confnotes::render::{render_markdown_on_one_thread, render_markdown_with, RenderOptions};
use confnotes::search::{Finder, SearchIndex};
use confnotes::state::State;
use confnotes::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

struct Budget {
    name: &'static str,
    measured: String,
    target: String,
    pass: bool,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn app_for(collection: Collection, width: u16, height: u16) -> App {
    let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
    let _ = app.notice(Notice::Resize { width, height });
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|frame| confnotes::ui::draw(frame, app)).expect("draws");
}

/// Median cost of one key: update, then draw, at 160x45.
fn keystroke_median(app: &mut App, keys: &[&str], rounds: usize) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
    draw(&mut terminal, app);
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for key in keys {
            let chord = parse_chord(key).expect("key");
            let start = Instant::now();
            let _ = app.handle_key(chord);
            draw(&mut terminal, app);
            samples.push(start.elapsed());
        }
    }
    median(samples)
}

fn main() {
    // `cargo test` runs benches' main with --test in some setups; only measure on `cargo bench`.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let corpus = corpus_dir();
    let mut budgets = Vec::new();

    // Start-up to first frame vs. walking the tree for front matter, warm
    // cache: as the binary starts, without a saved index (a first look, the
    // rest read after the first frame) and with one.
    let saved = tempfile::tempdir().expect("tempdir");
    let index = saved.path().join("c10k.index");
    let (collection, stamps) = load_folder_stamped(&corpus).expect("corpus loads");
    cache::save(&index, &corpus, stamps, &collection).expect("index saved");
    drop(collection);
    // The first look a start saves beside the index, which the next draws without a walk.
    let saved_look = saved.path().join("c10k.index.look");
    let (look, look_stamps) = list_folder(&corpus).expect("lists").first_look_stamped(true);
    look::save(&saved_look, &corpus, true, look_stamps.expect("every file read"), &look).expect("first look saved");
    drop(look);
    walk_front_matter(&corpus);
    let (mut walk, mut first_look, mut from_index, mut read_all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut from_look = Vec::new();
    let first_frame = |collection: Collection| {
        let app = App::without_indexes(collection, Keymap::defaults().0, Settings::default(), Vec::new());
        let mut app = app.with_state(State::new("bench"));
        let _ = app.notice(Notice::Resize { width: 160, height: 45 });
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
        draw(&mut terminal, &app);
    };
    for _ in 0..7 {
        let start = Instant::now();
        std::hint::black_box(walk_front_matter(&corpus));
        walk.push(start.elapsed());
        let start = Instant::now();
        first_frame(list_folder(&corpus).expect("lists").first_look(true));
        first_look.push(start.elapsed());
        let start = Instant::now();
        first_frame(look::load(&saved_look, &corpus, true).expect("the saved first look matches"));
        from_look.push(start.elapsed());
        let start = Instant::now();
        let (collection, stamps) = cache::load_unchecked(&index, &corpus).expect("index loads");
        assert!(cache::is_current(&stamps, &corpus));
        std::hint::black_box(collection);
        from_index.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(list_folder(&corpus).expect("lists").load(&AtomicUsize::new(0)));
        read_all.push(start.elapsed());
    }
    let walk = median(walk);
    println!("walk-baseline-ms: {:.2}", walk.as_secs_f64() * 1000.0);
    // Issue 13's budget: the first frame within 0.5x the walk with a saved
    // index, 2x without. With one, a start draws the first look saved beside
    // it; the first look made from the files is what a start without one (or
    // whose saved look no longer matches the folder) draws.
    for (name, samples, limit, target) in [
        ("start-up to first frame, 10,000 notes, first look", first_look, 2.0, "<= 2x walk (no saved index)"),
        ("start-up to first frame, 10,000 notes, saved first look", from_look, 0.5, "<= 0.5x walk (saved index)"),
    ] {
        let startup = median(samples);
        let ratio = startup.as_secs_f64() / walk.as_secs_f64();
        budgets.push(Budget {
            name,
            measured: format!("{:.2}x walk ({} vs {})", ratio, ms(startup), ms(walk)),
            target: target.into(),
            pass: ratio <= limit,
        });
    }
    for (name, samples) in [
        ("  (context) whole collection from files, after the frame", read_all),
        ("  (context) whole collection from saved index, after it", from_index),
    ] {
        let took = median(samples);
        budgets.push(Budget {
            name,
            measured: format!("{:.2}x walk ({} vs {})", took.as_secs_f64() / walk.as_secs_f64(), ms(took), ms(walk)),
            target: "no budget: off the UI thread".into(),
            pass: true,
        });
    }

    // Keystrokes on the 10,000-note collection.
    let mut app = app_for(load_folder(&corpus).expect("corpus loads"), 160, 45);
    let keys = ["j", "j", "k", "l", "j", "j", "ctrl-d", "enter", "j", "ctrl-d", "h", "h", "j"];
    let key = keystroke_median(&mut app, &keys, 20);
    budgets.push(Budget {
        name: "keystroke: update + draw at 160x45, 10,000 notes",
        measured: ms(key),
        target: "< 4 ms median".into(),
        pass: key < Duration::from_millis(4),
    });

    // Scrolling a 5 MB note vs a 5 KB one.
    let (small, big) = notes_of_size(&corpus);
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("2024-x")).expect("mkdir");
    // Titles sort the small note first: "enter enter" opens it, "enter j enter" the big one.
    fs::write(dir.path().join("2024-x/a-small.md"), format!("# A small note\n\n{small}")).expect("write");
    fs::write(dir.path().join("2024-x/b-big.md"), format!("# B big note\n\n{big}")).expect("write");
    let scroll_keys = ["j", "j", "ctrl-d", "j", "k", "ctrl-u", "pagedown", "pageup"];
    let scroll = |entry_keys: &str| {
        let mut app = app_for(load_folder(dir.path()).expect("loads"), 160, 45);
        for k in entry_keys.split_whitespace() {
            let _ = app.handle_key(parse_chord(k).expect("key"));
        }
        keystroke_median(&mut app, &scroll_keys, 30)
    };
    let small_scroll = scroll("enter enter");
    let big_scroll = scroll("enter j enter");
    let ratio = big_scroll.as_secs_f64() / small_scroll.as_secs_f64();
    budgets.push(Budget {
        name: "scrolling a 5 MB note vs a 5 KB one",
        measured: format!("{:.2}x ({} vs {})", ratio, ms(big_scroll), ms(small_scroll)),
        target: "<= 1.5x".into(),
        pass: ratio <= 1.5,
    });

    // Rendering throughput vs pulldown-cmark alone, on the 5 MB note.
    let theme = Theme::dark();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    let mut parse = Vec::new();
    let mut render = Vec::new();
    let mut one_thread = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        std::hint::black_box(pulldown_cmark::Parser::new_ext(&big, options).count());
        parse.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(render_markdown_with(&big, &RenderOptions::new(100), &theme).lines.len());
        render.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(render_markdown_on_one_thread(&big, &RenderOptions::new(100), &theme).lines.len());
        one_thread.push(start.elapsed());
    }
    let (parse, render, one_thread) = (median(parse), median(render), median(one_thread));
    let throughput = parse.as_secs_f64() / render.as_secs_f64();
    budgets.push(Budget {
        name: "render throughput, 5 MB note, vs bare pulldown-cmark",
        measured: format!("{:.2}x ({} vs {})", throughput, ms(render), ms(parse)),
        target: ">= 0.33x".into(),
        pass: throughput >= 1.0 / 3.0,
    });
    // The note is parsed on a second thread as it is laid out; this is
    // what one thread alone manages.
    budgets.push(Budget {
        name: "  (context) the same, parsed and laid out on one thread",
        measured: format!(
            "{:.2}x ({} vs {})",
            parse.as_secs_f64() / one_thread.as_secs_f64(),
            ms(one_thread),
            ms(parse)
        ),
        target: "no budget".into(),
        pass: true,
    });

    // Finder and full-text search per keystroke, 10,000 notes.
    let collection = load_folder(&corpus).expect("loads");
    let finder = Finder::new(&collection);
    let index = SearchIndex::build(&collection);
    let typed = ["c", "cl", "clu", "clus", "clust", "cluste", "cluster", "o", "ob", "obs", "obse", "q", "qu", "que"];
    let mut finder_samples = Vec::new();
    let mut text_samples = Vec::new();
    for _ in 0..5 {
        for query in typed {
            let start = Instant::now();
            std::hint::black_box(finder.query(query, 200).len());
            finder_samples.push(start.elapsed());
            let start = Instant::now();
            // Ranked, as the `s` view searches: whole words, then word starts, then inside words.
            std::hint::black_box(index.search_ranked(&collection, query, 200).len());
            text_samples.push(start.elapsed());
        }
    }
    let (finder_median, text_median) = (median(finder_samples), median(text_samples));
    budgets.push(Budget {
        name: "fuzzy finder per keystroke, 10,000 notes",
        measured: ms(finder_median),
        target: "<= 16 ms median".into(),
        pass: finder_median <= Duration::from_millis(16),
    });
    budgets.push(Budget {
        name: "full-text search per keystroke, 10,000 notes",
        measured: ms(text_median),
        target: "<= 16 ms median".into(),
        pass: text_median <= Duration::from_millis(16),
    });

    println!();
    println!("{:<56} {:<34} {:<26} result", "budget", "measured", "target");
    for b in &budgets {
        println!("{:<56} {:<34} {:<26} {}", b.name, b.measured, b.target, if b.pass { "PASS" } else { "FAIL" });
    }
}
