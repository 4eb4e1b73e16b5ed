//! `s`: full-text search over the text of every note and event overview,
//! notes holding the words whole first ([`crate::search::SearchIndex::search_ranked`]);
//! Enter opens the note at the line that matched, the words highlighted.

use std::any::Any;

use ratatui::text::{Line, Span};

use super::{Content, Filter, Outcome, View};
use crate::app::search_views::{fit, query_line, RESULT_LIMIT};
use crate::app::{App, TextField};
use crate::keymap::Action;
use crate::search::{Doc, TextHit};

#[derive(Default)]
pub struct TextSearchView {
    /// The words typed.
    query: TextField,
    pub hits: Vec<TextHit>,
}

pub(super) fn open(_app: &mut App) -> Option<Box<dyn View>> {
    Some(Box::new(TextSearchView::default()))
}

impl View for TextSearchView {
    fn title(&self) -> &'static str {
        "Search the text of every note"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        super::finder::HINTS
    }

    fn query(&self) -> Option<&TextField> {
        Some(&self.query)
    }

    fn query_mut(&mut self) -> Option<&mut TextField> {
        Some(&mut self.query)
    }

    fn refresh(&mut self, app: &App, _filter: &Filter) {
        let query = self.query.text.trim();
        self.hits =
            if query.is_empty() { Vec::new() } else { app.search.text_hits(&app.collection, query, RESULT_LIMIT) };
    }

    /// The query, then a header per note and each matching line.
    fn content(&self, app: &App, width: usize, selected: usize) -> Content {
        let t = &app.theme;
        let c = &app.collection;
        let mut lines = vec![query_line(app, "Search every note: ", &self.query, width)];
        if !app.search.is_indexed() {
            lines.push(Line::from(Span::styled("Indexing the notes…", t.dim)));
            return Content { lines, count: 0, selected_line: 0, selected_height: 2, fixed: 0 };
        }
        if self.query.text.trim().is_empty() {
            lines.push(Line::from(Span::styled(
                "Type words to find in the text of every note (accents and case do not matter)",
                t.dim,
            )));
        } else if !crate::config::has_words_to_find(&self.query.text) {
            // Punctuation alone: the index holds words only, so say what to type, as the CLI does.
            lines.push(Line::from(Span::styled("No word to search for: type letters or digits", t.dim)));
        } else if self.hits.is_empty() {
            lines.push(Line::from(Span::styled("Not found in any note", t.dim)));
        }
        let mut selected_line = 1;
        let mut current_doc = None;
        for (i, hit) in self.hits.iter().enumerate() {
            if current_doc != Some(hit.doc) {
                current_doc = Some(hit.doc);
                let event = hit.doc.event(c).and_then(|e| c.events.get(e));
                let header = format!(" {} · {}", event.map(|e| e.label()).unwrap_or_default(), hit.doc.title(c));
                lines.push(fit(vec![Span::raw(header)], width, t.year_header));
            }
            let chosen = i == selected;
            if chosen {
                selected_line = lines.len();
            }
            let base = if chosen { t.selected } else { t.text };
            let mut spans = vec![Span::styled("   ", base)];
            let mut at = 0;
            for range in &hit.matches {
                if range.start >= at
                    && range.end <= hit.text.len()
                    && hit.text.is_char_boundary(range.start)
                    && hit.text.is_char_boundary(range.end)
                {
                    spans.push(Span::styled(hit.text[at..range.start].to_string(), base));
                    spans.push(Span::styled(hit.text[range.clone()].to_string(), base.patch(t.search_match)));
                    at = range.end;
                }
            }
            spans.push(Span::styled(hit.text[at..].to_string(), base));
            lines.push(fit(spans, width, base));
        }
        Content { lines, count: self.hits.len(), selected_line, selected_height: 2, fixed: 0 }
    }

    fn act(&mut self, action: Action, selected: usize, app: &mut App) -> Outcome {
        if action != Action::Open {
            return Outcome::Ignored;
        }
        let Some(hit) = self.hits.get(selected).cloned() else { return Outcome::Stay(Vec::new()) };
        let query = self.query.text.trim().to_string();
        match hit.doc {
            Doc::Note(note) => app.open_from_view(note),
            Doc::Overview(event) => app.open_overview_from_view(event),
        }
        app.open_at_hit(&query, &hit.text);
        Outcome::Close(Vec::new())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
