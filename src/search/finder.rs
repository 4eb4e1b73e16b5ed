//! The fuzzy finder over every note: title, speakers, topics and event
//! (name, year, city, country), ranked by nucleo's fzf-like score. A topic
//! is also found by its aliases (`o11y` for Observability), typed whole:
//! a fuzzy match through a list of short names mostly finds noise.
//!
//! Everything is matched in folded form (see [`super::fold()`]), so case and
//! accents never matter. The pattern uses fzf's syntax through nucleo:
//! words separated by spaces must all match, `'word` matches a substring,
//! `^word` a prefix, `word$` a suffix, `!word` excludes notes containing it.
//!
//! Each word is matched against each field on its own and counts where it
//! scores best, so a word never matches letters scattered across a title and
//! a speaker; a match in the title earns [`TITLE_BONUS`] on top, so the
//! title wins a close call; a title starting with the word earns
//! [`TITLE_START_BONUS`] more (`start`). Equal scores keep timeline order.
//!
//! Typing narrows: a query that only adds to the last one (one more letter,
//! one more word) can match no note the last one did not, so
//! [`Finder::query_narrowing`] scores only those (see [`narrows`]). A field
//! lacking one of a word's letters is passed over unscored (see
//! `Letters`), and a query of one word scores only the notes it can
//! rank first, titles with a word starting with its first letter first (see
//! `Finder::best_by_bounds`).

use std::cmp::Reverse;
use std::sync::atomic::{AtomicU64, Ordering};

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use rayon::prelude::*;

use super::fold::{fold, Folded};
use super::letters::{Letters, Pairs, StartPairs};
use crate::notes::Collection;

mod entry;
mod saved;
mod start;

use start::may_start;
pub use start::TITLE_START_BONUS;

/// Added to a word's score when it matches in the title: less than one
/// matched character (16), enough to put the title first on a near tie.
pub const TITLE_BONUS: u32 = 12;

/// From this many notes to score, threads share them (see [`Finder::score_all`]).
const PARALLEL_FROM: usize = 8192;

/// Notes with one bound scored first (see [`Finder::best_by_bounds`]):
/// enough for a few threads, a fraction of what a first letter may need.
const BOUNDED_CHUNK: usize = 1024;

/// Where a note matched best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchedField {
    Title,
    Speaker,
    Topic,
    /// The event's name, year, city or country.
    Event,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinderHit {
    /// Index into [`Collection::notes`].
    pub note: usize,
    pub score: u32,
    /// Indices (in characters) of the characters to highlight in the
    /// note's title folded, ascending: [`FinderHit::title_matches`] finds
    /// them in the title as shown.
    pub folded_title_matches: Vec<usize>,
    pub field: MatchedField,
}

impl FinderHit {
    /// Indices (in characters) of the characters of `title`, the hit
    /// note's title, to highlight. An ASCII title folds to itself with its
    /// letters lowered, character for character; another is folded again
    /// here, for the few hits shown, rather than held as shown by the
    /// finder for every note (4 MiB at 100,000 notes).
    pub fn title_matches(&self, title: &str) -> Vec<usize> {
        if title.is_ascii() || self.folded_title_matches.is_empty() {
            return self.folded_title_matches.clone();
        }
        let folded = Folded::new(title);
        let mut matches: Vec<usize> =
            self.folded_title_matches.iter().filter_map(|&i| folded.original_char_index(title, i)).collect();
        matches.sort_unstable();
        matches.dedup();
        matches
    }
}

/// The finder's own folded copy of the few short fields it matches; bodies
/// are not involved, so it holds a few hundred bytes per note.
// Saved in the data directory (crate::saved_indexes, through [`saved`]) for the next start.
#[derive(Debug, Clone)]
pub struct Finder {
    notes: Vec<Entry>,
    /// Every entry's folded texts, one after another (see [`Entry::at`]).
    texts: Arena,
    /// Per event: folded name, year, city and country.
    events: Vec<Utf32String>,
    /// Notes newest event first, each event's notes in display order.
    timeline: Vec<usize>,
    /// Note → its position in `timeline`, for ties.
    rank: Vec<u32>,
    /// Tells this finder's contents from any other's, so a [`Narrowing`]
    /// taken on other contents (another build, an updated note) is not used.
    stamp: u64,
}

/// What the last query matched, kept by whoever types (the finder view) so
/// the next query, if it only adds to this one, scores only these notes.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    /// The [`Finder::stamp`] it was taken on; 0, no finder's, when empty.
    stamp: u64,
    atoms: Vec<Atom>,
    /// Every note the query matched, in ascending order; perhaps a few it
    /// did not (those holding its letters, after one word): they are only
    /// scored again.
    matched: Vec<u32>,
}

fn new_stamp() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A note as the finder matches it: where its texts are in the finder's
/// [`Arena`], and the letters they hold. 112 bytes: its texts in one
/// allocation of their own, its title as shown in another, cost 48 bytes
/// more a note and an allocation's overhead for each (7 MiB at 100,000
/// notes).
#[derive(Debug, Clone)]
struct Entry {
    /// Where its folded title, speakers, topics (labels and canonical
    /// names) and aliases (the vocabulary's other names for the note's
    /// topics) are (see [`Finder::text`]).
    texts: Placed,
    event: u32,
    /// The folded title's letters and digits, and those where its words
    /// start: a word missing from the first is not scored on the title.
    title_letters: Letters,
    title_starts: Letters,
    /// The title's letters at a word's start with the one after, and any
    /// two together.
    title_pairs: StartPairs,
    title_any_pairs: Pairs,
    /// The letters and digits of speakers, topics and aliases, those
    /// where their words start, those with the one after, and any two.
    other_letters: Letters,
    other_starts: Letters,
    other_pairs: StartPairs,
    other_any_pairs: Pairs,
}

/// Every entry's four folded texts in two buffers: each as bytes when it is
/// ASCII (nearly all: folding drops accents), else as characters, as
/// nucleo matches them. Each text on its own: a title in another script
/// puts only itself in characters, four bytes each, not the speakers and
/// topics beside it (4 MiB at 100,000 notes).
#[derive(Debug, Clone, Default)]
struct Arena {
    ascii: Vec<u8>,
    unicode: Vec<char>,
}

/// Where an entry's four texts are in an [`Arena`]: those in bytes one
/// after another from `at[0]`, those in characters from `at[1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placed {
    at: [u32; 2],
    /// Where each text ends, in its buffer.
    ends: [u32; 4],
    /// Which texts are in characters: bit `i` for text `i`.
    unicode: u8,
    /// The title's first character when ASCII, else [`start::NOT_ASCII`] (0 for an
    /// empty title): what a bound needs of it without reading the text.
    title_first: u8,
}

impl Placed {
    fn in_chars(&self, which: usize) -> bool {
        self.unicode >> which & 1 == 1
    }

    /// Where text `which` is in its buffer.
    fn range(&self, which: usize) -> std::ops::Range<usize> {
        let chars = self.in_chars(which);
        // It starts where the last text before it in the same buffer ends.
        let start = (0..which)
            .rev()
            .find(|&before| self.in_chars(before) == chars)
            .map_or(self.at[usize::from(chars)], |before| self.ends[before]);
        let end = self.ends.get(which).map_or(start, |&end| end);
        start as usize..end as usize
    }
}

/// Which of an entry's texts [`Finder::text`] gives.
const TITLE: usize = 0;
const SPEAKERS: usize = 1;
const TOPICS: usize = 2;
const ALIASES: usize = 3;

/// An offset into an [`Arena`] buffer. Past 4 GiB of folded titles and
/// names (never met), offsets stop growing and later entries' texts read
/// as empty.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Arena {
    /// Adds an entry's folded texts; where they went.
    fn push(&mut self, folded: [&str; 4]) -> Placed {
        let mut placed = Placed {
            at: [offset(self.ascii.len()), offset(self.unicode.len())],
            ends: [0; 4],
            unicode: 0,
            title_first: 0,
        };
        placed.title_first = start::title_first(folded[TITLE]);
        for (i, text) in folded.iter().enumerate() {
            placed.ends[i] = if text.is_ascii() {
                self.ascii.extend_from_slice(text.as_bytes());
                offset(self.ascii.len())
            } else {
                self.unicode.extend(text.chars());
                placed.unicode |= 1 << i;
                offset(self.unicode.len())
            };
        }
        placed
    }

    /// Lets go of the room the buffers grew into.
    fn shrink_to_fit(&mut self) {
        self.ascii.shrink_to_fit();
        self.unicode.shrink_to_fit();
    }
}

const FIELDS: [MatchedField; 4] =
    [MatchedField::Title, MatchedField::Speaker, MatchedField::Topic, MatchedField::Event];

impl Finder {
    pub fn new(collection: &Collection) -> Self {
        let events = collection
            .events
            .iter()
            .map(|e| {
                let mut text = e.name.clone();
                for part in [e.year().map(|y| y.to_string()), e.city.clone(), e.country.clone()].into_iter().flatten() {
                    text.push(' ');
                    text.push_str(&part);
                }
                utf32(&fold(&text))
            })
            .collect();
        let mut maker = entry::Maker::new(&collection.vocabulary);
        let mut texts = Arena::default();
        let notes = collection.notes.iter().map(|n| maker.entry(n, &mut texts)).collect();
        texts.shrink_to_fit();
        let timeline = super::timeline_order(collection);
        let mut rank = vec![u32::MAX; collection.notes.len()];
        for (position, &note) in timeline.iter().enumerate() {
            rank[note] = u32::try_from(position).unwrap_or(u32::MAX);
        }
        Self { notes, texts, events, timeline, rank, stamp: new_stamp() }
    }

    /// Text `which` ([`TITLE`], [`SPEAKERS`], [`TOPICS`] or [`ALIASES`]) of `entry`, folded.
    fn text(&self, entry: &Entry, which: usize) -> Utf32Str<'_> {
        let range = entry.texts.range(which);
        if entry.texts.in_chars(which) {
            Utf32Str::Unicode(self.texts.unicode.get(range).unwrap_or_default())
        } else {
            Utf32Str::Ascii(self.texts.ascii.get(range).unwrap_or_default())
        }
    }

    /// Writes the finder as the search indexes' file holds it ([`saved`]).
    pub(crate) fn write_saved(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        saved::write(out, self)
    }

    /// A finder [`write_saved`](Self::write_saved) wrote at the start of
    /// `bytes`, and the bytes after it; `done` is told of the stretches of
    /// `bytes` decoded, as it goes.
    pub(crate) fn read_saved<'a>(bytes: &'a [u8], done: &dyn Fn(&[u8])) -> Option<(Self, &'a [u8])> {
        saved::read(bytes, done)
    }

    /// Takes in new versions of `notes` of `collection`, read again after
    /// edits that kept their places in their events.
    pub fn update_notes(&mut self, collection: &Collection, notes: &[usize]) {
        let mut maker = entry::Maker::new(&collection.vocabulary);
        for &note in notes {
            if let (Some(entry), Some(n)) = (self.notes.get_mut(note), collection.notes.get(note)) {
                // The old texts stay in the arena, unused: a few edited
                // notes' worth, until the finder is built again.
                *entry = maker.entry(n, &mut self.texts);
                self.stamp = new_stamp();
            }
        }
    }

    pub fn len(&self) -> usize {
        self.notes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// The best `limit` notes for `pattern`, best first. An empty pattern
    /// gives every note in timeline order: newest event first, each event's
    /// notes in the order the talks pane shows them.
    pub fn query(&self, pattern: &str, limit: usize) -> Vec<FinderHit> {
        self.query_narrowing(pattern, limit, &mut Narrowing::default())
    }

    /// As [`Finder::query`], the same hits in the same order, but scoring
    /// only the notes `last` matched when `pattern` [`narrows`] its query
    /// (on this finder's contents); `last` then holds what `pattern` matched.
    pub fn query_narrowing(&self, pattern: &str, limit: usize, last: &mut Narrowing) -> Vec<FinderHit> {
        let pattern = Pattern::parse(&fold(pattern), CaseMatching::Respect, Normalization::Never);
        if pattern.atoms.is_empty() {
            *last = Narrowing::default();
            return self
                .timeline
                .iter()
                .take(limit)
                .map(|&note| FinderHit { note, score: 0, folded_title_matches: Vec::new(), field: MatchedField::Title })
                .collect();
        }
        let candidates = (last.stamp == self.stamp && narrows(&last.atoms, &pattern.atoms)).then_some(&last.matched);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let terms: Vec<Term> =
            pattern.atoms.iter().map(|atom| Term::new(atom.clone(), &self.events, &mut matcher)).collect();
        let as_u32 = |note: usize| u32::try_from(note).unwrap_or(u32::MAX);
        let best_by_bounds = match terms.as_slice() {
            [term] => term.bounds.as_ref().map(|bounds| {
                // Narrowing: only the notes the last query matched may match.
                let mut possible = vec![candidates.is_none(); self.notes.len()];
                for &note in candidates.into_iter().flatten() {
                    if let Some(may) = possible.get_mut(note as usize) {
                        *may = true;
                    }
                }
                let (best, every_one) = self.best_by_bounds(term, bounds, limit, &mut possible);
                let matched: Vec<usize> = if every_one {
                    // Every possible note scored: those that matched, exactly.
                    let mut notes: Vec<usize> = best.iter().map(|&(_, note)| note).collect();
                    notes.sort_unstable();
                    notes
                } else {
                    // Those left possible hold the word's letters.
                    possible.iter().enumerate().filter_map(|(note, &may)| may.then_some(note)).collect()
                };
                (best, matched)
            }),
            _ => None,
        };
        let (mut scored, matched) = match best_by_bounds {
            Some((best, holding)) => (best, holding.into_iter().map(as_u32).collect()),
            None => {
                let scored: Vec<(u32, usize)> = match candidates {
                    Some(notes) => self.score_all(notes.par_iter().map(|&note| note as usize), &terms, &mut matcher),
                    None => self.score_all((0..self.notes.len()).into_par_iter(), &terms, &mut matcher),
                };
                // In ascending note order, as the next narrowing expects.
                let matched = scored.iter().map(|&(_, note)| as_u32(note)).collect();
                (scored, matched)
            }
        };
        *last = Narrowing { stamp: self.stamp, atoms: pattern.atoms, matched };
        let by_rank = |&(score, note): &(u32, usize)| (Reverse(score), self.rank[note]);
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by_key(limit - 1, by_rank);
        }
        scored.truncate(limit);
        scored.sort_unstable_by_key(by_rank);
        scored.into_iter().map(|(score, note)| self.hit(note, score, &terms, &mut matcher)).collect()
    }

    /// The best `limit` notes (or more) for a query of one word, with
    /// their scores, found without scoring every note that holds its
    /// letters. A word scores most in a field where its first letter starts
    /// a word (nucleo's bonus), in a title most of all (the title's bonus),
    /// so the letters of each note's fields, and where their words start,
    /// bound its score (see [`Finder::bound`]), and so do the pairs of
    /// letters that start their words (see [`WordBounds`]). Notes are scored by bound,
    /// highest first, each bound's in timeline order, until `limit` scored
    /// notes beat all those left: scoring more than the next bound, or as
    /// much as their own (a note left with that bound comes later: ties
    /// keep timeline order). A common first letter finds its hundreds of
    /// hits among the first titles with a word starting with it.
    /// Only notes marked `possible` (by note) are scored, and those that
    /// cannot match (see [`Finder::holding`]) are marked no longer
    /// possible, all in one pass over the notes; the flag tells whether
    /// every one of them was scored.
    fn best_by_bounds(
        &self,
        term: &Term,
        bounds: &WordBounds,
        limit: usize,
        possible: &mut [bool],
    ) -> (Vec<(u32, usize)>, bool) {
        // The notes of each bound, at the bound's place: scores are small
        // numbers, and a long word may have many bounds.
        let mut at: Vec<Vec<usize>> = Vec::new();
        for &note in &self.timeline {
            if !possible.get(note).copied().unwrap_or(false) {
                continue;
            }
            let bound = self.bound(note, term, bounds) as usize;
            if bound == 0 {
                // Holding none of the word's letters where it may match.
                possible[note] = false;
                continue;
            }
            if at.len() <= bound {
                at.resize_with(bound + 1, Vec::new);
            }
            at[bound].push(note);
        }
        let by_bound: Vec<(u32, Vec<usize>)> = at
            .into_iter()
            .enumerate()
            .rev()
            .filter(|(_, notes)| !notes.is_empty())
            .map(|(bound, notes)| (u32::try_from(bound).unwrap_or(u32::MAX), notes))
            .collect();
        if limit == 0 {
            return (Vec::new(), false);
        }
        let terms = std::slice::from_ref(term);
        let mut found = Vec::new();
        // Found notes scoring more than the bound whose notes are being scored.
        let mut above = 0;
        for (i, (bound, notes)) in by_bound.iter().enumerate() {
            let mut at_bound = 0;
            // A chunk at a time on every core, each twice the last (few
            // chunks when many notes are needed); the notes of a chunk scored
            // past the last needed are true scores too, so no harm.
            let mut rest = notes.as_slice();
            let mut size = BOUNDED_CHUNK;
            while !rest.is_empty() {
                let (chunk, after) = rest.split_at(size.min(rest.len()));
                (rest, size) = (after, size * 2);
                let scores: Vec<Option<u32>> = chunk
                    .par_iter()
                    // A matcher per job: about one job per thread.
                    .with_min_len((chunk.len() / rayon::current_num_threads()).max(BOUNDED_CHUNK / 4))
                    .map_init(|| Matcher::new(Config::DEFAULT), |m, &note| self.score(note, terms, m).map(|(s, _)| s))
                    .collect();
                for (&note, score) in chunk.iter().zip(scores) {
                    let Some(score) = score else { continue };
                    debug_assert!(score <= *bound, "{:?} scores {score} over its bound {bound}", term.atom);
                    found.push((score, note));
                    if score >= *bound {
                        at_bound += 1;
                    }
                }
                if above + at_bound >= limit {
                    return (found, rest.is_empty() && i + 1 == by_bound.len());
                }
            }
            let next = by_bound.get(i + 1).map_or(0, |&(b, _)| b);
            above = found.iter().filter(|&&(score, _)| score > next).count();
            if above >= limit {
                return (found, i + 1 == by_bound.len());
            }
        }
        (found, true)
    }

    /// The most `term` can score on `note`: the best of its title's and
    /// other fields' (holding the word's letters, its first at a word's
    /// start or not) and its event's; 0 when none can match.
    fn bound(&self, note: usize, term: &Term, bounds: &WordBounds) -> u32 {
        let entry = &self.notes[note];
        let field = |letters: Letters, starts: Letters, pairs: StartPairs, any: Pairs| {
            if letters.holds(term.needs) {
                bounds.of_field(starts, pairs, any)
            } else {
                0
            }
        };
        let may_start = may_start(entry, term);
        let title = match field(entry.title_letters, entry.title_starts, entry.title_pairs, entry.title_any_pairs) {
            0 => 0,
            // From the title's first character, not its text: a bound is worked out for every note.
            most => most + TITLE_BONUS + if may_start { TITLE_START_BONUS } else { 0 },
        };
        let event = term.events.get(entry.event as usize).copied().flatten().map_or(0, u32::from);
        let other = field(entry.other_letters, entry.other_starts, entry.other_pairs, entry.other_any_pairs);
        event.max(title).max(other)
    }

    /// The notes, in ascending order, that may match `term`: those with a
    /// field holding its letters, or whose event's text it matches (those
    /// [`Finder::best_by_bounds`] leaves possible, bounded above 0).
    #[cfg(test)]
    fn holding<'a>(&'a self, term: &'a Term) -> impl Iterator<Item = usize> + 'a {
        self.notes.iter().enumerate().filter_map(move |(note, entry)| {
            let holds = entry.title_letters.holds(term.needs)
                || entry.other_letters.holds(term.needs)
                || term.events.get(entry.event as usize).copied().flatten().is_some();
            holds.then_some(note)
        })
    }

    /// The notes that match `terms` with their scores, in `notes`' order.
    /// Many notes are spread over threads, each with a matcher of its own:
    /// a query of several words asked anew scores every note, too long a
    /// wait on one core.
    fn score_all(
        &self,
        notes: impl IndexedParallelIterator<Item = usize>,
        terms: &[Term],
        matcher: &mut Matcher,
    ) -> Vec<(u32, usize)> {
        let score =
            |matcher: &mut Matcher, note: usize| self.score(note, terms, matcher).map(|(score, _)| (score, note));
        if notes.len() < PARALLEL_FROM {
            return notes.collect::<Vec<usize>>().into_iter().filter_map(|note| score(matcher, note)).collect();
        }
        // rayon's collect keeps the order of `notes`.
        notes.with_min_len(PARALLEL_FROM / 2).map_init(|| Matcher::new(Config::DEFAULT), score).flatten().collect()
    }

    /// The note's total score and the field that contributed most, or `None`
    /// when a word matches no field (or an excluded word matches one).
    fn score(&self, note: usize, terms: &[Term], matcher: &mut Matcher) -> Option<(u32, MatchedField)> {
        let mut total = 0;
        let mut top: Option<(u32, MatchedField)> = None;
        for term in terms {
            let (score, field) = self.best_field(note, term, matcher)?;
            total += score;
            if top.is_none_or(|(s, _)| score > s) {
                top = Some((score, field));
            }
        }
        Some((total, top.map_or(MatchedField::Title, |(_, f)| f)))
    }

    fn best_field(&self, note: usize, term: &Term, matcher: &mut Matcher) -> Option<(u32, MatchedField)> {
        let atom = &term.atom;
        if atom.negative {
            // The atom scores `None` on a field that contains the excluded text.
            for field in FIELDS {
                self.field_score(note, field, term, matcher)?;
            }
            return Some((0, MatchedField::Title));
        }
        let mut best: Option<(u32, MatchedField)> = None;
        for field in FIELDS {
            if let Some(score) = self.field_score(note, field, term, matcher) {
                let entry = &self.notes[note];
                let bonus = || TITLE_BONUS + self.start_bonus(entry, term);
                let score = u32::from(score) + if field == MatchedField::Title { bonus() } else { 0 };
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, field));
                }
            }
        }
        let entry = &self.notes[note];
        let alias = term.alias.as_ref().filter(|_| entry.other_letters.holds(term.needs));
        if let Some(score) = alias.and_then(|a| a.score(self.text(entry, ALIASES), matcher)) {
            let score = u32::from(score);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, MatchedField::Topic));
            }
        }
        best
    }

    /// The term's atom's score on the note's field, the event's worked out
    /// once per query (an event has hundreds of notes).
    fn field_score(&self, note: usize, field: MatchedField, term: &Term, matcher: &mut Matcher) -> Option<u16> {
        let entry = &self.notes[note];
        let (text, letters) = match field {
            MatchedField::Title => (self.text(entry, TITLE), entry.title_letters),
            MatchedField::Speaker => (self.text(entry, SPEAKERS), entry.other_letters),
            MatchedField::Topic => (self.text(entry, TOPICS), entry.other_letters),
            MatchedField::Event => return term.events.get(entry.event as usize).copied().flatten(),
        };
        if !letters.holds(term.needs) {
            // The word cannot match here: as the matcher answers for no match.
            return term.atom.negative.then_some(0);
        }
        term.atom.score(text, matcher)
    }

    fn hit(&self, note: usize, score: u32, terms: &[Term], matcher: &mut Matcher) -> FinderHit {
        let field = self.score(note, terms, matcher).map_or(MatchedField::Title, |(_, f)| f);
        let entry = &self.notes[note];
        let mut folded_indices = Vec::new();
        for term in terms.iter().filter(|t| !t.atom.negative) {
            if self.best_field(note, term, matcher).is_some_and(|(_, f)| f == MatchedField::Title) {
                term.atom.indices(self.text(entry, TITLE), matcher, &mut folded_indices);
            }
        }
        let mut folded_title_matches: Vec<usize> = folded_indices.iter().map(|&i| i as usize).collect();
        folded_title_matches.sort_unstable();
        folded_title_matches.dedup();
        FinderHit { note, score, folded_title_matches, field }
    }
}

/// Whether every note matching the atoms `now` also matched the atoms
/// `before`, so only those need scoring: each earlier word has a word now
/// at least as demanding. A note matches a word when the word matches one
/// of its fields or, whole, its topics' aliases; a word whose text contains
/// the earlier word's text (`obs` then `obse`, for fuzzy and substring
/// words; starts with it for `^prefix`, ends with it for `suffix$`) can
/// only match where it did. An excluding word must be the same: `!fo` then
/// `!foo` lets in notes that `!fo` kept out. A word changing kind (`obs`
/// then `obs$`), a deleted letter or any other edit: all notes are scored.
pub fn narrows(before: &[Atom], now: &[Atom]) -> bool {
    let chars = |atom: &Atom| atom.needle_text().chars().collect::<Vec<char>>();
    before.iter().all(|earlier| {
        let was = chars(earlier);
        now.iter().any(|atom| {
            if atom.negative || earlier.negative {
                return atom == earlier;
            }
            if atom.kind != earlier.kind {
                return false;
            }
            let is = chars(atom);
            match atom.kind {
                AtomKind::Fuzzy | AtomKind::Substring => {
                    was.is_empty() || is.windows(was.len()).any(|w| w == was.as_slice())
                }
                AtomKind::Prefix => is.starts_with(&was),
                AtomKind::Postfix => is.ends_with(&was),
                AtomKind::Exact => is == was,
                // A kind nucleo may add later: no assumption, all notes scored.
                _ => false,
            }
        })
    })
}

/// One word of the pattern, and how it is matched against aliases: whole
/// (as a substring), never fuzzily; not at all when it excludes.
struct Term {
    atom: Atom,
    alias: Option<Atom>,
    /// The atom's score on each event's text.
    events: Vec<Option<u16>>,
    /// The letters and digits a field must hold to match the atom.
    needs: Letters,
    /// What the atom can score, when it is a word matched anywhere
    /// (fuzzy, or as a substring) that is not excluded.
    bounds: Option<WordBounds>,
    /// The atom's text, to tell a title that starts with it.
    needle: Box<[char]>,
}

impl Term {
    fn new(atom: Atom, events: &[Utf32String], matcher: &mut Matcher) -> Self {
        let events = events.iter().map(|e| atom.score(e.slice(..), matcher)).collect();
        let needle = atom.needle_text().to_string();
        let needs = Letters::of(&needle);
        let bounds = match atom.kind {
            AtomKind::Fuzzy | AtomKind::Substring if !atom.negative => WordBounds::of(&needle, matcher),
            _ => None,
        };
        let alias = match (atom.negative, atom.kind) {
            (true, _) => None,
            (false, AtomKind::Fuzzy) => Some(Atom::new(
                &atom.needle_text().to_string(),
                CaseMatching::Respect,
                Normalization::Never,
                AtomKind::Substring,
                false,
            )),
            (false, _) => Some(atom.clone()),
        };
        let needle = needle.chars().collect();
        Self { atom, alias, events, needs, bounds, needle }
    }
}

/// The most a word (fuzzy or a substring) scores in a field, as the matcher
/// itself scores it. Its first letter scores most at a word's start (twice
/// nucleo's best bonus, after a space), every other at most a match and the
/// best bonus, as they do when the word follows a space whole; where no
/// word starts with the first letter, it loses its bonus (as a single
/// letter scores at a space and inside a word). A title adds
/// [`TITLE_BONUS`].
///
/// Each later letter scores that much only right after the one before it.
/// Where the field never holds the two together (see [`Pairs`]; for the
/// first two, together where the first starts a word, see [`StartPairs`],
/// as the first has its bonus only there), a gap comes between (nucleo's
/// penalty) and the letter has only its own bonus: that of a word's start
/// if some word starts with it, as in `" a b"` for `ab`, else none, as in
/// `" acb"`. Where the first letter has no bonus the word scores at most
/// the first letter's score inside a word and the others' best.
struct WordBounds {
    /// The word's first character, if a letter or digit (else none: a
    /// field is never known not to start a word with it).
    first: Letters,
    /// Each later character: it and the one before it (when both are
    /// letters or digits, else no pair: a field may always hold it) and
    /// itself (none when not a letter or digit: it may always start a word).
    later: Vec<(Option<u32>, Letters)>,
    /// A later character's most: right after the one before, after a gap
    /// at a word's start, after a gap elsewhere.
    together: u32,
    apart: u32,
    apart_inside: u32,
    /// The first's most at a word's start and elsewhere.
    first_start: u32,
    first_inside: u32,
}

impl WordBounds {
    fn of(needle: &str, matcher: &mut Matcher) -> Option<Self> {
        let first = needle.chars().next()?;
        let mut score = |needle: &str, text: &str| {
            let atom = Atom::new(needle, CaseMatching::Respect, Normalization::Never, AtomKind::Fuzzy, false);
            atom.score(utf32(text).slice(..), matcher).map(u32::from)
        };
        let (first_start, first_inside) = (score("a", " a")?, score("a", "ba")?);
        let together = score("ab", " ab")?.checked_sub(first_start)?;
        let apart = score("ab", " a b")?.checked_sub(first_start)?;
        let apart_inside = score("ab", " acb")?.checked_sub(first_start)?;
        let letter = |c: char| Letters::of(c.encode_utf8(&mut [0; 4]));
        let chars: Vec<char> = needle.chars().collect();
        let later = chars.windows(2).map(|w| (StartPairs::pair(w[0], w[1]), letter(w[1]))).collect();
        Some(Self { first: letter(first), later, together, apart, apart_inside, first_start, first_inside })
    }

    /// The most the word scores where it follows a space whole.
    #[cfg(test)]
    fn start(&self) -> u32 {
        self.first_start + self.together * u32::try_from(self.later.len()).expect("a short word")
    }

    /// The most it scores where its first letter has no bonus.
    #[cfg(test)]
    fn inside(&self) -> u32 {
        self.first_inside + self.together * u32::try_from(self.later.len()).expect("a short word")
    }

    /// The most the word scores in a field where words start with `starts`
    /// (letters) and `pairs` (two letters), which holds `any` (two letters
    /// together), if the field holds its letters.
    fn of_field(&self, starts: Letters, pairs: StartPairs, any: Pairs) -> u32 {
        let later = |together: bool, letter: Letters| {
            if together {
                self.together
            } else if starts.holds(letter) {
                self.apart
            } else {
                self.apart_inside
            }
        };
        let Some((&(pair, second), rest)) = self.later.split_first() else {
            return if starts.holds(self.first) { self.first_start } else { self.first_inside };
        };
        let rest: u32 = rest.iter().map(|&(pair, letter)| later(pair.is_none_or(|p| any.may_hold(p)), letter)).sum();
        // Where the first letter has no bonus, any two may be together.
        let inside = self.first_inside + later(pair.is_none_or(|p| any.may_hold(p)), second) + rest;
        if starts.holds(self.first) {
            // The first two together with the first's bonus: where a word starts.
            inside.max(self.first_start + later(pair.is_none_or(|p| pairs.may_hold(p)), second) + rest)
        } else {
            inside
        }
    }
}

/// nucleo's strings saved as the text they hold (nucleo has no serde).
mod utf32_text {
    pub mod list {
        use nucleo_matcher::Utf32String;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(texts: &[Utf32String], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(texts.iter().map(|t| t.to_string()))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Utf32String>, D::Error> {
            Vec::<String>::deserialize(d).map(|texts| texts.iter().map(|t| super::super::utf32(t)).collect())
        }
    }
}

/// Indices into the string match its characters (nucleo's own conversion
/// would count graphemes, which are not what the highlights index).
fn utf32(folded: &str) -> Utf32String {
    if folded.is_ascii() {
        Utf32String::Ascii(folded.into())
    } else {
        Utf32String::Unicode(folded.chars().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::load_bundled;
    use crate::search::fixture;

    #[test]
    fn an_entry_holds_its_texts_places_not_texts_of_its_own() {
        // 100,000 notes: was 160 bytes with its texts and title in allocations of their own.
        assert_eq!(std::mem::size_of::<Entry>(), 112);
    }

    #[test]
    fn a_note_retitled_twice_is_found_by_its_last_title_with_highlights_on_it() {
        let mut c = fixture::collection();
        let mut finder = Finder::new(&c);
        for title in ["Ça déménage", "Quokkas again"] {
            c.notes[0].title = title.into();
            finder.update_notes(&c, &[0]);
        }
        let hits = finder.query("quokkas", 5);
        assert_eq!(titles(&c, &hits), ["Quokkas again"]);
        assert_eq!(hits[0].title_matches("Quokkas again"), [0, 1, 2, 3, 4, 5, 6]);
        assert!(finder.query("demenage", 5).is_empty());
        c.notes[0].title = "Ça déménage".into();
        finder.update_notes(&c, &[0]);
        // Highlights on the title as shown: `ç` is one character there, as in its folded form.
        assert_eq!(finder.query("demenage", 5)[0].title_matches("Ça déménage"), [3, 4, 5, 6, 7, 8, 9, 10]);
    }

    #[test]
    fn a_title_in_another_script_alone_is_held_in_characters() {
        let mut c = fixture::collection();
        c.notes[0].title = "日本語 talk".into();
        c.notes[0].speakers = vec!["Zoë Ångström".into()];
        let finder = Finder::new(&c);
        // The Latin title of the fixture folds to ASCII; this one does not.
        assert_eq!(finder.texts.unicode.len(), "日本語 talk".chars().count());
        let entry = &finder.notes[0];
        assert_eq!(finder.text(entry, TITLE), Utf32Str::Unicode(&"日本語 talk".chars().collect::<Vec<_>>()));
        assert_eq!(finder.text(entry, SPEAKERS), Utf32Str::Ascii(b"zoe angstrom"));
        assert_eq!(titles(&c, &finder.query("angstrom", 5)), ["日本語 talk"]);
        assert_eq!(titles(&c, &finder.query("日本", 5)), ["日本語 talk"]);
    }

    #[test]
    fn a_title_starting_with_the_word_ranks_above_titles_naming_it_further_on() {
        let mut c = fixture::collection();
        let newest_first: Vec<usize> = Finder::new(&c).query("", 10).iter().map(|h| h.note).collect();
        // The title that starts with the word is the oldest: timeline order alone puts it last.
        let named = ["Intro to Quokkas", "Scaling quokkas, fast", "Why Quokkas Matter", "Quokkas and friends"];
        for (&note, title) in newest_first.iter().zip(named) {
            c.notes[note].title = title.into();
            c.notes[note].topics.clear();
        }
        let finder = Finder::new(&c);
        for query in ["quokkas", "quokka", "quo", "'quokkas"] {
            assert_eq!(titles(&c, &finder.query(query, 10))[0], "Quokkas and friends", "{query}");
            // Asked for the best alone, the bounds must not pass it over.
            assert_eq!(titles(&c, &finder.query(query, 1)), ["Quokkas and friends"], "{query}");
        }
        // Other things equal only: the rest keep timeline order.
        assert_eq!(titles(&c, &finder.query("quokkas", 10))[1..4], named[..3]);
    }

    /// Adds a copy of the entry of `note` as the finder's last note.
    fn copy_entry(finder: &mut Finder, note: usize) {
        finder.notes.push(finder.notes[note].clone());
    }

    fn titles(c: &Collection, hits: &[FinderHit]) -> Vec<String> {
        hits.iter().map(|h| c.notes[h.note].title.clone()).collect()
    }

    #[test]
    fn an_updated_note_is_found_by_its_new_title_and_not_its_old_one() {
        let mut c = fixture::collection();
        let mut finder = Finder::new(&c);
        let old = c.notes[0].title.clone();
        c.notes[0].title = "Quokkas at scale".into();
        finder.update_notes(&c, &[0]);
        assert_eq!(titles(&c, &finder.query("quokkas", 10)), ["Quokkas at scale"]);
        // As a finder built anew answers, for the old title and the new.
        let fresh = Finder::new(&c);
        for query in [old.as_str(), "scale", ""] {
            assert_eq!(finder.query(query, 1000), fresh.query(query, 1000), "{query}");
        }
    }

    #[test]
    fn empty_pattern_lists_every_note_newest_event_first() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let hits = finder.query("  ", 100);
        assert_eq!(hits.len(), c.notes.len());
        let years: Vec<Option<i32>> = hits.iter().map(|h| c.event_of(h.note).year()).collect();
        assert_eq!(years, [Some(2024), Some(2022), Some(2019), Some(2019), None]);
        assert_eq!(finder.query("", 2).len(), 2);
    }

    #[test]
    fn speakers_match_without_case_or_accents() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        for pattern in ["Bonér", "boner", "BONER", "bonér"] {
            let hits = finder.query(pattern, 5);
            assert_eq!(titles(&c, &hits)[..1], ["Towards Stateful Serverless"], "{pattern}");
            assert_eq!(hits[0].field, MatchedField::Speaker);
            assert!(hits[0].folded_title_matches.is_empty());
        }
    }

    #[test]
    fn title_matches_are_preferred_and_highlighted_in_the_original_title() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        // "serverless" is a topic of two notes and the title of one.
        let hits = finder.query("serverless", 5);
        assert_eq!(titles(&c, &hits)[0], "Towards Stateful Serverless");
        assert_eq!(hits[0].field, MatchedField::Title);
        let title: Vec<char> = c.notes[hits[0].note].title.chars().collect();
        let highlighted: String =
            hits[0].title_matches(&c.notes[hits[0].note].title).iter().map(|&i| title[i]).collect();
        assert_eq!(highlighted, "Serverless");
    }

    #[test]
    fn highlights_index_characters_of_accented_titles() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let hits = finder.query("zurich", 5);
        assert_eq!(titles(&c, &hits)[0], "Straße nach Zürich");
        let title: Vec<char> = c.notes[hits[0].note].title.chars().collect();
        let shown = &c.notes[hits[0].note].title;
        let highlighted: String = hits[0].title_matches(shown).iter().map(|&i| title[i]).collect();
        assert_eq!(highlighted, "Zürich");
        let hits = finder.query("strasse", 5);
        let highlighted: String = hits[0].title_matches(shown).iter().map(|&i| title[i]).collect();
        assert_eq!(highlighted, "Straße");
    }

    #[test]
    fn every_word_must_match_some_field() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let hits = finder.query("boner barcelona", 5);
        assert_eq!(titles(&c, &hits)[0], "Towards Stateful Serverless");
        // Fuzzy: "boner" also matches "kuBecon eurOpe …" of the same event, far lower.
        assert!(hits.iter().skip(1).all(|h| h.score < hits[0].score), "{hits:?}");
        assert!(finder.query("klues barcelona", 5).is_empty());
        assert!(finder.query("qqqzzz", 5).is_empty());
    }

    #[test]
    fn excluded_words_remove_notes_matching_in_any_field() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let all = finder.query("serverless", 10).len();
        let without = finder.query("serverless !boner", 10);
        assert_eq!(without.len(), all - 1);
        assert!(titles(&c, &without).iter().all(|t| t != "Towards Stateful Serverless"));
    }

    #[test]
    fn topics_match_by_label_and_events_by_year_and_city() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let hits = finder.query("observability", 5);
        assert_eq!(titles(&c, &hits), ["eBPF everywhere"]);
        assert_eq!(hits[0].field, MatchedField::Topic);
        let hits = finder.query("2022", 5);
        assert_eq!(titles(&c, &hits), ["eBPF everywhere"]);
        assert_eq!(hits[0].field, MatchedField::Event);
        assert_eq!(finder.query("detroit", 5).len(), 1);
    }

    #[test]
    fn topics_match_by_their_aliases() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        // `o11y` and `monitoring` are aliases of Observability, `machine learning` of AI / ML.
        for (pattern, title) in [
            ("o11y", "eBPF everywhere"),
            ("monitoring", "eBPF everywhere"),
            ("machine learning", "CERN rediscovers the Higgs boson"),
        ] {
            let hits = finder.query(pattern, 5);
            assert_eq!(titles(&c, &hits).first().map(String::as_str), Some(title), "{pattern}");
            assert_eq!(hits[0].field, MatchedField::Topic, "{pattern}");
        }
    }

    #[test]
    fn limit_keeps_the_best() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let all = finder.query("e", 100);
        let top = finder.query("e", 2);
        assert_eq!(top, all[..2]);
        assert!(all.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(finder.query("e", 0).is_empty());
    }

    #[test]
    fn every_bundled_note_is_found_by_a_title_fragment() {
        let c = load_bundled();
        let finder = Finder::new(&c);
        for (i, note) in c.notes.iter().enumerate() {
            let words: Vec<&str> = note.title.split_whitespace().collect();
            let fragment = words[..words.len().min(3)].join(" ");
            let hits = finder.query(&fragment, 10);
            assert!(hits.iter().any(|h| h.note == i), "{fragment:?} should find {}", note.id);
        }
    }

    #[test]
    fn bundled_notes_are_found_by_speaker_surname_and_topic() {
        let c = load_bundled();
        let finder = Finder::new(&c);
        let find = |pattern: &str| titles(&c, &finder.query(pattern, 5));
        for pattern in ["Bonér", "boner"] {
            assert_eq!(find(pattern)[0], "Towards Stateful Serverless", "{pattern}");
        }
        assert!(find("Klues")[0].contains("GPUs"), "{:?}", find("Klues"));
        for (i, note) in c.notes.iter().enumerate() {
            for speaker in &note.speakers {
                let surname = speaker.split(" (").next().and_then(|n| n.split_whitespace().last()).unwrap_or(speaker);
                let hits = finder.query(surname, 50);
                assert!(hits.iter().any(|h| h.note == i), "{surname:?} should find {}", note.id);
            }
            for topic in &note.topics {
                let hits = finder.query(c.vocabulary.label(topic), c.notes.len());
                assert!(hits.iter().any(|h| h.note == i), "topic {topic:?} should find {}", note.id);
            }
        }
    }

    /// The hits of each query typed in turn through one [`Narrowing`], as
    /// the finder view types them, against a query from scratch.
    fn assert_typing_matches_full_queries(finder: &Finder, typed: &[&str]) {
        assert!(typed.iter().filter(|q| !finder.query(q, 1).is_empty()).count() > typed.len() / 2);
        let mut last = Narrowing::default();
        for query in typed {
            let full = finder.query(query, usize::MAX);
            assert_eq!(finder.query_narrowing(query, usize::MAX, &mut last), full, "{query:?} after typing");
            assert_eq!(finder.query_narrowing(query, 3, &mut Narrowing::default()), full[..full.len().min(3)]);
        }
    }

    #[test]
    fn typing_gives_the_hits_of_each_query_asked_anew() {
        let c = fixture::collection();
        let finder = Finder::new(&c);
        let typing = |text: &str| -> Vec<String> { (1..=text.len()).map(|n| text[..n].to_string()).collect() };
        let mut typed: Vec<String> = typing("serverless boner");
        // Backspace, then a query that is not an extension, then kinds changing.
        typed.extend(
            ["serverless bo", "serverles", "se", "e", "zurich", "zur", "ebpf", "'ebp", "'ebpf", "^ebpf", "ebpf$"]
                .map(String::from),
        );
        typed.extend(typing("serverless !bo").into_iter().chain(typing("serverless !boner")));
        typed.extend(
            ["serverless !bon", "serverless", "o11", "o11y", "obs", "obse", "^e", "^eb", "f$", "pf$", "", "s"]
                .map(String::from),
        );
        let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
        assert_typing_matches_full_queries(&finder, &typed);
    }

    #[test]
    fn typing_each_bundled_title_gives_the_hits_of_each_query_asked_anew() {
        let c = load_bundled();
        let finder = Finder::new(&c);
        for note in c.notes.iter().take(12) {
            let title = fold(&note.title);
            let mut typed: Vec<&str> = title.char_indices().skip(1).map(|(i, _)| &title[..i]).collect();
            typed.push(&title);
            let back: Vec<&str> = typed.iter().rev().copied().collect();
            typed.extend(back);
            assert_typing_matches_full_queries(&finder, &typed);
        }
    }

    #[test]
    fn a_query_narrows_the_last_only_when_it_can_match_no_other_note() {
        let atoms = |q: &str| Pattern::parse(q, CaseMatching::Respect, Normalization::Never).atoms;
        for (before, now) in [
            ("obs", "obse"),
            ("obs", "obs "),
            ("obs", "obs k"),
            ("obs k", "obs ku"),
            ("o11", "xo11y"),
            ("'obs", "'obse"),
            ("^ob", "^obs"),
            ("bs$", "obs$"),
            ("!kube", "!kube obs"),
        ] {
            assert!(narrows(&atoms(before), &atoms(now)), "{before:?} then {now:?}");
        }
        for (before, now) in [
            ("obse", "obs"),
            ("obs", "obx"),
            ("obs$", "obs"),
            ("'obs", "obs"),
            ("^ob", "x^ob"),
            ("obs k", "obs"),
            ("!ku", "!kub"),
            ("obs !ku", "obs"),
        ] {
            assert!(!narrows(&atoms(before), &atoms(now)), "{before:?} then {now:?}");
        }
    }

    #[test]
    fn a_narrowing_taken_before_a_note_changed_is_not_used() {
        let mut c = fixture::collection();
        let mut finder = Finder::new(&c);
        let mut last = Narrowing::default();
        assert!(finder.query_narrowing("quokk", 10, &mut last).is_empty());
        c.notes[0].title = "Quokkas at scale".into();
        finder.update_notes(&c, &[0]);
        assert_eq!(titles(&c, &finder.query_narrowing("quokka", 10, &mut last)), ["Quokkas at scale"]);
        // A finder built anew (or loaded) is other contents too.
        let mut last = Narrowing::default();
        assert!(Finder::new(&fixture::collection()).query_narrowing("quokk", 10, &mut last).is_empty());
        assert_eq!(titles(&c, &finder.query_narrowing("quokka", 10, &mut last)), ["Quokkas at scale"]);
    }

    #[test]
    fn many_notes_scored_on_threads_give_what_one_thread_gives() {
        let c = fixture::collection();
        let mut finder = Finder::new(&c);
        let n = finder.notes.len();
        for copy in n..2 * PARALLEL_FROM + 5 {
            copy_entry(&mut finder, copy % n);
        }
        finder.rank = (0..u32::try_from(finder.notes.len()).expect("few")).collect();
        finder.timeline = (0..finder.notes.len()).collect();
        for query in ["e", "serverless", "boner barcelona", "serverless !boner", "o11y"] {
            let hits = finder.query(query, usize::MAX);
            let one_thread: Vec<(u32, usize)> =
                every_note_scored(&finder, query, usize::MAX).iter().map(|h| (h.score, h.note)).collect();
            let got: Vec<(u32, usize)> = hits.iter().map(|h| (h.score, h.note)).collect();
            assert_eq!(got, one_thread, "{query}");
        }
    }

    /// Titles where a letter's bonus is easy to get wrong: digits after
    /// letters, punctuation, accents folded and not, one-letter titles.
    const AWKWARD_TITLES: [&str; 12] = [
        "k8s at scale: v2 of the API",
        "C++/Rust interop, 2024-05 (part 3)",
        "x_y and a|b; c,d",
        "Ünïcode ïn Örsted's ŧalk",
        "日本語 and k",
        "q",
        "7",
        "Quokkas quietly queue",
        "ALL CAPS TITLE",
        "a-b-c d.e.f",
        "émigré café crème",
        "no starts here: xq",
    ];

    /// The bundled notes, some retitled with [`AWKWARD_TITLES`], repeated
    /// `copies` times, ranked in note order.
    fn many_notes(copies: usize) -> Finder {
        let mut c = load_bundled();
        for (note, title) in c.notes.iter_mut().zip(AWKWARD_TITLES) {
            note.title = title.into();
        }
        let mut finder = Finder::new(&c);
        let n = finder.notes.len();
        for copy in n..n * copies {
            copy_entry(&mut finder, copy % n);
        }
        finder.rank = (0..u32::try_from(finder.notes.len()).expect("few")).collect();
        finder.timeline = (0..finder.notes.len()).collect();
        finder
    }

    /// The same finder, but knowing no field's letters: every field is scored.
    fn blind(finder: &Finder) -> Finder {
        let every = Letters::of("abcdefghijklmnopqrstuvwxyz0123456789");
        let mut blind = finder.clone();
        for entry in &mut blind.notes {
            (entry.title_letters, entry.title_starts, entry.title_pairs) = (every, every, StartPairs::every());
            (entry.other_letters, entry.other_starts, entry.other_pairs) = (every, every, StartPairs::every());
            (entry.title_any_pairs, entry.other_any_pairs) = (Pairs::every(), Pairs::every());
        }
        blind
    }

    /// The best `limit` hits for `query` with every note scored on one thread.
    fn every_note_scored(finder: &Finder, query: &str, limit: usize) -> Vec<FinderHit> {
        let finder = blind(finder);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let pattern = Pattern::parse(&fold(query), CaseMatching::Respect, Normalization::Never);
        let terms: Vec<Term> =
            pattern.atoms.into_iter().map(|atom| Term::new(atom, &finder.events, &mut matcher)).collect();
        let mut all: Vec<(u32, usize)> = (0..finder.notes.len())
            .filter_map(|note| finder.score(note, &terms, &mut matcher).map(|(score, _)| (score, note)))
            .collect();
        all.sort_by_key(|&(score, note)| (Reverse(score), finder.rank[note]));
        all.truncate(limit);
        all.into_iter().map(|(score, note)| finder.hit(note, score, &terms, &mut matcher)).collect()
    }

    /// Every letter and digit, and words of a few letters typed after them.
    fn words() -> Vec<String> {
        let mut words: Vec<String> = ('a'..='z').chain('0'..='9').map(String::from).collect();
        words.extend(["cl", "se", "ser", "k8", "o11", "zur", "bo", "en", "c+", "qu", "ty", "2-"].map(String::from));
        words
    }

    fn term(finder: &Finder, word: &str, matcher: &mut Matcher) -> Term {
        let atom = Pattern::parse(word, CaseMatching::Respect, Normalization::Never).atoms[0].clone();
        Term::new(atom, &finder.events, matcher)
    }

    #[test]
    fn one_word_scores_few_notes_and_gives_what_scoring_every_note_gives() {
        let finder = many_notes(40);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut scored_few = 0;
        for word in words() {
            for limit in [1, 5, 60, 1000] {
                assert_eq!(finder.query(&word, limit), every_note_scored(&finder, &word, limit), "{word} {limit}");
            }
            let term = term(&finder, &word, &mut matcher);
            let bounds = term.bounds.as_ref().expect("a word matched anywhere");
            let every = vec![true; finder.len()];
            if finder.best_by_bounds(&term, bounds, 5, &mut every.clone()).0.len() < finder.holding(&term).count() / 4 {
                scored_few += 1;
            }
            // The next letter or word typed narrows from what this one matched.
            let mut last = Narrowing::default();
            finder.query_narrowing(&word, 5, &mut last);
            for more in [format!("{word}e"), format!("{word} k")] {
                assert_eq!(finder.query_narrowing(&more, usize::MAX, &mut last), finder.query(&more, usize::MAX));
            }
        }
        // Most words' letters are held by many notes, and few are scored.
        assert!(scored_few > 20, "{scored_few}");
    }

    #[test]
    fn a_word_scores_no_more_than_its_bounds_where_words_start_and_elsewhere() {
        let finder = many_notes(1);
        let mut matcher = Matcher::new(Config::DEFAULT);
        for word in words() {
            let term = term(&finder, &word, &mut matcher);
            let bounds = term.bounds.as_ref().expect("a word matched anywhere");
            assert!(bounds.inside() < bounds.start(), "{word}");
            for entry in &finder.notes {
                let mut score = |text: Utf32Str<'_>| term.atom.score(text, &mut matcher).map(u32::from);
                let bound = |letters: Letters, starts: Letters, pairs: StartPairs, any: Pairs| {
                    assert!(letters.holds(starts));
                    if !letters.holds(term.needs) {
                        0
                    } else {
                        bounds.of_field(starts, pairs, any)
                    }
                };
                let title = score(finder.text(entry, TITLE)).unwrap_or(0);
                let most = bound(entry.title_letters, entry.title_starts, entry.title_pairs, entry.title_any_pairs);
                assert!(title <= most, "{word} in {:?}", finder.text(entry, TITLE));
                for other in [finder.text(entry, SPEAKERS), finder.text(entry, TOPICS), finder.text(entry, ALIASES)] {
                    let most = bound(entry.other_letters, entry.other_starts, entry.other_pairs, entry.other_any_pairs);
                    assert!(score(other).unwrap_or(0) <= most, "{word} in {other:?}");
                }
            }
            for event in &finder.events {
                assert!(term.atom.score(event.slice(..), &mut matcher).is_none_or(|s| u32::from(s) <= bounds.start()));
            }
        }
    }

    /// Every text of up to seven characters made of two letters, a digit,
    /// a space, a delimiter and punctuation: where a word's bonuses, gaps
    /// and runs meet in every way a short text allows.
    fn every_short_text() -> Vec<String> {
        let alphabet = ['a', 'b', '1', ' ', '-', ','];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..7 {
            last = last.iter().flat_map(|t| alphabet.iter().map(move |&c| format!("{t}{c}"))).collect();
            texts.extend(last.iter().cloned());
        }
        texts
    }

    #[test]
    fn a_word_scores_no_more_than_its_bounds_in_any_short_text() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let words =
            ["a", "1", "ab", "ba", "aa", "a1", "1a", "abb", "aba", "ab1", "a-b", "-a", "aab", "a1b", "bab", "abab"];
        let bounds: Vec<(Atom, WordBounds)> = words
            .iter()
            .map(|word| {
                let atom = Atom::new(word, CaseMatching::Respect, Normalization::Never, AtomKind::Fuzzy, false);
                (atom, WordBounds::of(word, &mut matcher).expect("a word"))
            })
            .collect();
        for (word, (atom, bounds)) in words.iter().zip(&bounds) {
            let whole = atom.score(utf32(&format!(" {word}")).slice(..), &mut matcher).map(u32::from);
            // Each letter scores its most after a space (punctuation, less).
            if word.chars().all(|c| c.is_ascii_alphanumeric()) {
                assert_eq!(whole, Some(bounds.start()), "{word:?} after a space");
            }
            assert!(whole.is_some_and(|whole| whole <= bounds.start()), "{word:?} after a space");
        }
        for text in every_short_text() {
            let (starts, pairs, any) = (Letters::word_starts(&text), StartPairs::of(&text), Pairs::of(&text));
            for (word, (atom, bounds)) in words.iter().zip(&bounds) {
                let Some(score) = atom.score(utf32(&text).slice(..), &mut matcher).map(u32::from) else { continue };
                let most = bounds.of_field(starts, pairs, any);
                assert!(score <= most, "{word:?} scores {score} in {text:?}, over {most}");
            }
        }
        // Words of two letters or more have bounds below the start's where
        // the first two do not start a word together.
        for (word, (_, bounds)) in words.iter().zip(&bounds).filter(|(w, _)| w.len() > 1 && !w.contains('-')) {
            let (none, every) = (Letters::default(), Letters::of("ab1"));
            let (apart, together) = (StartPairs::default(), StartPairs::of(word));
            let field = |starts, pairs, any| bounds.of_field(starts, pairs, any);
            assert_eq!(field(every, together, Pairs::of(word)), bounds.start(), "{word}");
            assert!(field(every, apart, Pairs::default()) < bounds.start(), "{word}");
            assert!(field(none, apart, Pairs::default()) < bounds.inside(), "{word}");
        }
    }

    #[test]
    fn titles_with_a_words_letters_apart_are_scored_after_those_with_them_together() {
        // Many titles start a word with `o` and one with `b`, later in the
        // timeline than the few that start one with `ob`; many hold `cl`
        // at a word's start but never `lu`, the few others `clu`.
        for (word, together, apart) in
            [("ob", "Observing it all", "Of the build"), ("clu", "Clusters at scale", "Cloud native")]
        {
            let mut c = fixture::collection();
            for (i, note) in c.notes.iter_mut().enumerate() {
                note.title = if i == 0 { together } else { apart }.into();
                note.speakers.clear();
                note.topics.clear();
            }
            let mut finder = Finder::new(&c);
            let n = finder.notes.len();
            for copy in n..n * 200 {
                copy_entry(&mut finder, copy % n);
            }
            let count = finder.notes.len();
            finder.timeline = (0..count).rev().collect();
            finder.rank = (0..count).rev().map(|r| u32::try_from(r).expect("few")).collect();
            for limit in [1, 5, 150] {
                assert_eq!(finder.query(word, limit), every_note_scored(&finder, word, limit), "{word} {limit}");
            }
            let mut matcher = Matcher::new(Config::DEFAULT);
            let term = term(&finder, word, &mut matcher);
            let bounds = term.bounds.as_ref().expect("a word matched anywhere");
            let mut possible = vec![true; count];
            let (scored, _) = finder.best_by_bounds(&term, bounds, 150, &mut possible);
            let held: Vec<usize> = (0..count).filter(|&note| possible[note]).collect();
            assert_eq!(held, finder.holding(&term).collect::<Vec<_>>(), "{word}");
            assert!(scored.len() < count / 2, "{word}: {} of {count} scored", scored.len());
        }
    }

    #[test]
    fn a_note_scoring_below_its_bound_keeps_out_no_earlier_note_of_the_same_score() {
        let mut c = fixture::collection();
        // A letter after another script's character counts as a word's start
        // (the bound), where nucleo gives no bonus: the title scores less
        // than the speaker's name, as much as the other note's.
        c.notes[0].title = "日本語q".into();
        c.notes[0].speakers = vec!["Qi".into()];
        c.notes[1].title = "Neither here nor there".into();
        c.notes[1].speakers = vec!["Quinn".into()];
        let mut finder = Finder::new(&c);
        finder.timeline = [1, 0].into_iter().chain(2..c.notes.len()).collect();
        for (position, &note) in finder.timeline.iter().enumerate() {
            finder.rank[note] = u32::try_from(position).expect("few");
        }
        let one: Vec<usize> = (0..c.notes.len()).collect();
        let mut matcher = Matcher::new(Config::DEFAULT);
        let term = term(&finder, "q", &mut matcher);
        assert_eq!(finder.holding(&term).collect::<Vec<_>>(), one[..2]);
        let notes = |limit| finder.query("q", limit).iter().map(|h| (h.note, h.score)).collect::<Vec<_>>();
        let speaker = u32::from(term.atom.score(utf32("qi").slice(..), &mut matcher).expect("matches"));
        assert_eq!(notes(1), [(1, speaker)]);
        assert_eq!(notes(2), [(1, speaker), (0, speaker)]);
    }

    #[test]
    fn fields_lacking_a_words_letters_are_passed_over_with_the_same_hits() {
        let finder = many_notes(1);
        let blind = blind(&finder);
        for query in [
            "kubernetes",
            "k8s",
            "serverless !boner",
            "!e",
            "^k8",
            "scale$",
            "'api",
            "2024",
            "o11y",
            "zurich",
            "qq",
            "cafe creme",
            "x y",
            "日本",
            "c++",
        ] {
            assert_eq!(finder.query(query, usize::MAX), blind.query(query, usize::MAX), "{query}");
        }
    }

    #[test]
    fn finder_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Finder>();
    }
}
