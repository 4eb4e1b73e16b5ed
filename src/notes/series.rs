//! Recognising editions of one conference series among the events read.

use std::collections::{BTreeMap, HashMap};

use super::model::Event;
use super::shape;
use crate::text::sanitize_line;

/// What an event's path says about its series, kept until every event is read.
#[derive(Default)]
pub(super) struct SeriesHints {
    /// The folder holding this edition with others (`PyCon`).
    pub folder: Option<String>,
    /// The event's own folder or file name, when it is a dated edition.
    pub edition: Option<String>,
}

/// Recognises editions of one series and sets [`Event::series`] and
/// [`Event::series_key`]. Events are one series when they share a key: an
/// explicit `series:`, their series folder, or their own name once years,
/// separators and case are removed (`strangeloop` in 2016 and 2018). A
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
        for &i in list {
            events[i].series_key = Some(key.clone());
            if events[i].series.is_none() {
                events[i].series = title.clone().filter(|t| !t.is_empty()).map(|t| sanitize_line(&t));
            }
        }
    }
}
