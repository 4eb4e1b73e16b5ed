//! Finding each note's most similar notes: candidates proposed through
//! postings of its heaviest terms, the best of them compared in full.

use super::merge;
use super::weigh::{CONTEXT_TERMS, KEPT_TERMS};
use super::Term;

/// Score from which two notes count as related. Calibrated on judged pairs
/// of real collections: the judged pairs found among a note's first five
/// score 0.076 and up, and below that a note's matches are rarely about the
/// same thing.
pub(super) const MIN_SIMILARITY: f32 = 0.07;
/// Terms two notes must share to be related when no key term is one both
/// come back to (said twice, or named in a title): more than a
/// word or two each says in passing. In a small collection two short notes
/// that each say `returns` and `true` once have a high cosine and nothing
/// in common. On judged pairs of real collections, all but two of the
/// pairs found share a key term both come back to; those two share three
/// key terms and more.
pub(super) const MIN_PASSING_SHARED: usize = 3;
/// Share of a note's best score a note related to it by words neither
/// comes back to must reach: such words relate notes that have nothing
/// better only. On judged pairs of real collections the two related only
/// so score 0.75 and 0.95 of the best (in the direction they score most);
/// the relations cut at 0.6 are mostly generic words (`modern, pattern`).
pub(super) const PASSING_SHARE: f32 = 0.6;
/// Share of a collection's notes from which a term they carry is the
/// collection's context, not a subject: `Swift` in the notes of a Swift
/// conference, `Django` in a Django one. Such a term weighs little (its
/// idf) but not nothing, and two notes that each keep coming back to it
/// share a key term both come back to; alone it relates every note of the
/// collection to every other. On judged pairs of real collections, none
/// rests on one term carried by more than a tenth of the notes; the single
/// terms carried by a fifth or more that relate notes are the collection's
/// language, framework or field (`python`, `django`, `swiftui`, `open`).
const CONTEXT_SHARE_OF_NOTES: f32 = 0.2;
/// Fewest notes carrying a term for it to be context: a term on two notes
/// is what relates them, however small the collection.
const CONTEXT_MIN_NOTES: u32 = 3;
/// Shared key terms a relation needs when all of them are context terms:
/// one context term is no subject (two notes of a Django conference both
/// about Django), two or more say more (`django, forms`, both context in a
/// collection about Django forms, do).
const MIN_CONTEXT_SHARED: usize = 2;

/// Whether a term carried by `df` of `notes` notes is context (see
/// [`CONTEXT_SHARE_OF_NOTES`]).
pub(super) fn is_context(df: u32, notes: usize) -> bool {
    carried_widely(df, notes, CONTEXT_SHARE_OF_NOTES, CONTEXT_MIN_NOTES)
}

/// Whether a term carried by `df` of `notes` notes is on at least `share`
/// of them and at least `min_notes`: how common a term is in its collection.
fn carried_widely(df: u32, notes: usize, share: f32, min_notes: u32) -> bool {
    df >= min_notes && df as f32 >= share * notes as f32
}

/// Share of a note's best score under which a relation is not shown: a
/// note is related to what it is most like, and a relation far weaker than
/// that rests on a word or two said in passing. On judged pairs of real
/// collections, every pair found among a note's first five scores 0.31 of
/// that note's best or more (most 0.5 and up, in the direction they score
/// most); of all relations shown first three, the 2% under 0.3 read as
/// weak (`images, view` beside a note's one true match, `array`).
const REACH_SHARE: f32 = 0.3;
/// Share of a note's best a relation needs when every key term the two
/// notes share is generic ([`is_generic`]): such words (`python`, `tools`
/// in a collection of Python talks) say little of what either note is
/// about. On judged pairs of real collections, those resting on generic
/// words alone score 0.57 of the best and up; the relations cut read as weak.
const GENERIC_REACH_SHARE: f32 = 0.5;
/// Share of a collection's notes from which a term they carry is generic
/// (see [`GENERIC_REACH_SHARE`]): more than one note in seven.
const GENERIC_SHARE_OF_NOTES: f32 = 0.15;
/// Fewest notes carrying a term for it to be generic: in a collection of
/// a dozen notes, a word on two of them is what relates them.
const GENERIC_MIN_NOTES: u32 = 4;

/// Whether a term carried by `df` of `notes` notes is generic (see
/// [`GENERIC_SHARE_OF_NOTES`]).
pub(super) fn is_generic(df: u32, notes: usize) -> bool {
    carried_widely(df, notes, GENERIC_SHARE_OF_NOTES, GENERIC_MIN_NOTES)
}

/// Share of a note's best a relation needs when neither note's title
/// meets the other's text (see [`within_reach`]): a title names
/// what a note is about, and notes whose subjects are absent from each
/// other's text are related by words of their bodies only (`records`, a
/// DNS record in one and a customer record in the other). On judged pairs
/// of real collections, no pair found is so apart; of the relations shown
/// first three, those under 0.6 so apart read mostly as weak or wrong
/// (about 14 of 20).
const APART_REACH_SHARE: f32 = 0.6;

/// Share of a note's best a relation needs when the notes share no more
/// than [`THIN_SHARED`] key terms and neither names any of them in its
/// title or a heading: a word or two of two bodies (`center, users`,
/// `similarity, comparison`) relate notes that have nothing better, not a
/// note beside its better matches.
const THIN_REACH_SHARE: f32 = 0.7;
/// Key terms in common from which a relation is not [thin](THIN_REACH_SHARE).
pub(super) const THIN_SHARED: usize = 2;

/// Puts first, in order, the relations of a note's list (best first) that
/// are within reach of its best: [`REACH_SHARE`] of its score, or
/// [`GENERIC_REACH_SHARE`] for a note `generic_only` says shares nothing
/// but generic key terms with it, or [`APART_REACH_SHARE`] for one whose
/// title and its own meet neither text (`titles_apart`), or
/// [`THIN_REACH_SHARE`] for one related by a word or two only (`thin`). The rest follow,
/// in order (`cut` is scratch space); returns how many are within reach.
pub(super) fn within_reach(
    list: &mut [(usize, f32)],
    cut: &mut Vec<(usize, f32)>,
    generic_only: impl Fn(usize) -> bool,
    titles_apart: impl Fn(usize) -> bool,
    thin: impl Fn(usize) -> bool,
) -> usize {
    let Some(&(_, best)) = list.first() else {
        return 0;
    };
    cut.clear();
    let mut kept = 0;
    for k in 0..list.len() {
        let (j, s) = list[k];
        // Each look at the notes' words only when the score could not pass without it.
        if s >= REACH_SHARE * best
            && (s >= GENERIC_REACH_SHARE * best || !generic_only(j))
            && (s >= APART_REACH_SHARE * best || !titles_apart(j))
            && (s >= THIN_REACH_SHARE * best || !thin(j))
        {
            list[kept] = (j, s);
            kept += 1;
        } else {
            cut.push((j, s));
        }
    }
    list[kept..].copy_from_slice(cut);
    kept
}

/// Similar notes kept per note, best first (before pairs are made mutual).
const MAX_SIMILAR: usize = 12;
/// Terms of a note that propose candidates: all of its wider vector, whose
/// cosine the postings add up.
const PROPOSING_TERMS: usize = CONTEXT_TERMS;
/// Candidates compared in full per note, the best by their proposing terms.
const MAX_CANDIDATES: usize = 32;
/// Posting entries a note reads to find candidates, its weightiest terms
/// first: bounds the work per note when many notes share its terms. On
/// 10,000 synthetic notes, the first five related notes agree with those of
/// an unbounded search as often at 256 as at 512 (133 of 150 for 30
/// notes; clearly fewer at 128), and reading the postings is most of what
/// matching costs.
const POSTINGS_BUDGET: usize = 256;
/// What the wider vector's cosine counts in the score; the key terms' the rest.
const CONTEXT_SHARE: f32 = 0.3;
/// What the cosine of two notes' titles adds to their score: titles name
/// what notes are about in a few words, which a long note's body can bury
/// (BM25F reads fields apart for this reason). Only title words the note's
/// text comes back to count.
const TITLE_SHARE: f32 = 0.15;

/// Term → the notes whose wider vector holds it and its weight there, for
/// the terms that propose candidates; one flat list, cut per term.
pub(super) struct Postings {
    /// Per term: where its notes start in `entries` (one more at the end).
    pub(super) starts: Vec<u32>,
    pub(super) entries: Vec<(u32, f32)>,
}

impl Postings {
    pub(super) fn build(vectors: &[Vec<(Term, f32)>], proposes: impl Fn(Term) -> bool, terms: usize) -> Self {
        let mut starts = vec![0u32; terms + 1];
        for &(term, _) in vectors.iter().flatten() {
            if proposes(term) {
                starts[term as usize + 1] += 1;
            }
        }
        for t in 0..terms {
            starts[t + 1] += starts[t];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0u32, 0f32); starts[terms] as usize];
        for (note, vector) in vectors.iter().enumerate() {
            for &(term, weight) in vector {
                if proposes(term) {
                    let at = &mut next[term as usize];
                    entries[*at as usize] = (note as u32, weight);
                    *at += 1;
                }
            }
        }
        Self { starts, entries }
    }

    pub(super) fn of(&self, term: Term) -> &[(u32, f32)] {
        let t = term as usize;
        match (self.starts.get(t), self.starts.get(t + 1)) {
            (Some(&from), Some(&to)) => &self.entries[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// A term and its weight in a note's vector.
type Weight = (Term, f32);

/// Each note's key terms and title words side by side in one flat list:
/// comparing a candidate reads one place in memory, not two lists apart
/// (which, for the 32 candidates of each note, was most of the time matching took).
pub(super) struct Compared {
    /// Per note: where its key terms start and where its title words start
    /// in `entries`; the next note's start ends them.
    starts: Vec<(u32, u32)>,
    entries: Vec<(Term, f32)>,
    /// Per note: which of its key terms it comes back to, a bit each.
    repeated: Vec<u32>,
    /// Per note: which of its key terms are context ([`is_context`]), a bit each.
    context: Vec<u32>,
}

impl Compared {
    pub(super) fn new(
        keys: &[Vec<(Term, f32)>],
        titles: &[Vec<(Term, f32)>],
        repeated: Vec<u32>,
        context: Vec<u32>,
    ) -> Self {
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut entries = Vec::new();
        for (key, title) in keys.iter().zip(titles) {
            let at = entries.len() as u32;
            entries.extend_from_slice(key);
            starts.push((at, entries.len() as u32));
            entries.extend_from_slice(title);
        }
        starts.push((entries.len() as u32, entries.len() as u32));
        Self { starts, entries, repeated, context }
    }

    /// Which of the key terms of `note` it comes back to.
    fn repeated(&self, note: usize) -> u32 {
        self.repeated.get(note).copied().unwrap_or(0)
    }

    /// Which of the key terms of `note` are context.
    fn context(&self, note: usize) -> u32 {
        self.context.get(note).copied().unwrap_or(0)
    }

    /// The key terms and the title words of `note`.
    fn of(&self, note: usize) -> (&[Weight], &[Weight]) {
        match (self.starts.get(note), self.starts.get(note + 1)) {
            (Some(&(key, title)), Some(&(end, _))) => {
                (&self.entries[key as usize..title as usize], &self.entries[title as usize..end as usize])
            }
            _ => (&[], &[]),
        }
    }
}

/// A worker's scratch space for scoring candidates: one slot per note.
pub(super) struct Scores {
    /// Per note: the cosine of wider vectors added up so far; above 0 once
    /// it shares a term (weights are positive), when it joins `touched`.
    pub(super) partial: Vec<f32>,
    pub(super) touched: Vec<u32>,
    /// The notes met in the postings and their partial score.
    pub(super) candidates: Vec<(u32, f32)>,
    /// Per term: 1 + its place among the key terms of the note being
    /// matched, else 0; a cosine over key terms is then one look-up per term.
    pub(super) key_place: Vec<u8>,
    /// The same among its title words.
    pub(super) title_place: Vec<u8>,
    /// Its title words' weights, after a 0 for the words it lacks.
    title_weights: Vec<f32>,
}

impl Scores {
    pub(super) fn new(notes: usize, terms: usize) -> Self {
        Self {
            partial: vec![0.0; notes],
            touched: Vec::new(),
            candidates: Vec::new(),
            key_place: vec![0; terms],
            title_place: vec![0; terms],
            title_weights: Vec::new(),
        }
    }
}

/// A note found similar, its score, and whether only words neither note
/// comes back to relate them (see [`PASSING_SHARE`]).
pub(super) type Related = (usize, f32, bool);

/// The notes most similar to note `i`, best first. Candidates share one of
/// its [`PROPOSING_TERMS`] heaviest terms; the best [`MAX_CANDIDATES`] of
/// them by those terms are compared in full: the cosine of their key-term
/// vectors, and for [`CONTEXT_SHARE`] that of their wider vectors.
pub(super) fn similar_to(
    i: usize,
    proposing: &[Vec<(Term, f32)>],
    context: &[Vec<(Term, f32)>],
    compared: &Compared,
    postings: &Postings,
    scores: &mut Scores,
) -> Vec<Related> {
    let mut read = 0;
    for &(term, weight) in proposing[i].iter().take(PROPOSING_TERMS) {
        let posting = postings.of(term);
        if posting.is_empty() {
            continue;
        }
        if read > 0 && read + posting.len() > POSTINGS_BUDGET {
            break;
        }
        read += posting.len();
        for &(j, other) in posting {
            let slot = j as usize;
            if scores.partial[slot] == 0.0 {
                scores.touched.push(j);
            }
            scores.partial[slot] += weight * other;
        }
    }
    // One rare word in common can be the whole subject (`lmdb`): every
    // candidate counts, ranked by its score.
    let candidates = &mut scores.candidates;
    candidates.clear();
    for j in scores.touched.drain(..) {
        if j as usize != i {
            candidates.push((j, scores.partial[j as usize]));
        }
        scores.partial[j as usize] = 0.0;
    }
    if candidates.len() > MAX_CANDIDATES {
        candidates.select_nth_unstable_by_key(MAX_CANDIDATES - 1, |&(j, partial)| best_first(j as usize, partial));
        candidates.truncate(MAX_CANDIDATES);
    }
    // The wider cosine is what the postings added up (terms on too many
    // notes to have postings weigh little); the key terms' is exact.
    let (mine, my_title) = compared.of(i);
    let Scores { key_place, title_place, title_weights, .. } = scores;
    // Each place's weight after a 0 for terms the note lacks: a candidate's
    // every term adds its product, 0 or not, with no branch to mispredict
    // (adding zeros leaves the sums as they were).
    let mut key_weights = [0.0f32; KEPT_TERMS + 1];
    // Per place, 1 when the note comes back to that key term (0 for none).
    let mut key_back = [0u32; KEPT_TERMS + 1];
    let my_back = compared.repeated(i);
    for (k, &(term, weight)) in mine.iter().take(KEPT_TERMS).enumerate() {
        key_place[term as usize] = (k + 1) as u8;
        key_weights[k + 1] = weight;
        key_back[k + 1] = (my_back >> k) & 1;
    }
    // A title of more words than a place holds (none seen) is merged instead.
    let placed_title = my_title.len() < usize::from(u8::MAX);
    title_weights.clear();
    title_weights.push(0.0);
    if placed_title {
        for (k, &(term, weight)) in my_title.iter().enumerate() {
            title_place[term as usize] = (k + 1) as u8;
            title_weights.push(weight);
        }
    }
    let mut found: Vec<(usize, f32)> = Vec::with_capacity(candidates.len());
    // Those related by words neither note comes back to, apart.
    let mut passing: Vec<(usize, f32)> = Vec::new();
    for &(j, wide) in candidates.iter() {
        let j = j as usize;
        let (theirs, their_title) = compared.of(j);
        let (their_back, their_context) = (compared.repeated(j), compared.context(j));
        let (mut key, mut both, mut shared, mut context_shared) = (0.0, 0u32, 0usize, 0usize);
        for (k, &(term, weight)) in theirs.iter().enumerate() {
            let place = usize::from(key_place[term as usize]);
            key += key_weights[place] * weight;
            both |= key_back[place] & (their_back >> k);
            shared += usize::from(place != 0);
            context_shared += usize::from(place != 0) & ((their_context >> k) & 1) as usize;
        }
        // Key terms all of them context, and too few: the notes share the
        // collection's subject, not one of their own.
        if shared > 0 && context_shared == shared && shared < MIN_CONTEXT_SHARED {
            continue;
        }
        let mut title = 0.0;
        if placed_title {
            for &(term, weight) in their_title {
                title += title_weights[usize::from(title_place[term as usize])] * weight;
            }
        } else {
            merge(my_title, their_title, |_, a, b| title += a * b);
        }
        let score = (1.0 - CONTEXT_SHARE) * key + CONTEXT_SHARE * wide + TITLE_SHARE * title;
        if score < MIN_SIMILARITY {
            continue;
        }
        if both & 1 == 1 {
            found.push((j, score));
        } else if shared >= MIN_PASSING_SHARED || shared_terms(&context[i], &context[j]) >= MIN_PASSING_SHARED {
            passing.push((j, score));
        }
    }
    for &(term, _) in mine.iter().take(KEPT_TERMS) {
        key_place[term as usize] = 0;
    }
    if placed_title {
        for &(term, _) in my_title {
            title_place[term as usize] = 0;
        }
    }
    let best = found.iter().chain(&passing).map(|&(_, score)| score).fold(0.0, f32::max);
    let mut found: Vec<Related> = found.into_iter().map(|(j, score)| (j, score, false)).collect();
    found.extend(passing.into_iter().filter(|&(_, score)| score >= PASSING_SHARE * best).map(|(j, s)| (j, s, true)));
    if found.len() > MAX_SIMILAR {
        found.select_nth_unstable_by_key(MAX_SIMILAR - 1, |&(j, score, _)| best_first(j, score));
        found.truncate(MAX_SIMILAR);
    }
    found.sort_unstable_by_key(|&(j, score, _)| best_first(j, score));
    found
}

/// How many terms two vectors sorted by term share.
fn shared_terms(a: &[(Term, f32)], b: &[(Term, f32)]) -> usize {
    let mut n = 0;
    merge(a, b, |_, _, _| n += 1);
    n
}

/// A note and its positive score as one number that sorts the best
/// first, then by note: a positive float's bits order as it does, and one
/// number is quicker to sort by than a float and a tie-break.
pub(super) fn best_first(note: usize, score: f32) -> u64 {
    (u64::from(u32::MAX - score.to_bits()) << 32) | note as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(list: &mut [(usize, f32)], generic: &[usize], apart: &[usize]) -> usize {
        reach_thin(list, generic, apart, &[])
    }

    fn reach_thin(list: &mut [(usize, f32)], generic: &[usize], apart: &[usize], thin: &[usize]) -> usize {
        let (generic, apart, thin) = (|j| generic.contains(&j), |j| apart.contains(&j), |j| thin.contains(&j));
        within_reach(list, &mut Vec::new(), generic, apart, thin)
    }

    #[test]
    fn relations_far_below_the_best_are_not_kept() {
        let mut list = vec![(4, 0.8f32), (2, 0.5), (9, 0.25), (1, 0.2)];
        assert_eq!(reach(&mut list, &[], &[]), 3);
        assert_eq!(list, [(4, 0.8), (2, 0.5), (9, 0.25), (1, 0.2)]);
        let mut none: Vec<(usize, f32)> = Vec::new();
        assert_eq!(reach(&mut none, &[0], &[0]), 0);
    }

    #[test]
    fn relations_on_generic_words_alone_need_more_of_the_best() {
        // 3 and 5 score alike; 5 shares only generic words with the note.
        let mut list = vec![(4, 0.8f32), (3, 0.35), (5, 0.35), (6, 0.45)];
        assert_eq!(reach(&mut list, &[5, 6], &[]), 3);
        // Those cut follow those kept, each in order.
        assert_eq!(list, [(4, 0.8), (3, 0.35), (6, 0.45), (5, 0.35)]);
        // The best itself stays, whatever its words.
        let mut alone = vec![(5, 0.3f32)];
        assert_eq!(reach(&mut alone, &[5], &[5]), 1);
    }

    #[test]
    fn relations_whose_titles_meet_neither_text_need_more_of_the_best() {
        // 3 and 5 score alike; neither title of 5 and the note meets the other's text.
        let mut list = vec![(4, 1.0f32), (6, 0.65), (3, 0.55), (5, 0.55)];
        assert_eq!(reach(&mut list, &[], &[5, 6]), 3);
        assert_eq!(list[..3], [(4, 1.0), (6, 0.65), (3, 0.55)]);
    }

    #[test]
    fn relations_on_a_word_or_two_of_their_bodies_need_more_of_the_best() {
        // 3 and 5 score alike; 5 and 6 share a word or two named by neither title or heading.
        let mut list = vec![(4, 1.0f32), (6, 0.75), (3, 0.65), (5, 0.65)];
        assert_eq!(reach_thin(&mut list, &[], &[], &[5, 6]), 3);
        assert_eq!(list[..3], [(4, 1.0), (6, 0.75), (3, 0.65)]);
        let mut alone = vec![(5, 0.3f32)];
        assert_eq!(reach_thin(&mut alone, &[], &[], &[5]), 1, "a note's best stays");
    }

    #[test]
    fn generic_terms_are_on_a_share_of_the_notes_and_more_than_a_few() {
        assert!(is_generic(16, 100));
        assert!(!is_generic(14, 100));
        // A word on 3 of 12 notes is a share but still what relates them.
        assert!(!is_generic(3, 12));
        assert!(is_generic(4, 12));
    }

    #[test]
    fn the_best_score_sorts_first_then_the_lower_note() {
        let mut found = [(3, 0.5f32), (1, 0.5), (7, 0.9), (2, 0.07)];
        found.sort_unstable_by_key(|&(j, s)| best_first(j, s));
        assert_eq!(found, [(7, 0.9), (1, 0.5), (3, 0.5), (2, 0.07)]);
    }
}
