//! Recognising editions of one conference series among the events read.

use std::collections::{BTreeMap, HashMap};

use super::model::Event;
use super::shape;
use crate::text::sanitize_line;

/// What an event's path says about its series, kept until every event is read.
#[derive(Default)]
pub(super) struct SeriesHints {
    /// The folder holding this edition with others (`ZoCon`).
    pub folder: Option<String>,
    /// The event's own folder or file name, when it is a dated edition.
    pub edition: Option<String>,
}

/// Recognises editions of one series and sets [`Event::series`] and
/// [`Event::series_key`]. Events are one series when they share a key: an
/// explicit `series:`, their series folder, or their own name once years,
/// separators and case are removed (`quirkyweave` in 2016 and 2018). A
/// name shared by no other event makes no series; a `series:` or a series
/// folder does.
pub(super) fn assign_series(events: &mut [Event], hints: &[SeriesHints]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Source {
        Explicit,
        Folder,
        Edition,
    }
    let mut keys: Vec<Vec<(Source, String)>> = Vec::with_capacity(events.len());
    for (event, hint) in events.iter().zip(hints) {
        let mut own = Vec::new();
        let explicit = event.series.as_deref().map(shape::series_key);
        let folder = hint.folder.as_deref().map(|f| shape::series_key(f.rsplit('/').next().unwrap_or(f)));
        let edition = hint.edition.as_deref().map(shape::series_key);
        for (source, key) in [(Source::Explicit, explicit), (Source::Folder, folder), (Source::Edition, edition)] {
            if let Some(key) = key.filter(|k| !k.is_empty()) {
                own.push((source, key));
            }
        }
        keys.push(own);
    }
    // Union-find over events sharing any key.
    let mut parent: Vec<usize> = (0..events.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_with: HashMap<&str, usize> = HashMap::new();
    for (i, own) in keys.iter().enumerate() {
        for (_, key) in own {
            match first_with.get(key.as_str()) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    first_with.insert(key, i);
                }
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..events.len() {
        let r = root(&mut parent, i);
        members.entry(r).or_default().push(i);
    }
    for list in members.values() {
        let best = |wanted: Source| {
            list.iter().find_map(|&i| keys[i].iter().find(|(s, _)| *s == wanted).map(|(_, k)| (i, k.clone())))
        };
        let chosen = best(Source::Explicit).or_else(|| best(Source::Folder));
        let explicit = chosen.as_ref().is_some_and(|(i, _)| events[*i].series.is_some());
        let (key, title) = match chosen {
            Some((i, key)) => {
                let title = events[i].series.clone().or_else(|| {
                    hints[i].folder.as_deref().map(|f| shape::title_case(f.rsplit('/').next().unwrap_or(f)))
                });
                (key, title)
            }
            None if list.len() >= 2 => match best(Source::Edition) {
                Some((i, key)) => (key, hints[i].edition.as_deref().map(shape::series_title)),
                None => continue,
            },
            None => continue,
        };
        // Written as the owner writes the editions' names (`ZoHollow`, not
        // the `Zohollow` its folder or slug would give), unless `series:` says.
        // A nested series folder (`ZoCon/Vestria`) is named by its whole path.
        let written = |i: usize| {
            as_written(&key, &events[i].name)
                .or_else(|| hints[i].folder.as_deref().and_then(|f| as_written(&shape::series_key(f), &events[i].name)))
        };
        let title = if explicit { title } else { list.iter().find_map(|&i| written(i)).or(title) };
        for &i in list {
            events[i].series_key = Some(key.clone());
            if events[i].series.is_none() {
                events[i].series = title.clone().filter(|t| !t.is_empty()).map(|t| sanitize_line(&t));
            }
        }
    }
}

/// The start of an event's name that is the series `key` as its owner
/// writes it: `ZoHollow` of `ZoHollow 2017`, `fit() conf` of `fit() conf
/// 2021` for the key `fitconf`.
fn as_written(key: &str, name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=words.len()).map(|n| words[..n].join(" ")).find(|start| shape::series_key(start) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str) -> Event {
        Event { name: name.to_string(), ..Event::default() }
    }

    fn folder(name: &str) -> SeriesHints {
        SeriesHints { folder: Some(name.to_string()), edition: None }
    }

    fn edition(name: &str) -> SeriesHints {
        SeriesHints { folder: None, edition: Some(name.to_string()) }
    }

    #[test]
    fn series_names_keep_the_casing_of_the_editions_names() {
        let mut events = vec![event("WidgetCon US 2017"), event("WidgetCon US 2018"), event("Gadget Days")];
        assign_series(&mut events, &[edition("widgetcon-us-2017"), edition("widgetcon-us-2018"), edition("gadgets")]);
        assert_eq!(events[0].series.as_deref(), Some("WidgetCon US"));
        assert_eq!(events[1].series_key.as_deref(), Some("widgetconus"));
        assert_eq!(events[2].series, None, "a name no other event shares makes no series");
        let mut events = vec![event("widget() conf 2021"), event("Widget Meetup 2022")];
        assign_series(&mut events, &[folder("widget-conf"), folder("widget-conf")]);
        assert_eq!(events[0].series.as_deref(), Some("widget() conf"));
        let mut events = vec![event("WidgetCon Vestria 2024"), event("WidgetCon Vestria 2025")];
        assign_series(&mut events, &[folder("WidgetCon/Vestria"), folder("WidgetCon/Vestria")]);
        assert_eq!(events[0].series.as_deref(), Some("WidgetCon Vestria"));
        // No edition's name starts with the series: the folder's name, made readable.
        let mut events = vec![event("Spring Meeting 2019"), event("Fall Meeting 2019")];
        assign_series(&mut events, &[folder("abc"), folder("abc")]);
        assert_eq!(events[0].series, Some(shape::title_case("abc")));
        // `series:` written in front matter is kept as written.
        let mut events = vec![event("WidgetCon 2017"), event("WidgetCon 2018")];
        events[0].series = Some("Widgetcon".into());
        assign_series(&mut events, &[edition("widgetcon-2017"), edition("widgetcon-2018")]);
        assert_eq!(events[0].series.as_deref(), Some("Widgetcon"));
    }
}
