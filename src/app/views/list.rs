//! What list views share: items of a title and a detail line, grouped
//! under headers (years), filtered by the view filter, two lines an item.
//! A list view is a [`Source`] of items; [`List`] makes it a [`View`].

use std::any::Any;

use ratatui::text::{Line, Span};

use super::{Content, Filter, Outcome, View};
use crate::app::App;
use crate::keymap::Action;
use crate::relate::Topic;

/// One entry of a list view.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// A heading shown above the item when it differs from the previous item's.
    pub group: String,
    pub title: String,
    pub detail: String,
    pub target: ListTarget,
}

/// What choosing a list item opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListTarget {
    Note(usize),
    Topic(Topic),
    /// A line of the shown document (an outline entry).
    Line(usize),
    /// A file of the collection, by its path from the root, for the system opener.
    File(String),
    /// A speaker, by folded name: opens their talks.
    Speaker(String),
}

/// A list view's own part: its title, its items, what Enter does.
pub trait Source: 'static {
    fn title(&self) -> &'static str;
    /// A line above the items.
    fn heading(&self, _app: &App) -> Option<String> {
        None
    }
    /// Every item, before the view filter.
    fn items(&self, app: &App) -> Vec<ListItem>;
    /// Whether `action` closes the view: `r` closes any list, as it always has.
    fn closed_by(&self, action: Action) -> bool {
        action == Action::ShowRelated
    }
    /// Enter on `item`: by default a note opens in the panes.
    fn open(&mut self, item: ListItem, app: &mut App) -> Outcome {
        if let ListTarget::Note(n) = item.target {
            app.open_from_view(n);
            return Outcome::Close(Vec::new());
        }
        Outcome::Ignored
    }
    /// Actions other than Enter.
    fn act(&mut self, _action: Action, _app: &mut App) -> Outcome {
        Outcome::Ignored
    }
    fn first_selected(&self) -> usize {
        0
    }
}

/// A list view over a [`Source`], its items found once per change of input.
pub struct List<S> {
    pub source: S,
    items: Vec<ListItem>,
    heading: Option<String>,
    /// Whether a filter narrowed the items (to say why there are none).
    filtered: bool,
}

impl<S: Source> List<S> {
    pub fn new(source: S) -> Self {
        Self { source, items: Vec::new(), heading: None, filtered: false }
    }

    /// The view with its items found now (openers check there is something to show).
    pub fn found(source: S, app: &App) -> Self {
        let mut list = Self::new(source);
        list.refresh(app, &Filter::default());
        list
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
}

const HINTS: &[(Action, &str)] =
    &[(Action::Open, "open"), (Action::MoveDown, "move"), (Action::FilterView, "filter"), (Action::Close, "back")];

impl<S: Source> View for List<S> {
    fn title(&self) -> &'static str {
        self.source.title()
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        HINTS
    }

    fn closed_by(&self, action: Action) -> bool {
        self.source.closed_by(action)
    }

    fn first_selected(&self) -> usize {
        self.source.first_selected()
    }

    fn refresh(&mut self, app: &App, filter: &Filter) {
        let items = self.source.items(app);
        self.items =
            items.into_iter().filter(|i| filter.matches(&format!("{} {} {}", i.group, i.title, i.detail))).collect();
        self.filtered = !filter.is_empty();
        self.heading = self.source.heading(app);
    }

    /// A header whenever the group changes, two lines per item.
    fn content(&self, app: &App, width: usize, selected: usize) -> Content {
        let t = &app.theme;
        let mut lines = Vec::new();
        let mut selected_line = 0;
        if let Some(heading) = &self.heading {
            lines.push(Line::from(Span::styled(crate::text::truncate(heading, width).into_owned(), t.h2)));
        }
        if self.items.is_empty() {
            let why = if self.filtered { "Nothing matches the filter" } else { "Nothing to list" };
            lines.push(Line::from(Span::styled(why, t.dim)));
        }
        let mut group = None;
        for (i, item) in self.items.iter().enumerate() {
            if !item.group.is_empty() && group.as_ref() != Some(&item.group) {
                group = Some(item.group.clone());
                lines.push(Line::from(Span::styled(format!(" {}", item.group), t.year_header)));
            }
            if i == selected {
                selected_line = lines.len();
            }
            let chosen = i == selected;
            for (text, base, indent) in [(&item.title, t.text, "  "), (&item.detail, t.dim, "    ")] {
                if text.is_empty() {
                    continue;
                }
                let text = format!("{indent}{}", crate::text::sanitize_line(text));
                let shown = crate::text::truncate(&text, width).into_owned();
                let pad = width.saturating_sub(crate::text::width(&shown));
                let style = if chosen { t.selected } else { base };
                lines.push(Line::from(vec![Span::styled(shown, style), Span::styled(" ".repeat(pad), style)]));
            }
        }
        // Two lines per item, and a line of context above for the group header.
        let fixed = usize::from(self.heading.is_some());
        Content { lines, count: self.items.len(), selected_line, selected_height: 2, fixed }
    }

    fn act(&mut self, action: Action, selected: usize, app: &mut App) -> Outcome {
        match action {
            Action::Open => match self.items.get(selected).cloned() {
                Some(item) => self.source.open(item, app),
                None => Outcome::Stay(Vec::new()),
            },
            _ => self.source.act(action, app),
        }
    }

    fn items(&self) -> &[ListItem] {
        &self.items
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
