//! Reading words with a memory: a [`WordReader`] kept by a worker from
//! one note to the next gives the words of a chunk that is not ASCII from
//! the first time it read it.

use super::words::{hash_bytes, non_ascii_chunk, Field, Word, WordMap};

/// Most chunks remembered, and bytes of their text, per [`WordReader`]:
/// a bound on what it holds however many notes it reads.
const MEMO_CHUNKS: usize = 1 << 16;
const MEMO_BYTES: usize = 1 << 22;

/// What reading words keeps from one line and one note to the next: a
/// buffer to fold in, and the words each chunk that is not ASCII was read
/// into (`Zürich`, `don’t`, `東京`, `—`), with whether it joined the word
/// before. Folding such a chunk character by character costs ten times
/// reading an ASCII word, and notes say the same ones again and again:
/// read once, a chunk's words are given again from here.
#[derive(Default)]
pub(crate) struct WordReader {
    folded: String,
    /// A chunk's hash (its low bit whether it joined the word before) → its place in `chunks`.
    known: WordMap<u32>,
    chunks: Vec<KnownChunk>,
    /// Per known word: where its folded text stands in `text`, its hash,
    /// and whether it joins the word before and starts with a capital.
    words: Vec<((u32, u32), u64, bool, bool)>,
    /// The chunks' bytes and their words' folded text.
    text: Vec<u8>,
}

/// A chunk read once: where its bytes and its words stand, whether it
/// joined the word before, and whether the next chunk may join its last word.
struct KnownChunk {
    bytes: (u32, u32),
    words: (u32, u32),
    joined: bool,
    joins_next: bool,
}

impl WordReader {
    /// [`non_ascii_chunk`], from what this reader remembers when it read the chunk before.
    pub(super) fn non_ascii_chunk(
        &mut self,
        chunk: &[u8],
        joined: bool,
        field: Field,
        f: &mut impl FnMut(Word<'_>),
    ) -> bool {
        let key = (hash_bytes(chunk) & !1) | u64::from(joined);
        let Self { folded, known, chunks, words, text } = self;
        let range = |(from, to): (u32, u32)| from as usize..to as usize;
        if let Some(&at) = known.get(&key) {
            let known = &chunks[at as usize];
            if known.joined != joined || text[range(known.bytes)] != *chunk {
                // Another chunk with the same hash: read as it is.
                return non_ascii_chunk(chunk, joined, field, folded, f);
            }
            for &(written, hash, joined, capital) in &words[range(known.words)] {
                f(Word { written: &text[range(written)], hash, field, joined, capital });
            }
            return known.joins_next;
        }
        if chunks.len() >= MEMO_CHUNKS || text.len() >= MEMO_BYTES {
            return non_ascii_chunk(chunk, joined, field, folded, f);
        }
        let first = (words.len() as u32, text.len() as u32);
        text.extend_from_slice(chunk);
        let bytes = (first.1, text.len() as u32);
        let joins_next = non_ascii_chunk(chunk, joined, field, folded, &mut |w: Word<'_>| {
            let from = text.len() as u32;
            text.extend_from_slice(w.written);
            words.push(((from, text.len() as u32), w.hash, w.joined, w.capital));
            f(w);
        });
        known.insert(key, chunks.len() as u32);
        chunks.push(KnownChunk { bytes, words: (first.0, words.len() as u32), joined, joins_next });
        joins_next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_gives_a_chunk_it_knows_as_it_read_it() {
        let text = "Zürich, naïve—“quoted” and don’t (Été) 東京 ok\nnaïve Zürich: don’t 東京\nalpha 東京 beta. 東京 gamma\n# Été Zürich";
        let read = |reader: &mut WordReader| {
            let mut out = Vec::new();
            super::super::words::for_each_word_read(
                reader,
                text,
                Field::Body,
                None::<fn(&str) -> Option<usize>>,
                |w| {
                    out.push((w.folded(), w.hash, w.field, w.joined, w.capital));
                },
            );
            out
        };
        let mut reader = WordReader::default();
        let first = read(&mut reader);
        assert!(!reader.chunks.is_empty(), "chunks were remembered");
        assert_eq!(read(&mut reader), first, "given again from what it knows");
        assert_eq!(first, read(&mut WordReader::default()));
        let mut fresh = Vec::new();
        super::super::words::for_each_word(text, Field::Body, |w| {
            fresh.push((w.folded(), w.hash, w.field, w.joined, w.capital))
        });
        assert_eq!(first, fresh);
        assert!(first.iter().any(|(w, _, field, joined, _)| w == "zurich" && *field == Field::Heading && *joined));
    }
}
