//! confnotes: parse flags, then either run a subcommand or load notes and
//! keymap, run the terminal loop and restore the terminal. Everything else
//! lives in the library.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};
use clap::Parser;
use crossterm::event::{self, Event as TermEvent};

use confnotes::app::{App, Effect, Event, MarkRead, Settings};
use confnotes::config::{Cli, Command, ConfigFile, MarkReadFlag, Paths, ThemeName};
use confnotes::diagnostic::Diagnostic;
use confnotes::keymap::{KeyChord, Keymap};
use confnotes::notes::{self, Collection};
use confnotes::report::{self, DigestFilter};
use confnotes::state::{Loaded, State, Store};
use confnotes::theme::Theme;
use confnotes::{term, ui};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("confnotes: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.data_dir.clone());
    match &cli.command {
        Some(Command::Keys { check: Some(file) }) => return check_keymap(file),
        Some(Command::Keys { check: None }) => return print_keymap(&paths, cli.keymap.clone()),
        Some(Command::Bookmarks { path, json, digest, event, topic, year }) => {
            let collection = load_collection(path.as_deref())?;
            let state = read_state_for(&paths, &collection)?;
            let text = if *json {
                report::bookmarks_json(&collection, &state) + "\n"
            } else if *digest {
                let filter = DigestFilter { event: event.clone(), topic: topic.clone(), year: *year };
                report::digest(&collection, &state, &filter)
            } else {
                report::bookmarks_markdown(&collection, &state)
            };
            print!("{text}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Related { note, path, json }) => {
            let collection = load_collection(path.as_deref())?;
            let index = confnotes::notes::RelatedIndex::build(&collection);
            let note = report::find_note(&collection, note).map_err(anyhow::Error::msg)?;
            print!("{}", report::related_report(&collection, &index, note, *json));
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::StressState { count, prefix }) => return stress_state(&paths, *count, prefix),
        None => {}
    }
    let (config, mut problems) = load_config(&paths, cli.config.clone())?;
    let notes_path = cli.path.clone().or_else(|| config.notes.clone());
    let collection = load_collection(notes_path.as_deref())?;
    let (keymap, keymap_problems) = load_keymap(&paths, cli.keymap.clone())?;
    problems.extend(keymap_problems);
    let store = paths.data_dir.as_deref().map(|dir| Store::for_collection(dir, &collection.origin));
    let (state, message) = load_state(store.as_ref());
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
    };
    let mut app = App::new(collection, keymap, settings, problems).with_state(state);
    app.set_theme(theme_for(&config));
    run_tui(app, store, message.map(|d| d.message), &cli)?;
    Ok(ExitCode::SUCCESS)
}

/// The saved state for a command that only reads it; never moves or writes anything.
fn read_state_for(paths: &Paths, collection: &Collection) -> Result<State> {
    let Some(dir) = &paths.data_dir else { return Ok(State::new("")) };
    Store::for_collection(dir, &collection.origin).read().map_err(anyhow::Error::msg)
}

/// Saves `count` read marks one at a time, printing `saved N` after each
/// save returns, so a test can kill the process at any moment and check
/// that every reported mark is on disk and the file still parses.
fn stress_state(paths: &Paths, count: usize, prefix: &str) -> Result<ExitCode> {
    use std::io::Write as _;
    let dir = paths.data_dir.as_deref().context("stress-state needs --data-dir")?;
    let store = Store::at(dir.join("stress.state.json"), "stress");
    let mut state = store.load()?.into_state();
    let mut out = io::stdout().lock();
    for i in 0..count {
        state.set_read(&format!("{prefix}-{i:05}.md"), true, confnotes::state::now());
        let (merged, _) = store.save(&state)?;
        state = merged;
        writeln!(out, "saved {prefix}-{i:05}.md")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The saved state, or empty state and a problem to show when there is none to be had.
fn load_state(store: Option<&Store>) -> (State, Option<Diagnostic>) {
    let Some(store) = store else {
        let empty = State::new("");
        let message = "no data directory: read marks and bookmarks will not be saved (use --data-dir)";
        return (empty, Some(Diagnostic::new("confnotes", None, message)));
    };
    let file = store.path.display().to_string();
    match store.load() {
        Ok(Loaded::MovedAside { state, moved_to, reason }) => {
            let message = format!("could not read the state file ({reason}); moved it to {}", moved_to.display());
            (state, Some(Diagnostic::new(file, None, message)))
        }
        Ok(loaded) => (loaded.into_state(), None),
        Err(e) => {
            let message = format!("cannot read read state and bookmarks: {e}; starting empty, nothing is overwritten");
            (store.empty_state(), Some(Diagnostic::new(file, None, message)))
        }
    }
}

fn load_collection(path: Option<&Path>) -> Result<Collection> {
    match path {
        Some(path) => notes::load_folder(path).with_context(|| format!("loading notes from {}", path.display())),
        None => Ok(notes::load_bundled()),
    }
}

/// The settings from config.toml and their problems; a missing default file means defaults.
fn load_config(paths: &Paths, flag: Option<PathBuf>) -> Result<(ConfigFile, Vec<Diagnostic>)> {
    let explicit = flag.is_some();
    let Some(file) = paths.config_file(flag) else { return Ok((ConfigFile::default(), Vec::new())) };
    match fs::read_to_string(&file) {
        Ok(text) => Ok(ConfigFile::parse(&text, &file.display().to_string())),
        Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => Ok((ConfigFile::default(), Vec::new())),
        Err(e) => Err(e).with_context(|| format!("reading config {}", file.display())),
    }
}

/// The theme config.toml asks for, with its colours, and no colour at all under `NO_COLOR`.
fn theme_for(config: &ConfigFile) -> Theme {
    let theme = match config.theme {
        ThemeName::Dark => Theme::dark(),
        ThemeName::Light => Theme::light(),
    }
    .with_colors(&config.colors);
    // https://no-color.org: any non-empty value.
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme.without_color()
    } else {
        theme
    }
}

/// The effective keymap and its problems. A missing default file is normal;
/// a missing `--keymap` file is an error the user should see before the UI.
fn load_keymap(paths: &Paths, flag: Option<PathBuf>) -> Result<(Keymap, Vec<Diagnostic>)> {
    let explicit = flag.is_some();
    let Some(file) = paths.keymap_file(flag) else {
        return Ok(Keymap::defaults());
    };
    match fs::read_to_string(&file) {
        Ok(text) => Ok(Keymap::with_user_file(&text, &file.display().to_string())),
        Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => Ok(Keymap::defaults()),
        Err(e) => Err(e).with_context(|| format!("reading keymap {}", file.display())),
    }
}

/// `confnotes keys`: the effective keymap as keymap.toml text; problems on stderr.
fn print_keymap(paths: &Paths, flag: Option<PathBuf>) -> Result<ExitCode> {
    let user_file = paths.keymap_file(flag.clone()).filter(|f| f.is_file());
    let (keymap, problems) = load_keymap(paths, flag)?;
    match &user_file {
        Some(file) => println!("# Effective keymap: built-in defaults merged with {}\n", file.display()),
        None => println!("# Effective keymap: built-in defaults (no user keymap.toml found)\n"),
    }
    print!("{}", keymap.to_toml());
    for problem in &problems {
        eprintln!("{problem}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `confnotes keys --check FILE`: every problem as `file:line:col: message`, exit 1 on errors.
fn check_keymap(file: &Path) -> Result<ExitCode> {
    let text = fs::read_to_string(file).with_context(|| format!("reading keymap {}", file.display()))?;
    let (_, problems) = Keymap::with_user_file(&text, &file.display().to_string());
    for problem in &problems {
        let kind = if problem.is_error() { "error" } else { "warning" };
        println!("{problem} [{kind}]");
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors == 0 {
        println!("{}: ok", file.display());
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}: {errors} error{}", file.display(), if errors == 1 { "" } else { "s" });
        Ok(ExitCode::FAILURE)
    }
}

/// How often to look for another instance's changes to the state file while idle.
const STATE_POLL: Duration = Duration::from_secs(1);

fn run_tui(mut app: App, store: Option<Store>, startup_message: Option<String>, cli: &Cli) -> Result<()> {
    let mut saver = Saver { store, written: None };
    let initial = app.initial_effects();
    saver.carry_out(&mut app, initial);
    if let Some(message) = startup_message {
        app.message = Some(message);
    }
    let (mut terminal, _guard) = term::enter().context("setting up the terminal")?;
    let size = terminal.size().context("reading the terminal size")?;
    app.handle_event(Event::Resize { width: size.width, height: size.height });
    loop {
        terminal.draw(|frame| ui::draw(frame, &app)).context("drawing")?;
        if cli.exit_after_first_frame {
            return Ok(());
        }
        if cli.panic_after_first_frame {
            panic!("panic requested by --panic-after-first-frame");
        }
        if !event::poll(STATE_POLL).context("reading input")? {
            saver.pick_up_changes(&mut app);
            continue;
        }
        let effects = match event::read().context("reading input")? {
            TermEvent::Key(key) => match KeyChord::from_event(key) {
                Some(chord) => app.handle_key(chord),
                None => continue,
            },
            TermEvent::Resize(width, height) => {
                app.handle_event(Event::Resize { width, height });
                Vec::new()
            }
            _ => continue,
        };
        if saver.carry_out(&mut app, effects) {
            return Ok(());
        }
    }
}

/// Opens a web link with the system opener, detached, its output discarded so
/// nothing it prints can land on the TUI.
fn open_url(url: &str) -> io::Result<()> {
    use std::process::Stdio;
    let mut last_error = io::Error::new(io::ErrorKind::NotFound, "no program to open links with");
    for mut command in open::commands(url) {
        command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        match command.spawn() {
            Ok(mut child) => {
                // Reap it in the background so it leaves no zombie.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

/// Carries out the app's effects against the state file.
struct Saver {
    store: Option<Store>,
    /// Modification time of our own last write, to tell it from others'.
    written: Option<SystemTime>,
}

impl Saver {
    /// Returns whether the app asked to quit (after saving).
    fn carry_out(&mut self, app: &mut App, effects: Vec<Effect>) -> bool {
        let mut quit = false;
        for effect in effects {
            match effect {
                Effect::SaveState => self.save(app),
                Effect::OpenUrl(url) => {
                    if let Err(e) = open_url(&url) {
                        app.message = Some(format!("Could not open {url}: {e}"));
                    }
                }
                Effect::Quit => quit = true,
            }
        }
        quit
    }

    fn save(&mut self, app: &mut App) {
        let Some(store) = &self.store else { return };
        match store.save(&app.state) {
            Ok((merged, moved)) => {
                self.written = store.modified();
                let moved_aside = moved.map(|p| p.display().to_string());
                app.handle_event(Event::Saved { merged: Box::new(merged), moved_aside });
            }
            Err(e) => app.handle_event(Event::SaveFailed(e.to_string())),
        }
    }

    /// Merges in what another instance wrote since our last write.
    fn pick_up_changes(&mut self, app: &mut App) {
        let Some(store) = &self.store else { return };
        let modified = store.modified();
        if modified.is_none() || modified == self.written {
            return;
        }
        self.written = modified;
        match store.load() {
            Ok(Loaded::Existing(other)) => app.handle_event(Event::StateChangedOnDisk(Box::new(other))),
            Ok(Loaded::MovedAside { moved_to, reason, .. }) => {
                // Someone broke the file; ours in memory is intact and the next save rewrites it.
                app.message =
                    Some(format!("The state file became unreadable ({reason}); moved to {}", moved_to.display()));
            }
            Ok(Loaded::Fresh(_)) | Err(_) => {}
        }
    }
}
