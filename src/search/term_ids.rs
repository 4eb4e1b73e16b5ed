//! Term → id while the full-text index is built: the one look-up each
//! token read costs. Ids count up from 0 in the order terms are first
//! seen, which is also their order in the dictionary.
//!
//! Open addressing, one probe sequence per look-up: a term is hashed once
//! (a multiply), and a short term is its own key, kept in its slot, so a
//! hit reads one slot and nothing else. A general hash map hashed twice on
//! a new term and probed by groups: it was a fifth of indexing a text.
//!
//! While one event's texts are indexed ([`TermIds::first_on_line`]) a
//! term's slot also holds the last line it was counted on, and a short
//! term's key is read from the text it lies in whatever its length: two
//! loads, masked, where picking the loads by the word's length was a
//! mispredicted branch on most words.

/// Terms up to this many bytes are their own key (the bytes, then zeros);
/// longer ones are hashed into it and compared against the dictionary.
const SHORT: usize = 16;

/// Marks a slot no term holds.
const EMPTY: u32 = u32::MAX;

/// A term's key. A term up to [`SHORT`] bytes is its bytes followed by
/// zeros: no term holds a zero byte (terms are letters and digits), so the
/// key is the term, length included. A longer term's key is a hash of its
/// bytes with the lowest byte 0xff, which no short term's starts with (no
/// UTF-8 text holds that byte), so short and long terms never share a key.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    low: u64,
    high: u64,
}

/// 24 bytes: the key, the line last counted and the term's id.
#[derive(Clone, Copy)]
struct Slot {
    key: Key,
    /// One more than the last line the term was counted on
    /// ([`TermIds::first_on_line`]); 0 before any.
    seen: u32,
    /// The term's id, or [`EMPTY`].
    id: u32,
}

const VACANT: Slot = Slot { key: Key { low: 0, high: 0 }, seen: 0, id: EMPTY };

pub(super) struct TermIds {
    /// A power of two long, at most half full.
    slots: Vec<Slot>,
    pub(super) dictionary: String,
    /// Where each term starts in `dictionary` (each is followed by `\n`).
    pub(super) term_starts: Vec<u32>,
}

impl Default for TermIds {
    /// 1024 slots (24 KiB): one event's common words probe a slot or two
    /// where 256 made them collide (4% of indexing a text).
    fn default() -> Self {
        Self { slots: vec![VACANT; 1024], dictionary: String::new(), term_starts: Vec::new() }
    }
}

impl TermIds {
    /// The id of `term`, if it was inserted.
    pub(super) fn get(&self, term: &str) -> Option<u32> {
        self.find(term, key(term.as_bytes())).ok().map(|at| self.slots[at].id)
    }

    /// The id of `term`, inserted as the next id if new.
    pub(super) fn get_or_insert(&mut self, term: &str) -> u32 {
        let key = key(term.as_bytes());
        match self.find(term, key) {
            Ok(at) => self.slots[at].id,
            Err(at) => self.insert(at, term, key, 0),
        }
    }

    /// For `term` of `text` (a slice of it, or a term folded from it) on
    /// `line`: its id and the line it was last counted on (0 if none), or
    /// `None` if it was counted on this line already. New terms are
    /// inserted. Lines must come in order.
    // Always: otherwise a call for each word read.
    #[inline(always)]
    pub(super) fn first_on_line(&mut self, text: &[u8], term: &str, line: u32) -> Option<(u32, u32)> {
        let key = key_within(text, term);
        // Wrapping: a text's lines end before 2^32 (see `TextPart::of`).
        let counted = line.wrapping_add(1);
        match self.find(term, key) {
            Ok(at) => {
                let slot = &mut self.slots[at];
                if slot.seen == counted {
                    return None;
                }
                let previous = slot.seen.wrapping_sub(1);
                slot.seen = counted;
                Some((slot.id, previous))
            }
            Err(at) => Some((self.insert(at, term, key, counted), 0)),
        }
    }

    /// Per id: the last line [`TermIds::first_on_line`] counted the term on.
    pub(super) fn last_lines(&self) -> Vec<u32> {
        let mut last = vec![0; self.term_starts.len()];
        for slot in self.slots.iter().filter(|s| s.id != EMPTY) {
            last[slot.id as usize] = slot.seen.wrapping_sub(1);
        }
        last
    }

    /// `term` given the next id, in the vacant slot `at`.
    fn insert(&mut self, at: usize, term: &str, key: Key, seen: u32) -> u32 {
        debug_assert!(!term.as_bytes().contains(&0), "terms hold no zero byte");
        let id = u32::try_from(self.term_starts.len()).expect("fewer than 2^32 distinct terms");
        self.slots[at] = Slot { key, seen, id };
        self.term_starts.push(super::fulltext::offset(self.dictionary.len()));
        self.dictionary.push_str(term);
        self.dictionary.push('\n');
        if self.term_starts.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// `Ok(slot)` holding `term`, or `Err(slot)`: the vacant slot it would take.
    #[inline(always)]
    fn find(&self, term: &str, key: Key) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut at = hash(key) as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.id == EMPTY {
                return Err(at);
            }
            if slot.key == key && (term.len() <= SHORT || self.term(slot.id) == term) {
                return Ok(at);
            }
            at = (at + 1) & mask;
        }
    }

    /// The `id`-th term.
    fn term(&self, id: u32) -> &str {
        let start = self.term_starts[id as usize] as usize;
        let end = self.term_starts.get(id as usize + 1).map_or(self.dictionary.len(), |&next| next as usize);
        // Without its `\n`.
        &self.dictionary[start..end - 1]
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![VACANT; size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.id != EMPTY) {
            let mut at = hash(slot.key) as usize & mask;
            while self.slots[at].id != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// A term's key (see [`Key`]).
#[inline]
fn key(bytes: &[u8]) -> Key {
    let len = bytes.len();
    if len > SHORT {
        let (mut low, mut high) = (0u64, 0u64);
        let mut blocks = bytes.chunks_exact(16);
        for block in &mut blocks {
            low = mix(low ^ load8(block, 0), high ^ load8(block, 8));
            high = high.rotate_left(23) ^ load8(block, 8) ^ low;
        }
        // The last 16 bytes, overlapping the blocks before.
        let low = mix(low ^ load8(bytes, len - 16), high) | 0xff;
        return Key { low, high: high ^ load8(bytes, len - 8) };
    }
    // The bytes put in place by loads that overlap (a copy into a padded
    // buffer was a call to memcpy for each term a text did not hold as it is).
    if len >= 8 {
        // The last eight bytes shifted down past those the first eight hold.
        let high = load8(bytes, len - 8).checked_shr((8 * (16 - len)) as u32).unwrap_or(0);
        Key { low: load8(bytes, 0), high }
    } else if len >= 4 {
        Key { low: u64::from(load4(bytes, 0)) | u64::from(load4(bytes, len - 4)) << (8 * (len - 4)), high: 0 }
    } else if len > 0 {
        let at = |i: usize| u64::from(bytes[i]) << (8 * i);
        Key { low: at(0) | at(len / 2) | at(len - 1), high: 0 }
    } else {
        Key { low: 0, high: 0 }
    }
}

#[inline]
fn load4(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(word)
}

/// [`key`] of `term`, read from `text` when `term` is a short slice of it
/// with 16 bytes of `text` from its start: the two words there, the bytes
/// past the term masked off. Otherwise (a term folded into a buffer, the
/// end of the text) as [`key`] makes it.
#[inline(always)]
fn key_within(text: &[u8], term: &str) -> Key {
    let len = term.len();
    let start = (term.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match text.get(start..start.wrapping_add(SHORT)) {
        Some(window) if (1..=SHORT).contains(&len) => {
            let low_bits = (len.min(8) * 8) as u32;
            let high_bits = (len.saturating_sub(8) * 8) as u32;
            Key {
                low: load8(window, 0) & (u64::MAX >> (64 - low_bits)),
                high: load8(window, 8) & u64::MAX.checked_shr(64 - high_bits).unwrap_or(0),
            }
        }
        _ => key(term.as_bytes()),
    }
}

/// Where a key's probes start.
#[inline]
fn hash(key: Key) -> u64 {
    mix(key.low ^ 0x243f_6a88_85a3_08d3, key.high ^ 0x1319_8a2e_0370_7344)
}

/// A folded multiply (foldhash's, wyhash's): both halves of the product mixed.
#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b | 1);
    (product as u64) ^ ((product >> 64) as u64)
}

#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_get_ids_in_the_order_first_seen_and_keep_them_as_the_table_grows() {
        let mut ids = TermIds::default();
        // Every length around the loads' edges, terms that differ in one
        // byte anywhere, and sharing prefixes and suffixes.
        let mut terms: Vec<String> = Vec::new();
        for len in 0..=70usize {
            for flip in [None, Some(0), Some(len / 2), Some(len.saturating_sub(1))] {
                let mut term: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                if let Some(at) = flip.filter(|_| len > 0) {
                    term[at] = b'0';
                }
                terms.push(String::from_utf8(term).expect("ASCII"));
            }
        }
        terms.extend((0..3000).map(|n| format!("t{n}")));
        terms.extend(["東", "東京", "zürich", "zurich"].map(String::from));
        let mut unique: Vec<&str> = Vec::new();
        for term in &terms {
            if !unique.contains(&term.as_str()) {
                unique.push(term);
            }
        }
        for term in &terms {
            ids.get_or_insert(term);
        }
        for (n, term) in unique.iter().enumerate() {
            assert_eq!(ids.get(term), Some(n as u32), "{term:?}");
            assert_eq!(ids.get_or_insert(term), n as u32, "{term:?}");
            assert_eq!(ids.term(n as u32), *term);
        }
        assert_eq!(ids.term_starts.len(), unique.len());
        assert_eq!(ids.dictionary, unique.iter().map(|t| format!("{t}\n")).collect::<String>());
        assert_eq!(ids.get("not a term"), None);
        assert_eq!(ids.get(&"ab".repeat(20)), None);
    }

    #[test]
    fn a_short_terms_key_is_its_bytes_then_zeros() {
        let text: Vec<u8> = (1..=40u8).collect();
        for start in 0..8 {
            for len in 0..=SHORT {
                let bytes = &text[start..start + len];
                let mut padded = [0u8; SHORT];
                padded[..len].copy_from_slice(bytes);
                let expected = Key { low: load8(&padded, 0), high: load8(&padded, 8) };
                assert!(key(bytes) == expected, "{len} bytes from {start}");
            }
        }
    }

    #[test]
    fn a_slot_takes_24_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 24);
    }

    #[test]
    fn a_term_read_within_a_text_or_from_elsewhere_is_one_term_counted_once_a_line() {
        // Every length up to past SHORT, at the text's end too (fewer than
        // 16 bytes after the term's start), and copies of each from a buffer.
        let words: Vec<String> =
            (1..=20usize).map(|len| (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect()).collect();
        let text = words.join(" ");
        let bytes = text.as_bytes();
        let mut within: Vec<&str> = Vec::new();
        let mut at = 0;
        for word in &words {
            within.push(&text[at..at + word.len()]);
            at += word.len() + 1;
        }
        let mut ids = TermIds::default();
        for (n, term) in within.iter().enumerate() {
            assert_eq!(ids.first_on_line(bytes, term, 3), Some((n as u32, 0)), "{term} new on line 3");
        }
        for (n, word) in words.iter().enumerate() {
            assert_eq!(ids.first_on_line(bytes, word, 3), None, "{word} counted on line 3 already");
            assert_eq!(ids.get(word), Some(n as u32));
            assert_eq!(ids.first_on_line(bytes, word, 7), Some((n as u32, 3)), "{word} again on line 7");
        }
        for (n, term) in within.iter().enumerate() {
            assert_eq!(ids.first_on_line(bytes, term, 7), None);
            assert_eq!(ids.first_on_line(bytes, term, 8), Some((n as u32, 7)));
        }
        // Prefixes of a word in the text are other terms.
        assert_eq!(ids.first_on_line(bytes, &within[19][..5], 9), Some((4, 8)));
        assert_eq!(ids.first_on_line(bytes, &within[19][..17], 9), Some((16, 8)));
        assert_eq!(ids.last_lines(), [vec![8; 4], vec![9], vec![8; 11], vec![9], vec![8; 3]].concat());
        assert_eq!(ids.term_starts.len(), words.len());
    }

    #[test]
    fn long_terms_with_the_same_key_words_are_told_apart_by_their_text() {
        // Two long terms whose last 16 bytes agree and whose blocks differ.
        let a = format!("{}{}", "x".repeat(16), "y".repeat(20));
        let b = format!("{}{}", "z".repeat(16), "y".repeat(20));
        let mut ids = TermIds::default();
        assert_eq!(ids.get_or_insert(&a), 0);
        assert_eq!(ids.get_or_insert(&b), 1);
        assert_eq!(ids.get(&a), Some(0));
        assert_eq!(ids.get(&b), Some(1));
    }
}
