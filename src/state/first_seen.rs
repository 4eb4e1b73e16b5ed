//! When each note was first seen ([`super::State::first_seen`]), laid flat:
//! the ids sorted in one text, where each ends, and their stamps.
//!
//! Every note of a collection has an entry, and an id is a path of a few
//! dozen bytes: in a `BTreeMap<String, Stamp>` each cost an allocation of
//! its own and the tree's room (about 96 bytes at 100,000 notes, 9 MiB held
//! for the whole session); laid flat, its bytes and 12 more.

use super::model::Stamp;

/// Note id → when it was first seen, sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstSeen {
    /// The ids one after another, in order.
    ids: String,
    /// Where each id ends in `ids`.
    ends: Vec<u32>,
    /// When each was first seen.
    at: Vec<Stamp>,
}

impl FirstSeen {
    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The id at `i` (in order).
    fn id(&self, i: usize) -> &str {
        let start = i.checked_sub(1).and_then(|i| self.ends.get(i)).map_or(0, |&end| end as usize);
        let end = self.ends.get(i).map_or(start, |&end| end as usize);
        self.ids.get(start..end).unwrap_or_default()
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.id(middle).cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(low)
    }

    /// When `id` was first seen.
    pub fn get(&self, id: &str) -> Option<Stamp> {
        self.find(id).ok().map(|i| self.at[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Every id and when it was first seen, in the order of the ids.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, Stamp)> + '_ {
        (0..self.len()).map(|i| (self.id(i), self.at[i]))
    }

    /// Records each id of `seen` as first seen at its stamp, unless it was
    /// seen earlier: the earlier stamp of the two stays (as a merge keeps
    /// it). Returns whether anything changed. One pass over what is known,
    /// however many ids come: all of a collection's come at once.
    pub fn note_earliest<'a>(&mut self, seen: impl IntoIterator<Item = (&'a str, Stamp)>) -> bool {
        let mut new: Vec<(&str, Stamp)> = Vec::new();
        let mut changed = false;
        for (id, at) in seen {
            match self.find(id) {
                Ok(i) if self.at[i] <= at => {}
                Ok(i) => {
                    self.at[i] = at;
                    changed = true;
                }
                Err(_) => new.push((id, at)),
            }
        }
        if new.is_empty() {
            return changed;
        }
        // An id twice among the new keeps its earlier stamp.
        new.sort_unstable();
        new.dedup_by(|later, earlier| later.0 == earlier.0);
        *self = self.merged_with(&new);
        true
    }

    /// These entries and `new` (sorted, none of them known) in one.
    fn merged_with(&self, new: &[(&str, Stamp)]) -> Self {
        let mut merged = Self {
            ids: String::with_capacity(self.ids.len() + new.iter().map(|(id, _)| id.len()).sum::<usize>()),
            ends: Vec::with_capacity(self.len() + new.len()),
            at: Vec::with_capacity(self.len() + new.len()),
        };
        let mut known = self.iter().peekable();
        let mut new = new.iter().copied().peekable();
        loop {
            let next = match (known.peek(), new.peek()) {
                (Some(&(k, _)), Some(&(n, _))) if k < n => known.next(),
                (Some(_), Some(_)) | (None, Some(_)) => new.next(),
                (Some(_), None) => known.next(),
                (None, None) => break,
            };
            let Some((id, at)) = next else { break };
            // Past 4 GiB of ids (never met) the rest are not recorded: at
            // worst they count as new at the next start.
            let Ok(end) = u32::try_from(merged.ids.len() + id.len()) else { break };
            merged.ids.push_str(id);
            merged.ends.push(end);
            merged.at.push(at);
        }
        merged
    }
}

impl<S: AsRef<str>> FromIterator<(S, Stamp)> for FirstSeen {
    /// An id given twice keeps its earlier stamp.
    fn from_iter<I: IntoIterator<Item = (S, Stamp)>>(pairs: I) -> Self {
        let pairs: Vec<(S, Stamp)> = pairs.into_iter().collect();
        let mut seen = Self::default();
        seen.note_earliest(pairs.iter().map(|(id, at)| (id.as_ref(), *at)));
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_order_and_keep_their_earliest_stamp() {
        let mut seen: FirstSeen = [("b.md", 5), ("a.md", 9), ("b.md", 3)].into_iter().collect();
        assert_eq!(seen.iter().collect::<Vec<_>>(), [("a.md", 9), ("b.md", 3)]);
        assert!(!seen.note_earliest([("a.md", 10), ("b.md", 3)]), "nothing earlier");
        assert!(seen.note_earliest([("c/d.md", 7), ("a.md", 4), ("", 1), ("ab.md", 8)]));
        assert_eq!(seen.iter().collect::<Vec<_>>(), [("", 1), ("a.md", 4), ("ab.md", 8), ("b.md", 3), ("c/d.md", 7)]);
        assert_eq!((seen.get("ab.md"), seen.get("a"), seen.get("c/d.md")), (Some(8), None, Some(7)));
        assert!(seen.contains("") && !seen.contains("d.md"));
        assert_eq!(seen.len(), 5);
    }

    #[test]
    fn the_same_entries_however_added_are_equal() {
        let one_by_one = {
            let mut seen = FirstSeen::default();
            for (id, at) in [("z.md", 1), ("m.md", 2), ("a.md", 3)] {
                seen.note_earliest([(id, at)]);
            }
            seen
        };
        let at_once: FirstSeen = [("a.md", 3), ("z.md", 1), ("m.md", 2)].into_iter().collect();
        assert_eq!(one_by_one, at_once);
    }
}
