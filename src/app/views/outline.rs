//! `o`: the headings of the shown document; Enter scrolls to one.

use super::list::{List, ListItem, ListTarget, Source};
use super::{Outcome, View};
use crate::app::App;

pub struct Outline {
    /// The heading being read when the view opened.
    start: usize,
}

impl Source for Outline {
    fn title(&self) -> &'static str {
        "Outline"
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let Some(rendered) = app.rendered() else { return Vec::new() };
        let top = rendered.headings.iter().map(|h| h.level).min().unwrap_or(1);
        rendered
            .headings
            .iter()
            .map(|h| ListItem {
                group: String::new(),
                title: format!("{}{}", "  ".repeat(usize::from(h.level.saturating_sub(top))), h.text),
                detail: String::new(),
                target: ListTarget::Line(h.line),
            })
            .collect()
    }

    fn open(&mut self, item: ListItem, app: &mut App) -> Outcome {
        let ListTarget::Line(line) = item.target else { return Outcome::Ignored };
        app.go_to_line(line);
        Outcome::Close(Vec::new())
    }

    fn first_selected(&self) -> usize {
        self.start
    }
}

pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    if app.rendered().is_none_or(|r| r.headings.is_empty()) {
        app.message = Some("This note has no headings".into());
        return None;
    }
    // Start on the section being read.
    let current = app.heading_in_view();
    let items = Outline { start: 0 }.items(app);
    let start = current.and_then(|h| items.iter().position(|it| it.title.trim() == h)).unwrap_or(0);
    Some(Box::new(List::new(Outline { start })))
}
