//! The speakers view: every person who speaks in the collection, one entry
//! per name however it is written, with the talks they gave across years.

use crate::notes::Collection;
use crate::search::fold;

/// One person and the notes of their talks, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The name as first written, without an affiliation in brackets.
    pub name: String,
    /// The name folded as search folds it: what makes two spellings one person.
    pub key: String,
    pub talks: Vec<usize>,
}

impl Speaker {
    /// The first and last years of the talks that have one.
    pub fn years(&self, c: &Collection) -> Option<(i32, i32)> {
        let mut years = self.talks.iter().filter_map(|&n| c.event_of(n).year());
        let first = years.next()?;
        Some(years.fold((first, first), |(lo, hi), y| (lo.min(y), hi.max(y))))
    }
}

/// Every speaker of the collection, sorted by folded name; each talk once,
/// by date (undated events last), then in collection order.
pub fn speakers(c: &Collection) -> Vec<Speaker> {
    let mut by_key: std::collections::BTreeMap<String, Speaker> = std::collections::BTreeMap::new();
    for (n, note) in c.notes.iter().enumerate() {
        for written in &note.speakers {
            let name = crate::notes::person::without_affiliation(written);
            let key = fold(&name);
            if key.is_empty() {
                continue;
            }
            let speaker = by_key.entry(key.clone()).or_insert_with(|| Speaker { name, key, talks: Vec::new() });
            if speaker.talks.last() != Some(&n) {
                speaker.talks.push(n);
            }
        }
    }
    let mut all: Vec<Speaker> = by_key.into_values().collect();
    for speaker in &mut all {
        // `None < Some`, so undated talks would come first: put them last.
        speaker.talks.sort_by_key(|&n| (c.event_of(n).start.is_none(), c.event_of(n).start, n));
    }
    all
}
