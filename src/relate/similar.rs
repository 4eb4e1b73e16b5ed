//! Text similarity between notes, for notes nobody tagged: the cosine of
//! BM25-weighted term vectors over three fields (title, headings, body).
//!
//! Terms are stemmed words (Snowball, in the language each note is written
//! in) and two-word phrases of neighbouring words (`event loop`, `linked
//! data`), counted with their field's weight. Stop words of the note's
//! language, the words of the collection's speaker names, and the words of
//! a note's own event name (outside its title) are not terms: they say who
//! and where, not what. A term's weight is BM25's: its inverse document
//! frequency times its saturated, length-normalised frequency, so a long
//! note is not similar to everything and a word repeated twenty times does
//! not drown the rest.
//!
//! Two notes are compared on their key terms (each note's [`KEPT_TERMS`]
//! weightiest, what it is about) and, for a smaller share, on a wider
//! vector of [`CONTEXT_TERMS`] terms: the score is a blend of the two
//! cosines. Every note that has no topics gets its best candidates ranked
//! by that score, down to [`MIN_SIMILARITY`]; pairs are then made mutual.
//! Candidates come from an inverted index over each note's most telling
//! terms (terms on too many notes propose none), and each candidate is
//! compared over whole vectors. Work is spread over the machine's cores.
//!
//! The same weights name each note's key phrases ([`Similarity::key_terms`]),
//! from which topics are inferred for notes nobody tagged.

use rust_stemmers::Stemmer;

use super::words::{
    for_each_word, for_each_word_kept, guess_language, hash_folded, is_stop_word_in, line_hash, Field, Language,
    WordMap,
};
use crate::notes::parallel::worker_count;
use crate::notes::{Collection, Note};

/// A set of word hashes (already well mixed: no hashing needed).
type WordSet = WordMap<()>;

/// BM25's term-frequency saturation: the upper end of the usual 1.2-2.0,
/// since a subject a note keeps coming back to is what it is about.
const K1: f32 = 2.0;
/// BM25's length normalisation.
const B: f32 = 0.75;
/// What one occurrence counts in each field (BM25F's field weights).
const TITLE_WEIGHT: f32 = 3.0;
const HEADING_WEIGHT: f32 = 2.0;
/// What a two-word phrase counts beside its words, which count too.
const PHRASE_WEIGHT: f32 = 0.5;
/// Score from which two notes count as related. Calibrated on judged pairs
/// of real collections: the judged pairs found among a note's first five
/// score 0.076 and up, and below that a note's matches are rarely about the
/// same thing.
pub const MIN_SIMILARITY: f32 = 0.07;
/// Similar notes kept per note, best first (before pairs are made mutual).
const MAX_SIMILAR: usize = 12;
/// Terms of a note that propose candidates: all of its wider vector, whose
/// cosine the postings add up.
const PROPOSING_TERMS: usize = CONTEXT_TERMS;
/// Candidates compared in full per note, the best by their proposing terms.
const MAX_CANDIDATES: usize = 64;
/// Posting entries a note reads to find candidates, its weightiest terms
/// first: bounds the work per note when many notes share its terms.
const POSTINGS_BUDGET: usize = 4096;
/// Terms kept per note: its weightiest, the words and phrases that say
/// what it is about. Comparing notes on these rather than on every word
/// keeps a long note's words in passing (and a short note's few generic
/// ones) from making it like everything; on judged pairs of real
/// collections, 20 to 30 terms relate notes best.
const KEPT_TERMS: usize = 20;
/// Terms of a note's wider vector, which reads more of the note: it ranks
/// notes alike in more than their key terms, and finds notes whose key
/// terms differ but whose text agrees.
const CONTEXT_TERMS: usize = 64;
/// What the wider vector's cosine counts in the score; the key terms' the rest.
const CONTEXT_SHARE: f32 = 0.3;
/// Key phrases remembered per note.
const KEY_TERMS: usize = 6;
/// Weighted count from which a term named in a title or heading is also
/// discussed: a title's mention and two more.
const DISCUSSED_COUNT: f32 = TITLE_WEIGHT + 2.0;

/// Term vectors of a collection's notes and the similar pairs among them.
#[derive(Debug, Clone, Default)]
pub struct Similarity {
    /// Per note: `(term, weight)` of its [`KEPT_TERMS`] key terms, sorted by term, unit length.
    vectors: Vec<Vec<(u64, f32)>>,
    /// The same over its [`CONTEXT_TERMS`] weightiest terms.
    context: Vec<Vec<(u64, f32)>>,
    /// Term → how a reader knows it: the word (or two) as first seen, folded.
    words: WordMap<Box<str>>,
    /// Per note: similar notes and their cosine, best first.
    similar: Vec<Vec<(usize, f32)>>,
    /// Per note: its weightiest terms, heaviest first, each with whether
    /// the note names it in its title or a heading.
    key_terms: Vec<Vec<(u64, bool)>>,
}

/// A note read into terms: each term's weighted frequency, and the length.
struct Counted {
    terms: Vec<(u64, f32)>,
    length: f32,
    /// Terms in the title or a heading.
    named: WordSet,
}

/// What a worker remembers while reading notes: stems and display forms.
#[derive(Default)]
struct Reading {
    /// `(word hash, language)` → stem hash, or [`NOT_A_TERM`].
    stems: WordMap<u64>,
    /// Term → display form, for terms this worker met first.
    words: WordMap<Box<str>>,
    counts: WordMap<f32>,
}

impl Similarity {
    pub fn build(c: &Collection) -> Self {
        let notes = &c.notes;
        let count = notes.len();
        if !notes.iter().any(untagged) {
            return Self { similar: vec![Vec::new(); count], key_terms: vec![Vec::new(); count], ..Self::default() };
        }
        let names = name_words(c);
        let boilerplate = boilerplate_lines(notes);
        let event_words: Vec<Vec<u64>> = c.events.iter().map(event_words).collect();
        let no_words = Vec::new();
        let stemmers: Vec<Stemmer> = Language::ALL.iter().map(|l| Stemmer::create(l.stemmer())).collect();
        let (counted, readings) = par_map_with(notes, Reading::default, |reading, _, note| {
            let own_event = event_words.get(note.event).unwrap_or(&no_words);
            let context = Context { names: &names, own_event, boilerplate: &boilerplate, stemmers: &stemmers };
            count_terms(note, &context, reading)
        });
        let mut words: WordMap<Box<str>> = WordMap::default();
        for reading in readings {
            for (term, word) in reading.words {
                words.entry(term).or_insert(word);
            }
        }
        let document_frequency = document_frequencies(&counted);
        let average = counted.iter().map(|n| n.length).sum::<f32>() / count.max(1) as f32;
        let weighted: Vec<Weighed> =
            par_map(&counted, |_, note| weigh(note, &document_frequency, count, average.max(1.0)));
        drop(counted);
        let (mut vectors, mut context, mut key_terms) = (Vec::new(), Vec::new(), Vec::new());
        for w in weighted {
            vectors.push(w.key);
            context.push(w.context);
            key_terms.push(w.top);
        }
        // Terms on more notes than this propose no candidates: they are
        // worth little, and following them would compare everything.
        let common = (count / 50).max(100);
        let mut postings: WordMap<Vec<(u32, f32)>> = WordMap::default();
        for (i, vector) in context.iter().enumerate() {
            for &(term, weight) in vector {
                if document_frequency.get(&term).is_some_and(|&df| df as usize <= common) {
                    postings.entry(term).or_default().push((i as u32, weight));
                }
            }
        }
        let found: Vec<Vec<(usize, f32)>> = par_map_with(
            notes,
            || Scores::new(count),
            |scores, i, note| {
                if untagged(note) {
                    similar_to(i, [&vectors, &context], &postings, scores)
                } else {
                    Vec::new()
                }
            },
        )
        .0;
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
        Self { vectors, context, words, similar, key_terms }
    }

    /// Notes similar to `note`, with their cosine, most similar first.
    pub fn similar(&self, note: usize) -> &[(usize, f32)] {
        self.similar.get(note).map_or(&[], Vec::as_slice)
    }

    /// Up to `n` words or phrases both notes are about, the ones that weigh
    /// most in their similarity first: `asyncio, coroutines, event loop`.
    /// A word already said within a phrase shown is not repeated.
    pub fn shared_terms(&self, a: usize, b: usize, n: usize) -> Vec<String> {
        let mut shared: Vec<(f32, &str)> = Vec::new();
        // The key terms first; notes related by their wider text, by that.
        for vectors in [&self.vectors, &self.context] {
            let (Some(va), Some(vb)) = (vectors.get(a), vectors.get(b)) else {
                return Vec::new();
            };
            merge(va, vb, |term, wa, wb| {
                if let Some(word) = self.words.get(&term) {
                    shared.push((wa * wb, word));
                }
            });
            if !shared.is_empty() {
                break;
            }
        }
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
        pick_distinct(shared.into_iter().map(|(_, w)| w), n)
    }

    /// The words or phrases that say most what `note` is about, heaviest
    /// first, each with whether the note names it in its title or a heading.
    pub fn key_terms(&self, note: usize) -> impl Iterator<Item = (&str, bool)> + '_ {
        self.key_terms.get(note).into_iter().flatten().filter_map(|(term, named)| {
            let word = self.words.get(term)?;
            Some((&**word, *named))
        })
    }
}

/// The first `n` of `words` (best first) that do not repeat one another:
/// a word already said within a phrase is dropped, and a phrase whose
/// every word was taken says them better, in the first one's place.
fn pick_distinct<'a>(words: impl Iterator<Item = &'a str>, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words {
        let parts: Vec<&str> = word.split(' ').collect();
        if out.iter().any(|taken| parts.iter().all(|p| taken.split(' ').any(|w| w == *p))) {
            continue;
        }
        let inside: Vec<usize> = (0..out.len()).filter(|&i| parts.contains(&out[i].as_str())).collect();
        if inside.is_empty() {
            out.push(word.to_string());
        } else if inside.len() == parts.len() {
            out[inside[0]] = word.to_string();
            for &i in inside[1..].iter().rev() {
                out.remove(i);
            }
        }
    }
    out.truncate(n);
    out
}

fn untagged(note: &Note) -> bool {
    note.topics.is_empty()
}

/// Hashes of the words of every speaker's name: people are not subjects,
/// and a first name shared by two speakers relates nothing.
fn name_words(c: &Collection) -> WordSet {
    let mut out = WordSet::default();
    for speaker in c.notes.iter().flat_map(|n| &n.speakers) {
        for_each_word(speaker, Field::Title, |w| {
            out.insert(w.hash, ());
        });
    }
    out
}

/// Hashes of the words of an event's name, series and city: every note of
/// the event (and of its other editions) would share them.
fn event_words(event: &crate::notes::Event) -> Vec<u64> {
    let mut out = Vec::new();
    for text in std::iter::once(&event.name).chain(&event.series).chain(&event.city) {
        for_each_word(text, Field::Title, |w| out.push(w.hash));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The stem of a stop word or a word of a speaker's name.
const NOT_A_TERM: u64 = 0;

/// Mixes two stems into the hash of the phrase they make.
fn phrase_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(17) ^ second).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Lines in this many notes or more are boilerplate: a template's headings
/// and prompts ("## Takeaways", "Slides: link") say nothing of a subject.
const BOILERPLATE_NOTES: u32 = 3;

/// The [`line_hash`]es of lines that stand in [`BOILERPLATE_NOTES`] notes or more.
fn boilerplate_lines(notes: &[Note]) -> WordSet {
    let per_note: Vec<Vec<u64>> = par_map(notes, |_, note| {
        let mut lines: Vec<u64> = note.body.split('\n').map(line_hash).filter(|&h| h != 0).collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    });
    let mut counts: WordMap<u32> = WordMap::default();
    for &line in per_note.iter().flatten() {
        *counts.entry(line).or_insert(0) += 1;
    }
    counts.into_iter().filter(|&(_, n)| n >= BOILERPLATE_NOTES).map(|(line, _)| (line, ())).collect()
}

/// What reading any note of a collection needs to know.
struct Context<'a> {
    /// Words of speakers' names.
    names: &'a WordSet,
    /// Words of the note's own event name (a handful: a list is quickest).
    own_event: &'a [u64],
    boilerplate: &'a WordSet,
    /// One per [`Language::ALL`], in its order.
    stemmers: &'a [Stemmer],
}

/// Reads a note into weighted term frequencies. Words of the note's own
/// event name count in its title only: a talk called "Why this conference"
/// is about the conference; a talk that mentions it in passing is not.
fn count_terms(note: &Note, context: &Context<'_>, reading: &mut Reading) -> Counted {
    let Context { names, own_event, boilerplate, stemmers } = context;
    let language = note_language(note);
    let stemmer = &stemmers[Language::ALL.iter().position(|&l| l == language).unwrap_or(0)];
    let Reading { stems, words, counts } = reading;
    counts.clear();
    let mut length = 0.0f32;
    let mut named = WordSet::default();
    let mut previous: Option<u64> = None;
    let mut read = |w: super::words::Word<'_>| {
        if !w.joined {
            previous = None;
        }
        let weight = match w.field {
            Field::Title => TITLE_WEIGHT,
            Field::Heading => HEADING_WEIGHT,
            Field::Body => 1.0,
        };
        // One look-up per word: stems (and what is no term) are remembered.
        let key = w.hash ^ (language as u64).wrapping_mul(0x0100_0000_01b3);
        let stem = *stems.entry(key).or_insert_with(|| {
            if names.contains_key(&w.hash) || is_stop_word_in(w.hash, language) {
                return NOT_A_TERM;
            }
            let stem = hash_folded(&stemmer.stem(w.text));
            words.entry(stem).or_insert_with(|| w.text.into());
            stem
        });
        if stem == NOT_A_TERM || (w.field != Field::Title && own_event.contains(&w.hash)) {
            previous = None;
            return;
        }
        *counts.entry(stem).or_insert(0.0) += weight;
        length += weight;
        if w.field != Field::Body {
            named.insert(stem, ());
        }
        if let (true, Some(first)) = (w.joined, previous) {
            let phrase = phrase_hash(first, stem);
            if w.field != Field::Body {
                named.insert(phrase, ());
            }
            let count = counts.entry(phrase).or_insert(0.0);
            if *count == 0.0 && !words.contains_key(&phrase) {
                if let (Some(a), Some(b)) = (words.get(&first), words.get(&stem)) {
                    let joined = format!("{a} {b}").into_boxed_str();
                    words.insert(phrase, joined);
                }
            }
            *count += weight * PHRASE_WEIGHT;
        }
        previous = Some(stem);
    };
    for_each_word(&note.title, Field::Title, &mut read);
    for_each_word_kept(&note.body, Field::Body, |line| !boilerplate.contains_key(&line), &mut read);
    Counted { terms: counts.drain().collect(), length, named }
}

/// How much of a note's start its language is guessed from: a few dozen words.
const LANGUAGE_SAMPLE_BYTES: usize = 600;

/// The language of a note, guessed from the stop words of its first lines.
fn note_language(note: &Note) -> Language {
    let mut end = note.body.len().min(LANGUAGE_SAMPLE_BYTES);
    while !note.body.is_char_boundary(end) {
        end -= 1;
    }
    let mut hashes = Vec::new();
    for_each_word(&note.body[..end], Field::Body, |w| hashes.push(w.hash));
    guess_language(hashes)
}

/// How many notes use each term; each core counts a share of the notes.
fn document_frequencies(counted: &[Counted]) -> WordMap<u32> {
    let threads = worker_count(counted.len());
    let count = |chunk: &[Counted]| {
        let mut df: WordMap<u32> = WordMap::default();
        for note in chunk {
            for &(term, _) in &note.terms {
                *df.entry(term).or_insert(0) += 1;
            }
        }
        df
    };
    let mut parts: Vec<WordMap<u32>> = if threads <= 1 {
        vec![count(counted)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = counted
                .chunks(counted.len().div_ceil(threads))
                .map(|chunk| scope.spawn(move || count(chunk)))
                .collect();
            handles.into_iter().map(|h| h.join().expect("counting terms does not panic")).collect()
        })
    };
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut df = parts.swap_remove(0);
    for part in parts {
        for (term, n) in part {
            *df.entry(term).or_insert(0) += n;
        }
    }
    df
}

/// A note weighed: BM25 vectors over its heaviest terms among those it
/// shares with another note (a term of one note relates it to none).
struct Weighed {
    /// [`KEPT_TERMS`] terms, unit length, sorted by term.
    key: Vec<(u64, f32)>,
    /// [`CONTEXT_TERMS`] terms, unit length, sorted by term.
    context: Vec<(u64, f32)>,
    /// The [`KEY_TERMS`] heaviest, heaviest first, and whether each is in
    /// the title or a heading.
    top: Vec<(u64, bool)>,
}

fn weigh(note: &Counted, df: &WordMap<u32>, notes: usize, average: f32) -> Weighed {
    let n = notes as f32;
    let norm_length = K1 * (1.0 - B + B * note.length / average);
    let mut vector: Vec<(u64, f32)> = note
        .terms
        .iter()
        .filter_map(|&(term, tf)| {
            let df = *df.get(&term)? as f32;
            if df < 2.0 {
                return None;
            }
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            Some((term, idf * tf * (K1 + 1.0) / (tf + norm_length)))
        })
        .collect();
    let heavier = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if vector.len() > CONTEXT_TERMS {
        vector.select_nth_unstable_by(CONTEXT_TERMS - 1, heavier);
        vector.truncate(CONTEXT_TERMS);
    }
    vector.sort_unstable_by(heavier);
    // Named up front and come back to in the text: what the note is about.
    let discussed = |t: u64| {
        note.named.contains_key(&t)
            && note.terms.iter().find(|&&(term, _)| term == t).is_some_and(|&(_, tf)| tf >= DISCUSSED_COUNT)
    };
    let top = vector.iter().take(KEY_TERMS).map(|&(t, _)| (t, discussed(t))).collect();
    let unit = |terms: &[(u64, f32)]| {
        let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
        let mut out: Vec<(u64, f32)> = terms.iter().map(|&(t, w)| (t, w / norm)).collect();
        out.sort_unstable_by_key(|&(term, _)| term);
        out
    };
    Weighed { key: unit(&vector[..vector.len().min(KEPT_TERMS)]), context: unit(&vector), top }
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

/// A worker's scratch space for scoring candidates: one slot per note.
struct Scores {
    partial: Vec<f32>,
    /// Whether each note is a candidate yet.
    shared: Vec<bool>,
    touched: Vec<u32>,
    by_weight: Vec<(u64, f32)>,
    /// The note being matched: term → (key-term weight, wider weight).
    mine: WordMap<(f32, f32)>,
}

impl Scores {
    fn new(notes: usize) -> Self {
        Self {
            partial: vec![0.0; notes],
            shared: vec![false; notes],
            touched: Vec::new(),
            by_weight: Vec::new(),
            mine: WordMap::default(),
        }
    }
}

/// The notes most similar to note `i`, best first. Candidates share one of
/// its [`PROPOSING_TERMS`] heaviest terms; the best [`MAX_CANDIDATES`] of
/// them by those terms are compared in full: the cosine of their key-term
/// vectors, and for [`CONTEXT_SHARE`] that of their wider vectors.
fn similar_to(
    i: usize,
    [vectors, context]: [&[Vec<(u64, f32)>]; 2],

    postings: &WordMap<Vec<(u32, f32)>>,
    scores: &mut Scores,
) -> Vec<(usize, f32)> {
    scores.by_weight.clear();
    scores.by_weight.extend_from_slice(&context[i]);
    scores.by_weight.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut read = 0;
    for &(term, weight) in scores.by_weight.iter().take(PROPOSING_TERMS) {
        let Some(posting) = postings.get(&term) else { continue };
        if read > 0 && read + posting.len() > POSTINGS_BUDGET {
            break;
        }
        read += posting.len();
        for &(j, other) in posting {
            let slot = j as usize;
            if slot == i {
                continue;
            }
            if !scores.shared[slot] {
                scores.shared[slot] = true;
                scores.touched.push(j);
            }
            scores.partial[slot] += weight * other;
        }
    }
    // One rare word in common can be the whole subject (`zarr`): every
    // candidate counts, ranked by its score.
    let mut candidates: Vec<(u32, f32)> = scores.touched.iter().map(|&j| (j, scores.partial[j as usize])).collect();
    for j in scores.touched.drain(..) {
        scores.partial[j as usize] = 0.0;
        scores.shared[j as usize] = false;
    }
    if candidates.len() > MAX_CANDIDATES {
        candidates.select_nth_unstable_by(MAX_CANDIDATES - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(MAX_CANDIDATES);
    }
    // The wider cosine is what the postings added up (terms on too many
    // notes to have postings weigh little); the key terms' is exact, by
    // looking the candidate's key terms up among this note's.
    let mine = &mut scores.mine;
    mine.clear();
    mine.extend(vectors[i].iter().map(|&(term, weight)| (term, (weight, 0.0))));
    let mut found: Vec<(usize, f32)> = candidates
        .into_iter()
        .filter_map(|(j, wide)| {
            let j = j as usize;
            let key: f32 = vectors[j].iter().filter_map(|(t, w)| mine.get(t).map(|m| m.0 * w)).sum();
            let score = (1.0 - CONTEXT_SHARE) * key + CONTEXT_SHARE * wide;
            (score >= MIN_SIMILARITY).then_some((j, score))
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found.truncate(MAX_SIMILAR);
    found
}

/// `f` over every item, on all cores when there are many; results in order.
fn par_map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(usize, &'a T) -> R + Sync) -> Vec<R> {
    par_map_with(items, || (), |_, i, item| f(i, item)).0
}

/// `f` over every item, on all cores when there are many; results in
/// order, and each worker's scratch value (made by `scratch`) at the end.
fn par_map_with<'a, T: Sync, S: Send, R: Send>(
    items: &'a [T],
    scratch: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize, &'a T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let threads = worker_count(items.len());
    if threads <= 1 {
        let mut s = scratch();
        let out = items.iter().enumerate().map(|(i, item)| f(&mut s, i, item)).collect();
        return (out, vec![s]);
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
                    let out: Vec<R> = chunk.iter().enumerate().map(|(i, item)| f(&mut s, k * size + i, item)).collect();
                    (out, s)
                })
            })
            .collect();
        let mut results = Vec::with_capacity(items.len());
        let mut scratches = Vec::with_capacity(threads);
        for handle in handles {
            let (out, s) = handle.join().expect("a worker does not panic");
            results.extend(out);
            scratches.push(s);
        }
        (results, scratches)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Event, NoteId, Origin, PartialDate, Vocabulary};

    /// `(title, speaker, body)` of a note.
    type Talk<'a> = (&'a str, &'a str, &'a str);

    /// An untagged collection: `(event folder, year, talks)` per event.
    fn collection(events: &[(&str, &str, &[Talk<'_>])]) -> Collection {
        let mut c = Collection {
            origin: Origin::Bundled,
            intro: None,
            events: Vec::new(),
            notes: Vec::new(),
            vocabulary: Vocabulary::default(),
            warnings: Vec::new(),
        };
        for (folder, year, notes) in events {
            let event = c.events.len();
            c.events.push(Event {
                folder: folder.to_string(),
                name: folder.replace('-', " "),
                start: PartialDate::parse(year),
                ..Event::default()
            });
            for (title, speaker, body) in notes.iter() {
                c.events[event].notes.push(c.notes.len());
                c.notes.push(Note {
                    id: NoteId(format!("{folder}/{}.md", title.to_lowercase().replace(' ', "-"))),
                    event,
                    title: title.to_string(),
                    speakers: if speaker.is_empty() { Vec::new() } else { vec![speaker.to_string()] },
                    body: body.to_string(),
                    ..Note::default()
                });
            }
        }
        c
    }

    const ASYNC: &str = "The event loop runs coroutines. An event loop schedules each coroutine \
                         until it awaits; asyncio gives you the event loop and tasks.";
    const ASYNC_LATER: &str = "Coroutines all the way down: a coroutine awaits, the event loop \
                               resumes it. We rebuilt our crawler on asyncio.";
    const ACCESS: &str = "Screen readers need alt text and landmarks. Accessibility audits found \
                          contrast problems; keyboard navigation matters for accessibility.";
    const ACCESS_LATER: &str = "Accessibility from the start: alt text, contrast, screen readers \
                                and keyboard navigation tested by people who use them.";
    const DATABASE: &str = "Postgres indexes, vacuum and query plans: a database tuned by reading \
                            query plans before adding indexes.";

    fn fixture() -> Collection {
        collection(&[
            (
                "pyconf-2017",
                "2017",
                &[
                    ("The other async", "Ada Lovelace", ASYNC),
                    ("Accessible sites", "Grace Hopper", ACCESS),
                    ("Tuning Postgres", "Ada Lovelace", DATABASE),
                ],
            ),
            (
                "pyconf-2018",
                "2018",
                &[
                    ("From coroutines to crawlers", "Linus Pauling", ASYNC_LATER),
                    ("Accessibility for all", "Ada Byron", ACCESS_LATER),
                ],
            ),
        ])
    }

    #[test]
    fn notes_on_one_subject_are_each_others_best_match_across_years() {
        let c = fixture();
        let s = Similarity::build(&c);
        assert_eq!(s.similar(0).first().map(|&(n, _)| n), Some(3), "{:?}", s.similar(0));
        assert_eq!(s.similar(1).first().map(|&(n, _)| n), Some(4), "{:?}", s.similar(1));
        assert_eq!(s.similar(3).first().map(|&(n, _)| n), Some(0), "pairs are mutual");
        assert!(s.similar(0).iter().all(|&(n, _)| n != 2), "the database talk is not about async");
    }

    #[test]
    fn the_reason_names_stems_once_and_prefers_phrases() {
        let c = fixture();
        let s = Similarity::build(&c);
        let terms = s.shared_terms(0, 3, 3);
        assert!(terms.iter().any(|t| t == "event loop"), "{terms:?}");
        assert!(terms.iter().any(|t| t.starts_with("coroutine")), "coroutine and coroutines are one term: {terms:?}");
        assert!(!terms.iter().any(|t| t == "event" || t == "loop"), "the phrase says it: {terms:?}");
    }

    #[test]
    fn speakers_names_and_the_event_name_relate_nothing() {
        let body = |subject: &str| format!("{subject} Ada Lovelace at pyconf.");
        let c = collection(&[
            ("pyconf-2017", "2017", &[("Gardening", "Ada Lovelace", &body("Tomatoes and compost beds."))]),
            ("pyconf-2018", "2018", &[("Sailing", "Ada Lovelace", &body("Knots, keels and tides."))]),
        ]);
        let s = Similarity::build(&c);
        assert!(s.similar(0).is_empty(), "{:?}: {:?}", s.similar(0), s.shared_terms(0, 1, 3));
    }

    #[test]
    fn a_template_line_in_many_notes_is_boilerplate() {
        let template = |subject: &str| format!("## Lessons learned while reviewing\n\n{subject}\n");
        let c = collection(&[(
            "meetup-2020",
            "2020",
            &[
                ("Gardening", "", &template("Tomatoes and compost beds.")),
                ("Sailing", "", &template("Knots, keels and tides.")),
                ("Baking", "", &template("Sourdough starters and ovens.")),
            ],
        )]);
        let s = Similarity::build(&c);
        assert!(s.similar(0).is_empty(), "{:?}: {:?}", s.similar(0), s.shared_terms(0, 1, 3));
    }

    #[test]
    fn every_note_gets_its_candidates_ranked_down_to_the_floor() {
        let c = fixture();
        let s = Similarity::build(&c);
        for note in 0..c.notes.len() {
            let scores: Vec<f32> = s.similar(note).iter().map(|&(_, x)| x).collect();
            assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
            assert!(scores.iter().all(|&x| x >= MIN_SIMILARITY), "{scores:?}");
        }
    }

    #[test]
    fn key_terms_say_what_a_note_is_about() {
        let c = fixture();
        let s = Similarity::build(&c);
        let keys: Vec<&str> = s.key_terms(1).map(|(t, _)| t).collect();
        assert!(keys.iter().any(|t| t.starts_with("accessib")), "{keys:?}");
        assert!(!keys.iter().any(|t| t.contains("grace") || t.contains("hopper")), "{keys:?}");
    }

    #[test]
    fn a_collection_where_every_note_has_topics_compares_nothing() {
        let mut c = fixture();
        c.notes.iter_mut().for_each(|n| n.topics = vec!["python".into()]);
        let s = Similarity::build(&c);
        assert!((0..c.notes.len()).all(|n| s.similar(n).is_empty()));
    }

    #[test]
    fn picking_reasons_drops_words_a_phrase_already_says() {
        let picked = pick_distinct(["asyncio", "event loop", "event", "loop", "tasks"].into_iter(), 3);
        assert_eq!(picked, ["asyncio", "event loop", "tasks"]);
        let replaced = pick_distinct(["event", "tasks", "loop", "event loop", "queues"].into_iter(), 3);
        assert_eq!(replaced, ["event loop", "tasks", "queues"]);
        let half = pick_distinct(["event", "event horizon", "tasks"].into_iter(), 3);
        assert_eq!(half, ["event", "tasks"], "a phrase of one word taken and one not is left out");
    }
}
