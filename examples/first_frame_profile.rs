//! Where the in-process first frame's time goes on a large folder, phase by
//! phase, against the walk baseline of `benches/budgets.rs` measured in the
//! same run: `cargo run --release --example first_frame_profile -- DIR [ROUNDS [list | look]]`.
//! For profiling by hand (`perf record` with many rounds); not a test.

#[path = "../benches/common/mod.rs"]
#[allow(dead_code)]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use confnotes::app::{App, Notice, Settings};
use confnotes::keymap::Keymap;
use confnotes::state::State;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: first_frame_profile DIR [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(9);
    let root = Path::new(&dir);
    // `-- DIR ROUNDS list`: only the listing, over and over, for a profiler.
    if std::env::args().nth(3).as_deref() == Some("list") {
        for _ in 0..rounds {
            std::hint::black_box(confnotes::notes::list_folder(root).expect("lists"));
        }
        return;
    }
    // `-- DIR ROUNDS look`: only the first look, over and over, for a profiler.
    if std::env::args().nth(3).as_deref() == Some("look") {
        let listing = confnotes::notes::list_folder(root).expect("lists");
        for _ in 0..rounds {
            std::hint::black_box(listing.first_look(true));
        }
        return;
    }
    // `-- DIR ROUNDS state DATA_DIR`: the saved state read and taken in, as the binary does.
    if std::env::args().nth(3).as_deref() == Some("state") {
        let data = std::env::args().nth(4).expect("a data directory");
        let store = confnotes::state::Store::for_collection(
            Path::new(&data),
            &confnotes::notes::Origin::Folder(root.to_path_buf()),
        );
        let listing = confnotes::notes::list_folder(root).expect("lists");
        let (mut read, mut taken) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let t = Instant::now();
            let state = confnotes::startup::load_state(Some(&store)).0;
            read.push(t.elapsed());
            let app =
                App::without_indexes(listing.first_look(true), Keymap::defaults().0, Settings::default(), Vec::new());
            let t = Instant::now();
            std::hint::black_box(app.with_state(state));
            taken.push(t.elapsed());
        }
        println!("state read {:?}, taken in {:?}", median(read), median(taken));
        return;
    }
    let (mut walk, mut list, mut look, mut frame) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(common::walk_front_matter(root));
        walk.push(t.elapsed());
        let t = Instant::now();
        let listing = confnotes::notes::list_folder(root).expect("lists");
        list.push(t.elapsed());
        let t = Instant::now();
        let collection = listing.first_look(true);
        look.push(t.elapsed());
        let t = Instant::now();
        let app = App::without_indexes(collection, Keymap::defaults().0, Settings::default(), Vec::new());
        let mut app = app.with_state(State::new("profile"));
        let _ = app.notice(Notice::Resize { width: 160, height: 45 });
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
        terminal.draw(|f| confnotes::ui::draw(f, &app)).expect("draws");
        frame.push(t.elapsed());
    }
    let walk = median(walk);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (list, look, frame) = (median(list), median(look), median(frame));
    println!(
        "walk {:.2} ms | list_folder {:.2} ms, first_look {:.2} ms, app + frame {:.2} ms: {:.2}x walk",
        ms(walk),
        ms(list),
        ms(look),
        ms(frame),
        (ms(list) + ms(look) + ms(frame)) / ms(walk)
    );
}
