//! Full-text search over note bodies and event overviews, line by line.
//!
//! A line matches when every word of the query (split at whitespace, folded
//! as in [`super::fold()`]) occurs in the folded line, in any order and
//! anywhere, including inside a longer word: "kube" finds "Kubernetes",
//! "boner" finds "Bonér". Hits come newest event first (as the timeline
//! lists them, see [`super::timeline_order`]), each event's overview before
//! its notes as the talks pane lists them, a document's lines in order: the
//! index numbers lines in that order, which keeps a document's hits together
//! and lets a search stop at `limit` without looking at every candidate.
//! [`SearchIndex::search_ranked`] (the `s` view) puts first the notes that
//! hold the words whole, then as word starts, each found by a pass of its
//! own over the terms that are the words or start with them.
//!
//! To stay small the index keeps no copy of the bodies. It holds each
//! distinct folded term once and, for each term, the lines it occurs on as
//! delta-encoded varints of a line number counted across the whole
//! collection. A query finds the terms containing each of its words (a
//! substring search over the term list), unions their lines into a bitset
//! per word, intersects the bitsets, and then re-reads and re-folds only the
//! candidate lines it returns, from the collection passed to
//! [`SearchIndex::search`], to confirm the match and find what to highlight.
//!
//! Terms are runs of letters and digits; each Han or kana character is a
//! term of its own, as Chinese and Japanese do not separate words with
//! spaces. Terms longer than [`MAX_TERM_CHARS`] are indexed by their start.

use std::ops::Range;

use memchr::memmem;

use super::fold::{fold, fold_into, for_each_line_term, for_each_term as each_term, Folded};
use super::term_ids::TermIds;
use crate::notes::Collection;
use crate::text::sanitize_line;

pub use super::fold::MAX_TERM_CHARS;

/// Only this much of a very long line is shown and searched for highlights.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Shown text is cut to about this many characters around the first match.
const DISPLAY_CHARS: usize = 240;
/// Characters kept before the first match when the start is cut.
const DISPLAY_LEAD: usize = 40;

/// With this many candidate lines (or more), a note's whole body is checked
/// for the query's words before its lines are.
const WHOLE_NOTE_CHECK: usize = 4;

/// Candidates few enough to check line by line rather than narrow further.
const FEW_LINES: usize = 1024;

/// A text full-text search reads: a note's body, or an event's overview
/// (`event.md`, a README, the text before a one-file event's talks), where
/// people keep what was said between the talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    /// Index into [`Collection::notes`].
    Note(usize),
    /// Index into [`Collection::events`].
    Overview(usize),
}

impl Doc {
    /// The text searched: the note's body or the event's overview.
    pub fn text(self, collection: &Collection) -> Option<&str> {
        match self {
            // A file changed since it was read has nothing to find until read again.
            Doc::Note(n) => collection.notes.get(n).map(|n| collection.text_of(n).unwrap_or_default()),
            Doc::Overview(e) => collection.events.get(e).map(|e| e.overview.as_str()),
        }
    }

    /// The text, as [`text`](Self::text) has it, not kept in memory when it
    /// had to be read from its file: what building the index and searching read.
    fn read(self, collection: &Collection) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Doc::Note(n) => collection.notes.get(n).map(|n| collection.read_text(n).unwrap_or_default()),
            Doc::Overview(e) => collection.events.get(e).map(|e| std::borrow::Cow::Borrowed(e.overview.as_str())),
        }
    }

    /// The event the text belongs to.
    pub fn event(self, collection: &Collection) -> Option<usize> {
        match self {
            Doc::Note(n) => collection.notes.get(n).map(|n| n.event),
            Doc::Overview(e) => Some(e),
        }
    }

    /// The title shown above its hits: the note's, or the overview's as the talks pane names it.
    pub fn title(self, collection: &Collection) -> &str {
        match self {
            Doc::Note(n) => collection.notes.get(n).map_or("", |n| n.title.as_str()),
            Doc::Overview(_) => OVERVIEW_TITLE,
        }
    }

    /// The file `line` (0-based, of [`Doc::text`]) is in, relative to the
    /// collection's root, and its 1-based line there.
    pub fn file_line(self, collection: &Collection, line: usize) -> Option<(&str, usize)> {
        match self {
            Doc::Note(n) => collection.notes.get(n).map(|n| (n.source_file(), n.body_line + line)),
            Doc::Overview(e) => {
                let event = collection.events.get(e)?;
                Some((event.overview_file.as_deref()?, event.overview_file_line(line)?))
            }
        }
    }

    /// The note, when it is one.
    pub fn note(self) -> Option<usize> {
        match self {
            Doc::Note(n) => Some(n),
            Doc::Overview(_) => None,
        }
    }

    /// As kept in the index: the event's index with the top bit set for an overview.
    pub(super) fn encode(self) -> u32 {
        match self {
            Doc::Note(n) => offset(n) & !OVERVIEW_BIT,
            Doc::Overview(e) => offset(e) | OVERVIEW_BIT,
        }
    }

    fn decode(code: u32) -> Self {
        if code & OVERVIEW_BIT == 0 {
            Doc::Note(code as usize)
        } else {
            Doc::Overview((code & !OVERVIEW_BIT) as usize)
        }
    }
}

/// What an event's overview is called where a note's title would be.
pub const OVERVIEW_TITLE: &str = "About this event";

/// Marks an overview in [`SearchIndex`]'s `order`; no collection has 2^31 notes.
const OVERVIEW_BIT: u32 = 1 << 31;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextHit {
    /// The note or overview the line is in.
    pub doc: Doc,
    /// 0-based index of the line within the note's body or the overview (`.lines()`).
    pub line: usize,
    /// The line, sanitised and trimmed for display; a long line is cut to a
    /// window around the first match, marked with `…`.
    pub text: String,
    /// Byte ranges of `text` to highlight, in order, not overlapping.
    pub matches: Vec<Range<usize>>,
}

/// The inverted index of every note body and event overview; built once
/// (off the UI thread), then shared read-only.
// Serialize: saved in the data directory (crate::saved_indexes) for the next start.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SearchIndex {
    /// Every distinct term, each followed by `\n` (which no term contains).
    dictionary: String,
    /// Where each term starts in `dictionary`.
    term_starts: Vec<u32>,
    /// Each term's lines, delta-encoded LEB128, one term after another.
    /// Saved as bytes, not as a sequence of numbers: read back in one copy
    /// rather than a byte at a time (megabytes at 100,000 notes).
    #[serde(with = "as_bytes")]
    postings: Vec<u8>,
    /// Where each term's postings start; one more entry marks the end.
    posting_starts: Vec<u32>,
    /// Global number of the first line of each document in `order`; one more entry marks the end.
    line_base: Vec<u32>,
    /// The documents ([`Doc::encode`]) in the order their lines are numbered: newest event first.
    order: Vec<u32>,
    /// Slots in `order` of documents edited since the index was built, sorted:
    /// their postings are ignored and their text is read whole instead, so a
    /// note edited on disk is found by its new words at once, without a rebuild.
    #[serde(skip)]
    edited: Vec<usize>,
}

/// A `Vec<u8>` saved as bytes. postcard writes a sequence of bytes and a
/// byte string alike (a length, then the bytes), so the file is the same.
mod as_bytes {
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct Bytes;
        impl de::Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }
            fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(bytes)
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
}

/// Where a term's postings stand while they are counted, then written.
#[derive(Clone, Copy, Default)]
pub(super) struct Cursor {
    /// The last line recorded, so a term is recorded once per line.
    pub(super) last: u32,
    /// Bytes counted, or (while writing) the next byte to write.
    pub(super) at: u32,
    /// Whether any line is recorded yet.
    pub(super) started: bool,
}

impl Cursor {
    /// The delta to record for `line`, or `None` if the line is recorded already.
    pub(super) fn advance(&mut self, line: u32) -> Option<u32> {
        if self.started && self.last == line {
            return None;
        }
        let delta = line - self.last;
        self.last = line;
        self.started = true;
        Some(delta)
    }
}

impl SearchIndex {
    /// Reads every body twice: once to find the terms and how many bytes
    /// each one's postings take, then to write them into one exact buffer.
    /// Growing a buffer per term instead was twice as fast but, on a
    /// collection of 245,000 distinct terms, took 80 MB along the way; this
    /// takes about the index's size plus the term table.
    pub fn build(collection: &Collection) -> Self {
        let mut ids = TermIds::default();
        let mut cursors: Vec<Cursor> = Vec::new();
        let every: Vec<u32> = documents_in_timeline_order(collection).into_iter().map(Doc::encode).collect();
        // The first pass also leaves out the documents with no text, which
        // it reads anyway: each text is read twice, not three times.
        let mut order = Vec::with_capacity(every.len());
        let line_base = each_line_term(collection, &every, Some(&mut order), |line, term| {
            let id = ids.get_or_insert(term) as usize;
            if id == cursors.len() {
                cursors.push(Cursor { last: 0, at: 0, started: false });
            }
            let cursor = &mut cursors[id];
            if let Some(delta) = cursor.advance(line) {
                cursor.at += varint_len(delta);
            }
        });

        let mut posting_starts = Vec::with_capacity(cursors.len() + 1);
        let mut total: u32 = 0;
        for cursor in &mut cursors {
            posting_starts.push(total);
            total = total.checked_add(cursor.at).expect("search index under 4 GiB");
            *cursor = Cursor { last: 0, at: *posting_starts.last().expect("pushed above"), started: false };
        }
        posting_starts.push(total);
        let mut postings = vec![0u8; total as usize];
        drop(every);
        each_line_term(collection, &order, None, |line, term| {
            let id = ids.get(term).expect("the first pass saw every term") as usize;
            let cursor = &mut cursors[id];
            if let Some(delta) = cursor.advance(line) {
                cursor.at += write_varint(&mut postings[cursor.at as usize..], delta);
            }
        });

        let TermIds { mut dictionary, mut term_starts, .. } = ids;
        dictionary.shrink_to_fit();
        term_starts.shrink_to_fit();
        Self { dictionary, term_starts, postings, posting_starts, line_base, order, edited: Vec::new() }
    }

    /// The index of these parts, as [`super::text_parts`] puts them together.
    pub(super) fn assembled(
        mut dictionary: String,
        mut term_starts: Vec<u32>,
        postings: Vec<u8>,
        posting_starts: Vec<u32>,
        line_base: Vec<u32>,
        order: Vec<u32>,
    ) -> Self {
        dictionary.shrink_to_fit();
        term_starts.shrink_to_fit();
        Self { dictionary, term_starts, postings, posting_starts, line_base, order, edited: Vec::new() }
    }

    /// Notes that `doc`'s text changed since the index was built: searches
    /// read it whole from then on (one note costs microseconds per query),
    /// until the next build.
    pub fn mark_edited(&mut self, doc: Doc) {
        let code = doc.encode();
        if let Some(slot) = self.order.iter().position(|&c| c == code) {
            if let Err(at) = self.edited.binary_search(&slot) {
                self.edited.insert(at, slot);
            }
        }
    }

    /// The first `limit` matching lines: newest event first, then by note as
    /// the event lists them, then by line.
    /// `collection` must be the one the index was built from: lines are
    /// re-read from it (a different one gives wrong lines, never a panic).
    pub fn search(&self, collection: &Collection, query: &str, limit: usize) -> Vec<TextHit> {
        let folded_query = fold(query);
        let (words, needles) = words_and_needles(&folded_query);
        self.lines_matching(collection, &words, &needles, Place::Inside, limit)
            .into_iter()
            .map(|(_, hit)| hit)
            .collect()
    }

    /// Up to `limit` matching lines, the most telling notes first: notes
    /// where the words are whole words ("log" on "the log"), then notes
    /// where they start words ("logging"), then notes that hold them only
    /// inside words ("catalog"); newest first within each, as
    /// [`SearchIndex::search`] orders them, a note's lines together and in
    /// order. Lines starting words are looked for first, so older notes
    /// holding the words whole are not crowded out by newer ones holding
    /// them inside longer words.
    pub fn search_ranked(&self, collection: &Collection, query: &str, limit: usize) -> Vec<TextHit> {
        let folded_query = fold(query);
        let (words, needles) = words_and_needles(&folded_query);
        // Each hit with the rank of the pass that found it first.
        let mut hits: Vec<(u8, usize, TextHit)> = Vec::new();
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for (rank, place) in [Place::Whole, Place::Start, Place::Inside].into_iter().enumerate() {
            if hits.len() >= limit {
                break;
            }
            // As many more as were found: those are found again.
            let found = self.lines_matching(collection, &words, &needles, place, limit + hits.len());
            let new: Vec<(usize, TextHit)> =
                found.into_iter().filter(|(slot, hit)| seen.binary_search(&(*slot, hit.line)).is_err()).collect();
            let new = new.into_iter().take(limit - hits.len());
            hits.extend(new.map(|(slot, hit)| (rank as u8, slot, hit)));
            seen = hits.iter().map(|(_, slot, hit)| (*slot, hit.line)).collect();
            seen.sort_unstable();
        }
        // A note ranks as its best line, and keeps its lines together.
        let mut best: Vec<(usize, u8)> = hits.iter().map(|(rank, slot, _)| (*slot, *rank)).collect();
        best.sort_unstable();
        best.dedup_by_key(|(slot, _)| *slot);
        let note_rank = |slot: usize| best.binary_search_by_key(&slot, |&(s, _)| s).map_or(u8::MAX, |k| best[k].1);
        hits.sort_by_key(|(_, slot, hit)| (note_rank(*slot), *slot, hit.line));
        hits.into_iter().map(|(_, _, hit)| hit).collect()
    }

    /// The first `limit` lines holding every word, in `place`, each with
    /// its document's slot in `order`.
    fn lines_matching(
        &self,
        collection: &Collection,
        words: &[&str],
        needles: &[&str],
        place: Place,
        limit: usize,
    ) -> Vec<(usize, TextHit)> {
        if needles.is_empty() || limit == 0 {
            return Vec::new();
        }
        let candidates = match self.candidates(needles, place) {
            Some(candidates) => candidates,
            None if !self.edited.is_empty() => Vec::new(),
            None => return Vec::new(),
        };

        // A candidate has every word's pieces but perhaps not the word itself
        // ("c++" has lines with a "c" everywhere), or not all of them when
        // `candidates` stopped early: each is checked before the full work of
        // `display`, and a note with many candidates is checked whole first.
        let finders: Vec<memmem::Finder<'_>> = words.iter().map(|w| memmem::Finder::new(w.as_bytes())).collect();
        let has_words = |folded: &str| finders.iter().all(|f| f.find(folded.as_bytes()).is_some());
        let line_has_words = |folded: &str| {
            finders.iter().zip(words).all(|(f, word)| {
                let mut found = f.find_iter(folded.as_bytes());
                match place {
                    Place::Whole => found.any(|at| starts_word(folded, at) && ends_word(folded, at + word.len())),
                    Place::Start => found.any(|at| starts_word(folded, at)),
                    Place::Inside => found.next().is_some(),
                }
            })
        };
        let mut folded = String::new();
        let mut hits = Vec::new();
        let mut from = 0;
        let mut edited = self.edited.iter().copied().peekable();
        loop {
            let candidate = next_one(&candidates, from);
            let slot_of = |line: usize| self.line_base.partition_point(|&base| base as usize <= line).saturating_sub(1);
            // An edited document comes in its place in the order, read whole.
            if let Some(slot) = edited.next_if(|&e| candidate.is_none_or(|line| e <= slot_of(line))) {
                from = from.max(self.line_base.get(slot + 1).map_or(usize::MAX, |&e| e as usize));
                let Some(doc) = self.order.get(slot).map(|&code| Doc::decode(code)) else { continue };
                // Read, not kept: searches over a collection whose texts stay
                // on disk would otherwise bring every text they look at into memory.
                let Some(body) = doc.read(collection) else { continue };
                for (line, raw) in body.lines().enumerate() {
                    folded.clear();
                    fold_into(raw, &mut folded);
                    if let Some((text, matches)) = line_has_words(&folded).then(|| display(raw, words)).flatten() {
                        hits.push((slot, TextHit { doc, line, text, matches }));
                        if hits.len() == limit {
                            return hits;
                        }
                    }
                }
                continue;
            }
            let Some(first) = candidate else { break };
            let slot = slot_of(first);
            let Some(doc) = self.order.get(slot).map(|&code| Doc::decode(code)) else { break };
            let Some(body) = doc.read(collection) else { break };
            let base = self.line_base[slot] as usize;
            let end = self.line_base.get(slot + 1).map_or(first + 1, |&e| e as usize);
            from = end;
            if count_ones(&candidates, first, end) >= WHOLE_NOTE_CHECK {
                folded.clear();
                fold_into(&body, &mut folded);
                if !has_words(&folded) {
                    continue;
                }
            }
            let mut lines = body.lines();
            let mut next_line = 0;
            let mut at = first;
            while let Some(id) = next_one(&candidates, at).filter(|&id| id < end) {
                at = id + 1;
                let line = id - base;
                let Some(raw) = lines.nth(line - next_line) else { break };
                next_line = line + 1;
                folded.clear();
                fold_into(raw, &mut folded);
                if !line_has_words(&folded) {
                    continue;
                }
                if let Some((text, matches)) = display(raw, words) {
                    hits.push((slot, TextHit { doc, line, text, matches }));
                    if hits.len() == limit {
                        return hits;
                    }
                }
            }
        }
        hits
    }

    /// The lines holding, for each needle, a term that contains it, as a
    /// bitset; `None` when no line does. Needles are taken cheapest first;
    /// once few lines are left, or a needle is on most lines anyway (like
    /// "e"), the remaining needles are left to the caller's check of each
    /// line, which costs less than reading all their postings.
    fn candidates(&self, needles: &[&str], place: Place) -> Option<Vec<u64>> {
        let mut plans: Vec<(usize, Vec<usize>)> = Vec::with_capacity(needles.len());
        for needle in needles {
            let terms = self.terms_containing(needle, place);
            if terms.is_empty() {
                return None;
            }
            let cost = terms.iter().map(|&t| (self.posting_starts[t + 1] - self.posting_starts[t]) as usize).sum();
            plans.push((cost, terms));
        }
        plans.sort_unstable_by_key(|(cost, _)| *cost);
        let mut result: Option<Vec<u64>> = None;
        for (cost, terms) in plans {
            if let Some(set) = &result {
                if cost > self.line_count() / 2 || count_ones(set, 0, set.len() * 64) <= FEW_LINES {
                    break;
                }
            }
            let mut set = vec![0u64; self.line_count().div_ceil(64)];
            for term in terms {
                let from = self.posting_starts[term] as usize;
                let to = self.posting_starts[term + 1] as usize;
                let mut line: usize = 0;
                let mut bytes = &self.postings[from..to];
                while let Some((delta, rest)) = read_varint(bytes) {
                    line += delta as usize;
                    bytes = rest;
                    set[line / 64] |= 1 << (line % 64);
                }
            }
            result = Some(match result {
                None => set,
                Some(mut acc) => {
                    acc.iter_mut().zip(&set).for_each(|(a, s)| *a &= s);
                    acc
                }
            });
        }
        result.filter(|set| set.iter().any(|&w| w != 0))
    }

    /// Indices of the terms holding `needle` in `place`, each once, in order.
    fn terms_containing(&self, needle: &str, place: Place) -> Vec<usize> {
        let finder = memmem::Finder::new(needle.as_bytes());
        let bytes = self.dictionary.as_bytes();
        let mut terms = Vec::new();
        let mut looked: Option<usize> = None;
        let mut from = 0;
        while let Some(found) = finder.find(&bytes[from..]) {
            let at = from + found;
            // Matches come in order, so the term is after the last one looked at.
            let mut term = looked.map_or(0, |t| t + 1);
            while self.term_starts.get(term + 1).is_some_and(|&s| s as usize <= at) {
                term += 1;
            }
            let starts = || self.term_starts.get(term).is_some_and(|&s| s as usize == at);
            // Each term is followed by `\n`.
            let ends = || self.term_starts.get(term + 1).map_or(bytes.len(), |&s| s as usize) == at + needle.len() + 1;
            let wanted = match place {
                Place::Whole => starts() && ends(),
                Place::Start => starts(),
                Place::Inside => true,
            };
            if wanted {
                terms.push(term);
            }
            looked = Some(term);
            from = self.term_starts.get(term + 1).map_or(bytes.len(), |&s| s as usize);
        }
        terms
    }

    /// Lines in all bodies together.
    pub fn line_count(&self) -> usize {
        self.line_base.last().map_or(0, |&n| n as usize)
    }

    /// Distinct terms indexed.
    pub fn term_count(&self) -> usize {
        self.term_starts.len()
    }

    /// Bytes the index holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.dictionary.capacity()
            + self.postings.capacity()
            + 4 * (self.term_starts.capacity()
                + self.posting_starts.capacity()
                + self.line_base.capacity()
                + self.order.capacity())
    }
}

/// Every event's overview (when it has one), then its notes, events newest
/// first as [`super::timeline_order`] takes them.
fn documents_in_timeline_order(collection: &Collection) -> Vec<Doc> {
    let mut docs = Vec::with_capacity(collection.notes.len() + collection.events.len());
    let mut notes = super::timeline_order(collection).into_iter().peekable();
    for event in super::timeline_events(collection) {
        docs.push(Doc::Overview(event));
        while let Some(note) = notes.next_if(|&n| collection.notes[n].event == event) {
            docs.push(Doc::Note(note));
        }
    }
    docs.extend(notes.map(Doc::Note));
    docs
}

/// Calls `f` with the global line number and each term of every line of the
/// documents in `order` that have text (the others are passed over, and
/// with `kept` the codes of those that have are pushed to it); returns the
/// first line number of each document with text and, last, the total.
fn each_line_term(
    collection: &Collection,
    order: &[u32],
    mut kept: Option<&mut Vec<u32>>,
    mut f: impl FnMut(u32, &str),
) -> Vec<u32> {
    let mut line_base = Vec::with_capacity(order.len() + 1);
    let mut line_id: u32 = 0;
    let mut term = String::new();
    // Texts not in memory are read from their files a batch at a time on
    // other threads while this one indexes the batch before: no more than
    // two batches of texts are held at once.
    let (batches, read) = std::sync::mpsc::sync_channel(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for batch in order.chunks(READ_BATCH) {
                let texts = crate::notes::parallel::par_map(batch, |_, &code| Doc::decode(code).read(collection));
                if batches.send((batch, texts)).is_err() {
                    return;
                }
            }
        });
        for (batch, texts) in read {
            for (&code, text) in batch.iter().zip(texts) {
                let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
                    continue;
                };
                if let Some(kept) = kept.as_deref_mut() {
                    kept.push(code);
                }
                line_base.push(line_id);
                // Not sanitised: what the sanitiser drops, folding drops too, and
                // what it replaces is not a letter or digit either way.
                let lines = for_each_line_term(&text, &mut term, |at, term| f(line_id.saturating_add(at), term));
                line_id = line_id.checked_add(lines).expect("fewer than 2^32 lines");
            }
        }
    });
    line_base.push(line_id);
    line_base
}

/// Documents whose texts are read together while the index is built.
const READ_BATCH: usize = 512;

pub(super) fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("search index under 4 GiB")
}

pub(super) fn varint_len(value: u32) -> u32 {
    match value {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

/// Writes `value` LEB128 at the start of `out`; returns the bytes written.
pub(super) fn write_varint(out: &mut [u8], mut value: u32) -> u32 {
    let mut n = 0;
    while value >= 0x80 {
        out[n] = (value as u8) | 0x80;
        value >>= 7;
        n += 1;
    }
    out[n] = value as u8;
    n as u32 + 1
}

pub(super) fn read_varint(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let mut value: u32 = 0;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

/// The first set bit of a bitset at or after `from`.
fn next_one(set: &[u64], from: usize) -> Option<usize> {
    let mut i = from / 64;
    let mut word = set.get(i)? & (u64::MAX << (from % 64));
    loop {
        if word != 0 {
            return Some(i * 64 + word.trailing_zeros() as usize);
        }
        i += 1;
        word = *set.get(i)?;
    }
}

/// How many bits of a bitset are set in `from..to`.
fn count_ones(set: &[u64], from: usize, to: usize) -> usize {
    let to = to.min(set.len() * 64);
    if from >= to {
        return 0;
    }
    // The bits of a word below `bit`.
    let below = |bit: usize| (1u64 << (bit % 64)) - 1;
    let (first, last) = (from / 64, (to - 1) / 64);
    let mut count = 0;
    for (i, &word) in set.iter().enumerate().take(last + 1).skip(first) {
        let mut word = word;
        if i == first {
            word &= !below(from);
        }
        if i == last && !to.is_multiple_of(64) {
            word &= below(to);
        }
        count += word.count_ones() as usize;
    }
    count
}

/// Where a query's words are looked for in a line: each as a whole word,
/// each starting a word, or anywhere (inside longer words too).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Whole,
    Start,
    Inside,
}

/// The query's distinct words, folded, and the terms they are made of.
fn words_and_needles(folded_query: &str) -> (Vec<&str>, Vec<&str>) {
    let mut words: Vec<&str> = folded_query.split_whitespace().collect();
    words.sort_unstable();
    words.dedup();
    let mut needles: Vec<&str> = Vec::new();
    for word in &words {
        each_term(word, |t| needles.push(t));
    }
    needles.sort_unstable();
    needles.dedup();
    (words, needles)
}

/// Whether `text[at..]` starts a word: no letter or digit just before it.
fn starts_word(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Whether `text[end..]` ends a word: no letter or digit just after it.
fn ends_word(text: &str, end: usize) -> bool {
    !text[end..].chars().next().is_some_and(char::is_alphanumeric)
}

/// The line as shown with the ranges to highlight, or `None` when a word
/// of the query is not on it after all.
fn display(raw: &str, words: &[&str]) -> Option<(String, Vec<Range<usize>>)> {
    let mut cut = raw.len().min(MAX_LINE_BYTES);
    while !raw.is_char_boundary(cut) {
        cut -= 1;
    }
    let clean = sanitize_line(&raw[..cut]);
    let text = clean.trim();
    let folded = Folded::new(text);
    let mut matches = Vec::new();
    for word in words {
        let before = matches.len();
        for (at, _) in folded.text.match_indices(word) {
            matches.push(folded.original_range(at..at + word.len()));
        }
        if matches.len() == before {
            return None;
        }
    }
    matches.sort_unstable_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(matches.len());
    for r in matches {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    Some(window(text, merged))
}

/// Cuts a long line to about [`DISPLAY_CHARS`] characters that show its
/// first match, and moves the ranges with it.
fn window(text: &str, matches: Vec<Range<usize>>) -> (String, Vec<Range<usize>>) {
    if text.chars().count() <= DISPLAY_CHARS {
        return (text.to_string(), matches);
    }
    let first = matches.first().map_or(0, |r| r.start);
    let lead_start = text[..first].char_indices().rev().nth(DISPLAY_LEAD - 1).map_or(0, |(i, _)| i);
    // Start at a word when one begins near there.
    let start = match text[lead_start..first].find(' ') {
        Some(space) if lead_start > 0 => lead_start + space + 1,
        _ => lead_start,
    };
    let end = text[start..].char_indices().nth(DISPLAY_CHARS).map_or(text.len(), |(i, _)| start + i);
    let mut shown = String::with_capacity(end - start + 6);
    let mut shift = -(start as isize);
    if start > 0 {
        shown.push('…');
        shift += '…'.len_utf8() as isize;
    }
    shown.push_str(&text[start..end]);
    let moved = matches
        .into_iter()
        .filter(|r| r.start >= start && r.start < end)
        .map(|r| {
            let to = r.end.min(end);
            ((r.start as isize + shift) as usize)..((to as isize + shift) as usize)
        })
        .collect();
    if end < text.len() {
        shown.push('…');
    }
    (shown, moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::load_bundled;
    use crate::search::fixture;

    fn found(c: &Collection, hits: &[TextHit]) -> Vec<(String, usize)> {
        hits.iter().map(|h| (h.doc.title(c).to_string(), h.line)).collect()
    }

    /// The note a hit is in; these tests' queries are on no overview.
    fn note(hit: &TextHit) -> usize {
        hit.doc.note().unwrap_or_else(|| panic!("{hit:?} is in a note"))
    }

    fn highlighted(hit: &TextHit) -> Vec<&str> {
        hit.matches.iter().map(|r| &hit.text[r.clone()]).collect()
    }

    #[test]
    fn an_edited_note_is_searched_by_its_new_text_in_its_place_among_the_hits() {
        let mut c = fixture::collection();
        let mut index = SearchIndex::build(&c);
        let everywhere: Vec<usize> = index.search(&c, "the", 10_000).iter().filter_map(|h| h.doc.note()).collect();
        let edited = everywhere[everywhere.len() / 2];
        let old_word = c.body(edited).unwrap_or_default().split_whitespace().find(|w| w.len() > 6).map(str::to_string);
        c.notes[edited].body = "The first line.\nA wombat appears here.\n".into();
        assert!(index.search(&c, "wombat", 10).is_empty(), "not yet known to the index");
        index.mark_edited(Doc::Note(edited));
        let hits = index.search(&c, "wombat", 10);
        assert_eq!(hits.iter().map(|h| (h.doc, h.line)).collect::<Vec<_>>(), [(Doc::Note(edited), 1)]);
        // Hits of every note still come in the index's order, the edited one in its place.
        let again: Vec<usize> = index.search(&c, "the", 10_000).iter().filter_map(|h| h.doc.note()).collect();
        let mut order = again.clone();
        order.dedup();
        let expected: Vec<usize> = {
            let mut e = everywhere.clone();
            e.dedup();
            e
        };
        assert_eq!(order, expected);
        if let Some(word) = old_word {
            let stale = index.search(&c, &word, 10_000);
            assert!(stale.iter().all(|h| h.doc != Doc::Note(edited)), "{word} is gone from the note");
        }
    }

    #[test]
    fn accents_and_case_fold_both_ways() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        for query in ["Bonér", "boner", "BONER", "bone\u{301}r"] {
            let hits = index.search(&c, query, 10);
            assert_eq!(found(&c, &hits), [("Towards Stateful Serverless".to_string(), 2)], "{query}");
            assert_eq!(highlighted(&hits[0]), ["Bonér"]);
            assert_eq!(hits[0].text, "- **Speaker:** Jonas Bonér, Lightbend, creator of Akka.");
        }
        let hits = index.search(&c, "zurich krakow strasse", 10);
        assert_eq!(highlighted(&hits[0]), ["Straße", "Zürich", "Kraków"]);
    }

    #[test]
    fn every_word_must_be_on_the_line_in_any_order() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "function state", 10);
        assert_eq!(found(&c, &hits), [("Towards Stateful Serverless".to_string(), 3)]);
        assert_eq!(hits[0].text, "State belongs next to the function.", "trimmed, tab gone");
        assert!(index.search(&c, "function akka", 10).is_empty());
        assert!(index.search(&c, "nothing-like-this", 10).is_empty());
    }

    #[test]
    fn words_match_inside_longer_words_and_every_occurrence_is_highlighted() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "kube", 10);
        assert_eq!(found(&c, &hits), [("CERN rediscovers the Higgs boson".to_string(), 3)]);
        assert_eq!(highlighted(&hits[0]), ["Kube"]);
        let hits = index.search(&c, "serverless", 10);
        let last = hits.iter().find(|h| h.line == 4).expect("line 4 matches");
        assert_eq!(highlighted(last), ["SERVERLESS", "serverless"]);
    }

    #[test]
    fn hits_come_newest_event_first_then_by_note_and_line_up_to_the_limit() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "e", 100);
        let rank: Vec<usize> = {
            let mut rank = vec![0; c.notes.len()];
            for (position, note) in crate::search::timeline_order(&c).into_iter().enumerate() {
                rank[note] = position;
            }
            rank
        };
        let notes: Vec<&TextHit> = hits.iter().filter(|h| h.doc.note().is_some()).collect();
        let order: Vec<(usize, usize)> = notes.iter().map(|h| (rank[note(h)], h.line)).collect();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted);
        let years: Vec<Option<i32>> = hits.iter().map(|h| h.doc.event(&c).and_then(|e| c.events[e].year())).collect();
        assert_eq!(years.first(), Some(&Some(2024)), "the newest event's hits come first: {years:?}");
        assert!(years.windows(2).all(|w| w[1].is_none() || w[0] >= w[1]), "{years:?}");
        assert!(hits.len() > 3);
        assert_eq!(index.search(&c, "e", 3), hits[..3]);
        assert!(index.search(&c, "e", 0).is_empty());
        assert!(index.search(&c, "   ", 10).is_empty());
    }

    #[test]
    fn shown_text_is_sanitised_and_ranges_point_into_it() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "higgs boson", 10);
        assert_eq!(found(&c, &hits), [("CERN rediscovers the Higgs boson".to_string(), 3)]);
        assert_eq!(hits[0].text, "The ␛[31mhiggs boson on Kubernetes.");
        assert_eq!(highlighted(&hits[0]), ["higgs", "boson"]);
    }

    #[test]
    fn chinese_and_japanese_are_found_without_spaces() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "タワー", 10);
        assert_eq!(found(&c, &hits), [("Straße nach Zürich".to_string(), 0)]);
        assert_eq!(highlighted(&hits[0]), ["タワー"]);
        // Both characters are on the line, but not together.
        assert!(index.search(&c, "東ワ", 10).is_empty());
    }

    #[test]
    fn long_lines_are_cut_around_the_first_match() {
        let filler = "word ".repeat(200);
        let line = format!("{filler}needle {filler}");
        let (text, matches) = display(&line, &["needle"]).expect("line has the word");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.chars().count() <= DISPLAY_CHARS + 2);
        assert_eq!(matches.len(), 1);
        assert_eq!(&text[matches[0].clone()], "needle");
        assert!(matches[0].start < 60, "{matches:?}");
    }

    #[test]
    fn bitset_helpers_find_and_count_bits() {
        let mut set = vec![0u64; 3];
        for bit in [0, 5, 63, 64, 130] {
            set[bit / 64] |= 1 << (bit % 64);
        }
        assert_eq!(next_one(&set, 0), Some(0));
        assert_eq!(next_one(&set, 1), Some(5));
        assert_eq!(next_one(&set, 64), Some(64));
        assert_eq!(next_one(&set, 65), Some(130));
        assert_eq!(next_one(&set, 131), None);
        assert_eq!(next_one(&set, 999), None);
        assert_eq!(count_ones(&set, 0, 192), 5);
        assert_eq!(count_ones(&set, 1, 64), 2);
        assert_eq!(count_ones(&set, 5, 65), 3);
        assert_eq!(count_ones(&set, 64, 64), 0);
        assert_eq!(count_ones(&set, 100, 999), 1);
    }

    #[test]
    fn punctuation_in_a_word_must_match_too() {
        let c = fixture::collection();
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "re-ran", 10);
        assert_eq!(found(&c, &hits), [("CERN rediscovers the Higgs boson".to_string(), 2)]);
        assert!(index.search(&c, "re-analysis", 10).is_empty(), "both pieces are on the line, not the word");
    }

    #[test]
    fn varints_round_trip() {
        let values = [0, 1, 127, 128, 300, 0x3fff, 0x4000, 0x1f_ffff, 0x20_0000, 0xfff_ffff, 0x1000_0000, u32::MAX];
        let mut bytes = vec![0; values.iter().map(|&v| varint_len(v) as usize).sum()];
        let mut at = 0;
        for v in values {
            let n = write_varint(&mut bytes[at..], v);
            assert_eq!(n, varint_len(v), "{v}");
            at += n as usize;
        }
        assert_eq!(at, bytes.len());
        let mut rest = bytes.as_slice();
        let mut back = Vec::new();
        while let Some((v, r)) = read_varint(rest) {
            back.push(v);
            rest = r;
        }
        assert_eq!(back, values);
    }

    #[test]
    fn terms_split_words_and_ideographs() {
        let mut terms = Vec::new();
        each_term("kube-proxy v1.2 東京タワーで 한국어", |t| terms.push(t));
        assert_eq!(terms, ["kube", "proxy", "v1", "2", "東", "京", "タ", "ワ", "ー", "で", "한국어"]);
        let long = "a".repeat(100);
        let mut terms = Vec::new();
        each_term(&long, |t| terms.push(t));
        assert_eq!(terms, [&long[..MAX_TERM_CHARS]]);
    }

    #[test]
    fn ranked_search_finds_an_older_whole_word_before_newer_matches_inside_words() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (event, text) in [
            ("2025-04-a", "# One\n\nA catalog, catalogs, epilogue.\n"),
            ("2024-04-b", "# Two\n\nLogging and loggers.\n"),
            ("2023-04-c", "# Three\n\nThe log, logs.\n"),
        ] {
            std::fs::create_dir_all(dir.path().join(event)).expect("mkdir");
            std::fs::write(dir.path().join(event).join("talk.md"), text).expect("write");
        }
        let c = crate::notes::load_folder(dir.path()).expect("loads");
        let index = SearchIndex::build(&c);
        let titles = |hits: Vec<TextHit>| hits.iter().map(|h| h.doc.title(&c).to_string()).collect::<Vec<_>>();
        assert_eq!(titles(index.search(&c, "log", 10)), ["One", "Two", "Three"], "plain search: newest first");
        assert_eq!(titles(index.search_ranked(&c, "log", 10)), ["Three", "Two", "One"]);
        assert_eq!(titles(index.search_ranked(&c, "log", 1)), ["Three"], "a limit keeps the best");
        assert_eq!(titles(index.search_ranked(&c, "log", 2)), ["Three", "Two"]);
        assert_eq!(titles(index.search_ranked(&c, "LOG catalog", 10)), ["One"], "every word, in any order");
    }

    #[test]
    fn event_overviews_are_searched_before_their_notes_and_placed_in_their_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("2031-05-lyon")).expect("mkdir");
        std::fs::write(
            root.join("2031-05-lyon/event.md"),
            "---\nname: Modfest Lyon\n---\nThe venue had moving walkways.\n",
        )
        .expect("write");
        std::fs::write(root.join("2031-05-lyon/talk.md"), "# A talk\n\nWalkways again.\n").expect("write");
        let day = "# Modfest 2032\n\nIntro.\n\n## Day 1\n\n### Opening\n\nHi.\n\n### Storage\n\nDisks.\n\n\
                   ## Day 2\n\nMorning walkways were closed.\n\n### Security\n\nKeys.\n\n### Closing\n\nBye.\n";
        std::fs::write(root.join("modfest-2032.md"), day).expect("write");
        let c = crate::notes::load_folder(root).expect("loads");
        let index = SearchIndex::build(&c);
        let hits = index.search(&c, "walkways", 10);
        let places: Vec<(&str, &str, usize)> = hits
            .iter()
            .map(|h| {
                let (file, line) = h.doc.file_line(&c, h.line).expect("placed");
                (h.doc.title(&c), file, line)
            })
            .collect();
        assert_eq!(
            places,
            [
                (OVERVIEW_TITLE, "modfest-2032.md", 17),
                (OVERVIEW_TITLE, "2031-05-lyon/event.md", 4),
                ("A talk", "2031-05-lyon/talk.md", 3),
            ],
            "{hits:#?}"
        );
        assert!(matches!(hits[0].doc, Doc::Overview(_)));
    }

    #[test]
    fn index_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SearchIndex>();
    }

    #[test]
    fn bundled_facts_are_found() {
        let c = load_bundled();
        let index = SearchIndex::build(&c);
        let higgs = index.search(&c, "Higgs", 50);
        assert!(!higgs.is_empty());
        assert!(
            higgs
                .iter()
                .any(|h| h.doc.note().is_some_and(|n| c.notes[n].id.0 == "2019-barcelona/keynote-cern-higgs.md")),
            "{higgs:?}"
        );
        for query in ["boner", "Bonér"] {
            let hits = index.search(&c, query, 50);
            assert!(hits.iter().any(|h| h
                .doc
                .note()
                .is_some_and(|n| c.notes[n].id.0 == "2019-barcelona/towards-stateful-serverless.md")));
            assert!(hits.iter().all(|h| !h.matches.is_empty()));
        }
        // Overviews are searched too: the Barcelona venue's escalators are only in its event.md.
        let escalators = index.search(&c, "escalators", 50);
        assert!(
            escalators.iter().any(|h| h.doc.file_line(&c, h.line).is_some_and(|(f, _)| f == "2019-barcelona/event.md")),
            "{escalators:?}"
        );
        // The line numbers point at the line in the body.
        for hit in index.search(&c, "kubernetes", 500) {
            let line = hit.doc.text(&c).and_then(|t| t.lines().nth(hit.line)).expect("line exists");
            assert!(fold(line).contains("kubernetes"), "{line}");
        }
    }
}
