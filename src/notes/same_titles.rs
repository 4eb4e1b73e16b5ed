//! Notes of one event that would read the same: two day files that both
//! open with `# Presentations`, two files headed `# Notes`. A reader tells
//! them apart by their files (`day-1.md`, `day-2.md`), so those name them.

use std::collections::HashMap;

use super::heading::humanise;
use super::model::Note;
use super::shape::stem;
use crate::text::sanitize_line;

/// Renames the notes of one event whose titles, read from their text,
/// are equal (case aside) after their file names, when the file names
/// tell every one of them apart. `titled`: whether a note's title was
/// written in its front matter, which is kept as the owner chose it.
/// Talks cut from a file of talks are left alone: their headings differ
/// from their file's by design.
pub(super) fn name_apart_by_file(notes: &mut [Note], titled: impl Fn(&Note) -> bool) {
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, note) in notes.iter().enumerate() {
        if note.id.0 == note.source_file && !titled(note) {
            by_title.entry(note.title.to_lowercase()).or_default().push(i);
        }
    }
    for same in by_title.into_values().filter(|same| same.len() >= 2) {
        let names: Vec<String> = same.iter().map(|&i| sanitize_line(&humanise(stem(&notes[i].source_file)))).collect();
        let mut distinct: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != names.len() || names.iter().any(|n| n.trim().is_empty()) {
            continue;
        }
        for (&i, name) in same.iter().zip(names) {
            notes[i].title = name;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::NoteId;

    fn note(file: &str, title: &str) -> Note {
        Note { id: NoteId(file.to_string()), title: title.into(), source_file: file.into(), ..Note::default() }
    }

    fn titles(notes: &[Note]) -> Vec<&str> {
        notes.iter().map(|n| n.title.as_str()).collect()
    }

    #[test]
    fn day_files_with_one_heading_are_named_by_their_day() {
        let mut notes = vec![
            note("conf/day-1.md", "Presentations"),
            note("conf/day-2.md", "presentations"),
            note("conf/x.md", "X"),
        ];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Day 1", "Day 2", "X"]);
    }

    #[test]
    fn front_matter_titles_talks_and_files_that_read_alike_are_kept() {
        let mut notes = vec![note("conf/day-1.md", "Presentations"), note("conf/day-2.md", "Presentations")];
        name_apart_by_file(&mut notes, |n| n.source_file.ends_with("2.md"));
        assert_eq!(titles(&notes), ["Presentations", "Presentations"], "only one read from the text");
        let mut notes = vec![note("conf/01-notes.md", "Notes"), note("conf/02-notes.md", "Notes")];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Notes", "Notes"], "file names that read alike tell nothing apart");
        let mut talk = note("conf/day.md", "Intro");
        talk.id = NoteId("conf/day.md#intro".into());
        let mut notes = vec![talk, note("conf/intro.md", "Intro")];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Intro", "Intro"]);
    }
}
