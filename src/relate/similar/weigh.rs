//! A note's terms weighed (BM25 over its fields' weighted counts) and cut
//! to the vectors it is compared on.

use super::lexicon::{Lexicon, NO_TERM};
use super::reading::{comes_back, Counted, NAMED_PHRASE, TITLE_WEIGHT};
use super::Term;

/// BM25's term-frequency saturation: the upper end of the usual 1.2-2.0,
/// since a subject a note keeps coming back to is what it is about.
const K1: f32 = 2.0;
/// BM25's length normalisation.
const B: f32 = 0.75;
/// Terms kept per note: its weightiest, the words and phrases that say
/// what it is about. Comparing notes on these rather than on every word
/// keeps a long note's words in passing (and a short note's few generic
/// ones) from making it like everything; on judged pairs of real
/// collections, 20 to 30 terms relate notes best.
pub(super) const KEPT_TERMS: usize = 20;
// A key term's place is kept in a byte while matching (`Scores::key_place`),
// and whether the note comes back to it in a bit of a `u32` (`Weighed::repeated`).
const _: () = assert!(KEPT_TERMS < u8::MAX as usize && KEPT_TERMS <= 32);
/// Terms of a note's wider vector, which reads more of the note: it ranks
/// notes alike in more than their key terms, and finds notes whose key
/// terms differ but whose text agrees.
pub(super) const CONTEXT_TERMS: usize = 64;
/// Key phrases remembered per note.
const KEY_TERMS: usize = 6;
/// Weighted count from which a term named in a title or heading is also
/// discussed: a title's mention and two more.
const DISCUSSED_COUNT: f32 = TITLE_WEIGHT + 2.0;

/// A note weighed: BM25 vectors over its heaviest terms among those it
/// shares with another note (a term of one note relates it to none).
pub(super) struct Weighed {
    /// [`KEPT_TERMS`] terms, unit length, sorted by term.
    pub(super) key: Vec<(Term, f32)>,
    /// Bit `k` set when the note comes back to its `k`th key term: a word
    /// it [`comes_back`] to, or a phrase (said twice, or named, to be one).
    pub(super) repeated: u32,
    /// Bit `k` set when the note names its `k`th key term in its title or a heading.
    pub(super) named: u32,
    /// [`CONTEXT_TERMS`] terms, unit length, sorted by term.
    pub(super) context: Vec<(Term, f32)>,
    /// The same heaviest first (by weight, then term): the order they propose candidates in.
    pub(super) proposing: Vec<(Term, f32)>,
    /// The words of its title, unit length, sorted by term.
    pub(super) title: Vec<(Term, f32)>,
    /// The [`KEY_TERMS`] heaviest, heaviest first, and whether each is in
    /// the title or a heading.
    pub(super) top: Vec<(Term, bool)>,
}

/// What a word's rarity counts when no note using it comes back to it
/// (see [`passing_factor`]).
const PASSING_WEIGHT: f32 = 0.7;

/// How much of its rarity a word keeps, by the share of the `df` notes
/// using it that come back to it (`repeated`): all of it when every note
/// does, [`PASSING_WEIGHT`] when none does. In a small collection rarity
/// alone cannot tell a subject from a word said once in passing (`returns`,
/// `true` on two notes each); a subject is bursty: a note using it uses it
/// again (after Church and Gale's adaptation).
pub(super) fn passing_factor(repeated: u32, df: u32) -> f32 {
    PASSING_WEIGHT + (1.0 - PASSING_WEIGHT) * repeated as f32 / df.max(1) as f32
}

/// BM25's inverse document frequency of a term on `df` of `notes` notes.
pub(super) fn idf(df: u32, notes: usize) -> f32 {
    let (df, n) = (df as f32, notes as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

pub(super) fn weigh(i: usize, note: &Counted, lexicon: &Lexicon, idf: &[f32], average: f32) -> Weighed {
    let norm_length = K1 * (1.0 - B + B * note.length / average);
    let map = lexicon.map_of(note.reader);
    let bm25 = |term: Term, tf: f32| idf[term as usize] * tf * (K1 + 1.0) / (tf + norm_length);
    // (heavier key, weighted count, named up front)
    let mut vector: Vec<(u64, f32, bool)> = Vec::with_capacity(note.words.len() + note.phrases.len());
    for &(w, tf) in &note.words {
        let term = map[w as usize];
        if lexicon.df[term as usize] >= 2 {
            let named = note.named.binary_search(&u64::from(w)).is_ok();
            vector.push((heavier_key(term, bm25(term, tf)), tf, named));
        }
    }
    let mut phrases = lexicon.note_phrases.get(i).into_iter().flatten();
    for &(p, tf) in &note.phrases {
        let number = phrases.next().copied().unwrap_or(u32::MAX) as usize;
        if let Some(&term) = lexicon.phrase_terms.get(number).filter(|&&t| t != NO_TERM) {
            let named = note.named.binary_search(&(p | NAMED_PHRASE)).is_ok();
            vector.push((heavier_key(term, bm25(term, tf)), tf, named));
        }
    }
    if vector.len() > CONTEXT_TERMS {
        vector.select_nth_unstable_by_key(CONTEXT_TERMS - 1, |t| t.0);
        vector.truncate(CONTEXT_TERMS);
    }
    vector.sort_unstable_by_key(|t| t.0);
    let vector: Vec<(Term, f32, f32, bool)> =
        vector.into_iter().map(|(key, tf, named)| (key as Term, weight_of(key), tf, named)).collect();
    // Named up front and come back to in the text: what the note is about.
    let top = vector.iter().take(KEY_TERMS).map(|&(t, _, tf, named)| (t, named && tf >= DISCUSSED_COUNT)).collect();
    let unit = |terms: &[(Term, f32, f32, bool)]| {
        let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
        let mut out: Vec<(Term, f32)> = terms.iter().map(|t| (t.0, t.1 / norm)).collect();
        out.sort_unstable_by_key(|&(term, _)| term);
        out
    };
    // The title's words by their rarity alone: a title names a subject
    // once, however long the note.
    let mut title: Vec<(Term, f32, f32, bool)> = Vec::new();
    for &w in &note.title {
        let term = map[w as usize];
        if lexicon.df[term as usize] >= 2 {
            title.push((term, idf[term as usize], 0.0, false));
        }
    }
    let norm = vector.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
    let proposing: Vec<(Term, f32)> = vector.iter().map(|t| (t.0, t.1 / norm)).collect();
    // The same unit vector, by term.
    let mut context = proposing.clone();
    context.sort_unstable_by_key(|&(term, _)| term);
    let kept = &vector[..vector.len().min(KEPT_TERMS)];
    let mut returns: Vec<(Term, bool, bool)> = kept
        .iter()
        .map(|&(t, _, tf, named)| (t, t as usize >= lexicon.words.len() || comes_back(tf, || named), named))
        .collect();
    returns.sort_unstable_by_key(|&(t, _, _)| t);
    let bits = |of: fn(&(Term, bool, bool)) -> bool| {
        returns.iter().enumerate().fold(0u32, |bits, (k, t)| bits | (u32::from(of(t)) << k))
    };
    let (repeated, named) = (bits(|t| t.1), bits(|t| t.2));
    Weighed { key: unit(kept), repeated, named, context, proposing, title: unit(&title), top }
}

/// A term and its (positive) weight as one number that sorts heaviest
/// first, then by term: sorting numbers is quicker than comparing floats
/// and breaking ties, and every note's terms are sorted so.
fn heavier_key(term: Term, weight: f32) -> u64 {
    // A positive float's bits order as the float does.
    (u64::from(u32::MAX - weight.to_bits()) << 32) | u64::from(term)
}

/// The weight [`heavier_key`] holds.
fn weight_of(key: u64) -> f32 {
    f32::from_bits(u32::MAX - (key >> 32) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_heaviest_first_then_by_term() {
        let terms = [(4, 0.5f32), (2, 1.5), (9, 0.5), (1, 1e-30), (3, 1.5)];
        let mut keys: Vec<u64> = terms.iter().map(|&(t, w)| heavier_key(t, w)).collect();
        keys.sort_unstable();
        let back: Vec<(Term, f32)> = keys.iter().map(|&k| (k as Term, weight_of(k))).collect();
        assert_eq!(back, [(2, 1.5), (3, 1.5), (4, 0.5), (9, 0.5), (1, 1e-30)]);
    }
}
