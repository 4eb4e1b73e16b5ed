//! `t`: every topic with a row of the topics × years chart; left and right
//! choose a year, Enter opens the topic's timeline (in the chosen year).

use super::list::{List, ListItem, ListTarget, Source};
use super::topic_timeline::TopicTimeline;
use super::{Outcome, View};
use crate::app::App;
use crate::keymap::Action;

#[derive(Default)]
pub struct Topics {
    /// The year chosen in the chart: Enter opens the topic in it.
    pub year: Option<i32>,
}

impl Source for Topics {
    fn title(&self) -> &'static str {
        "Topics"
    }

    fn closed_by(&self, action: Action) -> bool {
        matches!(action, Action::ShowTopics | Action::ShowRelated)
    }

    /// The chart's years, over the cells of each topic's second line.
    fn heading(&self, app: &App) -> Option<String> {
        let (years, cut) = app.chart_columns(super::content_width(app.area()));
        // `…` in the indent says earlier years are left out.
        let indent = if cut { "  … " } else { "    " };
        (!years.is_empty()).then(|| format!("{indent}{}", crate::app::chart::header(&years)))
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        let (years, _) = app.chart_columns(super::content_width(app.area()));
        app.related
            .topics(c)
            .into_iter()
            .map(|t| {
                let counts: Vec<(i32, usize)> = (app.related.topic_years(c, &t.topic).into_iter())
                    .filter_map(|(year, notes)| Some((year?, notes.len())))
                    .collect();
                let chart = crate::app::chart::row(&years, &counts, self.year);
                let spans: Vec<String> = t.years.iter().map(ToString::to_string).collect();
                let notes = crate::app::reading::plural(t.notes, "note");
                ListItem {
                    group: String::new(),
                    title: t.label,
                    detail: format!("{chart}  {notes} · {}", spans.join(" → ")),
                    target: ListTarget::Topic(t.topic),
                }
            })
            .collect()
    }

    fn open(&mut self, item: ListItem, _app: &mut App) -> Outcome {
        let ListTarget::Topic(topic) = item.target else { return Outcome::Ignored };
        // A year chosen in the chart opens the topic in that year.
        let filter = self.year.map(|y| y.to_string()).unwrap_or_default();
        Outcome::Push(Box::new(List::new(TopicTimeline { topic })), filter)
    }

    fn act(&mut self, action: Action, app: &mut App) -> Outcome {
        let step = match action {
            Action::FocusLeft => -1,
            Action::FocusRight => 1,
            _ => return Outcome::Ignored,
        };
        let (years, _) = app.chart_columns(super::content_width(app.area()));
        self.year = crate::app::chart::step_year(&years, self.year, step);
        if let Some(year) = self.year {
            app.message = Some(format!("{year}: Enter opens the topic in that year"));
        }
        Outcome::Stay(Vec::new())
    }
}

/// The topics view, or why there is none.
pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    if app.related.topics(&app.collection).is_empty() {
        app.message = Some(
            "No topics in this collection: give notes `topics:` in their front matter, or add a topics.toml".into(),
        );
        return None;
    }
    Some(Box::new(List::new(Topics::default())))
}
