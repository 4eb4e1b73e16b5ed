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
//! A word the notes using it say once each in passing (`returns`, `true`)
//! keeps only part of its rarity: in a small collection rarity alone does
//! not tell it from a subject, which notes come back to.
//!
//! Two notes are compared on their key terms (each note's [`KEPT_TERMS`](weigh::KEPT_TERMS)
//! weightiest, what it is about) and, for a smaller share, on a wider
//! vector of [`CONTEXT_TERMS`](weigh::CONTEXT_TERMS) terms: the score is a blend of the two
//! cosines. Every note that has no topics gets its best candidates ranked
//! by that score, down to [`MIN_SIMILARITY`](matching::MIN_SIMILARITY); pairs are then made mutual,
//! and each note shows those within reach of its own best
//! ([`within_reach`](matching::within_reach)): a share of its best score,
//! a larger one when the notes share only generic words, neither title
//! meets the other's text, or they share a word or two their titles and
//! headings do not name.
//! Notes whose shared key terms neither comes back to are related only by
//! [`MIN_PASSING_SHARED`](matching::MIN_PASSING_SHARED) terms or more, and
//! only when they score [`PASSING_SHARE`](matching::PASSING_SHARE) of the
//! note's best: words in passing relate notes that have nothing better.
//! Candidates come from an inverted index over each note's most telling
//! terms (terms on too many notes propose none), and each candidate is
//! compared over whole vectors. Work is spread over the machine's cores.
//!
//! The same weights name each note's key phrases ([`Similarity::key_terms`]),
//! from which topics are inferred for notes nobody tagged.
//!
//! One job per part: [`reading`] reads a note into weighted counts of
//! terms, [`lexicon`] numbers the collection's terms and counts the notes
//! using each, [`weigh`] turns counts into the vectors notes are compared
//! on, [`matching`] finds each note's most similar notes; this module puts
//! them together and answers questions about the result.

mod lexicon;
mod matching;
mod reading;
mod tables;
mod weigh;

use std::borrow::Cow;

use rust_stemmers::Stemmer;

use super::words::Language;
use crate::notes::parallel::{par_map, par_map_with};
use crate::notes::{Collection, Note};
use lexicon::Lexicon;
use matching::{best_first, similar_to, within_reach, Compared, Postings, Related, Scores};
pub use reading::LinesSeen;
use reading::{boilerplate_lines, count_terms, event_words, Context, Names, Reading, WordSet};
use weigh::{idf, passing_factor, weigh, Weighed};

/// A term of the collection: a stemmed word (ids below the number of
/// words) or a two-word phrase (the ids after), by its place in the build's lexicon.
pub(crate) type Term = u32;

/// Term vectors of a collection's notes and the similar pairs among them.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Similarity {
    /// Per note: `(term, weight)` of its [`weigh::KEPT_TERMS`] key terms, sorted by term, unit length.
    vectors: Vec<Vec<(Term, f32)>>,
    /// The same over its [`weigh::CONTEXT_TERMS`] weightiest terms.
    context: Vec<Vec<(Term, f32)>>,
    /// Per word term: how a reader knows it, its shortest word seen, folded.
    words: Vec<Box<str>>,
    /// Per phrase term (after the words): its two words.
    phrases: Vec<(Term, Term)>,
    /// Per note: similar notes and their cosine, those shown best first,
    /// then those too far below its best to be shown, best first.
    similar: Vec<Vec<(usize, f32)>>,
    /// Per note: how many of `similar` are shown.
    shown: Vec<u32>,
    /// Per note: its weightiest terms, heaviest first, each with whether
    /// the note names it in its title or a heading.
    key_terms: Vec<Vec<(Term, bool)>>,
    /// Per term: how many notes use it.
    df: Vec<u32>,
}

impl Similarity {
    #[cfg(test)]
    pub fn build(c: &Collection) -> Self {
        Self::build_with_lines(c, None)
    }

    /// As [`build`](Self::build), with each note's [`LinesSeen`] when a
    /// load took them from the texts it had in memory: every text is then
    /// read once here, not twice.
    pub fn build_with_lines(c: &Collection, lines: Option<Vec<LinesSeen>>) -> Self {
        let notes = &c.notes;
        let count = notes.len();
        if !notes.iter().any(untagged) {
            // Nothing is similar and no note has key terms: no empty list is
            // held for each (4.6 MiB at 100,000 notes); `similar` and
            // `key_terms` answer none for a note past the end.
            return Self::default();
        }
        let names = Names::of(c);
        let boilerplate = boilerplate_lines(c, lines);
        let event_words: Vec<Vec<u64>> = c.events.iter().map(event_words).collect();
        let any_event: WordSet = event_words.iter().flatten().map(|&w| (w, ())).collect();
        let no_words = Vec::new();
        let stemmers: Vec<Stemmer> = Language::ALL.iter().map(|l| Stemmer::create(l.stemmer())).collect();
        let (counted, mut readings) = par_map_with(notes, Reading::new, |reading, i, note| {
            let own_event = event_words.get(note.event).unwrap_or(&no_words);
            let context = Context {
                names: &names,
                speakers: names.of_note.get(i).map_or(&[][..], Vec::as_slice),
                own_event,
                any_event: &any_event,
                boilerplate: &boilerplate.0,
                stemmers: &stemmers,
            };
            reading.first = reading.first.min(i);
            count_terms(c, note, boilerplate.1[i], &context, reading)
        });
        readings.sort_by_key(|r| r.first);
        let lexicon = Lexicon::build(&readings, &counted);
        drop(readings);
        let average = counted.iter().map(|n| n.length).sum::<f32>() / count.max(1) as f32;
        // Each term's rarity once, not once per note that uses it.
        // A word's weight shrinks as the notes using it fail to come back to
        // it: a word each note says once in passing is no subject.
        let idf: Vec<f32> = lexicon
            .df
            .iter()
            .enumerate()
            .map(|(t, &df)| idf(df, count) * lexicon.repeated.get(t).map_or(1.0, |&r| passing_factor(r, df)))
            .collect();
        let weighted: Vec<Weighed> = par_map(&counted, |i, note| weigh(i, note, &lexicon, &idf, average.max(1.0)));
        drop(counted);
        let (mut vectors, mut context, mut titles, mut key_terms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut proposing = Vec::with_capacity(count);
        let mut repeated = Vec::with_capacity(count);
        let mut named = Vec::with_capacity(count);
        for w in weighted {
            repeated.push(w.repeated);
            named.push(w.named);
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
        // Per note, which of its key terms (by term, as `repeated`) are the collection's context.
        let context_terms: Vec<u32> = vectors
            .iter()
            .map(|key| {
                key.iter().enumerate().fold(0u32, |bits, (k, &(term, _))| {
                    bits | (u32::from(matching::is_context(lexicon.df[term as usize], count)) << k)
                })
            })
            .collect();
        let compared = Compared::new(&vectors, &titles, repeated, context_terms);
        let found: Vec<Vec<Related>> = par_map_with(
            notes,
            || Scores::new(count, lexicon.df.len()),
            |scores, i, note| {
                if untagged(note) {
                    similar_to(i, &proposing, &context, &compared, &postings, scores)
                } else {
                    Vec::new()
                }
            },
        )
        .0;
        // Make every pair mutual: a tagged note learns of the untagged notes
        // like it. Words neither note comes back to relate them only if they
        // also would from the other side: a note with better relations is
        // not given a weak one by a note that has nothing better.
        let best: Vec<f32> = found.iter().map(|list| list.first().map_or(0.0, |r| r.1)).collect();
        let mut similar: Vec<Vec<(usize, f32)>> =
            found.iter().map(|list| list.iter().map(|&(j, s, _)| (j, s)).collect()).collect();
        for (i, list) in found.iter().enumerate() {
            for &(j, s, passing) in list {
                if passing && s < matching::PASSING_SHARE * best[j] {
                    continue;
                }
                if !similar[j].iter().any(|&(k, _)| k == i) {
                    similar[j].push((i, s));
                }
            }
        }
        // What a note shows is cut relative to its own best: one truly
        // related note is shown alone, not with two that share a word.
        // The rest stay behind them: they still say whom a note's words
        // are shared with (a word topic's notes, `infer`).
        let generic = |term: Term| matching::is_generic(lexicon.df[term as usize], count);
        let mut shown = Vec::with_capacity(count);
        let mut cut = Vec::new();
        // Per term: whether the note being cut holds it among its key terms
        // (KEY) and its wider vector (WIDE); a look-up per term of the other.
        let mut marks = vec![0u8; lexicon.df.len()];
        const KEY: u8 = 1;
        const WIDE: u8 = 2;
        // Among KEY: named in the note's title or a heading.
        const NAMED: u8 = 4;
        for (i, list) in similar.iter_mut().enumerate() {
            list.sort_unstable_by_key(|&(j, s)| best_first(j, s));
            if list.len() < 2 {
                shown.push(list.len() as u32);
                continue;
            }
            let (key, wide, title) = (&vectors[i], &context[i], &titles[i]);
            for (k, &(t, _)) in key.iter().enumerate() {
                marks[t as usize] |= KEY | if (named[i] >> k) & 1 == 1 { NAMED } else { 0 };
            }
            wide.iter().for_each(|&(t, _)| marks[t as usize] |= WIDE);
            let marks_now = &marks;
            let generic_only = |j: usize| {
                let mut shared = vectors[j].iter().filter(|&&(t, _)| marks_now[t as usize] & KEY != 0).peekable();
                shared.peek().is_some() && shared.all(|&(t, _)| generic(t))
            };
            // Both titles, and neither meets the other's text: the other's
            // title words by their marks, this one's looked up in the other's.
            let titles_apart = |j: usize| {
                !title.is_empty()
                    && !titles[j].is_empty()
                    && !titles[j].iter().any(|&(t, _)| marks_now[t as usize] & WIDE != 0)
                    && !title.iter().any(|&(t, _)| context[j].binary_search_by_key(&t, |&(u, _)| u).is_ok())
            };
            // A word or two in common, named up front by neither note.
            let thin = |j: usize| {
                let (mut shared, mut up_front) = (0, false);
                for (k, &(t, _)) in vectors[j].iter().enumerate() {
                    let mark = marks_now[t as usize];
                    if mark & KEY != 0 {
                        shared += 1;
                        up_front |= mark & NAMED != 0 || (named[j] >> k) & 1 == 1;
                    }
                }
                shared <= matching::THIN_SHARED && !up_front
            };
            shown.push(within_reach(list, &mut cut, generic_only, titles_apart, thin) as u32);
            key.iter().chain(wide.iter()).for_each(|&(t, _)| marks[t as usize] = 0);
        }
        Self {
            vectors,
            context,
            words: lexicon.words,
            phrases: lexicon.phrases,
            similar,
            shown,
            key_terms,
            df: lexicon.df,
        }
    }

    /// Notes similar to `note` enough to be shown, with their cosine, most similar first.
    pub fn similar(&self, note: usize) -> &[(usize, f32)] {
        let all = self.alike(note);
        &all[..self.shown.get(note).map_or(0, |&n| n as usize).min(all.len())]
    }

    /// Every note whose words `note` shares enough to compare them, shown
    /// or not, in no promised order.
    pub(crate) fn alike(&self, note: usize) -> &[(usize, f32)] {
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
    /// most in their similarity, phrases first: `event loop, asyncio,
    /// coroutines`. A word already said within a phrase shown is not repeated.
    pub fn shared_terms(&self, a: usize, b: usize, n: usize) -> Vec<String> {
        let mut shared: Vec<(f32, Term, Cow<'_, str>)> = Vec::new();
        // The key terms first; notes related by their wider text, by that.
        for vectors in [&self.vectors, &self.context] {
            let (Some(va), Some(vb)) = (vectors.get(a), vectors.get(b)) else {
                return Vec::new();
            };
            merge(va, vb, |term, wa, wb| shared.push((wa * wb, term, self.term_text(term))));
            if !shared.is_empty() {
                break;
            }
        }
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.2.cmp(&y.2)));
        let mut picked = pick_distinct(shared.iter().map(|(_, _, w)| &**w), n);
        // A phrase says a subject better than its words apart (`message
        // catalog`): said first, unless the collection carries it widely,
        // when it is the collection's subject (`data science`), not theirs.
        let notes = self.vectors.len();
        let specific_phrase = |text: &str| {
            shared.iter().find(|(_, _, w)| w == text).is_some_and(|&(_, term, _)| {
                self.phrase_words(term).is_some() && !matching::is_generic(self.notes_using(term) as u32, notes)
            })
        };
        picked.sort_by_key(|text| !specific_phrase(text));
        picked
    }

    /// How many notes use `term`.
    pub(crate) fn notes_using(&self, term: Term) -> usize {
        self.df.get(term as usize).map_or(0, |&n| n as usize)
    }

    /// The two words of a phrase term; `None` for a word.
    pub(crate) fn phrase_words(&self, term: Term) -> Option<(Term, Term)> {
        (term as usize).checked_sub(self.words.len()).and_then(|p| self.phrases.get(p)).copied()
    }

    /// The [`weigh::KEPT_TERMS`] terms `note` is compared on, sorted by term.
    pub(crate) fn kept_terms(&self, note: usize) -> impl Iterator<Item = Term> + '_ {
        self.vectors.get(note).into_iter().flatten().map(|&(t, _)| t)
    }

    /// The terms that say most what `note` is about, heaviest first, each
    /// with whether the note names it in its title or a heading.
    pub(crate) fn key_terms(&self, note: usize) -> &[(Term, bool)] {
        self.key_terms.get(note).map_or(&[], Vec::as_slice)
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

/// Whether nobody tagged `note`: its relations come from its text.
pub fn untagged(note: &Note) -> bool {
    note.topics.is_empty()
}

/// Calls `f` for each term two sorted vectors share, with both weights.
pub(super) fn merge(a: &[(Term, f32)], b: &[(Term, f32)], mut f: impl FnMut(Term, f32, f32)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Event, NoteId, PartialDate};

    /// `(title, speaker, body)` of a note.
    type Talk<'a> = (&'a str, &'a str, &'a str);

    /// An untagged collection: `(event folder, year, talks)` per event.
    fn collection(events: &[(&str, &str, &[Talk<'_>])]) -> Collection {
        let mut c = crate::test_fixtures::empty_collection();
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
                    body: (*body).into(),
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
                "zoconf-2017",
                "2017",
                &[
                    ("Another async", "Ada Lovelace", ASYNC),
                    ("Accessible sites", "Grace Hopper", ACCESS),
                    ("Tuning Postgres", "Ada Lovelace", DATABASE),
                ],
            ),
            (
                "zoconf-2018",
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
        let body = |subject: &str| format!("{subject} Ada Lovelace at zoconf.");
        let c = collection(&[
            ("zoconf-2017", "2017", &[("Gardening", "Ada Lovelace", &body("Tomatoes and compost beds."))]),
            ("zoconf-2018", "2018", &[("Sailing", "Ada Lovelace", &body("Knots, keels and tides."))]),
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
            ("meetup-2019", "2019", &[("Gardening", "", "As Heather Mercer said, tomatoes want compost beds.")]),
            ("meetup-2020", "2020", &[("Sailing", "", "Heather Mercer sails: knots, keels and tides.")]),
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
    fn a_template_label_in_many_notes_is_boilerplate_but_its_line_is_read() {
        let template = |session: &str, by: &str, subject: &str| {
            format!("Snapshot - {session}\n\n**Presenters:** {by}\n\n{subject}\n")
        };
        let c = collection(&[(
            "meetup-2020",
            "2020",
            &[
                ("Gardening", "", &template("Tomatoes outdoors", "Quinlan Brook", "Compost beds and seedlings.")),
                ("Sailing", "", &template("Knots at sea", "Ottoline Vance", "Keels, tides and harbours.")),
                ("Baking", "", &template("Sourdough at home", "Peregrine Holt", "Starters, ovens and crusts.")),
                ("Greenhouses", "", "Tomatoes outdoors and indoors: compost, seedlings, glass."),
            ],
        )]);
        let s = Similarity::build(&c);
        for note in 0..3 {
            let others: Vec<usize> = s.similar(note).iter().map(|&(other, _)| other).filter(|&o| o < 3).collect();
            assert!(others.is_empty(), "{note}: {others:?}: {:?}", s.shared_terms(0, 1, 3));
        }
        assert!(s.similar(0).iter().any(|&(other, _)| other == 3), "the rest of a label's line counts");
    }

    #[test]
    fn lines_of_code_blocks_many_notes_share_are_no_boilerplate() {
        let with_code = |subject: &str| format!("{subject}\n\n```yaml\nkind: ConfigMap\n```\n");
        let c = collection(&[(
            "meetup-2020",
            "2020",
            &[
                ("Gardening", "", &with_code("Tomatoes and compost beds.")),
                ("Sailing", "", &with_code("Knots, keels and tides.")),
                ("Baking", "", &with_code("Sourdough starters and ovens.")),
            ],
        )]);
        let (template, holds) = boilerplate_lines(&c, None);
        assert!(template.lines.is_empty() && holds.iter().all(|&h| !h), "code lines are never read: {holds:?}");
    }

    #[test]
    fn two_words_each_note_says_once_relate_nothing() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                ("Estimators", "", "Gradient boosting fits residuals; the wrapper callback returns early."),
                ("Voice agents", "", "Agents fill forms over the phone; a callback returns later."),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
            ],
        )]);
        let s = Similarity::build(&c);
        assert!(s.similar(0).is_empty(), "{:?}: {:?}", s.similar(0), s.shared_terms(0, 1, 3));
    }

    #[test]
    fn a_word_only_a_heading_names_is_not_come_back_to() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                ("Websockets", "", "## Drawbacks\n\nChannels route websockets to consumers; channels scale out."),
                ("Querysets", "", "## Drawbacks\n\nManagers chain querysets; managers hide filters."),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
            ],
        )]);
        let s = Similarity::build(&c);
        assert!(s.similar(0).is_empty(), "{:?}: {:?}", s.similar(0), s.shared_terms(0, 1, 3));
        // Said again below its heading, the word is one both come back to.
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                ("Websockets", "", "## Drawbacks\n\nChannels route websockets; the drawbacks are many."),
                ("Querysets", "", "## Drawbacks\n\nManagers chain querysets; drawbacks are few."),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
            ],
        )]);
        let s = Similarity::build(&c);
        assert!(s.similar(0).iter().any(|&(n, _)| n == 1), "{:?}", s.similar(0));
    }

    #[test]
    fn one_word_a_fifth_of_the_notes_carry_relates_nothing_alone() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                ("Roses", "", "Roses climb the garden wall; the garden roses bloom twice."),
                ("Ponds", "", "Frogs love a garden pond; the garden pond needs a pump."),
                ("Sheds", "", "A garden shed keeps rakes dry; sheds sit at the garden's end."),
                ("Tomatoes", "", "Tomatoes want stakes and sun; tomatoes split after rain."),
                ("Tomato blight", "", "Blight browns tomatoes; tomatoes under cover escape it."),
                ("Sailing", "", "Knots, keels and tides."),
                ("Baking", "", "Sourdough starters and ovens."),
                ("Chess", "", "Openings, endgames and clocks."),
                ("Cycling", "", "Gears, chains and saddles."),
                ("Knitting", "", "Needles, wool and cables."),
            ],
        )]);
        let s = Similarity::build(&c);
        for note in 0..3 {
            assert!(s.similar(note).is_empty(), "{note}: {:?}: {:?}", s.similar(note), s.shared_terms(0, 1, 3));
        }
        // A word two notes of ten carry is theirs: it relates them.
        assert_eq!(s.similar(3).iter().map(|&(n, _)| n).collect::<Vec<_>>(), [4], "{:?}", s.similar(3));
    }

    #[test]
    fn words_in_passing_relate_a_note_only_near_its_best_relation() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                ("Ospreys", "", "Osprey nests on the coast; osprey chicks fledge late. A kestrel, a heron, an egret."),
                ("Fishing hawks", "", "Each osprey dives from the coast; osprey pairs return."),
                ("Marsh walk", "", "A kestrel, a heron, an egret: mud and reeds."),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
            ],
        )]);
        let s = Similarity::build(&c);
        let related = |n: usize| s.similar(n).iter().map(|&(m, _)| m).collect::<Vec<_>>();
        assert_eq!(related(0), [1], "{:?} {:?}", s.similar(0), s.shared_terms(0, 2, 3));
        assert_eq!(related(2), [0], "the marsh walk has nothing better: {:?}", s.similar(2));
    }

    #[test]
    fn a_relation_far_below_a_notes_best_is_not_shown_there() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                (
                    "Ospreys",
                    "",
                    "Osprey nests on poles; osprey chicks fledge; the osprey dives with talons first. \
                     Osprey pairs return each spring to the nests on the poles; chicks fledge, talons grip fish. \
                     Pairs dive, fish, return; wet feathers, wide wings, a river perch, feathers and wings \
                     over the river. We watched from the harbour, by the harbour wall.",
                ),
                (
                    "Fishing hawks",
                    "",
                    "Each osprey dives for fish with talons; osprey pairs nest on poles; osprey chicks fledge. \
                     The osprey pairs return each spring; nests on poles, chicks fledge, talons and fish. \
                     Feathers, wings, a perch by the river; river feathers, wings.",
                ),
                ("Harbour day", "", "Boats in the harbour, ropes on the harbour wall, crabs under the harbour wall."),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
                ("Chess", "", "Openings, endgames and clocks."),
                ("Cycling", "", "Gears, chains and saddles."),
            ],
        )]);
        let s = Similarity::build(&c);
        let related = |n: usize| s.similar(n).iter().map(|&(m, _)| m).collect::<Vec<_>>();
        // The harbour note shares words with the osprey note, far below its best.
        assert!(s.alike(0).iter().any(|&(m, _)| m == 2), "{:?}", s.alike(0));
        assert_eq!(related(0), [1], "{:?}", s.alike(0));
        // The harbour note has nothing better: it is shown there.
        assert_eq!(related(2), [0], "{:?}", s.alike(2));
    }

    #[test]
    fn notes_whose_titles_meet_neither_text_need_more_of_the_best() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                (
                    "Ospreys",
                    "",
                    "Osprey nests on poles; osprey chicks fledge; the osprey dives with talons first. \
                     Osprey pairs return each spring to the nests on the poles; chicks fledge, talons grip fish. \
                     Pairs dive, fish, return. We watched from the harbour wall, the harbour wall.",
                ),
                (
                    "Fishing hawks",
                    "",
                    "Each osprey dives for fish with talons; osprey pairs nest on poles; osprey chicks fledge. \
                     The osprey pairs return each spring; nests on poles, chicks fledge, talons and fish.",
                ),
                (
                    "Lighthouses",
                    "",
                    "A lighthouse at the end of the harbour wall; the lighthouse lamp, the harbour wall.",
                ),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
                ("Chess", "", "Openings, endgames and clocks."),
                ("Cycling", "", "Gears, chains and saddles on the ride out to the lighthouse."),
            ],
        )]);
        let s = Similarity::build(&c);
        let related = |n: usize| s.similar(n).iter().map(|&(m, _)| m).collect::<Vec<_>>();
        // Ospreys and lighthouses share the harbour wall, not their subjects.
        let harbour = s.alike(0).iter().find(|&&(m, _)| m == 2).map(|&(_, x)| x);
        let best = s.alike(0).first().map_or(0.0, |&(_, x)| x);
        assert!(harbour.is_some_and(|x| x >= 0.3 * best), "{:?}", s.alike(0));
        assert_eq!(related(0), [1], "{:?}", s.alike(0));
    }

    #[test]
    fn notes_sharing_a_word_of_their_bodies_alone_need_more_of_the_best() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                (
                    "Ospreys",
                    "",
                    "Osprey nests on poles; osprey chicks fledge; the osprey dives with talons first. \
                     Osprey pairs return each spring to the nests on the poles; chicks fledge, talons grip fish. \
                     Pairs dive, fish, return. Seen from the lighthouse: glass at the lighthouse, lighthouse glass.",
                ),
                ("Fishing hawks", "", "Each osprey dives for fish; osprey chicks fledge, pairs return."),
                ("Lamps", "", "The lighthouse lamp; lighthouse glass, the lighthouse glass, lamps."),
                ("Gardening", "", "Tomatoes want compost beds and daily watering."),
                ("Chess", "", "Openings, endgames and clocks."),
                ("Cycling", "", "Gears, chains and saddles on the ride."),
            ],
        )]);
        let s = Similarity::build(&c);
        let related = |n: usize| s.similar(n).iter().map(|&(m, _)| m).collect::<Vec<_>>();
        let best = s.alike(0).first().map_or(0.0, |&(_, x)| x);
        let lamps = s.alike(0).iter().find(|&&(m, _)| m == 2).map(|&(_, x)| x);
        // A lighthouse and its glass in both bodies, in neither title nor heading:
        // near enough the best for every other rule.
        assert!(lamps.is_some_and(|x| x >= 0.6 * best), "{:?}", s.alike(0));
        assert_eq!(s.shared_terms(0, 2, 3), ["lighthouse", "glass"]);
        assert_eq!(related(0), [1], "{:?}", s.alike(0));
        assert_eq!(related(2), [0], "the lamps have nothing better: {:?}", s.alike(2));
    }

    #[test]
    fn notes_sharing_only_generic_words_need_more_of_the_best() {
        // `weekend` and `photos` are on 4 of 25 notes: generic, not context.
        let mut talks: Vec<Talk<'_>> = vec![
            (
                "Ospreys",
                "",
                "Osprey nests on poles; osprey chicks fledge; the osprey dives with talons first. \
                 Osprey pairs return each spring to the nests on the poles; chicks fledge, talons grip fish. \
                 Pairs dive, fish, return. A weekend of photos, weekend photos, weekend photos.",
            ),
            (
                "Fishing hawks",
                "",
                "Each osprey dives for fish with talons; osprey pairs nest on poles; osprey chicks fledge. \
                 The osprey pairs return each spring; nests on poles, chicks fledge, talons and fish.",
            ),
            ("Weekend photos", "", "Photos of a weekend: weekend photos, printed photos."),
            ("Chess", "", "Openings and endgames; a weekend of photos, weekend photos."),
            ("Cycling", "", "Gears and saddles; a weekend of photos, weekend photos."),
        ];
        let fillers = [
            "Tomatoes want compost",
            "Sourdough wants starters",
            "Knots hold keels",
            "Needles knit wool",
            "Kites want wind",
            "Violins want rosin",
            "Clocks want springs",
            "Maps want scales",
            "Lamps want oil",
            "Bees want clover",
            "Canoes want paddles",
            "Tents want pegs",
            "Hives want queens",
            "Looms want warp",
            "Forges want coal",
            "Mills want grain",
            "Sails want masts",
            "Pots want clay",
            "Inks want nibs",
            "Bells want ropes",
        ];
        for (k, body) in fillers.iter().enumerate() {
            talks.push((["Filler a", "Filler b", "Filler c", "Filler d", "Filler e"][k % 5], "", body));
        }
        let c = collection(&[("meetup-2025", "2025", &talks)]);
        let s = Similarity::build(&c);
        let related = |n: usize| s.similar(n).iter().map(|&(m, _)| m).collect::<Vec<_>>();
        let best = s.alike(0).first().map_or(0.0, |&(_, x)| x);
        assert_eq!(related(0).first(), Some(&1), "{:?}", s.alike(0));
        // Chess and cycling share nothing with the ospreys but the weekend's photos.
        for other in [3, 4] {
            let score = s.alike(0).iter().find(|&&(m, _)| m == other).map(|&(_, x)| x);
            assert!(score.is_some_and(|x| x >= 0.3 * best), "{other}: {:?}", s.alike(0));
            assert!(!related(0).contains(&other), "{other}: {:?}", s.alike(0));
        }
    }

    #[test]
    fn a_word_notes_come_back_to_outweighs_one_each_says_in_passing() {
        let c = collection(&[(
            "meetup-2025",
            "2025",
            &[
                ("Birds", "", "Kestrel and osprey sightings."),
                ("Coasts", "", "A kestrel hovered. The osprey nests; osprey chicks fledge."),
                ("Rivers", "", "One kestrel seen. The osprey dived; an osprey fished."),
            ],
        )]);
        let s = Similarity::build(&c);
        let keys: Vec<String> = s.key_terms(0).iter().map(|&(t, _)| s.term_text(t).into_owned()).collect();
        let at = |word: &str| keys.iter().position(|k| k == word);
        assert!(at("osprey").is_some() && at("osprey") < at("kestrel"), "{keys:?}");
    }

    #[test]
    fn every_note_gets_its_candidates_ranked_down_to_the_floor() {
        let c = fixture();
        let s = Similarity::build(&c);
        for note in 0..c.notes.len() {
            let scores: Vec<f32> = s.similar(note).iter().map(|&(_, x)| x).collect();
            assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
            assert!(scores.iter().all(|&x| x >= matching::MIN_SIMILARITY), "{scores:?}");
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
    fn a_shared_phrase_is_said_first_unless_the_collection_carries_it_widely() {
        let mut talks: Vec<Talk<'_>> = vec![
            (
                "Glossaries",
                "",
                "The glossary, the glossary again, a glossary per team. A message catalog; the message catalog.",
            ),
            (
                "Terms",
                "",
                "A glossary of terms, one glossary, glossary entries. The message catalog, a message catalog.",
            ),
            ("Gardening", "", "Tomatoes want compost beds and daily watering."),
            ("Chess", "", "Openings, endgames and clocks."),
            ("Cycling", "", "Gears, chains and saddles."),
            ("Sailing", "", "Knots, keels and tides."),
            ("Baking", "", "Sourdough starters and ovens."),
            ("Knitting", "", "Needles, wool and cables."),
        ];
        let c = collection(&[("meetup-2025", "2025", &talks)]);
        let s = Similarity::build(&c);
        assert_eq!(s.shared_terms(0, 1, 3), ["message catalog", "glossary"]);
        // On five notes of eleven, the phrase is the collection's: weight alone orders it.
        for body in [
            "A message catalog, the message catalog.",
            "Each message catalog; a message catalog.",
            "The message catalog, one message catalog.",
        ] {
            talks.push(("Strings", "", body));
        }
        let c = collection(&[("meetup-2025", "2025", &talks)]);
        let s = Similarity::build(&c);
        assert_eq!(s.shared_terms(0, 1, 3), ["glossary", "message catalog"]);
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
