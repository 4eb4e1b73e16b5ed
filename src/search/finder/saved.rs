//! The finder as saved with the search indexes ([`crate::saved_indexes`]),
//! laid flat like the notes' index ([`crate::notes::flat`]): every entry's
//! texts one after another in one text, checked as UTF-8 once, and their
//! lengths and letter sets in one stream of bytes beside it, rather than
//! five strings decoded on their own per note.
//!
//! Both are written in two passes over the entries (lengths first), so the
//! finder is never held encoded in memory beside itself.

use std::io::{self, Write};

use nucleo_matcher::{Utf32Str, Utf32String};
use serde::{Deserialize, Serialize};

use super::{Arena, Entry, Finder, ALIASES, SPEAKERS, TITLE, TOPICS};
use crate::notes::flat::{push_number, take_number, take_slice};
use crate::search::letters::{Letters, Pairs, StartPairs};

/// An entry's letter sets, named on both sides of the file so that writing
/// and reading cannot disagree on their order.
#[derive(Serialize, Deserialize)]
struct Sets {
    title_letters: Letters,
    title_starts: Letters,
    title_pairs: StartPairs,
    title_any_pairs: Pairs,
    other_letters: Letters,
    other_starts: Letters,
    other_pairs: StartPairs,
    other_any_pairs: Pairs,
}

/// What a finder holds besides its entries.
#[derive(Serialize)]
struct Around<'a> {
    #[serde(with = "super::utf32_text::list")]
    events: &'a [Utf32String],
    timeline: &'a [usize],
    rank: &'a [u32],
}

#[derive(Deserialize)]
struct AroundRead {
    #[serde(with = "super::utf32_text::list")]
    events: Vec<Utf32String>,
    timeline: Vec<usize>,
    rank: Vec<u32>,
}

/// An entry's texts, as [`read`] takes them.
fn texts<'a>(finder: &'a Finder, entry: &Entry) -> [Utf32Str<'a>; 4] {
    [TITLE, SPEAKERS, TOPICS, ALIASES].map(|which| finder.text(entry, which))
}

fn text_len(text: Utf32Str<'_>) -> usize {
    match text {
        Utf32Str::Ascii(ascii) => ascii.len(),
        Utf32Str::Unicode(chars) => chars.iter().map(|c| c.len_utf8()).sum(),
    }
}

fn write_text(out: &mut impl Write, text: Utf32Str<'_>) -> io::Result<()> {
    match text {
        Utf32Str::Ascii(ascii) => out.write_all(ascii),
        Utf32Str::Unicode(chars) => {
            let mut buffer = [0; 4];
            chars.iter().try_for_each(|c| out.write_all(c.encode_utf8(&mut buffer).as_bytes()))
        }
    }
}

/// The numbers of `entry`: its texts' lengths, its event, its letter sets.
fn numbers(out: &mut Vec<u8>, finder: &Finder, note: usize) -> io::Result<()> {
    let entry = &finder.notes[note];
    texts(finder, entry).into_iter().for_each(|text| push_number(out, text_len(text) as u64));
    push_number(out, u64::from(entry.event));
    let sets = Sets {
        title_letters: entry.title_letters,
        title_starts: entry.title_starts,
        title_pairs: entry.title_pairs,
        title_any_pairs: entry.title_any_pairs,
        other_letters: entry.other_letters,
        other_starts: entry.other_starts,
        other_pairs: entry.other_pairs,
        other_any_pairs: entry.other_any_pairs,
    };
    postcard::to_io(&sets, &mut *out).map(|_| ()).map_err(|e| io::Error::other(e.to_string()))
}

/// Writes `finder` to `out`, to be read back by [`read`].
pub(crate) fn write(out: &mut impl Write, finder: &Finder) -> io::Result<()> {
    let around = Around { events: &finder.events, timeline: &finder.timeline, rank: &finder.rank };
    crate::notes::checked_file::encode(out, &around)?;
    let mut scratch = Vec::with_capacity(128);
    let (mut text, mut count) = (0, 0);
    for (note, entry) in finder.notes.iter().enumerate() {
        text += texts(finder, entry).into_iter().map(text_len).sum::<usize>();
        scratch.clear();
        numbers(&mut scratch, finder, note)?;
        count += scratch.len();
    }
    scratch.clear();
    push_number(&mut scratch, text as u64);
    out.write_all(&scratch)?;
    for entry in &finder.notes {
        texts(finder, entry).into_iter().try_for_each(|text| write_text(out, text))?;
    }
    scratch.clear();
    push_number(&mut scratch, finder.notes.len() as u64);
    let count_len = scratch.len();
    push_number(&mut scratch, (count + count_len) as u64);
    // The stream's length, then the number of entries, which it starts with.
    out.write_all(&scratch[count_len..])?;
    out.write_all(&scratch[..count_len])?;
    for note in 0..finder.notes.len() {
        scratch.clear();
        numbers(&mut scratch, finder, note)?;
        out.write_all(&scratch)?;
    }
    Ok(())
}

/// The finder [`write`] wrote at the start of `bytes`, and the bytes after
/// it; `done` is told of the stretches of `bytes` decoded as it goes (a
/// mapped file's pages are let go then, not held beside the whole finder
/// made from them: 20 MB at 100,000 notes).
pub(crate) fn read<'a>(bytes: &'a [u8], done: &dyn Fn(&[u8])) -> Option<(Finder, &'a [u8])> {
    /// Entries decoded between two reports to `done`.
    const ENTRIES_BETWEEN: u64 = 4096;
    let (around, rest) = postcard::take_from_bytes::<AroundRead>(bytes).ok()?;
    let (text, rest) = take_slice(rest)?;
    let text = std::str::from_utf8(text).ok()?;
    let (mut fields, rest) = take_slice(rest)?;
    let all_fields = fields;
    // Where the next text starts in `text`.
    let at = std::cell::Cell::new(0_usize);
    let next = |fields: &mut &[u8]| -> Option<&str> {
        let (len, after) = take_number(fields)?;
        *fields = after;
        let end = at.get().checked_add(usize::try_from(len).ok()?)?;
        let piece = text.get(at.get()..end)?;
        at.set(end);
        Some(piece)
    };
    let (count, after) = take_number(fields)?;
    fields = after;
    // Each entry takes many bytes of the stream: a damaged count allocates nothing large.
    let mut notes = Vec::with_capacity(usize::try_from(count).ok()?.min(fields.len()));
    // The texts take about the saved text's bytes: made at that size
    // rather than grown by doubling.
    let mut texts = Arena { ascii: Vec::with_capacity(text.len()), unicode: Vec::new() };
    for note in 0..count {
        if note % ENTRIES_BETWEEN == 0 {
            done(text.as_bytes().get(..at.get()).unwrap_or_default());
            done(&all_fields[..all_fields.len() - fields.len()]);
        }
        let [folded_title, speakers, topics, aliases] = [(); 4].map(|()| next(&mut fields));
        let placed = texts.push([folded_title?, speakers?, topics?, aliases?]);
        let (event, after) = take_number(fields)?;
        let (sets, after) = postcard::take_from_bytes::<Sets>(after).ok()?;
        fields = after;
        let Sets {
            title_letters,
            title_starts,
            title_pairs,
            title_any_pairs,
            other_letters,
            other_starts,
            other_pairs,
            other_any_pairs,
        } = sets;
        notes.push(Entry {
            texts: placed,
            event: u32::try_from(event).ok()?,
            title_letters,
            title_starts,
            title_pairs,
            title_any_pairs,
            other_letters,
            other_starts,
            other_pairs,
            other_any_pairs,
        });
    }
    let whole = fields.is_empty() && at.get() == text.len();
    let AroundRead { events, timeline, rank } = around;
    texts.shrink_to_fit();
    whole.then(|| (Finder { notes, texts, events, timeline, rank, stamp: super::new_stamp() }, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fixture;

    fn written(finder: &Finder) -> Vec<u8> {
        let mut bytes = Vec::new();
        write(&mut bytes, finder).expect("writes to memory");
        bytes
    }

    #[test]
    fn a_finder_read_back_answers_as_the_one_written() {
        let mut collection = fixture::collection();
        collection.notes[0].title = "Ünïcode — überall".into();
        collection.notes[0].speakers = vec!["Zoë Ångström".into()];
        let finder = Finder::new(&collection);
        let mut bytes = written(&finder);
        bytes.extend(b"after");
        let (back, rest) = read(&bytes, &|_| {}).expect("reads");
        assert_eq!(rest, b"after");
        assert_eq!(format!("{:?}", back.notes), format!("{:?}", finder.notes));
        assert_eq!((&back.texts.ascii, &back.texts.unicode), (&finder.texts.ascii, &finder.texts.unicode));
        assert_eq!((&back.timeline, &back.rank), (&finder.timeline, &finder.rank));
        for query in ["unicode", "zoe", "", "talk"] {
            assert_eq!(back.query(query, 20), finder.query(query, 20), "{query}");
        }
        assert!(!back.query("angstrom", 5).is_empty());
    }

    #[test]
    fn every_truncation_is_refused() {
        let bytes = written(&Finder::new(&fixture::collection()));
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len], &|_| {}).is_none(), "cut to {len} of {}", bytes.len());
        }
    }
}
