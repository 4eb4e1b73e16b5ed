//! The topic vocabulary (`topics.toml`): canonical topic names, their labels
//! and aliases, and the normalisation that makes `Platform Engineering`,
//! `platform_engineering` and an alias such as `o11y` the same topic.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{position_of, Diagnostic};
use crate::search::fold::fold;

/// A canonical topic name, already normalised.
pub type Topic = String;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Canonical name → label, in name order.
    labels: BTreeMap<Topic, String>,
    /// Normalised alias or name → canonical name.
    canonical: HashMap<String, Topic>,
}

#[derive(Deserialize)]
struct TopicEntry {
    label: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Folded as search folds text (lower case, no accents), with runs of
/// spaces, `_` and `-` made one `-`.
pub fn normalize(topic: &str) -> String {
    let mut out = String::with_capacity(topic.len());
    let mut pending_dash = false;
    for c in fold(topic.trim()).chars() {
        if c == ' ' || c == '_' || c == '-' || c == '\t' {
            pending_dash = !out.is_empty();
        } else {
            if pending_dash {
                out.push('-');
                pending_dash = false;
            }
            out.push(c);
        }
    }
    out
}

impl Vocabulary {
    /// Parses `topics.toml`; problems are reported and the good entries kept.
    pub fn parse(text: &str, file: &str) -> (Self, Vec<Diagnostic>) {
        let mut vocabulary = Self::default();
        let mut problems = Vec::new();
        let table: toml::Spanned<BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>> =
            match toml::from_str(text) {
                Ok(t) => t,
                Err(e) => {
                    let position = e.span().map(|s| position_of(text, s.start));
                    problems.push(Diagnostic::new(file, position, e.message().to_string()));
                    return (vocabulary, problems);
                }
            };
        for (name, value) in table.into_inner() {
            let at = Some(position_of(text, name.span().start));
            let entry: TopicEntry = match value.into_inner().try_into() {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(Diagnostic::new(file, at, format!("topic `{}`: {}", name.get_ref(), e.message())));
                    continue;
                }
            };
            let canonical = normalize(name.get_ref());
            if canonical.is_empty() {
                problems.push(Diagnostic::new(file, at, "empty topic name"));
                continue;
            }
            let label = entry.label.unwrap_or_else(|| name.get_ref().clone());
            for alias in std::iter::once(canonical.clone()).chain(entry.aliases.iter().map(|a| normalize(a))) {
                if let Some(previous) = vocabulary.canonical.get(&alias) {
                    if *previous != canonical {
                        problems.push(Diagnostic::new(
                            file,
                            at,
                            format!("`{alias}` already names topic `{previous}`; ignored for `{canonical}`"),
                        ));
                    }
                    continue;
                }
                vocabulary.canonical.insert(alias, canonical.clone());
            }
            vocabulary.labels.insert(canonical, label);
        }
        (vocabulary, problems)
    }

    /// The canonical topic for a name as written in a note. Topics outside the
    /// vocabulary are kept (normalised), so free-form topics still link notes.
    pub fn resolve(&self, written: &str) -> Topic {
        let key = normalize(written);
        self.canonical.get(&key).cloned().unwrap_or(key)
    }

    pub fn contains(&self, topic: &str) -> bool {
        self.labels.contains_key(topic)
    }

    /// How a topic is shown: its label from the vocabulary, else its name.
    pub fn label<'a>(&'a self, topic: &'a str) -> &'a str {
        self.labels.get(topic).map_or(topic, String::as_str)
    }

    /// Canonical names in the vocabulary, in name order.
    pub fn topics(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Every name and alias (normalised) with the topic it means.
    pub fn names(&self) -> impl Iterator<Item = (&str, &Topic)> {
        self.canonical.iter().map(|(name, topic)| (name.as_str(), topic))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_case_spaces_underscores_and_hyphens() {
        assert_eq!(normalize("Platform Engineering"), "platform-engineering");
        assert_eq!(normalize("platform_engineering"), "platform-engineering");
        assert_eq!(normalize("  platform -- engineering "), "platform-engineering");
        assert_eq!(normalize("-ai-"), "ai");
        assert_eq!(normalize("ÉBPF"), "ebpf");
        assert_eq!(normalize("Straße"), "strasse");
    }

    #[test]
    fn aliases_resolve_to_their_topic_and_unknown_topics_pass_through() {
        let (v, problems) = Vocabulary::parse(
            "[observability]\nlabel = \"Observability\"\naliases = [\"o11y\", \"Monitoring\"]\n",
            "topics.toml",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(v.resolve("O11y"), "observability");
        assert_eq!(v.resolve("monitoring"), "observability");
        assert_eq!(v.resolve("Observability"), "observability");
        assert_eq!(v.resolve("Wasm Runtime"), "wasm-runtime");
        assert_eq!(v.label("observability"), "Observability");
        assert_eq!(v.label("wasm-runtime"), "wasm-runtime");
        assert!(v.contains("observability") && !v.contains("o11y"));
    }

    #[test]
    fn bad_entries_are_reported_with_position_and_good_ones_kept() {
        let text = "[good]\naliases = [\"g\"]\n\n[bad]\naliases = 3\n\n[other]\naliases = [\"g\"]\n";
        let (v, problems) = Vocabulary::parse(text, "topics.toml");
        assert_eq!(v.resolve("g"), "good");
        assert!(v.contains("other"));
        assert!(!v.contains("bad"));
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(rendered.len(), 2, "{rendered:?}");
        assert!(rendered[0].starts_with("topics.toml:4:2: topic `bad`"), "{rendered:?}");
        assert!(rendered[1].starts_with("topics.toml:7:2: `g` already names topic `good`"), "{rendered:?}");
    }

    #[test]
    fn invalid_toml_names_line_and_column() {
        let (_, problems) = Vocabulary::parse("[a]\nlabel = \n", "t.toml");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("t.toml:2:"), "{}", problems[0]);
    }
}
