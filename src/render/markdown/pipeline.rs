//! From Markdown text to the renderer's events: pulldown-cmark, on a second
//! thread for a long note, and the holding back of the two constructs that
//! need to see their end before they are laid out (an ordered list, whose
//! numbers right-align to the widest, and a footnote definition, rendered
//! after the body).

use std::collections::VecDeque;
use std::sync::mpsc;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{directives, sections, Footnote, RenderOptions, Rendered, Renderer};
use crate::theme::Theme;

pub fn render_markdown(markdown: &str, width: usize, theme: &Theme) -> Rendered {
    render_markdown_with(markdown, &RenderOptions::new(width), theme)
}

/// From this size on, a note is parsed on a second thread while this one
/// lays it out: the two take about as long as each other (a 5 MB note: 16 ms
/// to parse, 33 to lay out), so a long note opens sooner. Below it, starting
/// a thread costs more than it saves.
pub(super) const PARSE_ASIDE_FROM: usize = 256 * 1024;
/// Events handed from the parsing thread at a time.
pub(super) const EVENT_BATCH: usize = 4096;
/// The least the first section parsed aside holds: small, so the first
/// events come soon (a 128 KB section's tree takes about a third of a
/// millisecond). The next ones grow to four times that, which the parser,
/// twice as fast as the layout, reads while the layout takes the events
/// waiting in the channel.
pub(super) const ASIDE_SECTION_BYTES: usize = 128 * 1024;

pub fn render_markdown_with(markdown: &str, options: &RenderOptions, theme: &Theme) -> Rendered {
    let markdown = &*directives::unwrap_directives(markdown);
    let parser_options = parser_options();
    let one_core = || std::thread::available_parallelism().map_or(true, |n| n.get() < 2);
    if markdown.len() < PARSE_ASIDE_FROM || one_core() {
        return render_here(markdown, options, theme);
    }
    // In sections on three cores or more: it costs about a tenth more CPU
    // than parsing aside (the sections' events and lines are held, then
    // joined), which two cores, both kept busy by parsing aside, do not win
    // back (docs/performance.md). Up to a size where the sections' lines,
    // held until joined, would cost more memory than time is saved.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if markdown.len() < sections::SECTIONS_FROM && cores >= 3 {
        let threads = cores.min(4);
        if let Some(rendered) = super::parallel::render_in_sections(markdown, parser_options, options, theme, threads) {
            return rendered;
        }
    }
    std::thread::scope(|scope| {
        // Bounded, so a parser far ahead does not hold the whole note's events.
        let (batches, received) = mpsc::sync_channel::<VecDeque<Event<'_>>>(4);
        let (empties, emptied) = mpsc::channel();
        let parsing = std::thread::Builder::new().name("parse".into()).spawn_scoped(scope, move || {
            // A section at a time: pulldown-cmark reads all of its text into a
            // tree before the first event, which for the whole note (about
            // two thirds of parsing it) this thread would wait through.
            let mut sending = Sending { batch: VecDeque::with_capacity(EVENT_BATCH), batches, emptied };
            for piece in sections::pieces(markdown, ASIDE_SECTION_BYTES, 4 * ASIDE_SECTION_BYTES) {
                if !sending.send_all(Parser::new_ext(piece, parser_options)) {
                    return;
                }
            }
            sending.finish();
        });
        match parsing {
            Ok(_) => {
                let events = Received { batch: VecDeque::new(), received, empties };
                render_events(events, markdown.len(), options, theme)
            }
            // No thread to be had: parse here, as for a short note.
            Err(_) => render_here(markdown, options, theme),
        }
    })
}

/// The parsing thread's end of the batches: events go out [`EVENT_BATCH`]
/// at a time, in batches the layout has emptied when it has sent some
/// back. A batch is 320 KB, which the app's allocator maps alone (blocks
/// from 64 KiB, `memory.rs`): a new one for each would cost its pages'
/// faults again, about 5,600 a render of a 5 MB note.
struct Sending<'a> {
    batch: VecDeque<Event<'a>>,
    batches: mpsc::SyncSender<VecDeque<Event<'a>>>,
    emptied: mpsc::Receiver<VecDeque<Event<'a>>>,
}

impl<'a> Sending<'a> {
    /// Sends `events`, the last few kept for the next; false if the
    /// receiver is gone (rendering panicked).
    fn send_all(&mut self, events: impl Iterator<Item = Event<'a>>) -> bool {
        for event in events {
            self.batch.push_back(event);
            if self.batch.len() == EVENT_BATCH && !self.send_batch() {
                return false;
            }
        }
        true
    }

    /// Sends the batch and takes an emptied one. Batches are queues: the
    /// layout takes each event from the front, leaving nothing to write.
    fn send_batch(&mut self) -> bool {
        let empty = self.emptied.try_recv().unwrap_or_else(|_| VecDeque::with_capacity(EVENT_BATCH));
        let full = std::mem::replace(&mut self.batch, empty);
        self.batches.send(full).is_ok()
    }

    /// Sends the last events.
    fn finish(self) {
        let _ = self.batches.send(self.batch);
    }
}

/// The layout's end of the batches: their events in order, each batch sent
/// back once emptied.
struct Received<'a> {
    /// The batch being taken.
    batch: VecDeque<Event<'a>>,
    received: mpsc::Receiver<VecDeque<Event<'a>>>,
    empties: mpsc::Sender<VecDeque<Event<'a>>>,
}

impl<'a> Iterator for Received<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.batch.pop_front() {
                return Some(event);
            }
            let next = self.received.recv().ok()?;
            // The parsing thread is gone once it has sent its last batch.
            let _ = self.empties.send(std::mem::replace(&mut self.batch, next));
        }
    }
}

/// [`render_markdown_with`] with the parsing done on this thread whatever
/// the note's size, for measuring the two apart.
pub fn render_markdown_on_one_thread(markdown: &str, options: &RenderOptions, theme: &Theme) -> Rendered {
    render_here(&directives::unwrap_directives(markdown), options, theme)
}

/// Parses and lays out on this thread. A note short of sections is laid out
/// straight from its parser: through the sections' iterator each event is
/// copied twice more, which a long note's hundreds of thousands of events feel.
fn render_here(markdown: &str, options: &RenderOptions, theme: &Theme) -> Rendered {
    if markdown.len() < sections::SECTIONS_FROM {
        return render_events(Parser::new_ext(markdown, parser_options()), markdown.len(), options, theme);
    }
    render_events(sections::events(markdown, parser_options()), markdown.len(), options, theme)
}

pub(super) fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES
}

/// Lays out the events of a note of `size` bytes.
fn render_events<'a>(
    events: impl Iterator<Item = Event<'a>>,
    size: usize,
    options: &RenderOptions,
    theme: &Theme,
) -> Rendered {
    let mut r = Renderer::new(options, theme, size);
    r.lay_out(events);
    r.finish()
}

impl<'a> Renderer<'_, 'a> {
    /// Lays out the events of a note, or of a section of one.
    pub(super) fn lay_out(&mut self, events: impl Iterator<Item = Event<'a>>) {
        // Events of an ordered list or footnote definition, held until it ends.
        let mut held: Vec<Event<'_>> = Vec::new();
        let mut outline = Outline::default();
        let mut depth = 0usize;
        for event in events {
            if held.is_empty() && !matches!(event, Event::Start(Tag::List(Some(_)) | Tag::FootnoteDefinition(_))) {
                self.event(&event);
                continue;
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            held.push(event);
            if depth == 0 {
                outline.fill(&held);
                self.run(&held, &outline);
                held.clear();
            }
        }
        outline.fill(&held);
        self.run(&held, &outline);
    }
}

/// What the renderer learns ahead of the pass, by event index. Sorted
/// lists rather than maps: one is made for every ordered list, and kept.
#[derive(Default)]
pub(super) struct Outline {
    /// Items of each ordered list, by the index of its start.
    ordered_items: Vec<(usize, u64)>,
    /// The end of each footnote definition, by the index of its start.
    footnote_ends: Vec<(usize, usize)>,
    /// Open lists and footnote definitions while the outline is made.
    lists: Vec<(usize, u64)>,
    footnotes: Vec<usize>,
}

impl Outline {
    pub(super) fn of(events: &[Event<'_>]) -> Self {
        let mut outline = Outline::default();
        outline.fill(events);
        outline
    }

    fn ordered_items(&self, start: usize) -> Option<u64> {
        let k = self.ordered_items.binary_search_by_key(&start, |&(i, _)| i).ok()?;
        Some(self.ordered_items[k].1)
    }

    fn footnote_end(&self, start: usize) -> Option<usize> {
        let k = self.footnote_ends.binary_search_by_key(&start, |&(i, _)| i).ok()?;
        Some(self.footnote_ends[k].1)
    }

    fn fill(&mut self, events: &[Event<'_>]) {
        self.ordered_items.clear();
        self.footnote_ends.clear();
        self.lists.clear();
        self.footnotes.clear();
        for (i, event) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::List(_)) => self.lists.push((i, 0)),
                Event::Start(Tag::Item) => {
                    if let Some((_, items)) = self.lists.last_mut() {
                        *items += 1;
                    }
                }
                Event::End(TagEnd::List(true)) => {
                    if let Some(list) = self.lists.pop() {
                        self.ordered_items.push(list);
                    }
                }
                Event::End(TagEnd::List(false)) => {
                    self.lists.pop();
                }
                Event::Start(Tag::FootnoteDefinition(_)) => self.footnotes.push(i),
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some(start) = self.footnotes.pop() {
                        self.footnote_ends.push((start, i));
                    }
                }
                _ => {}
            }
        }
        // Inner lists end first: sorted by start, for the lookups.
        self.ordered_items.sort_unstable_by_key(|&(i, _)| i);
        self.footnote_ends.sort_unstable_by_key(|&(i, _)| i);
    }
}

impl<'a> Renderer<'_, 'a> {
    /// Renders held events, setting footnote definitions aside.
    pub(super) fn run(&mut self, events: &[Event<'a>], outline: &Outline) {
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
                let end = outline.footnote_end(i).unwrap_or(events.len());
                let known = self.refs.footnote_numbers.contains_key(label.as_ref());
                let number = self.refs.footnote_number(label);
                // A label defined twice keeps its first definition.
                if !known || !self.refs.footnotes.iter().any(|f| f.number == number) {
                    self.refs.footnotes.push(Footnote { number, events: events[i + 1..end].to_vec() });
                }
                i = end + 1;
                continue;
            }
            match &events[i] {
                Event::Start(Tag::List(start)) => {
                    let items = outline.ordered_items(i).unwrap_or(1);
                    self.start_list(*start, items);
                }
                event => self.event(event),
            }
            i += 1;
        }
    }
}
