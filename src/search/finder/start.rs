//! A title that starts with the word typed: its bonus, and what a bound
//! knows of it from the title's first character alone.

use super::{Entry, Finder, Term, TITLE};

/// Added on top of [`super::TITLE_BONUS`] when the title starts with the word
/// (`django` in "Django and Celery"): a title about the word ranks above
/// one naming it further on, other things equal. nucleo scores a word after
/// a space as at the text's start, so without it they tie.
pub const TITLE_START_BONUS: u32 = 8;

/// [`super::Placed::title_first`] of a title starting with any other character.
pub(super) const NOT_ASCII: u8 = 0xFF;

/// What [`super::Placed::title_first`] holds for a folded title.
pub(super) fn title_first(folded_title: &str) -> u8 {
    match folded_title.chars().next() {
        None => 0,
        Some(c) => u8::try_from(c).ok().filter(u8::is_ascii).unwrap_or(NOT_ASCII),
    }
}

/// Whether the note's title may start with the term's word, from its first
/// character alone (the title's text unread: a bound is worked out for every note).
pub(super) fn may_start(entry: &Entry, term: &Term) -> bool {
    match (entry.texts.title_first, term.needle.first()) {
        (_, None) | (0, _) => false,
        (NOT_ASCII, Some(c)) => !c.is_ascii(),
        (first, Some(&c)) => char::from(first) == c,
    }
}

impl Finder {
    /// [`TITLE_START_BONUS`] when the note's title starts with the word,
    /// else 0. Only a word matched anywhere (fuzzy or as a substring).
    pub(super) fn start_bonus(&self, entry: &Entry, term: &Term) -> u32 {
        if term.bounds.is_none() || !may_start(entry, term) {
            return 0;
        }
        let title = self.text(entry, TITLE);
        let starts =
            title.len() >= term.needle.len() && term.needle.iter().enumerate().all(|(i, &c)| title.get(i as u32) == c);
        if starts {
            TITLE_START_BONUS
        } else {
            0
        }
    }
}
