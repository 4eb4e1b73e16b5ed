//! One speaker's talks across the years, opened from the speakers view.

use super::list::{ListItem, ListTarget, Source};
use crate::app::speakers::speakers;
use crate::app::App;

pub struct SpeakerTalks {
    /// The speaker's name folded as search folds it.
    pub key: String,
    /// The name as the speakers view showed it.
    pub name: String,
}

impl Source for SpeakerTalks {
    fn title(&self) -> &'static str {
        "Speaker across the years"
    }

    fn heading(&self, _app: &App) -> Option<String> {
        Some(format!("Talks by {}", self.name))
    }

    /// The speaker's talks, oldest first: one line a talk, year first, so
    /// the years read down the left edge.
    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        let Some(speaker) = speakers(c).into_iter().find(|s| s.key == self.key) else { return Vec::new() };
        speaker
            .talks
            .into_iter()
            .map(|n| ListItem {
                group: String::new(),
                title: format!("{} · {} · {}", app.year_label(n), c.event_of(n).place(), c.notes[n].title),
                detail: String::new(),
                target: ListTarget::Note(n),
            })
            .collect()
    }
}
