//! A line cut into chunks between spaces, as [`super::words`] reads it:
//! which bytes are spaces and which are ASCII letters is worked out eight
//! bytes at a time, with a few arithmetic operations on a `u64` (no byte
//! is looked up alone), and chunks are then found by counting zero bits.
//! A loop over bytes that stops at each chunk's end guesses that end
//! wrong once a word, and every word of every note is cut out when notes
//! are related.

/// The bytes chunks are cut at: ASCII spaces, tabs, carriage returns,
/// vertical tabs and form feeds (a line holds no `\n`).
pub(crate) const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The bits of a 64-byte block of a line: bit `i` for its byte `i`.
#[derive(Clone, Copy)]
struct Block {
    /// Spaces ([`is_space`]); the bytes past the line's end count as spaces.
    space: u64,
    /// ASCII letters.
    letter: u64,
}

impl Block {
    /// The bits of up to 64 bytes.
    fn of(bytes: &[u8]) -> Self {
        let (mut space, mut letter) = (0, 0);
        let mut words = bytes.chunks_exact(8);
        let mut k = 0;
        for word in &mut words {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let (s, l) = classes(u64::from_le_bytes(eight));
            space |= s << (8 * k);
            letter |= l << (8 * k);
            k += 1;
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // Past the line's end: spaces, so that its last chunk ends there.
            let mut eight = [b' '; 8];
            eight[..rest.len()].copy_from_slice(rest);
            let (s, l) = classes(u64::from_le_bytes(eight));
            space |= s << (8 * k);
            letter |= l << (8 * k);
            k += 1;
        }
        if k < 8 {
            space |= u64::MAX << (8 * k);
        }
        Self { space, letter }
    }
}

/// The spaces and letters among eight bytes, one bit each (bit `i` for
/// byte `i`, little-endian). Each byte's arithmetic stays within its own
/// eight bits: every sum is of a value below 0x80 and one below 0x80.
fn classes(x: u64) -> (u64, u64) {
    let ascii = !x & HIGH;
    let x7 = x & LOW7;
    // The high bit of `x7 + (0x80 - n)` says whether the byte is `n` or more.
    let at_least = |n: u8| x7 + ONES * u64::from(0x80 - n);
    let controls = ascii & !at_least(0x20);
    if controls != 0 {
        // A control character among them (a tab, rarely): byte by byte.
        let (mut space, mut letter) = (0, 0);
        for (i, b) in x.to_le_bytes().into_iter().enumerate() {
            space |= u64::from(is_space(b)) << i;
            letter |= u64::from(b.is_ascii_alphabetic()) << i;
        }
        return (space, letter);
    }
    // No byte below 0x20: a byte below 0x21 is a space.
    let space = ascii & !at_least(0x21);
    // Setting 0x20 lowercases a capital and moves no other byte into a..z.
    let lower = x7 | (ONES * 0x20);
    let letter = ascii & (lower + ONES * (0x80 - 0x61)) & !(lower + ONES * (0x80 - 0x7b));
    (gather(space), gather(letter))
}

/// The high bit of each of eight bytes as the eight low bits of a number:
/// one multiply moves bit 8i to bit 56 + i, and no two products overlap.
fn gather(high: u64) -> u64 {
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The chunks of a line between [`is_space`] bytes: `(start, end, letters)`,
/// `letters` when every byte of the chunk is an ASCII letter.
pub(crate) struct Chunks<'a> {
    bytes: &'a [u8],
    /// Where the next chunk is looked for.
    at: usize,
    /// The number of the 64-byte block held in `block`, and its bits.
    number: usize,
    block: Block,
}

impl<'a> Chunks<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0, number: usize::MAX, block: Block { space: 0, letter: 0 } }
    }

    /// The bits of the block `at` stands in.
    #[inline]
    fn block(&mut self, at: usize) -> Block {
        let number = at / 64;
        if number != self.number {
            self.number = number;
            self.block = Block::of(&self.bytes[64 * number..self.bytes.len().min(64 * number + 64)]);
        }
        self.block
    }
}

impl Iterator for Chunks<'_> {
    type Item = (usize, usize, bool);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let n = self.bytes.len();
        let mut at = self.at;
        let start = loop {
            if at >= n {
                self.at = n;
                return None;
            }
            let after = !self.block(at).space & (u64::MAX << (at % 64));
            if after != 0 {
                // Bytes past the end are spaces: this one is in the line.
                break at - at % 64 + after.trailing_zeros() as usize;
            }
            at += 64 - at % 64;
        };
        let mut letters = true;
        at = start;
        let end = loop {
            let block = self.block(at);
            let from = u64::MAX << (at % 64);
            let spaces = block.space & from;
            // The chunk's bytes in this block: from `at` to the first space.
            let part = if spaces == 0 { from } else { from & ((spaces & spaces.wrapping_neg()) - 1) };
            letters &= block.letter & part == part;
            if spaces != 0 {
                break at - at % 64 + spaces.trailing_zeros() as usize;
            }
            at += 64 - at % 64;
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
    use super::*;

    /// The chunks a byte at a time.
    fn slowly(bytes: &[u8]) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if is_space(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && !is_space(bytes[at]) {
                at += 1;
            }
            out.push((start, at, bytes[start..at].iter().all(u8::is_ascii_alphabetic)));
        }
        out
    }

    #[test]
    fn every_byte_is_told_as_one_at_a_time() {
        for b in 0..=255u8 {
            // The byte among others of each kind, at each place of a word.
            for place in 0..8 {
                for filler in [b'a', b' ', b'\t', 0xc3, b'Z'] {
                    let mut eight = [filler; 8];
                    eight[place] = b;
                    let (space, letter) = classes(u64::from_le_bytes(eight));
                    for (i, &e) in eight.iter().enumerate() {
                        assert_eq!(space >> i & 1 == 1, is_space(e), "{eight:?} {i}");
                        assert_eq!(letter >> i & 1 == 1, e.is_ascii_alphabetic(), "{eight:?} {i}");
                    }
                }
            }
        }
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
            let got: Vec<_> = Chunks::new(line.as_bytes()).collect();
            assert_eq!(got, slowly(line.as_bytes()), "{line:?}");
        }
        // Every length up to three blocks, so the line ends at every place.
        let text = "The event-loop runs coroutines; 東京 asyncio  tasks\tawait it. ".repeat(4);
        for end in (0..text.len()).filter(|&e| text.is_char_boundary(e)) {
            let line = &text.as_bytes()[..end];
            assert_eq!(Chunks::new(line).collect::<Vec<_>>(), slowly(line), "{end}");
        }
    }
}
