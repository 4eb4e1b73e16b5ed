//! The filter language of the lists and saved searches:
//!
//! ```text
//! ebpf "stateful serverless" topic:o11y kind:talk year:2022.. event:kubecon is:unread is:bookmarked
//! ```
//!
//! Free words and `"quoted phrases"` must each occur (folded, so case and
//! accents never matter) in the note's title, a speaker, a topic (label or
//! name), the event's name or its city. `topic:NAME` goes through the
//! vocabulary, so aliases work; `kind:` compares the kind (`note` when none
//! is given); `year:` takes `2019`, `2022..`, `..2020` or `2019..2022`
//! (inclusive); `event:TEXT` looks in the event's name, series and city;
//! `speaker:TEXT` in the note's speakers (written or read from its text);
//! `is:` takes `read`, `unread` or `bookmarked`. A value with spaces is
//! quoted: `topic:"machine learning"`. Every part must hold: repeating a
//! filter narrows further (`kind:talk kind:panel` matches nothing).
//!
//! Problems (a year that is not one, an unknown filter) are reported as
//! sentences; the rest of the query still applies, and an unknown `key:`
//! is searched as plain text.

use super::fold::fold;
use crate::notes::{Collection, Topic, Vocabulary};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    words: Vec<Text>,
    topics: Vec<Topic>,
    /// Folded.
    kinds: Vec<String>,
    events: Vec<Text>,
    speakers: Vec<Text>,
    years: Option<Years>,
    read: Option<bool>,
    bookmarked: bool,
}

/// Text as the user wrote it and folded for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Text {
    written: String,
    folded: String,
    quoted: bool,
}

impl Text {
    fn new(written: &str, quoted: bool) -> Self {
        Self { written: written.to_string(), folded: fold(written), quoted }
    }
}

/// An inclusive range of years, open at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Years {
    from: Option<i32>,
    to: Option<i32>,
}

impl Years {
    fn contains(self, year: i32) -> bool {
        self.from.is_none_or(|f| year >= f) && self.to.is_none_or(|t| year <= t)
    }

    /// Both ranges at once (`year:2019.. year:..2022` is 2019 to 2022).
    fn and(self, other: Years) -> Years {
        // `None` sorts before every year, as an open start should.
        let from = self.from.max(other.from);
        let to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Years { from, to }
    }
}

/// One whitespace-separated piece of the query.
struct Token {
    /// The lowercased key before `:`, for `key:value`.
    key: Option<String>,
    value: String,
    quoted: bool,
    raw: String,
}

const KEYS: &str = "is, topic, kind, year, event, speaker";

impl Query {
    /// Parses `text`; problems are returned as sentences and the parts
    /// that make sense are kept.
    pub fn parse(text: &str, vocabulary: &Vocabulary) -> (Query, Vec<String>) {
        let mut query = Query::default();
        let (tokens, mut problems) = tokenize(text);
        for token in tokens {
            let Some(key) = token.key.as_deref() else {
                query.words.push(Text::new(&token.value, token.quoted));
                continue;
            };
            let value = token.value.trim();
            let known = matches!(key, "is" | "topic" | "kind" | "year" | "event" | "speaker");
            if !known {
                problems.push(format!("`{key}:` is not a filter ({KEYS}); searched as text"));
                query.words.push(Text::new(&token.raw.replace('"', ""), token.quoted));
                continue;
            }
            if value.is_empty() {
                problems.push(format!("`{key}:` needs a value"));
                continue;
            }
            match key {
                "is" => match fold(value).as_str() {
                    "read" | "unread" => {
                        let read = fold(value) == "read";
                        if query.read.is_some_and(|r| r != read) {
                            problems.push("is:read and is:unread together match nothing; the last one counts".into());
                        }
                        query.read = Some(read);
                    }
                    "bookmarked" | "bookmark" => query.bookmarked = true,
                    _ => problems.push(format!("is:{value} is not known; use is:read, is:unread or is:bookmarked")),
                },
                "topic" => {
                    let topic = vocabulary.resolve(value);
                    if !query.topics.contains(&topic) {
                        query.topics.push(topic);
                    }
                }
                "kind" => query.kinds.push(fold(value)),
                "event" => query.events.push(Text::new(value, token.quoted)),
                "speaker" => query.speakers.push(Text::new(value, token.quoted)),
                _ => match parse_years(value) {
                    Ok(years) => query.years = Some(query.years.map_or(years, |y| y.and(years))),
                    Err(problem) => problems.push(problem),
                },
            }
        }
        (query, problems)
    }

    /// Nothing to filter on: every note matches.
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// Whether note `note` of `c` passes, given its read and bookmark state
    /// and the topics found in its text (`found_topics`, which `topic:`
    /// counts beside its written and inferred ones).
    pub fn matches(&self, c: &Collection, note: usize, found_topics: &[Topic], read: bool, bookmarked: bool) -> bool {
        self.matches_state(read, bookmarked) && self.matches_note(c, note, found_topics)
    }

    /// Whether a note with this read and bookmark state passes `is:`.
    pub fn matches_state(&self, read: bool, bookmarked: bool) -> bool {
        self.read.is_none_or(|r| r == read) && (!self.bookmarked || bookmarked)
    }

    /// Whether note `note` of `c` passes everything but `is:`. Apart, so
    /// that the costly part (folding the note's text) is done once per
    /// collection and a read mark only re-checks the cheap part.
    pub fn matches_note(&self, c: &Collection, note: usize, found_topics: &[Topic]) -> bool {
        let Some(n) = c.notes.get(note) else { return false };
        let Some(event) = c.events.get(n.event) else { return false };
        let has = |t: &Topic| n.topics.contains(t) || n.inferred_topics.contains(t) || found_topics.contains(t);
        if !self.topics.iter().all(has) {
            return false;
        }
        if !self.kinds.is_empty() {
            let kind = fold(n.kind_label());
            if !self.kinds.iter().all(|k| *k == kind) {
                return false;
            }
        }
        if let Some(years) = self.years {
            if !event.year().is_some_and(|y| years.contains(y)) {
                return false;
            }
        }
        if !self.events.is_empty() {
            let mut haystack = fold(&event.name);
            for part in [&event.series, &event.city].into_iter().flatten() {
                haystack.push('\n');
                haystack.push_str(&fold(part));
            }
            if !self.events.iter().all(|e| haystack.contains(&e.folded)) {
                return false;
            }
        }
        if !self.speakers.is_empty() {
            let speakers: Vec<String> = n.speakers.iter().map(|s| fold(s)).collect();
            if !self.speakers.iter().all(|want| speakers.iter().any(|s| s.contains(&want.folded))) {
                return false;
            }
        }
        if !self.words.is_empty() {
            let mut haystack = String::new();
            let mut add = |text: &str| {
                super::fold::fold_into(text, &mut haystack);
                haystack.push('\n');
            };
            add(&n.title);
            n.speakers.iter().for_each(|s| add(s));
            for topic in &n.topics {
                add(topic);
                add(c.vocabulary.label(topic));
            }
            add(&event.name);
            if let Some(city) = &event.city {
                add(city);
            }
            if !self.words.iter().all(|w| haystack.contains(&w.folded)) {
                return false;
            }
        }
        true
    }

    /// A short human label, such as "ebpf, 2022 and later, unread".
    pub fn describe(&self, vocabulary: &Vocabulary) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.words.is_empty() {
            let words: Vec<String> = self
                .words
                .iter()
                .map(|w| if w.quoted { format!("“{}”", w.written) } else { w.written.clone() })
                .collect();
            parts.push(words.join(" "));
        }
        parts.extend(self.topics.iter().map(|t| vocabulary.label(t).to_string()));
        parts.extend(self.kinds.iter().map(|k| if k.ends_with('s') { k.clone() } else { format!("{k}s") }));
        parts.extend(self.events.iter().map(|e| format!("at {}", e.written)));
        parts.extend(self.speakers.iter().map(|s| format!("by {}", s.written)));
        if let Some(years) = self.years {
            parts.push(match (years.from, years.to) {
                (Some(f), Some(t)) if f == t => f.to_string(),
                (Some(f), Some(t)) if f > t => "no year".to_string(),
                (Some(f), Some(t)) => format!("{f} to {t}"),
                (Some(f), None) => format!("{f} and later"),
                (None, Some(t)) => format!("{t} and earlier"),
                (None, None) => "any year".to_string(),
            });
        }
        match self.read {
            Some(true) => parts.push("read".into()),
            Some(false) => parts.push("unread".into()),
            None => {}
        }
        if self.bookmarked {
            parts.push("bookmarked".into());
        }
        if parts.is_empty() {
            return "all notes".into();
        }
        parts.join(", ")
    }
}

/// Splits at whitespace outside double quotes.
fn tokenize(text: &str) -> (Vec<Token>, Vec<String>) {
    let mut tokens = Vec::new();
    let mut problems = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut raw = String::new();
        let mut in_quote = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() && !in_quote {
                break;
            }
            if c == '"' {
                in_quote = !in_quote;
            }
            raw.push(c);
            chars.next();
        }
        if in_quote {
            problems.push(format!("{raw} has no closing quote"));
        }
        let key_end = raw.find(':').filter(|&i| i > 0 && raw[..i].chars().all(|c| c.is_ascii_alphabetic()));
        let (key, value) = match key_end {
            Some(i) => (Some(raw[..i].to_ascii_lowercase()), &raw[i + 1..]),
            None => (None, raw.as_str()),
        };
        let quoted = value.contains('"');
        let value = value.replace('"', "");
        if key.is_none() && value.trim().is_empty() {
            continue;
        }
        tokens.push(Token { key, value, quoted, raw: raw.clone() });
    }
    (tokens, problems)
}

fn parse_years(value: &str) -> Result<Years, String> {
    let year = |part: &str| -> Result<Option<i32>, String> {
        if part.is_empty() {
            return Ok(None);
        }
        if part.len() == 4 && part.bytes().all(|b| b.is_ascii_digit()) {
            return part.parse().map(Some).map_err(|_| String::new());
        }
        Err(if part == value {
            format!("year:{value} is not a year")
        } else {
            format!("year:{value}: {part} is not a year")
        })
    };
    match value.split_once("..") {
        None => {
            let y = year(value)?;
            Ok(Years { from: y, to: y })
        }
        Some((from, to)) => {
            let years = Years { from: year(from)?, to: year(to)? };
            match (years.from, years.to) {
                (None, None) => Err(format!("year:{value} needs a year on at least one side of `..`")),
                (Some(f), Some(t)) if f > t => Err(format!("year:{value} is empty: {f} comes after {t}")),
                _ => Ok(years),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fixture;

    fn parsed(text: &str) -> (Query, Vec<String>) {
        let c = fixture::collection();
        Query::parse(text, &c.vocabulary)
    }

    /// Titles of the fixture's notes that match, with notes 0 and 2 read and
    /// note 3 bookmarked.
    fn matching(text: &str) -> Vec<String> {
        let c = fixture::collection();
        let (query, problems) = Query::parse(text, &c.vocabulary);
        assert!(problems.is_empty(), "{text}: {problems:?}");
        (0..c.notes.len())
            .filter(|&n| query.matches(&c, n, &[], n == 0 || n == 2, n == 3))
            .map(|n| c.notes[n].title.clone())
            .collect()
    }

    #[test]
    fn free_words_match_title_speakers_topics_and_event_folded() {
        assert_eq!(matching("boner"), ["Towards Stateful Serverless"]);
        assert_eq!(matching("BONÉR"), ["Towards Stateful Serverless"]);
        assert_eq!(matching("zurich"), ["Straße nach Zürich"]);
        assert_eq!(matching("o11y").len(), 0, "aliases are for topic:, words look at labels");
        assert_eq!(matching("observability"), ["eBPF everywhere"]);
        assert_eq!(matching("detroit"), ["eBPF everywhere"]);
        assert_eq!(matching("north america"), ["eBPF everywhere"]);
        assert_eq!(matching("serverless stateful"), ["Towards Stateful Serverless"]);
        assert_eq!(matching("").len(), 5);
    }

    #[test]
    fn quoted_phrases_must_appear_together() {
        assert_eq!(matching("\"stateful serverless\""), ["Towards Stateful Serverless"]);
        assert!(matching("\"serverless stateful\"").is_empty());
    }

    #[test]
    fn topics_resolve_through_aliases() {
        assert_eq!(matching("topic:o11y"), ["eBPF everywhere"]);
        assert_eq!(matching("topic:Monitoring"), ["eBPF everywhere"]);
        assert_eq!(matching("topic:\"machine learning\""), ["CERN rediscovers the Higgs boson"]);
        assert_eq!(matching("topic:serverless topic:storage"), ["Towards Stateful Serverless"]);
    }

    #[test]
    fn topics_inferred_or_found_in_the_text_count_for_topic() {
        let mut c = fixture::collection();
        let (query, _) = Query::parse("topic:\"event loop\"", &c.vocabulary);
        assert!(!(0..c.notes.len()).any(|n| query.matches_note(&c, n, &[])));
        let found = vec!["event-loop".to_string()];
        assert!(query.matches_note(&c, 1, &found), "a topic found in the note's text");
        c.notes[2].inferred_topics = found.clone();
        assert!(query.matches_note(&c, 2, &[]), "a topic inferred from the vocabulary");
    }

    #[test]
    fn kind_year_and_event_filter() {
        assert_eq!(matching("kind:keynote"), ["CERN rediscovers the Higgs boson"]);
        assert_eq!(matching("kind:note"), ["Straße nach Zürich"]);
        assert_eq!(matching("year:2019").len(), 2);
        assert_eq!(matching("year:2022.."), ["eBPF everywhere", "Straße nach Zürich"]);
        assert_eq!(matching("year:..2020").len(), 2);
        assert_eq!(matching("year:2020..2023"), ["eBPF everywhere"]);
        assert_eq!(matching("year:2019.. year:..2022").len(), 3);
        assert_eq!(matching("event:barcelona").len(), 2);
        assert_eq!(matching("event:\"north america\""), ["eBPF everywhere"]);
    }

    #[test]
    fn read_and_bookmark_state_filter() {
        assert_eq!(matching("is:read"), ["Towards Stateful Serverless", "eBPF everywhere"]);
        assert_eq!(matching("is:unread").len(), 3);
        assert_eq!(matching("is:bookmarked"), ["Straße nach Zürich"]);
        assert_eq!(matching("IS:Unread kind:talk"), ["Undated musings"]);
    }

    #[test]
    fn state_and_note_parts_together_are_the_whole_match() {
        let c = fixture::collection();
        for text in ["is:unread serverless", "is:bookmarked", "year:2019", "is:read kind:talk", ""] {
            let (query, _) = Query::parse(text, &c.vocabulary);
            for n in 0..c.notes.len() {
                for (read, bookmarked) in [(false, false), (true, false), (false, true), (true, true)] {
                    assert_eq!(
                        query.matches(&c, n, &[], read, bookmarked),
                        query.matches_state(read, bookmarked) && query.matches_note(&c, n, &[]),
                        "{text:?} on note {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn problems_are_reported_and_the_rest_applies() {
        let (query, problems) = parsed("year:20x serverless");
        assert_eq!(problems, ["year:20x is not a year"]);
        assert_eq!(query.words.len(), 1);
        assert!(query.years.is_none());
        assert_eq!(parsed("year:2019..20x").1, ["year:2019..20x: 20x is not a year"]);
        assert_eq!(parsed("year:2022..2019").1, ["year:2022..2019 is empty: 2022 comes after 2019"]);
        assert_eq!(parsed("year:..").1, ["year:.. needs a year on at least one side of `..`"]);
        assert_eq!(parsed("is:starred").1, ["is:starred is not known; use is:read, is:unread or is:bookmarked"]);
        assert_eq!(parsed("topic:").1, ["`topic:` needs a value"]);
        assert_eq!(parsed("\"open phrase").1, ["\"open phrase has no closing quote"]);
        let (query, problems) = parsed("speakr:boner");
        assert_eq!(problems, ["`speakr:` is not a filter (is, topic, kind, year, event, speaker); searched as text"]);
        assert_eq!(query.words[0].folded, "speakr:boner");
    }

    #[test]
    fn speaker_looks_in_the_speakers_only_folded() {
        assert_eq!(matching("speaker:boner"), ["Towards Stateful Serverless"]);
        assert_eq!(matching("speaker:\"jonas bon\""), ["Towards Stateful Serverless"]);
        assert!(matching("speaker:serverless").is_empty(), "a title word is no speaker");
    }

    #[test]
    fn text_that_only_looks_like_a_filter_is_a_word() {
        let (query, problems) = parsed("c++: 10:30 :x");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(query.words.len(), 3);
    }

    #[test]
    fn descriptions_read_like_labels() {
        let c = fixture::collection();
        let describe = |text: &str| Query::parse(text, &c.vocabulary).0.describe(&c.vocabulary);
        assert_eq!(describe("ebpf year:2022.. is:unread"), "ebpf, 2022 and later, unread");
        assert_eq!(describe("topic:o11y kind:talk year:2019..2022"), "Observability, talks, 2019 to 2022");
        assert_eq!(
            describe("\"stateful serverless\" year:..2020 is:bookmarked"),
            "“stateful serverless”, 2020 and earlier, bookmarked"
        );
        assert_eq!(describe("event:kubecon year:2019 is:read"), "at kubecon, 2019, read");
        assert_eq!(describe("speaker:boner"), "by boner");
        assert_eq!(describe(""), "all notes");
    }

    #[test]
    fn an_empty_query_is_empty() {
        assert!(parsed("  ").0.is_empty());
        assert!(!parsed("is:read").0.is_empty());
    }
}
