//! A note's title as its owner wrote it, when front matter gives none: the
//! first heading of any level (`#`..`######`, setext, `#Title` without a
//! space), as plain text and without the speaker written into it; else the
//! file name made readable (`apiRateLimits` → "API Rate
//! Limits", `05c-keynote` → "Keynote"). See docs/notes-format.md,
//! "Titles nobody tagged".

use super::blocks::fence_opening;
use super::sections::{self, BOLD_LEVEL};
use super::speaker;

/// What a note's text says its title is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteTitle {
    pub title: String,
    /// People the title heading names (`"Title" by Jane Doe`).
    pub speakers: Vec<String>,
    /// The 0-based line of the body holding the title heading; `None`
    /// when the title is the file name's.
    pub line: Option<usize>,
}

/// Lowercase words written in capitals when a file name is made readable.
const ACRONYMS: &[&str] = &[
    "api", "ai", "ml", "ci", "cd", "ui", "ux", "db", "sql", "http", "css", "html", "js", "aws", "gcp", "sdk", "cli",
    "dns", "tls", "vm", "qa", "llm", "gpu", "cpu", "json", "xml", "url", "oss", "rdf", "iiif", "nlp", "ide",
];

/// The title of a note whose `body` (after front matter) is at `rel`.
pub fn read_title(body: &str, rel: &str) -> NoteTitle {
    let heads: Vec<sections::Heading> =
        sections::headings(body).into_iter().filter(|h| h.level < BOLD_LEVEL && has_plain_text(&h.text)).collect();
    let loose = loose_atx(body, heads.first().map_or(usize::MAX, |h| h.line));
    let first = match (&loose, heads.first()) {
        (Some((line, text)), _) => Some((*line, text.clone(), 1)),
        (None, Some(h)) => Some((h.line, h.text.clone(), h.level)),
        (None, None) => None,
    };
    if let Some((line, text, level)) = first {
        let coarsest = heads.iter().map(|h| h.level).min().unwrap_or(level);
        // Several headings at the top level: the first names only the first
        // part. Peers are counted only as far as that takes.
        let needed = if level == 1 { 2 } else { 3 };
        let several_parts = level <= coarsest
            && heads.iter().filter(|h| h.level == level && !is_generic(&h.text)).take(needed).count() >= needed;
        let names_someone = speaker::is_speaker_heading(&text) || speaker::is_person_heading(&text);
        let (title, speakers) = speaker::split_byline(&plain(&text));
        // A heading with a byline names the talk however many parts follow,
        // unless the file says it holds a day of an event (`day-two.md`): then
        // the heading is one talk of that day's several.
        let day_file = super::naming::is_day_label(super::shape::stem(rel));
        if !names_someone && !title.is_empty() && (!several_parts || (!speakers.is_empty() && !day_file)) {
            return NoteTitle { title, speakers, line: Some(line) };
        }
    }
    NoteTitle { title: humanise(super::shape::stem(rel)), speakers: Vec::new(), line: None }
}

/// Headings of a note's usual parts (`Details`, `Notes`, `Takeaways`):
/// they do not make a note one of several parts.
fn is_generic(text: &str) -> bool {
    const GENERIC: &[&str] = &[
        "details",
        "notes",
        "my notes",
        "summary",
        "takeaways",
        "key takeaways",
        "abstract",
        "resources",
        "links",
        "slides",
        "questions",
        "q&a",
        "qa",
        "references",
        "overview",
        "introduction",
        "intro",
        "conclusion",
        "conclusions",
        "agenda",
        "about",
        "bio",
        "description",
        "video",
        "recording",
        "thoughts",
        "ideas",
        "todo",
        "misc",
        "background",
        "outline",
        "follow up",
        "action items",
        "speaker",
        "speakers",
        "links and resources",
    ];
    let text = plain(text).to_lowercase();
    GENERIC.contains(&text.trim_end_matches(['.', ':']).trim())
}

/// A first heading written `#Title` (no space) or with a non-breaking
/// space after `#`, before `before` (the first regular heading's line).
fn loose_atx(body: &str, before: usize) -> Option<(usize, String)> {
    let mut fence = false;
    for (i, line) in body.lines().enumerate().take(before) {
        let trimmed = line.trim_start_matches(' ');
        if fence_opening(trimmed).is_some() {
            fence = !fence;
            continue;
        }
        if fence || line.len() - trimmed.len() > 3 {
            continue;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if !(1..=6).contains(&hashes) {
            continue;
        }
        let rest = &trimmed[hashes..];
        let loose = rest.starts_with('\u{a0}')
            || (rest.chars().next().is_some_and(char::is_alphabetic) && !rest.contains(" #"));
        if loose {
            let text = rest.trim_matches(|c: char| c.is_whitespace() || c == '#');
            if !text.is_empty() {
                return Some((i, text.to_string()));
            }
        }
    }
    None
}

/// Heading text as plain text: links reduced to their text, pictures,
/// URLs, emphasis, code marks and backslash escapes removed, quotes around
/// the whole of it dropped, spaces collapsed.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("![") {
            // A picture: nothing of it is text.
            match link_end(after) {
                Some((_, end)) => rest = &after[end..],
                None => rest = after,
            }
            continue;
        }
        if let Some(after) = rest.strip_prefix('[') {
            if let Some((text_end, end)) = link_end(after) {
                out.push_str(&after[..text_end]);
                rest = &after[end..];
                continue;
            }
        }
        if let Some((inner, end)) = rest.strip_prefix('[').and_then(reference_link) {
            out.push_str(inner);
            rest = &rest[1 + end..];
            continue;
        }
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(close) = after.find('>') {
                let inner = &after[..close];
                if inner.contains("://") || inner.contains('@') || inner.starts_with('/') || is_tag(inner) {
                    rest = &after[close + 1..];
                    continue;
                }
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rest = &rest[end..];
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next().expect("rest is not empty");
        if c == '\\' {
            if let Some(next) = chars.next().filter(|n| n.is_ascii_punctuation()) {
                out.push(next);
                rest = &rest[1 + next.len_utf8()..];
                continue;
            }
        }
        if matches!(c, '*' | '`' | '~') || (c == '_' && is_emphasis_underscore(&out, chars.as_str())) {
            rest = chars.as_str();
            continue;
        }
        out.push(c);
        rest = chars.as_str();
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_end_matches(':').trim();
    unquote(trimmed).to_string()
}

/// Whether [`plain`] leaves any text of `text`. It takes nothing of a
/// letter or digit away but links, pictures, tags, escapes and web
/// addresses: without those, a letter or digit answers at once, which is
/// every heading but a few (a note has many).
fn has_plain_text(text: &str) -> bool {
    let markup = text.contains(['[', '<', '\\']) || text.contains("://");
    (!markup && text.chars().any(char::is_alphanumeric)) || !plain(text).is_empty()
}

/// In `text][ref]…` or `two words]…` (after a `[` not followed by
/// `(url)`): a reference link's text and where the link ends. A single
/// bracketed word (`[WIP]`) is left as written.
fn reference_link(after: &str) -> Option<(&str, usize)> {
    let close = after.find(']')?;
    let inner = &after[..close];
    if inner.is_empty() || inner.contains('[') {
        return None;
    }
    let rest = &after[close + 1..];
    if rest.starts_with('(') {
        return None;
    }
    if let Some(label) = rest.strip_prefix('[') {
        let label_end = label.find(']')?;
        return Some((inner, close + 2 + label_end + 1));
    }
    inner.trim().contains(' ').then_some((inner, close + 1))
}

/// In `text](url)…`: where the link text ends and where the link does.
fn link_end(after: &str) -> Option<(usize, usize)> {
    let close = after.find("](")?;
    let end = after[close..].find(')')? + close + 1;
    Some((close, end))
}

fn is_tag(inner: &str) -> bool {
    let name = inner.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `_` opening or closing emphasis (`_word_`), not inside `snake_case`.
fn is_emphasis_underscore(before: &str, after: &str) -> bool {
    let prev = before.chars().last();
    let next = after.chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !(word(prev) && word(next))
}

/// `"Title"` → `Title`, when the quotes hold the whole text.
fn unquote(text: &str) -> &str {
    for (open, close) in [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            if !inner.contains(close) && !inner.is_empty() {
                return inner.trim();
            }
        }
    }
    text
}

/// A file name made readable: `apiRateLimits` → `API Rate
/// Limits`, `05c-keynote` → `Keynote`, `Day1-Amber-Queue-DB` → `Day 1
/// Amber Queue DB`. An ordering prefix (`01-`, `05c-`) is dropped.
pub fn humanise(stem: &str) -> String {
    let without_order = strip_order(stem);
    let mut words: Vec<String> = Vec::new();
    for part in without_order.split(|c: char| c == '-' || c == '_' || c.is_whitespace()) {
        for word in split_camel(part) {
            if !word.is_empty() {
                words.push(word);
            }
        }
    }
    let words: Vec<String> = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            if let Some(acronym) = acronym(&w) {
                acronym
            } else if w == "iot" {
                "IoT".to_string()
            } else if is_session_code(&w) {
                // `m1a`: a session's code, written as the programme does.
                w.to_uppercase()
            } else if i == 0 {
                capitalise(&w)
            } else {
                w
            }
        })
        .collect();
    if words.is_empty() {
        return stem.to_string();
    }
    words.join(" ")
}

/// `05c-keynote` → `keynote`; a name that is all numbers keeps them.
fn strip_order(stem: &str) -> &str {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return stem;
    }
    let mut at = digits;
    if stem.as_bytes().get(at).is_some_and(|b| b.is_ascii_lowercase())
        && stem.as_bytes().get(at + 1).is_some_and(|b| matches!(b, b'-' | b'_' | b' '))
    {
        at += 1;
    }
    let sep = stem[at..].bytes().take_while(|b| matches!(b, b'-' | b'_' | b' ' | b'.')).count();
    if sep == 0 {
        return stem;
    }
    let rest = &stem[at + sep..];
    if rest.chars().any(char::is_alphabetic) && !rest.starts_with(|c: char| c.is_ascii_digit()) {
        rest
    } else {
        stem
    }
}

/// `apiRateLimits` → `api`, `Rate`, `Limits`; `APIs` stays;
/// `Day1` → `Day`, `1`; `k8s` stays.
fn split_camel(part: &str) -> Vec<String> {
    let chars: Vec<char> = part.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && !word.is_empty() {
            let prev = chars[i - 1];
            let lower_run = word.chars().rev().take_while(|c| c.is_lowercase()).count();
            let upper_then_lower = prev.is_uppercase()
                && c.is_uppercase()
                && chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                && !(chars.get(i + 1) == Some(&'s') && chars.get(i + 2).is_none());
            let letters_then_digits = prev.is_alphabetic()
                && c.is_ascii_digit()
                && word.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && chars[i..].iter().all(char::is_ascii_digit);
            if (prev.is_lowercase() && c.is_uppercase() && lower_run >= 2) || upper_then_lower || letters_then_digits {
                words.push(std::mem::take(&mut word));
            }
        }
        word.push(c);
    }
    words.push(word);
    words
}

/// `m1a`, `t3c`: a letter, digits and a letter other than a plural `s`.
fn is_session_code(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 3
        && b.len() <= 4
        && b[0].is_ascii_lowercase()
        && b[1..b.len() - 1].iter().all(u8::is_ascii_digit)
        && b[b.len() - 1].is_ascii_lowercase()
        && b[b.len() - 1] != b's'
}

/// `api` → `API`, `apis` → `APIs`: a lowercase word that is a known acronym.
fn acronym(word: &str) -> Option<String> {
    if ACRONYMS.contains(&word) {
        return Some(word.to_uppercase());
    }
    let single = word.strip_suffix('s')?;
    ACRONYMS.contains(&single).then(|| format!("{}s", single.to_uppercase()))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(body: &str) -> String {
        read_title(body, "2019-x/the-file-name.md").title
    }

    #[test]
    fn a_heading_has_plain_text_exactly_when_plain_leaves_some() {
        for text in [
            "Title",
            "**Bold**",
            "`code`",
            "***",
            "_ _",
            "\"\"",
            "::",
            "[](https://example.org)",
            "[Link](https://example.org)",
            "![picture](a.png)",
            "<br>",
            "<https://example.org>",
            "https://example.org/talk",
            "see https://example.org",
            "\\*",
            "\\# 1",
            "Día 1 — 北京",
            "",
        ] {
            assert_eq!(has_plain_text(text), !plain(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn the_first_heading_of_any_level_is_the_title() {
        assert_eq!(title("intro\n\n## Second level first\n\ntext\n"), "Second level first");
        assert_eq!(title("Setext Title\n============\n\nSub\n---\n"), "Setext Title");
        assert_eq!(title("A setext two\n------------\n\ntext\n"), "A setext two");
        assert_eq!(title("#No Space Title\n\ntext\n"), "No Space Title");
        assert_eq!(title("#\u{a0}Non-breaking\n\ntext\n"), "Non-breaking");
        assert_eq!(title("#  Two spaces\n"), "Two spaces");
        assert_eq!(title("# Tag your #Releases\n"), "Tag your #Releases");
        assert_eq!(title("```\n# not a heading\n```\n"), "The file name");
        assert_eq!(read_title("# Title\n", "a.md").line, Some(0));
    }

    #[test]
    fn a_file_of_several_top_level_parts_is_named_by_its_file() {
        assert_eq!(title("# First talk\ntext\n# Second talk\ntext\n"), "The file name");
        assert_eq!(title("## One\n## Two\n## Three\n"), "The file name");
        // A section and its follow-up ("Taking action") still name the note by the first.
        assert_eq!(title("## The real title\ntext\n## Taking action\n"), "The real title");
        assert_eq!(title("# Title\n## One\n## Two\n## Three\n"), "Title");
        // The usual parts of a note are no parts of a file of several talks.
        assert_eq!(title("# Title\n\n# Details:\n* x\n# Notes:\n* y\n"), "Title");
        // A heading with a byline is a title however many come after it.
        assert_eq!(title("## \"Title\" by Jane Doe\n## One\n## Two\n## Three\n"), "Title");
        // ...unless the file is a day of an event: then the heading is its first talk.
        let day = "Widgets - Jane Doe\n---\n* a\n\nGadgets - John Roe\n---\n\nSprockets\n---\n";
        assert_eq!(read_title(day, "2014-x/day-two.md").title, "Day two");
        assert_eq!(read_title(day, "2014-x/widgets.md").title, "Widgets");
    }

    #[test]
    fn a_heading_that_introduces_a_person_is_no_title() {
        assert_eq!(title("notes\n\n### Jane Doe, Head of Widgets\n\nhttps://example.org/jane\n"), "The file name");
        assert_eq!(title("# Moderated by Jane Doe, Acme\n\n* text\n"), "The file name");
    }

    #[test]
    fn titles_are_plain_text() {
        assert_eq!(plain("[Link text](https://example.org) and `code`"), "Link text and code");
        assert_eq!(plain("**Bold** _emph_ snake_case \\#hash"), "Bold emph snake_case #hash");
        assert_eq!(plain("See https://example.org/x now"), "See now");
        assert_eq!(plain("\"Quoted Title\""), "Quoted Title");
        assert_eq!(plain("Picture ![alt](p.png) gone <br>"), "Picture gone");
        assert_eq!(plain("[Widgets at Scale] - Jane Doe"), "Widgets at Scale - Jane Doe");
        assert_eq!(plain("[Widgets][1] today"), "Widgets today");
        assert_eq!(plain("[WIP] Widgets"), "[WIP] Widgets");
        assert_eq!(title("# \"A Talk\" by [Jane Doe](https://example.org/jane)\n"), "A Talk");
    }

    #[test]
    fn file_names_are_made_readable() {
        assert_eq!(humanise("apiRateLimits"), "API Rate Limits");
        assert_eq!(humanise("05c-keynote"), "Keynote");
        assert_eq!(humanise("0301-evening-plenary-2"), "Evening plenary 2");
        assert_eq!(humanise("Day1-Amber-Queue-DB"), "Day 1 Amber Queue DB");
        assert_eq!(humanise("workflows_with_Acme_APIs"), "Workflows with Acme APIs");
        assert_eq!(humanise("budgetPlanning101"), "Budget Planning 101");
        assert_eq!(humanise("intro-to-sed"), "Intro to sed");
        assert_eq!(humanise("2025 09 318"), "2025 09 318");
        assert_eq!(humanise("k8s-on-iOS"), "K8s on iOS");
        assert_eq!(humanise("m2b-ux-navigation"), "M2B UX navigation");
    }
}
