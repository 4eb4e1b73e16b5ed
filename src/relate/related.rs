//! The relation index behind "jump between related topics across years":
//! which notes share topics, name each other in `related:`, link to each
//! other, or share a speaker; and for notes nobody tagged, which share
//! topics inferred from their text or are alike in their words
//! (`similar/`).
//!
//! [`RelatedIndex::build`] makes inverted indexes once per load, in time
//! linear in the collection (plus sorting each note's own edge list), so
//! nothing compares every note with every other. Queries then look only at
//! the notes reachable from one note, which is cheap enough per keystroke.
//!
//! The build runs off the UI thread; how long it takes, and how it is
//! measured, is in docs/performance.md ("Relating notes").

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::infer::PhraseTopics;
use super::similar::{LinesSeen, Similarity};
use super::topics::{normalize, Topic};
use crate::notes::links::{doc_link_name, is_note_link, normalize_root_path, note_links, resolve_link, DocPages};
use crate::notes::Collection;
use crate::notes::PartialDate;

/// What naming a note in `related:` adds to a relation's score: an author's
/// deliberate pointer counts about as much as sharing a typical topic.
const EXPLICIT_WEIGHT: f64 = 2.0;
/// What a Markdown link adds: a link in passing says less than `related:`.
const LINK_WEIGHT: f64 = 1.0;
/// A topic one of the two notes only has by inference counts this share
/// of what a topic both carry explicitly counts.
const INFERRED_FACTOR: f64 = 0.5;
/// What a cosine similarity of 1 adds; similar notes usually score 0.2-0.5.
const SIMILARITY_WEIGHT: f64 = 2.0;
/// Terms a relation by similarity offers to explain itself: twice what a
/// reason says, so that terms a reader would not take for a subject can
/// give way (see `reason::said_terms`).
const SHARED_TERMS_SHOWN: usize = 2 * super::reason::TERMS_SAID;

/// Relations between the notes of one [`Collection`], built once per load.
/// Every query must be given the collection it was built from.
/// The index's maps, hashed with foldhash: SipHash, std's, took a quarter of
/// the index's making (every topic and speaker of every note looked up).
/// Nothing depends on their order, which std's hasher makes new each run.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

// Serialize: saved in the data directory with the notes' index (crate::saved_indexes),
// so an unchanged collection is related without relating it again.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RelatedIndex {
    /// Topic → notes carrying it, in index order.
    #[serde(serialize_with = "super::sorted_map")]
    by_topic: Map<Topic, Vec<usize>>,
    /// Topic → notes that carry it by inference only, in index order.
    #[serde(serialize_with = "super::sorted_map")]
    by_inferred: Map<Topic, Vec<usize>>,
    /// Text similarity between notes of which one at least has no topics
    /// (boxed, like `phrases`, so the index moves between threads cheaply).
    similarity: Box<Similarity>,
    /// Topics found in the key phrases of notes that have none.
    phrases: Box<PhraseTopics>,
    /// Key-phrase topic → its notes, in index order.
    #[serde(serialize_with = "super::sorted_map")]
    by_phrase: Map<Topic, Vec<usize>>,
    /// Per note: notes it names in `related:` or that name it, sorted.
    explicit: PerNote,
    /// Per note: notes it links to or that link to it, sorted.
    linked: PerNote,
    /// Per note: notes that link to it or name it in `related:`, sorted.
    backlinks: PerNote,
    /// Speaker name (no company, case-folded) → their notes, in index order.
    #[serde(serialize_with = "super::sorted_map")]
    by_speaker: Map<String, Vec<usize>>,
    /// `related:` entries and note links that name no note, per note as written.
    broken: Vec<(usize, String)>,
}

/// A list of notes for each note, all in one allocation: a `Vec` per note
/// for each of the three kinds of edge held 7 MiB at 100,000 notes, nearly
/// all of it empty lists (few notes link to others).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct PerNote {
    /// Where each note's list ends in `notes`, one end per note.
    ends: Vec<u32>,
    notes: Vec<usize>,
}

impl PerNote {
    /// From `(note, other)` pairs, for notes `0..count`: each note's others
    /// in ascending order, each once.
    fn from_pairs(count: usize, mut pairs: Vec<(usize, usize)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut ends = Vec::with_capacity(count);
        let mut notes = Vec::with_capacity(pairs.len());
        let mut pairs = pairs.into_iter().peekable();
        for note in 0..count {
            while let Some((_, other)) = pairs.next_if(|&(of, _)| of == note) {
                notes.push(other);
            }
            ends.push(u32::try_from(notes.len()).unwrap_or(u32::MAX));
        }
        Self { ends, notes }
    }

    /// How many notes it has a list for.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// `note`'s list; empty for a note it does not know.
    fn get(&self, note: usize) -> &[usize] {
        let Some(&end) = self.ends.get(note) else { return &[] };
        let start = note.checked_sub(1).and_then(|before| self.ends.get(before)).map_or(0, |&end| end as usize);
        self.notes.get(start..end as usize).unwrap_or(&[])
    }
}

/// The edges found while an index is built, as `(note, other)` pairs.
#[derive(Default)]
struct Edges {
    explicit: Vec<(usize, usize)>,
    linked: Vec<(usize, usize)>,
    backlinks: Vec<(usize, usize)>,
}

impl Edges {
    fn add_explicit(&mut self, from: usize, to: usize) {
        if from != to {
            self.explicit.extend([(from, to), (to, from)]);
            self.backlinks.push((to, from));
        }
    }

    fn add_link(&mut self, from: usize, to: usize) {
        if from != to {
            self.linked.extend([(from, to), (to, from)]);
            self.backlinks.push((to, from));
        }
    }
}

/// How one note relates to the note asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub note: usize,
    /// The topics both notes carry, most specific (fewest notes) first.
    pub shared_topics: Vec<Topic>,
    /// Topics the two share where one of them (or both) only has the topic
    /// inferred from its text, most specific first.
    pub inferred_topics: Vec<Topic>,
    /// One of the two names the other in `related:`.
    pub explicit: bool,
    /// One of the two links to the other in its Markdown.
    pub linked: bool,
    /// Cosine similarity of the two notes' words, when it relates them
    /// (one of them has no topics and it is high enough); else 0.
    pub similarity: f64,
    /// Up to six words both notes are about that explain `similarity`,
    /// weightiest first: `wasm, runtime, sandbox`; a reason says three of
    /// them (`reason::reasons`, which leaves out those used as verbs).
    pub shared_terms: Vec<String>,
    /// Higher is more related: weighted shared topics (inferred ones
    /// counting less), explicit and link bonuses, and similarity.
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Later,
    Earlier,
}

/// Where a jump across years lands, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jump {
    pub note: usize,
    /// The shared topic that chose this note; `None` when only `related:`,
    /// a link or text similarity relates the two.
    pub topic: Option<Topic>,
    /// `topic` is inferred from the text of one of the notes, not written in its front matter.
    pub inferred: bool,
    /// The words both notes are about, when similarity relates them.
    pub shared_terms: Vec<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
}

/// One topic as the topic view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicSummary {
    pub topic: Topic,
    pub label: String,
    /// How many notes carry it, explicitly or by inference.
    pub notes: usize,
    /// How many of those only have it inferred from their text.
    pub inferred_notes: usize,
    /// The years of those notes, ascending; undated notes add none.
    pub years: Vec<i32>,
}

impl Relation {
    pub(super) fn new(note: usize) -> Self {
        Self {
            note,
            shared_topics: Vec::new(),
            inferred_topics: Vec::new(),
            explicit: false,
            linked: false,
            similarity: 0.0,
            shared_terms: Vec::new(),
            score: 0.0,
        }
    }
}

impl RelatedIndex {
    /// Reads every note once. The index holds note positions, so a reloaded
    /// collection needs a new index.
    pub fn build(c: &Collection) -> Self {
        // Read on all cores: texts not in memory are read from their files.
        // A file changed since it was read: the watcher's report re-reads the note.
        let links =
            crate::notes::parallel::par_map(&c.notes, |_, note| note_links_in(&c.read_text(note).unwrap_or_default()));
        Self::build_with_links(c, links, None)
    }

    /// As [`build`](Self::build), each note's links to notes already found
    /// in its text (`links[n]`, [`note_links_in`] of note `n`'s text) and,
    /// for the similarity of untagged notes, its [`LinesSeen`] (`lines[n]`):
    /// by a load that had the texts in memory, so that they are read once
    /// fewer here. Built reading the texts when `links` is not one list per
    /// note, and reading them for their lines without `lines`.
    pub fn build_with_links(c: &Collection, links: Vec<Vec<String>>, lines: Option<Vec<LinesSeen>>) -> Self {
        if links.len() != c.notes.len() {
            return Self::build(c);
        }
        let count = c.notes.len();
        let targets = Targets::new(c);
        let mut index = Self::default();
        let mut edges = Edges::default();
        let mut doc_pages = None;
        for ((i, note), links) in c.notes.iter().enumerate().zip(links) {
            index.add_topics(i, &note.topics);
            add_to(&mut index.by_inferred, i, &note.inferred_topics);
            index.add_speakers(i, &note.speakers);
            for entry in note.related() {
                match targets.find(normalize_root_path(entry)) {
                    Target::Note(target) => edges.add_explicit(i, target),
                    Target::OtherFile => {}
                    Target::Missing => index.add_broken(i, entry),
                }
            }
            for url in links {
                let id = match doc_link_name(&url) {
                    // Looked up, not searched for: a catalog's notes link each other by the hundred.
                    Some(_) => doc_pages.get_or_insert_with(|| DocPages::new(c)).resolve(note.source_file(), &url),
                    None => resolve_link(&note.id.0, &url),
                };
                match targets.find_link(id, &url) {
                    Target::Note(target) => edges.add_link(i, target),
                    Target::OtherFile => {}
                    Target::Missing => index.add_broken(i, &url),
                }
            }
        }
        index.explicit = PerNote::from_pairs(count, edges.explicit);
        index.linked = PerNote::from_pairs(count, edges.linked);
        index.backlinks = PerNote::from_pairs(count, edges.backlinks);
        index.similarity = Box::new(Similarity::build_with_lines(c, lines));
        index.phrases = Box::new(PhraseTopics::build(c, &index.similarity));
        for (i, topics) in index.phrases.by_note.iter().enumerate() {
            add_to(&mut index.by_phrase, i, topics);
        }
        index
    }

    /// Every topic of `note`: written, inferred from the vocabulary, or
    /// found in its key phrases; the ones `topic:` and the topics view know it by.
    pub fn topics_of<'a>(&'a self, c: &'a Collection, note: usize) -> impl Iterator<Item = &'a Topic> + 'a {
        let n = c.notes.get(note);
        let written = n.map_or(&[][..], |n| n.topics.as_slice());
        let inferred = n.map_or(&[][..], |n| n.inferred_topics.as_slice());
        let phrases = self.phrases.by_note.get(note).map_or(&[][..], Vec::as_slice);
        written.iter().chain(inferred).chain(phrases)
    }

    /// The topics found in the key phrases of `note` (none when it has
    /// topics, written or inferred from the vocabulary).
    pub fn found_topics(&self, note: usize) -> &[Topic] {
        self.phrases.by_note.get(note).map_or(&[], Vec::as_slice)
    }

    /// How a topic is shown: the vocabulary's label, the key phrase as
    /// written for a topic found in the text, else the name.
    pub fn topic_label<'a>(&'a self, c: &'a Collection, topic: &'a str) -> &'a str {
        if c.vocabulary.contains(topic) {
            return c.vocabulary.label(topic);
        }
        self.phrases.labels.get(topic).map_or(topic, String::as_str)
    }

    /// The notes on `topic` per year, years ascending, undated last; each
    /// year's notes in date order. What a topics × years chart draws.
    pub fn topic_years(&self, c: &Collection, topic: &str) -> Vec<(Option<i32>, Vec<usize>)> {
        let mut out: Vec<(Option<i32>, Vec<usize>)> = Vec::new();
        for note in self.topic_timeline(c, topic) {
            let year = note_year(c, note);
            match out.last_mut() {
                Some((y, notes)) if *y == year => notes.push(note),
                _ => out.push((year, vec![note])),
            }
        }
        out
    }

    /// Every note related to `note` from another year than its own (or
    /// every related note, for an undated note), best first: what a
    /// side-by-side comparison offers.
    pub fn other_years(&self, c: &Collection, note: usize) -> Vec<Relation> {
        let year = note_year(c, note);
        let mut relations = self.related(c, note);
        if year.is_some() {
            relations.retain(|r| note_year(c, r.note) != year);
        }
        relations
    }

    /// Every note related to `note`, best first: by score, then fewer years
    /// apart, then nearer in date, then title. Never `note` itself.
    pub fn related(&self, c: &Collection, note: usize) -> Vec<Relation> {
        let mut relations = self.relations(c, note);
        let from = note_date(c, note);
        relations.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| years_apart(from, note_date(c, a.note)).cmp(&years_apart(from, note_date(c, b.note))))
                .then_with(|| by_closeness_then_title(c, from, a.note, b.note))
        });
        relations
    }

    /// The nearest related note in the next (`Later`) or previous (`Earlier`)
    /// year that has one; notes of the same year are never targets, so a
    /// jump always moves through time. In that year the note with the
    /// strongest reason wins: a `related:` entry or a link is strongest, then
    /// `note`'s topics from the most specific (fewest notes) down, then
    /// topics inferred on one side, then text similarity. A tie on
    /// the strongest reason goes to the note with the stronger next reason
    /// (so a note that both links here and shares a topic beats one that only
    /// links), then to the closest date, then the title. `None` for an
    /// undated note, which has no next year.
    pub fn jump(&self, c: &Collection, note: usize, dir: Direction) -> Option<Jump> {
        let from_year = note_year(c, note)?;
        let relations = self.relations(c, note);
        let to_year = nearest_year(relations.iter().map(|r| r.note), c, from_year, dir)?;
        let from = note_date(c, note);
        if c.notes[note].topics.is_empty() {
            // Nobody tagged this note: its relations are ranked by their
            // score (text similarity, inferred topics, links), best wins.
            let best = relations.iter().filter(|r| note_year(c, r.note) == Some(to_year)).min_by(|a, b| {
                b.score.total_cmp(&a.score).then_with(|| by_closeness_then_title(c, from, a.note, b.note))
            })?;
            // A topic both share names the jump best; else the shared words do.
            let topic = best.inferred_topics.first().cloned();
            return Some(Jump {
                note: best.note,
                inferred: topic.is_some(),
                topic,
                shared_terms: best.shared_terms.clone(),
                from_year: Some(from_year),
                to_year: Some(to_year),
            });
        }
        let ranks = self.topics_by_specificity(c, note);
        let candidates: Vec<(&Relation, Vec<usize>)> = relations
            .iter()
            .filter(|r| note_year(c, r.note) == Some(to_year))
            .map(|r| (r, reason_ranks(r, &ranks)))
            .collect();
        let (best, _) = candidates.iter().min_by(|(a, a_ranks), (b, b_ranks)| {
            by_strength(a_ranks, b_ranks).then_with(|| by_closeness_then_title(c, from, a.note, b.note))
        })?;
        let topic = best.shared_topics.first().or(best.inferred_topics.first()).cloned();
        Some(Jump {
            note: best.note,
            inferred: best.shared_topics.is_empty() && topic.is_some(),
            topic,
            shared_terms: best.shared_terms.clone(),
            from_year: Some(from_year),
            to_year: Some(to_year),
        })
    }

    /// Whether [`jump`](Self::jump) finds a note from `note` in a later
    /// year, and in an earlier one: a related note of that year exists (a
    /// jump along a followed topic falls back to it). For hints drawn each
    /// frame: the relations are looked through, not made and ranked.
    pub fn jump_years(&self, c: &Collection, note: usize) -> (bool, bool) {
        let Some(from_year) = note_year(c, note) else { return (false, false) };
        let topics = self.topics_by_specificity(c, note);
        let by_topic = topics.iter().flat_map(|t| self.by_topic.get(*t).into_iter().flatten());
        let by_inferred = topics.iter().flat_map(|t| self.by_inferred.get(*t).into_iter().flatten());
        let similar = self.similarity.similar(note).iter().map(|(m, _)| m);
        let related =
            by_topic.chain(by_inferred).chain(similar).chain(self.explicit.get(note)).chain(self.linked.get(note));
        let (mut later, mut earlier) = (false, false);
        for year in related.filter(|&&m| m != note).filter_map(|&m| note_year(c, m)) {
            later |= year > from_year;
            earlier |= year < from_year;
            if later && earlier {
                break;
            }
        }
        (later, earlier)
    }

    /// Like [`jump`](Self::jump), but only along `topic` (a name or alias),
    /// whether or not `note` carries it: following one theme through the
    /// years even where a note's more specific topic would lead elsewhere.
    /// In the target year the closest date wins, then the title.
    pub fn jump_on_topic(&self, c: &Collection, note: usize, topic: &str, dir: Direction) -> Option<Jump> {
        let from_year = note_year(c, note)?;
        let topic = c.vocabulary.resolve(topic);
        let notes = self.carriers(&topic);
        let to_year = nearest_year(notes.iter().copied(), c, from_year, dir)?;
        let from = note_date(c, note);
        let best = notes
            .iter()
            .copied()
            .filter(|&m| note_year(c, m) == Some(to_year))
            .min_by(|&a, &b| by_closeness_then_title(c, from, a, b))?;
        let inferred = !c.notes[best].topics.contains(&topic);
        Some(Jump {
            note: best,
            topic: Some(topic),
            inferred,
            shared_terms: Vec::new(),
            from_year: Some(from_year),
            to_year: Some(to_year),
        })
    }

    /// Every topic some note carries, explicitly or by inference, sorted by label.
    pub fn topics(&self, c: &Collection) -> Vec<TopicSummary> {
        let names: HashSet<&Topic> =
            self.by_topic.keys().chain(self.by_inferred.keys()).chain(self.by_phrase.keys()).collect();
        let mut summaries: Vec<TopicSummary> = names
            .into_iter()
            .map(|topic| {
                let notes = self.carriers(topic);
                let mut years: Vec<i32> = notes.iter().filter_map(|&m| note_year(c, m)).collect();
                years.sort_unstable();
                years.dedup();
                TopicSummary {
                    topic: topic.clone(),
                    label: self.topic_label(c, topic).to_string(),
                    notes: notes.len(),
                    inferred_notes: self.by_inferred.get(topic).map_or(0, Vec::len)
                        + self.by_phrase.get(topic).map_or(0, Vec::len),
                    years,
                }
            })
            .collect();
        summaries.sort_by_cached_key(|s| (s.label.to_lowercase(), s.topic.clone()));
        summaries
    }

    /// The notes on `topic` (a name or alias) in date order, undated last;
    /// within an event in list order, which is how the loader numbers notes.
    pub fn topic_timeline(&self, c: &Collection, topic: &str) -> Vec<usize> {
        let mut notes = self.carriers(&c.vocabulary.resolve(topic));
        notes.sort_by_key(|&m| timeline_key(c, m));
        notes
    }

    /// Notes that link to `note` or name it in `related:`.
    pub fn backlinks(&self, note: usize) -> &[usize] {
        self.backlinks.get(note)
    }

    /// For each speaker of `note` who has notes at other events: the speaker
    /// as `note` writes them, and those notes in date order. The same person
    /// is recognised with another company or capitalisation ("also spoke in
    /// 2019"); speakers with no other talks are left out.
    pub fn other_talks_by_speakers(&self, c: &Collection, note: usize) -> Vec<(String, Vec<usize>)> {
        let Some(this) = c.notes.get(note) else {
            return Vec::new();
        };
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for speaker in &this.speakers {
            let key = speaker_key(speaker);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            let mut others: Vec<usize> = self
                .by_speaker
                .get(&key)
                .map(|notes| notes.iter().copied().filter(|&m| c.notes[m].event != this.event).collect())
                .unwrap_or_default();
            seen.push(key);
            if !others.is_empty() {
                others.sort_by_key(|&m| timeline_key(c, m));
                out.push((speaker.clone(), others));
            }
        }
        out
    }

    /// `related:` entries and note links that resolve to no note of the
    /// collection (or climb out of it), as written, once per note.
    pub fn broken_links(&self) -> &[(usize, String)] {
        &self.broken
    }

    fn add_topics(&mut self, note: usize, topics: &[Topic]) {
        add_to(&mut self.by_topic, note, topics);
    }

    /// The notes carrying `topic`, explicitly or by inference, in index order.
    fn carriers(&self, topic: &str) -> Vec<usize> {
        let explicit = self.by_topic.get(topic).map_or(&[][..], Vec::as_slice);
        let inferred = self.by_inferred.get(topic).map_or(&[][..], Vec::as_slice);
        let phrases = self.by_phrase.get(topic).map_or(&[][..], Vec::as_slice);
        if inferred.is_empty() && phrases.is_empty() {
            return explicit.to_vec();
        }
        let mut all = [explicit, inferred, phrases].concat();
        all.sort_unstable();
        all.dedup();
        all
    }

    fn add_speakers(&mut self, note: usize, speakers: &[String]) {
        for speaker in speakers {
            let key = speaker_key(speaker);
            if !key.is_empty() {
                push_once(self.by_speaker.entry(key).or_default(), note);
            }
        }
    }

    fn add_broken(&mut self, note: usize, written: &str) {
        // Entries of one note are pushed together, so a repeat is in the tail.
        let repeated = self.broken.iter().rev().take_while(|(n, _)| *n == note).any(|(_, w)| w == written);
        if !repeated {
            self.broken.push((note, written.to_string()));
        }
    }

    /// How many notes carry `topic`, explicitly or by inference: fewer means more specific.
    fn topic_notes(&self, topic: &str) -> usize {
        self.by_topic.get(topic).map_or(0, Vec::len) + self.by_inferred.get(topic).map_or(0, Vec::len)
    }

    /// An idf-like weight: a topic on every note is worth 1, rarer ones more.
    fn topic_weight(&self, topic: &str) -> f64 {
        let carriers = self.topic_notes(topic).max(1) as f64;
        // `explicit` holds one list per note of the collection.
        let notes = self.explicit.len().max(1) as f64;
        1.0 + (notes / carriers).ln().max(0.0)
    }

    /// `note`'s topics, most specific first; ties keep the written order,
    /// since authors tend to list the main topic first. For a note without
    /// topics, its inferred ones.
    fn topics_by_specificity<'c>(&self, c: &'c Collection, note: usize) -> Vec<&'c Topic> {
        let mut topics: Vec<&Topic> = Vec::new();
        let own = c.notes.get(note).map_or(&[][..], |n| {
            if n.topics.is_empty() {
                n.inferred_topics.as_slice()
            } else {
                n.topics.as_slice()
            }
        });
        for topic in own {
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        topics.sort_by_key(|t| self.topic_notes(t));
        topics
    }

    /// Shared words as a reader knows them: a topic found in the text as
    /// its label says it (`scikit-learn`, not `scikit learning`).
    fn shown_terms(&self, terms: Vec<String>) -> Vec<String> {
        terms.into_iter().map(|t| self.phrases.labels.get(&normalize(&t)).cloned().unwrap_or(t)).collect()
    }

    /// Every note related to `note`, unordered, with its reasons and score.
    fn relations(&self, c: &Collection, note: usize) -> Vec<Relation> {
        let mut found: HashMap<usize, Relation> = HashMap::new();
        let own_inferred = c.notes.get(note).is_some_and(|n| n.topics.is_empty());
        // Most specific first, so `shared_topics` lists the strongest first.
        for topic in self.topics_by_specificity(c, note) {
            let weight = self.topic_weight(topic);
            for &m in self.by_topic.get(topic).into_iter().flatten().filter(|&&m| m != note) {
                let relation = found.entry(m).or_insert_with(|| Relation::new(m));
                if own_inferred {
                    relation.inferred_topics.push(topic.clone());
                    relation.score += weight * INFERRED_FACTOR;
                } else {
                    relation.shared_topics.push(topic.clone());
                    relation.score += weight;
                }
            }
            for &m in self.by_inferred.get(topic).into_iter().flatten().filter(|&&m| m != note) {
                let relation = found.entry(m).or_insert_with(|| Relation::new(m));
                relation.inferred_topics.push(topic.clone());
                relation.score += weight * INFERRED_FACTOR;
            }
        }
        for &(m, similarity) in self.similarity.similar(note) {
            let relation = found.entry(m).or_insert_with(|| Relation::new(m));
            relation.similarity = f64::from(similarity);
            relation.shared_terms = self.shown_terms(self.similarity.shared_terms(note, m, SHARED_TERMS_SHOWN));
            relation.score += SIMILARITY_WEIGHT * f64::from(similarity);
        }
        for &m in self.explicit.get(note) {
            let relation = found.entry(m).or_insert_with(|| Relation::new(m));
            relation.explicit = true;
            relation.score += EXPLICIT_WEIGHT;
        }
        for &m in self.linked.get(note) {
            let relation = found.entry(m).or_insert_with(|| Relation::new(m));
            relation.linked = true;
            relation.score += LINK_WEIGHT;
        }
        found.into_values().collect()
    }
}

/// What a resolved `related:` entry or link names.
enum Target {
    Note(usize),
    /// A file of the collection that is not a note (an event's `event.md`,
    /// the root `README.md`): no relation, but not broken either.
    OtherFile,
    Missing,
}

/// Note ids and the other linkable files of a collection, for resolving.
struct Targets<'c> {
    notes: HashMap<&'c str, usize>,
    /// Files split into section-notes → `(slug, note)` of each section.
    sections: HashMap<&'c str, Vec<(&'c str, usize)>>,
    /// `event.md` of every event folder: the loader keeps no list of the
    /// files it read, so a link to a missing overview goes unreported,
    /// which is better than reporting a link to an existing one.
    overviews: HashSet<String>,
    has_intro: bool,
}

impl<'c> Targets<'c> {
    fn new(c: &'c Collection) -> Self {
        let mut sections: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
        for (i, note) in c.notes.iter().enumerate() {
            if let Some((file, slug)) = note.id.0.split_once('#') {
                sections.entry(file).or_default().push((slug, i));
            }
        }
        let overviews = c.events.iter().map(|e| format!("{}/event.md", e.folder));
        Self {
            notes: c.notes.iter().enumerate().map(|(i, n)| (n.id.0.as_str(), i)).collect(),
            sections,
            overviews: overviews.chain(c.events.iter().filter_map(|e| e.overview_file.clone())).collect(),
            has_intro: c.intro.is_some(),
        }
    }

    /// What a link names: a link to `keldam-2020.md#rust-in-the-kernel`
    /// names that section's note; one to the file itself, no note.
    fn find_link(&self, id: Option<String>, url: &str) -> Target {
        if let Some(sections) = id.as_deref().and_then(|id| self.sections.get(id)) {
            let fragment = url.split_once('#').map(|(_, f)| f.split('?').next().unwrap_or(f));
            return fragment
                .and_then(|f| sections.iter().find(|(slug, _)| *slug == f))
                .map_or(Target::OtherFile, |&(_, note)| Target::Note(note));
        }
        self.find(id)
    }

    fn find(&self, id: Option<String>) -> Target {
        let Some(id) = id else {
            return Target::Missing;
        };
        if let Some(&note) = self.notes.get(id.as_str()) {
            Target::Note(note)
        } else if self.overviews.contains(&id)
            || self.sections.contains_key(id.as_str())
            || (self.has_intro && id.eq_ignore_ascii_case("README.md"))
        {
            Target::OtherFile
        } else {
            Target::Missing
        }
    }
}

/// The note links of a body. Only bodies that may hold one are parsed:
/// every link destination in Markdown follows `](` (inline links) or `]:`
/// (reference definitions), so a body where each of those is followed by a
/// scheme (`https:`) links to no note. Notes link out far more than they
/// link to each other, and Markdown parsing is the costliest part of the
/// build, so this keeps the build fast on large collections.
pub fn note_links_in(body: &str) -> Vec<String> {
    if !may_hold_note_link(body) {
        return Vec::new();
    }
    note_links(body).into_iter().filter(|url| is_note_link(url)).collect()
}

fn may_hold_note_link(body: &str) -> bool {
    // A documentation catalog's `<doc:Page>`, or `[text](doc:Page)`: a scheme, yet a note.
    if memchr::memmem::find(body.as_bytes(), b"doc:").is_some() {
        return true;
    }
    // One pass over the `]`s (a vectorised byte search) rather than one per opener.
    let relative = memchr::memchr_iter(b']', body.as_bytes()).any(|at| {
        let after = &body[at + 1..];
        let destination = after.strip_prefix('(').or_else(|| after.strip_prefix(':'));
        destination.is_some_and(|d| !starts_with_scheme(d.trim_start().trim_start_matches('<')))
    });
    relative && may_name_a_note_file(body)
}

/// Whether `body` could spell a note file's extension anywhere: a link to
/// `.md` or `.markdown` has `md` or `kd` (any case) in its source, or else
/// an entity (`&#46;md`) that the parser decodes. Bodies with relative
/// links only to images and pages are common, and parsing them finds nothing.
fn may_name_a_note_file(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr3_iter(b'd', b'D', b'&', bytes)
        .any(|at| bytes[at] == b'&' || (at > 0 && matches!(bytes[at - 1].to_ascii_lowercase(), b'm' | b'k')))
}

/// Whether `text` starts with a URL scheme such as `https:`; anything
/// unusual answers no, so the caller parses rather than miss a link.
fn starts_with_scheme(text: &str) -> bool {
    let mut chars = text.char_indices();
    if !chars.next().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
        return false;
    }
    for (_, c) in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

/// Adds `note` to the list of each of `topics`.
fn add_to(map: &mut Map<Topic, Vec<usize>>, note: usize, topics: &[Topic]) {
    for topic in topics {
        // `get_mut` first: cloning the key only for a topic's first note.
        match map.get_mut(topic) {
            Some(notes) => push_once(notes, note),
            None => {
                map.insert(topic.clone(), vec![note]);
            }
        }
    }
}

fn push_once(list: &mut Vec<usize>, note: usize) {
    if list.last() != Some(&note) {
        list.push(note);
    }
}

/// How strongly a relation holds, as ranks of its reasons, strongest
/// (lowest) first: `related:` and links rank 0, shared topics 1 and up by
/// their place in `ranks` (the asking note's topics, most specific first),
/// then topics inferred on one side the same way, then similarity, higher
/// cosines first.
fn reason_ranks(relation: &Relation, ranks: &[&Topic]) -> Vec<usize> {
    let place = |t: &Topic| ranks.iter().position(|&r| r == t).unwrap_or(ranks.len());
    let links = [relation.explicit, relation.linked].into_iter().filter(|&held| held).map(|_| 0);
    let topics = relation.shared_topics.iter().map(|t| 1 + place(t));
    let inferred = relation.inferred_topics.iter().map(|t| 2 + ranks.len() + place(t));
    let similar = (relation.similarity > 0.0)
        .then(|| 3 + 2 * ranks.len() + ((1.0 - relation.similarity.clamp(0.0, 1.0)) * 1000.0) as usize);
    let mut out: Vec<usize> = links.chain(topics).chain(inferred).chain(similar).collect();
    out.sort_unstable();
    out
}

/// Stronger first: the stronger strongest reason, then the stronger next
/// one; having a further reason beats having none.
fn by_strength(a: &[usize], b: &[usize]) -> Ordering {
    for pair in a.iter().zip(b) {
        match pair.0.cmp(pair.1) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
    }
    b.len().cmp(&a.len())
}

/// A speaker as a key: `Jane Doe (Google)` and `jane  doe` are one person.
pub(super) fn speaker_key(written: &str) -> String {
    crate::notes::person::without_affiliation(written).chars().flat_map(char::to_lowercase).collect()
}

fn note_date(c: &Collection, note: usize) -> Option<PartialDate> {
    c.events.get(c.notes.get(note)?.event)?.start
}

fn note_year(c: &Collection, note: usize) -> Option<i32> {
    note_date(c, note).map(|d| d.year)
}

/// A day number that orders and roughly spaces partial dates; unknown
/// months and days count from the start, as partial dates sort.
fn day_number(date: PartialDate) -> i64 {
    let month = i64::from(date.month.unwrap_or(1)) - 1;
    let day = i64::from(date.day.unwrap_or(1)) - 1;
    i64::from(date.year) * 372 + month * 31 + day
}

/// Years between two notes' dates; unknown dates are farthest.
fn years_apart(a: Option<PartialDate>, b: Option<PartialDate>) -> u32 {
    match (a, b) {
        (Some(a), Some(b)) => a.year.abs_diff(b.year),
        _ => u32::MAX,
    }
}

fn days_apart(a: Option<PartialDate>, b: Option<PartialDate>) -> u64 {
    match (a, b) {
        (Some(a), Some(b)) => day_number(a).abs_diff(day_number(b)),
        _ => u64::MAX,
    }
}

/// Orders two candidates by closeness in date to `from`, then title, then
/// index, so every ranking is total and repeatable.
fn by_closeness_then_title(c: &Collection, from: Option<PartialDate>, a: usize, b: usize) -> Ordering {
    days_apart(from, note_date(c, a))
        .cmp(&days_apart(from, note_date(c, b)))
        .then_with(|| c.notes[a].title.to_lowercase().cmp(&c.notes[b].title.to_lowercase()))
        .then_with(|| a.cmp(&b))
}

/// The year nearest `from_year` in `dir` among the notes' years, strictly.
fn nearest_year(notes: impl Iterator<Item = usize>, c: &Collection, from_year: i32, dir: Direction) -> Option<i32> {
    let years = notes.filter_map(|m| note_year(c, m));
    match dir {
        Direction::Later => years.filter(|&y| y > from_year).min(),
        Direction::Earlier => years.filter(|&y| y < from_year).max(),
    }
}

/// Sorts notes by date, undated last, then by event and list position.
fn timeline_key(c: &Collection, note: usize) -> (bool, Option<PartialDate>, usize, usize) {
    let date = note_date(c, note);
    (date.is_none(), date, c.notes[note].event, note)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::notes::{load_bundled, load_folder, Event, Note, NoteId};
    use crate::relate::Vocabulary;

    #[test]
    fn lists_per_note_are_sorted_once_each_and_empty_for_others() {
        let lists = PerNote::from_pairs(4, vec![(2, 3), (0, 1), (2, 0), (2, 3), (9, 1)]);
        assert_eq!(lists.len(), 4);
        assert_eq!(lists.get(0), [1]);
        assert!(lists.get(1).is_empty());
        assert_eq!(lists.get(2), [0, 3]);
        assert!(lists.get(3).is_empty() && lists.get(9).is_empty(), "a note out of range has none");
    }

    /// An in-memory collection, built the way the loader numbers things:
    /// events in date order, notes in event list order.
    struct Fixture {
        c: Collection,
    }

    impl Fixture {
        fn new() -> Self {
            let c = crate::test_fixtures::empty_collection();
            Self { c }
        }

        /// Adds an event; `start` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or empty for undated.
        fn event(&mut self, folder: &str, start: &str) -> usize {
            self.c.events.push(Event {
                folder: folder.to_string(),
                name: folder.to_string(),
                start: PartialDate::parse(start),
                ..Event::default()
            });
            self.c.events.len() - 1
        }

        /// Adds `folder/name.md` titled `name` to `event`.
        fn note(&mut self, event: usize, name: &str, topics: &[&str]) -> usize {
            let index = self.c.notes.len();
            let id = format!("{}/{name}.md", self.c.events[event].folder);
            self.c.notes.push(Note {
                id: NoteId(id),
                event,
                title: name.to_string(),
                topics: topics.iter().map(|t| t.to_string()).collect(),
                body_line: 1,
                source_line: 1,
                ..Note::default()
            });
            self.c.events[event].notes.push(index);
            index
        }

        fn index(&self) -> RelatedIndex {
            RelatedIndex::build(&self.c)
        }
    }

    fn notes_of(relations: &[Relation]) -> Vec<usize> {
        relations.iter().map(|r| r.note).collect()
    }

    #[test]
    fn an_index_built_twice_saves_the_same_bytes() {
        let mut f = Fixture::new();
        let e = f.event("2019-x", "2019-05");
        for i in 0..40 {
            let note = f.note(e, &format!("n{i}"), &[&format!("topic-{i}"), &format!("topic-{}", i / 2)]);
            f.c.notes[note].speakers = vec![format!("Speaker {i}")];
        }
        let bytes = |index: &RelatedIndex| postcard::to_allocvec(index).expect("encodes");
        // Each map hashes its own way: only an order of their own makes the bytes one.
        assert_eq!(bytes(&f.index()), bytes(&f.index()));
    }

    #[test]
    fn rarer_shared_topics_rank_above_common_ones() {
        let mut f = Fixture::new();
        let e = f.event("2019-x", "2019-05");
        let me = f.note(e, "me", &["kubernetes", "ebpf"]);
        let common = f.note(e, "common", &["kubernetes"]);
        let rare = f.note(e, "rare", &["ebpf"]);
        let both = f.note(e, "both", &["ebpf", "kubernetes"]);
        f.note(e, "more-k8s-1", &["kubernetes"]);
        f.note(e, "more-k8s-2", &["kubernetes"]);
        f.note(e, "unrelated", &["wasm"]);
        let related = f.index().related(&f.c, me);
        assert_eq!(notes_of(&related[..3]), [both, rare, common]);
        assert_eq!(related.len(), 5, "the note itself and the unrelated note are left out");
        assert!(!notes_of(&related).contains(&me));
        assert_eq!(related[0].shared_topics, ["ebpf", "kubernetes"], "most specific first");
        assert!(related[0].score > related[1].score && related[1].score > related[2].score);
    }

    #[test]
    fn aliases_link_notes_through_their_canonical_topic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("topics.toml", "[observability]\naliases = [\"o11y\", \"monitoring\"]\n");
        write("2019-a/one.md", "---\ntopics: [O11y]\n---\n");
        write("2022-b/two.md", "---\ntopics: [Monitoring]\n---\n");
        write("2024-c/three.md", "---\ntopics: [logging]\n---\n");
        let c = load_folder(dir.path()).expect("loads");
        let index = RelatedIndex::build(&c);
        let one = c.note_index("2019-a/one.md").expect("loaded");
        let two = c.note_index("2022-b/two.md").expect("loaded");
        let related = index.related(&c, one);
        assert_eq!(notes_of(&related), [two]);
        assert_eq!(related[0].shared_topics, ["observability"]);
        let jump = index.jump(&c, one, Direction::Later).expect("a later note");
        assert_eq!((jump.note, jump.topic.as_deref()), (two, Some("observability")));
        assert_eq!(index.topic_timeline(&c, "o11y"), [one, two], "aliases name the topic in queries too");
    }

    #[test]
    fn related_entries_relate_both_ways_and_are_backlinks() {
        let mut f = Fixture::new();
        let e = f.event("2019-x", "2019");
        let a = f.note(e, "a", &[]);
        let b = f.note(e, "b", &[]);
        f.c.notes[a].extras_mut().related = vec!["./2019-x/b.md".to_string()];
        let index = f.index();
        for (from, to) in [(a, b), (b, a)] {
            let related = index.related(&f.c, from);
            assert_eq!(notes_of(&related), [to]);
            assert!(related[0].explicit && !related[0].linked && related[0].shared_topics.is_empty());
        }
        assert_eq!(index.backlinks(b), [a]);
        assert!(index.backlinks(a).is_empty());
        assert!(index.broken_links().is_empty());
    }

    #[test]
    fn markdown_links_relate_both_ways_and_are_backlinks() {
        let mut f = Fixture::new();
        let (e1, e2) = (f.event("2019-x", "2019"), f.event("2022-y", "2022"));
        let a = f.note(e1, "a", &[]);
        let b = f.note(e2, "b", &[]);
        let c = f.note(e2, "c", &[]);
        f.c.notes[a].body =
            "See [b](../2022-y/b.md#part), [b again](/2022-y/b.md) and [web](https://x.org/c.md).".into();
        f.c.notes[c].body = "[ref]\n\n[ref]: ../2019-x/a.md\n".into();
        let index = f.index();
        let from_a = index.related(&f.c, a);
        assert_eq!(notes_of(&from_a), [b, c], "equal scores and dates fall back to the title");
        assert!(from_a.iter().all(|r| r.linked && !r.explicit));
        assert_eq!(notes_of(&index.related(&f.c, b)), [a]);
        assert_eq!(index.backlinks(b), [a]);
        assert_eq!(index.backlinks(a), [c]);
        assert!(index.broken_links().is_empty(), "{:?}", index.broken_links());
    }

    #[test]
    fn explicit_and_linked_notes_outrank_a_shared_common_topic() {
        let mut f = Fixture::new();
        let e = f.event("2019-x", "2019");
        let me = f.note(e, "me", &["kubernetes"]);
        let topical = f.note(e, "topical", &["kubernetes"]);
        let named = f.note(e, "named", &["kubernetes"]);
        f.c.notes[me].extras_mut().related = vec!["2019-x/named.md".into()];
        let related = f.index().related(&f.c, me);
        assert_eq!(notes_of(&related), [named, topical]);
    }

    #[test]
    fn ties_are_broken_by_years_apart_then_date_then_title() {
        let mut f = Fixture::new();
        let e2018 = f.event("2018-a", "2018-05");
        let e2019 = f.event("2019-b", "2019-05-20");
        let e2020 = f.event("2020-c", "2020-11");
        let e2022 = f.event("2022-d", "2022-10");
        let undated = f.event("misc", "");
        let far = f.note(e2018, "far", &["t"]);
        let me = f.note(e2019, "me", &["t"]);
        let near_b = f.note(e2020, "b", &["t"]);
        let near_a = f.note(e2020, "A", &["t"]);
        let later = f.note(e2022, "later", &["t"]);
        let nowhere = f.note(undated, "nowhere", &["t"]);
        let before = f.note(e2018, "before", &["t"]);
        let related = f.index().related(&f.c, me);
        // 2018-05 and 2020-11 are both a year away; May 2018 is nearer in date.
        assert_eq!(notes_of(&related), [before, far, near_a, near_b, later, nowhere]);
    }

    #[test]
    fn jump_goes_to_the_nearest_year_with_a_related_note() {
        let mut f = Fixture::new();
        let e2019 = f.event("2019-a", "2019-05");
        let e2020 = f.event("2020-b", "2020-05");
        let e2022 = f.event("2022-c", "2022-10");
        let e2024 = f.event("2024-d", "2024-03");
        let first = f.note(e2019, "first", &["observability"]);
        f.note(e2020, "other-theme", &["wasm"]);
        let middle = f.note(e2022, "middle", &["observability"]);
        let last = f.note(e2024, "last", &["observability"]);
        let index = f.index();
        let jump = index.jump(&f.c, first, Direction::Later).expect("2022 is next");
        assert_eq!(
            jump,
            Jump {
                note: middle,
                topic: Some("observability".into()),
                inferred: false,
                shared_terms: Vec::new(),
                from_year: Some(2019),
                to_year: Some(2022)
            }
        );
        assert_eq!(index.jump(&f.c, middle, Direction::Later).map(|j| j.note), Some(last));
        assert_eq!(index.jump(&f.c, last, Direction::Later), None);
        assert_eq!(index.jump(&f.c, last, Direction::Earlier).map(|j| (j.note, j.to_year)), Some((middle, Some(2022))));
        assert_eq!(index.jump(&f.c, middle, Direction::Earlier).map(|j| j.note), Some(first));
        assert_eq!(index.jump(&f.c, first, Direction::Earlier), None);
    }

    #[test]
    fn jump_prefers_the_most_specific_shared_topic_then_the_closest_date() {
        let mut f = Fixture::new();
        let home = f.event("2019-a", "2019-05");
        let spring = f.event("2022-b", "2022-03");
        let autumn = f.event("2022-c", "2022-11");
        let me = f.note(home, "me", &["kubernetes", "ebpf"]);
        for filler in ["k8s-1", "k8s-2", "k8s-3"] {
            f.note(home, filler, &["kubernetes"]);
        }
        let broad = f.note(spring, "broad", &["kubernetes"]);
        let specific_late = f.note(autumn, "specific-late", &["ebpf"]);
        let specific_early = f.note(spring, "specific-early", &["ebpf"]);
        let index = f.index();
        let jump = index.jump(&f.c, me, Direction::Later).expect("a 2022 note");
        assert_eq!((jump.note, jump.topic.as_deref()), (specific_early, Some("ebpf")));
        f.c.notes[specific_early].topics = vec!["wasm".into()];
        let index = f.index();
        let jump = index.jump(&f.c, me, Direction::Later).expect("a 2022 note");
        assert_eq!((jump.note, jump.topic.as_deref()), (specific_late, Some("ebpf")), "specific beats nearer");
        assert_ne!(jump.note, broad);
    }

    #[test]
    fn jump_counts_links_as_strongest_and_more_reasons_break_ties() {
        let mut f = Fixture::new();
        let (home, spring, autumn) =
            (f.event("2019-a", "2019-05"), f.event("2022-b", "2022-03"), f.event("2022-c", "2022-11"));
        let me = f.note(home, "me", &["serverless"]);
        let topical = f.note(spring, "a-topical", &["serverless"]);
        let linked_only = f.note(spring, "b-linked-only", &["other"]);
        let linked_and_topical = f.note(autumn, "c-linked-and-topical", &["serverless"]);
        for linking in [linked_only, linked_and_topical] {
            f.c.notes[linking].body = "Back to [2019](../2019-a/me.md).".into();
        }
        let index = f.index();
        let jump = index.jump(&f.c, me, Direction::Later).expect("a 2022 note");
        assert_eq!((jump.note, jump.topic.as_deref()), (linked_and_topical, Some("serverless")));
        f.c.notes[linked_and_topical].body = Default::default();
        let jump = f.index().jump(&f.c, me, Direction::Later).expect("a 2022 note");
        assert_eq!((jump.note, jump.topic), (linked_only, None), "a link outranks a shared topic");
        assert_ne!(jump.note, topical);
    }

    #[test]
    fn jump_never_stays_in_the_same_year() {
        let mut f = Fixture::new();
        let spring = f.event("2019-a", "2019-03");
        let autumn = f.event("2019-b", "2019-11");
        let me = f.note(spring, "me", &["t"]);
        let sibling = f.note(autumn, "sibling", &["t"]);
        f.c.notes[me].extras_mut().related = vec!["2019-b/sibling.md".into()];
        let index = f.index();
        assert_eq!(notes_of(&index.related(&f.c, me)), [sibling]);
        assert_eq!(index.jump(&f.c, me, Direction::Later), None);
        assert_eq!(index.jump(&f.c, sibling, Direction::Earlier), None);
        assert_eq!(index.jump_on_topic(&f.c, me, "t", Direction::Later), None);
    }

    #[test]
    fn a_jump_made_by_a_link_alone_names_no_topic() {
        let mut f = Fixture::new();
        let (e1, e2) = (f.event("2019-a", "2019"), f.event("2022-b", "2022"));
        let me = f.note(e1, "me", &["t"]);
        let target = f.note(e2, "target", &["u"]);
        f.c.notes[target].body = "Follows [me](../2019-a/me.md).".into();
        let index = f.index();
        let jump = index.jump(&f.c, me, Direction::Later).expect("linked");
        assert_eq!((jump.note, jump.topic), (target, None));
    }

    #[test]
    fn a_note_without_relations_has_none() {
        let mut f = Fixture::new();
        let e = f.event("2019-a", "2019");
        let lonely = f.note(e, "lonely", &["t"]);
        let later = f.event("2022-b", "2022");
        f.note(later, "other", &["u"]);
        let index = f.index();
        assert!(index.related(&f.c, lonely).is_empty());
        assert_eq!(index.jump(&f.c, lonely, Direction::Later), None);
        assert_eq!(index.jump(&f.c, lonely, Direction::Earlier), None);
        assert!(index.backlinks(lonely).is_empty());
        assert!(index.other_talks_by_speakers(&f.c, lonely).is_empty());
        assert!(index.related(&f.c, 99).is_empty(), "an index past the end is no note");
        assert_eq!(index.jump(&f.c, 99, Direction::Later), None);
    }

    #[test]
    fn undated_notes_cannot_jump_but_are_related() {
        let mut f = Fixture::new();
        let dated = f.event("2019-a", "2019");
        let misc = f.event("misc", "");
        let a = f.note(dated, "a", &["t"]);
        let b = f.note(misc, "b", &["t"]);
        let index = f.index();
        assert_eq!(notes_of(&index.related(&f.c, b)), [a]);
        assert_eq!(index.jump(&f.c, b, Direction::Earlier), None);
        assert_eq!(index.jump(&f.c, a, Direction::Later), None);
        assert_eq!(index.topic_timeline(&f.c, "t"), [a, b]);
    }

    #[test]
    fn jump_on_topic_follows_one_theme_past_more_specific_ones() {
        let mut f = Fixture::new();
        let e2019 = f.event("2019-a", "2019");
        let e2022 = f.event("2022-b", "2022");
        let e2024 = f.event("2024-c", "2024");
        let start = f.note(e2019, "start", &["observability"]);
        let bridge = f.note(e2022, "bridge", &["ebpf", "observability"]);
        let ebpf_2024 = f.note(e2024, "ebpf", &["ebpf"]);
        let o11y_2024 = f.note(e2024, "o11y", &["observability"]);
        f.note(e2019, "filler", &["observability"]);
        let index = f.index();
        assert_eq!(index.jump(&f.c, start, Direction::Later).map(|j| j.note), Some(bridge));
        assert_eq!(index.jump(&f.c, bridge, Direction::Later).map(|j| j.note), Some(ebpf_2024));
        let on_topic = index.jump_on_topic(&f.c, bridge, "observability", Direction::Later).expect("2024");
        assert_eq!((on_topic.note, on_topic.topic.as_deref()), (o11y_2024, Some("observability")));
        assert_eq!(index.jump_on_topic(&f.c, start, "unknown", Direction::Later), None);
    }

    #[test]
    fn speakers_are_found_at_other_events_whatever_their_company() {
        let mut f = Fixture::new();
        let (e2019, e2022) = (f.event("2019-a", "2019"), f.event("2022-b", "2022"));
        let talk = f.note(e2022, "talk", &[]);
        let earlier = f.note(e2019, "earlier", &[]);
        let same_event = f.note(e2022, "same-event", &[]);
        let stranger = f.note(e2019, "stranger", &[]);
        f.c.notes[talk].speakers = vec!["Jane Doe (Google)".into(), "Ali Khan".into(), "jane doe".into()];
        f.c.notes[earlier].speakers = vec!["JANE  DOE (Microsoft)".into()];
        f.c.notes[same_event].speakers = vec!["Jane Doe (Google)".into()];
        f.c.notes[stranger].speakers = vec!["Jane Dough".into()];
        let index = f.index();
        assert_eq!(index.other_talks_by_speakers(&f.c, talk), [("Jane Doe (Google)".to_string(), vec![earlier])]);
        assert_eq!(
            index.other_talks_by_speakers(&f.c, earlier),
            [("JANE  DOE (Microsoft)".to_string(), vec![talk, same_event])]
        );
        assert!(index.related(&f.c, talk).is_empty(), "a shared speaker is not a topical relation");
    }

    #[test]
    fn links_and_entries_naming_no_note_are_reported_once() {
        let mut f = Fixture::new();
        let e = f.event("2019-a", "2019");
        let a = f.note(e, "a", &[]);
        let b = f.note(e, "b", &[]);
        f.c.notes[a].extras_mut().related = vec!["2019-a/b.md".into(), "2019-a/gone.md".into(), "../outside.md".into()];
        f.c.notes[a].body = "[x](missing.md) [x](missing.md) [y](../../up.md) [ok](b.md) [web](https://x.org) \
                              [self](a.md#top) ![img](pic.md) [overview](event.md) [intro](../README.md)"
            .into();
        f.c.intro = Some("# My notes".into());
        let index = f.index();
        let broken: Vec<(usize, &str)> = index.broken_links().iter().map(|(n, w)| (*n, w.as_str())).collect();
        assert_eq!(broken, [(a, "2019-a/gone.md"), (a, "../outside.md"), (a, "missing.md"), (a, "../../up.md")]);
        assert_eq!(index.backlinks(b), [a]);
        assert!(index.backlinks(a).is_empty(), "a link to itself is no relation");
    }

    #[test]
    fn topics_list_their_notes_and_years_by_label() {
        let mut f = Fixture::new();
        f.c.vocabulary =
            Vocabulary::parse("[ai-ml]\nlabel = \"AI / ML\"\n[zeta]\nlabel = \"Alpha first\"\n", "t.toml").0;
        let (e2019, e2024a, e2024b) =
            (f.event("2019-a", "2019"), f.event("2024-b", "2024-03"), f.event("2024-c", "2024-11"));
        let late = f.note(e2024b, "late", &["ai-ml"]);
        let early = f.note(e2019, "early", &["ai-ml", "zeta"]);
        let mid = f.note(e2024a, "mid", &["ai-ml", "free-form"]);
        let index = f.index();
        let topics = index.topics(&f.c);
        let labels: Vec<(&str, &str, usize, &[i32])> =
            topics.iter().map(|t| (t.topic.as_str(), t.label.as_str(), t.notes, t.years.as_slice())).collect();
        assert_eq!(
            labels,
            [
                ("ai-ml", "AI / ML", 3, &[2019, 2024][..]),
                ("zeta", "Alpha first", 1, &[2019][..]),
                ("free-form", "free-form", 1, &[2024][..]),
            ]
        );
        assert_eq!(index.topic_timeline(&f.c, "AI ML"), [early, mid, late]);
        assert!(index.topic_timeline(&f.c, "nothing").is_empty());
    }

    #[test]
    fn bodies_with_only_web_links_are_not_parsed_but_relative_ones_are() {
        assert!(!may_hold_note_link("[a](https://x.org) [b]( <mailto:me@x.md>) text ] (x.md)"));
        assert!(!may_hold_note_link("no links at all"));
        assert!(may_hold_note_link("[a](https://x.org) [b](b.md)"));
        assert!(may_hold_note_link("[r]\n\n[r]:\n  ../x.md"));
        assert!(may_hold_note_link("[a](<my note.md>)"));
        assert!(may_hold_note_link("[a](x&#46;md)"));
        assert!(may_hold_note_link("[a](x&#x6D;&#x64;)"));
        assert!(may_hold_note_link("[a](Notes/X.MD#top) [b](../y.Markdown)"));
        assert!(may_hold_note_link("[a](../y.markdown)"));
        // Relative links to images and pages only: nothing to parse.
        assert!(!may_hold_note_link("![a](img/x.png) [b](slides.pdf) [c](#top) [d](page.html)"));
    }

    /// Untagged notes on three subjects over three years, each with its own words.
    fn untagged() -> (Fixture, [usize; 6]) {
        let mut f = Fixture::new();
        let (e2017, e2018, e2019) =
            (f.event("meet-2017", "2017"), f.event("meet-2018", "2018"), f.event("meet-2019", "2019"));
        let loops = "The event loop runs coroutines; each coroutine awaits while the event loop schedules tasks.";
        let access = "Screen readers, alt text and keyboard navigation: accessibility audits of contrast. \
                      Accessibility is for everyone.";
        let mut add = |event, name: &str, body: &str| {
            let note = f.note(event, name, &[]);
            f.c.notes[note].body = body.into();
            note
        };
        let a = add(e2017, "async-basics", loops);
        let b = add(e2017, "accessibility-of-forms", access);
        let c = add(e2018, "coroutines-at-work", &format!("{loops} Coroutines everywhere."));
        let d = add(e2018, "more-accessibility", &format!("{access} Accessibility for everyone."));
        let e = add(e2019, "event-loop-internals", &format!("{loops} The event loop, again: coroutines and tasks."));
        let g = add(e2019, "accessibility-audits", access);
        (f, [a, b, c, d, e, g])
    }

    #[test]
    fn an_untagged_note_jumps_to_its_best_related_note_in_the_nearest_year() {
        let (f, [a, _, c, _, e, _]) = untagged();
        let index = f.index();
        let later = index.jump(&f.c, a, Direction::Later).expect("a later note on the event loop");
        assert_eq!((later.note, later.to_year), (c, Some(2018)));
        assert!(later.shared_terms.iter().any(|t| t.contains("event loop") || t.starts_with("coroutine")), "{later:?}");
        let earlier = index.jump(&f.c, e, Direction::Earlier).expect("an earlier note on the event loop");
        assert_eq!(earlier.note, c);
    }

    #[test]
    fn compare_offers_every_related_note_of_other_years_best_first() {
        let (f, [a, _, c, _, e, _]) = untagged();
        let index = f.index();
        let offered: Vec<usize> = index.other_years(&f.c, c).iter().map(|r| r.note).collect();
        assert_eq!(offered.len(), 2, "{offered:?}");
        assert!(offered.contains(&a) && offered.contains(&e), "{offered:?}");
        let scores: Vec<f64> = index.other_years(&f.c, c).iter().map(|r| r.score).collect();
        assert!(scores[0] >= scores[1], "{scores:?}");
    }

    #[test]
    fn topics_found_in_the_text_are_listed_with_their_years_and_followed() {
        let (f, [a, b, c, d, e, g]) = untagged();
        let index = f.index();
        let topic = index.found_topics(b).first().cloned().expect("the accessibility notes share key phrases");
        for note in [d, g] {
            assert!(index.topics_of(&f.c, note).any(|t| *t == topic), "{topic} on {note}");
        }
        for note in [a, c, e] {
            assert!(!index.found_topics(note).contains(&topic), "{topic} is not about the event loop");
        }
        let summary = index.topics(&f.c).into_iter().find(|t| t.topic == topic).expect("listed");
        assert_eq!((summary.years.as_slice(), summary.notes, summary.inferred_notes), (&[2017, 2018, 2019][..], 3, 3));
        assert_eq!(summary.label, index.topic_label(&f.c, &topic));
        assert!(!summary.label.contains('-'), "named by the phrase as written: {}", summary.label);
        let years = index.topic_years(&f.c, &topic);
        let counts: Vec<(Option<i32>, usize)> = years.iter().map(|(y, notes)| (*y, notes.len())).collect();
        assert_eq!(counts, [(Some(2017), 1), (Some(2018), 1), (Some(2019), 1)]);
        let jump = index.jump_on_topic(&f.c, b, &summary.label, Direction::Later).expect("along the found topic");
        assert_eq!(jump.note, d);
    }

    #[test]
    fn found_topics_name_subjects_not_generic_words_or_half_phrases() {
        let mut f = Fixture::new();
        let events = [f.event("meet-2017", "2017"), f.event("meet-2018", "2018"), f.event("meet-2019", "2019")];
        let bodies = [
            "## Scikit-learn pipelines and the future\n\nThe future of scikit-learn: scikit-learn estimators, \
             the future. Scikit-learn grows; the future looks bright for scikit-learn.",
            "## The future of scikit-learn\n\nScikit-learn in the future: scikit-learn transformers, \
             scikit-learn everywhere, the future of estimators, a future release.",
            "## Scikit-learn and the future\n\nFuture plans: scikit-learn models, scikit-learn metrics, \
             the future roadmap of scikit-learn, its future.",
        ];
        // `learning` is the commonest form of the stem `learn`: the phrase is still named as written.
        let learning = "learning curves, learning rates, learning by doing, learning again, more learning";
        let bodies: Vec<String> =
            bodies.iter().enumerate().map(|(k, b)| format!("{b}\n\nPart {k}: {learning}.")).collect();
        for (k, body) in bodies.iter().enumerate() {
            let note = f.note(events[k], &format!("ml-{k}"), &[]);
            f.c.notes[note].body = body.as_str().into();
        }
        let index = f.index();
        let labels: Vec<String> = index.topics(&f.c).into_iter().map(|t| t.label).collect();
        assert!(labels.iter().any(|l| l == "scikit-learn"), "the phrase names the topic as written: {labels:?}");
        let why: Vec<String> = index.related(&f.c, 0).into_iter().flat_map(|r| r.shared_terms).collect();
        assert!(why.iter().any(|t| t == "scikit-learn"), "and the reasons say it so: {why:?}");
        assert!(!labels.iter().any(|l| l == "scikit" || l == "learn"), "no half phrase: {labels:?}");
        assert!(!labels.iter().any(|l| l == "future"), "a generic word is no topic: {labels:?}");
    }

    #[test]
    fn codes_numbering_titles_are_no_topics() {
        let mut f = Fixture::new();
        let events = [f.event("econ-2015", "2015"), f.event("econ-2016", "2016")];
        let talks = [
            (0, "C2. Rate decisions", "Rates held while the balance sheet grew; rates, then more rates."),
            (0, "C2.D Discussion of C2", "The discussant on C2: rates and the balance sheet, C2 again."),
            (0, "C2.R Reply on C2", "The reply to C2 and its discussant: rates once more, C2 once more."),
            (1, "Liquidity rules", "Liquidity again: central bank liquidity, liquidity rules, liquidity."),
            (
                1,
                "Liquidity after the crisis",
                "Liquidity dried up at central banks, liquidity came back, liquidity ratios.",
            ),
            (1, "Trade and tariffs", "Tariffs on steel, tariffs on grain, and who pays the tariffs."),
        ];
        for (k, (event, title, body)) in talks.iter().enumerate() {
            let note = f.note(events[*event], &format!("talk-{k}"), &[]);
            f.c.notes[note].title = (*title).into();
            f.c.notes[note].body = (*body).into();
        }
        let index = f.index();
        let labels: Vec<String> = index.topics(&f.c).into_iter().map(|t| t.label).collect();
        assert!(labels.iter().any(|l| l == "liquidity"), "the subject is a topic: {labels:?}");
        assert!(!labels.iter().any(|l| l == "c2"), "an outline code is none: {labels:?}");
    }

    fn bundled() -> (Collection, RelatedIndex) {
        let c = load_bundled();
        let index = RelatedIndex::build(&c);
        (c, index)
    }

    fn year(c: &Collection, note: usize) -> i32 {
        note_year(c, note).expect("bundled notes are dated")
    }

    #[test]
    fn bundled_observability_leads_forward_through_the_years_and_back() {
        let (c, index) = bundled();
        let start = c.note_index("2019-barcelona/observability.md").expect("bundled note");
        let first = index.jump(&c, start, Direction::Later).expect("a later observability note");
        assert!([2022, 2024].contains(&year(&c, first.note)), "{}", c.notes[first.note].id);
        assert!(c.notes[first.note].topics.iter().any(|t| t == "observability"), "{}", c.notes[first.note].id);
        assert_eq!((first.topic.as_deref(), first.from_year), (Some("observability"), Some(2019)));
        let second = index.jump(&c, first.note, Direction::Later).expect("a still later note");
        assert!(year(&c, second.note) > year(&c, first.note), "{}", c.notes[second.note].id);
        let back = index.jump(&c, first.note, Direction::Earlier).expect("back to an earlier year");
        assert!(year(&c, back.note) < year(&c, first.note));
        let topic = first.topic.as_deref().expect("the jump named its topic");
        let back_on_topic = index.jump_on_topic(&c, first.note, topic, Direction::Earlier).expect("back");
        assert_eq!(back_on_topic.note, start, "the only earlier observability note is where we came from");
    }

    #[test]
    fn every_bundled_topic_can_be_followed_through_all_its_years() {
        let (c, index) = bundled();
        for topic in c.vocabulary.topics() {
            let timeline = index.topic_timeline(&c, topic);
            let years: BTreeSet<i32> = timeline.iter().map(|&n| year(&c, n)).collect();
            let (Some(&first), Some(&last)) = (timeline.first(), timeline.last()) else {
                panic!("topic `{topic}` has no notes");
            };
            for (from, dir) in [(first, Direction::Later), (last, Direction::Earlier)] {
                let mut visited = BTreeSet::from([year(&c, from)]);
                let mut at = from;
                while let Some(jump) = index.jump_on_topic(&c, at, topic, dir) {
                    assert_eq!(jump.topic.as_deref(), Some(topic));
                    at = jump.note;
                    assert!(visited.insert(year(&c, at)), "`{topic}` revisits {}", year(&c, at));
                }
                assert_eq!(visited, years, "`{topic}` followed {dir:?}");
            }
        }
    }

    #[test]
    fn bundled_links_and_related_entries_all_resolve() {
        let (c, index) = bundled();
        assert!(index.broken_links().is_empty(), "{:?}", index.broken_links());
        let start = c.note_index("2019-barcelona/observability.md").expect("bundled note");
        let paris = c.note_index("2024-03-paris/observability.md").expect("bundled note");
        assert!(index.backlinks(paris).contains(&start));
    }

    #[test]
    fn the_years_a_jump_can_reach_are_those_jump_reaches() {
        let (c, index) = bundled();
        let mut seen = BTreeSet::new();
        for note in 0..c.notes.len() {
            let found =
                (index.jump(&c, note, Direction::Later).is_some(), index.jump(&c, note, Direction::Earlier).is_some());
            assert_eq!(index.jump_years(&c, note), found, "{}", c.notes[note].id);
            seen.insert(found);
        }
        assert!(seen.contains(&(false, true)) && seen.contains(&(true, false)), "newest and oldest notes: {seen:?}");
        // Untagged notes relate by their text and their inferred topics.
        let mut f = Fixture::new();
        let (old, new) = (f.event("2019-x", "2019-05"), f.event("2023-x", "2023-05"));
        let notes = [f.note(old, "a", &[]), f.note(new, "b", &[]), f.note(new, "c", &[])];
        for &n in &notes {
            f.c.notes[n].inferred_topics = vec!["tracing".into()];
        }
        let index = f.index();
        assert_eq!(index.jump_years(&f.c, notes[0]), (true, false));
        assert_eq!(index.jump_years(&f.c, notes[1]), (false, true), "the other note of its year is no target");
    }
}
