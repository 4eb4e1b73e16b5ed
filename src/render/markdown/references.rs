//! Links and footnotes by number, and the two lists after the body: "Notes"
//! (footnote definitions in number order, the order of first mention) and
//! "Links" (every target by its reference number).

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event};

use super::blocks::BlockKind;
use super::pipeline::Outline;
use super::{is_note_link, LinkLabel, LinkTarget, Renderer};
use crate::text::sanitize;

#[derive(Default)]
pub(super) struct References<'a> {
    pub(super) links: Vec<LinkTarget>,
    /// foldhash rather than SipHash: a long note looks up thousands of links.
    link_numbers: HashMap<String, usize, foldhash::fast::RandomState>,
    pub(super) footnote_numbers: HashMap<String, usize>,
    pub(super) footnotes: Vec<Footnote<'a>>,
    /// The line each footnote starts on in the Notes list, by number.
    pub(super) footnote_lines: Vec<usize>,
    /// For a section of a note laid out apart ([`super::parallel`]): the
    /// note's number of each of the section's links, by the section's own
    /// number. A link past it is shown with the section's number and the
    /// section laid out again with the rest (see `links` then).
    pub(super) renumbered: Option<Vec<usize>>,
}

/// A footnote definition kept for the "Notes" list: its number and the
/// events between its start and end.
pub(super) struct Footnote<'a> {
    pub(super) number: usize,
    pub(super) events: Vec<Event<'a>>,
}

impl References<'_> {
    pub(super) fn link_number(&mut self, url: &str) -> usize {
        if let Some(&n) = self.link_numbers.get(url) {
            return self.renumber(n);
        }
        let is_note = is_note_link(url);
        self.links.push(LinkTarget { url: url.to_string(), is_note });
        self.link_numbers.insert(url.to_string(), self.links.len());
        self.renumber(self.links.len())
    }

    fn renumber(&self, n: usize) -> usize {
        match &self.renumbered {
            Some(numbers) => numbers.get(n - 1).copied().unwrap_or(n),
            None => n,
        }
    }

    pub(super) fn footnote_number(&mut self, label: &CowStr<'_>) -> usize {
        if let Some(&n) = self.footnote_numbers.get(label.as_ref()) {
            return n;
        }
        let next = self.footnote_numbers.len() + 1;
        self.footnote_numbers.insert(label.to_string(), next);
        next
    }
}

impl Renderer<'_, '_> {
    /// Footnote definitions under "Notes", by number, each hanging under its `[^n]`.
    pub(super) fn footnote_list(&mut self) {
        if self.refs.footnotes.is_empty() {
            return;
        }
        self.list_heading("Notes", "Footnotes");
        self.refs.footnotes.sort_by_key(|f| f.number);
        // By index: a definition inside a definition is set aside while this runs.
        let mut k = 0;
        while let Some(footnote) = self.refs.footnotes.get_mut(k) {
            let (number, events) = (footnote.number, std::mem::take(&mut footnote.events));
            let mut marker = String::new();
            push_superscript(&mut marker, number);
            marker.push(' ');
            self.refs.footnote_lines.push(self.out.len());
            self.push_item(Cow::Owned(marker), self.theme.link_number);
            self.blocks.gap_pending = false;
            self.run(&events, &Outline::of(&events));
            self.flush_inlines();
            self.clear_containers();
            self.blocks.lists.clear();
            self.inline.styles.clear();
            self.blocks.kind = BlockKind::Paragraph;
            k += 1;
        }
    }

    /// The heading of a list at the note's end (Notes, Links), apart from
    /// whatever block the note ended in. When the note's own last heading
    /// already reads `title` (its own `## Links` section), the list goes by
    /// `otherwise`: two headings reading the same in a row look like a mistake.
    fn list_heading(&mut self, title: &str, otherwise: &str) {
        let reads_title = |h: &str| h.trim().trim_end_matches(':').trim_end().eq_ignore_ascii_case(title);
        let title = if self.headings.last().is_some_and(|h| reads_title(&h.text)) { otherwise } else { title };
        self.clear_containers();
        self.blocks.gap_pending = true;
        self.gap();
        self.out.push_span(title, self.theme.h4);
        self.out.end_line();
    }

    pub(super) fn link_list(&mut self) {
        if self.refs.links.is_empty() {
            return;
        }
        self.list_heading("Links", "Link targets");
        let links = std::mem::take(&mut self.refs.links);
        for (i, link) in links.iter().enumerate() {
            self.push_item(Cow::Owned(format!("[{}] ", i + 1)), self.theme.link_number);
            let label = self.options.link_labels.filter(|_| link.is_note).map(|labels| (labels.0)(&link.url));
            match label {
                Some(LinkLabel::Note(title)) => {
                    self.push_with(self.theme.dim, |text| text.push_str("note: "));
                    self.push_with(self.theme.link, |text| text.push_str(&sanitize(&title)));
                }
                Some(LinkLabel::Nowhere) => {
                    self.push_with(self.theme.warning, |text| text.push_str("✗ leads nowhere: "));
                    self.push_with(self.theme.dim, |text| text.push_str(&sanitize(&link.url)));
                }
                None => {
                    let kind = if link.is_note { "note: " } else { "" };
                    self.push_with(self.theme.dim, |text| text.push_str(kind));
                    self.push_with(self.theme.link, |text| text.push_str(&sanitize(&link.url)));
                }
            }
            self.flush_inlines();
            self.pop_container();
        }
        self.refs.links = links;
    }
}

/// `n` in superscript digits (`¹²`): a footnote's mark, as in print.
pub(super) fn push_superscript(text: &mut String, n: usize) {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let start = text.len();
    let mut rest = n;
    loop {
        text.insert(start, DIGITS[rest % 10]);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
}
