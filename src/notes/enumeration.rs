//! Enumerated talk titles: `A. Welcome`, `B. Keynote: Jane Doe`, `3) Demo`.
//! People who number the talks of a day keep the numbering going even
//! where a heading's level slips (`## A.` then `### B.`), so the sequence
//! says which headings are talks better than their levels do.

/// The enumeration before a title (`C` of `C. Keynote`, `12` of `12) Demo`)
/// and the title after it, when it has one.
pub fn split_enumeration(title: &str) -> Option<(&str, &str)> {
    let (head, tail) = title.trim().split_once([' ', '\t'])?;
    let marker = head.trim_end_matches(['.', ')', ':']);
    let is_enumeration = head.len() > marker.len()
        && !marker.is_empty()
        && marker.chars().count() <= 3
        && marker.chars().all(|c| c.is_ascii_alphanumeric());
    is_enumeration.then(|| (marker, tail.trim_start()))
}

/// The title after an enumeration such as `C.`, `1.` or `2)`, when it has one.
pub fn after_enumeration(title: &str) -> Option<&str> {
    split_enumeration(title).map(|(_, rest)| rest)
}

/// Whether most of `titles` are enumerated (`A. Welcome`, `B. Keynote`):
/// how people number the talks of a day, never the parts of one talk.
pub fn mostly_enumerated<'a>(titles: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut numbered, mut all) = (0, 0);
    for title in titles {
        all += 1;
        numbered += usize::from(after_enumeration(title).is_some());
    }
    all >= 2 && numbered * 3 >= all * 2
}

/// Whether the title `next` is numbered right after `previous`: `B.` after
/// `A.`, `b)` after `a)`, `4.` after `3.`. One letter or a number only;
/// `A1.` style codes have no agreed successor.
pub fn follows(previous: &str, next: &str) -> bool {
    let (Some((before, _)), Some((after, _))) = (split_enumeration(previous), split_enumeration(next)) else {
        return false;
    };
    if let (Ok(a), Ok(b)) = (before.parse::<u32>(), after.parse::<u32>()) {
        return a.checked_add(1) == Some(b);
    }
    let mut a = before.chars();
    let mut b = after.chars();
    match (a.next(), a.next(), b.next(), b.next()) {
        (Some(x), None, Some(y), None) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
            x.is_ascii_uppercase() == y.is_ascii_uppercase() && (x as u8).checked_add(1) == Some(y as u8)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_are_short_markers_before_a_title() {
        assert_eq!(split_enumeration("C. Keynote: Jane Doe"), Some(("C", "Keynote: Jane Doe")));
        assert_eq!(split_enumeration("12) Demo"), Some(("12", "Demo")));
        assert_eq!(split_enumeration("Keynote: Jane Doe"), None);
        assert_eq!(split_enumeration("B."), None, "a marker with no title");
        assert_eq!(split_enumeration("2019. A year"), None, "four characters are a year, not a marker");
        assert!(mostly_enumerated(["A. One", "B. Two", "Three"]));
        assert!(!mostly_enumerated(["A. One", "Two", "Three"]));
        assert!(!mostly_enumerated(["A. One"]));
    }

    #[test]
    fn a_title_follows_the_one_numbered_just_before() {
        assert!(follows("A. Welcome", "B. Keynote"));
        assert!(follows("a) one", "b) two"));
        assert!(follows("9. Nine", "10. Ten"));
        assert!(!follows("A. Welcome", "C. Panel"));
        assert!(!follows("A. Welcome", "b. lower case"));
        assert!(!follows("1. One", "B. Two"));
        assert!(!follows("A1. Code", "A2. Code"));
        assert!(!follows("Z. Last", "[. Bracket"));
        assert!(!follows("Intro", "B. Keynote"));
    }
}
