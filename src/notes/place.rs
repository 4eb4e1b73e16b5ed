//! Where an event was, as the date line of its page says it after the
//! date: `March 3–5, Tampere (Finland)`, `May 2-3, 2019 · Berlin, Germany`.

use super::date::is_date_word;

/// The city and country a date line names after its date (after its last
/// digit): one to three capitalised words, then a country in brackets or
/// after a comma (or the city alone after `in`). `None` when what follows
/// reads as anything else.
pub fn after_date(line: &str) -> Option<(String, Option<String>)> {
    let last_digit = line.rfind(|c: char| c.is_ascii_digit())?;
    let rest = line[last_digit + 1..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—' | '|' | '·' | '@'));
    let (said_in, rest) = match rest.strip_prefix("in ") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.trim_end_matches(['.', ' ']);
    let (city, country) = match rest.split_once('(') {
        Some((city, country)) => (city, Some(country.strip_suffix(')')?)),
        None => match rest.split_once(',') {
            Some((city, country)) => (city, Some(country)),
            None => (rest, None),
        },
    };
    // One word after a date (`May 2, 2019 - Keynotes`) is a place only when said to be one.
    if country.is_none() && !said_in {
        return None;
    }
    let city = place_name(city)?;
    let country = match country {
        Some(country) => Some(place_name(country)?),
        None => None,
    };
    Some((city, country))
}

/// `Tampere`, `New York`, `Saint-Étienne`: one to three words, each
/// capitalised and made of letters (dots, hyphens and apostrophes inside),
/// none a month or a day of the week.
fn place_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalised = |w: &&str| {
        w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    let ok = (1..=3).contains(&words.len()) && words.iter().all(capitalised) && !words.iter().any(|w| is_date_word(w));
    ok.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(line: &str) -> Option<(String, Option<String>)> {
        after_date(line)
    }

    #[test]
    fn a_city_and_a_country_follow_the_date() {
        assert_eq!(place("March 3–5, Tampere (Finland)"), Some(("Tampere".into(), Some("Finland".into()))));
        assert_eq!(place("May 2-3, 2019 · New York, USA"), Some(("New York".into(), Some("USA".into()))));
        assert_eq!(place("2-3 May 2019 in Berlin"), Some(("Berlin".into(), None)));
    }

    #[test]
    fn other_words_after_the_date_are_no_place() {
        assert_eq!(place("May 2019"), None);
        assert_eq!(place("May 2-3, 2019: notes of the talks I saw"), None);
        assert_eq!(place("May 2, 2019 (3 days)"), None);
        assert_eq!(place("Day 1 - May 2, 2019 - Keynotes and Talks Of The Day"), None);
        assert_eq!(place("Tampere"), None, "no date, no place");
        assert_eq!(place("May 2, 2019 - Keynotes"), None);
        assert_eq!(place("May 2, Friday (Workshops)"), None);
    }
}
