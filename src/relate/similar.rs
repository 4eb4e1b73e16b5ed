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

use std::borrow::Cow;
use std::collections::HashMap;

use rust_stemmers::Stemmer;

use super::words::{
    for_each_word, for_each_word_kept, guess_language, hash_folded, hash_word, is_stop_word_in, line_hash, Field,
    Language, WordMap,
};
use crate::notes::parallel::worker_count;
use crate::notes::person::without_affiliation;
use crate::notes::{Collection, Note};

/// A set of word hashes (already well mixed: no hashing needed).
type WordSet = WordMap<()>;

/// A term of the collection: a stemmed word (ids below the number of
/// words) or a two-word phrase (the ids after), by its place in the build's lexicon.
pub(crate) type Term = u32;

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
/// Weighted count a phrase needs in a note to be one of its terms: said
/// twice, or once in its title or a heading. Two words side by side once
/// in passing are rarely a subject (their words still count), and leaving
/// them out spares counting a collection's every pair of neighbouring words.
const MIN_PHRASE_COUNT: f32 = 2.0 * PHRASE_WEIGHT;
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
const MAX_CANDIDATES: usize = 32;
/// Posting entries a note reads to find candidates, its weightiest terms
/// first: bounds the work per note when many notes share its terms.
const POSTINGS_BUDGET: usize = 512;
/// Terms kept per note: its weightiest, the words and phrases that say
/// what it is about. Comparing notes on these rather than on every word
/// keeps a long note's words in passing (and a short note's few generic
/// ones) from making it like everything; on judged pairs of real
/// collections, 20 to 30 terms relate notes best.
const KEPT_TERMS: usize = 20;
// A key term's place is kept in a byte while matching (`Scores::key_place`).
const _: () = assert!(KEPT_TERMS < u8::MAX as usize);
/// Terms of a note's wider vector, which reads more of the note: it ranks
/// notes alike in more than their key terms, and finds notes whose key
/// terms differ but whose text agrees.
const CONTEXT_TERMS: usize = 64;
/// What the wider vector's cosine counts in the score; the key terms' the rest.
const CONTEXT_SHARE: f32 = 0.3;
/// What the cosine of two notes' titles adds to their score: titles name
/// what notes are about in a few words, which a long note's body can bury
/// (BM25F reads fields apart for this reason). Only title words the note's
/// text comes back to count.
const TITLE_SHARE: f32 = 0.15;
/// Key phrases remembered per note.
const KEY_TERMS: usize = 6;
/// Weighted count from which a term named in a title or heading is also
/// discussed: a title's mention and two more.
const DISCUSSED_COUNT: f32 = TITLE_WEIGHT + 2.0;

/// Term vectors of a collection's notes and the similar pairs among them.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Similarity {
    /// Per note: `(term, weight)` of its [`KEPT_TERMS`] key terms, sorted by term, unit length.
    vectors: Vec<Vec<(Term, f32)>>,
    /// The same over its [`CONTEXT_TERMS`] weightiest terms.
    context: Vec<Vec<(Term, f32)>>,
    /// Per word term: how a reader knows it, its shortest word seen, folded.
    words: Vec<Box<str>>,
    /// Per phrase term (after the words): its two words.
    phrases: Vec<(Term, Term)>,
    /// Per note: similar notes and their cosine, best first.
    similar: Vec<Vec<(usize, f32)>>,
    /// Per note: its weightiest terms, heaviest first, each with whether
    /// the note names it in its title or a heading.
    key_terms: Vec<Vec<(Term, bool)>>,
    /// Per term: how many notes use it.
    df: Vec<u32>,
}

/// A phrase while counting: its two words' ids, first in the high half.
fn phrase_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// A note read into terms by one worker, in that worker's word ids.
struct Counted {
    /// The [`Reading`] that read it.
    reader: usize,
    /// `(word, weighted count)`.
    words: Vec<(u32, f32)>,
    /// `(phrase, weighted count)` of the phrases said often enough.
    phrases: Vec<(u64, f32)>,
    length: f32,
    /// Words and phrases in the title or a heading (phrases as [`phrase_key`]
    /// with the high bit set, words as their id).
    named: Vec<u64>,
    /// The ids of the words of its title that its text comes back to.
    title: Vec<u32>,
}

/// Marks a phrase key among a note's named terms.
const NAMED_PHRASE: u64 = 1 << 63;

/// What a worker remembers while reading notes: each word it met, once,
/// and its stem in each language it was read in.
struct Reading {
    /// The first note this worker read: names it, in note order.
    first: usize,
    /// Word hash → the worker's number of the word: the one look-up a word
    /// read costs; what follows is indexing by that number.
    seen: WordMap<u32>,
    /// Per word: its hash, where its folded text stands in `spelled`, and
    /// the language and `(stem id, surface)` it was last resolved in.
    met: Vec<Met>,
    spelled: String,
    /// `(word hash, language)` → the worker's id of its stem, or
    /// [`NOT_A_TERM`], and its surface: for words met in another language
    /// than the one `met` remembers.
    stems: WordMap<(u32, u32)>,
    /// Stem hash → the worker's id.
    ids: WordMap<u32>,
    /// Per id: the stem's hash.
    lexicon: Vec<u64>,
    /// Per word seen (the second of its `stems` entry): its stem's id, how
    /// often it was read, and the word; a stem is shown by its commonest word.
    surfaces: Vec<(u32, u32, Box<str>)>,
    /// Per id: its weighted count in the note being read.
    counts: Vec<f32>,
    /// Ids counted in the note being read.
    touched: Vec<u32>,
    phrases: WordMap<f32>,
    /// The words of the note being read, in order.
    tokens: Vec<Token>,
}

/// A word a worker met.
struct Met {
    hash: u64,
    start: u32,
    end: u32,
    /// The language its `stem` is for, or `None` before it was resolved.
    language: Option<Language>,
    /// Its stem id (or [`NOT_A_TERM`]) and surface, in `language`.
    stem: (u32, u32),
}

impl Reading {
    fn new() -> Self {
        Self {
            first: usize::MAX,
            seen: WordMap::default(),
            met: Vec::new(),
            spelled: String::new(),
            stems: WordMap::default(),
            ids: WordMap::default(),
            lexicon: Vec::new(),
            surfaces: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            phrases: WordMap::default(),
            tokens: Vec::new(),
        }
    }

    /// Reads one word of the note: its number, the word remembered if new.
    fn push(&mut self, w: super::words::Word<'_>) {
        let Self { seen, met, spelled, tokens, .. } = self;
        let word = *seen.entry(w.hash).or_insert_with(|| {
            let start = spelled.len() as u32;
            spelled.push_str(w.text);
            met.push(Met { hash: w.hash, start, end: spelled.len() as u32, language: None, stem: (NOT_A_TERM, 0) });
            (met.len() - 1) as u32
        });
        tokens.push(Token { word, field: w.field, joined: w.joined, capital: w.capital });
    }
}

/// A word that is no term: a stop word or a word of a speaker's name.
const NOT_A_TERM: u32 = u32::MAX;

impl Similarity {
    pub fn build(c: &Collection) -> Self {
        let notes = &c.notes;
        let count = notes.len();
        if !notes.iter().any(untagged) {
            return Self { similar: vec![Vec::new(); count], key_terms: vec![Vec::new(); count], ..Self::default() };
        }
        let names = Names::of(c);
        let boilerplate = boilerplate_lines(notes);
        let event_words: Vec<Vec<u64>> = c.events.iter().map(event_words).collect();
        let no_words = Vec::new();
        let stemmers: Vec<Stemmer> = Language::ALL.iter().map(|l| Stemmer::create(l.stemmer())).collect();
        let (counted, mut readings) = par_map_with(notes, Reading::new, |reading, i, note| {
            let own_event = event_words.get(note.event).unwrap_or(&no_words);
            let context = Context {
                names: &names,
                speakers: names.of_note.get(i).map_or(&[][..], Vec::as_slice),
                own_event,
                boilerplate: &boilerplate.0,
                stemmers: &stemmers,
            };
            reading.first = reading.first.min(i);
            count_terms(note, boilerplate.1[i], &context, reading)
        });
        readings.sort_by_key(|r| r.first);
        let lexicon = Lexicon::build(&readings, &counted);
        drop(readings);
        let average = counted.iter().map(|n| n.length).sum::<f32>() / count.max(1) as f32;
        // Each term's rarity once, not once per note that uses it.
        let idf: Vec<f32> = lexicon.df.iter().map(|&df| idf(df, count)).collect();
        let weighted: Vec<Weighed> = par_map(&counted, |_, note| weigh(note, &lexicon, &idf, average.max(1.0)));
        drop(counted);
        let (mut vectors, mut context, mut titles, mut key_terms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut proposing = Vec::with_capacity(count);
        for w in weighted {
            vectors.push(w.key);
            context.push(w.context);
            proposing.push(w.proposing);
            titles.push(w.title);
            key_terms.push(w.top);
        }
        // Terms on more notes than this propose no candidates: they are
        // worth little, and following them would compare everything.
        let common = (count / 100).max(100) as u32;
        let postings = Postings::build(&context, |term| lexicon.df[term as usize] <= common, lexicon.df.len());
        let found: Vec<Vec<(usize, f32)>> = par_map_with(
            notes,
            || Scores::new(count, lexicon.df.len()),
            |scores, i, note| {
                if untagged(note) {
                    similar_to(i, [&vectors, &proposing, &titles], &postings, scores)
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
        Self { vectors, context, words: lexicon.words, phrases: lexicon.phrases, similar, key_terms, df: lexicon.df }
    }

    /// Notes similar to `note`, with their cosine, most similar first.
    pub fn similar(&self, note: usize) -> &[(usize, f32)] {
        self.similar.get(note).map_or(&[], Vec::as_slice)
    }

    /// How a reader knows `term`: the word, or the two words of a phrase, folded.
    pub(crate) fn term_text(&self, term: Term) -> Cow<'_, str> {
        let word = |t: Term| self.words.get(t as usize).map_or("", |w| &**w);
        match (term as usize).checked_sub(self.words.len()).and_then(|p| self.phrases.get(p)) {
            Some(&(first, second)) => Cow::Owned(format!("{} {}", word(first), word(second))),
            None => Cow::Borrowed(word(term)),
        }
    }

    /// Up to `n` words or phrases both notes are about, the ones that weigh
    /// most in their similarity first: `asyncio, coroutines, event loop`.
    /// A word already said within a phrase shown is not repeated.
    pub fn shared_terms(&self, a: usize, b: usize, n: usize) -> Vec<String> {
        let mut shared: Vec<(f32, Cow<'_, str>)> = Vec::new();
        // The key terms first; notes related by their wider text, by that.
        for vectors in [&self.vectors, &self.context] {
            let (Some(va), Some(vb)) = (vectors.get(a), vectors.get(b)) else {
                return Vec::new();
            };
            merge(va, vb, |term, wa, wb| shared.push((wa * wb, self.term_text(term))));
            if !shared.is_empty() {
                break;
            }
        }
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        pick_distinct(shared.iter().map(|(_, w)| &**w), n)
    }

    /// How many notes use `term`.
    pub(crate) fn notes_using(&self, term: Term) -> usize {
        self.df.get(term as usize).map_or(0, |&n| n as usize)
    }

    /// The two words of a phrase term; `None` for a word.
    pub(crate) fn phrase_words(&self, term: Term) -> Option<(Term, Term)> {
        (term as usize).checked_sub(self.words.len()).and_then(|p| self.phrases.get(p)).copied()
    }

    /// The [`KEPT_TERMS`] terms `note` is compared on, sorted by term.
    pub(crate) fn kept_terms(&self, note: usize) -> impl Iterator<Item = Term> + '_ {
        self.vectors.get(note).into_iter().flatten().map(|&(t, _)| t)
    }

    /// The terms that say most what `note` is about, heaviest first, each
    /// with whether the note names it in its title or a heading.
    pub(crate) fn key_terms(&self, note: usize) -> &[(Term, bool)] {
        self.key_terms.get(note).map_or(&[], Vec::as_slice)
    }
}

/// The collection's terms: the words every worker met, numbered once, and
/// the phrases on two notes or more after them; how many notes use each.
struct Lexicon {
    /// The first note of each reading, in order: which map a note needs.
    readers: Vec<usize>,
    /// Per reading: its word ids → the collection's.
    remap: Vec<Vec<u32>>,
    words: Vec<Box<str>>,
    phrases: Vec<(Term, Term)>,
    /// Phrase (as [`phrase_key`] of the collection's word ids) → its term.
    phrase_terms: WordMap<Term>,
    /// Per term: how many notes use it.
    df: Vec<u32>,
}

impl Lexicon {
    /// `readings` sorted by their first note, so that words are numbered
    /// (and shown, on a tie, as first seen) the same way every time.
    fn build(readings: &[Reading], counted: &[Counted]) -> Self {
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
            phrase_terms: WordMap::default(),
            df: Vec::new(),
        };
        let mut df = vec![0u32; lexicon.words.len()];
        let mut phrase_df: WordMap<u32> = WordMap::default();
        for note in counted {
            let map = lexicon.map_of(note.reader);
            for &(w, _) in &note.words {
                df[map[w as usize] as usize] += 1;
            }
            for &(p, _) in &note.phrases {
                *phrase_df.entry(remap_phrase(map, p)).or_insert(0) += 1;
            }
        }
        // A phrase of one note relates it to none: only the others are terms.
        let mut shared: Vec<(u64, u32)> = phrase_df.into_iter().filter(|&(_, n)| n >= 2).collect();
        shared.sort_unstable();
        for (key, n) in shared {
            let term = (lexicon.words.len() + lexicon.phrases.len()) as Term;
            lexicon.phrase_terms.insert(key, term);
            lexicon.phrases.push(((key >> 32) as Term, key as u32));
            df.push(n);
        }
        lexicon.df = df;
        lexicon
    }

    /// The map of word ids of the reading whose first note is `first`.
    fn map_of(&self, first: usize) -> &[u32] {
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

/// A phrase of a reading's word ids in the collection's.
fn remap_phrase(map: &[u32], phrase: u64) -> u64 {
    phrase_key(map[(phrase >> 32) as usize], map[phrase as u32 as usize])
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

/// People's names as words: people are not subjects, and a first name
/// shared by two speakers relates nothing.
#[derive(Default)]
struct Names {
    /// Last words of speakers' names (their affiliation left out): a
    /// surname is no term anywhere.
    surnames: WordSet,
    /// Their other words, and common given names: a name where a capital
    /// word follows (`Julia Silge`), but alone maybe a subject (the Julia
    /// language), so only a note's own speakers' are no terms everywhere.
    given: WordSet,
    /// Per note: the words of its speakers' names.
    of_note: Vec<Vec<u64>>,
}

impl Names {
    fn of(c: &Collection) -> Self {
        let mut names = Names::default();
        for word in GIVEN_NAMES.split_whitespace() {
            names.given.insert(hash_word(word), ());
        }
        for note in &c.notes {
            let mut of_note = Vec::new();
            for speaker in &note.speakers {
                let words = speaker_words(speaker);
                if let Some((&last, others)) = words.split_last() {
                    names.surnames.insert(last, ());
                    for &word in others {
                        names.given.insert(word, ());
                    }
                }
                of_note.extend(words);
            }
            names.of_note.push(of_note);
        }
        names
    }
}

/// The hashes of the words of a speaker's name, their affiliation left out.
fn speaker_words(speaker: &str) -> Vec<u64> {
    let mut words = Vec::new();
    for_each_word(&without_affiliation(speaker), Field::Title, |w| words.push(w.hash));
    words
}

/// Given names common among speakers of many countries, for names in a
/// note's text (`as Hilary Mason put it`) of people who are no speakers.
/// Words that also name subjects (Julia, Ruby, Rust) are left out.
const GIVEN_NAMES: &str = "aaron adam adrian ahmed aisha alan albert alex alexander alexandra alice alicia \
     amanda amy ana andrea andreas andrew andy angela anil anna anne anthony antonio ben benjamin bill bob \
     brandon brian bruce carl carlos carol caroline charles charlie chris christian christina christine \
     christopher claire craig dan daniel david deborah dennis diana diego dmitri dominik donald doug \
     douglas drew ed edward elena elizabeth emily emma eric erik ezra fatima felix fernando francesco \
     frank gary george giovanni greg gregory guido hannah hans harry heather helen henry hilary hugo ian \
     ivan jack jacob james jamie jan jane janet jason jeff jennifer jeremy jessica jim joe johan john \
     jonathan jordan jose joseph josh joshua juan julie justin karen kate katherine katie kelly ken kevin \
     kim kyle laura lauren laurent leah lee linda lisa lucas luis maria marie mario mark martin mary \
     matt matthew max megan melissa michael michelle miguel mike mohamed mohammed nancy natalie nathan \
     nicholas nick nicole olivia oscar pablo patrick paul pedro peter philip pierre rachel rahul raj \
     rebecca richard rob robert roberto ryan sam samantha samuel sara sarah scott sean sebastian sergey \
     simon sophie stefan stephanie stephen steve steven susan thomas tim timothy todd tom tony travis \
     victor vincent wei wes william yuki zach";

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

/// Lines in this many notes or more are boilerplate: a template's headings
/// and prompts ("## Takeaways", "Slides: link") say nothing of a subject.
const BOILERPLATE_NOTES: u32 = 3;

/// The [`line_hash`]es of lines that stand in [`BOILERPLATE_NOTES`] notes
/// or more, and per note whether it holds one.
fn boilerplate_lines(notes: &[Note]) -> (WordSet, Vec<bool>) {
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
    let lines: WordSet =
        counts.into_iter().filter(|&(_, n)| n >= BOILERPLATE_NOTES).map(|(line, _)| (line, ())).collect();
    let holds = per_note.iter().map(|note| note.iter().any(|line| lines.contains_key(line))).collect();
    (lines, holds)
}

/// What reading any note of a collection needs to know.
struct Context<'a> {
    names: &'a Names,
    /// Words of the note's own speakers' names.
    speakers: &'a [u64],
    /// Words of the note's own event name (a handful: a list is quickest).
    own_event: &'a [u64],
    boilerplate: &'a WordSet,
    /// One per [`Language::ALL`], in its order.
    stemmers: &'a [Stemmer],
}

/// Reads a note into weighted term frequencies. Words of the note's own
/// event name count in its title only: a talk called "Why this conference"
/// is about the conference; a talk that mentions it in passing is not.
/// The note is read into words once; its language, which says how they
/// stem, is guessed from the first of them.
fn count_terms(note: &Note, has_boilerplate: bool, context: &Context<'_>, reading: &mut Reading) -> Counted {
    let Context { names, speakers, own_event, boilerplate, stemmers } = context;
    reading.tokens.clear();
    for_each_word(&note.title, Field::Title, |w| reading.push(w));
    let title_words = reading.tokens.len();
    // Most notes hold no boilerplate line: their lines need no hashing.
    let kept = has_boilerplate.then_some(|line| !boilerplate.contains_key(&line));
    for_each_word_kept(&note.body, Field::Body, kept, |w| reading.push(w));
    let Reading { seen: _, met, spelled, stems, ids, lexicon, surfaces, counts, touched, phrases, tokens, .. } =
        reading;
    let sample = &tokens[title_words..tokens.len().min(title_words + LANGUAGE_SAMPLE_WORDS)];
    let language = guess_language(sample.iter().map(|t| met[t.word as usize].hash));
    let stemmer = &stemmers[Language::ALL.iter().position(|&l| l == language).unwrap_or(0)];
    phrases.clear();
    let mut length = 0.0f32;
    let mut named: Vec<u64> = Vec::new();
    let mut title: Vec<u32> = Vec::new();
    let mut echoed: Vec<u32> = Vec::new();
    let mut previous: Option<u32> = None;
    let mut in_name = false;
    for (k, token) in tokens.iter().enumerate() {
        if !token.joined {
            previous = None;
        }
        let word = &mut met[token.word as usize];
        let hash = word.hash;
        // A person's name says who, not what: a speaker's in their note,
        // a given name and the capital word after it anywhere.
        let next_capital = tokens.get(k + 1).is_some_and(|n| n.joined && n.capital);
        let starts_name = token.capital && next_capital && names.given.contains_key(&hash);
        in_name = starts_name || (in_name && token.capital && token.joined);
        if in_name || speakers.contains(&hash) {
            previous = None;
            continue;
        }
        let weight = match token.field {
            Field::Title => TITLE_WEIGHT,
            Field::Heading => HEADING_WEIGHT,
            Field::Body => 1.0,
        };
        // A word's stem (and whether it is no term) is worked out once per
        // language it is read in.
        if word.language != Some(language) {
            let key = hash ^ (language as u64).wrapping_mul(0x0100_0000_01b3);
            let text = &spelled[word.start as usize..word.end as usize];
            word.stem = *stems.entry(key).or_insert_with(|| {
                if names.surnames.contains_key(&hash) || is_stop_word_in(hash, language) {
                    return (NOT_A_TERM, 0);
                }
                let stem = hash_folded(&stemmer.stem(text));
                let id = *ids.entry(stem).or_insert_with(|| {
                    lexicon.push(stem);
                    counts.push(0.0);
                    (lexicon.len() - 1) as u32
                });
                surfaces.push((id, 0, text.into()));
                (id, (surfaces.len() - 1) as u32)
            });
            word.language = Some(language);
        }
        let (id, surface) = word.stem;
        if id == NOT_A_TERM {
            previous = None;
            continue;
        }
        if token.field != Field::Title && own_event.contains(&hash) {
            // No term here, but the note comes back to its title's word.
            echoed.push(id);
            previous = None;
            continue;
        }
        surfaces[surface as usize].1 += 1;
        let count = &mut counts[id as usize];
        if *count == 0.0 {
            touched.push(id);
        }
        *count += weight;
        length += weight;
        if token.field != Field::Body {
            named.push(u64::from(id));
        }
        if token.field == Field::Title {
            title.push(id);
        }
        if let (true, Some(first)) = (token.joined, previous) {
            let phrase = phrase_key(first, id);
            if token.field != Field::Body {
                named.push(phrase | NAMED_PHRASE);
            }
            *phrases.entry(phrase).or_insert(0.0) += weight * PHRASE_WEIGHT;
        }
        previous = Some(id);
    }
    // A title word the text never comes back to (`The evolution of X`) says
    // little of what the note is about.
    title.retain(|&id| counts[id as usize] > TITLE_WEIGHT || echoed.contains(&id));
    let words = touched.drain(..).map(|id| (id, std::mem::take(&mut counts[id as usize]))).collect();
    let phrases = phrases.drain().filter(|&(_, n)| n >= MIN_PHRASE_COUNT).collect();
    named.sort_unstable();
    named.dedup();
    title.sort_unstable();
    title.dedup();
    Counted { reader: reading.first, words, phrases, length, named, title }
}

/// One word of the note being read: the reader's number of the word, its
/// field, whether it joins the word before and starts with a capital.
struct Token {
    word: u32,
    field: Field,
    joined: bool,
    capital: bool,
}

/// How many of a note's first words its language is guessed from: the
/// stop words of a few lines say it.
const LANGUAGE_SAMPLE_WORDS: usize = 100;

/// A note weighed: BM25 vectors over its heaviest terms among those it
/// shares with another note (a term of one note relates it to none).
struct Weighed {
    /// [`KEPT_TERMS`] terms, unit length, sorted by term.
    key: Vec<(Term, f32)>,
    /// [`CONTEXT_TERMS`] terms, unit length, sorted by term.
    context: Vec<(Term, f32)>,
    /// The same heaviest first (by weight, then term): the order they propose candidates in.
    proposing: Vec<(Term, f32)>,
    /// The words of its title, unit length, sorted by term.
    title: Vec<(Term, f32)>,
    /// The [`KEY_TERMS`] heaviest, heaviest first, and whether each is in
    /// the title or a heading.
    top: Vec<(Term, bool)>,
}

/// BM25's inverse document frequency of a term on `df` of `notes` notes.
fn idf(df: u32, notes: usize) -> f32 {
    let (df, n) = (df as f32, notes as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn weigh(note: &Counted, lexicon: &Lexicon, idf: &[f32], average: f32) -> Weighed {
    let norm_length = K1 * (1.0 - B + B * note.length / average);
    let map = lexicon.map_of(note.reader);
    let bm25 = |term: Term, tf: f32| idf[term as usize] * tf * (K1 + 1.0) / (tf + norm_length);
    // (term, weight, weighted count, named up front)
    let mut vector: Vec<(Term, f32, f32, bool)> = Vec::with_capacity(note.words.len() + note.phrases.len());
    for &(w, tf) in &note.words {
        let term = map[w as usize];
        if lexicon.df[term as usize] >= 2 {
            let named = note.named.binary_search(&u64::from(w)).is_ok();
            vector.push((term, bm25(term, tf), tf, named));
        }
    }
    for &(p, tf) in &note.phrases {
        if let Some(&term) = lexicon.phrase_terms.get(&remap_phrase(map, p)) {
            let named = note.named.binary_search(&(p | NAMED_PHRASE)).is_ok();
            vector.push((term, bm25(term, tf), tf, named));
        }
    }
    let heavier = |a: &(Term, f32, f32, bool), b: &(Term, f32, f32, bool)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if vector.len() > CONTEXT_TERMS {
        vector.select_nth_unstable_by(CONTEXT_TERMS - 1, heavier);
        vector.truncate(CONTEXT_TERMS);
    }
    vector.sort_unstable_by(heavier);
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
    let context = unit(&vector);
    let norm = vector.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
    let proposing = vector.iter().map(|t| (t.0, t.1 / norm)).collect();
    Weighed { key: unit(&vector[..vector.len().min(KEPT_TERMS)]), context, proposing, title: unit(&title), top }
}

/// Calls `f` for each term two sorted vectors share, with both weights.
fn merge(a: &[(Term, f32)], b: &[(Term, f32)], mut f: impl FnMut(Term, f32, f32)) {
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

/// Term → the notes whose wider vector holds it and its weight there, for
/// the terms that propose candidates; one flat list, cut per term.
struct Postings {
    /// Per term: where its notes start in `entries` (one more at the end).
    starts: Vec<u32>,
    entries: Vec<(u32, f32)>,
}

impl Postings {
    fn build(vectors: &[Vec<(Term, f32)>], proposes: impl Fn(Term) -> bool, terms: usize) -> Self {
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

    fn of(&self, term: Term) -> &[(u32, f32)] {
        let t = term as usize;
        match (self.starts.get(t), self.starts.get(t + 1)) {
            (Some(&from), Some(&to)) => &self.entries[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// A worker's scratch space for scoring candidates: one slot per note.
struct Scores {
    /// Per note: the cosine of wider vectors added up so far; above 0 once
    /// it shares a term (weights are positive), when it joins `touched`.
    partial: Vec<f32>,
    touched: Vec<u32>,
    /// The notes met in the postings and their partial score.
    candidates: Vec<(u32, f32)>,
    /// Per term: 1 + its place among the key terms of the note being
    /// matched, else 0; a cosine over key terms is then one look-up per term.
    key_place: Vec<u8>,
}

impl Scores {
    fn new(notes: usize, terms: usize) -> Self {
        Self { partial: vec![0.0; notes], touched: Vec::new(), candidates: Vec::new(), key_place: vec![0; terms] }
    }
}

/// The notes most similar to note `i`, best first. Candidates share one of
/// its [`PROPOSING_TERMS`] heaviest terms; the best [`MAX_CANDIDATES`] of
/// them by those terms are compared in full: the cosine of their key-term
/// vectors, and for [`CONTEXT_SHARE`] that of their wider vectors.
fn similar_to(
    i: usize,
    [vectors, proposing, titles]: [&[Vec<(Term, f32)>]; 3],
    postings: &Postings,
    scores: &mut Scores,
) -> Vec<(usize, f32)> {
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
    // One rare word in common can be the whole subject (`zarr`): every
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
        candidates.select_nth_unstable_by(MAX_CANDIDATES - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(MAX_CANDIDATES);
    }
    // The wider cosine is what the postings added up (terms on too many
    // notes to have postings weigh little); the key terms' is exact.
    let mine = &vectors[i];
    let place = &mut scores.key_place;
    for (k, &(term, _)) in mine.iter().enumerate() {
        place[term as usize] = (k + 1) as u8;
    }
    let mut found: Vec<(usize, f32)> = candidates
        .iter()
        .filter_map(|&(j, wide)| {
            let j = j as usize;
            let mut key = 0.0;
            for &(term, weight) in &vectors[j] {
                if let Some(k) = place[term as usize].checked_sub(1) {
                    key += mine[k as usize].1 * weight;
                }
            }
            let mut title = 0.0;
            merge(&titles[i], &titles[j], |_, a, b| title += a * b);
            let score = (1.0 - CONTEXT_SHARE) * key + CONTEXT_SHARE * wide + TITLE_SHARE * title;
            (score >= MIN_SIMILARITY).then_some((j, score))
        })
        .collect();
    for &(term, _) in mine {
        place[term as usize] = 0;
    }
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found.truncate(MAX_SIMILAR);
    found
}

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
    use rayon::prelude::*;
    // One chunk per worker, each with its scratch value, in order: the
    // scratches come back in the order of their chunks whatever the timing.
    let size = items.len().div_ceil(threads);
    let chunks: Vec<(Vec<R>, S)> = items
        .par_chunks(size)
        .enumerate()
        .map(|(k, chunk)| {
            let mut s = scratch();
            let out: Vec<R> = chunk.iter().enumerate().map(|(i, item)| f(&mut s, k * size + i, item)).collect();
            (out, s)
        })
        .collect();
    let mut results = Vec::with_capacity(items.len());
    let mut scratches = Vec::with_capacity(threads);
    for (out, s) in chunks {
        results.extend(out);
        scratches.push(s);
    }
    (results, scratches)
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
                               resumes it. We rebuilt our crawler on asyncio, one event loop per process.";
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
    fn a_phrase_said_once_in_passing_is_no_term_but_its_words_are() {
        let c = collection(&[
            ("meetup-2019", "2019", &[("Gardening", "", "Tomato plants in raised beds, watered daily.")]),
            ("meetup-2020", "2020", &[("Compost", "", "Compost heaps feed raised beds and tomato plants.")]),
        ]);
        let s = Similarity::build(&c);
        let terms = s.shared_terms(0, 1, 5);
        assert!(terms.iter().any(|t| t == "raised") && terms.iter().any(|t| t == "tomato"), "{terms:?}");
        assert!(!terms.iter().any(|t| t.contains(' ')), "each note says each phrase once: {terms:?}");
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
    fn a_speakers_first_name_that_names_a_subject_still_relates_notes() {
        let c = collection(&[
            ("meetup-2019", "2019", &[("Gardening", "Julia Quinn", "Tomatoes and compost beds.")]),
            (
                "meetup-2020",
                "2020",
                &[
                    ("Fast numerics", "Bo Lin", "Julia compiles to fast machine code; Julia arrays are typed."),
                    ("Typed arrays", "Cy Ng", "Multiple dispatch in Julia: Julia arrays and Julia types."),
                ],
            ),
        ]);
        let s = Similarity::build(&c);
        let terms = s.shared_terms(1, 2, 3);
        assert!(terms.iter().any(|t| t.starts_with("julia")), "the language, not the speaker: {terms:?}");
        assert!(s.similar(0).is_empty(), "{:?}", s.similar(0));
    }

    #[test]
    fn peoples_names_in_the_text_are_no_subject() {
        let c = collection(&[
            ("meetup-2019", "2019", &[("Gardening", "", "As Hilary Mason said, tomatoes want compost beds.")]),
            ("meetup-2020", "2020", &[("Sailing", "", "Hilary Mason sails: knots, keels and tides.")]),
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
        let keys: Vec<String> = s.key_terms(1).iter().map(|&(t, _)| s.term_text(t).into_owned()).collect();
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
