//! Which letters (`a`–`z`) and digits a folded text holds, a bit each: what
//! lets the finder pass over a field, or a whole note, without asking the
//! matcher. A word of a query matches a field only where the field holds
//! each of its letters and digits (matching is exact on folded text), so a
//! field lacking one needs no scoring. Other characters have no bit and are
//! never required: the test stays a necessary condition, never a wrong no.

/// A set of the 36 letters and digits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Letters(u64);

impl Letters {
    /// Every letter and digit of `text`.
    pub fn of(text: &str) -> Self {
        Shape::of(text).letters
    }

    /// The letters of `text` where a word starts, and its digits that follow
    /// something other than a digit: where nucleo gives a letter a bonus
    /// (a boundary, or `letter123`). Elsewhere a letter scores no bonus.
    /// Any character that is not an ASCII letter or digit counts as a word's
    /// edge, so the set may hold more than nucleo rewards, never less.
    #[cfg(test)]
    pub fn word_starts(text: &str) -> Self {
        Shape::of(text).starts
    }

    /// Whether every letter of `needed` is here.
    pub fn holds(self, needed: Letters) -> bool {
        self.0 & needed.0 == needed.0
    }

    pub fn union(self, other: Letters) -> Self {
        Self(self.0 | other.0)
    }
}

/// The letter's or digit's place among the 36, `None` for any other character.
fn index(c: char) -> Option<u32> {
    match c {
        'a'..='z' => Some(u32::from(c) - u32::from('a')),
        '0'..='9' => Some(26 + u32::from(c) - u32::from('0')),
        _ => None,
    }
}

/// Which two letters or digits follow each other where a word starts
/// (the first at a word's start as [`Letters::word_starts`] has it, the
/// second right after), hashed into 64 bits: a word of a query whose first
/// two letters are not here cannot match them together where nucleo gives
/// its first letter the start's bonus, which bounds its score lower (see
/// the finder's `WordBounds`). Pairs share bits, so the set may hold pairs
/// the text lacks, never lack one it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StartPairs(u64);

impl StartPairs {
    /// Every pair of `text`; other characters start no pair and end none.
    #[cfg(test)]
    pub fn of(text: &str) -> Self {
        Shape::of(text).start_pairs
    }

    /// Every pair: what a text whose pairs are unknown may hold.
    #[cfg(test)]
    pub fn every() -> Self {
        Self(u64::MAX)
    }

    /// `first` then `second`, when both are letters or digits.
    pub fn pair(first: char, second: char) -> Option<u32> {
        pair(first, second)
    }

    /// Whether the pair (from [`StartPairs::pair`]) may be here.
    pub fn may_hold(self, pair: u32) -> bool {
        self.0 & (1 << (pair % 64)) != 0
    }

    pub fn union(self, other: StartPairs) -> Self {
        Self(self.0 | other.0)
    }
}

/// Which two letters or digits follow each other anywhere in a text, hashed
/// into 128 bits: where a word of a query has two letters the text never
/// holds together, the second comes after a gap (nucleo's penalty), and
/// with no more than its own bonus. Pairs share bits: the set may hold
/// pairs the text lacks, never lack one it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pairs(u128);

impl Pairs {
    #[cfg(test)]
    pub fn of(text: &str) -> Self {
        Shape::of(text).pairs
    }

    /// Every pair: what a text whose pairs are unknown may hold.
    #[cfg(test)]
    pub fn every() -> Self {
        Self(u128::MAX)
    }

    /// Whether the pair (from [`StartPairs::pair`]) may be here.
    pub fn may_hold(self, pair: u32) -> bool {
        self.0 & (1 << (pair % 128)) != 0
    }

    pub fn union(self, other: Pairs) -> Self {
        Self(self.0 | other.0)
    }
}

/// `first` then `second`, when both are letters or digits: 36 x 36 pairs,
/// each set taking them modulo its bits, a first letter's pairs on
/// different bits (37, odd, shifts each first letter's).
fn pair(first: char, second: char) -> Option<u32> {
    Some(index(first)? * 37 + index(second)?)
}

/// All four sets of one text ([`Letters::of`], [`Letters::word_starts`],
/// [`StartPairs::of`], [`Pairs::of`]), made in one pass over its bytes: the
/// finder makes them for every field of every note when it is built.
///
/// Bytes, not characters: every byte of a character past ASCII is 0x80 or
/// more, so, as the character itself, it is no letter or digit, starts no
/// pair and ends none, and leaves the character after it at a word's edge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub letters: Letters,
    pub starts: Letters,
    pub start_pairs: StartPairs,
    pub pairs: Pairs,
}

impl Shape {
    pub fn of(text: &str) -> Self {
        let (mut letters, mut starts, mut start_pairs, mut pairs) = (0u64, 0u64, 0u64, 0u128);
        // The byte before (a space before the first: a word's edge), its
        // place among the 36 and whether it was at a word's edge.
        let (mut before, mut before_index, mut before_edge) = (b' ', NONE, false);
        for &b in text.as_bytes() {
            let index = INDEX[usize::from(b)];
            let edge = if b.is_ascii_digit() { !before.is_ascii_digit() } else { !before.is_ascii_alphanumeric() };
            if index != NONE {
                letters |= 1 << index;
                if edge {
                    starts |= 1 << index;
                }
                if before_index != NONE {
                    let pair = u32::from(before_index) * 37 + u32::from(index);
                    pairs |= 1 << (pair % 128);
                    if before_edge {
                        start_pairs |= 1 << (pair % 64);
                    }
                }
            }
            (before, before_index, before_edge) = (b, index, edge);
        }
        Self {
            letters: Letters(letters),
            starts: Letters(starts),
            start_pairs: StartPairs(start_pairs),
            pairs: Pairs(pairs),
        }
    }

    pub fn union(self, other: Shape) -> Self {
        Self {
            letters: self.letters.union(other.letters),
            starts: self.starts.union(other.starts),
            start_pairs: self.start_pairs.union(other.start_pairs),
            pairs: self.pairs.union(other.pairs),
        }
    }
}

/// No letter or digit, in [`INDEX`].
const NONE: u8 = u8::MAX;

/// Each byte's place among the 36 letters and digits ([`index`]), or [`NONE`].
const INDEX: [u8; 256] = {
    let mut table = [NONE; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            c @ b'a'..=b'z' => c - b'a',
            c @ b'0'..=b'9' => 26 + c - b'0',
            _ => NONE,
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The four sets as first written, a character at a time: what the
    /// one pass over bytes must give.
    fn by_chars(text: &str) -> Shape {
        let bit = |c: char| index(c).map_or(0, |i| 1u64 << i);
        let is_edge = |before: Option<char>, c: char| match before {
            None => true,
            Some(b) if c.is_ascii_digit() => !b.is_ascii_digit(),
            Some(b) => !b.is_ascii_alphanumeric(),
        };
        let (mut letters, mut starts, mut start_pairs, mut pairs) = (0u64, 0u64, 0u64, 0u128);
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let before = i.checked_sub(1).map(|b| chars[b]);
            letters |= bit(c);
            let edge = is_edge(before, c);
            if edge {
                starts |= bit(c);
            }
            if let Some(pair) = chars.get(i + 1).and_then(|&next| pair(c, next)) {
                pairs |= 1 << (pair % 128);
                if edge {
                    start_pairs |= 1 << (pair % 64);
                }
            }
        }
        Shape {
            letters: Letters(letters),
            starts: Letters(starts),
            start_pairs: StartPairs(start_pairs),
            pairs: Pairs(pairs),
        }
    }

    #[test]
    fn one_pass_over_bytes_gives_what_a_pass_over_characters_gives() {
        let texts = [
            "",
            "a",
            "k8s, ébpf-x",
            "cloud-native k8s 2024 (édge) x_y q",
            "é8 aé8b 8é9 zürich 東京2024年 x😀y 9😀9 a\u{301}b",
            "ABC abc 123abc abc123 a1b2c3 --a --1 _a_ 0x1f",
            "naïve café résumé 2019–2021 o11y",
        ];
        for text in texts {
            assert_eq!(Shape::of(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn a_text_holds_its_letters_and_digits_and_no_others() {
        let letters = Letters::of("k8s, ébpf");
        for word in ["k8s", "s8k", "bpf", "k", "8", "", "é-!"] {
            assert!(letters.holds(Letters::of(word)), "{word}");
        }
        for word in ["x", "k9s", "kubernetes"] {
            assert!(!letters.holds(Letters::of(word)), "{word}");
        }
    }

    #[test]
    fn word_starts_are_letters_after_an_edge_and_digits_after_a_non_digit() {
        let starts = Letters::word_starts("cloud-native k8s 2024 (édge) x_y");
        for at_start in ["c", "n", "k", "8", "2", "d", "x", "y"] {
            assert!(starts.holds(Letters::of(at_start)), "{at_start}");
        }
        for inside in ["l", "o", "a", "s", "4", "0", "g", "e"] {
            assert!(!starts.holds(Letters::of(inside)), "{inside}");
        }
    }

    #[test]
    fn start_pairs_are_a_word_starts_letter_and_the_next_one() {
        let text = "cloud-native k8s 2024 (édge) x_y q";
        let pairs = StartPairs::of(text);
        let held = |a, b| StartPairs::pair(a, b).is_some_and(|p| pairs.may_hold(p));
        for (a, b) in [('c', 'l'), ('n', 'a'), ('k', '8'), ('8', 's'), ('2', '0'), ('d', 'g')] {
            assert!(held(a, b), "{a}{b}");
        }
        // Every pair of the text that is not at a word's start, and pairs it lacks.
        let absent = [('l', 'o'), ('a', 't'), ('0', '2'), ('e', 'd'), ('x', 'y'), ('y', 'q'), ('s', 'c'), ('b', 'o')];
        // Some may share a bit with a held pair; most do not.
        assert!(absent.iter().filter(|&&(a, b)| !held(a, b)).count() >= absent.len() - 2);
        assert_eq!(StartPairs::pair('c', '-'), None);
        assert_eq!(StartPairs::of(""), StartPairs::default());
        assert!(StartPairs::every().may_hold(StartPairs::pair('z', '9').expect("a pair")));
    }

    #[test]
    fn pairs_are_every_two_letters_together() {
        let pairs = Pairs::of("k8s, ébpf-x");
        let held = |a, b| StartPairs::pair(a, b).is_some_and(|p| pairs.may_hold(p));
        for (a, b) in [('k', '8'), ('8', 's'), ('b', 'p'), ('p', 'f')] {
            assert!(held(a, b), "{a}{b}");
        }
        for (a, b) in [('s', 'b'), ('f', 'x'), ('k', 's'), ('x', 'k')] {
            assert!(!held(a, b), "{a}{b}");
        }
    }
}
