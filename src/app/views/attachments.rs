//! `A`: the current event's files that are not notes (slides, pictures),
//! listed once when the view opens (the one folder listing an action
//! makes, never per draw); Enter hands one to the system opener.

use super::list::{List, ListItem, ListTarget, Source};
use super::{Outcome, View};
use crate::app::{App, Effect};
use crate::notes::attachments::{attachments, Attachment};
use crate::notes::Origin;

pub struct Attachments {
    event: usize,
    files: Vec<Attachment>,
}

impl Source for Attachments {
    fn title(&self) -> &'static str {
        "Attachments"
    }

    fn heading(&self, app: &App) -> Option<String> {
        Some(format!("Files of {} that are not notes", app.collection.events[self.event].name))
    }

    fn items(&self, _app: &App) -> Vec<ListItem> {
        self.files
            .iter()
            .map(|file| ListItem {
                group: String::new(),
                title: file.name.clone(),
                detail: crate::notes::attachments::human_size(file.size),
                target: ListTarget::File(file.rel.clone()),
            })
            .collect()
    }

    fn open(&mut self, item: ListItem, app: &mut App) -> Outcome {
        let ListTarget::File(file) = item.target else { return Outcome::Ignored };
        let Origin::Folder(root) = &app.collection.origin else { return Outcome::Stay(Vec::new()) };
        let effect = Effect::OpenFile { root: root.clone(), file: file.clone() };
        app.message = Some(format!("Opening {}", crate::text::sanitize_line(&file)));
        Outcome::Stay(vec![effect])
    }
}

/// Lists the current event's attachments, or says there are none.
pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    let Some(event) = app.current_event() else {
        app.message = Some("Select an event to list its files".into());
        return None;
    };
    let files = match &app.collection.origin {
        Origin::Folder(root) => attachments(root, &app.collection.events[event].folder),
        Origin::Bundled => Vec::new(),
    };
    if files.is_empty() {
        app.message = Some("This event has no files besides its notes".into());
        return None;
    }
    Some(Box::new(List::new(Attachments { event, files })))
}
