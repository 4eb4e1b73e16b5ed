//! Notes of one event that would read the same: two day files that both
//! open with `# Presentations`, two files headed `# Notes`. A reader tells
//! them apart by their files (`day-1.md`, `day-2.md`), so those name them.

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
    let mut read: Vec<usize> =
        (0..notes.len()).filter(|&i| notes[i].id.0 == notes[i].source_file() && !titled(&notes[i])).collect();
    if read.len() < 2 {
        return;
    }
    // Sorted by title, case aside, compared in place: no lower-cased copy
    // of each title. The sort is stable, so equal titles stay in note order.
    read.sort_by(|&a, &b| folded(&notes[a].title).cmp(folded(&notes[b].title)));
    let groups: Vec<Vec<usize>> = read
        .chunk_by(|&a, &b| folded(&notes[a].title).eq(folded(&notes[b].title)))
        .filter(|same| same.len() >= 2)
        .map(<[usize]>::to_vec)
        .collect();
    for same in groups {
        let names: Vec<String> = same.iter().map(|&i| sanitize_line(&humanise(stem(notes[i].source_file())))).collect();
        let mut distinct: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != names.len() || names.iter().any(|n| n.trim().is_empty()) {
            // `01a-early-sessions`, `02a-early-sessions`: the files read alike
            // but for their order, which then tells the notes apart.
            if let Some(marks) = order_marks(same.iter().map(|&i| stem(notes[i].source_file()))) {
                for (&i, mark) in same.iter().zip(marks) {
                    notes[i].title = format!("{} ({mark})", notes[i].title);
                }
            }
            continue;
        }
        for (&i, name) in same.iter().zip(names) {
            notes[i].title = name;
        }
    }
}

/// A title's characters, lower case.
fn folded(title: &str) -> impl Iterator<Item = char> + '_ {
    title.chars().flat_map(char::to_lowercase)
}

/// What tells files that read alike apart by their order prefixes, if
/// every one has a different prefix: a number and a letter number days
/// and their slots, so `01a-`, `02a-` give `day 1`, `day 2` (`day 2b`,
/// `day 2c` where a day holds two of them); other prefixes are shown as
/// written (`01`, `03`).
fn order_marks<'a>(stems: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
    let prefixes: Vec<(&str, &str)> = stems
        .map(|stem| {
            let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
            let letters = stem[digits..].bytes().take_while(u8::is_ascii_lowercase).count().min(1);
            let after = stem.as_bytes().get(digits + letters);
            ((1..=3).contains(&digits) && after.is_some_and(|b| matches!(b, b'-' | b'_' | b' ')))
                .then(|| (&stem[..digits], &stem[digits..digits + letters]))
        })
        .collect::<Option<_>>()?;
    let mut whole: Vec<String> = prefixes.iter().map(|(n, l)| format!("{n}{l}")).collect();
    whole.sort();
    whole.dedup();
    if whole.len() != prefixes.len() {
        return None;
    }
    if prefixes.iter().any(|(_, letter)| letter.is_empty()) {
        return Some(prefixes.iter().map(|(n, l)| format!("{n}{l}")).collect());
    }
    // `00a` is day 0, not day ``.
    let day = |n: &str| n.parse::<u32>().map_or_else(|_| n.to_string(), |d| d.to_string());
    let marks = prefixes.iter().map(|(n, l)| {
        let shared = prefixes.iter().filter(|(m, _)| day(m) == day(n)).count() > 1;
        if shared {
            format!("day {}{l}", day(n))
        } else {
            format!("day {}", day(n))
        }
    });
    Some(marks.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::NoteId;

    fn note(file: &str, title: &str) -> Note {
        Note { id: NoteId(file.to_string()), title: title.into(), ..Note::default() }
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
    fn titles_alike_but_for_case_are_found_among_others_in_note_order() {
        let mut notes = vec![
            note("conf/zeta.md", "Überblick"),
            note("conf/day-1.md", "ÜBERBLICK"),
            note("conf/b.md", "Other"),
            note("conf/day-2.md", "überblick"),
            note("conf/c.md", "other talk"),
        ];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Zeta", "Day 1", "Other", "Day 2", "other talk"]);
    }

    #[test]
    fn files_apart_only_by_their_order_are_named_by_it() {
        let mut notes = vec![
            note("conf/01a-early-sessions.md", "Early sessions"),
            note("conf/01b-late-sessions.md", "Late sessions"),
            note("conf/02a-early-sessions.md", "Early sessions"),
            note("conf/02b-late-sessions.md", "Late sessions"),
            note("conf/02c-late-sessions.md", "Late sessions"),
        ];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(
            titles(&notes),
            [
                "Early sessions (day 1)",
                "Late sessions (day 1)",
                "Early sessions (day 2)",
                "Late sessions (day 2b)",
                "Late sessions (day 2c)"
            ]
        );
    }

    #[test]
    fn front_matter_titles_talks_and_files_that_read_alike_are_kept() {
        let mut notes = vec![note("conf/day-1.md", "Presentations"), note("conf/day-2.md", "Presentations")];
        name_apart_by_file(&mut notes, |n| n.source_file().ends_with("2.md"));
        assert_eq!(titles(&notes), ["Presentations", "Presentations"], "only one read from the text");
        let mut notes = vec![note("conf/01-notes.md", "Notes"), note("conf/02-notes.md", "Notes")];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Notes (01)", "Notes (02)"], "file names that read alike but for their order");
        let mut notes = vec![note("conf/a/notes.md", "Notes"), note("conf/b/notes.md", "Notes")];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Notes", "Notes"], "file names that read alike tell nothing apart");
        let mut talk = note("conf/day.md", "Intro");
        talk.id = NoteId("conf/day.md#intro".into());
        talk.section = true;
        let mut notes = vec![talk, note("conf/intro.md", "Intro")];
        name_apart_by_file(&mut notes, |_| false);
        assert_eq!(titles(&notes), ["Intro", "Intro"]);
    }
}
