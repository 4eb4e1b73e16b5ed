//! A long note laid out a section at a time, on several threads at once.
//!
//! Laying a note out costs about two and a half times parsing it, so one
//! thread laying out behind another parsing is held to the layout's pace. The note
//! is cut before top-level headings ([`sections`]), where every block has
//! ended, and each thread parses and lays out a section in turn; the
//! sections' lines are then put end to end.
//!
//! One thing reaches across sections: link numbers, given by each target's
//! first mention in the whole note, and shown in the text (so their width
//! moves words). Each section's targets are read from its events as soon as
//! it is parsed, and folded in order into the note's numbering, which the
//! section's layout then takes: a section waits only for the sections before
//! it to be parsed, not laid out.
//!
//! The output must be the one pass's, byte for byte. Whatever this cannot
//! be sure of gives up (`None`), and the note is laid out in one pass as
//! before: a section whose targets the reading above could not tell (HTML
//! `<img>` tags, footnotes), a `<details>` (a container that may hold
//! headings), a section that ends with something left open (an unclosed
//! `<sup>`) or without the gap the next one assumed, a layout whose targets
//! were not the ones read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{is_note_link, sections, CodeBlock, HeadingMark, ImageMark, LinkTarget, RenderOptions, Rendered, Renderer};
use crate::render::StyledLines;
use crate::theme::Theme;

/// The least a section holds: enough that a thread's start and the joining
/// cost little beside its layout, small enough that two threads share a
/// note of a few MB evenly.
const SECTION_BYTES: usize = 128 * 1024;

/// A section laid out: its lines and marks (lines counted from its start),
/// and how it ended.
struct Section {
    lines: StyledLines,
    headings: Vec<HeadingMark>,
    code_blocks: Vec<CodeBlock>,
    images: Vec<ImageMark>,
    /// Nothing left open at its end that would change what comes after.
    idle: bool,
    /// A blank line is due before the next block (each section after the
    /// first was laid out assuming it).
    gap_after: bool,
}

/// The note's link numbering, folded from the sections' targets in order.
#[derive(Default)]
struct Numbering {
    /// Targets of sections read but not yet folded (sections before them are not).
    waiting: BTreeMap<usize, Vec<String>>,
    folded: usize,
    numbers: HashMap<String, usize, foldhash::fast::RandomState>,
    links: Vec<LinkTarget>,
    /// The note's number of each section's targets, until its layout takes them.
    renumbered: Vec<Option<Vec<usize>>>,
    failed: bool,
}

impl Numbering {
    fn fold_ready(&mut self) {
        while let Some(urls) = self.waiting.remove(&self.folded) {
            let numbers = urls
                .into_iter()
                .map(|url| {
                    let next = self.links.len() + 1;
                    *self.numbers.entry(url).or_insert_with_key(|url| {
                        self.links.push(LinkTarget { url: url.clone(), is_note: is_note_link(url) });
                        next
                    })
                })
                .collect();
            self.renumbered[self.folded] = Some(numbers);
            self.folded += 1;
        }
    }
}

/// `markdown` laid out on `threads` threads, a section each in turn; `None`
/// when the one pass must do it (see the module's notes).
pub(super) fn render_in_sections(
    markdown: &str,
    parser_options: Options,
    options: &RenderOptions,
    theme: &Theme,
    threads: usize,
) -> Option<Rendered> {
    // The sections' threads take no closures (they need not be shared):
    // picture sizes are asked for only of a note with pictures.
    if (options.picture_rows.is_some() && options.image_rows > 0 && markdown.contains("!["))
        || has_tag(markdown, "details")
        || has_tag(markdown, "img")
        || markdown.contains("[^")
        // A catalog's `doc:` link is numbered only if it names a note, which the sections cannot ask.
        || markdown.contains("doc:")
    {
        return None;
    }
    let pieces = sections::sections(markdown, SECTION_BYTES);
    if pieces.len() < 2 {
        return None;
    }
    let (width, wide_tables, line_breaks, wrap_code, image_rows) =
        (options.width, options.wide_tables, options.line_breaks, options.wrap_code, options.image_rows);
    let numbering = Mutex::new(Numbering { renumbered: vec![None; pieces.len()], ..Numbering::default() });
    let folded = Condvar::new();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Section>>> = Mutex::new((0..pieces.len()).map(|_| None).collect());
    let work = || {
        let section_options = RenderOptions {
            width,
            wide_tables,
            line_breaks,
            wrap_code,
            image_rows,
            link_labels: None,
            picture_rows: None,
        };
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(piece) = pieces.get(k) else { return };
            // About an event for every 17 bytes of notes: room for them at once.
            let mut events: Vec<Event<'_>> = Vec::with_capacity(piece.len() / 12);
            events.extend(Parser::new_ext(piece, parser_options));
            let urls = link_targets(&events);
            let renumbered = {
                let mut numbering = numbering.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match &urls {
                    Some(urls) => {
                        numbering.waiting.insert(k, urls.clone());
                        numbering.fold_ready();
                    }
                    None => numbering.failed = true,
                }
                folded.notify_all();
                while numbering.folded <= k && !numbering.failed {
                    numbering = folded.wait(numbering).unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                if numbering.failed {
                    return;
                }
                numbering.renumbered[k].take()
            };
            let Some(urls) = urls else { return };
            let mut r = Renderer::new(&section_options, theme, piece.len());
            r.follows_section = k > 0;
            r.blocks.gap_pending = k > 0;
            r.refs.renumbered = renumbered;
            r.lay_out(events.into_iter());
            r.flush_inlines();
            let as_read = r.refs.links.len() == urls.len() && r.refs.links.iter().zip(&urls).all(|(l, u)| l.url == *u);
            let idle = as_read
                && r.blocks.is_idle()
                && !r.in_code
                && r.html.is_none()
                && r.html_state.is_idle()
                && r.inline.styles.is_empty()
                && !r.tables.is_open()
                && r.refs.footnote_numbers.is_empty();
            let section = Section {
                gap_after: r.blocks.gap_pending,
                lines: r.out,
                headings: r.headings,
                code_blocks: r.code_blocks,
                images: r.images,
                idle,
            };
            done.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[k] = Some(section);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // Without another thread this one does every section.
            let _ = std::thread::Builder::new().name("layout".into()).spawn_scoped(scope, work);
        }
        work();
    });
    let numbering = numbering.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let sections = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if numbering.failed {
        return None;
    }
    join(sections, numbering.links, options, theme)
}

/// The sections end to end, then the Links list; `None` if one ended other
/// than the next assumed.
fn join(
    sections: Vec<Option<Section>>,
    links: Vec<LinkTarget>,
    options: &RenderOptions,
    theme: &Theme,
) -> Option<Rendered> {
    let count = sections.len();
    let mut sections = sections.into_iter();
    let first = sections.next()??;
    let mut ok = first.idle && first.gap_after;
    let mut r = Renderer::new(options, theme, 0);
    let mut gap_after = first.gap_after;
    (r.out, r.headings, r.code_blocks, r.images) = (first.lines, first.headings, first.code_blocks, first.images);
    // Room for every section at once: grown as they come, the lines would be copied again and again.
    let sections: Vec<Option<Section>> = sections.collect();
    r.out.reserve(
        sections.iter().flatten().map(|s| s.lines.sizes()).fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2)),
    );
    for (k, section) in sections.into_iter().enumerate() {
        let section = section?;
        let last = k + 2 == count;
        ok &= section.idle && (section.gap_after || last);
        if !ok {
            return None;
        }
        let offset = r.out.len();
        r.headings.extend(section.headings.into_iter().map(|h| HeadingMark { line: h.line + offset, ..h }));
        r.code_blocks.extend(section.code_blocks.into_iter().map(|mut b| {
            b.first_line += offset;
            b
        }));
        r.images.extend(section.images.into_iter().map(|i| ImageMark { line: i.line + offset, ..i }));
        r.out.append(section.lines);
        gap_after = section.gap_after;
    }
    if !ok {
        return None;
    }
    r.blocks.gap_pending = gap_after;
    r.refs.links = links;
    Some(r.finish())
}

/// The link targets of a section's events in the order the renderer numbers
/// them (each at its link's or image's end, first mention only); `None` when
/// it cannot tell: HTML may hold `<img>` tags, and footnotes are numbered
/// apart.
fn link_targets(events: &[Event<'_>]) -> Option<Vec<String>> {
    let mut open: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str, foldhash::fast::RandomState> = HashSet::default();
    let mut urls = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => open.push(dest_url),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let url = open.pop()?;
                if seen.insert(url) {
                    urls.push(url.to_string());
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if has_tag(html, "img") => return None,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => return None,
            _ => {}
        }
    }
    Some(urls)
}

/// Whether `text` has `<name` in any case.
fn has_tag(text: &str, name: &str) -> bool {
    memchr::memchr_iter(b'<', text.as_bytes()).any(|at| {
        text.as_bytes().get(at + 1..at + 1 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::pipeline::render_markdown_on_one_thread;

    const OPTIONS: Options = Options::ENABLE_TABLES
        .union(Options::ENABLE_STRIKETHROUGH)
        .union(Options::ENABLE_TASKLISTS)
        .union(Options::ENABLE_FOOTNOTES);

    /// A long note of the constructs notes hold, links repeated across
    /// sections and new ones in each, numbers growing past 9 and 99.
    fn long_note(sections: usize) -> String {
        let mut note = String::from("Opening words with [a link](https://example.org/first).\n\n");
        for s in 0..sections {
            note.push_str(&format!("# Part {s}\n\n## Talk {s}\n\n"));
            for p in 0..40 {
                note.push_str(&format!(
                    "Words of paragraph {p} with **bold [site {p}](https://example.org/{s}/{p})** and `code`, \
                     again [the first](https://example.org/first), <kbd>Ctrl</kbd> and a [note](other-{p}.md) \
                     ![a picture](pic-{s}.png) ending here.<br>After the break.\n\n\
                     - item one [x](https://example.org/x)\n  - nested *item*\n- [ ] task\n\n\
                     3. third\n4. fourth with a long line that wraps somewhere around the width of the pane\n\n\
                     > quoted [q](https://q.example/{p})\n\n\
                     | a | b |\n|---|:-:|\n| cell [t](https://t.example/{s}) | 2 |\n\n\
                     ```rust\nfn main() {{ println!(\"{p}\"); }}\n```\n\n<!-- a comment -->\n\n---\n\n"
                ));
            }
        }
        note
    }

    #[test]
    fn sections_laid_out_apart_give_the_one_pass_output() {
        let note = long_note(20);
        assert!(sections::sections(&note, SECTION_BYTES).len() >= 3, "{} bytes", note.len());
        for options in [
            RenderOptions::new(80),
            RenderOptions {
                width: 33,
                wide_tables: true,
                line_breaks: true,
                wrap_code: false,
                ..RenderOptions::new(33)
            },
            RenderOptions { image_rows: 6, ..RenderOptions::new(120) },
        ] {
            let theme = Theme::dark();
            let apart = render_in_sections(&note, OPTIONS, &options, &theme, 3).expect("laid out in sections");
            let whole = render_markdown_on_one_thread(&note, &options, &theme);
            assert_eq!(apart.lines.len(), whole.lines.len());
            let first_difference = (0..whole.lines.len()).find(|&i| apart.lines.plain(i) != whole.lines.plain(i));
            assert_eq!(first_difference, None, "width {}", options.width);
            assert!(apart == whole, "the same lines, styles and marks at width {}", options.width);
        }
    }

    #[test]
    fn what_reaches_across_sections_is_laid_out_in_one_pass() {
        let note = long_note(14);
        let theme = Theme::dark();
        let options = RenderOptions::new(80);
        assert!(render_in_sections(&note, OPTIONS, &options, &theme, 2).is_some(), "in sections as it is");
        // Tags left open: laid out apart or not, as the one pass lays them out.
        for open in ["<sup>", "<kbd>", "<!-- ", "<details>"] {
            let note = note.replacen("After the break.", &format!("After {open}the break."), 1);
            let piped = super::super::pipeline::render_markdown_with(&note, &options, &theme);
            assert!(piped == render_markdown_on_one_thread(&note, &options, &theme), "{open}");
        }
        for across in
            ["<details>\n<summary>S</summary>\n\n", "A footnote[^n].\n\n[^n]: The note.\n\n", "<img src=\"a.png\">\n\n"]
        {
            let note = format!("{across}{note}");
            assert!(render_in_sections(&note, OPTIONS, &options, &theme, 2).is_none(), "{across}");
        }
    }
}
