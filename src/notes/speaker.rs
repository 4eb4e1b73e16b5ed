//! Speakers a note's text names when its front matter names none: in the
//! title heading (`"Title" by Jane Doe`, `Title - Jane Doe`, `Title (Jane
//! Doe)`, `Keynote: Jane Doe`), on a labelled line (`Speaker: Jane Doe`,
//! `- speakers: [A](…), [B](…)`, a `Presenters` list), on the line right
//! under the title (`## Jane Doe`, `**Jane Doe, Acme**`), as a person
//! line near the top (`* Jane Doe - CTO, Acme`), or as a heading followed
//! by a link to the person's profile. See docs/notes-format.md, "Speakers
//! nobody tagged".

use super::heading::{plain, NoteTitle};
use super::person::{is_role, names_in, person_name, Trust};

/// Labels that introduce the people of a talk, lowercase, longest first
/// where one starts another. `true`: the label may be followed by a space
/// alone (`Presented by Jane`), else it needs a `:` or nothing after it.
const LABELS: &[(&str, bool)] = &[
    ("speakers", false),
    ("authors", false),
    ("author", false),
    ("speaker", false),
    ("presenters", false),
    ("presenter", false),
    ("presentors", false),
    ("presentor", false),
    ("presented by", true),
    ("panelists", false),
    ("panelist", false),
    ("moderators", false),
    ("moderator", false),
    ("moderated by", true),
    ("hosted by", true),
    ("talk by", true),
    ("given by", true),
    ("about the speakers", false),
    ("about the speaker", false),
    ("about me", false),
    ("who", false),
    ("by", true),
    ("relatori", false),
    ("relatore", false),
    ("referenten", false),
    ("referent", false),
    ("intervenants", false),
    ("intervenant", false),
    ("ponentes", false),
    ("ponente", false),
];

const WEAK_LABELS: &[&str] = &["who", "by", "about me", "about the speaker", "about the speakers"];

/// Words that make the start of a heading a kind of talk: `Keynote: Jane Doe`.
const KIND_WORDS: &[&str] =
    &["keynote", "talk", "panel", "workshop", "tutorial", "chat", "interview", "session", "lightning"];

/// How many lines of text at the top of a note may name its speakers.
const HEAD_LINES: usize = 12;
/// How far down the head a person line without a label may stand.
const PERSON_LINES: usize = 6;

/// Whether a heading names people rather than a talk: `Moderated by Jane Doe`, `Speaker: Jane Doe`.
pub fn is_speaker_heading(text: &str) -> bool {
    label_value(&plain(text)).is_some_and(|(_, value)| !names_in(value, Trust::Labelled).is_empty())
}

/// Whether a heading introduces a person with their role rather than
/// naming a talk: `Jane Doe - Exec Dir - Acme`, `Jane Doe, Head of Widgets`.
pub fn is_person_heading(text: &str) -> bool {
    let text = plain(text);
    text.split_once(" - ")
        .or_else(|| text.split_once(", "))
        .is_some_and(|(who, role)| is_role(role) && person_name(who, Trust::Strict).is_some())
}

/// The speakers of a note whose title was read as `title` from `body`.
pub fn of_note(body: &str, title: &NoteTitle) -> Vec<String> {
    if !title.speakers.is_empty() {
        return title.speakers.clone();
    }
    let start = title.line.map_or(0, |l| l + 1);
    let found = in_head(body, start, title.line.map(|_| title.title.as_str()));
    if !found.is_empty() {
        return found;
    }
    let found = profile_heading(body);
    if !found.is_empty() {
        return found;
    }
    introduced_people(body)
}

/// People a note introduces with their role on a line of their own, a
/// heading or a top-level bullet (`* Jane Doe - VP Widgets, Acme`): the
/// speakers of a keynote or panel note that names them as they come on.
fn introduced_people(body: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in body.lines() {
        let Some(text) = line
            .strip_prefix(['*', '-', '+'])
            .filter(|r| r.starts_with(' '))
            .or_else(|| line.strip_prefix('#').map(|r| r.trim_start_matches('#')))
        else {
            continue;
        };
        let text = plain(text);
        let Some((who, role)) = text.split_once(" - ").or_else(|| text.split_once(", ")) else {
            continue;
        };
        if role.split_whitespace().count() > 8 || !is_role(role) {
            continue;
        }
        if let Some(name) = person_name(who, Trust::Strict) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The speakers of a talk that is a section of a one-file event: `title`
/// is its heading's text, `body` the section from its heading on.
pub fn of_section(title: &str, body: &str) -> Vec<String> {
    let title = plain(title);
    // A `- speaker:` line says outright what a `Name - Title` heading only suggests.
    let labelled = labelled(&head_lines(body, 1));
    if !labelled.is_empty() {
        return labelled;
    }
    let (_, speakers) = split_byline(&title);
    if !speakers.is_empty() {
        return speakers;
    }
    in_head(body, 1, Some(&title))
}

/// `A. Title`, `B1. Title` → (`A. `, `Title`).
fn split_enumeration(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let digits = bytes[letters..].iter().take_while(|b| b.is_ascii_digit()).count();
    let len = letters + digits;
    if (letters == 1 || (letters == 0 && digits > 0))
        && len <= 3
        && bytes.get(len) == Some(&b'.')
        && bytes.get(len + 1) == Some(&b' ')
    {
        return text.split_at(len + 2);
    }
    (&text[..0], text)
}

/// A title without the speakers written into it, and them:
/// `"Loop Better" by Jane Doe` → (`Loop Better`, [Jane Doe]);
/// `Closing Keynote - Jane Doe (Acme CEO)` → (`Closing Keynote`, [Jane Doe]);
/// `Keynote: Jane Doe` keeps its title and gives [Jane Doe].
pub fn split_byline(title: &str) -> (String, Vec<String>) {
    let (enumeration, text) = split_enumeration(title);
    let with = |rest: &str| format!("{enumeration}{}", unquote(rest.trim()));
    // `"Title" by Names`: after a quoted title, anything names people.
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(after) = text.strip_prefix(open) {
            if let Some(end) = after.find(close) {
                let rest = after[end + close.len_utf8()..].trim_start();
                if let Some(by) = rest.strip_prefix("by ") {
                    let names = names_in(by, Trust::Labelled);
                    if !names.is_empty() {
                        return (with(&after[..end]), names);
                    }
                }
            }
        }
    }
    if let Some(at) = text.rfind(" by ") {
        let names = names_in(&text[at + 4..], Trust::Strict);
        if !names.is_empty() {
            return (with(&text[..at]), names);
        }
    }
    let parts: Vec<&str> = text.split(" - ").flat_map(|p| p.split(" – ")).flat_map(|p| p.split(" — ")).collect();
    if parts.len() >= 2 {
        let last = parts[parts.len() - 1];
        let names = names_in(last, Trust::Strict);
        if !names.is_empty() {
            return (with(&parts[..parts.len() - 1].join(" - ")), names);
        }
        let (kind, first) = match kind_prefix(parts[0]) {
            Some((kind, rest)) => (kind, rest),
            None => ("", parts[0]),
        };
        let names = names_in(first, Trust::Strict);
        if !names.is_empty() && names_in(last, Trust::Strict).is_empty() {
            let rest = unquote(parts[1..].join(" - ").trim()).to_string();
            let title = if kind.is_empty() { rest } else { format!("{kind} {rest}") };
            return (with(&title), names);
        }
    }
    if let Some(inner) = text.strip_suffix(')').and_then(|t| t.rfind(" (").map(|at| (at, &t[at + 2..]))) {
        let (at, inner) = inner;
        let names = names_in(inner, Trust::Strict);
        if !names.is_empty() && person_name(inner.split([',', '&']).next().unwrap_or(""), Trust::Strict).is_some() {
            return (with(&text[..at]), names);
        }
    }
    // `Jane Doe Keynote`: a talk named by its speaker and its kind.
    if let Some((who, kind)) = text.rsplit_once(' ') {
        if KIND_WORDS.contains(&kind.to_lowercase().as_str()) {
            if let Some(name) = person_name(who, Trust::Strict) {
                return (title.to_string(), vec![name]);
            }
        }
    }
    if let Some((_, rest)) = kind_prefix(text) {
        let names = names_in(rest, Trust::Labelled);
        if !names.is_empty()
            && person_name(super::person::strip_tail(rest.split(',').next().unwrap_or("")), Trust::Labelled).is_some()
        {
            return (title.to_string(), names);
        }
    }
    (title.to_string(), Vec::new())
}

/// `Keynote: Jane Doe` → (`Keynote:`, `Jane Doe`): a kind of talk in at
/// most three words, then `:`, `,` or `-`.
fn kind_prefix(text: &str) -> Option<(&str, &str)> {
    let at = text.find([':', ','])?;
    let kind = text[..at].trim();
    let words: Vec<&str> = kind.split_whitespace().collect();
    let last = words.last()?.to_lowercase();
    (words.len() <= 3 && KIND_WORDS.contains(&last.as_str())).then(|| (&text[..=at], text[at + 1..].trim()))
}

fn unquote(text: &str) -> &str {
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            if !inner.contains(close) {
                return inner.trim();
            }
        }
    }
    text
}

/// `- **Speaker:** Jane Doe` → (`speaker`, `Jane Doe`); the value may be empty
/// (`Presenters` as a heading over a list).
fn label_value(line: &str) -> Option<(&'static str, &str)> {
    let lower = line.to_lowercase();
    for &(label, spaced) in LABELS {
        if !lower.starts_with(label) {
            continue;
        }
        // Labels are ASCII, so the byte length is the same in `line`.
        let rest = &line[label.len()..];
        if let Some(value) = rest.strip_prefix(':') {
            return Some((label, value.trim()));
        }
        if rest.trim().is_empty() {
            return Some((label, ""));
        }
        if spaced && rest.starts_with(' ') {
            return Some((label, rest.trim()));
        }
    }
    // `spaker: Jane Doe`: a long label with one letter missing, added or
    // wrong, when a colon makes it a label all the same.
    let (word, value) = line.split_once(':')?;
    let word = word.trim().to_lowercase();
    LABELS
        .iter()
        .find(|&&(label, spaced)| !spaced && label.len() >= 6 && one_edit_apart(&word, label))
        .map(|&(label, _)| (label, value.trim()))
}

/// Whether `a` becomes `b` by one letter dropped, added or changed.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let same_start = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 => same_start < short.len() && short[same_start + 1..] == long[same_start + 1..],
        1 => short[same_start..] == long[same_start + 1..],
        _ => false,
    }
}

/// A line of the head, its markers taken off.
struct HeadLine {
    /// The text without list marker, heading hashes or bold markers.
    text: String,
    /// How far the line is indented (for nested lists).
    indent: usize,
    is_item: bool,
    is_heading: bool,
    /// The line goes on a paragraph begun above it: never a person line.
    continues: bool,
}

/// The lines of text from `start` on that may name speakers: blank lines,
/// rules, setext underlines, bare URLs, DocC directives and lines in
/// parentheses left out; code ends the head.
fn head_lines(body: &str, start: usize) -> Vec<HeadLine> {
    let mut out = Vec::new();
    let mut in_directive = false;
    let mut first = true;
    // The previous line was a paragraph's text.
    let mut in_paragraph = false;
    for line in body.lines().skip(start) {
        let trimmed = line.trim();
        let continues = in_paragraph;
        in_paragraph = false;
        let is_underline =
            !trimmed.is_empty() && (trimmed.bytes().all(|b| b == b'=') || trimmed.bytes().all(|b| b == b'-'));
        if first && is_underline {
            first = false;
            continue;
        }
        first = false;
        if in_directive {
            in_directive = trimmed != "}";
            continue;
        }
        if trimmed.starts_with('@') && trimmed.ends_with('{') {
            in_directive = true;
            continue;
        }
        if super::blocks::fence_opening(trimmed).is_some() {
            break;
        }
        if trimmed.is_empty()
            || is_underline
            || trimmed.starts_with("<!--")
            || trimmed.chars().all(|c| matches!(c, '*' | '_' | ' '))
        {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let (is_item, rest) = match trimmed.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with([' ', '\t'])) {
            Some(rest) => (true, rest.trim()),
            None => (false, trimmed),
        };
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        let is_heading = hashes > 0 && hashes <= 6 && rest[hashes..].starts_with([' ', '\t']);
        let rest = if is_heading { rest[hashes..].trim() } else { rest };
        // A tab ends what a line says of a person: `Jane Doe (Acme)<tab>Director`.
        let text = plain(rest.split('\t').next().unwrap_or(rest));
        let bare_url = text.is_empty() || (text.starts_with('(') && text.ends_with(')'));
        if bare_url || (trimmed.starts_with('@') && trimmed.contains('(')) {
            continue;
        }
        in_paragraph = !is_item && !is_heading;
        out.push(HeadLine { text, indent, is_item, is_heading, continues: continues && !is_item && !is_heading });
        if out.len() == HEAD_LINES {
            break;
        }
    }
    out
}

/// Speakers named at the top of a text: labelled lines first, else person
/// lines. `title`: the title heading standing right above `start`, so a
/// bare name on the first line is the speaker's (unless it repeats a word
/// of the title: `# Widgets` over `## Widget Philosophy` is a subtitle).
fn in_head(body: &str, start: usize, title: Option<&str>) -> Vec<String> {
    let lines = head_lines(body, start);
    let names = labelled(&lines);
    if !names.is_empty() {
        return names;
    }
    person_lines(&lines, title)
}

/// The people a labelled line of the head names (`Speaker: Jane Doe`, or
/// `Presenters` over a list of them).
fn labelled(lines: &[HeadLine]) -> Vec<String> {
    for (k, line) in lines.iter().enumerate() {
        let Some((label, value)) = label_value(&line.text) else {
            continue;
        };
        let trust = if WEAK_LABELS.contains(&label) { Trust::Weak } else { Trust::Labelled };
        if !value.is_empty() {
            let names = names_in(value, trust);
            if !names.is_empty() {
                return names;
            }
            continue;
        }
        // A label over a list: `Presenters` then `- Jane Doe`, `* Who` then `* Acme: Jane Doe`.
        let mut names = Vec::new();
        for item in lines[k + 1..].iter().take(8) {
            if !(item.is_item || item.indent > line.indent) || item.is_heading {
                break;
            }
            // A bullet back at the label's own level is the note's next point, not a person.
            if line.is_item && item.indent <= line.indent {
                break;
            }
            let text = item.text.split_once(": ").map_or(item.text.as_str(), |(_, after)| after);
            for name in names_in(text, trust) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// The people named on lines of their own at the top of the head (`Jane
/// Doe, Acme`, `## Jane Doe` under the title `title`).
fn person_lines(lines: &[HeadLine], title: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (k, line) in lines.iter().enumerate().take(PERSON_LINES) {
        if line.continues {
            if names.is_empty() {
                continue;
            }
            break;
        }
        // `* Jane Doe` over `  * CTO of Acme`: a name described by the list under it.
        let described = k < 3
            && line.is_item
            && lines.get(k + 1).is_some_and(|next| next.is_item && next.indent > line.indent && is_role(&next.text));
        let under_title = k == 0 && title.is_some_and(|t| !shares_a_word(t, &line.text));
        // Deeper in a list, a name and a dash are a point made, not a person introduced.
        if line.indent > 0 && !described {
            if names.is_empty() {
                continue;
            }
            break;
        }
        let found = person_line(&line.text, under_title || (k == 0 && title.is_none() && line.is_heading), described);
        match found {
            Some(found) => {
                for name in found {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            None if !names.is_empty() => break,
            None => {}
        }
    }
    names
}

/// Whether two texts have a word of three letters or more in common (case and a plural `s` aside).
fn shares_a_word(a: &str, b: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(|w| w.to_lowercase().trim_end_matches('s').to_string())
            .collect()
    };
    let a = words(a);
    words(b).iter().any(|w| a.contains(w))
}

/// The people a line names when it is about them: `Jane Doe, Acme`,
/// `Jane Doe - CTO`, `Jane Doe (Acme)`, `Jane Doe @ Acme & John Roe`;
/// a name alone (`Jane Doe`, `@jdoe`) only where `bare_ok` or it opens a
/// list whose items describe it (`nested`); `Teodor, cofounder of Acme`.
fn person_line(text: &str, bare_ok: bool, nested: bool) -> Option<Vec<String>> {
    if let Some((handle, rest)) = leading_handle(text) {
        // `@jdoe (Jane Doe)`, `@jdoe - Jane Doe`: a handle is no name; the name beside it is.
        let rest = rest.trim_start_matches([' ', '(', ',', ';', '-', '–', '—', ':', '|']).trim_end_matches(')');
        let names = names_in(rest, Trust::Strict);
        if !names.is_empty() {
            return Some(names);
        }
        // A handle alone is all the note says of who spoke: what a reader would state.
        if bare_ok && rest.trim().is_empty() {
            return Some(vec![handle.to_string()]);
        }
    }
    let names = names_in(text, Trust::Strict);
    if !names.is_empty() {
        let bare = names.len() == 1 && text.trim() == names[0];
        return (!bare || bare_ok || nested).then_some(names);
    }
    // One word and a role: `Teodor, cofounder of Acme`.
    let (first, rest) = text.split_once(", ")?;
    (is_role(rest) && first.split_whitespace().count() == 1)
        .then(|| person_name(first, Trust::Labelled).map(|n| vec![n]))
        .flatten()
}

/// `@jdoe (Jane Doe)` → (`@jdoe`, ` (Jane Doe)`): a social handle opening a line, and what follows it.
fn leading_handle(text: &str) -> Option<(&str, &str)> {
    let after = text.strip_prefix('@')?;
    let len = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
    (len > 0).then(|| text.split_at(len + 1))
}

/// A heading naming a person (`### Jane Doe, Head of Things`) right above
/// a link to their profile page: the speaker of a note that names no other.
fn profile_heading(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if hashes == 0 || hashes > 6 {
            continue;
        }
        let next = lines[i + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty());
        if !next.is_some_and(is_profile_link) {
            continue;
        }
        let names = names_in(trimmed[hashes..].trim(), Trust::Strict);
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// A line that is a link to someone's page on a social or speaker site.
fn is_profile_link(line: &str) -> bool {
    let lower = line.to_lowercase();
    let url = lower.trim_start_matches(['-', '*', ' ', '<', '[']);
    [
        "linkedin.com/in/",
        "twitter.com/",
        "x.com/",
        "github.com/",
        "mastodon.",
        "/speakers/",
        "/speaker/",
        "bsky.app/profile/",
    ]
    .iter()
    .any(|site| url.contains(site))
        && !lower.contains(' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::heading::read_title;

    fn speakers(body: &str) -> Vec<String> {
        of_note(body, &read_title(body, "2019-x/a-talk.md"))
    }

    #[test]
    fn headings_give_up_the_speakers_written_into_them() {
        let split = |t: &str| split_byline(t);
        assert_eq!(split("\"Loop Harder\" by Jane Doe, Acme"), ("Loop Harder".into(), vec!["Jane Doe".into()]));
        assert_eq!(split("\"Loop Harder\" by Zed"), ("Loop Harder".into(), vec!["Zed".into()]));
        assert_eq!(
            split("Scaling Widgets by Jane Doe and John Roe"),
            ("Scaling Widgets".into(), vec!["Jane Doe".into(), "John Roe".into()])
        );
        assert_eq!(
            split("Widgets Deconstructed - Jane Doe, ACME @jdoe"),
            ("Widgets Deconstructed".into(), vec!["Jane Doe".into()])
        );
        assert_eq!(split("Closing Keynote - Jane Doe (Acme CEO)"), ("Closing Keynote".into(), vec!["Jane Doe".into()]));
        assert_eq!(
            split("keynote: Jane Doe - \"All Work is Local\""),
            ("keynote: All Work is Local".into(), vec!["Jane Doe".into()])
        );
        assert_eq!(split("Making Widgets (Jane Doe)"), ("Making Widgets".into(), vec!["Jane Doe".into()]));
        assert_eq!(split("C. Keynote: Jane Doe, Acme"), ("C. Keynote: Jane Doe, Acme".into(), vec!["Jane Doe".into()]));
        assert_eq!(split("Lightning talk, Zed"), ("Lightning talk, Zed".into(), vec!["Zed".into()]));
        assert_eq!(split("D. Jane Doe Keynote"), ("D. Jane Doe Keynote".into(), vec!["Jane Doe".into()]));
        for kept in [
            "Learning by Doing Things",
            "Build, Ship, Sell - The Future of the Widget Economy",
            "Widgets + Gadgets - Beyond the Basics",
            "How to Scale a Shop (without Funding)",
            "Keynote: How Widgets are Changing Everything",
        ] {
            assert_eq!(split(kept), (kept.to_string(), Vec::new()), "{kept}");
        }
    }

    #[test]
    fn labelled_lines_name_the_speakers() {
        assert_eq!(speakers("# Talk\n\nhttps://example.org/talk\n\nSpeakers: [Jane Doe](https://x.test/j), [John Roe](https://x.test/r)\n"), ["Jane Doe", "John Roe"]);
        assert_eq!(speakers("- speaker: [Jane Doe](https://x.test)\n- notes\n"), ["Jane Doe"]);
        assert_eq!(speakers("* Presentor: Jane Doe\n* point\n"), ["Jane Doe"]);
        assert_eq!(speakers("- speaker: jane doe (Acme)\n- point\n"), ["Jane Doe"]);
        assert_eq!(
            speakers("Title\n=====\n\nPresenters\n----------\n\n- Jane Doe\n- John Roe\n\nNotes\n-----\n"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            speakers("* Panel\n  * Panelists\n    * Acme: Jane Doe\n    * Initech: John Roe\n"),
            ["Jane Doe", "John Roe"]
        );
        // The list under a labelled bullet ends where the bullets come back to its level.
        assert_eq!(
            speakers("# Widgets\n\n* who\n  * Jane Doe, sr eng, Acme\n  * @jdoe\n* Where widgets go\n  * Gizmo\n* Sprockets\n"),
            ["Jane Doe"]
        );
        assert_eq!(
            speakers("* Presenters:\n  * Jane Doe (@jdoe)\n  * John Roe\n\n* Slides\n  * Demos: https://x.test/d\n* Widgets deliver speed\n"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(speakers("* About me\n  * Jane roe - sr engineer - Acme\n"), ["Jane roe"]);
        assert_eq!(speakers("# Moderated by Jane Doe, Acme\n\n* text\n"), ["Jane Doe"]);
        // A label misspelt by a letter is still a label.
        assert_eq!(speakers("# Talk\n\n- spaker: Jane Doe, Acme\n- point\n"), ["Jane Doe"]);
        assert_eq!(speakers("# Talk\n\n- Speakr: Jane Doe\n"), ["Jane Doe"]);
        assert!(speakers("# Talk\n\n- Breaker: Jane Doe\n").is_empty());
    }

    #[test]
    fn one_edit_apart_is_one_letter_dropped_added_or_changed() {
        assert!(one_edit_apart("spaker", "speaker"));
        assert!(one_edit_apart("speakerr", "speaker"));
        assert!(one_edit_apart("speeker", "speaker"));
        assert!(!one_edit_apart("speaker", "speaker"));
        assert!(!one_edit_apart("spekr", "speaker"));
        assert!(!one_edit_apart("breaker", "speaker"));
    }

    #[test]
    fn the_line_under_the_title_names_the_speaker() {
        assert_eq!(speakers("# A Talk\n## Jane Doe\n\n### Ideas\n"), ["Jane Doe"]);
        assert_eq!(speakers("# A Talk\n## @jdoe\n"), ["@jdoe"]);
        // A handle beside a name: the name, whichever comes first.
        assert_eq!(speakers("# A Talk\n## @jdoe (Jane Doe)\n"), ["Jane Doe"]);
        assert_eq!(speakers("# A Talk\n## @jdoe - Jane Doe\n"), ["Jane Doe"]);
        assert_eq!(speakers("# A Talk\n## @jdoe, Jane Doe\n"), ["Jane Doe"]);
        assert_eq!(speakers("# A Talk\n## Jane Doe (@jdoe)\n"), ["Jane Doe"]);
        assert!(speakers("# A Talk\n## @jdoe gave a fine talk\n").is_empty());
        assert_eq!(speakers("# A Talk\n\n**Jane Doe, Acme**\n"), ["Jane Doe"]);
        assert_eq!(
            speakers("# A Talk\n\n@Metadata {\n    @TitleHeading(\"Talk\")\n}\n\nJane Doe\n\n## Abstract\n"),
            ["Jane Doe"]
        );
        assert_eq!(speakers("A Talk\n------\nJane Doe, John Roe, Ann Poe\n"), ["Jane Doe", "John Roe", "Ann Poe"]);
        assert_eq!(
            speakers("A Talk\n======\n\nJane Doe, Acme University\n\nJohn Roe, Initech\n\n- point\n"),
            ["Jane Doe", "John Roe"]
        );
    }

    #[test]
    fn person_lines_near_the_top_name_the_speaker() {
        assert_eq!(speakers("Jane Doe, Acme\n\n---\n\ntext\n"), ["Jane Doe"]);
        assert_eq!(speakers("Widgets Today\n* Jane Doe - Architect @ Acme\n* point\n"), ["Jane Doe"]);
        assert_eq!(speakers("* Jane Doe\n    * Consultant & Evangelist\n* Sponsors\n"), ["Jane Doe"]);
        assert_eq!(speakers("* Open Q&A\n    * Jane Doe\n      * CTO of Widgets\n"), ["Jane Doe"]);
        assert_eq!(speakers("# Widgets\n* Jane Doe @ Acme & John Roe @ Initech\n"), ["Jane Doe", "John Roe"]);
        assert_eq!(speakers("# Vault\n\n* Zed, cofounder of Acme\n"), ["Zed"]);
        assert_eq!(
            speakers("# Flows\n\n## Details:\n* https://example.org/x\n* Jane Doe (Acme)\tDirector\n"),
            ["Jane Doe"]
        );
    }

    #[test]
    fn text_that_names_nobody_gives_no_speaker() {
        assert!(speakers("Modernise Old Services\n* Trying to help\n").is_empty());
        assert!(speakers("# Widgets\n\nGreat widgets are built by teams.\n").is_empty());
        assert!(speakers("* Welcome to day 2\n* Logo - has a checkered past\n").is_empty());
        assert!(speakers("# Widgets\n\n## Widget Philosophy\n\n* text\n").is_empty());
        assert!(speakers("* Features\n    * Built-in Gadgets\n        * no need to build\n").is_empty());
        assert!(speakers(
            "* Container Storage\n  * Can use stores\n  * Local Storage - DAS (Direct Attached Storage)\n"
        )
        .is_empty());
        assert!(speakers("# Widgets\n\n- widgets are good\n- jane doe said so\n").is_empty());
        assert!(
            speakers("# Widgets\n\nAfter several\nWidgetCons, the question at last seems to be changing\n").is_empty()
        );
        assert!(speakers("# Widgets\n\n- **Who:** large companies, **Acme, Initech** among them\n").is_empty());
    }

    #[test]
    fn people_introduced_with_their_role_are_the_speakers_of_a_note_naming_no_other() {
        let body = "* Welcome\n* Opening words\n* a\n* b\n* c\n* d\n* e\n\n* Jane Doe - VP Widgets, Acme\n  * said things\n* John Roe, CTO at Initech\n";
        assert_eq!(speakers(body), ["Jane Doe", "John Roe"]);
        assert!(speakers("* a\n* b\n* c\n* d\n* e\n* f\n* g\n* Widgets - the way forward\n").is_empty());
    }

    #[test]
    fn a_heading_above_a_profile_link_names_the_speaker() {
        assert_eq!(
            speakers("news of the month\n\n### Jane Doe, Head of Widgets\n\nhttps://www.linkedin.com/in/janedoe/\n"),
            ["Jane Doe"]
        );
    }

    #[test]
    fn sections_read_their_heading_and_head() {
        assert_eq!(of_section("A. Keynote: Jane Doe", "**A. Keynote: Jane Doe**\n\n- text\n"), ["Jane Doe"]);
        assert_eq!(of_section("C. Widget Arrays", "### C. Widget Arrays\n\n- author: Jane Doe\n"), ["Jane Doe"]);
        assert!(of_section("D. Widget Arrays", "### D. Widget Arrays\n\n- arrays of widgets\n").is_empty());
        assert_eq!(
            of_section("B. Widgets at Scale", "**B. Widgets at Scale**\n\nSpeaker: Jane Doe, Acme\n"),
            ["Jane Doe"]
        );
        assert_eq!(of_section("E. Jane Doe - Shared Widget Infrastructure", "x\n"), ["Jane Doe"]);
        // A speaker line says outright what a `Name - Title` or `Panel: X` heading only suggests.
        let body = "**B. Widget Search - A gentle introduction**\n\n- speaker: Jane Doe, Acme\n";
        assert_eq!(of_section("B. Widget Search - A gentle introduction", body), ["Jane Doe"]);
        let body =
            "### E. Panel: Challenges of Widgets\n\n* speakers\n    - Jane Doe, CEO, Acme\n    - John Roe, CTO\n";
        assert_eq!(of_section("E. Panel: Challenges of Widgets", body), ["Jane Doe", "John Roe"]);
    }
}
