//! Telling a person's name from other text, for speakers nobody tagged.
//! Notes name their speakers in free text ("Jane Doe, Acme", "Closing
//! Keynote - Jane Doe"), next to lines that are titles, companies or
//! remarks. A name here is two to four capitalised words (initials,
//! nicknames and particles such as `van` or `de` allowed), none of them a
//! word that titles, companies and sentences are made of. See
//! docs/notes-format.md, "Speakers nobody tagged".

/// How sure the place a text stands in makes us that it names people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Any text that looks like a name: two to four capitalised words.
    Strict,
    /// The text follows a label such as `Speaker:`, so one word (`Orrin`),
    /// a lowercase surname (`Maud korlin`) or a name written all in
    /// lowercase (`jane doe`, given capitals) names someone too.
    Labelled,
    /// The text follows a label that may introduce other things than
    /// people (`Who:`, `About me`): as [`Trust::Labelled`], but the first
    /// word must be capitalised.
    Weak,
}

/// Words of sentences: never part of a name, except as the surname of a
/// name after a speaker label (`Speaker: Tobin Day`, `Speaker: Ana Das`).
#[rustfmt::skip]
const SENTENCE_WORDS: &[&str] = &[
    "a", "an", "the", "of", "for", "and", "or", "but", "with", "without", "in", "on", "to", "at", "by", "from",
    "into", "onto", "over", "under", "is", "are", "was", "be", "how", "what", "why", "when", "where", "who", "which",
    "your", "our", "my", "we", "you", "i", "it", "its", "this", "that", "these", "those", "not", "no", "all", "vs",
    "via", "using", "about", "beyond", "across", "through", "between", "more", "less", "than", "just", "do", "does",
    "can", "should", "will", "e", "per", "con", "il", "les", "und", "der", "die", "das", "et", "day", "days",
];

/// Words of titles and organisations: never part of a name.
#[rustfmt::skip]
const NOT_NAME_WORDS: &[&str] = &[
    "keynote", "keynotes", "talk", "talks", "panel", "panelist", "panelists", "session", "sessions", "workshop",
    "tutorial", "lightning", "intro", "introduction", "overview", "summary", "notes", "note", "details", "agenda",
    "questions", "answers", "abstract", "takeaways", "conclusion", "conclusions", "welcome", "highlights", "opening",
    "closing", "morning", "afternoon", "evening", "track", "room", "break", "lunch", "dinner", "breakout", "part",
    "resources", "links", "slides", "video", "speaker", "speakers", "presenter", "presenters", "moderator", "q&a",
    "recap", "review", "wrap", "wrapping", "conference", "meetup", "forum", "summit", "plenary", "demo", "general",
    "misc", "other", "things", "ideas", "todo", "contacts", "about", "me", "bio", "chat", "fireside", "data",
    "science", "learning", "machine", "deep", "cloud", "open", "source", "api", "apis", "web", "app", "apps", "code",
    "test", "tests", "testing", "design", "security", "engineering", "software", "development", "developer",
    "developers", "team", "teams", "new", "future", "best", "practices", "building", "models", "model", "network",
    "systems", "system", "platform", "service", "services", "management", "product", "products", "analytics",
    "infrastructure", "architecture", "performance", "pipeline", "pipelines", "framework", "library", "libraries",
    "language", "languages", "programming", "computing", "intelligence", "ai", "ml", "ops", "devops", "mlops", "db",
    "sql", "ui", "ux", "ci", "cd", "io", "os", "vm", "qa", "iot", "k8s", "python", "rust", "java", "javascript",
    "swift", "go", "ruby", "django", "kubernetes", "docker", "linux", "azure", "aws", "google", "microsoft", "amazon",
    "apple", "android", "ios", "legacy", "modern", "digital", "state", "world", "life", "time", "tools", "tool",
    "guide", "way", "ways", "lessons", "learned", "case", "study", "university", "college", "institute", "school",
    "labs", "lab", "inc", "llc", "ltd", "corp", "company", "group", "foundation", "center", "centre", "department",
    "museum", "council", "association", "society", "agency", "technologies", "technology", "solutions", "consulting",
    "partners", "studio", "media", "project", "office", "hospital", "startup", "collections", "collection",
    "archives", "archive", "consortium", "alliance", "initiative", "press", "ceo", "cto", "cfo", "vp", "exec",
    "dir", "director", "engineer", "manager", "founder", "cofounder", "evangelist", "architect", "lead", "head",
    "chief", "senior", "sr", "principal", "staff", "advocate", "companies", "apache",
];

/// Lowercase words a name may hold between its capitalised ones.
#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "le", "la", "dos", "das", "bin", "ibn", "al",
    "el", "y", "ten", "ter",
];

/// Words after a name that say what the person does: `Teodor, cofounder of X`.
#[rustfmt::skip]
const ROLE_WORDS: &[&str] = &[
    "exec", "dir", "ceo", "cto", "cfo", "coo", "vp", "director", "engineer", "manager", "founder", "cofounder",
    "co-founder", "evangelist", "architect", "lead", "head", "chief", "senior", "sr", "principal", "staff",
    "advocate", "professor", "researcher", "scientist", "developer", "maintainer", "author", "creator", "president",
    "librarian", "consultant", "phd", "student", "at", "@", "expert", "owner", "specialist", "analyst", "team",
];

/// `Jane Doe (Acme)` → `Jane Doe`, inner spaces collapsed: the affiliation
/// differs from talk to talk while the person does not.
pub fn without_affiliation(written: &str) -> String {
    let written = written.trim();
    let name = written
        .strip_suffix(')')
        .and_then(|rest| rest.rfind('(').map(|open| &rest[..open]))
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(written);
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is one person's name (as [`Trust`] allows), and it tidied:
/// spaces collapsed, an all-lowercase name capitalised.
pub fn person_name(text: &str, trust: Trust) -> Option<String> {
    let text = text
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | ':' | ',' | ';' | '.' | '-' | '!') || c.is_whitespace());
    let text = text.strip_prefix("Dr. ").or_else(|| text.strip_prefix("Dr ")).unwrap_or(text);
    let text = text.strip_prefix("Prof. ").unwrap_or(text);
    if text.is_empty() || text.chars().count() > 60 {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // `JANE DOE` after a label: a name written in capitals, not a company.
    let shouted = |w: &&str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    if trust != Trust::Strict && words.len() >= 2 && words.iter().all(shouted) {
        let calm: Vec<String> = words.iter().map(|w| capitalised(&w.to_lowercase())).collect();
        return person_name(&calm.join(" "), trust);
    }
    let mut full = 0;
    let mut lowercase = 0;
    for (i, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '(' | ')' | '\''));
        if bare.is_empty() {
            return None;
        }
        let nickname =
            bare.len() != word.len() && (word.starts_with(['"', '“', '(']) || word.ends_with(['"', '”', ')']));
        if !bare.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.')) {
            return None;
        }
        if nickname {
            continue;
        }
        // `M.` anywhere, `M` inside a name (a first `A` is an article).
        if is_initial(bare) && (bare.ends_with('.') || i > 0) {
            if i + 1 == words.len() {
                return None;
            }
            continue;
        }
        let lower = bare.to_lowercase();
        // A capitalised last word after a first name and a label is a surname, whatever it means.
        let surname = trust == Trust::Labelled && i > 0 && i + 1 == words.len() && bare.starts_with(char::is_uppercase);
        if NOT_NAME_WORDS.contains(&lower.as_str()) || (SENTENCE_WORDS.contains(&lower.as_str()) && !surname) {
            return None;
        }
        let first = bare.chars().next()?;
        if first.is_uppercase() {
            let letters = bare.chars().filter(|c| c.is_alphabetic()).count();
            // `DOMO`, `CNCF`: companies; `JJ`, `DJ`: a person's initials.
            if letters > 3 && bare.chars().all(|c| !c.is_lowercase()) {
                return None;
            }
            // `Jane's Trends`: a possession, not a name.
            if lower.ends_with("'s") || lower.ends_with("’s") {
                return None;
            }
            // Phrases start with verbs: `Doing Things`, `Building Apps`; after
            // a speaker label, it is a name (`Speaker: Xiaoming Li`).
            if i == 0 && lower.ends_with("ing") && words.len() > 1 && trust != Trust::Labelled {
                return None;
            }
            full += 1;
        } else if PARTICLES.contains(&lower.as_str()) && i > 0 && i + 1 < words.len() {
            continue;
        } else {
            lowercase += 1;
        }
    }
    let counted = full + lowercase;
    let ok = match trust {
        Trust::Strict => {
            lowercase == 0 && full >= 1 && (2..=4).contains(&words.len()) && (full >= 2 || words.len() >= 2)
        }
        // One lowercase surname beside capitals (`Maud korlin`); more are a
        // sentence (`Widgets used some theory`).
        Trust::Labelled => (1..=4).contains(&counted) && (full >= 1 || counted >= 2) && (full == 0 || lowercase <= 1),
        // A capitalised first word: `Maud korlin`, not `large companies`.
        Trust::Weak => (1..=4).contains(&counted) && words[0].starts_with(char::is_uppercase) && lowercase <= 1,
    };
    if !ok {
        return None;
    }
    let joined = words.join(" ");
    if full == 0 {
        return Some(words.iter().map(|w| capitalised(w)).collect::<Vec<_>>().join(" "));
    }
    Some(joined)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// `M.`, `A`, `J.J.`: a name's initials.
fn is_initial(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    !letters.is_empty()
        && letters.len() <= 2
        && letters.iter().all(|c| c.is_uppercase())
        && (word.ends_with('.') || letters.len() == 1)
}

/// Whether `text` says what someone does: `cofounder of X`, `Sr Engineer, Acme`.
pub fn is_role(text: &str) -> bool {
    text.split_whitespace().count() <= 8
        && text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '(' | ')'))
            .any(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The people a speaker line names: `[Jane Doe](…), John Roe (Acme)`,
/// `Jane Doe and John Roe, Acme`, `Jane Doe @ Acme & John Roe @ Initech`.
/// Companies, roles and handles after a name are left out; an item that
/// is no name is skipped. With [`Trust::Labelled`] only the first item may be
/// a single word or lowercase.
pub fn names_in(text: &str, trust: Trust) -> Vec<String> {
    // A tab ends the names: `Jane Doe (Acme)<tab>Director`.
    let text = super::heading::plain(text.split('\t').next().unwrap_or(text));
    let mut names: Vec<String> = Vec::new();
    let mut after_role = false;
    for (i, item) in split_items(&text).into_iter().enumerate() {
        let item = strip_tail(item);
        let trust = if i == 0 { trust } else { Trust::Strict };
        // `Jane Doe, CEO & Founder, Acme Widgets`: what follows a role is where the person works.
        let organisation = std::mem::replace(&mut after_role, is_role(item)) && !names.is_empty();
        if organisation {
            continue;
        }
        if let Some(name) = person_name(item, trust) {
            if !names.contains(&name) {
                names.push(name);
            }
        } else if names.is_empty() && trust == Trust::Strict {
            // The first item of a speaker line is a person or the line names nobody.
            return names;
        }
    }
    names
}

/// A line's items: split at `,`, `;`, ` and `, ` & `, ` + `, ` und `.
fn split_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' | b';' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            b' ' if depth == 0 => {
                let rest = &text[i..];
                if let Some(sep) = [" and ", " & ", " + ", " und ", " e "].iter().find(|s| rest.starts_with(**s)) {
                    items.push(&text[start..i]);
                    i += sep.len();
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    items.push(&text[start..]);
    items.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// A name without what follows it: ` (Acme)`, ` @ Acme`, ` - CTO`, a tab and a role, `@handle`.
pub fn strip_tail(item: &str) -> &str {
    let mut end = item.len();
    for sep in [" (", " @", "\t", " - ", " – ", " — ", " | ", " at ", " from ", " of "] {
        let Some(at) = item.find(sep).filter(|&at| at > 0) else {
            continue;
        };
        // `Michael (Mike) Roe`: a nickname inside the name is no tail.
        let nickname = sep == " ("
            && item[at..].find(')').is_some_and(|close| {
                let rest = item[at + close + 1..].trim();
                rest.split_whitespace().count() == 1 && rest.starts_with(char::is_uppercase)
            });
        if !nickname {
            end = end.min(at);
        }
    }
    // `Jane Doe. Director of Widgets`: a sentence about her after a name of
    // two words or more (not the `M.` of `Jane M. Doe`, nor `Prof. Jane Doe`).
    if let Some(at) = item[..end].match_indices(". ").map(|(at, _)| at).find(|&at| {
        let before = &item[..at];
        before.split_whitespace().count() >= 2
            && before.rsplit(' ').next().is_some_and(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    }) {
        end = at;
    }
    item[..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_affiliation_drops_the_affiliation_and_extra_spaces() {
        assert_eq!(without_affiliation("  Jane   Doe (Acme) "), "Jane Doe");
        assert_eq!(without_affiliation("(Acme)"), "(Acme)");
        assert_eq!(without_affiliation("Jane Doe"), "Jane Doe");
    }

    #[test]
    fn names_are_two_to_four_capitalised_words() {
        assert_eq!(person_name("Jane Doe", Trust::Strict).as_deref(), Some("Jane Doe"));
        assert_eq!(person_name("Maria de la Cruz", Trust::Strict).as_deref(), Some("Maria de la Cruz"));
        assert_eq!(person_name("Jon A. Roe", Trust::Strict).as_deref(), Some("Jon A. Roe"));
        assert_eq!(person_name("E. Roe", Trust::Strict).as_deref(), Some("E. Roe"));
        assert_eq!(person_name("Ann-Marie O'Hara", Trust::Strict).as_deref(), Some("Ann-Marie O'Hara"));
        assert_eq!(person_name("Robert (Bob) Roe", Trust::Strict).as_deref(), Some("Robert (Bob) Roe"));
        assert_eq!(person_name("JJ Roe", Trust::Strict).as_deref(), Some("JJ Roe"));
    }

    #[test]
    fn titles_sentences_and_companies_are_no_names() {
        for text in [
            "Containerize The World",
            "Open Tooling Summit",
            "Beyond the Basics",
            "Building Robust Pipelines",
            "Acme University",
            "Day 2",
            "Orrin",
            "ACME",
            "git bisect",
            "Welcome to day two",
            "Containers Unpacked Again And Again",
        ] {
            assert_eq!(person_name(text, Trust::Strict), None, "{text}");
        }
    }

    #[test]
    fn after_a_label_one_word_or_a_lowercase_name_will_do() {
        assert_eq!(person_name("Orrin", Trust::Labelled).as_deref(), Some("Orrin"));
        assert_eq!(person_name("Jane roe", Trust::Labelled).as_deref(), Some("Jane roe"));
        assert_eq!(person_name("jane roe", Trust::Labelled).as_deref(), Some("Jane Roe"));
        assert_eq!(person_name("large companies", Trust::Weak), None);
        assert_eq!(person_name("CTO of Acme", Trust::Labelled), None);
        // A name shouted after a label is a name; alone, capitals are a company's.
        assert_eq!(person_name("JANE DOE!!!", Trust::Labelled).as_deref(), Some("Jane Doe"));
        assert_eq!(person_name("JANE DOE", Trust::Strict), None);
        assert_eq!(person_name("Xiaoming Li", Trust::Labelled).as_deref(), Some("Xiaoming Li"));
        assert_eq!(person_name("Building Apps", Trust::Strict), None);
        assert_eq!(person_name("ACME CORP", Trust::Labelled), None);
        assert_eq!(person_name("Gizmo used some theory", Trust::Labelled), None);
        assert_eq!(person_name("Jane said widgets", Trust::Weak), None);
    }

    #[test]
    fn after_a_label_a_surname_may_be_a_word_of_sentences() {
        assert_eq!(person_name("Tobin Day", Trust::Labelled).as_deref(), Some("Tobin Day"));
        assert_eq!(person_name("Ana Das", Trust::Labelled).as_deref(), Some("Ana Das"));
        assert_eq!(person_name("Tobin Day", Trust::Strict), None, "without a label it may be a title");
        assert_eq!(person_name("The Widget", Trust::Labelled), None, "only a surname, never a first word");
        assert_eq!(person_name("Jane day", Trust::Labelled), None);
        assert_eq!(person_name("Acme Keynote", Trust::Labelled), None, "words of titles stay out");
    }

    #[test]
    fn speaker_lines_give_every_person_and_drop_companies() {
        assert_eq!(
            names_in("[Jane Doe](https://example.org/jane), [John Roe](https://x.test)", Trust::Labelled),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(names_in("Jane Doe and John Roe, Acme", Trust::Strict), ["Jane Doe", "John Roe"]);
        assert_eq!(names_in("Jane Doe @ Acme & John Roe @ Initech", Trust::Strict), ["Jane Doe", "John Roe"]);
        assert_eq!(names_in("Jane Doe (Acme)\tDirector of Things", Trust::Strict), ["Jane Doe"]);
        assert_eq!(names_in("Jane Doe, Chief Widget Officer at Acme Labs", Trust::Labelled), ["Jane Doe"]);
        assert_eq!(names_in("Zed, Acme", Trust::Labelled), ["Zed"]);
        assert_eq!(names_in("Jane Doe. Director of Widgets, Acme", Trust::Labelled), ["Jane Doe"]);
        assert_eq!(names_in("Jane M. Doe", Trust::Labelled), ["Jane M. Doe"]);
        assert_eq!(names_in("Prof. Jane M. Doe, Acme", Trust::Labelled), ["Jane M. Doe"]);
        assert!(names_in("Acme, Jane Doe", Trust::Strict).is_empty());
        assert_eq!(names_in("Jane Doe, CEO & Co-Founder, Monte Widgets", Trust::Strict), ["Jane Doe"]);
        assert_eq!(
            names_in("Jane Doe, CTO, Acme, John Roe, Founder, Initech", Trust::Labelled),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(names_in("Jane Doe, Widget Collections", Trust::Strict), ["Jane Doe"]);
        assert!(is_role("cofounder of Acme"));
        assert!(!is_role("has a checkered past"));
    }
}
