//! `P`: every speaker of the collection with their number of talks and
//! years; Enter lists one speaker's talks.

use super::list::{List, ListItem, ListTarget, Source};
use super::speaker_talks::SpeakerTalks;
use super::{Outcome, View};
use crate::app::speakers::speakers;
use crate::app::App;
use crate::keymap::Action;

pub struct Speakers;

impl Source for Speakers {
    fn title(&self) -> &'static str {
        "Speakers"
    }

    fn closed_by(&self, action: Action) -> bool {
        matches!(action, Action::ShowSpeakers | Action::ShowRelated)
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        speakers(c)
            .into_iter()
            .map(|s| {
                let talks = crate::app::reading::plural(s.talks.len(), "talk");
                let years = match s.years(c) {
                    Some((a, b)) if a == b => format!(" · {a}"),
                    Some((a, b)) => format!(" · {a}–{b}"),
                    None => String::new(),
                };
                ListItem {
                    group: String::new(),
                    title: s.name,
                    detail: format!("{talks}{years}"),
                    target: ListTarget::Speaker(s.key),
                }
            })
            .collect()
    }

    fn open(&mut self, item: ListItem, _app: &mut App) -> Outcome {
        let ListTarget::Speaker(key) = item.target else { return Outcome::Ignored };
        Outcome::Push(Box::new(List::new(SpeakerTalks { key, name: item.title })), String::new())
    }
}

/// The speakers view, or why there is none.
pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    let count = speakers(&app.collection).len();
    if count == 0 {
        app.message =
            Some("No speakers in this collection: name them in front matter (`speakers:`) or under the title".into());
        return None;
    }
    app.message = Some(crate::app::reading::plural(count, "speaker"));
    Some(Box::new(List::new(Speakers)))
}
