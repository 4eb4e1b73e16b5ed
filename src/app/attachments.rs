//! The attachments view: an event's files that are not notes, listed when
//! the view opens (the list is not refreshed on every draw: it touches the disk).

use super::{App, Effect, ListView};
use crate::notes::attachments::attachments;
use crate::notes::Origin;

impl App {
    /// Lists the current event's attachments, or says there are none.
    pub(super) fn show_attachments(&mut self) {
        let Some(event) = self.current_event() else {
            self.message = Some("Select an event to list its files".into());
            return;
        };
        let files = match &self.collection.origin {
            Origin::Folder(root) => attachments(root, &self.collection.events[event].folder),
            Origin::Bundled => Vec::new(),
        };
        if files.is_empty() {
            self.message = Some("This event has no files besides its notes".into());
        } else {
            self.open_list(ListView::Attachments { event, files }, None);
        }
    }

    /// Hands an attachment (`file`, from the root) to the system opener.
    pub(super) fn open_attachment(&mut self, file: String) -> Vec<Effect> {
        let Origin::Folder(root) = &self.collection.origin else { return Vec::new() };
        self.message = Some(format!("Opening {}", crate::text::sanitize_line(&file)));
        vec![Effect::OpenFile { root: root.clone(), file }]
    }
}
