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
            let edge = match before {
                None => true,
                Some(b) if c.is_ascii_digit() => !b.is_ascii_digit(),
                Some(b) => !b.is_ascii_alphanumeric(),
            };
            if edge {
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
    match c {
        'a'..='z' => 1 << (u32::from(c) - u32::from('a')),
        '0'..='9' => 1 << (26 + u32::from(c) - u32::from('0')),
        _ => 0,
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
}
