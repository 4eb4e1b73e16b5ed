//! `R`: the notes read, the one read last first, under the day it was
//! read; Enter opens one where the reader left it.

use std::collections::HashMap;

use super::list::{List, ListItem, ListTarget, Source};
use super::View;
use crate::app::App;
use crate::keymap::Action;

/// Notes listed at the most: enough for weeks of reading, few enough to scan.
const SHOWN: usize = 500;

pub struct RecentlyRead;

impl Source for RecentlyRead {
    fn title(&self) -> &'static str {
        "Recently read"
    }

    fn closed_by(&self, action: Action) -> bool {
        matches!(action, Action::ShowRecent | Action::ShowRelated)
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        let by_id: HashMap<&str, usize> = c.notes.iter().enumerate().map(|(i, n)| (n.id.0.as_str(), i)).collect();
        app.state()
            .recently_read()
            .into_iter()
            // Marks of notes no longer in the collection are kept, not shown.
            .filter_map(|(id, at)| by_id.get(id).map(|&n| (n, at)))
            .take(SHOWN)
            .map(|(n, at)| ListItem {
                group: crate::state::format_day(at),
                title: c.notes[n].title.clone(),
                detail: c.event_of(n).label(),
                target: ListTarget::Note(n),
            })
            .collect()
    }
}

pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    let list = List::found(RecentlyRead, app);
    if list.len() == 0 {
        app.message = Some("Nothing read yet".into());
        return None;
    }
    app.message = Some(format!("{} read", crate::app::reading::plural(list.len(), "note")));
    Some(Box::new(list))
}
