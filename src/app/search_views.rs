//! Finding notes across the collection: the fuzzy finder (title, event,
//! year, speakers, topics) and full-text search over bodies. Both indexes
//! are built off the UI thread; until they arrive the views say so.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::views::{FinderView, TextSearchView};
use super::App;
use crate::notes::Collection;
use crate::search::{Finder, FinderHit, Narrowing, SearchIndex, TextHit};

/// The finder and full-text indexes of one collection.
pub struct SearchIndexes {
    pub finder: Finder,
    pub text: SearchIndex,
}

impl SearchIndexes {
    pub fn build(collection: &crate::notes::Collection) -> Self {
        Self { finder: Finder::new(collection), text: SearchIndex::build(collection) }
    }

    /// Notes edited in place (same index, new text): their finder entries
    /// made again, their text searched whole until the next build.
    pub fn notes_edited(&mut self, collection: &Collection, notes: &[usize]) {
        self.finder.update_notes(collection, notes);
        for &note in notes {
            self.text.mark_edited(crate::search::Doc::Note(note));
        }
    }
}

/// Finding across the collection: a part of the app that owns its state
/// (the indexes once built), changed only through its methods. The query
/// typed belongs to the open view.
pub struct Search {
    /// The finder and full-text indexes, once built ([`App::set_search`]).
    indexes: Option<SearchIndexes>,
}

impl Search {
    /// No indexes yet.
    pub(super) fn new() -> Self {
        Self { indexes: None }
    }

    /// Forgets what described the old notes: a new collection.
    pub(super) fn forget(&mut self) {
        self.indexes = None;
    }

    pub(super) fn set(&mut self, indexes: SearchIndexes) {
        self.indexes = Some(indexes);
    }

    pub fn is_indexed(&self) -> bool {
        self.indexes.is_some()
    }

    /// The finder's hits for `query`; none before the index is built.
    /// `narrowing` holds what the last query typed matched (see [`Narrowing`]).
    pub(super) fn finder_hits(&self, query: &str, limit: usize, narrowing: &mut Narrowing) -> Vec<FinderHit> {
        self.indexes.as_ref().map_or_else(Vec::new, |s| s.finder.query_narrowing(query, limit, narrowing))
    }

    /// The full-text hits for `query`, the best first; none before the index is built.
    pub(super) fn text_hits(&self, collection: &Collection, query: &str, limit: usize) -> Vec<TextHit> {
        self.indexes.as_ref().map(|s| s.text.search_ranked(collection, query, limit)).unwrap_or_default()
    }

    /// Notes edited in place (same index, new text): their finder entries
    /// made again, their text searched whole.
    pub(super) fn notes_edited(&mut self, collection: &Collection, notes: &[usize]) {
        if let Some(search) = &mut self.indexes {
            search.notes_edited(collection, notes);
        }
    }

    /// The note's content hash, as the state records it. The hash itself
    /// is worked out once and kept by the note ([`crate::notes::Body::hash`],
    /// known without reading the file for a note from the saved index): a
    /// cell per note to keep it written out held 3 MiB at 100,000 notes, for
    /// the few rows a frame shows.
    pub(super) fn content_hash(&self, collection: &Collection, note: usize) -> String {
        let hash = collection.notes.get(note).and_then(|note| note.body.hash());
        hash.map(crate::state::format_content_hash).unwrap_or_default()
    }
}

/// Results a view asks for at most: a screenful many times over.
pub(super) const RESULT_LIMIT: usize = 500;

impl App {
    /// Builds the search indexes now, on this thread (tests, and the CLI).
    pub fn build_search_now(&mut self) {
        self.set_search(SearchIndexes::build(&self.collection));
    }

    /// Takes in indexes built off the UI thread for the collection shown.
    pub fn set_search(&mut self, indexes: SearchIndexes) {
        self.search.set(indexes);
        self.views_changed();
    }

    /// Brings the finder and full-text indexes in line with notes edited
    /// in place (same index, new text), without building them again.
    pub(super) fn search_notes_edited(&mut self, notes: &[usize]) {
        let had_indexes = self.search.is_indexed();
        self.search.notes_edited(&self.collection, notes);
        if had_indexes {
            self.views_changed();
        }
    }

    /// The full-text hits for `query`, from the index as it stands; none
    /// before it is built. For benches and tests: the view keeps its own.
    pub fn search_text_now(&self, query: &str, limit: usize) -> Vec<crate::search::TextHit> {
        self.search.text_hits(&self.collection, query, limit)
    }

    /// Whether the finder and full-text indexes are there.
    pub fn is_indexed(&self) -> bool {
        self.search.is_indexed()
    }

    /// Notes the open finder offers for the typed query, best first.
    pub fn finder_hits(&self) -> &[FinderHit] {
        let view = self.overlay.as_ref().and_then(|o| o.view().as_any().downcast_ref::<FinderView>());
        view.map_or(&[], |v| v.hits.as_slice())
    }

    /// Lines of every note holding the typed words, newest event first, in the open full-text view.
    pub fn text_hits(&self) -> &[TextHit] {
        let view = self.overlay.as_ref().and_then(|o| o.view().as_any().downcast_ref::<TextSearchView>());
        view.map_or(&[], |v| v.hits.as_slice())
    }

    /// A full-text hit just opened: the words highlighted in the note, and
    /// the view on the line that matched.
    pub(super) fn open_at_hit(&mut self, query: &str, text: &str) {
        self.reading_events();
        self.note_view.forget_search_origin();
        // Searched for, so `/` and Up in this note or another find it again.
        self.note_view.history_mut().push(query);
        self.update_note_search(query);
        self.land_on_hit_line(text);
    }

    /// Scrolls to the rendered line holding `text` (a search hit's line) and
    /// makes the note search's match there the current one.
    fn land_on_hit_line(&mut self, text: &str) {
        // The hit's first words, as far as a wrapped line surely holds them.
        let folded = crate::search::fold(text.trim());
        let snippet: String = folded.chars().take(24).collect();
        let Some(rendered) = self.note_view.rendered() else { return };
        let line =
            rendered.lines.plain_lines().position(|plain| !crate::search::find_folded(plain, &snippet).is_empty());
        if let Some(line) = line {
            if let Some(search) = self.note_view.search_mut() {
                if let Some(i) = search.matches.iter().position(|(l, _)| *l >= line) {
                    search.current = i;
                }
            }
            self.note_view.scroll_to(line.saturating_sub(3), self.max_note_scroll());
        }
    }
}

/// The query being typed in the finder or full-text view, after `label`.
pub(super) fn query_line(app: &App, label: &str, query: &super::TextField, width: usize) -> Line<'static> {
    let t = &app.theme;
    let (before, after) = query.split_at_cursor();
    fit(
        vec![
            Span::styled(label.to_string(), t.status_key),
            Span::raw(crate::text::sanitize_line(before)),
            Span::styled("▏", t.accent),
            Span::raw(crate::text::sanitize_line(after)),
        ],
        width,
        Style::default(),
    )
}

/// Cuts spans to `width` cells and pads with `fill`, so a selected row is highlighted edge to edge.
pub(super) fn fit(spans: Vec<Span<'static>>, width: usize, fill: Style) -> Line<'static> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut cut = false;
    for span in spans {
        let room = width.saturating_sub(used);
        if room == 0 {
            cut = !span.content.is_empty();
            if cut {
                break;
            }
            continue;
        }
        let shown = crate::text::truncate(&span.content, room).into_owned();
        used += crate::text::width(&shown);
        out.push(Span::styled(shown, span.style));
    }
    // Cut between two spans (a title is a span per letter, for its matches):
    // the last cell says so, as a cut within a span does.
    if let Some(last) = out.iter_mut().rev().find(|s| !s.content.is_empty()).filter(|_| cut) {
        let mut text = last.content.to_string();
        let mut freed = 0;
        while freed == 0 {
            let Some(c) = text.pop() else { break };
            freed = crate::text::width(c.encode_utf8(&mut [0; 4]));
        }
        if freed > 0 {
            used = used - freed + 1;
            text.push('…');
        }
        last.content = text.into();
    }
    out.push(Span::styled(" ".repeat(width.saturating_sub(used)), fill));
    Line::from(out)
}
