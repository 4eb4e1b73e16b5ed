//! The notes of a saved index laid flat ([`super::cache`]): every string
//! of every note one after another in one text, checked as UTF-8 once, and
//! everything else (each string's length, numbers, the bodies' places) in
//! one stream of bytes beside it.
//!
//! postcard through serde checked each of the ten or so strings of a note
//! as UTF-8 on its own and went through a visitor per field; decoding the
//! notes was the largest part of a warm start. The notes in memory are the
//! same as before: each string is still one allocation.

use std::io::{self, Write};

use super::body::Body;
use super::kind::Kind;
use super::model::{Note, NoteExtras, NoteId};

/// Writes `notes` to `out`: their text's length and the text, then the
/// stream of numbers' length and the stream. The text is written a string
/// at a time, never held whole in memory (tens of MB at 100,000 notes,
/// written right after a load, at the peak of its memory); nor is the
/// stream of numbers (about 10 MB): each note's numbers are made twice,
/// once to count them and once to write them.
pub(super) fn write(out: &mut impl Write, notes: &[Note]) -> io::Result<()> {
    let mut scratch = Vec::with_capacity(256);
    let mut text_len = 0_u64;
    push_number(&mut scratch, notes.len() as u64);
    // The stream starts with the number of notes.
    let mut fields_len = scratch.len() as u64;
    for note in notes {
        for_each_string(note, |s| text_len += s.len() as u64);
        scratch.clear();
        note_fields(&mut scratch, note)?;
        fields_len += scratch.len() as u64;
    }
    let mut length = Vec::with_capacity(10);
    push_number(&mut length, text_len);
    out.write_all(&length)?;
    let mut failed = None;
    for note in notes {
        for_each_string(note, |s| {
            if failed.is_none() {
                failed = out.write_all(s.as_bytes()).err();
            }
        });
    }
    if let Some(e) = failed {
        return Err(e);
    }
    length.clear();
    push_number(&mut length, fields_len);
    out.write_all(&length)?;
    length.clear();
    push_number(&mut length, notes.len() as u64);
    out.write_all(&length)?;
    for note in notes {
        scratch.clear();
        note_fields(&mut scratch, note)?;
        out.write_all(&scratch)?;
    }
    Ok(())
}

/// The notes written by [`write`] at the start of `bytes`, and the bytes after them.
#[cfg(test)]
pub(super) fn read(bytes: &[u8]) -> Option<(Vec<Note>, &[u8])> {
    read_with(bytes, &|_| {})
}

/// [`read`], telling `done` of the stretches of `bytes` decoded, as it
/// goes: a mapped file's pages let go then are not held beside all the
/// notes made from them ([`super::checked_file::Mapped::let_go`]).
pub(super) fn read_with<'a>(bytes: &'a [u8], done: &dyn Fn(&[u8])) -> Option<(Vec<Note>, &'a [u8])> {
    /// Notes decoded between two reports to `done`.
    const NOTES_BETWEEN: u64 = 2048;
    let (text, rest) = take_slice(bytes)?;
    let text = std::str::from_utf8(text).ok()?;
    let (fields, rest) = take_slice(rest)?;
    let mut reader = Reader { fields, text, at: 0 };
    let count = reader.number()?;
    // Each note takes more than one byte of the stream: a damaged count
    // is refused before anything that large is allocated.
    let mut notes = Vec::with_capacity(usize::try_from(count).ok()?.min(fields.len()));
    for n in 0..count {
        notes.push(reader.note()?);
        if n % NOTES_BETWEEN == NOTES_BETWEEN - 1 {
            done(&text.as_bytes()[..reader.at]);
            done(&fields[..fields.len() - reader.fields.len()]);
        }
    }
    (reader.fields.is_empty() && reader.at == text.len()).then_some((notes, rest))
}

/// Every string of `note` written to the text, in the order [`Reader::note`] takes them.
fn for_each_string(note: &Note, mut each: impl FnMut(&str)) {
    each(&note.id.0);
    each(&note.title);
    note.kind.iter().for_each(|s| each(s));
    for list in [&note.speakers[..], &note.topics, &note.inferred_topics, note.related()] {
        list.iter().for_each(|s| each(s));
    }
    note.source().iter().for_each(|s| each(s));
    note.group().iter().for_each(|s| each(s));
}

/// The numbers of `note`, in the order [`Reader::note`] reads them.
fn note_fields(fields: &mut Vec<u8>, note: &Note) -> io::Result<()> {
    let optional = |fields: &mut Vec<u8>, s: Option<&str>| push_number(fields, s.map_or(0, |s| s.len() as u64 + 1));
    push_number(fields, note.id.0.len() as u64);
    push_number(fields, note.event as u64);
    push_number(fields, note.title.len() as u64);
    optional(fields, note.kind.as_deref());
    for list in [&note.speakers[..], &note.topics, &note.inferred_topics, note.related()] {
        push_number(fields, list.len() as u64);
        list.iter().for_each(|s| push_number(fields, s.len() as u64));
    }
    optional(fields, note.source());
    match note.order() {
        None => fields.push(0),
        Some(order) => {
            fields.push(1);
            // Zigzag: small negative numbers stay short.
            push_number(fields, ((order << 1) ^ (order >> 63)) as u64);
        }
    }
    optional(fields, note.group());
    postcard::to_io(&note.body, &mut *fields).map_err(|e| io::Error::other(e.to_string()))?;
    push_number(fields, note.body_line as u64);
    // The length of the id that is the note's file, plus one (a file
    // named apart from the id, written as 0 and its own string, is no
    // longer made: a note's file is its id or the id up to `#slug`).
    push_number(fields, note.source_file().len() as u64 + 1);
    push_number(fields, note.source_line as u64);
    fields.push(u8::from(note.has_warning));
    Ok(())
}

/// LEB128, as postcard writes lengths.
pub(crate) fn push_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A number written by [`push_number`] at the start of `bytes`, and the bytes after it.
pub(crate) fn take_number(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut n = 0_u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        n |= u64::from(byte & 0x7f).checked_shl(7 * i as u32)?;
        if byte < 0x80 {
            return Some((n, &bytes[i + 1..]));
        }
    }
    None
}

/// A length, then that many bytes.
pub(crate) fn take_slice(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = take_number(bytes)?;
    let len = usize::try_from(len).ok()?;
    (len <= rest.len()).then(|| rest.split_at(len))
}

/// Where the notes are read up to: the stream of numbers left, and the place in the text.
struct Reader<'a> {
    fields: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn number(&mut self) -> Option<u64> {
        let (n, rest) = take_number(self.fields)?;
        self.fields = rest;
        Some(n)
    }

    fn index(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok()
    }

    fn byte(&mut self) -> Option<u8> {
        let (&byte, rest) = self.fields.split_first()?;
        self.fields = rest;
        Some(byte)
    }

    /// The next `len` bytes of the text, which must be whole characters.
    fn text(&mut self, len: usize) -> Option<String> {
        let end = self.at.checked_add(len)?;
        let s = self.text.get(self.at..end)?;
        self.at = end;
        Some(s.to_owned())
    }

    fn string(&mut self) -> Option<String> {
        let len = self.index()?;
        self.text(len)
    }

    fn optional(&mut self) -> Option<Option<String>> {
        match self.index()? {
            0 => Some(None),
            len => self.text(len - 1).map(Some),
        }
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let count = self.index()?;
        let mut list = Vec::with_capacity(count.min(self.fields.len()));
        for _ in 0..count {
            list.push(self.string()?);
        }
        Some(list)
    }

    fn note(&mut self) -> Option<Note> {
        let id = self.string()?;
        let event = self.index()?;
        let title = self.string()?;
        let kind = self.optional()?.map(|kind| Kind::from(kind.as_str()));
        let speakers = self.list()?;
        let topics = self.list()?;
        let inferred_topics = self.list()?;
        let related = self.list()?;
        let source = self.optional()?;
        let order = match self.byte()? {
            0 => None,
            1 => {
                let n = self.number()?;
                Some(((n >> 1) as i64) ^ -((n & 1) as i64))
            }
            _ => return None,
        };
        let group = self.optional()?;
        let (body, rest) = postcard::take_from_bytes::<Body>(self.fields).ok()?;
        self.fields = rest;
        let body_line = self.index()?;
        // The id whole (a file's note), or up to its last `#` (a section).
        let section = match self.index()?.checked_sub(1)? {
            len if len == id.len() => false,
            len if id.rfind('#') == Some(len) => true,
            _ => return None,
        };
        let source_line = self.index()?;
        let has_warning = match self.byte()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Note {
            id: NoteId(id),
            event,
            title,
            kind,
            speakers,
            topics,
            inferred_topics,
            extras: NoteExtras { related, source, order, group }.boxed(),
            body,
            body_line,
            section,
            source_line,
            has_warning,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(notes: &[Note]) -> Vec<u8> {
        let mut bytes = Vec::new();
        write(&mut bytes, notes).expect("writes to memory");
        bytes
    }

    fn notes() -> Vec<Note> {
        vec![
            Note {
                id: NoteId("2024-x/talks.md#ünïcode-talk".into()),
                event: 3,
                title: "Ünïcode — talk".into(),
                kind: Some("talk".into()),
                speakers: vec!["Ada".into(), "Grace Ö.".into()],
                topics: vec!["rust".into()],
                inferred_topics: Vec::new(),
                extras: NoteExtras {
                    related: vec!["2023-y/a.md".into()],
                    source: None,
                    order: Some(-5),
                    group: Some("Day 1".into()),
                }
                .boxed(),
                body: Body::new("Some text\n".into()),
                body_line: 12,
                section: true,
                source_line: 10,
                has_warning: true,
            },
            Note {
                id: NoteId("a#b.md".into()),
                extras: NoteExtras { order: Some(i64::MIN), ..NoteExtras::default() }.boxed(),
                ..Note::default()
            },
            Note {
                id: NoteId("plain.md#x#y".into()),
                section: true,
                extras: NoteExtras { order: Some(i64::MAX), ..NoteExtras::default() }.boxed(),
                ..Note::default()
            },
        ]
    }

    #[test]
    fn notes_come_back_as_they_were_written_with_what_follows_them() {
        let notes = notes();
        let mut bytes = written(&notes);
        bytes.extend(b"after");
        let (back, rest) = read(&bytes).expect("reads");
        assert_eq!(format!("{back:?}"), format!("{notes:?}"));
        assert_eq!(rest, b"after");
    }

    #[test]
    fn a_note_of_its_own_file_does_not_write_the_file_twice() {
        let note = Note { id: NoteId("2024-x/long-name-of-a-file.md#a-talk".into()), section: true, ..Note::default() };
        let bytes = written(std::slice::from_ref(&note));
        let file = note.source_file();
        assert_eq!(file, "2024-x/long-name-of-a-file.md");
        let times = bytes.windows(file.len()).filter(|w| *w == file.as_bytes()).count();
        assert_eq!(times, 1);
    }

    #[test]
    fn every_truncation_and_a_split_character_are_refused() {
        let bytes = written(&notes());
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_none(), "cut to {len} of {}", bytes.len());
        }
        // The first note's id a byte longer: it would end inside the `Ü` after it.
        let (_, rest) = take_slice(&bytes).expect("the text");
        let (fields, _) = take_slice(rest).expect("the numbers");
        let fields_at = fields.as_ptr() as usize - bytes.as_ptr() as usize;
        let mut damaged = bytes.clone();
        damaged[fields_at + 1] += 1; // after the count of notes
        assert!(read(&damaged).is_none());
        assert!(read(&bytes).is_some());
    }
}
