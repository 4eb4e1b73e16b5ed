//! Text similarity between notes, for notes nobody tagged: TF-IDF cosine
//! over the words of each note's title, headings and body, stop words of
//! several languages removed.
//!
//! Built to scale: each note keeps only its [`TOP_TERMS`] most telling
//! terms (a sparse vector), an inverted index from term to notes proposes
//! candidates, and only notes sharing a rare term are compared. Work is
//! spread over the machine's cores. Similarity stands in for missing
//! topics, so only pairs where at least one note has no `topics` are
//! compared: notes that both carry topics are related by them alone.

use super::model::{Collection, Note};
use super::parallel::worker_count;
use super::words::{for_each_word, is_stop_word, WordMap};

/// Terms kept per note.
pub const TOP_TERMS: usize = 24;
/// Cosine from which two notes count as similar.
pub const MIN_SIMILARITY: f32 = 0.15;
/// Shared terms two similar notes need at least: one word in common is chance.
const MIN_SHARED_TERMS: usize = 2;
/// Similar notes kept per note, best first (before pairs are made mutual).
const MAX_SIMILAR: usize = 8;
/// A word in the title or a heading counts this many times.
const HEADING_COUNT: u32 = 2;

/// Term vectors of a collection's notes and the similar pairs among them.
#[derive(Debug, Clone, Default)]
pub struct Similarity {
    /// Per note: `(term, weight)` of its top terms, sorted by term, unit length.
    vectors: Vec<Vec<(u64, f32)>>,
    /// Term → the word as first written (lower case), for explaining a pair.
    words: WordMap<Box<str>>,
    /// Per note: similar notes and their cosine, best first.
    similar: Vec<Vec<(usize, f32)>>,
}

/// A note's distinct words: term, times seen, and where it was first
/// written ([`Place`]). Kept small: a collection has millions of them.
type Counts = Vec<(u64, u32, Place)>;

/// Where a word starts: a byte offset into the body, or into the title
/// when [`IN_TITLE`] is set.
type Place = u32;
const IN_TITLE: Place = 1 << 31;

impl Similarity {
    pub fn build(c: &Collection) -> Self {
        let notes = &c.notes;
        let count = notes.len();
        if !notes.iter().any(untagged) {
            return Self { similar: vec![Vec::new(); count], ..Self::default() };
        }
        // The words of an event's name (and series) are in all its notes and
        // in every edition's: they would make a series' notes all alike.
        let event_words: Vec<WordMap<()>> = c
            .events
            .iter()
            .map(|e| {
                let mut set = WordMap::default();
                for text in std::iter::once(&e.name).chain(&e.series).chain(&e.city) {
                    for_each_word(text, |w| {
                        set.insert(w.hash, ());
                    });
                }
                set
            })
            .collect();
        let no_words = WordMap::default();
        let counts: Vec<Counts> = par_map(notes, WordMap::default, |scratch, _, note| {
            word_counts(note, event_words.get(note.event).unwrap_or(&no_words), scratch)
        });
        let idf = inverse_frequencies(&counts);
        let terms: Vec<Vec<(u64, f32, Place)>> = par_map(&counts, || (), |_, _, words| top_terms(words, &idf, count));
        drop(counts);
        let mut words: WordMap<Box<str>> = WordMap::default();
        let mut postings: WordMap<Posting> = WordMap::default();
        for (i, list) in terms.iter().enumerate() {
            for &(term, weight, place) in list {
                words.entry(term).or_insert_with(|| written(&notes[i], place).to_lowercase().into_boxed_str());
                let posting = postings.entry(term).or_default();
                posting.notes.push((i as u32, weight));
                posting.max_weight = posting.max_weight.max(weight);
            }
        }
        let vectors: Vec<Vec<(u64, f32)>> =
            terms.into_iter().map(|list| list.into_iter().map(|(t, w, _)| (t, w)).collect()).collect();
        // Terms carried by more notes than this are too common to propose candidates.
        let rare = (count / 40).max(32);
        let found: Vec<Vec<(usize, f32)>> = par_map(
            notes,
            || Scores::new(count),
            |scores, i, note| {
                if untagged(note) {
                    similar_to(i, &vectors, &postings, rare, notes, scores)
                } else {
                    Vec::new()
                }
            },
        );
        // Make every pair mutual: a tagged note learns of the untagged notes like it.
        let mut similar = found.clone();
        for (i, list) in found.iter().enumerate() {
            for &(j, s) in list {
                if !similar[j].iter().any(|&(k, _)| k == i) {
                    similar[j].push((i, s));
                }
            }
        }
        for list in &mut similar {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        Self { vectors, words, similar }
    }

    /// Notes similar to `note`, with their cosine, most similar first.
    pub fn similar(&self, note: usize) -> &[(usize, f32)] {
        self.similar.get(note).map_or(&[], Vec::as_slice)
    }

    /// Up to `n` terms both notes are about, the ones that weigh most in
    /// their similarity first: `wasm, runtime, sandbox`.
    pub fn shared_terms(&self, a: usize, b: usize, n: usize) -> Vec<String> {
        let (Some(va), Some(vb)) = (self.vectors.get(a), self.vectors.get(b)) else {
            return Vec::new();
        };
        let mut shared: Vec<(f32, &str)> = Vec::new();
        merge(va, vb, |term, wa, wb| {
            shared.push((wa * wb, self.words.get(&term).map_or("", |w| &**w)));
        });
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
        shared.into_iter().take(n).map(|(_, w)| w.to_string()).collect()
    }
}

fn untagged(note: &Note) -> bool {
    note.topics.is_empty()
}

/// The words of a note's title, headings and body, with their counts; stop
/// words and the words of the event's name left out. Heading and title
/// words count double.
fn word_counts(note: &Note, event_words: &WordMap<()>, counts: &mut WordMap<(u32, Place)>) -> Counts {
    counts.clear();
    let offset = |text: &str, within: &str| (text.as_ptr() as usize - within.as_ptr() as usize) as Place;
    for_each_word(&note.title, |w| {
        counts.entry(w.hash).or_insert((0, offset(w.text, &note.title) | IN_TITLE)).0 += HEADING_COUNT;
    });
    for_each_word(&note.body, |w| {
        let times = if w.heading { HEADING_COUNT } else { 1 };
        counts.entry(w.hash).or_insert((0, offset(w.text, &note.body) & !IN_TITLE)).0 += times;
    });
    // Filtered once per distinct word rather than once per occurrence.
    counts
        .drain()
        .filter(|(hash, _)| !is_stop_word(*hash) && !event_words.contains_key(hash))
        .map(|(hash, (n, place))| (hash, n, place))
        .collect()
}

/// The word written at `place` in the note.
fn written(note: &Note, place: Place) -> &str {
    let (text, at) = if place & IN_TITLE != 0 { (&note.title, place & !IN_TITLE) } else { (&note.body, place) };
    let rest = text.get(at as usize..).unwrap_or_default();
    rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default()
}

/// Each term's inverse document frequency, `ln(1 + notes / df)`, for the
/// terms in two notes or more. Each core counts a share of the notes.
fn inverse_frequencies(counts: &[Counts]) -> WordMap<f32> {
    let notes = counts.len() as f32;
    let threads = worker_count(counts.len());
    let count = |chunk: &[Counts]| {
        let mut df: WordMap<u32> = WordMap::default();
        for words in chunk {
            for &(term, _, _) in words {
                *df.entry(term).or_insert(0) += 1;
            }
        }
        df
    };
    let mut parts: Vec<WordMap<u32>> = if threads <= 1 {
        vec![count(counts)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> =
                counts.chunks(counts.len().div_ceil(threads)).map(|chunk| scope.spawn(move || count(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("counting words does not panic")).collect()
        })
    };
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut df = parts.swap_remove(0);
    for part in parts {
        for (term, n) in part {
            *df.entry(term).or_insert(0) += n;
        }
    }
    df.into_iter().filter(|&(_, n)| n >= 2).map(|(t, n)| (t, (1.0 + notes / n as f32).ln())).collect()
}

/// A note's [`TOP_TERMS`] heaviest terms by TF-IDF, sorted by term. Terms
/// in no other note cannot make it similar to any, so they are not kept,
/// but they count in the vector's length: cosines are those of the whole
/// vectors, and a note that is mostly about other things is not made
/// similar by the few common words it has left.
fn top_terms(words: &Counts, idf: &WordMap<f32>, notes: usize) -> Vec<(u64, f32, Place)> {
    // Terms of this note alone: df is 1.
    let unique_idf = (1.0 + notes as f32).ln();
    let tf_weight = |tf: u32| if tf == 1 { 1.0 } else { 1.0 + (tf as f32).ln() };
    let mut norm = 0.0f32;
    let mut weighted: Vec<(u64, f32, Place)> = Vec::with_capacity(words.len());
    for &(term, tf, place) in words {
        let (idf, shared) = match idf.get(&term) {
            Some(&idf) => (idf, true),
            None => (unique_idf, false),
        };
        let weight = tf_weight(tf) * idf;
        norm += weight * weight;
        if shared {
            weighted.push((term, weight, place));
        }
    }
    if weighted.len() > TOP_TERMS {
        weighted.select_nth_unstable_by(TOP_TERMS - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(TOP_TERMS);
    }
    let norm = norm.sqrt();
    if norm > 0.0 {
        weighted.iter_mut().for_each(|(_, w, _)| *w /= norm);
    }
    weighted.sort_unstable_by_key(|&(term, _, _)| term);
    weighted
}

/// Calls `f` for each term two sorted vectors share, with both weights.
fn merge(a: &[(u64, f32)], b: &[(u64, f32)], mut f: impl FnMut(u64, f32, f32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(a[i].0, a[i].1, b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
}

/// The notes carrying a term among their top terms, with its weight there.
#[derive(Debug, Default)]
struct Posting {
    notes: Vec<(u32, f32)>,
    max_weight: f32,
}

/// A worker's scratch space for scoring candidates: one slot per note.
struct Scores {
    /// Dot product over the rare terms shared so far.
    partial: Vec<f32>,
    /// How many rare terms are shared so far.
    shared: Vec<u16>,
    touched: Vec<u32>,
}

impl Scores {
    fn new(notes: usize) -> Self {
        Self { partial: vec![0.0; notes], shared: vec![0; notes], touched: Vec::new() }
    }
}

/// The notes most similar to note `i`. Candidates share one of its rare
/// terms; their dot product over the rare terms is accumulated from the
/// postings, and the common terms can add at most `bound` (each term's
/// weight here times its greatest weight anywhere). Only candidates that
/// could reach [`MIN_SIMILARITY`] that way are compared in full.
fn similar_to(
    i: usize,
    vectors: &[Vec<(u64, f32)>],
    postings: &WordMap<Posting>,
    rare: usize,
    notes: &[Note],
    scores: &mut Scores,
) -> Vec<(usize, f32)> {
    let mut bound = 0.0f32;
    for &(term, weight) in &vectors[i] {
        let Some(posting) = postings.get(&term) else { continue };
        if posting.notes.len() > rare {
            bound += weight * posting.max_weight;
            continue;
        }
        for &(j, other) in &posting.notes {
            let slot = j as usize;
            if slot == i {
                continue;
            }
            if scores.shared[slot] == 0 {
                scores.touched.push(j);
            }
            scores.partial[slot] += weight * other;
            scores.shared[slot] = scores.shared[slot].saturating_add(1);
        }
    }
    let mut found: Vec<(usize, f32)> = Vec::new();
    for j in scores.touched.drain(..) {
        let slot = j as usize;
        let (partial, shared) = (scores.partial[slot], scores.shared[slot]);
        scores.partial[slot] = 0.0;
        scores.shared[slot] = 0;
        // Notes of one event share its vocabulary (its venue, its
        // organisers): similarity is for threads between events.
        if partial + bound < MIN_SIMILARITY || notes[slot].event == notes[i].event {
            continue;
        }
        let (dot, shared) = if bound == 0.0 {
            (partial, usize::from(shared))
        } else {
            let (mut dot, mut shared) = (0.0, 0);
            merge(&vectors[i], &vectors[slot], |_, a, b| {
                dot += a * b;
                shared += 1;
            });
            (dot, shared)
        };
        if shared >= MIN_SHARED_TERMS && dot >= MIN_SIMILARITY {
            found.push((slot, dot));
        }
    }
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found.truncate(MAX_SIMILAR);
    found
}

/// `f` over every item, on all cores when there are many; results in
/// order. Each worker gets its own scratch value from `scratch`.
fn par_map<'a, T: Sync, S, R: Send>(
    items: &'a [T],
    scratch: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize, &'a T) -> R + Sync,
) -> Vec<R> {
    let threads = worker_count(items.len());
    if threads <= 1 {
        let mut s = scratch();
        return items.iter().enumerate().map(|(i, item)| f(&mut s, i, item)).collect();
    }
    let size = items.len().div_ceil(threads);
    let (f, scratch) = (&f, &scratch);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(size)
            .enumerate()
            .map(|(k, chunk)| {
                scope.spawn(move || {
                    let mut s = scratch();
                    chunk.iter().enumerate().map(|(i, item)| f(&mut s, k * size + i, item)).collect::<Vec<R>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a worker does not panic")).collect()
    })
}
