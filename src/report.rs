//! Bookmarks as text for the command line: a Markdown list, JSON for
//! scripts, and a trip report (digest) with the bookmarked sections' text.

use serde::Serialize;

use crate::notes::date::format_range;
use crate::notes::Collection;
use crate::relate::reason::{describe, reasons, Reason};
use crate::search::fulltext::OVERVIEW_TITLE;
use crate::state::{format_day, Bookmark, State};

/// Which bookmarks a digest covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestFilter {
    /// Matches the event's folder, name or city, case-insensitively.
    pub event: Option<String>,
    /// A topic name or alias.
    pub topic: Option<String>,
    pub year: Option<i32>,
}

impl DigestFilter {
    /// Whether `event` is one the filter's `event` names (its folder, name or city).
    fn names_event(&self, event: &crate::notes::Event) -> bool {
        self.event.as_deref().is_none_or(|wanted| {
            let wanted = wanted.to_lowercase();
            [Some(event.folder.as_str()), Some(event.name.as_str()), event.city.as_deref()]
                .into_iter()
                .flatten()
                .any(|field| field.to_lowercase().contains(&wanted))
        })
    }

    /// An error naming what the filter asks for that the collection does not
    /// have: a misspelt event, topic or year is a mistake to say, not an empty report.
    pub fn check(&self, collection: &Collection) -> Result<(), String> {
        if let Some(event) = &self.event {
            if !collection.events.iter().any(|e| self.names_event(e)) {
                return Err(format!(
                    "no event matches `{event}` (by folder, name or city); `confnotes list` shows them"
                ));
            }
        }
        if let Some(topic) = &self.topic {
            let resolved = collection.vocabulary.resolve(topic);
            if !collection.notes.iter().any(|n| n.topics.contains(&resolved)) {
                return Err(format!("no note has the topic `{topic}`"));
            }
        }
        if let Some(year) = self.year {
            if !collection.events.iter().any(|e| e.year() == Some(year)) {
                return Err(format!("no event in {year}"));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Serialize)]
struct BookmarkRecord<'a> {
    note: &'a str,
    title: Option<&'a str>,
    event: Option<&'a str>,
    year: Option<i32>,
    heading: Option<&'a str>,
    annotation: Option<&'a str>,
    bookmarked: String,
    /// The bookmark is of an event's overview (`event.md`, a README), not a talk.
    overview: bool,
    /// The note is no longer in the collection.
    missing: bool,
}

/// What a bookmark points at, as the app's bookmarks view finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bookmarked {
    Note(usize),
    /// An event's overview, by event.
    Overview(usize),
    /// Nothing in the collection any more.
    Missing,
}

impl Bookmarked {
    fn of(collection: &Collection, id: &str) -> Self {
        match (collection.note_index(id), collection.overview_index(id)) {
            (Some(n), _) => Bookmarked::Note(n),
            (None, Some(e)) => Bookmarked::Overview(e),
            (None, None) => Bookmarked::Missing,
        }
    }

    fn event(self, collection: &Collection) -> Option<usize> {
        match self {
            Bookmarked::Note(n) => Some(collection.notes[n].event),
            Bookmarked::Overview(e) => Some(e),
            Bookmarked::Missing => None,
        }
    }

    /// Its title: the note's, or the overview's as the talks pane names it.
    fn title(self, collection: &Collection) -> Option<&str> {
        match self {
            Bookmarked::Note(n) => Some(collection.notes[n].title.as_str()),
            Bookmarked::Overview(_) => Some(OVERVIEW_TITLE),
            Bookmarked::Missing => None,
        }
    }
}

/// Bookmarks in timeline order: by event date, then list order (an
/// overview first, as the talks pane lists it), then when made.
fn ordered<'a>(collection: &Collection, state: &'a State) -> Vec<(&'a Bookmark, Bookmarked)> {
    let mut list: Vec<(&Bookmark, Bookmarked)> =
        state.bookmarks().into_iter().map(|b| (b, Bookmarked::of(collection, &b.note))).collect();
    list.sort_by_key(|(b, target)| {
        let event = target.event(collection);
        let position = match *target {
            Bookmarked::Note(n) => {
                event.and_then(|e| collection.events[e].notes.iter().position(|&x| x == n)).map(|p| p + 1)
            }
            _ => Some(0),
        };
        (event.is_none(), event, position, b.created)
    });
    list
}

pub fn bookmarks_json(collection: &Collection, state: &State) -> String {
    let records: Vec<BookmarkRecord> = ordered(collection, state)
        .into_iter()
        .map(|(b, target)| {
            let event = target.event(collection).map(|e| &collection.events[e]);
            BookmarkRecord {
                note: &b.note,
                title: target.title(collection),
                event: event.map(|e| e.name.as_str()),
                year: event.and_then(|e| e.year()),
                heading: b.heading.as_deref(),
                annotation: b.annotation.as_deref(),
                bookmarked: format_day(b.created),
                overview: matches!(target, Bookmarked::Overview(_)),
                missing: target == Bookmarked::Missing,
            }
        })
        .collect();
    serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".into())
}

pub fn bookmarks_markdown(collection: &Collection, state: &State) -> String {
    let mut out = String::new();
    for (b, target) in ordered(collection, state) {
        let (event, title) = match target {
            Bookmarked::Note(n) => (collection.event_of(n).name.clone(), collection.notes[n].title.as_str()),
            // As the bookmarks view shows it: the event by its label, the overview by the talks pane's name.
            Bookmarked::Overview(e) => (collection.events[e].label(), OVERVIEW_TITLE),
            Bookmarked::Missing => ("missing note".to_string(), b.note.as_str()),
        };
        let heading = b.heading.as_deref().map(|h| format!(" › {h}")).unwrap_or_default();
        out.push_str(&format!("- {event}: **{title}**{heading} (`{}`, {})", b.note, format_day(b.created)));
        if let Some(a) = &b.annotation {
            out.push_str(&format!(" — {a}"));
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("No bookmarks.\n");
    }
    out
}

/// A Markdown trip report: bookmarked notes (and event overviews) grouped
/// by event, each with its annotation and the text of the bookmarked
/// section (or the note's opening).
pub fn digest(collection: &Collection, state: &State, filter: &DigestFilter) -> String {
    let topic = filter.topic.as_deref().map(|t| collection.vocabulary.resolve(t));
    let mut out = String::from("# Trip report\n");
    let mut current_event = None;
    let mut count = 0;
    for (b, target) in ordered(collection, state) {
        let Some(e) = target.event(collection) else { continue };
        let event = &collection.events[e];
        let note = match target {
            Bookmarked::Note(n) => Some(&collection.notes[n]),
            _ => None,
        };
        if filter.year.is_some_and(|y| event.year() != Some(y)) {
            continue;
        }
        // An overview has no topics: a topic filter leaves it out.
        if topic.as_ref().is_some_and(|t| !note.is_some_and(|note| note.topics.contains(t))) {
            continue;
        }
        if !filter.names_event(event) {
            continue;
        }
        if current_event != Some(e) {
            current_event = Some(e);
            let when = event.start.map(|s| format!(" ({})", format_range(s, event.end))).unwrap_or_default();
            out.push_str(&format!("\n## {}{when}\n", event.name));
        }
        count += 1;
        let heading = b.heading.as_deref().map(|h| format!(" › {h}")).unwrap_or_default();
        let title = target.title(collection).unwrap_or_default();
        out.push_str(&format!("\n### {title}{heading}\n\n"));
        let body = match note {
            Some(note) => {
                let mut meta = vec![note.kind_label().to_string()];
                if !note.speakers.is_empty() {
                    meta.push(note.speakers.join(", "));
                }
                if !note.topics.is_empty() {
                    let topics = note.topics.iter().map(|t| collection.vocabulary.label(t)).collect::<Vec<_>>();
                    meta.push(topics.join(", "));
                }
                out.push_str(&format!("*{}* · `{}`\n\n", meta.join(" · "), note.id));
                // Said, not the note's text, when its file changed since it was read.
                collection
                    .text_of(note)
                    .map_or_else(|e| std::borrow::Cow::Owned(e.to_string()), std::borrow::Cow::Borrowed)
            }
            None => {
                out.push_str(&format!("*about the event* · `{}`\n\n", b.note));
                std::borrow::Cow::Borrowed(event.overview.as_str())
            }
        };
        if let Some(a) = &b.annotation {
            out.push_str(&format!("> **My note:** {a}\n\n"));
        }
        let text = match &b.heading {
            Some(h) => section(&body, h)
                .or_else(|| section(&body, &crate::render::without_reference_numbers(h)))
                .unwrap_or_else(|| format!("*(The section “{h}” is no longer in the note.)*")),
            None => opening(&body),
        };
        out.push_str(text.trim());
        out.push('\n');
    }
    if count == 0 {
        out.push_str("\nNo bookmarks match.\n");
    }
    out
}

/// The Markdown under the heading `title` (its text as the rendered note
/// names it, markup and link numbers left out), up to the next heading of
/// the same or a higher level.
pub fn section(body: &str, title: &str) -> Option<String> {
    let headings = crate::render::source_headings(body);
    let at = headings.iter().position(|h| h.text == title)?;
    let (level, from) = (headings[at].level, headings[at].lines.end);
    let to = headings[at + 1..].iter().find(|h| h.level <= level).map_or(usize::MAX, |h| h.lines.start);
    let lines: Vec<&str> = body.lines().skip(from).take(to.saturating_sub(from)).collect();
    Some(lines.join("\n"))
}

/// The note's first paragraph after any title heading.
fn opening(body: &str) -> String {
    body.split("\n\n").map(str::trim).find(|p| !p.is_empty() && !p.starts_with('#')).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_end_at_the_next_heading_of_the_same_level() {
        let body = "# T\n\nintro\n\n## A\n\na text\n\n### A.1\n\nsub\n\n## B\n\nb text\n";
        assert_eq!(section(body, "A").as_deref().map(str::trim), Some("a text\n\n### A.1\n\nsub"));
        assert_eq!(section(body, "B").as_deref().map(str::trim), Some("b text"));
        assert_eq!(section(body, "Nope"), None);
    }

    #[test]
    fn digest_groups_by_event_with_annotations_and_sections() {
        let c = crate::notes::load_bundled();
        let mut s = State::new("bundled");
        let cern = "2019-barcelona/keynote-cern-higgs.md";
        s.toggle_bookmark(cern, None, 1);
        s.annotate_bookmark(cern, None, "show this to the physics club", 2);
        let obs = "2024-11-salt-lake-city/observability.md";
        s.toggle_bookmark(obs, None, 3);
        let report = digest(&c, &s, &DigestFilter::default());
        assert!(report.starts_with("# Trip report\n"));
        let barcelona = report.find("## KubeCon").expect("an event heading");
        assert!(report[barcelona..].contains("CERN"));
        assert!(report.contains("> **My note:** show this to the physics club"));
        assert!(report.find("CERN") < report.find("OpenTelemetry"), "events in date order");
        let only_2024 = digest(&c, &s, &DigestFilter { year: Some(2024), ..Default::default() });
        assert!(!only_2024.contains("CERN") && only_2024.contains("Observability"));
        let by_topic = digest(&c, &s, &DigestFilter { topic: Some("o11y".into()), ..Default::default() });
        assert!(!by_topic.contains("CERN"), "{by_topic}");
        let by_city = digest(&c, &s, &DigestFilter { event: Some("barcelona".into()), ..Default::default() });
        assert!(by_city.contains("CERN") && !by_city.contains("Observability"), "{by_city}");
    }

    #[test]
    fn a_digest_filter_naming_nothing_in_the_collection_is_an_error() {
        let c = crate::notes::load_bundled();
        let check = |filter: DigestFilter| filter.check(&c);
        assert_eq!(check(DigestFilter { event: Some("Barcelona".into()), ..Default::default() }), Ok(()));
        assert_eq!(check(DigestFilter { topic: Some("o11y".into()), year: Some(2019), ..Default::default() }), Ok(()));
        let nosuch = check(DigestFilter { event: Some("nosuch".into()), ..Default::default() });
        assert!(nosuch.as_ref().is_err_and(|e| e.starts_with("no event matches `nosuch`")), "{nosuch:?}");
        assert_eq!(
            check(DigestFilter { topic: Some("knitting".into()), ..Default::default() }),
            Err("no note has the topic `knitting`".into())
        );
        assert_eq!(check(DigestFilter { year: Some(1999), ..Default::default() }), Err("no event in 1999".into()));
    }

    #[test]
    fn bookmarks_of_event_overviews_show_as_the_overview_of_their_event() {
        let dir = tempfile::tempdir().expect("tempdir");
        let event = dir.path().join("2023-05-example-conf");
        std::fs::create_dir(&event).expect("mkdir");
        std::fs::write(
            event.join("event.md"),
            "---\nname: Example Conf\ncity: Porto\n---\nThings to look up: the hallway track.\n",
        )
        .expect("write");
        std::fs::write(event.join("talk.md"), "---\ntitle: A talk\n---\nText.\n").expect("write");
        let c = crate::notes::load_folder(dir.path()).expect("loads");
        let mut s = State::new("notes");
        s.toggle_bookmark("2023-05-example-conf/talk.md", None, 1);
        s.toggle_bookmark("2023-05-example-conf/event.md", None, 2);

        let list = bookmarks_markdown(&c, &s);
        let lines: Vec<&str> = list.lines().collect();
        assert!(lines[0].starts_with("- Porto 2023: **About this event** (`2023-05-example-conf/event.md`"), "{list}");
        assert!(
            lines[1].starts_with("- Example Conf: **A talk**"),
            "the overview first, as the talks pane lists it: {list}"
        );
        assert!(!list.contains("missing"), "{list}");

        let json: serde_json::Value = serde_json::from_str(&bookmarks_json(&c, &s)).expect("json");
        assert_eq!(json[0]["title"], OVERVIEW_TITLE);
        assert_eq!(json[0]["event"], "Example Conf");
        assert_eq!(json[0]["year"], 2023);
        assert_eq!((json[0]["overview"].clone(), json[0]["missing"].clone()), (true.into(), false.into()));

        let report = digest(&c, &s, &DigestFilter::default());
        assert!(report.contains("### About this event\n"), "{report}");
        assert!(report.contains("Things to look up: the hallway track."), "{report}");
    }

    #[test]
    fn json_lists_bookmarks_for_scripts() {
        let c = crate::notes::load_bundled();
        let mut s = State::new("bundled");
        s.toggle_bookmark("gone.md", Some("X"), 1);
        let json: serde_json::Value = serde_json::from_str(&bookmarks_json(&c, &s)).expect("json");
        assert_eq!(json[0]["note"], "gone.md");
        assert_eq!(json[0]["missing"], true);
        assert_eq!(json[0]["heading"], "X");
    }
}

/// Finds a note named on the command line: its id, a path ending in its id,
/// or a fragment of its title that matches only one note.
pub fn find_note(collection: &Collection, wanted: &str) -> Result<usize, String> {
    let normalized = wanted.replace('\\', "/");
    if let Some(i) = collection.notes.iter().position(|n| n.id.0 == normalized) {
        return Ok(i);
    }
    let by_path: Vec<usize> = (0..collection.notes.len())
        .filter(|&i| normalized.ends_with(&format!("/{}", collection.notes[i].id.0)))
        .collect();
    if let [one] = by_path.as_slice() {
        return Ok(*one);
    }
    let lower = wanted.to_lowercase();
    let by_title: Vec<usize> =
        (0..collection.notes.len()).filter(|&i| collection.notes[i].title.to_lowercase().contains(&lower)).collect();
    match by_title.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no note matches `{wanted}` (give its path, like 2019-barcelona/observability.md, or part of its title)"
        )),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(8)
                .map(|&i| format!("  {}  ({})", collection.notes[i].id, collection.notes[i].title))
                .collect();
            Err(format!("`{wanted}` matches {} notes; be more precise:\n{}", many.len(), names.join("\n")))
        }
    }
}

#[derive(Serialize)]
struct RelatedRecord<'a> {
    note: &'a str,
    title: &'a str,
    event: &'a str,
    year: Option<i32>,
    shared_topics: Vec<&'a str>,
    /// Topics shared where one note only has the topic from its text.
    inferred_topics: Vec<&'a str>,
    /// The words that explain a text similarity, as its reason says them.
    shared_terms: Vec<String>,
    /// Cosine similarity of the two notes' words when it relates them, else 0.
    similarity: f64,
    explicit: bool,
    linked: bool,
    score: f64,
    /// Every reason, strongest first, as data...
    reasons: Vec<Reason>,
    /// ...and as the text the app shows.
    why: String,
}

/// The shared terms a relation's reasons say (none when no text relates it).
fn said(reasons: &[Reason]) -> Vec<String> {
    reasons
        .iter()
        .find_map(|r| match r {
            Reason::SharedTerms { terms } => Some(terms.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Three decimals are plenty for a score or a cosine, and keep the JSON stable to read.
fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The related notes of one note: as text grouped by year, best first
/// within a year; as JSON best first, each with its year.
pub fn related_report(collection: &Collection, index: &crate::relate::RelatedIndex, note: usize, json: bool) -> String {
    let mut relations = index.related(collection, note);
    if json {
        let n = &collection.notes[note];
        let records: Vec<RelatedRecord> = relations
            .iter()
            .map(|r| {
                let other = &collection.notes[r.note];
                let event = collection.event_of(r.note);
                let why = reasons(collection, note, r);
                RelatedRecord {
                    note: &other.id.0,
                    title: &other.title,
                    event: &event.name,
                    year: event.year(),
                    shared_topics: r.shared_topics.iter().map(String::as_str).collect(),
                    inferred_topics: r.inferred_topics.iter().map(String::as_str).collect(),
                    shared_terms: said(&why),
                    similarity: rounded(r.similarity),
                    explicit: r.explicit,
                    linked: r.linked,
                    score: rounded(r.score),
                    why: describe(&why),
                    reasons: why,
                }
            })
            .collect();
        let value = serde_json::json!({
            "note": n.id.0,
            "title": n.title,
            "year": collection.event_of(note).year(),
            "related": records,
        });
        return serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    }
    relations.sort_by(|a, b| {
        let start = |n: usize| collection.event_of(n).start;
        start(a.note).cmp(&start(b.note)).then(b.score.total_cmp(&a.score))
    });
    let n = &collection.notes[note];
    let event = collection.event_of(note);
    let mut out = format!("Related to “{}” ({}, {})\n", n.title, n.id, event.label());
    if relations.is_empty() {
        out.push_str("\nNo related notes.\n");
    }
    let mut year = None;
    for r in &relations {
        let other = collection.event_of(r.note);
        if year != Some(other.year()) {
            year = Some(other.year());
            out.push_str(&format!("\n{}\n", other.year().map_or_else(|| "Undated".to_string(), |y| y.to_string())));
        }
        out.push_str(&format!(
            "  {} — {}, {}\n    {}\n",
            collection.notes[r.note].title,
            other.place(),
            collection.notes[r.note].id,
            describe(&reasons(collection, note, r))
        ));
    }
    out
}
