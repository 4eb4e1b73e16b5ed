//! A note's entry in the finder: its title, speakers, topics and the
//! vocabulary's other names for them, folded into the finder's
//! [`Arena`], and the letter sets of each ([`Shape`]).

use std::collections::HashMap;

use super::{Arena, Entry};
use crate::notes::Note;
use crate::relate::Vocabulary;
use crate::search::fold::{fold, fold_into};
use crate::search::letters::Shape;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What entries are made with. Each topic's text is folded once, not once
/// for every note carrying it (thousands, in a large collection), and each
/// note's texts are folded into the same four buffers: no text is made
/// for a note but what the arena keeps of it. Folding goes a character at
/// a time, so a text folded in pieces is the text folded whole.
pub(super) struct Maker<'v> {
    vocabulary: &'v Vocabulary,
    /// Per topic the vocabulary knows other names for: them, sorted, each
    /// followed by `, `.
    aliases: Map<&'v str, String>,
    /// Per topic met: its label (and its name, when the label folds to
    /// something else), each followed by `, `, and its other names, folded.
    topics: Map<&'v str, (String, String)>,
    /// The note's texts being made: title, speakers, topics, other names.
    texts: [String; 4],
}

impl<'v> Maker<'v> {
    pub(super) fn new(vocabulary: &'v Vocabulary) -> Self {
        Self { vocabulary, aliases: aliases(vocabulary), topics: Map::default(), texts: Default::default() }
    }

    /// The entry of `n`, its texts added to `arena`.
    pub(super) fn entry(&mut self, n: &'v Note, arena: &mut Arena) -> Entry {
        let Self { vocabulary, aliases, topics, texts } = self;
        let [title, speakers, topic_names, other_names] = texts;
        title.clear();
        fold_into(&n.title, title);
        speakers.clear();
        for (k, speaker) in n.speakers.iter().enumerate() {
            if k > 0 {
                speakers.push_str(", ");
            }
            fold_into(speaker, speakers);
        }
        topic_names.clear();
        other_names.clear();
        for topic in &n.topics {
            let (names, others) = topics.entry(topic.as_str()).or_insert_with(|| {
                let label = vocabulary.label(topic);
                let mut names = fold(label);
                let named_apart = names != *topic;
                names.push_str(", ");
                if named_apart {
                    fold_into(topic, &mut names);
                    names.push_str(", ");
                }
                (names, aliases.get(topic.as_str()).map(|others| fold(others)).unwrap_or_default())
            });
            topic_names.push_str(names);
            other_names.push_str(others);
        }
        let own = Shape::of(title);
        let other = [&*speakers, &*topic_names, &*other_names]
            .into_iter()
            .fold(Shape::default(), |all, text| all.union(Shape::of(text)));
        Entry {
            texts: arena.push([title, speakers, topic_names, other_names]),
            title_letters: own.letters,
            title_starts: own.starts,
            title_pairs: own.start_pairs,
            title_any_pairs: own.pairs,
            other_letters: other.letters,
            other_starts: other.starts,
            other_pairs: other.start_pairs,
            other_any_pairs: other.pairs,
            event: u32::try_from(n.event).unwrap_or(u32::MAX),
        }
    }
}

/// People type the short names they use (`o11y`, `k8s`), which the
/// vocabulary knows as aliases: gathered once per topic, not per note.
fn aliases(vocabulary: &Vocabulary) -> Map<&str, String> {
    let mut alias_lists: Map<&str, Vec<&str>> = Map::default();
    for (name, topic) in vocabulary.names() {
        if name != topic.as_str() {
            alias_lists.entry(topic.as_str()).or_default().push(name);
        }
    }
    // Sorted, as the vocabulary's map has no order, so scores are the same every run.
    alias_lists
        .into_iter()
        .map(|(topic, mut names)| {
            names.sort_unstable();
            (topic, names.iter().map(|n| format!("{n}, ")).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::finder::{ALIASES, SPEAKERS, TITLE, TOPICS};

    /// A note's four texts made whole, then folded: what the pieces folded must give.
    fn folded_whole(n: &Note, vocabulary: &Vocabulary) -> [String; 4] {
        let aliases = aliases(vocabulary);
        let (mut topics, mut others) = (String::new(), String::new());
        for topic in &n.topics {
            let label = vocabulary.label(topic);
            topics.push_str(label);
            topics.push_str(", ");
            if fold(label) != *topic {
                topics.push_str(topic);
                topics.push_str(", ");
            }
            others.push_str(aliases.get(topic.as_str()).map_or("", String::as_str));
        }
        [fold(&n.title), fold(&n.speakers.join(", ")), fold(&topics), fold(&others)]
    }

    #[test]
    fn texts_folded_in_pieces_are_the_texts_folded_whole() {
        let c = crate::search::fixture::collection();
        let finder = crate::search::Finder::new(&c);
        for (k, n) in c.notes.iter().enumerate() {
            let made = [TITLE, SPEAKERS, TOPICS, ALIASES].map(|which| finder.text(&finder.notes[k], which).to_string());
            assert_eq!(made, folded_whole(n, &c.vocabulary), "{}", n.title);
        }
        // Each note's letter sets are those of its texts.
        let entry = &finder.notes[3];
        let [title, speakers, topics, others] = folded_whole(&c.notes[3], &c.vocabulary);
        assert_eq!(entry.title_starts, Shape::of(&title).starts);
        let other = Shape::of(&speakers).union(Shape::of(&topics)).union(Shape::of(&others));
        assert_eq!((entry.other_letters, entry.other_any_pairs), (other.letters, other.pairs));
        assert!(speakers.contains("zoe ørsted") || speakers.contains("zoe orsted"), "{speakers}");
    }
}
