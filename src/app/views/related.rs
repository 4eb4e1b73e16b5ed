//! `r`: the notes related to the selected one, by year, best first within a year.

use super::list::{List, ListItem, ListTarget, Source};
use super::View;
use crate::app::App;
use crate::relate::reason::{describe, reasons};

pub struct Related {
    note: usize,
}

impl Source for Related {
    fn title(&self) -> &'static str {
        "Related notes"
    }

    fn heading(&self, app: &App) -> Option<String> {
        Some(format!("Related to “{}”", app.collection.notes[self.note].title))
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        let mut relations = app.related.related(c, self.note);
        relations.sort_by(|a, b| {
            let year = |n: usize| c.event_of(n).start;
            year(a.note).cmp(&year(b.note)).then(b.score.total_cmp(&a.score))
        });
        relations
            .into_iter()
            .map(|r| {
                let why = describe(&reasons(c, self.note, &r));
                let event = c.event_of(r.note);
                ListItem {
                    group: app.year_label(r.note),
                    title: c.notes[r.note].title.clone(),
                    detail: format!("{} · {why}", event.place()),
                    target: ListTarget::Note(r.note),
                }
            })
            .collect()
    }
}

pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    let Some(note) = app.selected_note() else {
        app.message = Some("Select a note to see what relates to it".into());
        return None;
    };
    let list = List::found(Related { note }, app);
    if list.len() == 0 {
        app.message = Some("No related notes".into());
        return None;
    }
    app.message = Some(crate::app::reading::plural(list.len(), "related note"));
    Some(Box::new(list))
}
