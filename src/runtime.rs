//! The terminal loop: draw, wait for input (or a file change), update,
//! carry out the effects (save state, open links, run the editor, reload).

use std::io;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};
use crossterm::event::{self, Event as TermEvent};

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::app::{App, EditRequest, Effect, Event, MouseInput, MouseKind};
use crate::background::{build_indexes, Built, IndexSave, NotesRead, NotesTask, Reload, SaveOutcome, StateWriter};
use crate::config::{Cli, Paths};
use crate::keymap::{Action, KeyChord};
use crate::notes::Origin;
use crate::pictures::PictureLoader;
use crate::read_only_copy::ReadOnlyCopies;
use crate::signals::Signals;
use crate::startup::{load_config, load_keymap, theme_for, AfterFirstFrame};
use crate::state::{Loaded, Store};
use crate::term::Tui;
use crate::watch::{Changes, FileWatch, WatchedFiles};
use crate::{term, ui};

/// How often to look for another instance's changes to the state file while idle.
const STATE_POLL: Duration = Duration::from_secs(1);

/// Where live reload looks, and how to reload.
pub struct Sources {
    pub store: Option<Store>,
    pub paths: Paths,
    /// Files given on the command line instead of the config directory's.
    pub flags: FileFlags,
    /// What remains to do with the notes once the first frame is up.
    pub then: AfterFirstFrame,
}

/// `--keymap`, `--config` and `--searches`, as given.
#[derive(Debug, Clone, Default)]
pub struct FileFlags {
    pub keymap: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub searches: Option<PathBuf>,
}

impl From<&Cli> for FileFlags {
    fn from(cli: &Cli) -> Self {
        Self { keymap: cli.keymap.clone(), config: cli.config.clone(), searches: cli.searches.clone() }
    }
}

pub fn run_tui(app: App, sources: Sources, startup_message: Option<String>, cli: &Cli) -> Result<()> {
    // Before the terminal changes: from then on no signal may end the app unrestored.
    let signals = Signals::listen().context("listening for signals")?;
    let (terminal, _guard) = term::enter().context("setting up the terminal")?;
    let mut terminal = std::mem::ManuallyDrop::new(terminal);
    let result = run_loop(app, sources, startup_message, cli, &mut terminal, &signals);
    term::close(std::mem::ManuallyDrop::into_inner(terminal));
    result
}

fn run_loop(
    mut app: App,
    sources: Sources,
    startup_message: Option<String>,
    cli: &Cli,
    terminal: &mut Tui,
    signals: &Signals,
) -> Result<()> {
    let Sources { store, paths, flags, then } = sources;
    let mut then = Some(then);
    let mut notes_task: Option<NotesTask> = None;
    // A live reload under way, and whether the notes changed again since it began.
    let mut reloading: Option<Reload> = None;
    let mut reload_again = false;
    let mut saving_index = IndexSave::default();
    let mut saver = Saver::new(store);
    // Saved once the first frame is up: with thousands of notes the state
    // file is large, and the reader should not wait for it to be written.
    let mut initial = Some(app.initial_effects());
    if let Some(message) = startup_message {
        app.message = Some(message);
    }
    let size = terminal.size().context("reading the terminal size")?;
    app.handle_event(Event::Resize { width: size.width, height: size.height });
    let notes_root = match &app.collection.origin {
        Origin::Folder(root) => Some(root.clone()),
        Origin::Bundled => None,
    };
    let watched = WatchedFiles {
        keymap: paths.keymap_file(flags.keymap.clone()),
        config: paths.config_file(flags.config.clone()),
        searches: paths.searches_file(flags.searches.clone()),
    };
    // Live reload is a comfort: without it (no inotify, too many watches) the
    // app still works. Watching a large folder means a walk of every file, so
    // it is set up on another thread once the first frame is up.
    let mut watch: Option<FileWatch> = None;
    let mut watch_setup = None;
    // The indexes are built off the UI thread once the first frame is up,
    // so neither that frame nor any key waits for them.
    let mut indexing = None;
    // Pictures are decoded on a thread started when a note first shows one.
    let mut pictures: Option<crate::pictures::PictureLoader> = None;
    // A terminating signal or a closed terminal window quits like `q`: progress saved, terminal restored.
    let stop = &signals.stop;
    loop {
        saver.take_outcomes(&mut app);
        if signals.stop_requested() {
            let effects = app.shutdown();
            saver.carry_out(&mut app, terminal, effects);
            saver.finish(&mut app);
            crate::log::write("quit on a signal or a closed terminal");
            return Ok(());
        }
        if signals.take_suspend() {
            let mut effects = app.update(Action::Suspend);
            effects.retain(|effect| *effect != Effect::Suspend);
            saver.carry_out(&mut app, terminal, effects);
            saver.settle(&mut app);
            // Whoever sent SIGTSTP can send SIGCONT: stopped even with no shell to resume it.
            suspend(&mut app, terminal, Resumer::Sender);
            continue;
        }
        if signals.take_continued() {
            // Stopped by someone else (SIGSTOP): the shell may have reset the terminal.
            take_terminal_back(&mut app, terminal);
        }
        match terminal.draw(|frame| ui::draw(frame, &app)) {
            Ok(_) => {}
            // The window closed mid-frame: save and quit, as on SIGHUP.
            Err(_) if term::hung_up() => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
            Err(e) => return Err(e).context("drawing"),
        }
        if cli.exit_after_first_frame {
            return Ok(());
        }
        if watch.is_none() && watch_setup.is_none() {
            let (tx, rx) = std::sync::mpsc::channel();
            let (root, files) = (notes_root.clone(), watched.clone());
            std::thread::spawn(move || {
                let _ = tx.send(FileWatch::new(root.as_deref(), &files).ok());
            });
            watch_setup = Some(rx);
        }
        if let Some(ready) = watch_setup.as_ref().and_then(|rx| rx.try_recv().ok()) {
            watch = ready;
        }
        if let Some(then) = then.take() {
            match then {
                AfterFirstFrame::Nothing => {}
                AfterFirstFrame::SaveIndex(save) => saving_index = IndexSave::start(save, Arc::clone(&app.collection)),
                AfterFirstFrame::ReadAll { listing, index } => notes_task = Some(NotesTask::read_all(listing, index)),
            }
            // A first look is about to be replaced: index the whole collection instead.
            if app.collection.is_complete() {
                indexing = Some(build_indexes(&app));
            }
        }
        if let Some(effects) = initial.take() {
            saver.carry_out(&mut app, terminal, effects);
        }
        if let Some(task) = &notes_task {
            app.loading = task.progress();
            if let Some(outcome) = task.outcome() {
                notes_task = None;
                match outcome {
                    NotesRead::Read(collection, save) => {
                        let effects = app.finish_loading(*collection);
                        saver.carry_out(&mut app, terminal, effects);
                        indexing = Some(build_indexes(&app));
                        if let Some(save) = save {
                            saving_index = IndexSave::start(save, Arc::clone(&app.collection));
                        }
                    }
                    NotesRead::Failed(message) => {
                        app.loading = None;
                        app.message = Some(message);
                    }
                }
                // Redraw at once with the notes read.
                continue;
            }
        }
        if let Some(outcome) = reloading.as_ref().and_then(Reload::outcome) {
            reloading = None;
            match outcome {
                Ok(collection) => {
                    app.replace_collection(collection);
                    indexing = Some(build_indexes(&app));
                }
                Err(e) => app.message = Some(format!("Could not reload the notes: {e}")),
            }
            continue;
        }
        if cli.panic_after_first_frame {
            panic!("panic requested by --panic-after-first-frame");
        }
        while let Some(built) = indexing.as_ref().and_then(|rx| rx.try_recv().ok()) {
            match built {
                Built::Related(index, problems) => app.set_related(index, problems),
                Built::Search(indexes) => {
                    app.search = Some(indexes);
                    indexing = None;
                }
            }
        }
        let requests = app.take_picture_requests();
        if !requests.is_empty() {
            // Asking the terminal for its graphics protocol reads input: done here, between reads.
            let loader = pictures.get_or_insert_with(|| PictureLoader::start(crate::pictures::picker()));
            for key in requests {
                loader.ask(key);
            }
        }
        if let Some(loader) = &mut pictures {
            let loaded = loader.take();
            if !loaded.is_empty() {
                for picture in loaded {
                    app.handle_event(Event::PictureLoaded(picture));
                }
                continue;
            }
        }
        let settled = notes_task.is_none() && saving_index.is_done();
        if cli.exit_when_indexed && app.search.is_some() && !app.related_pending && settled {
            return Ok(());
        }
        let busy = indexing.is_some()
            || notes_task.is_some()
            || reloading.is_some()
            || saver.in_flight > 0
            || pictures.as_ref().is_some_and(|p| p.in_flight > 0)
            || !saving_index.is_done();
        let poll = if watch.is_some() || busy { WATCH_POLL } else { STATE_POLL };
        let ready = match term::wait_for_input(poll, || signals.pending()) {
            Ok(term::Input::Ready) => true,
            Ok(term::Input::Idle) => false,
            // The window closed: like SIGHUP, save and quit.
            Ok(term::Input::HungUp) => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
            // A signal interrupts the wait; the next turn of the loop handles it.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) if term::hung_up() => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
            Err(e) => return Err(e).context("reading input"),
        };
        if !ready {
            saver.pick_up_changes(&mut app);
            if let Some(changes) = watch.as_mut().map(FileWatch::poll).filter(|c| c.any()) {
                reload_again |= changes.notes;
                reload(&mut app, changes, &paths, &flags);
            }
            // One read at a time, and none while the first full read is under way
            // (its result would replace the reload's).
            if reload_again && reloading.is_none() && notes_task.is_none() {
                if let Some(root) = &notes_root {
                    reloading = Some(Reload::start(root.clone()));
                }
                reload_again = false;
            }
            continue;
        }
        let input = match event::read() {
            Ok(input) => input,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) if term::hung_up() => {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
            Err(e) => return Err(e).context("reading input"),
        };
        let effects = match input {
            TermEvent::Key(key) => match KeyChord::from_event(key) {
                Some(chord) => app.handle_key(chord),
                None => continue,
            },
            TermEvent::Resize(width, height) => {
                app.handle_event(Event::Resize { width, height });
                Vec::new()
            }
            TermEvent::Mouse(mouse) => match mouse_input(mouse) {
                Some(input) => {
                    app.handle_event(Event::Mouse(input));
                    Vec::new()
                }
                None => continue,
            },
            _ => continue,
        };
        if saver.carry_out(&mut app, terminal, effects) {
            return Ok(());
        }
        // Saving or deleting a saved search: written here, answered to the app.
        for write in app.take_searches_writes() {
            let result = crate::config::write_searches(&write);
            app.handle_event(Event::SearchesWritten { change: write.change, result });
        }
    }
}

/// How often to look for file changes while idle, when watching.
const WATCH_POLL: Duration = Duration::from_millis(250);

fn mouse_input(event: MouseEvent) -> Option<MouseInput> {
    let kind = match event.kind {
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Down,
        MouseEventKind::Drag(MouseButton::Left) => MouseKind::Drag,
        MouseEventKind::Up(MouseButton::Left) => MouseKind::Up,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        _ => return None,
    };
    Some(MouseInput { kind, x: event.column, y: event.row })
}

/// Takes in the keymap, config and saved searches after they changed on
/// disk. Changed notes are read again on another thread ([`Reload`]).
fn reload(app: &mut App, changes: Changes, paths: &Paths, flags: &FileFlags) {
    if changes.keymap {
        match load_keymap(paths, flags.keymap.clone()) {
            Ok((keymap, problems)) => app.replace_keymap(keymap, problems),
            Err(e) => app.message = Some(format!("Could not reload the keymap: {e:#}")),
        }
    }
    if changes.config {
        match load_config(paths, flags.config.clone()) {
            Ok((config, problems)) => {
                app.settings.newest_first = config.newest_first;
                app.settings.timeline_width = config.timeline_width;
                app.settings.talks_width = config.talks_width;
                app.set_theme(theme_for(&config));
                app.message = Some(if problems.is_empty() {
                    "Config reloaded".to_string()
                } else {
                    format!("Config reloaded; {}", problems[0])
                });
            }
            Err(e) => app.message = Some(format!("Could not reload the config: {e:#}")),
        }
    }
    if changes.searches {
        app.reload_saved_searches(crate::config::load_searches(paths, flags.searches.clone()));
    }
}

/// Suspends the interface, runs the user's editor on the file at a line,
/// and takes the terminal back. Returns a message for the status line.
fn edit(terminal: &mut Tui, request: EditRequest, copies: &mut ReadOnlyCopies) -> String {
    let (path, line, note) = match request {
        EditRequest::File { path, line } => (path, line, None),
        EditRequest::BundledCopy { id, text, line } => match copies.write(&id, &text) {
            Ok(path) => (path, line, Some("The bundled notes are built into confnotes: this was a read-only copy")),
            Err(e) => return format!("Could not make a copy to edit: {e}"),
        },
    };
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let mut words = editor.split_whitespace();
    let Some(program) = words.next() else { return "No editor set ($VISUAL, $EDITOR)".into() };
    let mut command = std::process::Command::new(program);
    command.args(words).args(editor_args(program, &path, line));
    term::suspend();
    let status = command.status();
    let resumed = term::resume(terminal);
    match (status, resumed) {
        (_, Err(e)) => format!("Could not take the terminal back: {e}"),
        (Err(e), _) => format!("Could not run {program}: {e}"),
        (Ok(s), _) if !s.success() => format!("{program} exited with {s}"),
        (Ok(_), _) => note.map_or_else(|| format!("Edited {}", path.display()), str::to_string),
    }
}

/// Who is to resume a suspended app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resumer {
    /// The shell, with `fg` (ctrl-z): only if it has job control.
    Shell,
    /// Whoever sent SIGTSTP.
    Sender,
}

/// Hands the terminal back to the shell, stops until resumed, then takes
/// it back and redraws, as vim and helix do. Refused when no shell could
/// resume the app.
fn suspend(app: &mut App, terminal: &mut Tui, resumer: Resumer) {
    if resumer == Resumer::Shell && !crate::signals::job_control() {
        app.message = Some("Not suspended: no shell with job control started confnotes to resume it".into());
        return;
    }
    term::suspend();
    crate::log::write("suspended");
    if let Err(e) = crate::signals::stop_self() {
        app.message = Some(format!("Could not suspend: {e}"));
    }
    take_terminal_back(app, terminal);
}

/// Raw mode, alternate screen and mouse again after the app was stopped,
/// and a full redraw at the terminal's size, which may have changed meanwhile.
fn take_terminal_back(app: &mut App, terminal: &mut Tui) {
    if let Err(e) = term::resume(terminal) {
        app.message = Some(format!("Could not take the terminal back: {e}"));
    }
    if let Ok(size) = terminal.size() {
        app.handle_event(Event::Resize { width: size.width, height: size.height });
    }
}

/// Arguments that open `path` at `line`: `+LINE` for the editors that take
/// it, `-g path:line` for VS Code, the bare path otherwise.
pub fn editor_args(program: &str, path: &Path, line: usize) -> Vec<String> {
    let name = Path::new(program).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let shown = path.display().to_string();
    match name.as_str() {
        "vi" | "vim" | "nvim" | "gvim" | "view" | "nano" | "emacs" | "emacsclient" | "hx" | "helix" | "kak"
        | "micro" | "joe" | "mg" | "ne" | "jed" | "vis" => vec![format!("+{line}"), shown],
        "code" | "codium" | "code-insiders" => vec!["-g".into(), format!("{shown}:{line}")],
        _ => vec![shown],
    }
}

/// Opens an address or a file with the system opener, detached, its output
/// discarded so nothing it prints can land on the TUI.
fn open_with_system(target: &std::ffi::OsStr) -> io::Result<()> {
    use std::process::Stdio;
    let mut last_error = io::Error::new(io::ErrorKind::NotFound, "no program to open links with");
    for mut command in open::commands(target) {
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
    /// The state file, read here for other instances' changes.
    store: Option<Store>,
    /// Writes it, off the UI thread.
    writer: Option<StateWriter>,
    /// Saves asked for and not yet answered.
    in_flight: usize,
    /// Modification time of our own last write, to tell it from others'.
    written: Option<SystemTime>,
    /// Read-only copies of bundled notes given to the editor.
    copies: ReadOnlyCopies,
}

impl Saver {
    fn new(store: Option<Store>) -> Self {
        let writer = store.clone().map(StateWriter::start);
        Self { store, writer, in_flight: 0, written: None, copies: ReadOnlyCopies::new() }
    }

    /// Returns whether the app asked to quit (after saving).
    fn carry_out(&mut self, app: &mut App, terminal: &mut Tui, effects: Vec<Effect>) -> bool {
        let mut quit = false;
        for effect in effects {
            match effect {
                Effect::SaveState => self.save(app),
                Effect::OpenUrl(url) => {
                    if let Err(e) = open_with_system(url.as_ref()) {
                        app.message = Some(format!("Could not open {}: {e}", crate::text::sanitize_line(&url)));
                    }
                }
                Effect::OpenFile { root, file } => {
                    let opened = crate::notes::opening::confine(&root, &file)
                        .and_then(|path| open_with_system(path.as_ref()).map_err(|e| e.to_string()));
                    if let Err(why) = opened {
                        app.message = Some(crate::text::sanitize_line(&format!("Not opened: {why}")));
                    }
                }
                Effect::CopyToClipboard(text) => {
                    let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
                    if crossterm::execute!(io::stdout(), copy).is_err() {
                        app.message = Some("Could not reach the terminal's clipboard".into());
                    }
                }
                Effect::Edit(request) => {
                    app.message = Some(edit(terminal, request, &mut self.copies));
                }
                Effect::Suspend => {
                    self.settle(app);
                    suspend(app, terminal, Resumer::Shell);
                }
                Effect::Quit => quit = true,
            }
        }
        if quit {
            self.finish(app);
        }
        quit
    }

    fn save(&mut self, app: &mut App) {
        let Some(writer) = &self.writer else { return };
        match writer.save(app.state.clone()) {
            Ok(()) => self.in_flight += 1,
            Err(e) => app.handle_event(Event::SaveFailed(e)),
        }
    }

    /// Takes in how the saves done since last time went.
    fn take_outcomes(&mut self, app: &mut App) {
        let outcomes = self.writer.as_ref().map(StateWriter::outcomes).unwrap_or_default();
        for outcome in outcomes {
            self.take_in(app, outcome);
        }
    }

    /// Waits a moment for the saves asked for: the app is about to stop,
    /// and a stopped program is often killed rather than resumed.
    fn settle(&mut self, app: &mut App) {
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while self.in_flight > 0 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Some(outcome) = self.writer.as_ref().and_then(|w| w.next_outcome(left)) else { return };
            self.take_in(app, outcome);
        }
    }

    /// Waits for every save asked for: the app is about to end.
    fn finish(&mut self, app: &mut App) {
        let outcomes = self.writer.as_mut().map(StateWriter::finish).unwrap_or_default();
        for outcome in outcomes {
            self.take_in(app, outcome);
        }
    }

    fn take_in(&mut self, app: &mut App, outcome: SaveOutcome) {
        self.in_flight = self.in_flight.saturating_sub(outcome.requests);
        self.written = outcome.written;
        match outcome.result {
            Ok((None, None)) => {}
            Ok((merged, moved)) => {
                let moved_aside = moved.map(|p| p.display().to_string());
                app.handle_event(Event::Saved { merged: merged.map(Box::new), moved_aside });
            }
            Err(e) => app.handle_event(Event::SaveFailed(e)),
        }
    }

    /// Merges in what another instance wrote since our last write.
    fn pick_up_changes(&mut self, app: &mut App) {
        // A change seen while our own write is under way may be that write.
        let Some(store) = self.store.as_ref().filter(|_| self.in_flight == 0) else { return };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_open_at_the_line_in_their_own_way() {
        let p = Path::new("/n/a.md");
        assert_eq!(editor_args("vim", p, 12), ["+12", "/n/a.md"]);
        assert_eq!(editor_args("/usr/bin/nvim", p, 3), ["+3", "/n/a.md"]);
        assert_eq!(editor_args("code", p, 7), ["-g", "/n/a.md:7"]);
        assert_eq!(editor_args("gedit", p, 7), ["/n/a.md"]);
    }
}
