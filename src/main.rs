//! confnotes: parse flags, then either run a subcommand or load notes,
//! keymap, config and state and run the terminal loop. Everything else lives
//! in the library.

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use confnotes::app::{App, MarkRead, Settings};
use confnotes::commands;
use confnotes::config::{Cli, Command, MarkReadFlag, Paths};
use confnotes::output;
use confnotes::report::{self, DigestFilter};
use confnotes::runtime::{run_tui, FileFlags, Sources};
use confnotes::startup::{
    command_notes, load_collection, load_config, load_keymap, load_state, note_id_of_file, open_notes, theme_for,
};
use confnotes::state::Store;

fn main() -> ExitCode {
    confnotes::memory::limit_arenas();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            // Not eprintln!: stderr may be a terminal that is gone, and a panic here would
            // abort. The message may quote a note's title or a file name.
            output::warn(&format!("confnotes: {error:#}"));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.data_dir.clone());
    if let Some(dir) = &paths.data_dir {
        confnotes::log::init(dir);
    }
    if let Some(command) = &cli.command {
        return subcommand(command, &paths, &cli);
    }
    // The app only; still before any other thread.
    confnotes::memory::map_large_blocks_alone();
    let (config, mut problems) = load_config(&paths, cli.config.clone())?;
    let notes_path = cli.path.clone().or_else(|| config.notes.clone());
    let origin = notes_path.clone().map_or(confnotes::notes::Origin::Bundled, confnotes::notes::Origin::Folder);
    let store = paths.data_dir.as_deref().map(|dir| Store::for_collection(dir, &origin));
    let index = store.as_ref().filter(|_| notes_path.is_some()).map(Store::index_path);
    remove_stale_temps(store.as_ref(), paths.searches_file(cli.searches.clone()));
    // The saved state (large for a large collection) is read while the notes are.
    let (opened, (state, message, state_read)) = std::thread::scope(|scope| {
        let state = scope.spawn(|| load_state(store.as_ref()));
        let opened = open_notes(notes_path.as_deref(), index, config.newest_first);
        (opened, state.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let opened = opened?;
    let collection = opened.collection;
    let (keymap, keymap_problems) = load_keymap(&paths, cli.keymap.clone())?;
    problems.extend(keymap_problems);
    problems.extend(message.clone());
    let at_end = match cli.mark_read {
        Some(flag) => flag == MarkReadFlag::AtEnd,
        None => config.mark_read_at_end.unwrap_or(false),
    };
    let settings = Settings {
        mark_read: if at_end { MarkRead::AtEnd } else { MarkRead::OnOpen },
        newest_first: config.newest_first,
        timeline_width: config.timeline_width,
        talks_width: config.talks_width,
        line_breaks: config.line_breaks,
        wrap_code: config.wrap_code,
        editor: config.editor.clone(),
        hyperlinks: hyperlinks_wanted(config.hyperlinks),
    };
    let mut app = App::without_indexes(collection, keymap, settings, problems).with_state(state);
    app.set_saved_searches(confnotes::config::load_searches(&paths, cli.searches.clone()));
    app.set_theme(theme_for(&config));
    let sources = Sources { store, state_read, paths, flags: FileFlags::from(&cli), then: opened.then };
    run_tui(app, sources, message.map(|d| d.message), &cli)?;
    Ok(ExitCode::SUCCESS)
}

fn subcommand(command: &Command, paths: &Paths, cli: &Cli) -> Result<ExitCode> {
    match command {
        Command::Keys { check: Some(file) } => commands::check_keymap(file),
        Command::Keys { check: None } => commands::print_keymap(paths, cli.keymap.clone()),
        Command::Bookmarks { path, json, digest, event, topic, year } => {
            let collection = load_collection(command_notes(folder(path, cli), None).as_deref())?;
            let state = commands::read_state_for(paths, &collection)?;
            if *json {
                output::print_json_text(&report::bookmarks_json(&collection, &state))?;
            } else if *digest {
                let filter = DigestFilter { event: event.clone(), topic: topic.clone(), year: *year };
                filter.check(&collection).map_err(anyhow::Error::msg)?;
                output::print(&report::digest(&collection, &state, &filter))?;
            } else {
                output::print(&report::bookmarks_markdown(&collection, &state))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Related { note, path, json } => {
            // A note named by its file (`mesh.md`, from inside its event folder) is found by its path from the root.
            let file = Some(std::path::Path::new(note)).filter(|f| f.is_file());
            let root = command_notes(folder(path, cli), file);
            let collection = load_collection(root.as_deref())?;
            let id = root.as_deref().zip(file).and_then(|(root, file)| note_id_of_file(root, file));
            let index = confnotes::relate::RelatedIndex::build(&collection);
            let note = report::find_note(&collection, id.as_deref().unwrap_or(note)).map_err(anyhow::Error::msg)?;
            let report = report::related_report(&collection, &index, note, *json);
            if *json {
                output::print_json_text(&report)?;
            } else {
                output::print(&report)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::StressState { count, prefix } => commands::stress_state(paths, *count, prefix),
        Command::Render { file, width, plain, ansi, wide_tables, wide_code, line_breaks } => {
            let flags = commands::RenderFlags {
                ansi: *ansi,
                wide_tables: *wide_tables,
                wide_code: *wide_code,
                line_breaks: *line_breaks,
                // As the app decides; a config with problems still renders.
                hyperlinks: hyperlinks_wanted(
                    load_config(paths, cli.config.clone()).ok().and_then(|(c, _)| c.hyperlinks),
                ),
            };
            commands::render_file(file, width.and_then(|w| usize::try_from(w).ok()), *plain, flags)
        }
        Command::Search { query, path, json } => commands::search_collection(
            &load_collection(command_notes(folder(path, cli), None).as_deref())?,
            query,
            *json,
        ),
        Command::Check { path, json } => {
            commands::check_collection(&load_collection(command_notes(folder(path, cli), None).as_deref())?, *json)
        }
        Command::List { path, json } => {
            let collection = load_collection(command_notes(folder(path, cli), None).as_deref())?;
            let state = commands::read_state_for(paths, &collection)?;
            commands::list_collection(&collection, &state, *json)
        }
        Command::Completions { shell } => commands::print_completions(*shell),
    }
}

/// The notes folder a subcommand reads: its own argument, else the one
/// named before it (`confnotes FOLDER list`, as the usage line shows).
fn folder<'a>(own: &'a Option<std::path::PathBuf>, cli: &'a Cli) -> Option<&'a std::path::Path> {
    own.as_deref().or(cli.path.as_deref())
}

/// Temporary files that earlier runs, killed mid-write, left beside the
/// files this run writes.
fn remove_stale_temps(store: Option<&Store>, searches: Option<std::path::PathBuf>) {
    let files = store.map(|s| {
        let index = s.index_path();
        [
            s.path.clone(),
            confnotes::saved_indexes::path_beside(&index),
            confnotes::notes::look::path_beside(&index),
            index,
        ]
    });
    let targets = files.into_iter().flatten().chain(searches);
    for target in targets {
        confnotes::atomic_file::remove_stale_temps(&target);
    }
}

/// Links made clickable: as the config says, else as the terminal is known to support.
fn hyperlinks_wanted(configured: Option<bool>) -> bool {
    configured.unwrap_or_else(|| confnotes::hyperlinks::supported(|name| std::env::var(name).ok()))
}
