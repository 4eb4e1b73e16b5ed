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

/// Every speaker of the collection, sorted by folded name (a handle by its letters); each talk once,
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
    join_initials(&mut all);
    sort_by_name(&mut all);
    for speaker in &mut all {
        // `None < Some`, so undated talks would come first: put them last.
        speaker.talks.sort_by_key(|&n| (c.event_of(n).start.is_none(), c.event_of(n).start, n));
    }
    all
}

/// Speakers in the order of their names' letters: a handle (`@jdoe`), all
/// some notes give of who spoke, sorts under `j` among the names, not
/// before every one of them.
fn sort_by_name(all: &mut [Speaker]) {
    all.sort_by(|a, b| {
        fn letters(s: &Speaker) -> &str {
            s.key.trim_start_matches(|c: char| !c.is_alphanumeric())
        }
        letters(a).cmp(letters(b)).then_with(|| a.key.cmp(&b.key))
    });
}

/// `J. Doe` is `Jane Doe` where the collection names one person, and only
/// one, whose first name starts with that initial and who has that family
/// name: the talks of the initialled spelling are hers. With `Jane Doe` and
/// `John Doe` both there, `J. Doe` stays apart.
fn join_initials(all: &mut Vec<Speaker>) {
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for (i, short) in all.iter().enumerate() {
        let Some((initial, family)) = initialled(&short.key) else { continue };
        let mut full = all.iter().enumerate().filter(|(j, s)| {
            *j != i
                && initialled(&s.key).is_none()
                && s.key.split_once(' ').is_some_and(|(first, rest)| first.starts_with(initial) && rest == family)
        });
        if let (Some((j, _)), None) = (full.next(), full.next()) {
            joined.push((i, j));
        }
    }
    for &(from, to) in &joined {
        let talks = std::mem::take(&mut all[from].talks);
        for n in talks {
            if !all[to].talks.contains(&n) {
                all[to].talks.push(n);
            }
        }
    }
    all.retain(|s| !s.talks.is_empty());
}

/// `j. doe` → (`j`, `doe`): a folded name whose first word is an initial.
fn initialled(key: &str) -> Option<(char, &str)> {
    let (first, rest) = key.split_once(' ')?;
    let mut letters = first.trim_end_matches('.').chars();
    let initial = letters.next().filter(|c| c.is_alphabetic())?;
    (letters.next().is_none() && !rest.trim().is_empty()).then_some((initial, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(name: &str, talks: &[usize]) -> Speaker {
        Speaker { name: name.into(), key: fold(name), talks: talks.to_vec() }
    }

    fn names(all: &[Speaker]) -> Vec<(&str, &[usize])> {
        all.iter().map(|s| (s.name.as_str(), s.talks.as_slice())).collect()
    }

    #[test]
    fn a_handle_sorts_by_its_letters_among_the_names() {
        let mut all = vec![speaker("@jdoe", &[1]), speaker("Ann Poe", &[2]), speaker("Zed Roe", &[3])];
        sort_by_name(&mut all);
        let order: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(order, ["Ann Poe", "@jdoe", "Zed Roe"]);
    }

    #[test]
    fn an_initialled_name_joins_the_one_full_name_it_abbreviates() {
        let mut all = vec![speaker("J. Doe", &[3]), speaker("Jane Doe", &[1, 3]), speaker("Ann Poe", &[2])];
        join_initials(&mut all);
        assert_eq!(names(&all), [("Jane Doe", &[1, 3][..]), ("Ann Poe", &[2][..])]);
        let mut all = vec![speaker("J Doe", &[3]), speaker("Jane Doe", &[1]), speaker("John Doe", &[2])];
        join_initials(&mut all);
        assert_eq!(all.len(), 3, "two people it could be: it stays apart");
        let mut all = vec![speaker("J. Doe", &[3]), speaker("Jane Roe", &[1])];
        join_initials(&mut all);
        assert_eq!(all.len(), 2);
    }
}
