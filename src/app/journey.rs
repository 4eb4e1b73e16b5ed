//! Moving between related notes across years: `]`/`[` jumps that keep
//! following one topic, the jump history, the related and topic views, and
//! the side-by-side comparison.

use super::{App, Document, RenderedDoc};
use crate::keymap::Action;
use crate::layout::Pane;
use crate::relate::reason::reasons;
use crate::relate::{Direction, Jump, Reason, Topic};

/// A place to come back to with history-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub note: usize,
    pub scroll: usize,
}

/// Where the reader has been, and the topic `]`/`[` keep following: a
/// part of the app that owns its state, changed only through its methods.
#[derive(Debug, Default)]
pub struct Journey {
    back: Vec<Location>,
    forward: Vec<Location>,
    /// The topic `]`/`[` keep following, and the note it was reached at.
    followed: Option<(usize, Topic)>,
}

impl Journey {
    /// Remembers `location` for history-back; a new jump forgets the way forward.
    pub fn push(&mut self, location: Location) {
        if self.back.last() != Some(&location) {
            self.back.push(location);
        }
        self.forward.clear();
    }

    /// One step back (or forward) from `here`: where to go, if anywhere.
    fn step(&mut self, back: bool, here: Option<Location>) -> Option<Location> {
        let (from, to) = if back { (&mut self.back, &mut self.forward) } else { (&mut self.forward, &mut self.back) };
        let target = from.pop()?;
        to.extend(here);
        Some(target)
    }

    /// Follows `topic` from `note` on (or stops following, with `None`).
    pub fn follow(&mut self, note: usize, topic: Option<Topic>) {
        self.followed = topic.map(|t| (note, t));
    }

    /// The topic being followed, if it was reached at `note`.
    pub fn followed_at(&self, note: usize) -> Option<&Topic> {
        self.followed.as_ref().filter(|(n, _)| *n == note).map(|(_, t)| t)
    }

    /// Whether there is nowhere to go back to.
    pub fn at_start(&self) -> bool {
        self.back.is_empty()
    }

    /// Forgets everything: the notes it points at are gone (a reload).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// The note pane split in two: the current note and a related one from another year.
#[derive(Debug, Clone)]
pub struct Compare {
    /// The note the comparison was made for; when another note is shown
    /// (opened from the finder, moved to with `j`), the partner is chosen again.
    left: usize,
    /// The note shown beside it.
    other: usize,
    /// The topic the right-hand note was chosen for, followed by `]`/`[`.
    topic: Option<Topic>,
    /// The first line of the right half shown.
    scroll: usize,
    /// The right half has the keys.
    focus_right: bool,
    /// Every related note of another year, best first: `c` again shows the
    /// next one, and after the last closes the comparison.
    offered: Vec<usize>,
    /// Where `other` stands in `offered` (it may have moved on by `]`/`[`).
    at: usize,
    /// The right-hand note as rendered for its half.
    rendered: Option<RenderedDoc>,
}

impl Compare {
    /// The note the comparison was made for.
    pub fn left(&self) -> usize {
        self.left
    }

    /// The note shown beside the current one.
    pub fn other(&self) -> usize {
        self.other
    }

    /// The first line of the right half shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Whether the right half has the keys.
    pub fn focus_right(&self) -> bool {
        self.focus_right
    }

    /// Gives the keys to the right half, or back to the left.
    pub fn set_focus_right(&mut self, right: bool) {
        self.focus_right = right;
    }

    /// Shows `line` of the right half first, as far as it goes (`max`).
    pub fn scroll_to(&mut self, line: usize, max: usize) {
        self.scroll = line.min(max);
    }

    /// The right-hand note as rendered for its half.
    pub fn rendered(&self) -> Option<&RenderedDoc> {
        self.rendered.as_ref()
    }

    /// The right-hand note rendered anew (or dropped, to be rendered again).
    pub fn show(&mut self, rendered: Option<RenderedDoc>) {
        self.rendered = rendered;
    }
}

impl App {
    pub(super) fn year_label(&self, note: usize) -> String {
        self.collection.event_of(note).year().map_or_else(|| "undated".to_string(), |y| y.to_string())
    }

    /// Why a jump went where it did, in the words of the related view:
    /// `topic: Observability · 2019 → 2022`, `both about wasm, runtime · 2019 → 2023`.
    fn jump_reason(&self, from: usize, jump: &Jump) -> String {
        format!("{}{}", self.jump_why(from, jump), jump_years(jump))
    }

    /// Why `jump` goes where it does: the topic, or the strongest reason of the relation.
    fn jump_why(&self, from: usize, jump: &Jump) -> String {
        let c = &self.collection;
        let why = match &jump.topic {
            Some(t) => Reason::Topic {
                topic: t.clone(),
                label: self.related.topic_label(c, t).to_string(),
                inferred: jump.inferred,
            }
            .to_string(),
            // No topic: `related:`, a link or text similarity chose the note;
            // the relation's strongest reason says which.
            None => self
                .related
                .related(c, from)
                .iter()
                .find(|r| r.note == jump.note)
                .and_then(|r| reasons(c, from, r).into_iter().next())
                .map_or_else(|| "related".to_string(), |r| r.to_string()),
        };
        why
    }

    /// The next jump from `note`: along the followed topic while the note has it, else the best one.
    fn next_jump(&self, note: usize, topic: Option<&Topic>, dir: Direction) -> Option<Jump> {
        let c = &self.collection;
        topic
            .filter(|t| c.notes[note].topics.contains(t))
            .and_then(|t| self.related.jump_on_topic(c, note, t, dir))
            .or_else(|| self.related.jump(c, note, dir))
    }

    /// Whether `]` and `[` go anywhere from the note they jump from (the
    /// one beside it when comparing), so hints offer only jumps that can
    /// happen; both while the notes are still being related.
    pub fn jump_years(&self) -> (bool, bool) {
        if self.related_pending {
            return (true, true);
        }
        let (from, topic) = match &self.compare {
            Some(compare) => (Some(compare.other), compare.topic.as_ref()),
            None => (self.selected_note(), self.selected_note().and_then(|n| self.journey.followed_at(n))),
        };
        let Some(note) = from else { return (false, false) };
        let c = &self.collection;
        let (later, earlier) = self.related.jump_years(c, note);
        // A followed topic may lead where no relation does (a phrase's notes), as `next_jump` goes.
        let along = |dir| {
            topic
                .filter(|t| c.notes[note].topics.contains(t))
                .is_some_and(|t| self.related.jump_on_topic(c, note, t, dir).is_some())
        };
        (later || along(Direction::Later), earlier || along(Direction::Earlier))
    }

    pub(super) fn jump_related(&mut self, dir: Direction) {
        if let Some(compare) = &self.compare {
            let (other, topic) = (compare.other, compare.topic.clone());
            match self.next_jump(other, topic.as_ref(), dir) {
                Some(jump) => {
                    self.message = Some(format!("Beside: {}", self.jump_reason(other, &jump)));
                    if let Some(compare) = &mut self.compare {
                        compare.other = jump.note;
                        compare.topic = jump.topic.or(topic);
                        compare.scroll = 0;
                    }
                }
                None => self.message = Some(no_year_message(dir)),
            }
            return;
        }
        let Some(note) = self.selected_note() else {
            self.message = Some("Select a note to follow its topics across years".into());
            return;
        };
        let followed = self.journey.followed_at(note).cloned();
        match self.next_jump(note, followed.as_ref(), dir) {
            Some(jump) => {
                self.push_history();
                self.message = Some(self.jump_reason(note, &jump));
                self.select_note(jump.note);
                if self.focus() == Pane::Timeline {
                    self.panes.set_focus(Pane::Talks);
                }
                self.journey.follow(jump.note, jump.topic.or(followed));
            }
            None => self.message = Some(no_year_message(dir)),
        }
    }

    fn here(&self) -> Option<Location> {
        self.selected_note().map(|note| Location { note, scroll: self.note_view.scroll() })
    }

    pub(super) fn push_history(&mut self) {
        if let Some(here) = self.here() {
            self.journey.push(here);
        }
    }

    fn go_to(&mut self, location: Location) {
        self.select_note(location.note);
        self.note_view.return_to(location.scroll);
        self.journey.follow(location.note, None);
    }

    pub(super) fn history_step(&mut self, back: bool) {
        let here = self.here();
        let Some(target) = self.journey.step(back, here) else {
            self.message = Some(if back { "Nothing to go back to" } else { "Nothing to go forward to" }.into());
            return;
        };
        self.go_to(target);
    }

    /// Opens a note from a view: remembered in the history, shown in the note pane.
    pub(super) fn open_from_view(&mut self, note: usize) {
        self.push_history();
        self.overlay = None;
        self.select_note(note);
        self.panes.set_focus(Pane::Note);
    }

    /// [`App::open_from_view`] for an event's overview.
    pub(super) fn open_overview_from_view(&mut self, event: usize) {
        self.push_history();
        self.overlay = None;
        self.select_event(event);
        self.select_entry(0);
        self.panes.set_focus(Pane::Note);
    }

    /// Ends the comparison (`Esc`).
    pub(super) fn close_compare(&mut self) {
        if self.compare.take().is_some() {
            self.message = Some("Comparison closed".into());
        }
    }

    /// `c`: compares the note with its best related note of another year;
    /// again, with the next one offered; after the last, closes.
    pub(super) fn toggle_compare(&mut self) {
        if let Some(compare) = &self.compare {
            let next = compare.at + 1;
            match compare.offered.get(next) {
                Some(&other) => self.show_offered(next, other),
                None => {
                    self.compare = None;
                    self.message = Some("Comparison closed".into());
                }
            }
            return;
        }
        let Some(note) = self.selected_note() else {
            self.message = Some("Select a note to compare it with another year".into());
            return;
        };
        match self.compare_for(note) {
            Some((compare, message)) => {
                self.compare = Some(compare);
                self.say_keeping(message);
                self.panes.set_focus(Pane::Note);
            }
            None => self.message = Some("No related note in another year to compare with".into()),
        }
    }

    /// Shows the `at`th offered note on the right.
    fn show_offered(&mut self, at: usize, other: usize) {
        let Some(compare) = &self.compare else { return };
        let (left, count) = (compare.left, compare.offered.len());
        let relation = self.related.other_years(&self.collection, left).into_iter().find(|r| r.note == other);
        let (message, topic) = relation.map_or((None, None), |r| {
            let (message, topic) = self.offered_message(left, &r, at, count);
            (Some(message), topic)
        });
        if let Some(compare) = &mut self.compare {
            compare.other = other;
            compare.at = at;
            compare.topic = topic;
            compare.scroll = 0;
            compare.rendered = None;
        }
        match message {
            Some(message) => self.say_keeping(message),
            None => self.message = None,
        }
    }

    /// What to say of the `at`th of `count` notes offered beside `note`
    /// (why; then the years and key hint, which a narrow status line keeps
    /// whole; then the key hint alone, kept with less room still), and the
    /// topic that chose it.
    fn offered_message(
        &self,
        note: usize,
        r: &crate::relate::Relation,
        at: usize,
        count: usize,
    ) -> ((String, String, String), Option<Topic>) {
        let c = &self.collection;
        let jump = Jump {
            note: r.note,
            topic: r.shared_topics.first().cloned(),
            inferred: false,
            shared_terms: r.shared_terms.clone(),
            from_year: c.event_of(note).year(),
            to_year: c.event_of(r.note).year(),
        };
        // The key that goes on, as bound; on the last note it closes instead.
        let key = self.keymap.hint(self.context(), Action::ToggleCompare).unwrap_or_else(|| "toggle-compare".into());
        let then = if at + 1 < count { "next" } else { "close" };
        let place = if count > 1 { format!(" ({} of {count}; {key}: {then})", at + 1) } else { String::new() };
        // Short of room, the topic's words give way before the years, and they before the hint.
        let years = format!("{}{place}", jump_years(&jump));
        ((format!("Beside: {}", self.jump_why(note, &jump)), years, place), jump.topic)
    }

    /// A comparison of `note` with its best related note of another year,
    /// and what to say about it.
    fn compare_for(&self, note: usize) -> Option<(Compare, (String, String, String))> {
        // Every related note of another year is on offer, best first; the
        // best is shown, `c` shows the next, and `]`/`[` move through the years.
        let c = &self.collection;
        let offered = self.related.other_years(c, note);
        let best = offered.first()?;
        let (message, topic) = self.offered_message(note, best, 0, offered.len());
        let compare = Compare {
            left: note,
            other: best.note,
            topic,
            scroll: 0,
            focus_right: false,
            rendered: None,
            offered: offered.iter().map(|r| r.note).collect(),
            at: 0,
        };
        Some((compare, message))
    }

    /// Keeps the comparison about the note shown: a new note on the left
    /// gets its own partner, or the comparison ends if it has none.
    pub(super) fn follow_compare(&mut self) {
        let Some(compare) = &self.compare else { return };
        let shown = self.selected_note();
        if shown == Some(compare.left) {
            return;
        }
        let focus_right = compare.focus_right;
        match shown.and_then(|note| self.compare_for(note)) {
            Some((mut compare, message)) => {
                compare.focus_right = focus_right;
                self.compare = Some(compare);
                self.say_keeping(message);
            }
            None => {
                self.compare = None;
                self.message = Some("Comparison closed: no related note in another year".into());
            }
        }
    }

    /// The document shown in the right half when comparing.
    pub fn compare_document(&self) -> Option<Document> {
        self.compare.as_ref().map(|c| Document::Note(c.other))
    }
}

fn no_year_message(dir: Direction) -> String {
    match dir {
        Direction::Later => "No related note in a later year".into(),
        Direction::Earlier => "No related note in an earlier year".into(),
    }
}

/// ` · 2019 → 2022`: the years a jump goes between.
fn jump_years(jump: &Jump) -> String {
    let year = |y: Option<i32>| y.map_or_else(|| "undated".into(), |y| y.to_string());
    format!(" · {} → {}", year(jump.from_year), year(jump.to_year))
}
