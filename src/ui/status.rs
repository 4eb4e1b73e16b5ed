//! The status line: where you are (or the latest message) and the key hints.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{App, Document, PromptKind};
use crate::keymap::{format_seq, Action};
use crate::text::{truncate, width};

/// Columns left before a kept end of a message for what it says first: a longer end gives way below it.
const KEPT_HEAD: usize = 20;

pub fn draw(frame: &mut Frame, rect: Rect, app: &App) {
    let t = app.theme();
    let context = app.context();
    let mut hints: Vec<Span<'static>> = Vec::new();
    for (action, label) in key_hints(app) {
        if let Some(key) = app.keymap().hint(context, action) {
            hints.push(Span::styled(key, t.status_key));
            hints.push(Span::styled(format!(" {label}  "), t.dim));
        }
    }
    // Keep the left half for where the reader is: the last hints go first.
    while hints.len() > 2 && hints.iter().map(|s| width(&s.content)).sum::<usize>() > usize::from(rect.width) / 2 {
        hints.truncate(hints.len() - 2);
    }
    let mut hints_width: usize = hints.iter().map(|s| width(&s.content)).sum();

    if let Some(prompt) = app.prompt() {
        let (before, after) = prompt.field.split_at_cursor();
        let (before, after) = (crate::text::sanitize_line(before), crate::text::sanitize_line(after));
        let line = match prompt.kind.hint() {
            Some((submit, cancel)) => Line::from(vec![
                Span::styled(format!(" {}: ", prompt.kind.label()), t.status_key),
                Span::raw(before),
                Span::styled("▏", t.accent),
                Span::raw(after),
                Span::styled(format!("   {}", field_hint(app, &prompt.kind, submit, cancel)), t.dim),
            ]),
            // A question one key answers, the yes from the keymap: nothing is typed.
            None => {
                let yes = app
                    .keymap()
                    .hint(crate::keymap::Context::Confirm, crate::keymap::Action::Confirm)
                    .unwrap_or_else(|| "confirm".into());
                let question = format!(" {} {yes} deletes, any other key keeps it", prompt.kind.label());
                Line::from(Span::styled(question, t.status_key))
            }
        };
        frame.render_widget(Paragraph::new(line).style(t.status), rect);
        return;
    }
    let left = if !app.pending_keys().is_empty() {
        Span::styled(format!(" {} …", format_seq(app.pending_keys())), t.status_key)
    } else if let Some((done, total)) = app.loading() {
        let text = if done < total {
            format!(" Reading notes: {done} of {total} files…")
        } else {
            format!(" Reading notes: sorting {total} files into events…")
        };
        Span::styled(text, t.dim)
    } else if let Some(message) = app.message() {
        Span::styled(format!(" {message}"), t.warning)
    } else {
        Span::raw(format!(" {}", breadcrumb(app)))
    };
    // A message is read once and then gone, the hints are there every time:
    // hints give way, last first, until the message fits.
    let is_message = app.pending_keys().is_empty() && (app.loading().is_some() || app.message().is_some());
    while is_message && !hints.is_empty() && width(&left.content) + hints_width >= usize::from(rect.width) {
        hints.truncate(hints.len().saturating_sub(2));
        hints_width = hints.iter().map(|s| width(&s.content)).sum();
    }
    let room = usize::from(rect.width).saturating_sub(hints_width + 1);
    // The longest end to keep whole that leaves what comes before it some room, else the shortest.
    let keep = app.message_keep().iter().find(|k| room >= width(k) + KEPT_HEAD).or(app.message_keep().last());
    let left_text = match keep.filter(|_| is_message && app.loading().is_none()) {
        // A key hint at the message's end stays whole: what comes before it gives way.
        Some(keep) if width(&left.content) > room => {
            let head = &left.content[..left.content.len() - keep.len()];
            let head = truncate(head, room.saturating_sub(width(keep)).max(1));
            truncate(&format!("{head}{keep}"), room).into_owned()
        }
        _ => truncate(&left.content, room).into_owned(),
    };
    let pad = usize::from(rect.width).saturating_sub(width(&left_text) + hints_width);
    let mut spans = vec![Span::styled(left_text, left.style), Span::raw(" ".repeat(pad))];
    if usize::from(rect.width) > hints_width + 10 {
        spans.extend(hints);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(t.status), rect);
}

/// The most useful keys where the keys go now: the open view, else the
/// focused pane (and what is going on in it), most useful first. The keys
/// themselves come from the keymap, so a rebinding shows.
fn key_hints(app: &App) -> Vec<(Action, &'static str)> {
    use crate::layout::Pane;
    if let Some(open) = app.overlay() {
        return open.view().hints().to_vec();
    }
    match app.focus() {
        Pane::Timeline => vec![
            (Action::Open, "open"),
            (Action::FilterList, "filter"),
            (Action::OpenFinder, "find"),
            (Action::ToggleHelp, "help"),
            (Action::Quit, "quit"),
        ],
        Pane::Talks => vec![
            (Action::Open, "read"),
            (Action::NextUnread, "unread"),
            (Action::ShowRelated, "related"),
            (Action::ToggleBookmark, "bookmark"),
            (Action::OpenFinder, "find"),
            (Action::ToggleHelp, "help"),
        ],
        Pane::Note if app.note_search().is_some() => vec![
            (Action::SearchNext, "next match"),
            (Action::SearchPrev, "previous"),
            (Action::Close, "clear search"),
            (Action::ToggleHelp, "help"),
        ],
        Pane::Note if app.compare().is_some() => {
            // Only the jumps that can happen are offered.
            let (later, earlier) = app.jump_years();
            let mut hints = Vec::new();
            if later {
                hints.push((Action::JumpRelatedNext, "later"));
            }
            if earlier {
                hints.push((Action::JumpRelatedPrev, "earlier"));
            }
            hints.extend([(Action::FocusRight, "other side"), (Action::Close, "close"), (Action::ToggleHelp, "help")]);
            hints
        }
        Pane::Note => {
            let mut hints = vec![(Action::SearchNote, "search")];
            if app.rendered().is_some_and(|r| !r.links.is_empty()) {
                hints.push((Action::FollowLink, "link"));
            }
            // The year there is to go to: later first, else earlier (the newest
            // year has no next one), else none.
            let (later, earlier) = app.jump_years();
            if later {
                hints.push((Action::JumpRelatedNext, "next year"));
            } else if earlier {
                hints.push((Action::JumpRelatedPrev, "earlier year"));
            }
            // A comparison needs a related note of another year, as a jump does.
            if later || earlier {
                hints.push((Action::ToggleCompare, "compare"));
            }
            hints.extend([(Action::ToggleBookmark, "bookmark"), (Action::ToggleHelp, "help")]);
            hints
        }
    }
}

/// `enter save · esc cancel`, with the keys the keymap's `input` context has.
fn field_hint(app: &App, kind: &PromptKind, submit: &str, cancel: &str) -> String {
    use crate::keymap::Context;
    let key = |action: Action| app.keymap().hint(Context::Input, action).unwrap_or_else(|| action.name().to_string());
    let mut hint = format!("{} {submit} · {} {cancel}", key(Action::Submit), key(Action::Cancel));
    // A new search starts empty: say where the last ones are.
    if *kind == PromptKind::NoteSearch {
        hint.push_str(&format!(" · {} earlier searches", key(Action::RecallOlder)));
    }
    hint
}

/// `Event › Note · 42%`.
fn breadcrumb(app: &App) -> String {
    let c = app.collection();
    match app.document() {
        None => match app.saved().selected_view() {
            Some(view) => format!("Saved search › {}", crate::text::sanitize_line(&view.search.name)),
            None => "No notes".to_string(),
        },
        Some(Document::Overview(e)) => format!("{} › overview", c.events[e].name),
        Some(Document::Note(n)) => {
            format!("{} › {} · {}%", c.event_of(n).name, c.notes[n].title, app.scroll_percent())
        }
    }
}
