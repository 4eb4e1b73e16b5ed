//! Taking in changes made outside the app: a reloaded collection or keymap,
//! keeping the reader where they were; and handing a note to an editor.

use super::{App, Document, EditRequest, ListFilter};
use crate::diagnostic::Diagnostic;
use crate::keymap::Keymap;
use crate::notes::refresh::Reread;
use crate::notes::{Collection, Origin};
use crate::relate::RelatedIndex;

impl App {
    /// config.toml changed on disk: its order, pane widths, editor and theme
    /// apply now (line breaks and code wrapping stay as the reader toggled them).
    pub fn take_in_config(&mut self, config: &crate::config::ConfigFile, theme: crate::theme::Theme) {
        self.settings.newest_first = config.newest_first;
        self.settings.timeline_width = config.timeline_width;
        self.settings.talks_width = config.talks_width;
        self.settings.editor = config.editor.clone();
        self.set_theme(theme);
    }

    /// Takes in the related-notes index built for the current collection,
    /// and the notes' problems found with it ([`crate::check::problems`]).
    pub fn set_related(&mut self, index: RelatedIndex, note_problems: Vec<Diagnostic>) {
        self.related = index;
        self.related_pending = false;
        let said = self.problems_message();
        self.problems.set_notes(note_problems);
        self.problems_changed();
        if self.message.is_none() || self.message == said {
            self.message = self.problems_message();
        }
        // `topic:` also means the topics found in the text, which the index holds.
        self.forget_list_filter_matches();
        self.refresh_list_filter();
        self.forget_saved_candidates();
        self.refresh_saved_searches();
        // The card of the open note lists its speakers' other talks, which
        // the index has only now: redraw it, keeping the scroll.
        let open_note = match self.note_view.rendered().map(|r| r.document) {
            Some(Document::Note(n)) => Some(n),
            _ => None,
        };
        if open_note.is_some_and(|n| !self.related.other_talks_by_speakers(&self.collection, n).is_empty()) {
            self.note_view.forget_rendered();
            self.note_view.return_to(self.note_view.scroll());
            self.settle();
        }
        // An open view (related notes, topics, problems) shows what the index found.
        self.settle_view();
    }

    /// The problems view's list changed.
    pub(super) fn problems_changed(&mut self) {
        // The problems view lists them: its content is made again at the next settle.
        self.view_inputs += 1;
    }

    /// Swaps in a freshly loaded collection. The selection follows the note
    /// (by id) or stays at its place in the event when the note is gone;
    /// scroll, read state and bookmarks are kept.
    pub fn replace_collection(&mut self, collection: Collection) {
        let now = self.reading.now();
        self.swap_collection(std::sync::Arc::new(collection), now);
    }

    /// [`App::replace_collection`], recording notes not seen before as first
    /// seen at `seen_at`.
    fn swap_collection(&mut self, collection: std::sync::Arc<Collection>, seen_at: crate::state::Stamp) {
        let c = &self.collection;
        let selected_id = self.selected_note().map(|n| c.notes[n].id.0.clone());
        let folder = self.selection.event().map(|e| c.events[e].folder.clone());
        let (entry, scroll) = (self.selection.entry(), self.note_view.scroll());
        let before = c.notes.len();

        self.search.forget();
        self.collection = collection;
        // The indexes describe the old notes; the runtime builds new ones
        // off this thread (10,000 notes take about 30 ms to relate).
        self.related = RelatedIndex::default();
        self.related_pending = true;
        self.problems.set_notes(self.collection.warnings.clone());
        self.problems_changed();
        // Indices into the old collection mean nothing now.
        self.selection.forget_all();
        self.journey.clear();
        self.compare = None;
        self.overlay = None;
        self.reading.set_opened(None);
        self.note_view.forget_rendered();
        self.note_view.end_search();

        let c = &self.collection;
        let note = selected_id.as_deref().and_then(|id| c.note_index(id));
        let event = folder.as_deref().and_then(|f| c.events.iter().position(|e| e.folder == f));
        match (note, event) {
            (Some(n), _) => {
                let e = c.notes[n].event;
                self.selection.set_event(Some(e));
                self.selection.set_entry(c.events[e].notes.iter().position(|&x| x == n).map_or(0, |p| p + 1));
                self.note_view.return_to(scroll);
            }
            (None, Some(e)) => {
                // The note went away: its neighbour takes its place.
                self.selection.set_event(Some(e));
                self.selection.set_entry(entry.min(c.events[e].notes.len()));
            }
            (None, None) => {
                self.selection.set_event(self.event_order().first().copied());
                self.selection.set_entry(0);
            }
        }
        // The filter's matches were indices into the old notes: work them out again.
        if let Some(text) = self.list_filter.take().map(ListFilter::into_text) {
            self.set_list_filter(&text);
        }
        self.take_in_notes(seen_at);
        let after = self.collection.notes.len();
        self.message = Some(match after.cmp(&before) {
            std::cmp::Ordering::Equal => "Notes reloaded".to_string(),
            std::cmp::Ordering::Greater => format!("Notes reloaded: {} more", after - before),
            std::cmp::Ordering::Less => format!("Notes reloaded: {} fewer", before - after),
        });
        self.settle();
    }

    /// Takes in notes read again alone after their files changed on disk
    /// ([`crate::notes::refresh::reread`]): each is put in its place, the
    /// finder and the full-text search know its new text at once, and the
    /// reader stays where they were. The related index keeps answering for
    /// the notes as they were until the caller has it built again (it
    /// depends on every note's words). Returns how many notes changed, or
    /// `None`, taking nothing, when one of them needs the whole folder read again.
    pub fn take_in_rereads(&mut self, rereads: Vec<Reread>) -> Option<usize> {
        let notes = crate::notes::refresh::notes_read_again(rereads)?;
        if notes.is_empty() {
            return Some(0);
        }
        // Shared only while an index is built from it: then copied, which
        // still costs less than reading every file again.
        let changed = crate::notes::refresh::apply(std::sync::Arc::make_mut(&mut self.collection), notes);
        self.search_notes_edited(&changed);
        self.forget_list_filter_matches();
        self.refresh_list_filter();
        self.forget_saved_candidates();
        self.refresh_saved_searches();
        if matches!(self.note_view.rendered().map(|r| r.document), Some(Document::Note(n)) if changed.contains(&n)) {
            self.note_view.forget_rendered();
            self.note_view.return_to(self.note_view.scroll());
        }
        self.message = Some(match changed.as_slice() {
            [one] => format!("Reloaded {}", self.collection.notes[*one].title),
            many => format!("Reloaded {} notes", many.len()),
        });
        self.settle();
        Some(changed.len())
    }

    /// Takes in the whole collection after a first look
    /// ([`crate::notes::Listing::first_look`]), keeping the reader where they were.
    /// A reader still at the top of the timeline stays at its top, which
    /// the dates read from the files may have changed. Returns the save of
    /// what was recorded about the notes now known (when they were first seen).
    pub fn finish_loading(&mut self, collection: impl Into<std::sync::Arc<Collection>>) -> Vec<super::Effect> {
        let at_top = self.selection.event() == self.event_order().first().copied()
            && self.selection.entry() == 0
            && self.journey.at_start();
        self.loading = None;
        // The rest of what was there when the session began: first seen at
        // its start, like the notes of the first look, so that none of them
        // counts as new next time.
        let session_start = self.reading.state().sessions.latest.unwrap_or_else(|| self.reading.now());
        self.swap_collection(collection.into(), session_start);
        if at_top {
            self.selection.set_event(self.event_order().first().copied());
            self.settle();
        }
        self.message = self.problems_message();
        self.take_save()
    }

    /// Swaps in a reloaded keymap and its problems.
    pub fn replace_keymap(&mut self, keymap: Keymap, problems: Vec<Diagnostic>) {
        let count = problems.len();
        self.keymap = keymap;
        self.problems.replace_other(|p| p.file.ends_with("keymap.toml"), problems);
        self.problems_changed();
        self.message = Some(if count == 0 {
            "Keymap reloaded".to_string()
        } else {
            format!("Keymap reloaded with {}; W lists them", super::reading::plural(count, "problem"))
        });
        // The help view lists the keys.
        self.settle_view();
    }

    /// What `e` opens: the file a note comes from, at the line of the
    /// section being read (a talk of a one-file event opens its file at
    /// that talk's heading, or at the subsection in view), or the file an
    /// event's overview was read from. `None` when there is nothing to edit.
    pub(super) fn edit_request(&self) -> Option<EditRequest> {
        let c = &self.collection;
        // The file, the line to open it at, and the text shown if a bundled file cannot be found.
        let (file, line, fallback) = match self.document()? {
            Document::Note(n) => {
                let note = &c.notes[n];
                // A file changed since it was read opens at the note's first line.
                let body = c.body(n).unwrap_or_default();
                // The section in view, found in the source by its heading's text.
                let offset = self.heading_in_view().and_then(|h| {
                    let headings = crate::render::source_headings(body);
                    let by_text = headings.into_iter().find(|s| s.text == h).map(|s| s.lines.start);
                    // A heading the parser and the pane read apart (HTML in it): its words on a `#` line.
                    by_text.or_else(|| body.lines().position(|l| l.trim_start().starts_with('#') && l.contains(&h)))
                });
                (note.source_file(), note.body_line + offset.unwrap_or(0), body)
            }
            // At the top: a one-file event's overview is pieced together from
            // the text around its talks, so its lines are not the file's.
            Document::Overview(e) => (c.events[e].overview_file.as_deref()?, 1, c.events[e].overview.as_str()),
        };
        Some(match &c.origin {
            Origin::Folder(root) => EditRequest::File { path: root.join(file), line },
            Origin::Bundled => match crate::notes::bundled_file(file) {
                Some(bytes) => EditRequest::BundledCopy {
                    id: file.to_string(),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    line,
                },
                None => EditRequest::BundledCopy { id: file.to_string(), text: fallback.to_string(), line: 1 },
            },
        })
    }
}
