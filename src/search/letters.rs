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
        Self(text.chars().fold(0, |bits, c| bits | bit(c)))
    }

    /// The letters of `text` where a word starts, and its digits that follow
    /// something other than a digit: where nucleo gives a letter a bonus
    /// (a boundary, or `letter123`). Elsewhere a letter scores no bonus.
    /// Any character that is not an ASCII letter or digit counts as a word's
    /// edge, so the set may hold more than nucleo rewards, never less.
    pub fn word_starts(text: &str) -> Self {
        let mut bits = 0;
        let mut before: Option<char> = None;
        for c in text.chars() {
            if is_edge(before, c) {
                bits |= bit(c);
            }
            before = Some(c);
        }
        Self(bits)
    }

    /// Whether every letter of `needed` is here.
    pub fn holds(self, needed: Letters) -> bool {
        self.0 & needed.0 == needed.0
    }

    pub fn union(self, other: Letters) -> Self {
        Self(self.0 | other.0)
    }
}

fn bit(c: char) -> u64 {
    index(c).map_or(0, |i| 1 << i)
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
    pub fn of(text: &str) -> Self {
        let mut bits = 0;
        let mut before: Option<char> = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if is_edge(before, c) {
                if let Some(pair) = chars.peek().and_then(|&next| Self::pair(c, next)) {
                    bits |= 1 << (pair % 64);
                }
            }
            before = Some(c);
        }
        Self(bits)
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
    pub fn of(text: &str) -> Self {
        let mut bits = 0;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(pair) = chars.peek().and_then(|&next| pair(c, next)) {
                bits |= 1 << (pair % 128);
            }
        }
        Self(bits)
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

/// Whether `c`, after `before`, starts a word for [`Letters::word_starts`].
fn is_edge(before: Option<char>, c: char) -> bool {
    match before {
        None => true,
        Some(b) if c.is_ascii_digit() => !b.is_ascii_digit(),
        Some(b) => !b.is_ascii_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
