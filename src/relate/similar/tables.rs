//! The two tables a worker looks up once per word read: a word's hash →
//! the worker's number of the word, and a note's two-word phrases → their
//! weighted count. Open addressing over keys that are already hashes (or
//! made one with a multiply), one slot read per look-up: a general hash
//! map's grouped probing and hashing again was a sixth of reading a note.

/// Marks a slot of [`WordIds`] no word holds.
const EMPTY: u32 = u32::MAX;

/// Word hash → a number given in the order words were met.
pub(super) struct WordIds {
    /// `(hash, number)`, or `(_, EMPTY)`; a power of two long, at most half full.
    slots: Vec<(u64, u32)>,
    len: usize,
}

impl WordIds {
    pub(super) fn new() -> Self {
        Self { slots: vec![(0, EMPTY); 1024], len: 0 }
    }

    /// The number of the word with `hash`; `make` numbers a word met for the first time.
    #[inline]
    pub(super) fn get_or_insert(&mut self, hash: u64, make: impl FnOnce() -> u32) -> u32 {
        let mask = self.slots.len() - 1;
        // The hash is well mixed: its low bits are a slot.
        let mut at = hash as usize & mask;
        loop {
            let (key, number) = self.slots[at];
            if number == EMPTY {
                break;
            }
            if key == hash {
                return number;
            }
            at = (at + 1) & mask;
        }
        let number = make();
        self.slots[at] = (hash, number);
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
        number
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY); size]);
        let mask = self.slots.len() - 1;
        for (hash, number) in old.into_iter().filter(|&(_, n)| n != EMPTY) {
            let mut at = hash as usize & mask;
            while self.slots[at].1 != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = (hash, number);
        }
    }
}

/// A note's phrases (two word ids in a `u64`) and their weighted counts.
/// Emptied for the next note by moving on to a new stamp, not by clearing
/// every slot; the phrases come out in the order they were first counted.
pub(super) struct PhraseCounts {
    /// `(phrase, count, stamp)`: the slot is taken in this note when its stamp is `stamp`.
    slots: Vec<(u64, f32, u32)>,
    stamp: u32,
    /// The slots taken in this note, in order.
    taken: Vec<u32>,
}

impl PhraseCounts {
    pub(super) fn new() -> Self {
        Self { slots: vec![(0, 0.0, 0); 1024], stamp: 1, taken: Vec::new() }
    }

    /// Empties the table for a note of up to `words` words (so up to as many phrases).
    pub(super) fn start(&mut self, words: usize) {
        self.taken.clear();
        self.stamp = self.stamp.wrapping_add(1);
        // At most half full; a stamp come round again could read old
        // slots as taken, so the table is made anew then.
        let wanted = (words * 2).next_power_of_two();
        if wanted > self.slots.len() || self.stamp == 0 {
            self.slots = vec![(0, 0.0, 0); wanted.max(self.slots.len())];
            self.stamp = 1;
        }
    }

    /// Adds `weight` to `phrase`'s count.
    pub(super) fn add(&mut self, phrase: u64, weight: f32) {
        let mask = self.slots.len() - 1;
        let bits = self.slots.len().trailing_zeros();
        // Phrase keys are two small numbers: mixed by a multiply, the high bits a slot.
        let mut at = (phrase.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize & mask;
        loop {
            let slot = &mut self.slots[at];
            if slot.2 != self.stamp {
                *slot = (phrase, weight, self.stamp);
                self.taken.push(at as u32);
                return;
            }
            if slot.0 == phrase {
                slot.1 += weight;
                return;
            }
            at = (at + 1) & mask;
        }
    }

    /// The phrases counted in this note and their counts, in the order first counted.
    pub(super) fn counted(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        self.taken.iter().map(|&at| {
            let (phrase, count, _) = self.slots[at as usize];
            (phrase, count)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_numbers_as_the_table_grows() {
        let mut ids = WordIds::new();
        let mut next = 0;
        // Hashes that share their low bits collide: they probe onwards.
        let hashes: Vec<u64> = (0..2000u64).map(|n| n.wrapping_mul(0x1_0000_0000) ^ (n % 7)).collect();
        for &h in &hashes {
            let got = ids.get_or_insert(h, || {
                next += 1;
                next - 1
            });
            assert_eq!(got, next - 1, "a new word gets the next number");
        }
        for (n, &h) in hashes.iter().enumerate() {
            assert_eq!(ids.get_or_insert(h, || panic!("{h} was met")), n as u32);
        }
    }

    #[test]
    fn phrases_are_counted_per_note_in_the_order_met() {
        let mut phrases = PhraseCounts::new();
        phrases.start(10);
        for (p, w) in [(7u64 << 32 | 8, 1.0), (3, 0.5), (7 << 32 | 8, 0.5)] {
            phrases.add(p, w);
        }
        assert_eq!(phrases.counted().collect::<Vec<_>>(), [(7 << 32 | 8, 1.5), (3, 0.5)]);
        // The next note starts empty, also in a table made larger for it.
        phrases.start(5000);
        assert_eq!(phrases.counted().count(), 0);
        phrases.add(3, 1.0);
        phrases.start(10);
        phrases.add(3, 0.5);
        assert_eq!(phrases.counted().collect::<Vec<_>>(), [(3, 0.5)]);
    }
}
