//! The subcommands that print and exit (keys, bookmarks, related, ...).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::config::Paths;
use crate::keymap::Keymap;
use crate::notes::Collection;
use crate::output;
use crate::startup::load_keymap;
use crate::state::{State, Store};

/// `confnotes completions SHELL`: the script, written whole once made, so
/// a closed pipe ends it quietly like any other output.
pub fn print_completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut shown_in_completions(&crate::config::Cli::command()), "confnotes", &mut script);
    output::print_prepared(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// `command` without its hidden arguments and subcommands (the test hooks),
/// which clap_complete would otherwise offer like any other.
fn shown_in_completions(command: &clap::Command) -> clap::Command {
    let mut shown = clap::Command::new(command.get_name().to_string())
        .args(command.get_arguments().filter(|a| !a.is_hide_set()).cloned())
        .subcommands(command.get_subcommands().filter(|s| !s.is_hide_set()).map(shown_in_completions));
    if let Some(about) = command.get_about() {
        shown = shown.about(about.clone());
    }
    if let Some(version) = command.get_version() {
        shown = shown.version(version.to_string());
    }
    shown
}

/// `confnotes keys`: the effective keymap as keymap.toml text; problems on stderr.
pub fn print_keymap(paths: &Paths, flag: Option<PathBuf>) -> Result<ExitCode> {
    let user_file = paths.keymap_file(flag.clone()).filter(|f| f.is_file());
    let (keymap, problems) = load_keymap(paths, flag)?;
    let mut out = match &user_file {
        Some(file) => format!("# Effective keymap: built-in defaults merged with {}\n\n", file.display()),
        None => "# Effective keymap: built-in defaults (no user keymap.toml found)\n\n".to_string(),
    };
    out.push_str(&keymap.to_toml());
    output::print(&out)?;
    for problem in &problems {
        output::warn(&problem.to_string());
    }
    Ok(ExitCode::SUCCESS)
}

/// `confnotes keys --check FILE`: every problem as `file:line:col: message`, exit 1 on errors.
pub fn check_keymap(file: &Path) -> Result<ExitCode> {
    let text = crate::capped_read::read_text(file, crate::capped_read::CONFIG_LIMIT)
        .with_context(|| format!("reading keymap {}", file.display()))?;
    let (_, problems) = Keymap::with_user_file(&text, &file.display().to_string());
    let mut out = String::new();
    for problem in &problems {
        let kind = if problem.is_error() { "error" } else { "warning" };
        out.push_str(&format!("{problem} [{kind}]\n"));
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors == 0 {
        out.push_str(&format!("{}: ok\n", file.display()));
    } else {
        out.push_str(&format!("{}: {errors} error{}\n", file.display(), if errors == 1 { "" } else { "s" }));
    }
    output::print(&out)?;
    Ok(if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The saved state for a command that only reads it; never moves or writes anything.
pub fn read_state_for(paths: &Paths, collection: &Collection) -> Result<State> {
    let Some(dir) = &paths.data_dir else { return Ok(State::new("")) };
    Store::for_collection(dir, &collection.origin).read().map_err(anyhow::Error::msg)
}

/// Saves `count` read marks one at a time, printing `saved N` after each
/// save returns, so a test can kill the process at any moment and check
/// that every reported mark is on disk and the file still parses.
pub fn stress_state(paths: &Paths, count: usize, prefix: &str) -> Result<ExitCode> {
    use std::io::Write as _;
    let dir = paths.data_dir.as_deref().context("stress-state needs --data-dir")?;
    let store = Store::at(dir.join("stress.state.json"), "stress");
    crate::atomic_file::remove_stale_temps(&store.path);
    let mut state = store.load()?.into_state();
    let mut out = io::stdout().lock();
    for i in 0..count {
        state.set_read(&format!("{prefix}-{i:05}.md"), true, crate::state::now());
        let (merged, _) = store.save(&state)?;
        state = merged;
        writeln!(out, "saved {prefix}-{i:05}.md")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `confnotes check`: every problem as `file:line:col: message`; exit 1 if any.
pub fn check_collection(collection: &Collection, json: bool) -> Result<ExitCode> {
    let index = crate::relate::RelatedIndex::build(collection);
    let problems = crate::check::problems(collection, &index);
    let skipped = crate::check::skipped(collection);
    if json {
        let records: Vec<serde_json::Value> = problems
            .iter()
            .chain(&skipped)
            .map(|p| {
                let severity = if p.is_skipped() {
                    "skipped"
                } else if p.is_error() {
                    "error"
                } else {
                    "warning"
                };
                serde_json::json!({
                    "file": p.file,
                    "line": p.position.map(|pos| pos.line),
                    "column": p.position.map(|pos| pos.column),
                    "severity": severity,
                    "message": p.message,
                })
            })
            .collect();
        output::print_json(&records)?;
    } else {
        let mut lines: String = problems.iter().map(|p| format!("{p}\n")).collect();
        if !skipped.is_empty() {
            // Not problems: what was left out on purpose, and why.
            lines.push_str("skipped, not read as notes:\n");
            lines.extend(skipped.iter().map(|p| format!("  {p}\n")));
        }
        output::print(&lines)?;
        let files: std::collections::BTreeSet<&str> = problems.iter().map(|p| p.file.as_str()).collect();
        output::warn(&format!(
            "{} in {} ({} notes in {} events checked)",
            count(problems.len(), "problem"),
            count(files.len(), "file"),
            collection.notes.len(),
            collection.events.len()
        ));
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `confnotes list`: events and their notes with read and bookmark state.
pub fn list_collection(collection: &Collection, state: &State, json: bool) -> Result<ExitCode> {
    if json {
        let events: Vec<serde_json::Value> = collection
            .events
            .iter()
            .map(|e| {
                let notes: Vec<serde_json::Value> = e
                    .notes
                    .iter()
                    .map(|&n| {
                        let note = &collection.notes[n];
                        serde_json::json!({
                            "id": note.id.0,
                            "title": note.title,
                            "kind": note.kind_label(),
                            "speakers": note.speakers,
                            "topics": note.topics,
                            "inferred_topics": note.inferred_topics,
                            "group": note.group(),
                            "source_file": note.source_file(),
                            "source_line": note.source_line,
                            "read": state.is_read(&note.id.0),
                            "bookmarked": state.is_bookmarked(&note.id.0),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "folder": e.folder,
                    "name": e.name,
                    "year": e.year(),
                    "start": e.start.map(|d| d.to_string()),
                    "end": e.end.map(|d| d.to_string()),
                    "dates": e.start.map(|s| crate::notes::date::format_range(s, e.end)),
                    "city": e.city,
                    "country": e.country,
                    "series": e.series,
                    "series_key": e.series_key,
                    "overview_file": e.overview_file,
                    "notes": notes,
                })
            })
            .collect();
        output::print_json(&events)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let mut year = None;
    for e in &collection.events {
        if year != Some(e.year()) {
            year = Some(e.year());
            out.push_str(&format!("{}\n", e.year().map_or_else(|| "Undated".to_string(), |y| y.to_string())));
        }
        let when = e.start.map(|s| format!(" ({})", crate::notes::date::format_range(s, e.end))).unwrap_or_default();
        let series = e.series.as_deref().map(|s| format!("  [series: {s}]")).unwrap_or_default();
        out.push_str(&format!("  {}{when}{series}\n", e.name));
        let mut group = None;
        for &n in &e.notes {
            let note = &collection.notes[n];
            // The talks of a one-file event under their "Day 1" headings, as the app lists them.
            if note.group().is_some() && note.group() != group {
                group = note.group();
                out.push_str(&format!("    ─ {}\n", note.group().unwrap_or_default()));
            }
            let read = if state.is_read(&note.id.0) { ' ' } else { '●' };
            let mark = if state.is_bookmarked(&note.id.0) { '★' } else { ' ' };
            out.push_str(&format!("    {read}{mark} {}  [{}]  {}\n", note.title, note.kind_label(), note.id));
        }
    }
    output::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// How `confnotes render` lays a note out, from its flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderFlags {
    /// Styled even when stdout is not a terminal (`NO_COLOR` still wins).
    pub ansi: bool,
    pub wide_tables: bool,
    pub wide_code: bool,
    pub line_breaks: bool,
    /// Links written as OSC 8 hyperlinks when styled (config `hyperlinks`,
    /// else whether the terminal is known to show them, as in the app).
    pub hyperlinks: bool,
}

/// `confnotes render FILE`: one note rendered to stdout, like mdcat; styled
/// (SGR only) on a terminal, plain text otherwise or with `--plain`/`NO_COLOR`.
/// Lines `render` converts and writes in one go.
const PRINTED_AT_ONCE: usize = 4096;
/// Lines made past a slice, where the text of a link may go on to its number.
const LINK_LINES_AFTER: usize = 6;

pub fn render_file(path: &Path, width: Option<usize>, plain: bool, options: RenderFlags) -> Result<ExitCode> {
    use std::io::IsTerminal;

    use crate::notes::frontmatter::{self, NoteFields};
    use crate::render::{
        colour_all, link_numbers, render_markdown_with, strip_title_heading, to_ansi, to_ansi_linked, to_plain,
        NoteColours, RenderOptions,
    };
    use crate::text::sanitize_line;

    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    // Read as the collection reads a note: a binary file is refused, invalid UTF-8 replaced.
    let mut problems = Vec::new();
    let Some(text) = crate::notes::decode(&bytes, &path.display().to_string(), &mut problems) else {
        anyhow::bail!("{}: a binary file (it contains NUL bytes), not a Markdown note", path.display());
    };
    for problem in &problems {
        output::warn(&format!("confnotes: {problem}"));
    }
    let text: &str = &text;
    let stdout_is_terminal = io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let styled = (stdout_is_terminal || options.ansi) && !plain && !no_color;
    let width = width
        .or_else(|| stdout_is_terminal.then(|| crossterm::terminal::size().ok()).flatten().map(|(w, _)| usize::from(w)))
        .unwrap_or(80);
    let theme = crate::theme::Theme::dark();

    let split = frontmatter::split(text);
    let fields = match split.front.map(|front| front.note_fields(2)) {
        Some(Ok(fields)) => fields,
        Some(Err(e)) => {
            let at = e.position.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default();
            output::warn(&format!(
                "confnotes: {}{at}: front matter: {}; shown as plain Markdown",
                path.display(),
                e.message
            ));
            NoteFields::default()
        }
        None => NoteFields::default(),
    };
    // The front matter as a card, never as raw YAML.
    let lines = crate::render::file_card(&fields, width, &theme);
    let title = fields.title.as_deref().map(sanitize_line);
    let body = title.as_deref().map_or(split.body, |t| strip_title_heading(split.body, t));
    let render_options = RenderOptions {
        wide_tables: options.wide_tables,
        wrap_code: !options.wide_code,
        line_breaks: options.line_breaks,
        ..RenderOptions::new(width)
    };
    let rendered = render_markdown_with(body, &render_options, &theme);
    // Colours for every block at once, on every core: the whole note is printed.
    let colours = if styled && !theme.syntax.is_plain() {
        colour_all(&rendered.code_blocks, &rendered.lines)
    } else {
        Vec::new()
    };
    let painter = NoteColours { blocks: &rendered.code_blocks, colours: &colours };
    // Each link's target as it may be written in a hyperlink, found once.
    let targets: Vec<Option<String>> = if styled && options.hyperlinks {
        rendered.links.iter().map(|link| crate::hyperlinks::target(&link.url)).collect()
    } else {
        Vec::new()
    };
    let text_of = |lines: &[ratatui::text::Line], printed: usize| {
        if !styled {
            return to_plain(&lines[..printed]);
        }
        if targets.iter().all(Option::is_none) {
            return to_ansi(&lines[..printed]);
        }
        let numbers = link_numbers(lines, &theme);
        let target = |i: usize, j: usize| {
            let n = numbers[i][j]?;
            targets.get(n.checked_sub(1)?)?.as_deref()
        };
        to_ansi_linked(&lines[..printed], target)
    };
    // Printed a slice of lines at a time: the whole note as ratatui lines and
    // then as one string would take several times the note's size. Links are
    // found with a few lines more, as a link's text may wrap over the slice's end.
    let header = std::iter::once(text_of(&lines, lines.len()));
    let body = (0..rendered.lines.len()).step_by(PRINTED_AT_ONCE).map(|start| {
        let end = (start + PRINTED_AT_ONCE).min(rendered.lines.len());
        let more = if targets.is_empty() { end } else { (end + LINK_LINES_AFTER).min(rendered.lines.len()) };
        text_of(&(start..more).map(|i| painter.line(&rendered.lines, i, &theme)).collect::<Vec<_>>(), end - start)
    });
    output::print_prepared_pieces(header.chain(body)).context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// `confnotes search QUERY`: every line of every note that matches, for scripts.
pub fn search_collection(collection: &Collection, query: &str, json: bool) -> Result<ExitCode> {
    let index = crate::search::SearchIndex::build(collection);
    let hits = index.search(collection, query, usize::MAX);
    if json {
        let records: Vec<serde_json::Value> = hits
            .iter()
            .filter_map(|h| {
                let event = &collection.events[h.doc.event(collection)?];
                let (file, line) = h.doc.file_line(collection, h.line)?;
                Some(serde_json::json!({
                    "note": h.doc.note().map(|n| &collection.notes[n].id.0),
                    "overview": h.doc.note().is_none(),
                    "file": file,
                    "title": h.doc.title(collection),
                    "event": event.name,
                    "year": event.year(),
                    "line": line,
                    "text": h.text,
                    "matches": h.matches.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
                }))
            })
            .collect();
        output::print_json(&records)?;
    } else {
        let mut out = String::new();
        let mut current = None;
        for h in &hits {
            let Some(((file, line), event)) = h.doc.file_line(collection, h.line).zip(h.doc.event(collection)) else {
                continue;
            };
            if current != Some(h.doc) {
                current = Some(h.doc);
                let event = &collection.events[event];
                let id = h.doc.note().map_or(file, |n| collection.notes[n].id.0.as_str());
                out.push_str(&format!("{} · {} ({id})\n", event.label(), h.doc.title(collection)));
            }
            out.push_str(&format!("  {line}: {}\n", h.text));
        }
        output::print(&out)?;
        if hits.is_empty() {
            output::warn(&format!("no note contains “{query}”"));
        }
    }
    Ok(if hits.is_empty() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
