//! The collection's terms: the words every worker met numbered once, the
//! phrases on two notes or more after them, how many notes use each, and
//! the word a reader knows each stem by.

use std::collections::HashMap;

use super::super::words::WordMap;
use super::reading::{comes_back, phrase_key, Counted, Reading};
use super::Term;

/// The collection's terms: the words every worker met, numbered once, and
/// the phrases on two notes or more after them; how many notes use each.
pub(super) struct Lexicon {
    /// The first note of each reading, in order: which map a note needs.
    pub(super) readers: Vec<usize>,
    /// Per reading: its word ids → the collection's.
    pub(super) remap: Vec<Vec<u32>>,
    pub(super) words: Vec<Box<str>>,
    pub(super) phrases: Vec<(Term, Term)>,
    /// Per phrase number (see `note_phrases`): its term, or [`NO_TERM`].
    pub(super) phrase_terms: Vec<Term>,
    /// Per note: the number of each of its phrases (in the order of
    /// [`Counted::phrases`]), for `phrase_terms`.
    pub(super) note_phrases: Vec<Vec<u32>>,
    /// Per term: how many notes use it.
    pub(super) df: Vec<u32>,
    /// Per word term: how many notes come back to it (see [`comes_back`]).
    pub(super) repeated: Vec<u32>,
}

impl Lexicon {
    /// `readings` sorted by their first note, so that words are numbered
    /// (and shown, on a tie, as first seen) the same way every time.
    pub(super) fn build(readings: &[Reading], counted: &[Counted]) -> Self {
        let mut ids: WordMap<u32> = WordMap::default();
        let remap: Vec<Vec<u32>> = readings
            .iter()
            .map(|r| {
                let number = |stem: &u64| {
                    let next = ids.len() as u32;
                    *ids.entry(*stem).or_insert(next)
                };
                r.lexicon.iter().map(number).collect::<Vec<u32>>()
            })
            .collect();
        let words = commonest_words(readings, &remap, ids.len());
        let mut lexicon = Self {
            readers: readings.iter().map(|r| r.first).collect(),
            remap,
            words,
            phrases: Vec::new(),
            phrase_terms: Vec::new(),
            note_phrases: Vec::with_capacity(counted.len()),
            df: Vec::new(),
            repeated: Vec::new(),
        };
        let mut df = vec![0u32; lexicon.words.len()];
        let mut repeated = vec![0u32; lexicon.words.len()];
        // Each distinct phrase numbered as met, so that weighing finds a
        // note's phrases' terms by number instead of looking each up again.
        let mut numbers: WordMap<u32> = WordMap::default();
        let mut met: Vec<(u64, u32)> = Vec::new();
        for note in counted {
            let map = lexicon.map_of(note.reader);
            for &(w, tf) in &note.words {
                let term = map[w as usize] as usize;
                df[term] += 1;
                repeated[term] += u32::from(comes_back(tf, || note.named.binary_search(&u64::from(w)).is_ok()));
            }
            let numbered = note
                .phrases
                .iter()
                .map(|&(p, _)| {
                    let key = remap_phrase(map, p);
                    let number = *numbers.entry(key).or_insert_with(|| {
                        met.push((key, 0));
                        (met.len() - 1) as u32
                    });
                    met[number as usize].1 += 1;
                    number
                })
                .collect();
            lexicon.note_phrases.push(numbered);
        }
        // A phrase of one note relates it to none: only the others are terms.
        let mut shared: Vec<(u64, u32, u32)> =
            met.iter().enumerate().filter(|(_, &(_, n))| n >= 2).map(|(at, &(key, n))| (key, n, at as u32)).collect();
        shared.sort_unstable();
        lexicon.phrase_terms = vec![NO_TERM; met.len()];
        for (key, n, number) in shared {
            let term = (lexicon.words.len() + lexicon.phrases.len()) as Term;
            lexicon.phrase_terms[number as usize] = term;
            lexicon.phrases.push(((key >> 32) as Term, key as u32));
            df.push(n);
        }
        lexicon.df = df;
        lexicon.repeated = repeated;
        lexicon
    }

    /// The map of word ids of the reading whose first note is `first`.
    pub(super) fn map_of(&self, first: usize) -> &[u32] {
        let at = self.readers.binary_search(&first).unwrap_or(0);
        self.remap.get(at).map_or(&[], Vec::as_slice)
    }
}

/// Per stem of the collection: the word it is most often read as (the
/// first seen on a tie), how a reader knows it: `deploy` rather than
/// `deploys`, `scikit learn` rather than `scikit learning`.
fn commonest_words(readings: &[Reading], remap: &[Vec<u32>], stems: usize) -> Vec<Box<str>> {
    let mut counts: HashMap<(u32, &str), u32> = HashMap::new();
    let mut order: Vec<(u32, &str)> = Vec::new();
    for (reading, map) in readings.iter().zip(remap) {
        for (id, n, word) in &reading.surfaces {
            let key = (map[*id as usize], &**word);
            let count = counts.entry(key).or_insert_with(|| {
                order.push(key);
                0
            });
            *count += n;
        }
    }
    let mut best: Vec<Option<(u32, &str)>> = vec![None; stems];
    for key in order {
        let n = counts[&key];
        let slot = &mut best[key.0 as usize];
        if slot.is_none_or(|(m, _)| n > m) {
            *slot = Some((n, key.1));
        }
    }
    best.into_iter().map(|b| b.map_or("", |(_, w)| w).into()).collect()
}

/// A phrase met on one note only: no term.
pub(super) const NO_TERM: Term = Term::MAX;

/// A phrase of a reading's word ids in the collection's.
pub(super) fn remap_phrase(map: &[u32], phrase: u64) -> u64 {
    phrase_key(map[(phrase >> 32) as usize], map[phrase as u32 as usize])
}
