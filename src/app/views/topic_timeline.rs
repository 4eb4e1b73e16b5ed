//! A topic's notes across the years, opened from the topics view.

use super::list::{ListItem, ListTarget, Source};
use crate::app::App;
use crate::relate::Topic;

pub struct TopicTimeline {
    pub topic: Topic,
}

impl Source for TopicTimeline {
    fn title(&self) -> &'static str {
        "Topic across the years"
    }

    fn heading(&self, app: &App) -> Option<String> {
        Some(format!("{} across the years", app.related.topic_label(&app.collection, &self.topic)))
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        app.related
            .topic_timeline(c, &self.topic)
            .into_iter()
            .map(|n| {
                let event = c.event_of(n);
                let note = &c.notes[n];
                ListItem {
                    group: app.year_label(n),
                    title: note.title.clone(),
                    detail: format!("{} · {}", event.place(), note.kind_label()),
                    target: ListTarget::Note(n),
                }
            })
            .collect()
    }
}
