//! The highlighter's speed on a note's code blocks: `cargo run --release
//! --example highlight_rate -- NOTE.md [ROUNDS]`. Prints source lines per
//! second on one thread, per language with 300 lines or more, and the time
//! `confnotes render` spends colouring the whole note on every core, against
//! laying the note out (a ratio measured in the same run). For measuring by
//! hand; not a test.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use confnotes::render::{colour_all, render_markdown_with, BlockColours, RenderOptions};

fn main() {
    let path = std::env::args().nth(1).expect("usage: highlight_rate NOTE.md [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(&path).expect("reads the note");
    let theme = confnotes::theme::Theme::dark();
    confnotes::render::warm_up_highlighting();
    let (mut layout, mut all, mut one) = (Vec::new(), Vec::new(), Vec::new());
    let mut per_language: BTreeMap<String, (usize, Duration)> = BTreeMap::new();
    let mut lines = 0;
    for round in 0..rounds {
        let start = Instant::now();
        let rendered = render_markdown_with(&text, &RenderOptions::new(100), &theme);
        layout.push(start.elapsed());
        let start = Instant::now();
        drop(colour_all(&rendered.code_blocks, &rendered.lines));
        all.push(start.elapsed());
        let start = Instant::now();
        lines = 0;
        for block in &rendered.code_blocks {
            let block_start = Instant::now();
            let colours = BlockColours::complete(block, &rendered.lines);
            if colours.is_known() {
                lines += block.source_lines();
                if round == 0 {
                    let entry = per_language.entry(block.lang.clone()).or_default();
                    entry.0 += block.source_lines();
                    entry.1 += block_start.elapsed();
                }
            }
        }
        one.push(start.elapsed());
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (layout, all, one) = (median(layout), median(all), median(one));
    println!(
        "{} bytes, {lines} code lines in known languages; one thread: {:.0} lines/s ({one:?}); \
         every core: {all:?}, {:.2}x the layout's {layout:?} (medians of {rounds})",
        text.len(),
        lines as f64 / one.as_secs_f64(),
        all.as_secs_f64() / layout.as_secs_f64()
    );
    for (lang, (count, time)) in per_language.into_iter().filter(|(_, (count, _))| *count >= 300) {
        println!("  {lang:<12} {count:>7} lines {:>9.0} lines/s", count as f64 / time.as_secs_f64());
    }
}
