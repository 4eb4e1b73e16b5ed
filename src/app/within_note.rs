//! Finding things inside the shown note: incremental search with `n`/`N`,
//! the outline of its headings, and following its numbered links.

use std::ops::Range;

use super::{App, Document, Effect, Prompt, PromptKind, TextField};
use crate::layout::Pane;
use crate::notes::sections::slug;
use crate::notes::{doc_link_name, is_note_link, link_opening, resolve_doc_link, resolve_link, LinkOpening, Origin};
use crate::search::{find_folded, fold};

/// An active search in the note pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteSearch {
    pub query: String,
    /// Every match: rendered line and character range within it.
    pub matches: Vec<(usize, Range<usize>)>,
    /// Index of the current match in `matches`.
    pub current: usize,
    /// Whether `matches` holds every match: false once [`MAX_MATCHES`] were
    /// found (those nearest after where the search started, wrapping around).
    pub complete: bool,
}

/// Matches kept for one search. A common letter in a note of 100 MB occurs
/// millions of times: finding them all would take seconds at each key and
/// hundreds of megabytes; a reader steps through a few.
pub const MAX_MATCHES: usize = 10_000;

impl App {
    pub(super) fn start_note_search(&mut self) {
        if self.note_view.rendered().is_none() {
            self.message = Some("Nothing to search".into());
            return;
        }
        // A new search starts empty, as in less, vim and helix (and as `s`
        // and the finder do): what is typed replaces the last query, whose
        // highlights stay until then; Up recalls it.
        self.note_view.begin_search();
        self.note_view.history_mut().restart();
        self.prompt = Some(Prompt { kind: PromptKind::NoteSearch, field: TextField::default() });
    }

    /// Up or Down in the note search's field: an older or newer query
    /// searched, in place of what is typed, and looked for at once.
    pub(super) fn recall_note_search(&mut self, older: bool) {
        let Some(prompt) = &mut self.prompt else { return };
        let history = self.note_view.history_mut();
        let recalled = if older { history.older(&prompt.field.text) } else { history.newer() };
        let Some(query) = recalled.map(str::to_string) else { return };
        prompt.field = TextField::with_text(&query);
        self.update_note_search(&query);
    }

    /// Runs the search over the whole note, moving to the first match at or
    /// after where the search started.
    pub(super) fn update_note_search(&mut self, query: &str) {
        self.search_note(query, false);
    }

    /// [`Self::update_note_search`] as the query is typed: a letter added to
    /// the end is looked for only on the lines that matched before.
    pub(super) fn type_note_search(&mut self, query: &str) {
        self.search_note(query, true);
    }

    fn search_note(&mut self, query: &str, narrow: bool) {
        let folded = fold(query);
        let mut matches = Vec::new();
        let narrowed = self.note_view.search().filter(|s| narrow && s.complete && query.starts_with(s.query.as_str()));
        let mut complete = true;
        if let Some(rendered) = self.note_view.rendered() {
            let lines = &rendered.lines;
            match narrowed {
                Some(before) => {
                    let mut candidates: Vec<usize> = before.matches.iter().map(|(line, _)| *line).collect();
                    candidates.dedup();
                    for i in candidates.into_iter().filter(|&i| i < lines.len()) {
                        matches.extend(find_folded(lines.plain(i), &folded).into_iter().map(|r| (i, r)));
                    }
                }
                None => {
                    // From where the search started, round to it again.
                    let origin = self.note_view.search_origin().min(lines.len());
                    for i in (origin..lines.len()).chain(0..origin) {
                        matches.extend(find_folded(lines.plain(i), &folded).into_iter().map(|r| (i, r)));
                        if matches.len() >= MAX_MATCHES {
                            complete = false;
                            break;
                        }
                    }
                    matches.truncate(MAX_MATCHES);
                    matches.sort_by_key(|(line, range)| (*line, range.start));
                }
            }
            if matches.is_empty() {
                // Not written as typed: the words on one line in any order, as
                // `s` finds them, so a note opened from its hits shows them.
                matches = words_on_one_line(lines, &folded);
                complete = matches.len() < MAX_MATCHES;
            }
        }
        let current = matches.iter().position(|(line, _)| *line >= self.note_view.search_origin()).unwrap_or(0);
        if query.is_empty() {
            self.note_view.end_search();
        } else {
            self.note_view.set_search(NoteSearch { query: query.to_string(), matches, current, complete });
        }
        self.show_current_match();
    }

    fn show_current_match(&mut self) {
        let Some(search) = self.note_view.search() else {
            self.note_view.scroll_to(self.note_view.search_origin(), self.max_note_scroll());
            return;
        };
        let Some(line) = search.matches.get(search.current).map(|(line, _)| *line) else {
            self.message = Some(no_match_message(&search.query));
            return;
        };
        self.message = Some(format!(
            "“{}” match {}/{}{}",
            search.query,
            search.current + 1,
            search.matches.len(),
            if search.complete { "" } else { "+" }
        ));
        // A few lines of context above the match.
        self.note_view.scroll_to(line.saturating_sub(3), self.max_note_scroll());
    }

    /// `n` / `N` in the note pane: the next match while a search is on (as
    /// in less and vim, until Esc clears it), else the next unread note.
    pub(super) fn step_note_search(&mut self, forward: bool) {
        let Some(search) = self.note_view.search() else {
            self.jump_unread(forward);
            return;
        };
        let count = search.matches.len();
        if count == 0 {
            self.message = Some(no_match_message(&search.query));
            return;
        }
        // A jump, as in vim: Ctrl-o comes back to where the view was.
        self.push_history();
        let Some(search) = self.note_view.search_mut() else { return };
        let wrapped = if forward { search.current + 1 == count } else { search.current == 0 };
        search.current = if forward { (search.current + 1) % count } else { (search.current + count - 1) % count };
        self.show_current_match();
        if wrapped {
            if let Some(message) = &mut self.message {
                message.push_str(if forward { " (from the top)" } else { " (from the end)" });
            }
        }
    }

    /// Enter in the note search: the search stays on, matched or not, so
    /// `n`/`N` keep meaning it; the move to the first match is a jump.
    pub(super) fn finish_note_search(&mut self) {
        let Some(search) = self.note_view.search() else { return };
        let query = search.query.clone();
        self.note_view.history_mut().push(&query);
        let Some(search) = self.note_view.search() else { return };
        if search.matches.is_empty() {
            self.message = Some(no_match_message(&search.query));
            return;
        }
        if self.note_view.scroll() != self.note_view.search_origin() {
            if let Some(note) = self.selected_note() {
                self.journey.push(super::Location { note, scroll: self.note_view.search_origin() });
            }
        }
    }

    /// The note search's matches on rendered line `line`, and which one is current.
    pub fn matches_on_line(&self, line: usize) -> Vec<(Range<usize>, bool)> {
        let Some(search) = self.note_view.search() else { return Vec::new() };
        // Matches are in line order: a frame looks at its rows' matches only.
        let first = search.matches.partition_point(|(l, _)| *l < line);
        search.matches[first..]
            .iter()
            .take_while(|(l, _)| *l == line)
            .enumerate()
            .map(|(i, (_, r))| (r.clone(), first + i == search.current))
            .collect()
    }

    pub(super) fn clear_note_search(&mut self) {
        self.note_view.end_search();
    }

    /// Scrolls the note pane to a rendered line (an outline entry).
    pub(super) fn go_to_line(&mut self, line: usize) {
        self.push_history();
        self.overlay = None;
        self.panes.set_focus(Pane::Note);
        self.note_view.scroll_to(line, self.max_note_scroll());
    }

    /// `f`: follows a link of the shown note by its number (at once when
    /// there is only one, as `F` goes to a lone footnote).
    pub(super) fn start_follow_link(&mut self) -> Vec<Effect> {
        let count = self.note_view.rendered().map_or(0, |r| r.links.len());
        match count {
            0 => {
                self.message = Some("This note has no links".into());
                Vec::new()
            }
            1 => self.follow_link(1),
            _ => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::FollowLink { count, footnote: false },
                    field: TextField::default(),
                });
                Vec::new()
            }
        }
    }

    /// `F`: to a footnote of the Notes list, by its number (at once when
    /// there is only one); history-back (`ctrl-o`) returns to where the
    /// reader was, at its reference.
    pub(super) fn start_go_to_footnote(&mut self) {
        let count = self.note_view.rendered().map_or(0, |r| r.footnotes.len());
        match count {
            0 => self.message = Some("This note has no footnotes".into()),
            1 => self.go_to_footnote(1),
            _ => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::FollowLink { count, footnote: true },
                    field: TextField::default(),
                });
            }
        }
    }

    /// Scrolls to footnote `n` (1-based) of the shown note.
    pub(super) fn go_to_footnote(&mut self, n: usize) {
        match self.note_view.rendered().and_then(|r| r.footnotes.get(n.wrapping_sub(1))).copied() {
            Some(line) => {
                self.go_to_line(line);
                let back = self.keymap.hint(crate::keymap::Context::Note, crate::keymap::Action::HistoryBack);
                self.message = Some(match back {
                    Some(key) => format!("Footnote {n} · {key} goes back"),
                    None => format!("Footnote {n}"),
                });
            }
            None => self.message = Some(format!("No footnote {n} in this note")),
        }
    }

    /// Follows link number `n` (1-based) of the shown document.
    pub(super) fn follow_link(&mut self, n: usize) -> Vec<Effect> {
        let Some(link) = self.note_view.rendered().and_then(|r| r.links.get(n.wrapping_sub(1))).cloned() else {
            self.message = Some(format!("No link [{n}] in this note"));
            return Vec::new();
        };
        // `#section` alone points into the file being read: in a one-file
        // event, usually another of its talks (a schedule at the top).
        if !is_note_link(&link.url) && !link.url.starts_with('#') {
            return self.open_outside(&link.url);
        }
        let Some((goal, heading)) = self.link_goal(&link.url) else {
            self.message = Some(format!(
                "The link target {} is not a note of this collection",
                crate::text::sanitize_line(&link.url)
            ));
            return Vec::new();
        };
        self.push_history();
        let same_document = self.document() == Some(goal);
        let opened = match goal {
            _ if same_document => heading.clone().map_or_else(|| "this note".to_string(), |h| format!("“{h}”")),
            Document::Note(note) => format!("“{}”", self.collection.notes[note].title),
            Document::Overview(event) => format!("“{}”", self.collection.events[event].name),
        };
        match goal {
            Document::Note(note) => self.select_note(note),
            Document::Overview(event) => {
                self.select_event(event);
                self.select_entry(0);
            }
        }
        self.panes.set_focus(Pane::Note);
        self.note_view.go_to_heading(heading);
        // What the link opened, and the way back (as for a footnote).
        let back = self.keymap.hint(crate::keymap::Context::Note, crate::keymap::Action::HistoryBack);
        let opened = crate::text::sanitize_line(&opened);
        self.message = Some(match back {
            Some(key) => format!("Link {n}: {opened} · {key} goes back"),
            None => format!("Link {n}: {opened}"),
        });
        // Nothing is rendered anew for a heading of the shown document, so go there now.
        if same_document {
            self.apply_pending_heading();
        }
        Vec::new()
    }

    /// Opens a link that is not a note, when [`link_opening`] allows it;
    /// otherwise says why not and puts the link on the clipboard.
    fn open_outside(&mut self, url: &str) -> Vec<Effect> {
        let shown = crate::text::sanitize_line(url);
        let root = match &self.collection.origin {
            Origin::Folder(root) => Some(root.clone()),
            Origin::Bundled => None,
        };
        let from = self.shown_file().unwrap_or_default();
        match link_opening(url, &from, root.is_some()) {
            LinkOpening::Address(url) => {
                self.message = Some(format!("Opening {shown}"));
                vec![Effect::OpenUrl(url)]
            }
            LinkOpening::File(file) => {
                self.message = Some(format!("Opening {}", crate::text::sanitize_line(&file)));
                // Files are only ever offered for a folder collection.
                root.map(|root| Effect::OpenFile { root, file }).into_iter().collect()
            }
            LinkOpening::Refused(reason) => {
                self.message = Some(format!("Not opened, {reason}: {shown} (copied to the clipboard)"));
                vec![Effect::CopyToClipboard(shown)]
            }
        }
    }

    /// The file the shown document was read from, which its relative links
    /// start from: a section note's file (its id has a `#slug`), an event's
    /// overview file (`README.md`, or the one-file event itself).
    pub(super) fn shown_file(&self) -> Option<String> {
        self.document().map(|d| self.document_file(d))
    }

    /// The file `document` was read from (see [`App::shown_file`]).
    pub(super) fn document_file(&self, document: Document) -> String {
        let c = &self.collection;
        match document {
            Document::Note(n) => c.notes[n].source_file().to_string(),
            Document::Overview(e) => c.events[e].overview_id(),
        }
    }

    /// Where a note link of the shown document leads, and the heading to
    /// scroll to there. A link to a file split into talks leads to the talk
    /// its `#fragment` names (or the talk holding that heading), else to the
    /// event's overview; a link to an overview file (`event.md`,
    /// `README.md`, ...) leads to that overview.
    fn link_goal(&self, url: &str) -> Option<(Document, Option<String>)> {
        self.link_goal_from(&self.shown_file()?, url)
    }

    /// What a note link in `document` is called in its Links list: the
    /// title of the note it leads to, or that it leads nowhere.
    pub(super) fn link_label(&self, document: Document, url: &str) -> crate::render::LinkLabel {
        let c = &self.collection;
        match self.link_goal_from(&self.document_file(document), url) {
            Some((Document::Note(n), _)) => crate::render::LinkLabel::Note(c.notes[n].title.clone()),
            Some((Document::Overview(e), _)) => {
                crate::render::LinkLabel::Note(format!("{} (overview)", c.events[e].name))
            }
            None => crate::render::LinkLabel::Nowhere,
        }
    }

    /// [`App::link_goal`] for a link in the file `from`.
    fn link_goal_from(&self, from: &str, url: &str) -> Option<(Document, Option<String>)> {
        let c = &self.collection;
        let from = from.to_string();
        let file = if url.starts_with('#') {
            Some(from.clone())
        } else if doc_link_name(url).is_some() {
            resolve_doc_link(c, &from, url)
        } else {
            resolve_link(&from, url)
        }?;
        let fragment = url.split_once('#').map(|(_, f)| f.split('?').next().unwrap_or(f)).filter(|f| !f.is_empty());
        if let Some(note) = c.note_index(&file) {
            return Some((Document::Note(note), fragment.map(str::to_string)));
        }
        let talks: Vec<usize> = (0..c.notes.len()).filter(|&n| c.notes[n].source_file() == file).collect();
        if let Some(fragment) = fragment {
            let wanted = slug(fragment);
            let talk = talks
                .iter()
                .copied()
                .find(|&n| c.notes[n].id.0.split_once('#').is_some_and(|(_, s)| s == fragment || s == wanted));
            if let Some(talk) = talk {
                // The fragment named the talk itself: it opens at its top.
                return Some((Document::Note(talk), None));
            }
            let holder = talks.iter().copied().find(|&n| {
                c.body(n)
                    .unwrap_or_default()
                    .lines()
                    .any(|l| l.starts_with('#') && same_anchor(l.trim_start_matches('#'), fragment))
            });
            if let Some(holder) = holder {
                return Some((Document::Note(holder), Some(fragment.to_string())));
            }
        }
        let event = c
            .events
            .iter()
            .position(|e| e.overview_file.as_deref() == Some(file.as_str()) || e.folder == file)
            .or_else(|| talks.first().map(|&n| c.notes[n].event))
            .or_else(|| c.events.iter().position(|e| format!("{}/event.md", e.folder) == file))?;
        Some((Document::Overview(event), fragment.map(str::to_string)))
    }

    /// After rendering: scrolls to the heading a link's `#fragment` named.
    pub(super) fn apply_pending_heading(&mut self) {
        let Some(fragment) = self.note_view.take_heading() else { return };
        let line = self
            .note_view
            .rendered()
            .and_then(|r| r.headings.iter().find(|h| same_anchor(&h.text, &fragment)))
            .map(|h| h.line);
        match line {
            Some(line) => self.note_view.scroll_to(line, self.max_note_scroll()),
            None => self.message = Some(format!("No section “{fragment}” in this note")),
        }
    }
}

/// Whether a heading and a link's `#fragment` name the same anchor: the
/// one slug of [`crate::notes::sections::slug`], folded as search folds, so
/// `#ete-a-zurich` and `#été-à-zürich` both reach "Été à Zürich".
fn same_anchor(heading: &str, fragment: &str) -> bool {
    fold(&slug(heading)) == fold(&slug(fragment))
}

/// Every word of a folded query of two words or more on each line that
/// holds them all, in line order: nothing for a single word.
fn words_on_one_line(lines: &crate::render::StyledLines, folded: &str) -> Vec<(usize, Range<usize>)> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let mut matches = Vec::new();
    for i in 0..lines.len() {
        let plain = lines.plain(i);
        let mut found: Vec<Range<usize>> = Vec::new();
        for word in &words {
            let ranges = find_folded(plain, word);
            if ranges.is_empty() {
                found.clear();
                break;
            }
            found.extend(ranges);
        }
        found.sort_by_key(|r| (r.start, r.end));
        found.dedup_by(|later, earlier| later.start < earlier.end);
        matches.extend(found.into_iter().map(|r| (i, r)));
        if matches.len() >= MAX_MATCHES {
            matches.truncate(MAX_MATCHES);
            break;
        }
    }
    matches
}

/// What `n`, `N` and Enter say when the search matched nothing.
fn no_match_message(query: &str) -> String {
    format!("“{query}”: no match in this note (Esc clears the search)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_match_github_spellings_with_or_without_accents() {
        assert!(same_anchor("Across the years", "across-the-years"));
        assert!(same_anchor("What's new? (2024)", "whats-new-2024"));
        assert!(same_anchor("Zürich", "zurich"));
        assert!(same_anchor("Été à Zürich", "ete-a-zurich"));
        assert!(same_anchor("Été à Zürich", "été-à-zürich"));
        assert!(!same_anchor("Zürich", "zurich-2"));
    }
}
