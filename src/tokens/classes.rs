//! A text's bytes sorted into classes 64 at a time, as bit masks: where
//! ASCII letters, digits, capitals, spaces and line ends are, and which
//! bytes belong to other characters. Every token confnotes reads (search's
//! terms, relating's words) is cut from these masks: a run of letters or of
//! separators is then passed over in a few instructions whatever its
//! length, where testing byte after byte mispredicts the end of each word.

/// 64 bytes of a text sorted into bit masks, bit `k` for the byte at
/// `base + k`. Bytes past the text's end are in none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) base: usize,
    /// ASCII letters and digits.
    pub(crate) alnum: u64,
    /// ASCII letters.
    pub(crate) letter: u64,
    /// ASCII capitals.
    pub(crate) upper: u64,
    /// Bytes of other characters (not ASCII).
    pub(crate) other: u64,
    /// Line ends (`\n`).
    pub(crate) newline: u64,
    /// ASCII spaces: space, tab, line end, vertical tab, form feed, carriage return.
    pub(crate) space: u64,
}

impl Block {
    /// The block of `bytes` that starts at `base`.
    #[inline]
    pub(crate) fn of(bytes: &[u8], base: usize) -> Self {
        let rest = bytes.get(base..).unwrap_or_default();
        let masks = match rest.first_chunk::<64>() {
            Some(chunk) => classify(chunk),
            None => {
                // The text's last bytes, then zeros: ASCII separators, not
                // line ends or spaces.
                let mut padded = [0u8; 64];
                padded[..rest.len()].copy_from_slice(rest);
                classify(&padded)
            }
        };
        let [alnum, letter, upper, other, newline, space] = masks;
        Self { base, alnum, letter, upper, other, newline, space }
    }
}

/// Whether `b` is one of the ASCII spaces of [`Block::space`].
pub(crate) const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Of 64 bytes: which are ASCII letters or digits, ASCII letters, ASCII
/// capitals, not ASCII, line ends and spaces, as bit masks (the first byte
/// lowest). SSE2, which every x86-64 processor has: sixteen bytes tested
/// at once.
#[cfg(target_arch = "x86_64")]
#[inline]
fn classify(chunk: &[u8; 64]) -> [u64; 6] {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let mut masks = [0u64; 6];
    for (k, sixteen) in chunk.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of x86-64; the load reads the 16 bytes of
        // `sixteen`, unaligned loads allowed.
        let bits = unsafe {
            let v = _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>());
            // Bytes compare as signed: those of other characters (0x80 and
            // up) are below every ASCII bound, so in no range.
            let within = |v: __m128i, lo: u8, hi: u8| {
                let above = _mm_cmpgt_epi8(v, _mm_set1_epi8((lo - 1) as i8));
                _mm_and_si128(above, _mm_cmplt_epi8(v, _mm_set1_epi8((hi + 1) as i8)))
            };
            // With the 0x20 bit set, capitals are small letters and nothing else becomes one.
            let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let letter = within(folded, b'a', b'z');
            let alnum = _mm_or_si128(letter, within(v, b'0', b'9'));
            let upper = within(v, b'A', b'Z');
            let newline = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
            let space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8)), within(v, b'\t', b'\r'));
            [alnum, letter, upper, v, newline, space].map(|m| _mm_movemask_epi8(m))
        };
        for (mask, bits) in masks.iter_mut().zip(bits) {
            *mask |= u64::from(bits as u16) << (16 * k);
        }
    }
    masks
}

#[cfg(not(target_arch = "x86_64"))]
fn classify(chunk: &[u8; 64]) -> [u64; 6] {
    classify_words(chunk)
}

/// The top bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// [`classify`] eight bytes at a time in plain integers, for other processors.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_words(chunk: &[u8; 64]) -> [u64; 6] {
    // The top bit of each byte gathered into one byte, the first byte's
    // lowest: one multiply moves bit 8i to bit 56 + i, no two products overlap.
    let gather = |m: u64| ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
    let mut masks = [0u64; 6];
    for (k, eight) in chunk.chunks_exact(8).enumerate() {
        for (mask, bits) in masks.iter_mut().zip(classify_eight(eight)) {
            *mask |= gather(bits) << (8 * k);
        }
    }
    masks
}

/// Of eight bytes, the masks of [`classify`] as the top bit of each byte
/// (the first byte lowest). Each range test adds or subtracts a byte's 7
/// low bits with its top bit set apart, so that no byte borrows from or
/// carries into the next.
fn classify_eight(bytes: &[u8]) -> [u64; 6] {
    let mut word = [0; 8];
    word.copy_from_slice(bytes);
    let word = u64::from_le_bytes(word);
    let ascii = !word & HIGH_BITS;
    let low = word & !HIGH_BITS;
    // Top bit set where a byte is at least `lo`, at most `hi`.
    let at_least = |v: u64, lo: u8| (v | HIGH_BITS).wrapping_sub(ONES * u64::from(lo)) & HIGH_BITS;
    let at_most = |v: u64, hi: u8| (HIGH_BITS | (ONES * u64::from(hi))).wrapping_sub(v) & HIGH_BITS;
    // With the 0x20 bit set, capitals are small letters and nothing else becomes one.
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a') & at_most(folded, b'z') & ascii;
    let digit = at_least(low, b'0') & at_most(low, b'9');
    let upper = at_least(low, b'A') & at_most(low, b'Z') & ascii;
    // Zero bytes of `word ^ '\n'…`, exactly (no borrow between bytes).
    let t = word ^ (ONES * u64::from(b'\n'));
    let newline = !(((t & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | t) & HIGH_BITS;
    let space = ((at_least(low, b'\t') & at_most(low, b'\r')) | (at_least(low, b' ') & at_most(low, b' '))) & ascii;
    [letter | (digit & ascii), letter, upper, word & HIGH_BITS, newline, space]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each mask says of one byte, in [`classify`]'s order.
    fn classes_of(byte: u8) -> [bool; 6] {
        [
            byte.is_ascii_alphanumeric(),
            byte.is_ascii_alphabetic(),
            byte.is_ascii_uppercase(),
            !byte.is_ascii(),
            byte == b'\n',
            is_space(byte),
        ]
    }

    #[test]
    fn spaces_are_the_ascii_ones() {
        let spaces: Vec<u8> = (0..=255u8).filter(|&b| is_space(b)).collect();
        assert_eq!(spaces, [b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ']);
    }

    #[test]
    fn eight_bytes_at_a_time_sort_each_byte_as_it_is() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'-', b'a', 0xc3, b'Z', b'7', b' ', 0x80, b'\t'];
                bytes[at] = b;
                let masks = classify_eight(&bytes);
                for (k, &byte) in bytes.iter().enumerate() {
                    let bit = 1u64 << (8 * k + 7);
                    let got = masks.map(|m| m & bit != 0);
                    assert_eq!(got, classes_of(byte), "{byte:#x} at {k}");
                }
            }
        }
    }

    #[test]
    fn sixty_four_bytes_at_a_time_sort_each_byte_as_it_is() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..4000 {
            let mut chunk = [0u8; 64];
            for (k, byte) in chunk.iter_mut().enumerate() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Every byte value, at every place, in some round.
                *byte = if round < 256 { (round as u8).wrapping_add(k as u8) } else { seed as u8 };
            }
            for masks in [classify(&chunk), classify_words(&chunk)] {
                for (k, &byte) in chunk.iter().enumerate() {
                    assert_eq!(masks.map(|m| m >> k & 1 == 1), classes_of(byte), "{byte:#x} at {k}");
                }
            }
        }
    }

    #[test]
    fn bytes_past_the_end_are_in_no_class() {
        let block = Block::of(b"ab \n\xc3\xa9", 0);
        assert_eq!(block.letter, 0b11);
        assert_eq!(block.space, 0b1100);
        assert_eq!(block.newline, 0b1000);
        assert_eq!(block.other, 0b11_0000);
        assert_eq!(Block::of(b"ab", 64), Block { base: 64, ..Block::of(b"", 0) });
    }
}
