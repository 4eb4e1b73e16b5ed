//! Why two notes are related, stated for a reader: the related view, the
//! status line after `]`/`[` and `confnotes related` all say it the same
//! way (`topic: WebAssembly (inferred) · both about wasm, runtime,
//! sandbox`), and `--json` gets the same reasons as data.

use std::fmt;

use serde::Serialize;

use super::related::{speaker_key, Relation};
use super::surface::as_written;
use crate::notes::Collection;

/// One reason a note is related to another, strongest kinds first in the
/// order [`reasons`] lists them (the order `]`/`[` weighs them in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// One of the two names the other in its `related:` front matter.
    Related,
    /// One of the two links to the other in its Markdown.
    Link,
    /// A topic both carry. `inferred`: one of them (or both) only has it
    /// from its text, not from its front matter.
    Topic { topic: String, label: String, inferred: bool },
    /// The words that weigh most in the two notes' text similarity.
    SharedTerms { terms: Vec<String> },
    /// Both notes name this speaker (as the related note writes them).
    SameSpeaker { speaker: String },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Related => f.write_str("listed as related"),
            Reason::Link => f.write_str("linked"),
            Reason::Topic { label, inferred: false, .. } => write!(f, "topic: {label}"),
            Reason::Topic { label, inferred: true, .. } => write!(f, "topic: {label} (inferred)"),
            Reason::SharedTerms { terms } => write!(f, "both about {}", terms.join(", ")),
            Reason::SameSpeaker { speaker } => write!(f, "same speaker: {speaker}"),
        }
    }
}

/// Why `relation.note` is related to `note`: `related:` and links first,
/// then shared topics, topics inferred on one side, shared terms, and a
/// shared speaker, which ranks nothing but is worth knowing.
pub fn reasons(c: &Collection, note: usize, relation: &Relation) -> Vec<Reason> {
    let mut out = Vec::new();
    if relation.explicit {
        out.push(Reason::Related);
    }
    if relation.linked {
        out.push(Reason::Link);
    }
    let topic =
        |t: &String, inferred| Reason::Topic { topic: t.clone(), label: c.vocabulary.label(t).to_string(), inferred };
    out.extend(relation.shared_topics.iter().map(|t| topic(t, false)));
    out.extend(relation.inferred_topics.iter().map(|t| topic(t, true)));
    if !relation.shared_terms.is_empty() {
        out.push(Reason::SharedTerms { terms: said_terms(c, note, relation) });
    }
    out.extend(shared_speakers(c, note, relation.note).into_iter().map(|speaker| Reason::SameSpeaker { speaker }));
    out
}

/// Shared terms said in a reason at most.
pub const TERMS_SAID: usize = 3;

/// The [`TERMS_SAID`] shared terms of a relation a reader knows as its
/// subjects, as the two notes write them (`NumPy`, `scikit-learn`): read
/// for the few relations shown. A word the notes use mostly as a verb
/// (`we translate`, `to build the model`) is left out while another is
/// left: it says what someone did, not what the notes are about. The rest
/// keep their order (shared phrases first: `Similarity::shared_terms`).
fn said_terms(c: &Collection, note: usize, relation: &Relation) -> Vec<String> {
    let written = as_written(c, &[note, relation.note], &relation.shared_terms);
    let fallback = written.first().map(|(w, _)| w.clone());
    let mut said: Vec<String> = written
        .into_iter()
        .filter(|(_, uses)| !uses.mostly_verb())
        .map(|(written, _)| written)
        .take(TERMS_SAID)
        .collect();
    if said.is_empty() {
        said.extend(fallback);
    }
    said
}

/// Reasons as one line: `topics: Observability, Kubernetes · both about
/// wasm, runtime`. Neighbouring topics of the same kind share one label so
/// a note with five topics in common still fits a list row.
pub fn describe(reasons: &[Reason]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < reasons.len() {
        if let Reason::Topic { inferred, .. } = &reasons[i] {
            let run: Vec<&str> = reasons[i..]
                .iter()
                .map_while(|r| match r {
                    Reason::Topic { label, inferred: same, .. } if same == inferred => Some(label.as_str()),
                    _ => None,
                })
                .collect();
            let noun = if run.len() == 1 { "topic" } else { "topics" };
            let suffix = if *inferred { " (inferred)" } else { "" };
            parts.push(format!("{noun}: {}{suffix}", run.join(", ")));
            i += run.len();
        } else {
            parts.push(reasons[i].to_string());
            i += 1;
        }
    }
    parts.join(" · ")
}

/// The speakers of `other` who also speak in `note`, as `other` writes
/// them; the same person with another company or capitalisation counts.
fn shared_speakers(c: &Collection, note: usize, other: usize) -> Vec<String> {
    let (Some(a), Some(b)) = (c.notes.get(note), c.notes.get(other)) else {
        return Vec::new();
    };
    let keys: Vec<String> = a.speakers.iter().map(|s| speaker_key(s)).filter(|k| !k.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    for speaker in &b.speakers {
        let key = speaker_key(speaker);
        if keys.contains(&key) && !out.iter().any(|s| speaker_key(s) == key) {
            out.push(speaker.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Note, NoteId};

    fn collection(notes: Vec<Note>) -> Collection {
        Collection { notes, ..crate::test_fixtures::empty_collection() }
    }

    fn note(id: &str, speakers: &[&str]) -> Note {
        Note { id: NoteId(id.into()), speakers: speakers.iter().map(|s| s.to_string()).collect(), ..Note::default() }
    }

    fn relation(note: usize) -> Relation {
        Relation::new(note)
    }

    #[test]
    fn reasons_say_which_topics_are_inferred_and_which_words_are_shared() {
        let c = collection(vec![note("a.md", &[]), note("b.md", &[])]);
        let r = Relation {
            shared_topics: vec!["observability".into()],
            inferred_topics: vec!["networking".into()],
            shared_terms: vec!["wasm".into(), "runtime".into(), "sandbox".into()],
            linked: true,
            ..relation(1)
        };
        let why = reasons(&c, 0, &r);
        let shown: Vec<String> = why.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["linked", "topic: observability", "topic: networking (inferred)", "both about wasm, runtime, sandbox"]
        );
        assert_eq!(
            describe(&why),
            "linked · topic: observability · topic: networking (inferred) · both about wasm, runtime, sandbox"
        );
        let json = serde_json::to_value(&why[2]).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"kind": "topic", "topic": "networking", "label": "networking", "inferred": true})
        );
    }

    #[test]
    fn shared_words_are_said_as_the_two_notes_write_them() {
        let mut notes = vec![note("a.md", &[]), note("b.md", &[])];
        notes[0].title = "What SCientists Draw".into();
        notes[0].body = "We tuned NumPy arrays with scikit-learn. More NumPy. Some SQL queries.".into();
        notes[1].body = "Fast NumPy code, then scikit-learn models, then SQL query plans and query caches.".into();
        let c = collection(notes);
        let shown = |terms: &[&str]| {
            let r = Relation { shared_terms: terms.iter().map(|t| t.to_string()).collect(), ..relation(1) };
            reasons(&c, 0, &r).iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(
            shown(&["numpy", "queries", "scientists"]),
            ["both about NumPy, queries, scientists"],
            "a word keeps its spelling"
        );
        assert_eq!(shown(&["numpy", "scikit learning", "queries"]), ["both about NumPy, scikit-learn, queries"]);
    }

    #[test]
    fn words_the_notes_use_as_verbs_give_way_to_their_subjects() {
        let mut notes = vec![note("a.md", &[]), note("b.md", &[])];
        notes[0].body = "We translate strings. To translate a page, we translate the glossary first. \
                         Files are encrypted; encryption keys rotate."
            .into();
        notes[1].body = "## To translate\n\nTools translate the app and we translate each locale. \
                         The glossary, its encryption."
            .into();
        let c = collection(notes);
        let said = |terms: &[&str]| {
            let r = Relation { shared_terms: terms.iter().map(|t| t.to_string()).collect(), ..relation(1) };
            reasons(&c, 0, &r).iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        // `encrypted` is another form of the word shown: `encryption` is a noun here.
        assert_eq!(
            said(&["translate", "glossary", "encryption", "locale"]),
            ["both about glossary, encryption, locale"]
        );
        assert_eq!(said(&["translate"]), ["both about translate"], "a verb is said when nothing else is shared");
        // A title or heading is no sentence: `to` there says nothing of a word.
        let mut notes = vec![note("a.md", &[]), note("b.md", &[])];
        notes[0].title = "From Callbacks to Concurrency".into();
        notes[0].body = "# From Callbacks to Concurrency\n\nConcurrency lets tasks overlap.".into();
        notes[1].body = "Threads and tasks give concurrency.".into();
        let c = collection(notes);
        let r = Relation { shared_terms: vec!["concurrency".into(), "tasks".into()], ..relation(1) };
        assert_eq!(describe(&reasons(&c, 0, &r)), "both about concurrency, tasks");
    }

    #[test]
    fn a_noun_after_to_where_a_clause_ends_is_no_verb() {
        let mut notes = vec![note("a.md", &[]), note("b.md", &[])];
        notes[0].body = "Deep trees are prone to overfitting. Pruning helps.".into();
        notes[1].body = "Boosting leads to overfitting; early stopping helps. We overfit the trees.".into();
        let c = collection(notes);
        let r = Relation { shared_terms: vec!["overfitting".into(), "trees".into()], ..relation(1) };
        assert_eq!(describe(&reasons(&c, 0, &r)), "both about overfitting, trees");
    }

    #[test]
    fn neighbouring_topics_of_one_kind_share_a_label() {
        let c = collection(vec![note("a.md", &[]), note("b.md", &[])]);
        let r = Relation { shared_topics: vec!["a".into(), "b".into()], explicit: true, ..relation(1) };
        assert_eq!(describe(&reasons(&c, 0, &r)), "listed as related · topics: a, b");
    }

    #[test]
    fn a_speaker_of_both_notes_is_a_reason_whatever_their_company() {
        let c =
            collection(vec![note("a.md", &["Jane Doe (Acme)", "Bob"]), note("b.md", &["jane doe (Initech)", "Carol"])]);
        assert_eq!(reasons(&c, 0, &relation(1)), [Reason::SameSpeaker { speaker: "jane doe (Initech)".into() }]);
        assert_eq!(reasons(&c, 1, &relation(0)), [Reason::SameSpeaker { speaker: "Jane Doe (Acme)".into() }]);
    }
}
