//! The bundled collection, loaded by the real loader: complete, clean and
//! linked across years.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use confnotes::notes::{load_bundled, load_folder, Collection};
use confnotes::render::is_note_link;

fn from_disk() -> Collection {
    load_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")).expect("notes/ loads")
}

#[test]
fn four_events_in_date_order_with_no_warnings() {
    let c = from_disk();
    assert!(c.warnings.is_empty(), "{:#?}", c.warnings);
    let cities: Vec<&str> = c.events.iter().map(|e| e.city.as_deref().unwrap_or("?")).collect();
    assert_eq!(cities, ["Barcelona", "Detroit", "Paris", "Salt Lake City"]);
    let years: Vec<Option<i32>> = c.events.iter().map(|e| e.year()).collect();
    assert_eq!(years, [Some(2019), Some(2022), Some(2024), Some(2024)]);
    assert!(c.events.windows(2).all(|w| w[0].start <= w[1].start));
    for event in &c.events {
        assert!(!event.overview.trim().is_empty(), "{} has an overview", event.name);
        assert!((5..=12).contains(&event.notes.len()), "{} has {} notes", event.name, event.notes.len());
    }
}

#[test]
fn the_embedded_collection_is_the_notes_folder() {
    let (embedded, disk) = (load_bundled(), from_disk());
    let ids = |c: &Collection| {
        c.notes.iter().map(|n| (n.id.0.clone(), n.body.loaded().map(str::to_string))).collect::<Vec<_>>()
    };
    assert_eq!(ids(&embedded), ids(&disk));
}

#[test]
fn every_note_has_title_kind_source_and_vocabulary_topics() {
    let c = from_disk();
    assert!(!c.vocabulary.is_empty());
    for note in &c.notes {
        assert!(!note.title.is_empty(), "{}", note.id);
        assert!(note.kind.is_some(), "{} has a kind", note.id);
        assert!(note.source().is_some(), "{} names its source", note.id);
        assert!(!note.topics.is_empty(), "{} has a topic", note.id);
        for topic in &note.topics {
            assert!(c.vocabulary.contains(topic), "{}: topic `{topic}` is not in topics.toml", note.id);
        }
    }
}

#[test]
fn every_topic_spans_two_or_more_years() {
    let c = from_disk();
    let mut years: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
    for note in &c.notes {
        for topic in &note.topics {
            if let Some(year) = c.event_of(c.note_index(&note.id.0).expect("indexed")).year() {
                years.entry(topic.as_str()).or_default().insert(year);
            }
        }
    }
    for topic in c.vocabulary.topics() {
        let spans = years.get(topic).map_or(0, BTreeSet::len);
        assert!(spans >= 2, "topic `{topic}` spans {spans} year(s): {:?}", years.get(topic));
    }
}

#[test]
fn related_paths_and_note_links_point_at_real_notes() {
    let c = from_disk();
    let ids: BTreeSet<&str> = c.notes.iter().map(|n| n.id.0.as_str()).collect();
    for note in &c.notes {
        for related in note.related() {
            assert!(ids.contains(related.as_str()), "{}: related `{related}` does not exist", note.id);
        }
        let folder = note.id.0.rsplit_once('/').map_or("", |(f, _)| f);
        for link in markdown_links(c.text_of(note).expect("bundled text")).into_iter().filter(|l| is_note_link(l)) {
            let target = resolve(folder, link.split('#').next().unwrap_or(&link));
            assert!(ids.contains(target.as_str()), "{}: link `{link}` → `{target}` does not exist", note.id);
        }
    }
}

fn markdown_links(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(body)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// `../2022-10-detroit/x.md` from `2019-barcelona` → `2022-10-detroit/x.md`.
fn resolve(folder: &str, link: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}
