//! The timeline grouped by conference series (the editions of one
//! conference across years together) and the jumps from one edition of a
//! series to the next or previous.

use std::collections::HashMap;

use super::{App, Document};
use crate::notes::Collection;

/// How the timeline groups its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// Under a header per year.
    #[default]
    Year,
    /// Under a header per series; an event of no series under its own name.
    Series,
}

impl Grouping {
    pub fn label(self) -> &'static str {
        match self {
            Grouping::Year => "by year",
            Grouping::Series => "by series",
        }
    }
}

impl App {
    /// `order` (events in timeline order) with each series' editions
    /// brought together where its first edition in `order` stands, so the
    /// series whose latest edition is newest comes first when the timeline is
    /// newest first. Events of no series stay alone.
    pub(super) fn group_by_series(&self, order: &[usize]) -> Vec<usize> {
        let events = &self.collection.events;
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for &e in order {
            match events[e].series_key.as_deref() {
                Some(key) => match group_of.get(key) {
                    Some(&g) => groups[g].push(e),
                    None => {
                        group_of.insert(key, groups.len());
                        groups.push(vec![e]);
                    }
                },
                None => groups.push(vec![e]),
            }
        }
        groups.concat()
    }

    pub(super) fn toggle_series_view(&mut self) {
        self.grouping = match self.grouping {
            Grouping::Year => Grouping::Series,
            Grouping::Series => Grouping::Year,
        };
        self.message = Some(match self.grouping {
            Grouping::Year => "Events grouped by year".into(),
            Grouping::Series => "Events grouped by series: the editions of each conference together".into(),
        });
    }

    /// The event the reader is at: the selected one, or the shown note's.
    pub(super) fn current_event(&self) -> Option<usize> {
        match self.document()? {
            Document::Overview(e) => Some(e),
            Document::Note(n) => Some(self.collection.notes[n].event),
        }
    }

    /// Selects the next (`later`) or previous edition of the current event's
    /// series, showing its overview in the note pane, from whichever pane.
    pub(super) fn jump_edition(&mut self, later: bool) {
        let Some(event) = self.current_event() else {
            self.message = Some("Select an event or a note to go to another edition of it".into());
            return;
        };
        let c = &self.collection;
        let series = series_name(c, event).into_owned();
        let editions = c.series_editions(event);
        if editions.len() < 2 {
            self.message = Some(format!("{series} has no other edition in your notes"));
            return;
        }
        let at = editions.iter().position(|&e| e == event).unwrap_or(0);
        let target = if later { editions.get(at + 1) } else { at.checked_sub(1).and_then(|i| editions.get(i)) };
        let Some(&target) = target else {
            let which = if later { "later" } else { "earlier" };
            self.message = Some(format!("No {which} edition of {series} than {}", year_label(c, event)));
            return;
        };
        let message = format!(
            "{series}: {} → {} (edition {} of {})",
            year_label(c, event),
            year_label(c, target),
            editions.iter().position(|&e| e == target).map_or(0, |i| i + 1),
            editions.len()
        );
        // Ctrl-o comes back to the note being read.
        self.push_history();
        let hidden = self.lift_filter_hiding(|f| f.lists_event(target));
        self.select_event(target);
        self.select_entry(0);
        self.message = Some(if hidden { format!("{message}; filter lifted to show it") } else { message });
    }
}

/// The series an event belongs to as shown: its series name, else its own
/// without the year (the edition's row under it says the year: a
/// conference of one edition in the notes is still named as a series is).
pub fn series_name(c: &Collection, event: usize) -> std::borrow::Cow<'_, str> {
    let e = &c.events[event];
    match e.series.as_deref().filter(|_| e.series_key.is_some()) {
        Some(series) => series.into(),
        None => e.name_without_year(),
    }
}

fn year_label(c: &Collection, event: usize) -> String {
    c.events[event].year().map_or_else(|| "the undated one".to_string(), |y| y.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::app::{Notice, Settings, TimelineRow};
    use crate::keymap::{Action, Keymap};
    use crate::layout::Pane;
    use crate::notes::{load_bundled, load_folder};

    fn app(collection: Collection) -> App {
        let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
        let _ = app.notice(Notice::Resize { width: 160, height: 45 });
        app
    }

    fn layout_fixture(name: &str) -> App {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts").join(name);
        app(load_folder(&root).expect("fixture loads"))
    }

    fn folders(app: &App) -> Vec<&str> {
        app.event_order().into_iter().map(|e| app.collection.events[e].folder.as_str()).collect()
    }

    /// The series headers of the timeline, top to bottom.
    fn series_headers(app: &App) -> Vec<String> {
        let rows = app.timeline_rows().into_iter();
        rows.filter_map(|r| match r {
            TimelineRow::Series(e) => Some(series_name(&app.collection, e).into_owned()),
            _ => None,
        })
        .collect()
    }

    #[test]
    fn series_view_puts_editions_together_newest_series_first() {
        let mut app = layout_fixture("series-folders");
        let _ = app.update(Action::ToggleSeriesView);
        assert_eq!(app.grouping, Grouping::Series);
        assert_eq!(
            folders(&app),
            [
                "oxidconf/OXIDCONF-2023.md",
                "oxidconf/oxidconf-2019.md",
                "ZoCon/zocon-us-2022.md",
                "ZoCon/zocon-us-2019.md",
                "quirkyweave/2018",
                "quirkyweave/2016",
                "ZoCon",
            ]
        );
        let headers = series_headers(&app);
        assert_eq!(headers, ["OxidConf", "ZoCon", "Quirkyweave", "ZoCon"], "the undated ZoCon folder is no edition");
        let _ = app.update(Action::ToggleTimelineOrder);
        assert_eq!(folders(&app)[..2], ["quirkyweave/2016", "quirkyweave/2018"], "oldest first: oldest series first");
        let _ = app.update(Action::ToggleSeriesView);
        assert_eq!(app.grouping, Grouping::Year);
    }

    #[test]
    fn events_of_no_series_head_their_own_group() {
        let mut app = layout_fixture("year-folders");
        let _ = app.update(Action::ToggleSeriesView);
        let rows = app.timeline_rows();
        let series_rows = rows.iter().filter(|r| matches!(r, TimelineRow::Series(_))).count();
        let event_rows = rows.iter().filter(|r| matches!(r, TimelineRow::Event(_))).count();
        // Quirkyweave 2016 and 2018 share a header; the three others have one each.
        assert_eq!((series_rows, event_rows), (4, 5));
        assert!(!rows.iter().any(|r| matches!(r, TimelineRow::Year(_))));
    }

    #[test]
    fn edition_jumps_go_along_the_series_from_any_pane() {
        let mut app = app(load_bundled());
        let c = std::sync::Arc::clone(&app.collection);
        let folder = |app: &App| c.events[app.event().expect("selected")].folder.clone();
        assert_eq!(folder(&app), "2024-11-salt-lake-city");
        let _ = app.update(Action::NextEdition);
        assert_eq!(folder(&app), "2024-11-salt-lake-city");
        assert_eq!(
            app.message.as_deref(),
            Some("No later edition of KubeCon + CloudNativeCon North America than 2024")
        );
        let _ = app.update(Action::PrevEdition);
        assert_eq!(folder(&app), "2022-10-detroit");
        assert_eq!(
            app.message.as_deref(),
            Some("KubeCon + CloudNativeCon North America: 2024 → 2022 (edition 1 of 2)")
        );
        // From a note in the note pane: the other edition's overview shows there.
        let paris = c.note_index("2024-03-paris/ai-ml.md").expect("note");
        app.select_note(paris);
        app.set_focus(Pane::Note);
        let _ = app.update(Action::PrevEdition);
        assert_eq!(folder(&app), "2019-barcelona");
        assert_eq!(app.document(), Some(Document::Overview(app.event().expect("selected"))));
        assert_eq!(app.focus(), Pane::Note);
        let _ = app.update(Action::HistoryBack);
        assert_eq!(app.selected_note(), Some(paris), "back to the note read before the jump");
    }

    #[test]
    fn an_event_of_no_series_says_so() {
        let mut app = layout_fixture("year-folders");
        let zocon = app.collection.events.iter().position(|e| e.folder == "2018/zocon-de").expect("event");
        app.select_event(zocon);
        let _ = app.update(Action::NextEdition);
        assert_eq!(app.message.as_deref(), Some("ZoCon DE has no other edition in your notes"));
    }

    #[test]
    fn a_conference_of_one_edition_heads_its_group_without_the_year() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (folder, heading) in
            [("2015/widget-universe", "Widget Universe 2015 notes"), ("2016/gadget-days", "Gadget Days")]
        {
            std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
            std::fs::write(dir.path().join(folder).join("README.md"), format!("# {heading}\n")).expect("write");
            std::fs::write(dir.path().join(folder).join("talk.md"), "# A talk\n\nText.\n").expect("write");
        }
        let mut app = app(load_folder(dir.path()).expect("loads"));
        let widget = app.collection.events.iter().position(|e| e.folder.ends_with("widget-universe")).expect("event");
        assert_eq!(app.collection.events[widget].name, "Widget Universe 2015", "the event keeps its year");
        let _ = app.update(Action::ToggleSeriesView);
        let headers = series_headers(&app);
        assert_eq!(headers, ["Gadget Days", "Widget Universe"], "the edition's row under it says 2015");
        app.select_event(widget);
        let _ = app.update(Action::NextEdition);
        assert_eq!(app.message.as_deref(), Some("Widget Universe has no other edition in your notes"));
    }
}
