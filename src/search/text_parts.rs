//! The full-text index put together from parts. A load that reads every
//! file indexes each event's texts while it has them in memory, on the
//! thread that read them ([`TextPart::of`]); once the collection is whole,
//! the parts are joined in timeline order ([`SearchIndex::from_parts`]).
//! The index is the one [`SearchIndex::build`] makes, without reading each
//! text twice more from its file and folding it twice: at 100,000 notes that
//! was the longest wait before everything was ready, on one thread.
//!
//! A part holds its event's terms and postings, lines counted from the
//! first line of its first text: about what its lines take in the whole
//! index. Joining them shifts each term's first line by the lines before the
//! part and copies the rest, a part at a time, each let go once copied.

use super::fold::for_each_line_term;
use super::fulltext::{offset, read_varint, varint_len, write_varint, Cursor, Doc, SearchIndex};
use super::term_ids::TermIds;
use crate::notes::{Collection, Event, Note};

/// One event's texts (its overview, then its notes in its order) indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    /// The part's terms in the order first seen, each followed by `\n`.
    dictionary: String,
    /// Per term, one after another: its lines, delta-encoded LEB128, the
    /// first counted from the part's first line.
    postings: Vec<u8>,
    /// Per term: where its postings end (each starts where the one before ends).
    ends: Vec<u32>,
    /// Per term: the last line it is on.
    last: Vec<u32>,
    /// The texts indexed, in order, and how many lines each has: `None` the
    /// event's overview, `Some(k)` its `k`-th note. Blank texts are left out,
    /// as the index leaves them out.
    docs: Vec<(Option<u32>, u32)>,
    /// Lines in all.
    lines: u32,
}

impl TextPart {
    /// The part of `event` and its `notes` (in the event's order), whose
    /// texts must be in memory: `None` if one is not.
    pub fn of(event: &Event, notes: &[Note]) -> Option<Self> {
        // Each term counted once a line: the table keeps the line each term
        // was last counted on, and hands over the delta to write.
        let mut ids = TermIds::default();
        // (term, delta from the line it was on before, or from 0), in line
        // order. Sized for a term each 8 bytes, about what prose holds once
        // repeats on a line are left out: grown from empty, it was copied
        // over and over (an event's part holds some 100,000).
        let bytes: usize =
            event.overview.len() + notes.iter().filter_map(|n| n.body.loaded()).map(str::len).sum::<usize>();
        let mut seen: Vec<(u32, u32)> = Vec::with_capacity(bytes / 8);
        let mut term = String::new();
        let mut line: u32 = 0;
        let mut docs = Vec::new();
        let overview = std::iter::once((None, Some(event.overview.as_str())));
        let texts = overview.chain(notes.iter().enumerate().map(|(k, n)| (Some(offset(k)), n.body.loaded())));
        for (doc, text) in texts {
            let text = text?;
            if text.trim().is_empty() {
                continue;
            }
            let bytes = text.as_bytes();
            // Inlined wherever the tokenizer hands a term over: called, it
            // saved and restored six registers a word (a tenth of this loop).
            let lines = for_each_line_term(
                text,
                &mut term,
                #[inline(always)]
                |at, term| {
                    let line = line.saturating_add(at);
                    if let Some((id, previous)) = ids.first_on_line(bytes, term, line) {
                        seen.push((id, line - previous));
                    }
                },
            );
            // Lines past 2^32 (a part's line + `at` above) give no part, as they give no index.
            line = line.checked_add(lines)?;
            docs.push((doc, lines));
        }
        // Each term's deltas written together, in line order: the bytes
        // each term's take counted, then each written in its place.
        let terms = ids.term_starts.len();
        // Per term: its bytes, then where they start, then (once written) where they end.
        let mut ends = vec![0u32; terms];
        for &(id, delta) in &seen {
            ends[id as usize] += varint_len(delta);
        }
        let mut total: u32 = 0;
        for at in &mut ends {
            let bytes = *at;
            *at = total;
            total = total.checked_add(bytes)?;
        }
        let mut postings = vec![0u8; total as usize];
        for (id, delta) in seen {
            let at = &mut ends[id as usize];
            *at += write_varint(&mut postings[*at as usize..], delta);
        }
        let last = ids.last_lines();
        let mut dictionary = ids.dictionary;
        dictionary.shrink_to_fit();
        Some(Self { dictionary, postings, ends, last, docs, lines: line })
    }

    /// The postings of the part's `term`-th term.
    fn postings_of(&self, term: usize) -> &[u8] {
        let start = term.checked_sub(1).map_or(0, |t| self.ends[t] as usize);
        &self.postings[start..self.ends[term] as usize]
    }
}

impl SearchIndex {
    /// The index of `collection` from the parts its load made of its events
    /// (`parts[e]` of `collection.events[e]`): the one [`SearchIndex::build`]
    /// makes. `None` when the parts do not cover every text (an event
    /// without its part, a note no event lists): the index is built then.
    pub fn from_parts(collection: &Collection, mut parts: Vec<Option<TextPart>>) -> Option<Self> {
        let listed: usize = collection.events.iter().map(|e| e.notes.len()).sum();
        if parts.len() != collection.events.len() || listed != collection.notes.len() {
            return None;
        }
        let events: Vec<usize> = super::timeline_events(collection).collect();
        let mut ids = TermIds::default();
        let mut cursors: Vec<Cursor> = Vec::new();
        // Per part, in timeline order: its terms' ids in the whole index.
        let mut maps: Vec<Vec<u32>> = Vec::with_capacity(events.len());
        let mut order = Vec::new();
        let mut line_base = Vec::new();
        let mut base: u32 = 0;
        // First the terms numbered, as the whole index first sees them, and
        // the bytes each one's postings take.
        for &e in &events {
            let part = parts[e].as_ref()?;
            let event = &collection.events[e];
            let mut line = base;
            for &(doc, lines) in &part.docs {
                let doc = match doc {
                    None => Doc::Overview(e),
                    Some(k) => Doc::Note(*event.notes.get(k as usize)?),
                };
                order.push(doc.encode());
                line_base.push(line);
                line = line.checked_add(lines)?;
            }
            let map: Vec<u32> = part.dictionary.split_terminator('\n').map(|t| ids.get_or_insert(t)).collect();
            for (term, &id) in map.iter().enumerate() {
                if id as usize == cursors.len() {
                    cursors.push(Cursor::default());
                }
                let (first, rest) = read_varint(part.postings_of(term))?;
                let cursor = &mut cursors[id as usize];
                let delta = cursor.advance(base.checked_add(first)?)?;
                cursor.at = cursor.at.checked_add(varint_len(delta) + offset(rest.len()))?;
                cursor.last = base + part.last[term];
            }
            maps.push(map);
            base = line;
        }
        line_base.push(base);
        let mut posting_starts = Vec::with_capacity(cursors.len() + 1);
        let mut total: u32 = 0;
        for cursor in &mut cursors {
            posting_starts.push(total);
            total = total.checked_add(cursor.at)?;
            *cursor = Cursor { at: *posting_starts.last()?, ..Cursor::default() };
        }
        posting_starts.push(total);
        // Then each part's postings copied to their terms' places, the
        // first line of each shifted; each part let go once copied.
        let mut postings = vec![0u8; total as usize];
        let mut base: u32 = 0;
        for (&e, map) in events.iter().zip(maps) {
            let part = parts[e].take()?;
            for (term, id) in map.into_iter().enumerate() {
                let (first, rest) = read_varint(part.postings_of(term))?;
                let cursor = &mut cursors[id as usize];
                let delta = cursor.advance(base + first)?;
                let at = cursor.at as usize;
                let written = write_varint(&mut postings[at..], delta) as usize;
                postings[at + written..at + written + rest.len()].copy_from_slice(rest);
                cursor.at += offset(written + rest.len());
                cursor.last = base + part.last[term];
            }
            base += part.lines;
        }
        let TermIds { dictionary, term_starts, .. } = ids;
        Some(Self::assembled(dictionary, term_starts, postings, posting_starts, line_base, order))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts a load makes of `collection`'s events, from its texts in memory.
    fn parts_of(collection: &Collection) -> Vec<Option<TextPart>> {
        collection
            .events
            .iter()
            .map(|event| {
                let notes: Vec<Note> = event.notes.iter().map(|&n| collection.notes[n].clone()).collect();
                TextPart::of(event, &notes)
            })
            .collect()
    }

    #[test]
    fn the_index_put_together_from_parts_is_the_index_built_from_every_text() {
        let collection = super::super::fixture::collection();
        let built = SearchIndex::build(&collection);
        let joined = SearchIndex::from_parts(&collection, parts_of(&collection)).expect("every text has its part");
        assert_eq!(format!("{joined:?}"), format!("{built:?}"));
        for query in ["serverless", "kernel", "zürich", "東京", "higgs boson", "state"] {
            assert_eq!(joined.search(&collection, query, 50), built.search(&collection, query, 50), "{query}");
        }
    }

    #[test]
    fn parts_of_events_with_overviews_blank_notes_and_terms_shared_across_events_join_as_built() {
        let files = [
            ("2019-a/event.md", "---\nname: A\nstart: \"2019\"\n---\nAbout spans and traces.\n\nspans again\n"),
            ("2019-a/one.md", "# One\n\nspans spans spans\ntraces\n"),
            ("2019-a/two.md", "---\ntitle: Two\n---\n   \n"),
            ("2021-b/event.md", "---\nname: B\nstart: \"2021\"\n---\n"),
            ("2021-b/three.md", "# Three\n\nlogs and spans\n\nmore logs\n"),
            ("undated/four.md", "# Four\n\ntraces, logs, spans; a-very-long-wordlike-term-that-goes-on\n"),
        ];
        let dir = crate::test_fixtures::folder(&files);
        let collection = crate::notes::load_folder(dir.path()).expect("loads");
        let built = SearchIndex::build(&collection);
        let joined = SearchIndex::from_parts(&collection, parts_of(&collection)).expect("every text has its part");
        assert_eq!(format!("{joined:?}"), format!("{built:?}"));
        assert_eq!(joined.search(&collection, "spans", 50).len(), 5);
    }

    #[test]
    fn parts_that_miss_an_event_or_a_text_give_no_index() {
        let collection = super::super::fixture::collection();
        let mut parts = parts_of(&collection);
        parts.pop();
        assert!(SearchIndex::from_parts(&collection, parts.clone()).is_none(), "one part short");
        parts.push(None);
        assert!(SearchIndex::from_parts(&collection, parts).is_none(), "an event without its part");
        let lean_dir = crate::test_fixtures::folder(&[("2019-a/one.md", "# One\n\ntext\n")]);
        let lean = crate::notes::load_folder_lean(lean_dir.path()).expect("loads");
        let notes: Vec<Note> = lean.notes.clone();
        assert_eq!(TextPart::of(&lean.events[0], &notes), None, "a text not in memory");
    }
}
