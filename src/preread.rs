//! What a load that reads every file takes from each event's texts while
//! they are in memory, on the thread that read them, for the indexes built
//! after it: the event's part of the full-text index ([`TextPart`]), each
//! note's links to notes and, in an event with untagged notes, the lines
//! of each note that could be boilerplate ([`LinesSeen`]), which the
//! similarity of untagged notes starts from. The texts are then let go (a collection read
//! from every file holds no more texts than one from the saved index), and
//! no index reads them all again from their files: at 100,000 notes, each
//! read of every text cost about a second.

use crate::notes::{Collection, Event, Note};
use crate::relate::{note_links_in, untagged, LinesSeen};
use crate::search::TextPart;

/// What was taken from one event's texts.
#[derive(Debug)]
pub struct Seen {
    text: Option<TextPart>,
    /// Per note of the event, in its order: its links to notes; `None` if
    /// a text was not in memory.
    links: Option<Vec<Vec<String>>>,
    /// Per note of the event, in its order: its lines; `None` if a text
    /// was not in memory or every note of the event is tagged (a
    /// collection with no untagged note reads no line for them).
    lines: Option<Vec<LinesSeen>>,
}

/// Takes from `event`'s `notes` (in the event's order, texts in memory)
/// what the indexes need of their texts.
pub fn see(event: &Event, notes: &[Note]) -> Seen {
    let links = notes.iter().map(|note| note.body.loaded().map(note_links_in)).collect();
    let lines = if notes.iter().any(untagged) {
        notes.iter().map(|note| note.body.loaded().map(LinesSeen::of)).collect()
    } else {
        None
    };
    Seen { text: TextPart::of(event, notes), links, lines }
}

/// What was taken from every event's texts, for the indexes of the whole collection.
#[derive(Debug)]
pub struct Preread {
    /// Per event of the collection: its part of the full-text index.
    pub text: Vec<Option<TextPart>>,
    /// Per note of the collection: its links to notes; `None` when some
    /// event's were not taken (the related index reads the texts then).
    pub links: Option<Vec<Vec<String>>>,
    /// Per note of the collection: its lines; `None` when some event's
    /// were not taken (the similarity of untagged notes reads the texts
    /// for them then).
    pub lines: Option<Vec<LinesSeen>>,
}

impl Preread {
    /// Gathers `seen`, taken from each event of `collection` in its order
    /// (`None` for an event that was not seen).
    pub fn gather(collection: &Collection, seen: Vec<Option<Seen>>) -> Self {
        let whole = seen.len() == collection.events.len();
        let mut links = whole.then(|| vec![Vec::new(); collection.notes.len()]);
        let mut lines = whole.then(|| vec![LinesSeen::default(); collection.notes.len()]);
        let mut text = Vec::with_capacity(seen.len());
        for (event, seen) in collection.events.iter().zip(seen) {
            let Some(Seen { text: part, links: of_notes, lines: lines_of_notes }) = seen else {
                text.push(None);
                links = None;
                lines = None;
                continue;
            };
            text.push(part);
            spread(&event.notes, of_notes, &mut links);
            spread(&event.notes, lines_of_notes, &mut lines);
        }
        Self { text, links, lines }
    }
}

/// Puts what was taken of each of an event's `notes` (`of_notes`, in the
/// event's order) in its note's place in `all`; `all` becomes `None` if
/// nothing, or not one per note, was taken.
fn spread<T>(notes: &[usize], of_notes: Option<Vec<T>>, all: &mut Option<Vec<T>>) {
    match (of_notes, all.as_mut()) {
        (Some(of_notes), Some(all)) if of_notes.len() == notes.len() => {
            for (&note, found) in notes.iter().zip(of_notes) {
                if let Some(slot) = all.get_mut(note) {
                    *slot = found;
                }
            }
        }
        _ => *all = None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lean_load_that_sees_each_event_gives_the_indexes_those_built_from_every_text() {
        let files = [
            ("2019-x/a.md", "---\ntitle: Alpha\n---\nTracing spans, see [beta](b.md).\n"),
            ("2019-x/b.md", "# Beta\n\nBack to [alpha](a.md) and [the web](https://example.org).\n"),
            ("2020-y/day.md", "# Day\n\n## 1. One\nfirst talk, [beta](../2019-x/b.md)\n\n## 2. Two\nsecond talk\n"),
            ("2021-05-conf.md", "# Conf\n\n## Spans at scale\nspans [missing](nowhere.md)\n"),
        ];
        let dir = crate::test_fixtures::folder(&files);
        let kept = crate::notes::load_folder(dir.path()).expect("loads");
        let listing = crate::notes::list_folder(dir.path()).expect("lists");
        let (lean, _, seen) = listing.load_lean_seeing(&std::sync::atomic::AtomicUsize::new(0), &see);
        assert!(lean.notes.iter().all(|n| n.body.loaded().is_none()), "texts let go once seen");
        let Preread { text, links, lines } = Preread::gather(&lean, seen);
        let links = links.expect("every event seen");
        assert!(links.iter().filter(|l| !l.is_empty()).count() >= 3, "{links:?}");
        let text = crate::search::SearchIndex::from_parts(&lean, text).expect("a part for every event");
        assert_eq!(format!("{text:?}"), format!("{:?}", crate::search::SearchIndex::build(&kept)));
        let related = |c: &Collection, index: &crate::relate::RelatedIndex| {
            let all: Vec<String> = (0..c.notes.len()).map(|n| format!("{:?}", index.related(c, n))).collect();
            (all, index.broken_links().to_vec())
        };
        assert!(lines.is_some(), "untagged notes: their lines taken");
        let from_links = crate::relate::RelatedIndex::build_with_links(&lean, links, lines);
        assert_eq!(related(&lean, &from_links), related(&kept, &crate::relate::RelatedIndex::build(&kept)));
        assert_eq!(from_links.broken_links().len(), 1, "the missing note is told");
    }

    #[test]
    fn lines_of_untagged_notes_are_taken_once_and_relate_them_as_read_from_their_files() {
        // A template's line in three notes or more is boilerplate: its words
        // relate nothing (read as text, they would relate every note). A
        // tagged event's notes are read too when another event's are untagged.
        let talk =
            |subject: &str| format!("# {subject}\n\n## Initech Globex Umbrella sponsors\n\n{subject} {subject}\n");
        let (one, two, three) = (talk("Compilers"), talk("Gardens"), talk("Sailing"));
        let files = [
            ("2019-x/a.md", one.as_str()),
            ("2019-x/b.md", two.as_str()),
            ("2020-y/c.md", three.as_str()),
            ("2020-y/d.md", "---\ntopics: [compilers]\n---\n# Compilers\n\ncompilers parsers\n"),
            ("2021-z/e.md", "---\ntopics: [gardens]\n---\n# Gardens\n\ngardens\n"),
        ];
        let dir = crate::test_fixtures::folder(&files);
        let kept = crate::notes::load_folder(dir.path()).expect("loads");
        let listing = crate::notes::list_folder(dir.path()).expect("lists");
        let (lean, _, seen) = listing.load_lean_seeing(&std::sync::atomic::AtomicUsize::new(0), &see);
        let Preread { links, lines, .. } = Preread::gather(&lean, seen);
        assert_eq!(lines, None, "an event of tagged notes only: its lines are read when needed");
        let all_seen: Vec<Option<Seen>> = lean
            .events
            .iter()
            .map(|event| {
                let notes: Vec<Note> = event.notes.iter().map(|&n| kept.notes[n].clone()).collect();
                let mut seen = see(event, &notes);
                seen.lines.get_or_insert_with(|| {
                    notes.iter().map(|n| LinesSeen::of(kept.text_of(n).unwrap_or_default())).collect()
                });
                Some(seen)
            })
            .collect();
        let lines = Preread::gather(&lean, all_seen).lines.expect("every event's lines");
        let every_text: Vec<LinesSeen> =
            kept.notes.iter().map(|n| LinesSeen::of(kept.text_of(n).unwrap_or_default())).collect();
        assert_eq!(lines, every_text);
        let related = |c: &Collection, index: &crate::relate::RelatedIndex| -> Vec<String> {
            (0..c.notes.len()).map(|n| format!("{:?}", index.related(c, n))).collect()
        };
        let links = links.expect("every event seen");
        let with_lines = crate::relate::RelatedIndex::build_with_links(&lean, links, Some(lines));
        let built = crate::relate::RelatedIndex::build(&kept);
        assert_eq!(related(&lean, &with_lines), related(&kept, &built));
    }

    #[test]
    fn events_not_seen_leave_the_links_to_be_read_again() {
        let dir = crate::test_fixtures::folder(&[("2019-x/a.md", "# A\n\n[b](b.md)\n"), ("2020-y/b.md", "# B\n")]);
        let collection = crate::notes::load_folder(dir.path()).expect("loads");
        let seen = collection
            .events
            .iter()
            .enumerate()
            .map(|(e, event)| {
                let notes: Vec<Note> = event.notes.iter().map(|&n| collection.notes[n].clone()).collect();
                (e == 0).then(|| see(event, &notes))
            })
            .collect();
        let gathered = Preread::gather(&collection, seen);
        assert!(gathered.links.is_none() && gathered.lines.is_none());
        assert!(gathered.text[0].is_some() && gathered.text[1].is_none());
    }
}
