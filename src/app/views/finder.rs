//! Space: the fuzzy finder over every note (title, event, year, speakers,
//! topics); typed keys edit the query, its hits are found once per query.

use std::any::Any;

use ratatui::text::{Line, Span};

use super::{Content, Filter, Outcome, View};
use crate::app::search_views::{fit, query_line, RESULT_LIMIT};
use crate::app::{App, TextField};
use crate::keymap::Action;
use crate::search::{FinderHit, Narrowing};

#[derive(Default)]
pub struct FinderView {
    /// The query typed.
    query: TextField,
    pub hits: Vec<FinderHit>,
    /// What the last query matched: the next, typed onto it, scores only those.
    narrowing: Narrowing,
}

pub(super) fn open(_app: &mut App) -> Option<Box<dyn View>> {
    Some(Box::new(FinderView::default()))
}

pub(super) const HINTS: &[(Action, &str)] =
    &[(Action::Open, "open"), (Action::MoveDown, "next"), (Action::Close, "close")];

impl View for FinderView {
    fn title(&self) -> &'static str {
        "Find a note"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        HINTS
    }

    fn query(&self) -> Option<&TextField> {
        Some(&self.query)
    }

    fn query_mut(&mut self) -> Option<&mut TextField> {
        Some(&mut self.query)
    }

    fn refresh(&mut self, app: &App, _filter: &Filter) {
        self.hits = app.search.finder_hits(&self.query.text, RESULT_LIMIT, &mut self.narrowing);
    }

    /// The query, then two lines per hit with matched characters marked.
    fn content(&self, app: &App, width: usize, selected: usize) -> Content {
        let t = &app.theme;
        let mut lines = vec![query_line(app, "Find a note: ", &self.query, width)];
        if !app.search.is_indexed() {
            lines.push(Line::from(Span::styled("Indexing the notes…", t.dim)));
            return Content { lines, count: 0, selected_line: 0, selected_height: 2, fixed: 0 };
        }
        if self.hits.is_empty() {
            lines.push(Line::from(Span::styled("No note matches", t.dim)));
        }
        let mut selected_line = 1;
        for (i, hit) in self.hits.iter().enumerate() {
            let chosen = i == selected;
            if chosen {
                selected_line = lines.len();
            }
            let note = &app.collection.notes[hit.note];
            let base = if chosen { t.selected } else { t.text };
            let mut spans = vec![Span::styled("  ", base)];
            let marked = hit.title_matches(&note.title);
            for (ci, c) in note.title.chars().enumerate() {
                let style = if marked.binary_search(&ci).is_ok() { base.patch(t.search_match) } else { base };
                spans.push(Span::styled(c.to_string(), style));
            }
            lines.push(fit(spans, width, base));
            let event = app.collection.event_of(hit.note);
            let mut detail = event.label();
            detail.push_str(&format!(" · {}", note.kind_label()));
            if !note.speakers.is_empty() {
                detail.push_str(&format!(" · {}", note.speakers.join(", ")));
            }
            if !note.topics.is_empty() {
                let topics: Vec<&str> = note.topics.iter().map(|t| app.collection.vocabulary.label(t)).collect();
                detail.push_str(&format!(" · {}", topics.join(", ")));
            }
            lines.push(fit(vec![Span::raw("    "), Span::raw(detail)], width, if chosen { t.selected } else { t.dim }));
        }
        Content { lines, count: self.hits.len(), selected_line, selected_height: 2, fixed: 0 }
    }

    fn act(&mut self, action: Action, selected: usize, app: &mut App) -> Outcome {
        if action != Action::Open {
            return Outcome::Ignored;
        }
        match self.hits.get(selected) {
            Some(hit) => {
                app.open_from_view(hit.note);
                Outcome::Close(Vec::new())
            }
            None => Outcome::Stay(Vec::new()),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
