//! Finding notes across the collection: the fuzzy finder (title, event,
//! year, speakers, topics) and full-text search over bodies. Both indexes
//! are built off the UI thread; until they arrive the views say so.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{App, Overlay, TextField};
use crate::layout::popup;
use crate::search::{Doc, Finder, FinderHit, SearchIndex, TextHit};

/// The finder and full-text indexes of one collection.
pub struct SearchIndexes {
    pub finder: Finder,
    pub text: SearchIndex,
}

impl SearchIndexes {
    pub fn build(collection: &crate::notes::Collection) -> Self {
        Self { finder: Finder::new(collection), text: SearchIndex::build(collection) }
    }
}

/// Results a view asks for at most: a screenful many times over.
const RESULT_LIMIT: usize = 500;

/// The hits of the open finder or full-text view, found once when the
/// query or the index changes: a key's movement, the scroll that keeps the
/// selection in sight and every draw all read them from here.
#[derive(Default)]
pub(super) struct Results {
    /// What the hits were found for: the view (finder or not), the query,
    /// and the index's generation. `None` when no view is open.
    key: Option<(bool, String, u64)>,
    finder: Vec<FinderHit>,
    text: Vec<TextHit>,
    /// Bumped by each index handed over, so hits of an old one are found again.
    generation: u64,
}

impl App {
    /// Builds the search indexes now, on this thread (tests, and the CLI).
    pub fn build_search_now(&mut self) {
        self.set_search(SearchIndexes::build(&self.collection));
    }

    /// Takes in indexes built off the UI thread for the collection shown.
    pub fn set_search(&mut self, indexes: SearchIndexes) {
        self.search = Some(indexes);
        self.results.generation += 1;
        self.refresh_results();
    }

    /// Brings the finder and full-text indexes in line with notes edited
    /// in place (same index, new text), without building them again.
    pub(super) fn search_notes_edited(&mut self, notes: &[usize]) {
        let Some(search) = &mut self.search else { return };
        for &note in notes {
            search.finder.update_note(&self.collection, note);
            search.text.mark_edited(Doc::Note(note));
        }
        self.results.generation += 1;
        self.refresh_results();
    }

    /// The full-text hits for `query`, from the index as it stands; none
    /// before it is built. For benches and tests: the view keeps its own.
    pub fn search_text_now(&self, query: &str, limit: usize) -> Vec<crate::search::TextHit> {
        self.search.as_ref().map(|s| s.text.search(&self.collection, query, limit)).unwrap_or_default()
    }

    /// Whether the finder and full-text indexes are there.
    pub fn is_indexed(&self) -> bool {
        self.search.is_some()
    }

    /// Finds the open view's hits again if its query or the index changed.
    pub(super) fn refresh_results(&mut self) {
        let finder = match self.overlay {
            Some(Overlay::Finder { .. }) => true,
            Some(Overlay::TextSearch { .. }) => false,
            _ => {
                self.results.key = None;
                return;
            }
        };
        let generation = if self.search.is_some() { self.results.generation } else { 0 };
        let key = (finder, self.search_field.text.clone(), generation);
        if self.results.key.as_ref() == Some(&key) {
            return;
        }
        self.results.finder.clear();
        self.results.text.clear();
        if let Some(search) = &self.search {
            let query = self.search_field.text.trim();
            if finder {
                self.results.finder = search.finder.query(&self.search_field.text, RESULT_LIMIT);
            } else if !query.is_empty() {
                self.results.text = search.text.search(&self.collection, query, RESULT_LIMIT);
            }
        }
        self.results.key = Some(key);
    }

    pub(super) fn open_finder(&mut self) {
        self.search_field = TextField::default();
        self.overlay = Some(Overlay::Finder { selected: 0, scroll: 0 });
    }

    pub(super) fn open_text_search(&mut self) {
        self.search_field = TextField::default();
        self.overlay = Some(Overlay::TextSearch { selected: 0, scroll: 0 });
    }

    /// Notes the finder offers for the typed query, best first.
    pub fn finder_hits(&self) -> &[FinderHit] {
        &self.results.finder
    }

    /// Lines of every note holding the typed words, newest event first.
    pub fn text_hits(&self) -> &[TextHit] {
        &self.results.text
    }

    pub(super) fn result_count(&self) -> usize {
        match self.overlay {
            Some(Overlay::Finder { .. }) => self.finder_hits().len(),
            Some(Overlay::TextSearch { .. }) => self.text_hits().len(),
            _ => 0,
        }
    }

    /// Enter in the finder or the full-text results.
    pub(super) fn open_search_result(&mut self) {
        match self.overlay {
            Some(Overlay::Finder { selected, .. }) => {
                if let Some(hit) = self.finder_hits().get(selected).cloned() {
                    self.open_from_view(hit.note);
                }
            }
            Some(Overlay::TextSearch { selected, .. }) => {
                let query = self.search_field.text.trim().to_string();
                if let Some(hit) = self.text_hits().get(selected).cloned() {
                    match hit.doc {
                        Doc::Note(note) => self.open_from_view(note),
                        Doc::Overview(event) => self.open_overview_from_view(event),
                    }
                    self.reading_events();
                    // Highlight the words in the note and land on the line that matched.
                    self.search_origin = 0;
                    self.update_note_search(&query);
                    self.land_on_hit_line(&hit.text);
                }
            }
            _ => {}
        }
    }

    /// Scrolls to the rendered line holding `text` (a search hit's line) and
    /// makes the note search's match there the current one.
    fn land_on_hit_line(&mut self, text: &str) {
        // The hit's first words, as far as a wrapped line surely holds them.
        let folded = crate::search::fold(text.trim());
        let snippet: String = folded.chars().take(24).collect();
        let Some(rendered) = &self.rendered else { return };
        let line =
            rendered.lines.plain_lines().position(|plain| !crate::search::find_folded(plain, &snippet).is_empty());
        if let Some(line) = line {
            if let Some(search) = &mut self.note_search {
                if let Some(i) = search.matches.iter().position(|(l, _)| *l >= line) {
                    search.current = i;
                }
            }
            self.note_scroll = line.saturating_sub(3).min(self.max_note_scroll());
        }
    }

    /// Lines of the finder: the query, then two lines per hit with matched characters marked.
    pub(super) fn finder_lines(&self, width: usize, selected: usize) -> (Vec<Line<'static>>, usize) {
        let t = &self.theme;
        let mut lines = vec![self.query_line("Find a note: ", width)];
        if self.search.is_none() {
            lines.push(Line::from(Span::styled("Indexing the notes…", t.dim)));
            return (lines, 0);
        }
        let hits = self.finder_hits();
        if hits.is_empty() {
            lines.push(Line::from(Span::styled("No note matches", t.dim)));
        }
        let mut selected_line = 1;
        for (i, hit) in hits.iter().enumerate() {
            let chosen = i == selected;
            if chosen {
                selected_line = lines.len();
            }
            let note = &self.collection.notes[hit.note];
            let base = if chosen { t.selected } else { t.text };
            let mut spans = vec![Span::styled("  ", base)];
            for (ci, c) in note.title.chars().enumerate() {
                let style = if hit.title_matches.contains(&ci) { base.patch(t.search_match) } else { base };
                spans.push(Span::styled(c.to_string(), style));
            }
            lines.push(fit(spans, width, base));
            let event = self.collection.event_of(hit.note);
            let mut detail = event.label();
            detail.push_str(&format!(" · {}", note.kind_label()));
            if !note.speakers.is_empty() {
                detail.push_str(&format!(" · {}", note.speakers.join(", ")));
            }
            if !note.topics.is_empty() {
                let topics: Vec<&str> = note.topics.iter().map(|t| self.collection.vocabulary.label(t)).collect();
                detail.push_str(&format!(" · {}", topics.join(", ")));
            }
            lines.push(fit(vec![Span::raw("    "), Span::raw(detail)], width, if chosen { t.selected } else { t.dim }));
        }
        (lines, selected_line)
    }

    /// Lines of the full-text results: a header per note, then each matching line.
    pub(super) fn text_search_lines(&self, width: usize, selected: usize) -> (Vec<Line<'static>>, usize) {
        let t = &self.theme;
        let mut lines = vec![self.query_line("Search every note: ", width)];
        if self.search.is_none() {
            lines.push(Line::from(Span::styled("Indexing the notes…", t.dim)));
            return (lines, 0);
        }
        let hits = self.text_hits();
        if self.search_field.text.trim().is_empty() {
            lines.push(Line::from(Span::styled(
                "Type words to find in the text of every note (accents and case do not matter)",
                t.dim,
            )));
        } else if hits.is_empty() {
            lines.push(Line::from(Span::styled("Not found in any note", t.dim)));
        }
        let mut selected_line = 1;
        let mut current_doc = None;
        for (i, hit) in hits.iter().enumerate() {
            if current_doc != Some(hit.doc) {
                current_doc = Some(hit.doc);
                let event = hit.doc.event(&self.collection).and_then(|e| self.collection.events.get(e));
                let header =
                    format!(" {} · {}", event.map(|e| e.label()).unwrap_or_default(), hit.doc.title(&self.collection));
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
        (lines, selected_line)
    }

    fn query_line(&self, label: &str, width: usize) -> Line<'static> {
        let t = &self.theme;
        fit(
            vec![
                Span::styled(label.to_string(), t.status_key),
                Span::raw(crate::text::sanitize_line(self.search_field.split_at_cursor().0)),
                Span::styled("▏", t.accent),
                Span::raw(crate::text::sanitize_line(self.search_field.split_at_cursor().1)),
            ],
            width,
            Style::default(),
        )
    }

    /// Rows the results view has for lines.
    pub(super) fn results_rows(&self) -> usize {
        crate::layout::inner_height(popup(self.area))
    }
}

/// Cuts spans to `width` cells and pads with `fill`, so a selected row is highlighted edge to edge.
fn fit(spans: Vec<Span<'static>>, width: usize, fill: Style) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let shown = crate::text::truncate(&span.content, room).into_owned();
        used += crate::text::width(&shown);
        out.push(Span::styled(shown, span.style));
    }
    out.push(Span::styled(" ".repeat(width.saturating_sub(used)), fill));
    Line::from(out)
}
