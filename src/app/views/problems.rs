//! `W`: every problem found in the notes and config, then the files not
//! read as notes; Enter opens a note's problem in the panes, another
//! file's in the editor.

use std::any::Any;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Content, Filter, Outcome, View};
use crate::app::{App, EditRequest, Effect};
use crate::diagnostic::Diagnostic;
use crate::keymap::Action;
use crate::render::{wrap, Inline};

pub struct Problems {
    /// The problems the view filter lets through, in order.
    shown: Vec<Diagnostic>,
}

pub(super) fn open(app: &mut App) -> Option<Box<dyn View>> {
    if app.problems().is_empty() {
        app.message = Some("No problems found in your notes or config".into());
        return None;
    }
    Some(Box::new(Problems { shown: Vec::new() }))
}

const HINTS: &[(Action, &str)] = super::READING_HINTS;

impl View for Problems {
    fn title(&self) -> &'static str {
        "Problems"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        HINTS
    }

    fn closed_by(&self, action: Action) -> bool {
        action == Action::ShowWarnings
    }

    fn refresh(&mut self, app: &App, filter: &Filter) {
        self.shown = app.problems().iter().filter(|p| filter.matches(&p.to_string())).cloned().collect();
    }

    /// The selected problem marked, with the line it starts on and how many lines it takes.
    fn content(&self, app: &App, width: usize, selected: usize) -> Content {
        let mut lines = Vec::new();
        let (mut at, mut height) = (0, 0);
        let mut skipped_said = false;
        for (i, problem) in self.shown.iter().enumerate() {
            // Files not read as notes are no problems: listed apart, after them.
            if problem.is_skipped() && !skipped_said {
                skipped_said = true;
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled("Skipped, not read as notes:", app.theme.dim)));
            }
            let style = if i == selected { app.theme.selected } else { Style::default() };
            let inlines = vec![Inline::Text(problem.to_string(), style)];
            let wrapped = wrap(&inlines, width);
            if i == selected {
                (at, height) = (lines.len(), wrapped.len());
            }
            lines.extend(wrapped.into_iter().map(|spans| Line::from(spans).style(style)));
        }
        Content { lines, count: self.shown.len(), selected_line: at, selected_height: height, fixed: 0 }
    }

    /// Enter on a problem: a note's problem opens the note in the panes at
    /// the problem's line (the problem stays on the status line); a problem
    /// of another file on disk (config, keymap, saved searches) opens that
    /// file in the editor at the problem's line.
    fn act(&mut self, action: Action, selected: usize, app: &mut App) -> Outcome {
        if action != Action::Open {
            return Outcome::Ignored;
        }
        let Some(problem) = self.shown.get(selected).cloned() else { return Outcome::Stay(Vec::new()) };
        let line = problem.position.map_or(1, |p| p.line);
        let c = &app.collection;
        let in_file: Vec<usize> =
            (0..c.notes.len()).filter(|&n| c.origin.display_path(c.notes[n].source_file()) == problem.file).collect();
        // A file split into talks: the talk the line is in.
        let note = in_file.iter().rev().find(|&&n| c.notes[n].source_line <= line).or(in_file.first()).copied();
        match note {
            Some(note) => {
                app.open_from_view(note);
                app.reading_events();
                app.scroll_to_file_line(note, line);
                app.message = Some(problem.to_string());
                Outcome::Close(Vec::new())
            }
            None if std::path::Path::new(&problem.file).is_file() => {
                let path = std::path::PathBuf::from(&problem.file);
                Outcome::Close(vec![Effect::Edit(EditRequest::File { path, line })])
            }
            None => {
                app.message = Some(format!("{} is not a file to open", problem.file));
                Outcome::Stay(Vec::new())
            }
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
