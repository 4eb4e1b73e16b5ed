//! `confnotes check`: every problem in a collection, the way a compiler
//! lists errors: what the loader warned about, topics outside the
//! vocabulary, `related:` paths and note links that lead nowhere, and two
//! notes of one event with the same title.

use std::collections::HashMap;

use crate::diagnostic::{position_of, Diagnostic, Position};
use crate::notes::Collection;
use crate::relate::RelatedIndex;

/// All problems, sorted by file and position. `source` gives a note's file
/// text by its id, to place each problem at its line and column.
pub fn check(
    collection: &Collection,
    index: &RelatedIndex,
    source: impl Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = collection.warnings.clone();
    let display = |id: &str| collection.origin.display_path(id);
    let mut texts: HashMap<usize, Option<String>> = HashMap::new();
    let mut text_of = |note: usize| texts.entry(note).or_insert_with(|| source(&collection.notes[note].id.0)).clone();
    let position = |text: &Option<String>, needle: &str| -> Option<Position> {
        let text = text.as_ref()?;
        text.find(needle).map(|i| position_of(text, i))
    };

    if !collection.vocabulary.is_empty() {
        for (n, note) in collection.notes.iter().enumerate() {
            for topic in note.topics.iter().filter(|t| !collection.vocabulary.contains(t)) {
                let text = text_of(n);
                problems.push(Diagnostic::warning(
                    display(&note.id.0),
                    position(&text, topic).or_else(|| position(&text, "topics:")),
                    format!("topic `{topic}` is not in topics.toml (it still links the notes that share it)"),
                ));
            }
        }
    }

    for (n, target) in index.broken_links() {
        let text = text_of(*n);
        problems.push(Diagnostic::new(
            display(&collection.notes[*n].id.0),
            position(&text, target),
            format!("`{target}` does not lead to a note of this collection"),
        ));
    }

    for event in &collection.events {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for &n in &event.notes {
            let title = collection.notes[n].title.to_lowercase();
            if let Some(&first) = seen.get(&title) {
                let text = text_of(n);
                problems.push(Diagnostic::warning(
                    display(&collection.notes[n].id.0),
                    position(&text, "title:").or(Some(Position { line: 1, column: 1 })),
                    format!("same title as {} in this event", collection.notes[first].id),
                ));
            } else {
                seen.insert(title, n);
            }
        }
    }
    problems.sort_by(|a, b| a.file.cmp(&b.file).then(a.position.cmp(&b.position)));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn every_kind_of_problem_is_found_and_placed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("topics.toml"), "[observability]\n").expect("write");
        fs::create_dir(root.join("2019-x")).expect("mkdir");
        fs::write(
            root.join("2019-x/a.md"),
            "---\ntitle: Same\ntopics: [observability, wat]\nrelated: [2019-x/missing.md]\n---\nSee [b](b.md) and [gone](nope.md).\n",
        )
        .expect("write");
        fs::write(root.join("2019-x/b.md"), "---\ntitle: same\ntopics: [observability]\n---\n").expect("write");
        fs::write(root.join("2019-x/bad.md"), "---\ntitle: [unclosed\n---\n").expect("write");
        let c = crate::notes::load_folder(root).expect("loads");
        let index = RelatedIndex::build(&c);
        let problems = check(&c, &index, |id| fs::read_to_string(root.join(id)).ok());
        let text: Vec<String> =
            problems.iter().map(|p| p.to_string().replace(&format!("{}/", root.display()), "")).collect();
        assert!(text.iter().any(|p| p.starts_with("2019-x/a.md:3:25: topic `wat` is not in topics.toml")), "{text:#?}");
        assert!(text.iter().any(|p| p.starts_with("2019-x/a.md:4:11: `2019-x/missing.md` does not lead")), "{text:#?}");
        assert!(
            text.iter().any(|p| p.starts_with("2019-x/a.md:6:") && p.contains("`nope.md` does not lead")),
            "{text:#?}"
        );
        assert!(text.iter().any(|p| p.starts_with("2019-x/b.md:2:1: same title as 2019-x/a.md")), "{text:#?}");
        assert!(text.iter().any(|p| p.starts_with("2019-x/bad.md:2:")), "{text:#?}");
        assert_eq!(text.len(), 5, "{text:#?}");
    }

    #[test]
    fn the_bundled_notes_check_clean() {
        let c = crate::notes::load_bundled();
        let index = RelatedIndex::build(&c);
        let problems =
            check(&c, &index, |id| crate::notes::bundled_file(id).map(|b| String::from_utf8_lossy(b).into_owned()));
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
