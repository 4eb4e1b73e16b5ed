//! confnotes: parse flags, then either run a subcommand or load notes and
//! keymap, run the terminal loop and restore the terminal. Everything else
//! lives in the library.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser;
use crossterm::event::{self, Event as TermEvent};

use confnotes::app::{App, Effect, Event, Settings};
use confnotes::config::{Cli, Command, Paths};
use confnotes::diagnostic::Diagnostic;
use confnotes::keymap::{KeyChord, Keymap};
use confnotes::notes::{self, Collection};
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
        None => {}
    }
    let collection = load_collection(cli.path.as_deref())?;
    let (keymap, problems) = load_keymap(&paths, cli.keymap.clone())?;
    let app = App::new(collection, keymap, Settings::default(), problems);
    run_tui(app, &cli)?;
    Ok(ExitCode::SUCCESS)
}

fn load_collection(path: Option<&Path>) -> Result<Collection> {
    match path {
        Some(path) => notes::load_folder(path).with_context(|| format!("loading notes from {}", path.display())),
        None => Ok(notes::load_bundled()),
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

fn run_tui(mut app: App, cli: &Cli) -> Result<()> {
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
        match event::read().context("reading input")? {
            TermEvent::Key(key) => {
                let Some(chord) = KeyChord::from_event(key) else { continue };
                if app.handle_key(chord).contains(&Effect::Quit) {
                    return Ok(());
                }
            }
            TermEvent::Resize(width, height) => app.handle_event(Event::Resize { width, height }),
            _ => {}
        }
    }
}
