//! Topics for notes that name none. With a vocabulary: its names and
//! aliases found, as whole words and in any case, in a note's title,
//! headings and text (a name in the title or a heading is evidence enough;
//! in the text it must come up twice, unless the note is short). Without
//! one, or where it names nothing a note mentions: the note's key phrases
//! that are key phrases of other notes too ([`PhraseTopics`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::similar::{Similarity, Term};
use super::surface::{written_forms, Wanted};
use super::topics::normalize;
use super::topics::{Topic, Vocabulary};
use super::words::{for_each_word, hash_word, Field, WordMap};
use crate::notes::enumeration::split_enumeration;
use crate::notes::parallel::worker_count;
use crate::notes::{Collection, Note};

/// Weight of a name found in the title or a heading; one in the text counts 1.
const HEADING_WEIGHT: u32 = 3;
/// Evidence a topic needs, and what suffices in a short note.
const MIN_EVIDENCE: u32 = 2;
const SHORT_NOTE_WORDS: usize = 120;
/// More inferred topics than this would say little about any of them.
const MAX_INFERRED: usize = 5;

/// The vocabulary as word sequences, by their last word.
pub(crate) struct Matcher {
    by_last: WordMap<Vec<(Vec<u64>, usize)>>,
    topics: Vec<Topic>,
}

/// Names longer than this many words are not looked for.
const MAX_NAME_WORDS: usize = 8;

impl Matcher {
    /// `None` when the vocabulary names nothing a text could mention.
    pub(crate) fn new(vocabulary: &Vocabulary) -> Option<Self> {
        let mut topics: Vec<Topic> = vocabulary.topics().map(str::to_string).collect();
        let mut by_last: WordMap<Vec<(Vec<u64>, usize)>> = WordMap::default();
        let mut names: Vec<(&str, &Topic)> = vocabulary.names().collect();
        names.sort();
        for (name, topic) in names {
            let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            // The words a text is read as: two characters or more, not all digits.
            let readable = |w: &&str| w.chars().nth(1).is_some() && !w.chars().all(|c| c.is_ascii_digit());
            if words.is_empty() || words.len() > MAX_NAME_WORDS || !words.iter().all(readable) {
                continue;
            }
            let index = match topics.iter().position(|t| t == topic) {
                Some(i) => i,
                None => {
                    topics.push(topic.clone());
                    topics.len() - 1
                }
            };
            let hashes: Vec<u64> = words.iter().map(|w| hash_word(w)).collect();
            by_last.entry(hashes[hashes.len() - 1]).or_default().push((hashes, index));
        }
        (!by_last.is_empty()).then_some(Self { by_last, topics })
    }

    /// The topics `title` and `body` mention, most evident first.
    pub(crate) fn topics_of(&self, title: &str, body: &str) -> Vec<Topic> {
        let mut reading =
            Reading { evidence: vec![0; self.topics.len()], recent: [(0, false); MAX_NAME_WORDS], seen: 0 };
        for_each_word(title, Field::Title, |w| reading.read(self, w.hash, true));
        for_each_word(body, Field::Body, |w| reading.read(self, w.hash, w.field != Field::Body));
        let needed = if reading.seen < SHORT_NOTE_WORDS { 1 } else { MIN_EVIDENCE };
        let mut found: Vec<(u32, &Topic)> =
            reading.evidence.iter().zip(&self.topics).filter(|(&e, _)| e >= needed).map(|(&e, t)| (e, t)).collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        found.into_iter().take(MAX_INFERRED).map(|(_, t)| t.clone()).collect()
    }
}

/// A text being read for names: the evidence so far and the last words read.
struct Reading {
    evidence: Vec<u32>,
    /// `(hash, in a heading)` of the last words, the newest at `(seen - 1) % MAX_NAME_WORDS`.
    recent: [(u64, bool); MAX_NAME_WORDS],
    seen: usize,
}

impl Reading {
    /// Takes the next word; counts every name that ends with it.
    fn read(&mut self, matcher: &Matcher, hash: u64, heading: bool) {
        self.recent[self.seen % MAX_NAME_WORDS] = (hash, heading);
        self.seen += 1;
        let Some(patterns) = matcher.by_last.get(&hash) else { return };
        for (pattern, topic) in patterns {
            let len = pattern.len();
            if len > self.seen {
                continue;
            }
            let word = |k: usize| self.recent[(self.seen - len + k) % MAX_NAME_WORDS];
            if (0..len).all(|k| word(k).0 == pattern[k]) {
                let in_heading = (0..len).all(|k| word(k).1);
                self.evidence[*topic] += if in_heading { HEADING_WEIGHT } else { 1 };
            }
        }
    }
}

/// Fills [`Note::inferred_topics`] of every note without topics (and
/// clears it on the others). Notes are read on all cores when there are many.
pub(crate) fn infer_topics(vocabulary: &Vocabulary, notes: &mut [Note]) {
    let matcher = Matcher::new(vocabulary);
    let run = |chunk: &mut [Note]| {
        for note in chunk {
            note.inferred_topics = match &matcher {
                // Inferred as notes are read, their text in memory.
                Some(m) if note.topics.is_empty() => m.topics_of(&note.title, note.body.loaded().unwrap_or_default()),
                _ => Vec::new(),
            };
        }
    };
    let threads = worker_count(notes.len());
    if threads <= 1 {
        run(notes);
        return;
    }
    let size = notes.len().div_ceil(threads);
    use rayon::prelude::*;
    notes.par_chunks_mut(size).for_each(run);
}

/// A key phrase is a topic when it is among the key terms of this many notes.
const MIN_PHRASE_NOTES: usize = 2;
/// Topics a note gets from its key phrases, at most.
const MAX_PHRASE_TOPICS: usize = 3;
/// Share of the notes using a word that must have it among their key terms
/// for it to be a topic: a subject is what the notes that say it are about;
/// a word many notes say in passing (`data`, `tools`, `future`) is not.
const MIN_KEY_SHARE: f32 = 0.2;

/// Words that name no subject on their own, however often notes are
/// about them ("the future of X", "effective X", "building X"): still
/// words of a phrase topic (`project management`), never a topic alone.
/// A list, not a rule on how many notes use a word: such words are on few
/// notes of a collection (`future`, `framework`, `effective` on 2 to 5 of
/// the development collections' notes), its real subjects (`python`,
/// `testing`) on many, so any share of notes that drops the first drops
/// the second sooner.
const GENERIC_WORDS: &str = "future effective framework frameworks software access teach teaching automated \
     automating automate integrating integrate scientific visual accelerate accelerating build building builds \
     developer developers model models language languages project projects tool tools data discussion modern \
     introduction better practical lesson lessons learned learning scale scaling work working works world \
     problem problems solution solutions approach approaches case study studies beyond real life advanced \
     getting started guide deep dive state enterprise community communities team teams applications application \
     platform platforms driven based new old using users user challenge challenges solve solving evolution \
     intelligence lessons possibilities";

/// Whether a word (as a reader knows it) is one of [`GENERIC_WORDS`].
fn is_generic(word: &str) -> bool {
    GENERIC_WORDS.split_whitespace().any(|w| w == word)
}

/// Topics found in the text of notes that have none, written or inferred
/// from the vocabulary: each a word or two-word phrase that is among the
/// weightiest terms ([`Similarity::key_terms`]) of two notes or more and
/// stands in the title or a heading of two of them and comes back in their
/// text (what a note is about, its author names up front and discusses;
/// words in passing, however rare, are not subjects, and neither is a word
/// of a title alone), named by the phrase itself. A word half of whose
/// notes say it within one phrase (`scikit` in `scikit learn`) is named
/// by that phrase.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct PhraseTopics {
    /// Per note: its topics, weightiest first; none past its end.
    pub by_note: Vec<Vec<Topic>>,
    /// Topic (normalised) → the phrase as a reader knows it.
    #[serde(serialize_with = "super::sorted_map")]
    pub labels: HashMap<Topic, String>,
}

impl PhraseTopics {
    pub(crate) fn build(c: &Collection, similarity: &Similarity) -> Self {
        let eligible = |n: &Note| n.topics.is_empty() && n.inferred_topics.is_empty();
        // Per key phrase: the notes it is key to, and those naming it up front.
        let mut support: HashMap<Term, (Vec<usize>, usize)> = HashMap::new();
        for (i, note) in c.notes.iter().enumerate() {
            if eligible(note) {
                for &(phrase, named) in similarity.key_terms(i) {
                    let entry = support.entry(phrase).or_default();
                    entry.0.push(i);
                    entry.1 += usize::from(named);
                }
            }
        }
        // The codes that number titles (`C2` of `C2. Rate decisions`) label an
        // outline's parts: a subject's name never stands in their place.
        // Gathered from every title only if a term is asked about: never
        // when every note has topics of its own.
        let outline_codes: std::cell::OnceCell<HashSet<String>> = std::cell::OnceCell::new();
        let outline_codes = || {
            outline_codes.get_or_init(|| {
                c.notes
                    .iter()
                    .filter_map(|n| split_enumeration(&n.title))
                    .map(|(code, _)| code.to_lowercase())
                    .collect()
            })
        };
        let is_topic = |term: Term| {
            let word = similarity.phrase_words(term).is_none().then(|| similarity.term_text(term));
            let generic = word.is_some_and(|w| is_generic(&w) || outline_codes().contains(w.as_ref()));
            !generic
                && support.get(&term).is_some_and(|(key, named)| {
                    key.len() >= MIN_PHRASE_NOTES
                        && *named >= MIN_PHRASE_NOTES
                        && key.len() as f32 >= MIN_KEY_SHARE * similarity.notes_using(term) as f32
                })
        };
        let named_by = usual_phrases(similarity, &support, is_topic);
        // Per note: the terms that may be its topics, weightiest first.
        let candidates: Vec<Vec<Term>> = c
            .notes
            .iter()
            .enumerate()
            .map(|(i, note)| {
                if !eligible(note) {
                    return Vec::new();
                }
                let mut terms: Vec<Term> = Vec::new();
                for &(term, _) in similarity.key_terms(i) {
                    if is_topic(term) {
                        let term = named_by.get(&term).copied().unwrap_or(term);
                        if !terms.contains(&term) {
                            terms.push(term);
                        }
                    }
                }
                // A word a phrase of the same note already says is no topic of its own.
                let within_phrase =
                    |t: Term| terms.iter().any(|&p| similarity.phrase_words(p).is_some_and(|(a, b)| a == t || b == t));
                terms.iter().copied().filter(|&t| !within_phrase(t)).collect()
            })
            .collect();
        // A word alone can name several subjects (`game` of sports, of game
        // theory, of a game changer): a note keeps a word topic only when it
        // is alike (text similarity, shown as related or not) to another note
        // the word may be a topic of, and the two share a key term besides
        // the word (or a phrase of it), so that a topic's notes share more
        // than the word. A phrase says which sense it means. (Pairs are
        // mutual: a note's own list says whom it is alike.)
        let shares_more = |i: usize, t: Term| {
            similarity.phrase_words(t).is_some()
                || similarity.alike(i).iter().any(|&(j, _)| {
                    candidates.get(j).is_some_and(|terms| terms.contains(&t)) && shares_besides(similarity, i, j, t)
                })
        };
        // Per topic: its term and the notes it is found on, in note order.
        let mut found: HashMap<Topic, (Term, Vec<usize>)> = HashMap::new();
        let mut by_note: Vec<Vec<Topic>> = candidates
            .iter()
            .enumerate()
            .map(|(i, terms)| {
                let kept = terms.iter().copied().filter(|&t| shares_more(i, t));
                let mut topics: Vec<Topic> = Vec::new();
                for term in kept.take(MAX_PHRASE_TOPICS) {
                    let phrase = similarity.term_text(term);
                    let topic = normalize(&phrase);
                    if !topic.is_empty() && !topics.contains(&topic) {
                        found.entry(topic.clone()).or_insert((term, Vec::new())).1.push(i);
                        topics.push(topic);
                    }
                }
                topics
            })
            .collect();
        // A topic left on one note (its others cut it for their weightier
        // ones, or share no more than its word) gathers nothing.
        found.retain(|_, (_, notes)| notes.len() >= MIN_PHRASE_NOTES);
        for topics in &mut by_note {
            topics.retain(|t| found.contains_key(t));
        }
        // Notes past the last one with topics have none, as notes past the
        // end: no empty list is held for each (a tagged collection's every
        // note, 2.4 MiB at 100,000 notes). Readers look notes up with `get`.
        let with_topics = by_note.iter().rposition(|topics| !topics.is_empty()).map_or(0, |last| last + 1);
        by_note.truncate(with_topics);
        by_note.shrink_to_fit();
        Self { by_note, labels: labels(c, similarity, found) }
    }
}

/// Whether notes `a` and `b` share a key term other than the word `word`
/// and the phrases it is a word of.
fn shares_besides(similarity: &Similarity, a: usize, b: usize, word: Term) -> bool {
    let other = |t: &Term| *t != word && similarity.phrase_words(*t).is_none_or(|(x, y)| x != word && y != word);
    let (mut xs, mut ys) =
        (similarity.kept_terms(a).filter(other).peekable(), similarity.kept_terms(b).filter(other).peekable());
    while let (Some(&x), Some(&y)) = (xs.peek(), ys.peek()) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => {
                xs.next();
            }
            std::cmp::Ordering::Greater => {
                ys.next();
            }
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Each topic's label: the term as the notes it is found on write it
/// (`scikit-learn`, `NumPy`), else each word's commonest form.
fn labels(
    c: &Collection,
    similarity: &Similarity,
    found: HashMap<Topic, (Term, Vec<usize>)>,
) -> HashMap<Topic, String> {
    let mut topics: Vec<(Topic, Term, Vec<usize>)> =
        found.into_iter().map(|(t, (term, notes))| (t, term, notes)).collect();
    topics.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let words: Vec<Vec<Cow<'_, str>>> = topics
        .iter()
        .map(|&(_, term, _)| match similarity.phrase_words(term) {
            Some((a, b)) => vec![similarity.term_text(a), similarity.term_text(b)],
            None => vec![similarity.term_text(term)],
        })
        .collect();
    let wanted: Vec<Wanted<'_>> = topics
        .iter()
        .zip(&words)
        .map(|((_, _, notes), words)| Wanted {
            words: words.iter().map(|w| &**w).collect(),
            notes: notes.clone(),
            spelling: None,
            unclear_capitals: true,
        })
        .collect();
    let written = written_forms(c, &wanted);
    topics
        .into_iter()
        .zip(written)
        .map(|((topic, term, _), written)| {
            let label = written.unwrap_or_else(|| similarity.term_text(term).into_owned());
            (topic, label)
        })
        .collect()
}

/// Word topics half of whose notes or more say them within one phrase, each with
/// that phrase: `scikit` → `scikit learn`, `deep` → `deep learning`.
fn usual_phrases(
    similarity: &Similarity,
    support: &HashMap<Term, (Vec<usize>, usize)>,
    is_topic: impl Fn(Term) -> bool,
) -> HashMap<Term, Term> {
    let mut out = HashMap::new();
    for (&word, (notes, _)) in support {
        if similarity.phrase_words(word).is_some() || !is_topic(word) {
            continue;
        }
        let mut phrases: HashMap<Term, usize> = HashMap::new();
        for &note in notes {
            for term in similarity.kept_terms(note) {
                if similarity.phrase_words(term).is_some_and(|(a, b)| a == word || b == word) {
                    *phrases.entry(term).or_insert(0) += 1;
                }
            }
        }
        let best = phrases.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((phrase, n)) = best {
            if n >= MIN_PHRASE_NOTES && 2 * n >= notes.len() {
                out.insert(word, phrase);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let text =
            "[observability]\naliases = [\"o11y\", \"tracing\"]\n[ai-ml]\naliases = [\"machine learning\", \"llm\"]\n\
                    [wasm]\naliases = [\"webassembly\"]\n[cpp]\naliases = [\"c++\"]\n";
        Vocabulary::parse(text, "topics.toml").0
    }

    #[test]
    fn names_and_aliases_match_whole_words_in_any_case() {
        let m = Matcher::new(&vocabulary()).expect("a vocabulary");
        assert_eq!(m.topics_of("Machine-Learning at scale", "text"), ["ai-ml"]);
        assert_eq!(m.topics_of("Notes", "We used WebAssembly.\n\nAnd TRACING."), ["observability", "wasm"]);
        assert!(m.topics_of("Notes", "wasmtime and llms and c code").is_empty(), "whole words only");
    }

    #[test]
    fn long_notes_need_a_heading_or_two_mentions() {
        let m = Matcher::new(&vocabulary()).expect("a vocabulary");
        let filler = "lorem ipsum dolor ".repeat(60);
        assert!(m.topics_of("Notes", &format!("{filler} wasm once")).is_empty());
        assert_eq!(m.topics_of("Notes", &format!("{filler} wasm and wasm")), ["wasm"]);
        assert_eq!(m.topics_of("Notes", &format!("## Wasm\n{filler}")), ["wasm"]);
        assert!(m.topics_of("Notes", &format!("{filler}\n```\nwasm wasm wasm\n```\n")).is_empty(), "not in code");
    }

    #[test]
    fn only_notes_without_topics_get_inferred_ones() {
        let mut notes = vec![
            Note { title: "Tracing".into(), ..Note::default() },
            Note { title: "Tracing".into(), topics: vec!["other".into()], ..Note::default() },
        ];
        infer_topics(&vocabulary(), &mut notes);
        assert_eq!(notes[0].inferred_topics, ["observability"]);
        assert!(notes[1].inferred_topics.is_empty());
        assert!(Matcher::new(&Vocabulary::default()).is_none());
    }

    /// An untagged collection of one event: `(title, body)` per note.
    fn untagged(notes: &[(&str, &str)]) -> Collection {
        let mut c = crate::test_fixtures::empty_collection();
        c.events.push(crate::notes::Event { folder: "meetup-2025".into(), ..crate::notes::Event::default() });
        for (k, (title, body)) in notes.iter().enumerate() {
            c.events[0].notes.push(c.notes.len());
            c.notes.push(Note {
                id: crate::notes::NoteId(format!("meetup-2025/{k}.md")),
                title: title.to_string(),
                body: (*body).into(),
                ..Note::default()
            });
        }
        c
    }

    #[test]
    fn a_word_topic_needs_notes_that_share_more_than_the_word() {
        // `game` of sports and of economics: the notes share the word and nothing else.
        let c = untagged(&[
            (
                "Sunday football",
                "## Game plan\n\nThe quarterback threw a touchdown; the game went to overtime. Quarterback \
                 reads, touchdown drives, overtime rules, kickoff returns, kickoff coverage, punt blocks, \
                 punt returns, linebacker blitzes and linebacker drops. Each game the quarterback studies \
                 tape; a touchdown drive in overtime wins the game.",
            ),
            (
                "Special teams",
                "Kickoff returns and kickoff coverage, punt blocks and punt returns; a linebacker blitzes, \
                 the quarterback reads the blitz, a touchdown in overtime; linebacker drops, touchdown drives.",
            ),
            (
                "Equilibria",
                "## Game payoffs\n\nA payoff matrix and a Nash equilibrium: each game has payoffs. Mixed \
                 strategies, dominant strategies, auction bidders, auction reserves, prisoners defecting, \
                 prisoners cooperating, equilibrium refinements and payoff matrices. The game is repeated; \
                 equilibrium strategies fill the payoff matrix of the game.",
            ),
            (
                "Auctions",
                "Auction bidders and auction reserves; a payoff matrix of dominant strategies and mixed \
                 strategies; prisoners defecting or cooperating; equilibrium refinements, payoff matrices.",
            ),
            ("Compost beds", "Compost feeds tomatoes; compost beds need watering; compost heaps and compost bins."),
            ("Compost heaps", "Turn compost heaps weekly: compost bins, compost tea, tomatoes and watering."),
        ]);
        let s = Similarity::build(&c);
        let topics = PhraseTopics::build(&c, &s);
        let of = |n: usize| topics.by_note.get(n).cloned().unwrap_or_default();
        assert!(!of(0).contains(&"game".to_string()), "{:?} {:?}", of(0), s.similar(0));
        assert!(!of(2).contains(&"game".to_string()), "{:?}", of(2));
        // Notes on one subject share more than its word, and keep it.
        assert!(
            of(4).contains(&"compost".to_string()) && of(5).contains(&"compost".to_string()),
            "{:?}",
            topics.by_note
        );
    }
}
