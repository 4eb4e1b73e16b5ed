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
        let window = app.chart_columns(super::content_width(app.area()), self.year);
        (!window.years.is_empty()).then(|| format!("    {}", crate::app::chart::header(&window)))
    }

    fn items(&self, app: &App) -> Vec<ListItem> {
        let c = &app.collection;
        let window = app.chart_columns(super::content_width(app.area()), self.year);
        app.related
            .topics(c)
            .into_iter()
            .map(|t| {
                let counts: Vec<(i32, usize)> = (app.related.topic_years(c, &t.topic).into_iter())
                    .filter_map(|(year, notes)| Some((year?, notes.len())))
                    .collect();
                let chart = crate::app::chart::row(&window, &counts, self.year);
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

    fn open(&mut self, item: ListItem, app: &mut App) -> Outcome {
        let ListTarget::Topic(topic) = item.target else { return Outcome::Ignored };
        // A year chosen in the chart opens the topic in that year; an empty
        // cell would open a list that says only "Nothing matches the filter".
        if let Some(year) = self.year {
            let years = app.related.topic_years(&app.collection, &topic);
            if !years.iter().any(|(y, notes)| *y == Some(year) && !notes.is_empty()) {
                app.message = Some(format!("No {} notes in {year}: left and right choose another year", item.title));
                return Outcome::Stay(Vec::new());
            }
        }
        let filter = self.year.map(|y| y.to_string()).unwrap_or_default();
        Outcome::Push(Box::new(List::new(TopicTimeline { topic })), filter)
    }

    fn act(&mut self, action: Action, app: &mut App) -> Outcome {
        let step = match action {
            Action::FocusLeft => -1,
            Action::FocusRight => 1,
            _ => return Outcome::Ignored,
        };
        // Every year, shown or not: the chart scrolls sideways to the one chosen.
        self.year = crate::app::chart::step_year(&app.chart_years(), self.year, step);
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
