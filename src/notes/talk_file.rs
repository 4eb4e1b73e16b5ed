//! A Markdown file that holds several talks, made into one note per talk:
//! a one-file event, a folder's only file of numbered talks, or a file of
//! numbered talks that name their speakers among the event's other notes
//! (the whole of one day of a conference, say).

use std::collections::HashMap;

use super::body::Body;
use super::kind::Kind;
use super::model::{Event, Note, NoteExtras, NoteId};
use super::sections::{self, Outline};
use super::speaker;
use crate::text::sanitize_line;

/// Byte offsets of a text's lines, to cut it by line ranges.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len()));
        Self { text, starts }
    }

    /// Lines `range` (0-based, end exclusive), with their line ends.
    pub(super) fn slice(&self, range: std::ops::Range<usize>) -> &'a str {
        let at = |line: usize| self.starts.get(line).copied().unwrap_or(self.text.len());
        &self.text[at(range.start)..at(range.end).max(at(range.start))]
    }
}

/// The text of `ranges` of lines, trimmed, and where each piece of it starts:
/// its line in the text and in the file (`body_line` being the file's line
/// of line 0), as [`Event::overview_pieces`] keeps them.
pub(super) fn piece_together(
    lines: &LineIndex<'_>,
    ranges: &[std::ops::Range<usize>],
    body_line: usize,
) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut pieces = Vec::with_capacity(ranges.len());
    for range in ranges {
        pieces.push((text.matches('\n').count(), body_line + range.start));
        text.push_str(lines.slice(range.clone()));
    }
    // Blank lines trimmed from the start move every piece up; a piece that
    // started among them now starts at line 0, further down in the file.
    let dropped = text[..text.len() - text.trim_start().len()].matches('\n').count();
    let pieces = pieces
        .into_iter()
        .map(|(start, file_line)| match start.checked_sub(dropped) {
            Some(start) => (start, file_line),
            None => (0, file_line + dropped - start),
        })
        .collect();
    (text.trim().to_string(), pieces)
}

/// One note per talk of `outline`, the outline of `body`, the text of the
/// file `rel` after its front matter (`body_line` being the file's line of
/// the body's first line), `file` being the file's whole text. Each keeps
/// its file and the line of its heading.
pub(super) fn talk_notes(rel: &str, file: &str, body: &str, body_line: usize, outline: &Outline) -> Vec<Note> {
    let lines = LineIndex::new(body);
    let mut slugs: HashMap<String, usize> = HashMap::new();
    let mut notes = Vec::with_capacity(outline.sections.len());
    for (position, section) in outline.sections.iter().enumerate() {
        let slug = unique_slug(&sections::slug(&section.title), &mut slugs);
        let line = body_line + section.lines.start;
        let body = Body::piece(file, lines.slice(section.lines.clone()).trim_end(), true);
        let text = body.loaded().unwrap_or_default();
        let speakers = speaker::of_section(&section.title, text).iter().map(|s| sanitize_line(s)).collect();
        notes.push(Note {
            id: NoteId(format!("{rel}#{slug}")),
            title: sanitize_line(&section.title),
            speakers,
            kind: sections::kind_from_title(&section.title).map(Kind::from),
            extras: NoteExtras {
                order: Some(position as i64),
                group: section.group.as_deref().map(sanitize_line),
                ..NoteExtras::default()
            }
            .boxed(),
            body,
            body_line: line,
            section: true,
            source_line: line,
            ..Note::default()
        });
    }
    notes
}

/// Whether a file's talks are numbered (`## A. Welcome`, `**B. Keynote**`):
/// a file of several talks, not one talk with sections.
pub(super) fn holds_numbered_talks(outline: &Outline) -> bool {
    sections::mostly_enumerated(outline.sections.iter().map(|s| s.title.as_str()))
}

/// The fewest talks a file among other notes needs to be read as a file of talks.
const FEWEST_TALKS: usize = 3;

/// Whether a file that sits among other notes of its event holds several
/// talks rather than being one: three or more numbered talks, at least
/// half of which name their speaker (`**B. Keynote: Jane Doe**`, a
/// `- speaker:` line under the heading). Numbered sections of one talk
/// (`## 1. Background`) name no speakers.
pub(super) fn is_file_of_talks(body: &str, outline: &Outline) -> bool {
    if outline.sections.len() < FEWEST_TALKS || !holds_numbered_talks(outline) {
        return false;
    }
    let lines = LineIndex::new(body);
    let named = outline
        .sections
        .iter()
        .filter(|s| !speaker::of_section(&s.title, lines.slice(s.lines.clone())).is_empty())
        .count();
    named * 2 >= outline.sections.len()
}

/// The talks of `body` (a file `rel` among other notes of `event`, front
/// matter left out) when it [is a file of talks](is_file_of_talks), each a
/// note. The text before the first talk becomes the event's overview when
/// the event has none (`has_overview`: nor will it from a README); when it
/// has one, a file whose text before its talks is more than headings stays
/// one note rather than lose that text.
pub(super) fn talks_among_notes(
    rel: &str,
    file: &str,
    body: &str,
    body_line: usize,
    event: &mut Event,
    has_overview: bool,
) -> Option<Vec<Note>> {
    let heads = sections::headings(body);
    let outline = sections::outline(body, &heads);
    if !is_file_of_talks(body, &outline) {
        return None;
    }
    let lines = LineIndex::new(body);
    let (preamble, pieces) = piece_together(&lines, &outline.overview_lines, body_line);
    if has_overview || !event.overview.is_empty() {
        if preamble.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
            return None;
        }
    } else if !preamble.is_empty() {
        event.overview = preamble;
        event.overview_pieces = pieces;
        event.overview_file = Some(rel.to_string());
    }
    Some(talk_notes(rel, file, body, body_line, &outline))
}

/// `slug`, or `slug-1`, `slug-2`, ... when a section of the file already
/// has it. `taken` remembers every slug given and, per slug, the next
/// number to try, so a file of many equal titles costs no more than others.
fn unique_slug(slug: &str, taken: &mut HashMap<String, usize>) -> String {
    let mut n = taken.get(slug).copied().unwrap_or(0);
    let mut candidate = slug.to_string();
    while taken.contains_key(&candidate) {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    taken.insert(slug.to_string(), n);
    taken.entry(candidate.clone()).or_insert(0);
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::sections::{headings, outline};

    fn of_talks(text: &str) -> bool {
        let heads = headings(text);
        is_file_of_talks(text, &outline(text, &heads))
    }

    #[test]
    fn numbered_talks_naming_their_speakers_make_a_file_of_talks() {
        let day = "# Day 2\n\n**A. Widgets**\n\n- speaker: Jane Doe\n- x\n\n**B. Gadgets**\n\n- y\n\n\
                   **C. Keynote: John Roe**\n\n- z\n";
        assert!(of_talks(day));
        // Numbered sections of one talk name nobody.
        let talk = "# Widgets at scale\n\n## 1. Background\nx\n\n## 2. Method\ny\n\n## 3. Results\nz\n";
        assert!(!of_talks(talk));
        // Two talks are not enough among other notes; unnumbered ones never are.
        assert!(!of_talks("**A. Widgets**\n\n- speaker: Jane Doe\n\n**B. Keynote: John Roe**\n\n- z\n"));
        let plain = "## Widgets\n\n- speaker: Jane Doe\n\n## Gadgets\n\n- speaker: Ann Poe\n\n## Keynote: John Roe\n";
        assert!(!of_talks(plain));
    }

    #[test]
    fn talk_notes_keep_their_file_line_and_unique_slugs() {
        let body = "# Day\n\n## A. Same\nx\n\n## B. Other\ny\n\n## A. Same\nz\n";
        let heads = headings(body);
        let notes = talk_notes("day.md", body, body, 3, &outline(body, &heads));
        let ids: Vec<&str> = notes.iter().map(|n| n.id.0.as_str()).collect();
        assert_eq!(ids, ["day.md#a-same", "day.md#b-other", "day.md#a-same-1"]);
        assert_eq!(notes[1].source_line, 3 + 5);
        assert_eq!(notes[1].body.loaded(), Some("## B. Other\ny\n"));
    }
}
