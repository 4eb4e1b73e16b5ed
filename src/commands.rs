//! The subcommands that print and exit (keys, bookmarks, related, ...).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::config::Paths;
use crate::keymap::Keymap;
use crate::notes::Collection;
use crate::startup::load_keymap;
use crate::state::{State, Store};

/// `confnotes keys`: the effective keymap as keymap.toml text; problems on stderr.
pub fn print_keymap(paths: &Paths, flag: Option<PathBuf>) -> Result<ExitCode> {
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
pub fn check_keymap(file: &Path) -> Result<ExitCode> {
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
