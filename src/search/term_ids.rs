//! Term → id while the full-text index is built: the one look-up each
//! token read costs. Ids count up from 0 in the order terms are first
//! seen, which is also their order in the dictionary.
//!
//! Open addressing, one probe sequence per look-up: a term is hashed once
//! (a multiply over at most two loads for most words), and a short term is
//! compared by the two words its hash was made of, kept in its slot, so a
//! hit reads one slot and nothing else. A general hash map hashed twice on
//! a new term and probed by groups: it was a fifth of indexing a text.

/// Terms up to this many bytes are compared in their slot (most words);
/// longer ones against the dictionary.
const SHORT: usize = 16;

/// Marks a slot no term holds.
const EMPTY: u32 = u32::MAX;

/// A term's hash and the words it was made of.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    /// For terms up to [`SHORT`] bytes, with `len` and `high` they are
    /// the term: each byte is in one of them (see [`key`]).
    low: u64,
    high: u64,
    len: u32,
}

#[derive(Clone, Copy)]
struct Slot {
    key: Key,
    /// The term's id, or [`EMPTY`].
    id: u32,
}

const VACANT: Slot = Slot { key: Key { low: 0, high: 0, len: 0 }, id: EMPTY };

pub(super) struct TermIds {
    /// A power of two long, at most half full.
    slots: Vec<Slot>,
    pub(super) dictionary: String,
    /// Where each term starts in `dictionary` (each is followed by `\n`).
    pub(super) term_starts: Vec<u32>,
}

impl Default for TermIds {
    fn default() -> Self {
        Self { slots: vec![VACANT; 256], dictionary: String::new(), term_starts: Vec::new() }
    }
}

impl TermIds {
    /// The id of `term`, if it was inserted.
    pub(super) fn get(&self, term: &str) -> Option<u32> {
        let key = key(term.as_bytes());
        self.find(term, key).ok()
    }

    /// The id of `term`, inserted as the next id if new.
    pub(super) fn get_or_insert(&mut self, term: &str) -> u32 {
        let key = key(term.as_bytes());
        let at = match self.find(term, key) {
            Ok(id) => return id,
            Err(at) => at,
        };
        let id = u32::try_from(self.term_starts.len()).expect("fewer than 2^32 distinct terms");
        self.slots[at] = Slot { key, id };
        self.term_starts.push(super::fulltext::offset(self.dictionary.len()));
        self.dictionary.push_str(term);
        self.dictionary.push('\n');
        if self.term_starts.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// `Ok(id)` of `term`, or `Err(slot)`: the vacant slot it would take.
    #[inline]
    fn find(&self, term: &str, key: Key) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = hash(key) as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.id == EMPTY {
                return Err(at);
            }
            if slot.key == key && (term.len() <= SHORT || self.term(slot.id) == term) {
                return Ok(slot.id);
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

/// A term's key: for up to 16 bytes, two loads that between them hold
/// every byte (overlapping when shorter), so the key is the term; longer
/// terms fold their 16-byte blocks into the two words.
#[inline]
fn key(bytes: &[u8]) -> Key {
    let len = bytes.len();
    let (low, high) = if len > SHORT {
        let (mut low, mut high) = (0u64, 0u64);
        let mut blocks = bytes.chunks_exact(16);
        for block in &mut blocks {
            low = mix(low ^ load8(block, 0), high ^ load8(block, 8));
            high = high.rotate_left(23) ^ load8(block, 8) ^ low;
        }
        // The last 16 bytes, overlapping the blocks before.
        (mix(low ^ load8(bytes, len - 16), high), high ^ load8(bytes, len - 8))
    } else if len >= 8 {
        (load8(bytes, 0), load8(bytes, len - 8))
    } else if len >= 4 {
        (u64::from(load4(bytes, 0)), u64::from(load4(bytes, len - 4)))
    } else if len > 0 {
        let spread = u64::from(bytes[0]) << 16 | u64::from(bytes[len / 2]) << 8 | u64::from(bytes[len - 1]);
        (spread, 0)
    } else {
        (0, 0)
    };
    Key { low, high, len: len as u32 }
}

/// Where a key's probes start.
#[inline]
fn hash(key: Key) -> u64 {
    mix(key.low ^ 0x243f_6a88_85a3_08d3, key.high ^ 0x1319_8a2e_0370_7344 ^ u64::from(key.len))
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

#[inline]
fn load4(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(word)
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
