//! Event names as their owners write them: cleaned folder and file names
//! with the owner's casing, headings that name an event (and the ones that
//! only look as if they did), and the names a collection's README gives
//! the folders it links. See docs/notes-format.md, "Event names".

use std::collections::HashMap;

use super::date::{find_date, PartialDate};

/// Words written with capitals inside them somewhere in a collection
/// (`QXDC`, `GitHub`, `QVLC`), by their lower-case form: how the owner
/// cases a word that a slug elsewhere writes in lower case.
#[derive(Debug, Default, Clone)]
pub(super) struct Casing {
    words: HashMap<String, String>,
}

impl Casing {
    /// Learns the casing of the words of `text` (a path or a line).
    pub(super) fn learn(&mut self, text: &str) {
        // Word by word, with no list made: every path of a collection is learnt at start-up.
        each_word(text, &mut |word| {
            let cased = word.chars().skip(1).any(char::is_uppercase);
            if cased && word.chars().count() >= 3 && word.chars().all(char::is_alphanumeric) {
                self.words.entry(word.to_lowercase()).or_insert_with(|| word.to_string());
            }
        });
    }

    fn get(&self, lower: &str) -> Option<&str> {
        self.words.get(lower).map(String::as_str)
    }
}

/// Words of a name: split at separators and where a lower-case run turns
/// upper case (`zutaForum` → `zuta`, `Forum`); `MarmotCon`, `NORDic` and
/// `iOS` stay whole (a word starting in capitals is the owner's spelling).
fn split_words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    each_word(name, &mut |word| out.push(word));
    out
}

/// [`split_words`], each word handed to `f` in order.
fn each_word<'a>(name: &'a str, f: &mut impl FnMut(&'a str)) {
    for word in name.split(|c: char| c == '-' || c == '_' || c == '/' || c == '.' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        let lower_head = word.chars().take_while(|c| c.is_lowercase()).count();
        match word.char_indices().nth(lower_head) {
            Some((at, c)) if lower_head >= 2 && c.is_uppercase() => {
                f(&word[..at]);
                each_word(&word[at..], f);
            }
            _ => f(word),
        }
    }
}

/// Region and scope abbreviations written in capitals in event names.
const UPPER_WORDS: [&str; 8] = ["us", "uk", "eu", "na", "emea", "apac", "latam", "anz"];

/// Words that are no conference even though they end like one (`-con`, `-camp`).
const NOT_COMPOUNDS: [&str; 10] =
    ["falcon", "bacon", "silicon", "lexicon", "icon", "beacon", "deacon", "recon", "decon", "encamp"];

/// Endings that conference names capitalise inside one word: `trailcamp`
/// → `TrailCamp`, `quokkacon` → `QuokkaCon`, `opalconf` → `OpalConf`.
const COMPOUND_ENDINGS: [&str; 4] = ["conf", "con", "camp", "fest"];

/// Short words kept in lower case inside a name.
const SMALL_WORDS: [&str; 7] = ["and", "of", "the", "in", "on", "for", "at"];

/// One word of a slug as a name shows it: the owner's capitals kept,
/// else the collection's casing of it, else sensible casing.
fn case_word(word: &str, first: bool, casing: &Casing) -> String {
    if word.chars().any(char::is_uppercase) || !word.chars().any(char::is_alphabetic) {
        return word.to_string();
    }
    if let Some(cased) = casing.get(word) {
        return cased.to_string();
    }
    if UPPER_WORDS.contains(&word) {
        return word.to_uppercase();
    }
    // `vkf`, `pdx`: a short word without vowels is an abbreviation.
    let letters = word.chars().count();
    if (2..=4).contains(&letters) && word.chars().all(|c| c.is_ascii_alphabetic() && !"aeiouy".contains(c)) {
        return word.to_uppercase();
    }
    if !first && SMALL_WORDS.contains(&word) {
        return word.to_string();
    }
    if !NOT_COMPOUNDS.contains(&word) {
        for ending in COMPOUND_ENDINGS {
            if let Some(head) = word.strip_suffix(ending) {
                if head.chars().count() >= 2 && head.chars().all(|c| c.is_ascii_alphabetic()) {
                    return format!("{}{}", capitalise(head), capitalise(ending));
                }
            }
        }
    }
    capitalise(word)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Prefixes and suffixes that say a folder holds notes, not what of.
const NOTE_WORDS: [&str; 3] = ["notes", "note", "conference-notes"];

/// An event's name from a folder or file name: a leading date dropped
/// (the timeline shows it), a year elsewhere kept (`2k16` read as 2016),
/// `NOTES_` prefixes dropped, separators made spaces and words cased as
/// the owner cases them ([`case_word`]). Empty when nothing but a date is left.
pub(super) fn name_from_slug(name: &str, casing: &Casing) -> String {
    let rest = match PartialDate::from_name_prefix(name) {
        Some((_, rest)) => rest,
        None => name,
    };
    let mut words: Vec<String> = Vec::new();
    for word in split_words(rest) {
        match PartialDate::in_name(word) {
            Some((date, at)) if at == (0..word.len()) => words.push(date.year.to_string()),
            _ => words.push(word.to_string()),
        }
    }
    let is_note_word = |w: &String| NOTE_WORDS.contains(&w.to_lowercase().as_str());
    while words.first().is_some_and(is_note_word) && words.len() > 1 {
        words.remove(0);
    }
    while words.last().is_some_and(is_note_word) && words.len() > 1 {
        words.pop();
    }
    if words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) && rest.len() < name.len() {
        // Only a date (and numbers): the caller names it from its folder.
        return String::new();
    }
    words.iter().enumerate().map(|(i, w)| case_word(w, i == 0, casing)).collect::<Vec<_>>().join(" ")
}

/// Words a heading adds to an event's name that are not part of it:
/// `ZoHollow 2017 Notes`, `QuokkaCon US 2018 talk links and notes`.
const TRAILING_WORDS: [&str; 13] = [
    "notes",
    "note",
    "talk",
    "talks",
    "links",
    "link",
    "and",
    "&",
    "slides",
    "recap",
    "summary",
    "conference",
    "overview",
];

/// The event name a heading gives, if it gives one: not a day label
/// (`Day 1`), not only a date, not a slug (`quokkacon-us-2016`), not a
/// copy of another edition's heading (a year other than `year`), and not
/// a generic word. Trailing words such as `notes` after the name go, as
/// does a leading `notes from`.
pub(super) fn name_from_heading(heading: &str, year: Option<i32>) -> Option<String> {
    let text = heading.trim();
    if text.is_empty() || text.chars().count() > 90 || is_day_label(text) || is_only_date(text) {
        return None;
    }
    if !text.contains(char::is_whitespace) && text.contains(['-', '_']) {
        return None;
    }
    if let Some(year) = year {
        let years = years_in(text);
        if !years.is_empty() && !years.contains(&year) {
            return None;
        }
    }
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let lower = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&').to_lowercase();
    for lead in [["my", "notes", "from"].as_slice(), &["notes", "from"], &["notes", "on"], &["notes", "of"]] {
        if words.len() > lead.len() && words.iter().zip(lead.iter()).all(|(w, l)| lower(w) == *l) {
            words.drain(..lead.len());
            break;
        }
    }
    // Trailing words go only after a year or when they are `notes` itself:
    // `Open Source Conference` keeps its last word.
    let has_year = words.iter().any(|w| !years_in(w).is_empty());
    while words.len() > 1 {
        let last = lower(words[words.len() - 1]);
        let generic =
            if has_year { TRAILING_WORDS.contains(&last.as_str()) } else { last == "notes" || last == "note" };
        if !generic {
            break;
        }
        words.pop();
    }
    let name = words.join(" ");
    let generic = ["notes", "readme", "index", "overview", "conference notes", "talks", "agenda", "schedule"];
    (!generic.contains(&name.to_lowercase().as_str()) && !name.is_empty()).then_some(name)
}

/// Years written in `text`, as four digits standing apart.
fn years_in(text: &str) -> Vec<i32> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((date, at)) = PartialDate::in_name(rest) {
        out.push(date.year);
        rest = &rest[at.end..];
    }
    out
}

/// `Day 1`, `Day one`, `Day 2 - Afternoon`, `Saturday`, `Morning`: a heading
/// that labels part of an event, never the event.
pub(super) fn is_day_label(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    const DAY_WORDS: &str = "day days morning afternoon evening monday tuesday wednesday thursday friday saturday \
        sunday giorno jour tag dag día";
    const FILLER: &str = "one two three four five six first second third last and of the part session sessions";
    let is_day = |w: &&str| DAY_WORDS.split_whitespace().any(|d| d == *w);
    let is_filler = |w: &&str| FILLER.split_whitespace().any(|d| d == *w) || w.chars().all(|c| c.is_ascii_digit());
    words.iter().any(is_day) && words.iter().all(|w| is_day(w) || is_filler(w))
}

/// `October 24, 2017`, `2019-05-02`, `(11/6/2016)`: a heading that is a date and nothing more.
fn is_only_date(text: &str) -> bool {
    if find_date(text).is_none() {
        return false;
    }
    const DATE_WORDS: &str = "january february march april may june july august september october november \
        december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday \
        saturday sunday st nd rd th of";
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| w.chars().all(|c| c.is_ascii_digit()) || DATE_WORDS.split_whitespace().any(|d| d == w))
}

/// The folders a collection's README links, and the text of each link:
/// `* [QuokkaCon US](./2016/quokkacon-us)` → (`2016/quokkacon-us`, `QuokkaCon US`).
/// Targets are made relative to the root (`./`, a trailing `/` and a
/// README or index file at the end dropped, `%20` read as a space).
pub(super) fn readme_links(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let Some(close) = after.find("](") else { break };
            let label = &after[..close];
            let target_start = &after[close + 2..];
            let Some(end) = target_start.find(')') else { break };
            let target = target_start[..end].split_whitespace().next().unwrap_or("");
            rest = &target_start[end..];
            if label.contains('[') || target.contains("://") || target.starts_with('#') || target.starts_with("mailto:")
            {
                continue;
            }
            let label = label.replace(['*', '`'], "");
            let label = label.trim();
            let mut path = target.replace("%20", " ");
            while let Some(stripped) = path.strip_prefix("./") {
                path = stripped.to_string();
            }
            let mut path = path.trim_end_matches('/').to_string();
            let lower = path.to_lowercase();
            for file in ["/readme.md", "/index.md", "/readme.markdown"] {
                if lower.ends_with(file) {
                    path.truncate(path.len() - file.len());
                }
            }
            if !label.is_empty() && !path.is_empty() && !path.starts_with('/') && !path.starts_with("..") {
                out.push((path, label.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(name: &str) -> String {
        name_from_slug(name, &Casing::default())
    }

    #[test]
    fn slugs_keep_the_owners_casing_and_case_the_rest_sensibly() {
        assert_eq!(slug("ZoHollow"), "ZoHollow");
        assert_eq!(slug("2026-NORDic"), "NORDic");
        assert_eq!(slug("trailcamp-brixham"), "TrailCamp Brixham");
        assert_eq!(slug("quokkacon-us"), "QuokkaCon US");
        assert_eq!(slug("tamarin-connect-pdx"), "Tamarin Connect PDX");
        assert_eq!(slug("vkf-forum-2k16"), "VKF Forum 2016");
        assert_eq!(slug("zutaForum_2015"), "Zuta Forum 2015");
        assert_eq!(slug("NOTES_kubecon-eu-2019"), "KubeCon EU 2019");
        assert_eq!(slug("falcon-days"), "Falcon Days");
        assert_eq!(slug("state-of-the-map"), "State of the Map");
        assert_eq!(slug("2025 04 22"), "", "only a date: named from its folder");
        assert_eq!(slug("2025 09 318"), "");
        assert_eq!(slug("OXIDCONF-2023"), "OXIDCONF 2023");
    }

    #[test]
    fn casing_is_learnt_from_the_rest_of_the_collection() {
        let mut casing = Casing::default();
        casing.learn("QXDC/qxdc-east-2020.md");
        casing.learn("x_2017/workflows_with_QVLC_Quern_APIs.md");
        casing.learn("Some Thing");
        assert_eq!(name_from_slug("qxdc-east-2020", &casing), "QXDC East 2020");
        assert_eq!(name_from_slug("qvlcForum_tull_2015", &casing), "QVLC Forum Tull 2015");
        assert_eq!(name_from_slug("some-thing", &casing), "Some Thing");
    }

    #[test]
    fn headings_name_events_unless_they_label_a_day_or_another_edition() {
        assert_eq!(name_from_heading("ZXCon 2016", Some(2016)).as_deref(), Some("ZXCon 2016"));
        assert_eq!(name_from_heading("ZoHollow 2017 Notes", Some(2017)).as_deref(), Some("ZoHollow 2017"));
        assert_eq!(
            name_from_heading("QuokkaCon US 2018 talk links and notes", Some(2018)).as_deref(),
            Some("QuokkaCon US 2018")
        );
        assert_eq!(
            name_from_heading("notes from data4arc 2014 conference", Some(2014)).as_deref(),
            Some("data4arc 2014")
        );
        assert_eq!(name_from_heading("Open Source Conference", None).as_deref(), Some("Open Source Conference"));
        assert_eq!(name_from_heading("Day 1", Some(2020)), None);
        assert_eq!(name_from_heading("Day one - morning", None), None);
        assert_eq!(name_from_heading("October 24, 2017", Some(2017)), None);
        assert_eq!(name_from_heading("quokkacon-us-2016", Some(2016)), None, "a slug");
        assert_eq!(name_from_heading("Data Science West (2015)", Some(2017)), None, "another edition's");
        assert_eq!(name_from_heading("Notes", None), None);
    }

    #[test]
    fn readme_links_name_the_folders_they_point_to() {
        let text = "## 2016\n\n* [QuokkaCon US](./2016/quokkacon-us)\n* [Blog](https://x.org/a)\n\
                    See [the **Meetup**](meetups/Spring%20Meetup/README.md) and [top](#top).\n";
        assert_eq!(
            readme_links(text),
            [
                ("2016/quokkacon-us".to_string(), "QuokkaCon US".to_string()),
                ("meetups/Spring Meetup".into(), "the Meetup".into())
            ]
        );
    }
}
