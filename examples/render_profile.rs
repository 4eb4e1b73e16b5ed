//! Where render time goes on a large note: `cargo run --release --example
//! render_profile -- NOTE.md [ROUNDS]` (under `perf record` for a profile;
//! `AS_APP=1` sets the allocator up as the app does).
//! For profiling by hand; not a test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use confnotes::render::{render_markdown_on_one_thread, render_markdown_with, RenderOptions};
use pulldown_cmark::{Options, Parser};

/// The system allocator, counting allocations (and reallocations), so a
/// run can say how many one render makes: the layout's profile is flat,
/// and allocations spread their cost over it.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.load(Ordering::Relaxed)
}

fn main() {
    // `AS_APP=1`: the allocator set up as the app sets it (two arenas, blocks
    // of 64 KiB and more mapped alone), which one-shot commands do not.
    if std::env::var_os("AS_APP").is_some() {
        confnotes::memory::limit_arenas();
        confnotes::memory::map_large_blocks_alone();
    }
    let path = std::env::args().nth(1).expect("usage: render_profile NOTE.md [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(10);
    let text = std::fs::read_to_string(&path).expect("reads the note");
    let theme = confnotes::theme::Theme::dark();
    let options = RenderOptions::new(100);
    let parser_options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES;
    // `ONLY=parse`, `ONLY=one-thread` or `ONLY=render` runs that alone, for
    // `perf stat` or `perf record` of one part.
    match std::env::var("ONLY").as_deref() {
        Ok("parse") => (0..rounds).for_each(|_| {
            std::hint::black_box(Parser::new_ext(&text, parser_options).count());
        }),
        Ok("one-thread") => (0..rounds).for_each(|_| drop(render_markdown_on_one_thread(&text, &options, &theme))),
        Ok("render") => (0..rounds).for_each(|_| drop(render_markdown_with(&text, &options, &theme))),
        _ => {}
    }
    if std::env::var_os("ONLY").is_some() {
        return;
    }
    for _ in 0..rounds {
        let before = allocations();
        let start = Instant::now();
        let events = Parser::new_ext(&text, parser_options).count();
        let parse = start.elapsed();
        let parse_allocations = allocations() - before;
        let before = allocations();
        let start = Instant::now();
        let rendered = render_markdown_with(&text, &options, &theme);
        let built = start.elapsed();
        let lines = rendered.lines.len();
        drop(rendered);
        let render = start.elapsed();
        let render_allocations = allocations() - before;
        let before = allocations();
        let start = Instant::now();
        let alone = render_markdown_on_one_thread(&text, &options, &theme);
        let one_thread = start.elapsed();
        let one_thread_allocations = allocations() - before;
        // The note laid out in sections on several threads must read as in one pass.
        assert!(alone == render_markdown_with(&text, &options, &theme), "the same lines either way");
        println!(
            "parse {parse:?} ({events} events); render {render:?} ({lines} lines, {:?} of it freeing), \
             throughput {:.2}x; on one thread {one_thread:?}, {:.2}x; allocations: parse \
             {parse_allocations}, render {render_allocations}, on one thread {one_thread_allocations}",
            render - built,
            parse.as_secs_f64() / render.as_secs_f64(),
            parse.as_secs_f64() / one_thread.as_secs_f64()
        );
    }
}
