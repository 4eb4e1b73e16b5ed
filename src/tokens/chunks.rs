//! A line cut into chunks between spaces, as relating notes reads it
//! ([`crate::relate::words`]): found from a text's [`Block`]s, each made
//! once for the whole text and shared by its lines, by counting zero bits.
//! A loop over bytes that stops at each chunk's end guesses that end
//! wrong once a word, and every word of every note is cut out when notes
//! are related.

use super::classes::Block;

/// A text's [`Block`]s, each made when first asked for; the one last made
/// is kept, so that lines read in order classify each byte once.
pub(crate) struct Blocks<'a> {
    bytes: &'a [u8],
    block: Block,
}

impl<'a> Blocks<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        // No block starts at `usize::MAX`: the first asked for is made.
        let none = Block { base: usize::MAX, alnum: 0, letter: 0, upper: 0, other: 0, newline: 0, space: 0 };
        Self { bytes, block: none }
    }

    /// The block the byte at `at` stands in.
    #[inline]
    fn at(&mut self, at: usize) -> &Block {
        let base = at - at % 64;
        if base != self.block.base {
            self.block = Block::of(self.bytes, base);
        }
        &self.block
    }

    /// The chunks of the text's bytes `start..end` (a line, or part of
    /// one) between spaces.
    pub(crate) fn chunks<'b>(&'b mut self, start: usize, end: usize) -> Chunks<'a, 'b> {
        let end = end.min(self.bytes.len());
        // No `at` is within 64 bytes after this base: the first block is read.
        Chunks { blocks: self, at: start.min(end), end, base: usize::MAX - 63, space: 0, letter: 0 }
    }
}

/// The chunks of part of a text between [`is_space`](super::classes::is_space)
/// bytes: `(start, end, letters)` (byte offsets in the text), `letters`
/// when every byte of the chunk is an ASCII letter.
pub(crate) struct Chunks<'a, 'b> {
    blocks: &'b mut Blocks<'a>,
    /// Where the next chunk is looked for.
    at: usize,
    end: usize,
    /// The block being read: its first byte's offset, its spaces (the
    /// bytes from `end` on counted as spaces, so that a chunk ends there)
    /// and its letters.
    base: usize,
    space: u64,
    letter: u64,
}

impl Chunks<'_, '_> {
    /// Reads the block `at` stands in, unless it is the one being read:
    /// the offset of `at` in it.
    #[inline]
    fn block(&mut self, at: usize) -> usize {
        let offset = at.wrapping_sub(self.base);
        if offset < 64 {
            return offset;
        }
        let block = self.blocks.at(at);
        let (base, mut space) = (block.base, block.space);
        self.letter = block.letter;
        // `at` < `end`, so `end` - base is 1 to 63 when the end is inside.
        if self.end < base + 64 {
            space |= u64::MAX << (self.end - base);
        }
        self.base = base;
        self.space = space;
        at - base
    }
}

impl Iterator for Chunks<'_, '_> {
    type Item = (usize, usize, bool);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let n = self.end;
        let mut at = self.at;
        let start = loop {
            if at >= n {
                self.at = n;
                return None;
            }
            let offset = self.block(at);
            let after = !self.space & (u64::MAX << offset);
            if after != 0 {
                // Bytes from the end on are spaces: this one is before it.
                break self.base + after.trailing_zeros() as usize;
            }
            at = self.base + 64;
        };
        let mut letters = true;
        at = start;
        let end = loop {
            let offset = self.block(at);
            let from = u64::MAX << offset;
            let spaces = self.space & from;
            // The chunk's bytes in this block: from `at` to the first space.
            let part = if spaces == 0 { from } else { from & ((spaces & spaces.wrapping_neg()) - 1) };
            letters &= self.letter & part == part;
            if spaces != 0 {
                break self.base + spaces.trailing_zeros() as usize;
            }
            at = self.base + 64;
            if at >= n {
                break n;
            }
        };
        self.at = end;
        Some((start, end, letters))
    }
}

#[cfg(test)]
mod tests {
    use super::super::classes::is_space;
    use super::*;

    /// The chunks of `bytes[start..end]` a byte at a time.
    fn slowly(bytes: &[u8], start: usize, end: usize) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut at = start;
        while at < end {
            if is_space(bytes[at]) {
                at += 1;
                continue;
            }
            let from = at;
            while at < end && !is_space(bytes[at]) {
                at += 1;
            }
            out.push((from, at, bytes[from..at].iter().all(u8::is_ascii_alphabetic)));
        }
        out
    }

    #[test]
    fn chunks_are_those_read_a_byte_at_a_time() {
        let long_word = "x".repeat(150);
        let lines = [
            String::new(),
            " ".repeat(200),
            "Event loop, asyncio and (tasks)".to_string(),
            format!("{long_word} then  words\tafter"),
            format!("  {}Été à Zürich", "ab ".repeat(30)),
            // Chunks across the 64-byte edges, and one ending at the line's end.
            format!("{}abcdef ghijkl", "y".repeat(60)),
            format!("{}abcdefgh", "z ".repeat(28)),
            "a\x0bb\x0cc\rd\u{1}e f\u{7f}".to_string(),
        ];
        for line in &lines {
            let bytes = line.as_bytes();
            let got: Vec<_> = Blocks::new(bytes).chunks(0, bytes.len()).collect();
            assert_eq!(got, slowly(bytes, 0, bytes.len()), "{line:?}");
        }
        // Every part of a text three blocks long, each end at every place,
        // and the lines of a text read in order from one set of blocks.
        let text = "The event-loop runs coroutines; 東京 asyncio  tasks\tawait it.\n".repeat(3);
        let bytes = text.as_bytes();
        for start in (0..text.len()).step_by(7) {
            for end in start..=text.len() {
                let got: Vec<_> = Blocks::new(bytes).chunks(start, end).collect();
                assert_eq!(got, slowly(bytes, start, end), "{start}..{end}");
            }
        }
        let mut blocks = Blocks::new(bytes);
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.len();
            assert_eq!(blocks.chunks(start, end).collect::<Vec<_>>(), slowly(bytes, start, end));
            start = end + 1;
        }
    }
}
