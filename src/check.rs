//! `confnotes check`: every problem in a collection, the way a compiler
//! lists errors: what the loader warned about, topics outside the
//! vocabulary, `related:` paths and note links that lead nowhere, and two
//! notes of one event with the same title.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{position_of, Diagnostic, Position};
use crate::notes::{Collection, Note};
use crate::relate::RelatedIndex;

/// The files the loader did not read as notes, and why (a licence, a
/// glossary, a link out of the collection): listed apart from problems.
pub fn skipped(collection: &Collection) -> Vec<Diagnostic> {
    collection.warnings.iter().filter(|w| w.is_skipped()).cloned().collect()
}

/// Every problem of `collection`, sorted by file and position: the one list
/// both `confnotes check` and the app's problems view show. Reads the files
/// of the notes that have a problem, to place it at its line and column.
pub fn problems(collection: &Collection, index: &RelatedIndex) -> Vec<Diagnostic> {
    problems_with_sources(collection, index, |file| source_text(collection, file))
}

/// [`problems`], with `source` giving a file's text by its path relative to
/// the collection's root.
pub fn problems_with_sources(
    collection: &Collection,
    index: &RelatedIndex,
    source: impl Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = collection.warnings.iter().filter(|w| !w.is_skipped()).cloned().collect();
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    // Where a note's problem is: the first place `needles` name, in order,
    // within the note's part of its file; else where the note starts.
    let mut place = |n: usize, needles: &[&str]| -> (String, Option<Position>) {
        let note = &collection.notes[n];
        let text = texts.entry(note.source_file()).or_insert_with(|| source(note.source_file()));
        let start = Position { line: note.source_line, column: 1 };
        let position = text.as_deref().map_or(start, |text| {
            // A file changed since the note was read: its problem is placed at the note's start.
            let lines = collection.read_text(note).map_or(0, |body| body.lines().count());
            let span = note_span(text, note, lines);
            needles
                .iter()
                .find_map(|needle| text[span.clone()].find(needle))
                .map_or(start, |i| position_of(text, span.start + i))
        });
        (collection.origin.display_path(note.source_file()), Some(position))
    };

    if !collection.vocabulary.is_empty() {
        for (n, note) in collection.notes.iter().enumerate() {
            for topic in note.topics.iter().filter(|t| !collection.vocabulary.contains(t)) {
                let (file, position) = place(n, &[topic, "topics:"]);
                let message = format!("topic `{topic}` is not in topics.toml (it still links the notes that share it)");
                problems.push(Diagnostic::warning(file, position, message));
            }
        }
    }

    for (n, target) in index.broken_links() {
        let (file, position) = place(*n, &[target]);
        problems.push(Diagnostic::new(
            file,
            position,
            format!("`{target}` does not lead to a note of this collection"),
        ));
    }

    for event in &collection.events {
        for (n, first) in same_titles(collection, &event.notes) {
            let note = &collection.notes[n];
            let (file, position) = place(n, &["title:", &note.title]);
            let first = &collection.notes[first];
            let message = format!("same title as {}:{} in this event", first.source_file(), first.source_line);
            problems.push(Diagnostic::warning(file, position, message));
        }
    }
    problems.sort_by(|a, b| a.file.cmp(&b.file).then(a.position.cmp(&b.position)));
    problems
}

/// Each of `notes` (an event's) whose title, in lower case, an earlier one
/// has under the same heading (talks under different headings of one
/// file, "Day 1" and "Day 2", may share a title), with the first that has
/// it. Titles are told apart by a hash of their lower case, made without
/// making it (every note of a collection is checked when it is read: 100,000
/// lower cases made and hashed took 40 ms), and compared only when two
/// hashes meet.
fn same_titles(collection: &Collection, notes: &[usize]) -> Vec<(usize, usize)> {
    use std::hash::{BuildHasher as _, Hasher as _};
    let hasher = foldhash::fast::FixedState::default();
    // The lower case hashed, made in one buffer for every title.
    let mut lower = String::new();
    let mut key = |n: usize| {
        let note = &collection.notes[n];
        lower.clear();
        if note.title.is_ascii() {
            lower.push_str(&note.title);
            lower.make_ascii_lowercase();
        } else {
            for c in note.title.chars() {
                // Final sigma is one letter in lower case or the other, by
                // where it stands in a word: both made one, so that titles
                // with the same lower case have the same hash.
                lower.extend(c.to_lowercase().map(|c| if c == 'ς' { 'σ' } else { c }));
            }
        }
        let mut hash = hasher.build_hasher();
        hash.write_u8(u8::from(note.group().is_some()));
        hash.write(note.group().unwrap_or_default().as_bytes());
        hash.write(lower.as_bytes());
        hash.finish()
    };
    let same = |a: usize, b: usize| {
        let (a, b) = (&collection.notes[a], &collection.notes[b]);
        a.group() == b.group() && a.title.to_lowercase() == b.title.to_lowercase()
    };
    // Per hash, the first note with it; notes whose hash an earlier note
    // with another title has (never met, but possible) in a list of their own.
    let mut firsts: HashMap<u64, usize, foldhash::fast::FixedState> =
        HashMap::with_capacity_and_hasher(notes.len(), foldhash::fast::FixedState::default());
    let mut others: Vec<(u64, usize)> = Vec::new();
    let mut found = Vec::new();
    for &n in notes {
        let hash = key(n);
        let Some(&first) = firsts.get(&hash) else {
            firsts.insert(hash, n);
            continue;
        };
        let earlier = std::iter::once(first).chain(others.iter().filter(|(h, _)| *h == hash).map(|&(_, o)| o));
        match earlier.into_iter().find(|&e| same(e, n)) {
            Some(first) => found.push((n, first)),
            None => others.push((hash, n)),
        }
    }
    found
}

/// The bytes of `text` (the note's file) that belong to `note`: the whole
/// file, or for a talk split out of a one-file event, its section (of
/// `lines` lines).
fn note_span(text: &str, note: &Note, lines: usize) -> Range<usize> {
    if note.source_file() == note.id.0 {
        return 0..text.len();
    }
    let start = line_start(text, note.source_line);
    let end = line_start(text, note.body_line + lines);
    start..end.max(start)
}

/// The byte offset where 1-based `line` starts; the end of `text` past its last line.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
}

/// A file's text by its path relative to the collection's root, from disk or
/// from the bundled copy.
pub fn source_text(collection: &Collection, file: &str) -> Option<String> {
    let bytes = match &collection.origin {
        crate::notes::Origin::Folder(root) => std::fs::read(root.join(file)).ok()?,
        crate::notes::Origin::Bundled => crate::notes::bundled_file(file)?.to_vec(),
    };
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn titles_the_same_in_lower_case_are_found_as_comparing_lower_cases_finds_them() {
        let titles =
            ["Same", "same", "ΟΔΟΣ", "οδος", "Other", "Straße", "STRASSE", "straße", "İstanbul", "i̇stanbul", "SAME"];
        let files: Vec<(String, String)> = titles
            .iter()
            .enumerate()
            .map(|(k, t)| (format!("2020-x/{k}.md"), format!("---\ntitle: {t}\n---\n")))
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(rel, text)| (rel.as_str(), text.as_str())).collect();
        let dir = crate::test_fixtures::folder(&files);
        let collection = crate::notes::load_folder(dir.path()).expect("loads");
        let notes = &collection.events[0].notes;
        // Each note's lower case made and compared: what the hashes stand for.
        let mut seen: HashMap<(Option<&str>, String), usize> = HashMap::new();
        let mut expected = Vec::new();
        for &n in notes {
            let note = &collection.notes[n];
            match seen.get(&(note.group(), note.title.to_lowercase())) {
                Some(&first) => expected.push((n, first)),
                None => {
                    seen.insert((note.group(), note.title.to_lowercase()), n);
                }
            }
        }
        let title = |n: usize| collection.notes[n].title.as_str();
        let found = same_titles(&collection, notes);
        let named = |pairs: &[(usize, usize)]| pairs.iter().map(|&(n, f)| (title(n), title(f))).collect::<Vec<_>>();
        assert_eq!(named(&found), named(&expected));
        assert_eq!(found.len(), 5, "{:?}", named(&found));
    }

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
        let problems = problems(&c, &index);
        let text: Vec<String> =
            problems.iter().map(|p| p.to_string().replace(&format!("{}/", root.display()), "")).collect();
        assert!(text.iter().any(|p| p.starts_with("2019-x/a.md:3:25: topic `wat` is not in topics.toml")), "{text:#?}");
        assert!(text.iter().any(|p| p.starts_with("2019-x/a.md:4:11: `2019-x/missing.md` does not lead")), "{text:#?}");
        assert!(
            text.iter().any(|p| p.starts_with("2019-x/a.md:6:") && p.contains("`nope.md` does not lead")),
            "{text:#?}"
        );
        assert!(text.iter().any(|p| p.starts_with("2019-x/b.md:2:1: same title as 2019-x/a.md:1")), "{text:#?}");
        assert!(text.iter().any(|p| p.starts_with("2019-x/bad.md:2:")), "{text:#?}");
        assert_eq!(text.len(), 5, "{text:#?}");
    }

    #[test]
    fn a_talk_of_a_one_file_event_is_placed_at_its_file_and_heading_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let event = "# Modfest 2031\n\n## Day 1\n\n### Opening\n\nWelcome.\n\n### Storage\n\nSee [gone](nowhere.md).\n\n### Storage\n\nAgain.\n";
        fs::write(root.join("modfest-2031.md"), event).expect("write");
        let c = crate::notes::load_folder(root).expect("loads");
        let problems = problems(&c, &RelatedIndex::build(&c));
        let file = root.join("modfest-2031.md").display().to_string();
        let shown: Vec<(String, Option<Position>, String)> =
            problems.iter().map(|p| (p.file.clone(), p.position, p.message.clone())).collect();
        assert_eq!(
            shown,
            vec![
                (
                    file.clone(),
                    Some(Position { line: 11, column: 12 }),
                    "`nowhere.md` does not lead to a note of this collection".into()
                ),
                (file, Some(Position { line: 13, column: 5 }), "same title as modfest-2031.md:9 in this event".into()),
            ]
        );
    }

    #[test]
    fn talks_with_one_title_under_different_day_headings_are_not_duplicates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let event =
            "# Modfest 2031\n\n## Day 1\n\n### Keynote\n\nOne.\n\n### Storage\n\nA.\n\n### Networking\n\nB.\n\n\
                     ## Day 2\n\n### Keynote\n\nTwo.\n\n### Security\n\nC.\n\n### Closing\n\nD.\n";
        fs::write(root.join("modfest-2031.md"), event).expect("write");
        let c = crate::notes::load_folder(root).expect("loads");
        assert_eq!(c.notes.iter().filter(|n| n.title == "Keynote").count(), 2, "{:#?}", c.notes);
        let problems = problems(&c, &RelatedIndex::build(&c));
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_bundled_notes_check_clean() {
        let c = crate::notes::load_bundled();
        let index = RelatedIndex::build(&c);
        let problems = problems(&c, &index);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
