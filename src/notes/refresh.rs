//! A note's file edited on disk while the app runs, read again alone: the
//! rest of the collection stays as loaded, so an edit shows in
//! milliseconds at any size instead of after a read of the whole folder.
//!
//! Only an edit that cannot change anything beyond the note is taken this
//! way: a file that is one note of a folder event (not a one-file event's
//! talks, not an event's overview), still a note after the edit, in the
//! same place in its event (same `order:`) and dating its event the same.
//! Anything else (a file added, removed or renamed, an overview, topics.toml)
//! is [`Reread::Whole`]: the caller reads the whole folder again, as before.

use std::fs;

use super::assemble::{content_skip_reason, is_catalog_page, parse_note};
use super::model::{Collection, Note, Origin};
use super::source::decode;
use super::walk::FileStamp;
use crate::diagnostic::Diagnostic;

/// How a changed file is to be taken in.
#[derive(Debug)]
pub enum Reread {
    /// The note at this index, as the file reads now, and the file's problems.
    Note { index: usize, note: Box<Note>, warnings: Vec<Diagnostic> },
    /// The file is not a note of this collection (nor was it): nothing to do.
    Unrelated,
    /// The change may reach beyond one note: read the whole folder.
    Whole,
}

/// Reads the file at `rel` (relative to the collection's root) again, as
/// one note of `collection`. Never changes the collection: see [`apply`].
pub fn reread(collection: &Collection, rel: &str) -> Reread {
    let Origin::Folder(root) = &collection.origin else { return Reread::Whole };
    let mut from_file = collection.notes.iter().enumerate().filter(|(_, n)| n.source_file() == rel);
    let (index, old) = match (from_file.next(), from_file.next()) {
        (Some(one), None) => one,
        // A file of several talks: its headings decide what its notes are.
        (Some(_), Some(_)) => return Reread::Whole,
        (None, _) => {
            // A new file or folder, an overview, a file that is no note (skipped),
            // or a removed folder of notes.
            let display = collection.origin.display_path(rel);
            let folder = format!("{rel}/");
            let known = collection.events.iter().any(|e| e.overview_file.as_deref() == Some(rel))
                || collection.warnings.iter().any(|w| w.file == display)
                || collection.notes.iter().any(|n| n.source_file().starts_with(&folder));
            return if known || root.join(rel).exists() { Reread::Whole } else { Reread::Unrelated };
        }
    };
    let event = &collection.events[old.event];
    // A note alone in its folder may be a one-file event, whose headings decide what it is.
    let in_folder_event = old.id.0 == rel && (event.notes.len() > 1 || event.overview_file.is_some());
    if !in_folder_event || event.overview_file.as_deref() == Some(rel) {
        return Reread::Whole;
    }
    let Ok(bytes) = fs::read(root.join(rel)) else { return Reread::Whole };
    let display = collection.origin.display_path(rel);
    let mut warnings = Vec::new();
    let Some(text) = decode(&bytes, &display, &mut warnings) else { return Reread::Whole };
    if content_skip_reason(&text, false).is_some() || is_catalog_page(&bytes) {
        return Reread::Whole;
    }
    let mut note = parse_note(rel, &text, &display, &collection.vocabulary, &mut warnings);
    // Known for the old note without reading its file, which has changed.
    let same_date = || note.body.first_lines_date().is_some_and(|date| old.body.first_lines_date() == Some(date));
    if note.order() != old.order() || !same_date() {
        return Reread::Whole;
    }
    note.event = old.event;
    note.has_warning = !warnings.is_empty();
    crate::relate::infer::infer_topics(&collection.vocabulary, std::slice::from_mut(&mut note));
    Reread::Note { index, note: Box::new(note), warnings }
}

/// The files whose stamps differ between `saved` and `now`, when both name
/// the same files (none added, removed or renamed); `None` otherwise.
pub fn changed_files(saved: &[FileStamp], now: &[FileStamp]) -> Option<Vec<String>> {
    if saved.len() != now.len() || saved.iter().zip(now).any(|(a, b)| a.rel != b.rel) {
        return None;
    }
    Some(saved.iter().zip(now).filter(|(a, b)| a != b).map(|(_, b)| b.rel.clone()).collect())
}

/// `collection`, saved when its files had `saved` stamps, brought up to
/// date with files that have `now` ones, by reading again only the files
/// edited since: the notes changed, or `None` when a whole read is needed
/// (files added or removed, or an edit [`reread`] cannot take alone). The
/// collection is left as it was on `None`.
pub fn catch_up(collection: &mut Collection, saved: &[FileStamp], now: &[FileStamp]) -> Option<Vec<usize>> {
    let changed = changed_files(saved, now)?;
    let notes = notes_read_again(changed.iter().map(|rel| reread(collection, rel)))?;
    Some(apply(collection, notes))
}

/// A note read again by [`reread`]: its index, the note, its file's problems.
pub type NoteReadAgain = (usize, Note, Vec<Diagnostic>);

/// The notes `rereads` put in place, or `None` when one of them needs the
/// whole folder read again (then none is to be taken).
pub fn notes_read_again(rereads: impl IntoIterator<Item = Reread>) -> Option<Vec<NoteReadAgain>> {
    let mut notes = Vec::new();
    for reread in rereads {
        match reread {
            Reread::Note { index, note, warnings } => notes.push((index, *note, warnings)),
            Reread::Unrelated => {}
            Reread::Whole => return None,
        }
    }
    Some(notes)
}

/// Puts notes read again in their places, with their files' problems;
/// returns their indexes.
pub fn apply(collection: &mut Collection, notes: Vec<NoteReadAgain>) -> Vec<usize> {
    let mut changed = Vec::with_capacity(notes.len());
    for (index, note, warnings) in notes {
        let display = collection.origin.display_path(note.source_file());
        collection.warnings.retain(|w| w.file != display);
        collection.warnings.extend(warnings);
        if let Some(slot) = collection.notes.get_mut(index) {
            *slot = note;
            changed.push(index);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::load_folder;
    use crate::test_fixtures::folder;

    const FILES: [(&str, &str); 4] = [
        ("2019-x/a.md", "---\ntitle: Alpha\ntopics: [tracing]\n---\nFirst text.\n"),
        ("2019-x/b.md", "# Beta\n\nSecond text.\n"),
        ("2020-y/event.md", "---\nname: Why\n---\nAbout the event.\n"),
        ("2020-y/c.md", "# Gamma\n\nThird.\n"),
    ];

    /// The file edited, read again alone, and applied: as a full load gives it.
    fn edited_alone(rel: &str, text: &str) -> (Collection, Collection) {
        let notes = folder(&FILES);
        let mut collection = load_folder(notes.path()).expect("loads");
        fs::write(notes.path().join(rel), text).expect("edit");
        match reread(&collection, rel) {
            Reread::Note { index, note, warnings } => {
                assert_eq!(apply(&mut collection, vec![(index, *note, warnings)]), vec![index]);
            }
            other => panic!("expected one note read again, got {other:?}"),
        }
        (collection, load_folder(notes.path()).expect("loads again"))
    }

    #[test]
    fn a_note_of_the_saved_index_edited_since_is_read_alone_without_its_old_text() {
        let notes = folder(&FILES);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let (collection, saved) = crate::notes::load_folder_stamped(notes.path()).expect("loads");
        crate::notes::cache::save(&index, notes.path(), saved.clone(), &collection).expect("saves");
        let (mut cached, _) = crate::notes::cache::load_unchecked(&index, notes.path()).expect("the index");
        // The old text is gone from disk: whether the date line moved is known without it.
        fs::write(notes.path().join("2019-x/b.md"), "# Beta\n\nRewritten.\n").expect("edit");
        let now = crate::notes::stamp_folder(notes.path()).expect("stamps");
        let edited = catch_up(&mut cached, &saved, &now).expect("read alone");
        let b = cached.note_index("2019-x/b.md").expect("b");
        assert_eq!(edited, vec![b]);
        assert_eq!(cached.body(b).expect("in memory"), "# Beta\n\nRewritten.\n");
    }

    #[test]
    fn an_edited_note_read_alone_is_what_a_whole_load_gives() {
        let edits = [
            ("2019-x/a.md", "---\ntitle: Alpha, renamed\ntopics: [tracing, rust]\n---\nNew words here.\n"),
            ("2019-x/b.md", "# Beta\n\nSecond text, longer now.\n\n## More\n\nAnd more.\n"),
            ("2020-y/c.md", "---\ntitle: [broken\n---\nFront matter that does not parse.\n"),
        ];
        for (rel, text) in edits {
            let (alone, whole) = edited_alone(rel, text);
            assert_eq!(format!("{:?}", alone.notes), format!("{:?}", whole.notes), "{rel}");
            let sorted = |c: &Collection| {
                let mut w: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
                w.sort();
                w
            };
            assert_eq!(sorted(&alone), sorted(&whole), "{rel}");
        }
    }

    #[test]
    fn a_saved_collection_catches_up_with_the_files_edited_since() {
        let notes = folder(&FILES);
        let (mut saved, stamps) = crate::notes::load_folder_stamped(notes.path()).expect("loads");
        let file = fs::File::options().write(true).open(notes.path().join("2019-x/b.md")).expect("open");
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5)).expect("touch");
        fs::write(notes.path().join("2019-x/a.md"), "---\ntitle: Alpha again\n---\nEdited.\n").expect("edit");
        let now = crate::notes::stamp_folder(notes.path()).expect("stamps");
        assert_eq!(changed_files(&stamps, &now), Some(vec!["2019-x/a.md".to_string(), "2019-x/b.md".to_string()]));
        let edited = catch_up(&mut saved, &stamps, &now).expect("read alone");
        assert_eq!(edited.len(), 2);
        let whole = load_folder(notes.path()).expect("loads again");
        assert_eq!(format!("{:?}", saved.notes), format!("{:?}", whole.notes));

        fs::write(notes.path().join("2019-x/new.md"), "# New\n").expect("add");
        let added = crate::notes::stamp_folder(notes.path()).expect("stamps");
        assert_eq!(changed_files(&now, &added), None, "a file added is no edit");
        assert!(catch_up(&mut saved, &now, &added).is_none());
    }

    #[test]
    fn changes_that_reach_beyond_one_note_ask_for_a_whole_read() {
        let notes = folder(&FILES);
        let collection = load_folder(notes.path()).expect("loads");
        // An overview, a new file, a removed one, a note that moves in its event.
        fs::write(notes.path().join("2020-y/event.md"), "---\nname: Renamed\n---\n").expect("edit");
        assert!(matches!(reread(&collection, "2020-y/event.md"), Reread::Whole));
        fs::write(notes.path().join("2020-y/d.md"), "# Delta\n").expect("add");
        assert!(matches!(reread(&collection, "2020-y/d.md"), Reread::Whole));
        fs::remove_file(notes.path().join("2019-x/b.md")).expect("remove");
        assert!(matches!(reread(&collection, "2019-x/b.md"), Reread::Whole));
        fs::write(notes.path().join("2019-x/a.md"), "---\ntitle: Alpha\norder: 1\n---\n").expect("edit");
        assert!(matches!(reread(&collection, "2019-x/a.md"), Reread::Whole));
        assert!(matches!(reread(&collection, "2019-x/gone.md"), Reread::Unrelated));
        fs::remove_dir_all(notes.path().join("2020-y")).expect("remove a folder");
        assert!(matches!(reread(&collection, "2020-y"), Reread::Whole));
    }
}
