//! The terminal loop: draw, wait for input (or a file change), update,
//! carry out the effects (save state, open links, run the editor, reload).

use std::io;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};
use crossterm::event::{self, Event as TermEvent};

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::app::{App, EditRequest, Effect, MouseInput, MouseKind, Notice};
use crate::background::{
    build_indexes, Built, IndexSave, NotesRead, NotesTask, Plan, SaveOutcome, SavedIndexes, StateWriter,
};
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

/// Where live reload looks, and how to reload.
pub struct Sources {
    pub store: Option<Store>,
    /// The version of the state file the app's state was read from.
    pub state_read: Option<crate::state::Version>,
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

/// What the loop waits for: every source of work sends one of these down
/// the loop's one channel, and the loop sleeps until one comes.
enum Message {
    /// The terminal has input, the window was resized, or a quit signal came.
    Terminal,
    /// Files changed on disk, settled into one report.
    FilesChanged(Changes),
    /// The file watcher is set up, or could not be.
    Watching(Option<FileWatch>),
    /// The whole collection behind a first look is read.
    NotesRead(NotesRead),
    /// The notes folder was read again after a change.
    Reloaded(Result<crate::background::Reread, crate::background::ReloadError>),
    /// An index is built; `generation` tells a build for the collection
    /// shown from one for a collection since replaced. Boxed: the indexes
    /// are far larger than any other message.
    Built { generation: u64, built: Box<Built> },
    /// A state save is done; its outcome waits in the writer.
    StateSaved,
    /// The notes index is written.
    IndexSaved,
    /// A picture is decoded; it waits in the loader.
    PictureLoaded,
}

/// A handle that background work sends its messages through.
#[derive(Clone)]
struct Inbox(std::sync::mpsc::Sender<Message>);

impl Inbox {
    /// A callback for a background task: sends what it is given as a message.
    fn sender<T>(&self, message: impl Fn(T) -> Message + Send + 'static) -> impl Fn(T) + Send + 'static {
        let tx = self.0.clone();
        // The receiver is gone only when the loop has ended: nothing is waiting.
        move |value| drop(tx.send(message(value)))
    }

    /// A callback that sends one fixed message.
    fn waker(&self, message: fn() -> Message) -> impl Fn() + Send + 'static {
        let tx = self.0.clone();
        move || drop(tx.send(message()))
    }
}

/// How often the status line's count of files read is brought up to date
/// while a large folder is read. The only timer; an idle loop has none.
const LOADING_TICK: Duration = Duration::from_millis(250);

/// How often to look for another instance's changes to the state file when
/// no watcher tells (it could not be set up).
const STATE_POLL: Duration = Duration::from_secs(1);

fn run_loop(
    app: App,
    sources: Sources,
    startup_message: Option<String>,
    cli: &Cli,
    terminal: &mut Tui,
    signals: &Signals,
) -> Result<()> {
    // The process ends with the loop: the app (every note and index, hundreds
    // of MB at 100,000 notes) is not freed a piece at a time first, which took
    // longer than loading them from the saved index. Nothing in it is written
    // when dropped: the state and the indexes are saved by their own threads.
    let mut app = std::mem::ManuallyDrop::new(app);
    let Sources { store, state_read, paths, flags, then } = sources;
    let (tx, messages) = std::sync::mpsc::channel();
    let inbox = Inbox(tx);
    let mut then = Some(then);
    let mut notes_task: Option<NotesTask> = None;
    // A live reload under way, and whether the notes changed again since it began.
    let mut reloading = false;
    let mut reload_again = false;
    let mut saving_index: Option<IndexSave> = None;
    let state_file = store.as_ref().map(|s| s.path.clone());
    let mut saver = Saver::new(store, state_read, inbox.waker(|| Message::StateSaved));
    // Saved once the first frame is up: with thousands of notes the state
    // file is large, and the reader should not wait for it to be written.
    let mut initial = Some(app.initial_effects());
    if let Some(message) = startup_message {
        app.say(message);
    }
    let size = terminal.size().context("reading the terminal size")?;
    let resized = app.notice(Notice::Resize { width: size.width, height: size.height });
    initial.get_or_insert_with(Vec::new).extend(resized);
    let notes_root = match &app.collection().origin {
        Origin::Folder(root) => Some(root.clone()),
        Origin::Bundled => None,
    };
    let watched = WatchedFiles {
        keymap: paths.keymap_file(flags.keymap.clone()),
        config: paths.config_file(flags.config.clone()),
        searches: paths.searches_file(flags.searches.clone()),
        state: state_file,
    };
    // Live reload is a comfort: without it (no inotify, too many watches) the
    // app still works. Watching a large folder means a walk of every file, so
    // it is set up on another thread once the first frame is up.
    let mut watch: Option<FileWatch> = None;
    let mut watch_asked = false;
    // The indexes are built off the UI thread once the first frame is up,
    // so neither that frame nor any key waits for them. Each build has a
    // generation; a build for a collection since replaced is ignored.
    let mut indexing: Option<u64> = None;
    // Indexes being written for the next start, by the thread that built them.
    let mut saving_indexes = false;
    let mut generation = 0;
    // `preread`: what a load that read every file took of the texts for the indexes.
    let mut build = |collection: std::sync::Arc<crate::notes::Collection>,
                     plan: Plan,
                     indexing: &mut Option<u64>,
                     save: Option<crate::saved_indexes::Place>,
                     preread: Option<Box<crate::preread::Preread>>| {
        generation += 1;
        let this = generation;
        let built = inbox.sender(move |built| Message::Built { generation: this, built: Box::new(built) });
        build_indexes(collection, plan, save, preread, built);
        *indexing = Some(this);
    };
    // Pictures are decoded on a thread started when a note first shows one.
    let mut pictures: Option<crate::pictures::PictureLoader> = None;
    // A terminating signal or a closed terminal window quits like `q`: progress saved, terminal restored.
    let stop = &signals.stop;
    let input = term::InputWaiter::start(inbox.waker(|| Message::Terminal)).context("waiting for input")?;
    // An input was handled and crossterm may hold more: each is drawn before the next is read.
    let mut input_pending = false;
    loop {
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
            if saver.carry_out(&mut app, terminal, effects) {
                return Ok(());
            }
            let mut effects = saver.settle(&mut app);
            // Whoever sent SIGTSTP can send SIGCONT: stopped even with no shell to resume it.
            effects.extend(suspend(&mut app, terminal, Resumer::Sender));
            if saver.carry_out(&mut app, terminal, effects) {
                return Ok(());
            }
            continue;
        }
        if signals.take_continued() {
            // Stopped by someone else (SIGSTOP): the shell may have reset the terminal.
            let effects = take_terminal_back(&mut app, terminal);
            if saver.carry_out(&mut app, terminal, effects) {
                return Ok(());
            }
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
        if !watch_asked {
            watch_asked = true;
            // The grammars load on the side (about 20 ms), ready when a code block
            // shows; started after the first frame, whose processor it would share.
            std::thread::Builder::new().name("grammars".into()).spawn(crate::render::warm_up_highlighting).ok();
            let (root, files) = (notes_root.clone(), watched.clone());
            let (ready, changed) = (inbox.sender(Message::Watching), inbox.sender(Message::FilesChanged));
            std::thread::spawn(move || ready(FileWatch::new(root.as_deref(), &files, changed).ok()));
        }
        if let Some(then) = then.take() {
            match then {
                AfterFirstFrame::Nothing => {}
                AfterFirstFrame::SaveIndex(save) => {
                    saving_index =
                        Some(IndexSave::start(save, app.shared_collection(), inbox.waker(|| Message::IndexSaved)))
                }
                AfterFirstFrame::ReadAll { listing, index, look } => {
                    let look = look.map(|look| (look, app.shared_collection()));
                    notes_task = Some(NotesTask::read_all(listing, index, look, inbox.sender(Message::NotesRead)))
                }
            }
            // A first look is about to be replaced: index the whole collection instead.
            if app.collection().is_complete() {
                build(app.shared_collection(), Plan::for_app(&app), &mut indexing, None, None);
            }
        }
        if let Some(effects) = initial.take() {
            saver.carry_out(&mut app, terminal, effects);
        }
        if cli.panic_after_first_frame {
            panic!("panic requested by --panic-after-first-frame");
        }
        let requests = app.take_picture_requests();
        if !requests.is_empty() {
            // Asking the terminal for its graphics protocol reads input: done here, between reads.
            let loader = pictures.get_or_insert_with(|| {
                PictureLoader::start(crate::pictures::picker(), inbox.waker(|| Message::PictureLoaded))
            });
            for key in requests {
                loader.ask(key);
            }
            // Requests no thread takes are answered at once.
            let refused = loader.take();
            if !refused.is_empty() {
                let effects = app.notice(Notice::PicturesLoaded(refused));
                if saver.carry_out(&mut app, terminal, effects) {
                    return Ok(());
                }
                continue;
            }
        }
        let settled = notes_task.is_none() && saving_index.is_none() && !saving_indexes;
        if cli.exit_when_indexed && app.is_indexed() && !app.related_pending() && settled {
            return Ok(());
        }
        // Sleep until a message comes; only a count on screen or a state file
        // no watcher looks at needs the clock.
        let tick = if notes_task.is_some() {
            Some(LOADING_TICK)
        } else if watch.is_none() && saver.store.is_some() {
            Some(STATE_POLL)
        } else {
            None
        };
        let message = match tick {
            _ if input_pending => Some(Message::Terminal),
            Some(tick) => match messages.recv_timeout(tick) {
                Ok(message) => Some(message),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            },
            // The loop holds a sender itself, so this waits for a message.
            None => messages.recv().ok(),
        };
        let Some(message) = message else {
            if let Some(task) = &notes_task {
                app.set_loading(task.progress());
            }
            if watch.is_none() {
                let effects = saver.pick_up_changes(&mut app);
                if saver.carry_out(&mut app, terminal, effects) {
                    return Ok(());
                }
            }
            continue;
        };
        let effects = match message {
            Message::Terminal => {
                let read = read_input(&mut app, terminal, &mut saver);
                input_pending = matches!(read, Ok(Read::One));
                if !input_pending {
                    input.resume();
                }
                match read {
                    Ok(Read::Quit) => return Ok(()),
                    Ok(Read::One) => Vec::new(),
                    Ok(Read::Done) => resized_unreported(&mut app, terminal),
                    Ok(Read::HungUp) => {
                        stop.store(true, Ordering::Relaxed);
                        Vec::new()
                    }
                    Err(e) => return Err(e).context("reading input"),
                }
            }
            Message::Watching(ready) => {
                watch = ready;
                Vec::new()
            }
            Message::FilesChanged(changes) => {
                let effects = if changes.state { saver.pick_up_changes(&mut app) } else { Vec::new() };
                // Edited notes are read again alone when nothing else changed (no
                // reading of the whole folder under way either); else the folder is.
                let alone = changes.notes
                    && !changes.notes_elsewhere
                    && !reloading
                    && notes_task.is_none()
                    && app.collection().is_complete();
                if alone {
                    let rereads = changes
                        .note_files
                        .iter()
                        .map(|rel| crate::notes::refresh::reread(app.collection(), rel))
                        .collect();
                    match app.take_in_rereads(rereads) {
                        // Relations depend on every note's words: related again off
                        // this thread, the old ones answering meanwhile. A build under
                        // way is replaced: this one brings what it would have.
                        Some(edited) if edited > 0 => {
                            let plan = Plan { related: true, search: !app.is_indexed() };
                            build(app.shared_collection(), plan, &mut indexing, None, None);
                        }
                        Some(_) => {}
                        None => reload_again = true,
                    }
                } else {
                    reload_again |= changes.notes;
                }
                reload(&mut app, changes, &paths, &flags);
                effects
            }
            Message::NotesRead(outcome) => {
                notes_task = None;
                match outcome {
                    NotesRead::Read(collection, save, indexes, preread) => {
                        let collection = std::sync::Arc::new(*collection);
                        let effects = app.finish_loading(Arc::clone(&collection));
                        // Indexed and saved once the app has taken the collection in
                        // (when each note was first seen): started before, beside
                        // it, the tail was shorter but the peak of memory no lower
                        // (measured within noise, 147 to 155 MiB at 100,000 notes).
                        // A collection taken in has neither index yet.
                        let everything = Plan { related: true, search: true };
                        let loaded = match indexes {
                            SavedIndexes::SaveAt(place) => {
                                saving_indexes = true;
                                build(Arc::clone(&collection), everything, &mut indexing, Some(place), preread);
                                None
                            }
                            SavedIndexes::None => {
                                build(Arc::clone(&collection), everything, &mut indexing, None, preread);
                                None
                            }
                            SavedIndexes::Loaded(loaded) => Some((loaded, None)),
                            SavedIndexes::Patched(loaded, place) => Some((loaded, Some(place))),
                        };
                        if let Some(save) = save {
                            saving_index = Some(IndexSave::start(
                                save,
                                Arc::clone(&collection),
                                inbox.waker(|| Message::IndexSaved),
                            ));
                        }

                        if let Some((loaded, patched)) = loaded {
                            let crate::saved_indexes::Loaded { related, problems, search } = *loaded;
                            app.set_related(related, problems);
                            app.set_search(search);
                            match patched {
                                Some(place) => {
                                    // Answering at once, built again for the notes as they are now.
                                    saving_indexes = true;
                                    build(app.shared_collection(), everything, &mut indexing, Some(place), None);
                                }
                                // No build is under way: one for an older collection is ignored.
                                None => indexing = None,
                            }
                        }
                        effects
                    }
                    NotesRead::Failed(message) => {
                        app.set_loading(None);
                        app.say(message);
                        Vec::new()
                    }
                }
            }
            Message::Reloaded(outcome) => {
                reloading = false;
                match outcome {
                    Ok((collection, preread)) => {
                        app.replace_collection(collection);
                        build(app.shared_collection(), Plan::for_app(&app), &mut indexing, None, Some(preread));
                    }
                    Err(e) => app.say(format!("Could not reload the notes: {e}")),
                }
                Vec::new()
            }
            Message::Built { generation, built } => match *built {
                Built::Saved => {
                    saving_indexes = false;
                    Vec::new()
                }
                // Built for a collection since replaced.
                _ if indexing != Some(generation) => Vec::new(),
                Built::Related(index, problems) => {
                    app.set_related(index, problems);
                    Vec::new()
                }
                Built::Search(indexes) => {
                    app.set_search(indexes);
                    indexing = None;
                    Vec::new()
                }
            },
            Message::StateSaved => saver.take_outcomes(&mut app),
            Message::IndexSaved => {
                // The thread is ending: joining it takes no time.
                saving_index = None;
                Vec::new()
            }
            Message::PictureLoaded => {
                let loaded = pictures.as_mut().map(PictureLoader::take).unwrap_or_default();
                if loaded.is_empty() {
                    Vec::new()
                } else {
                    app.notice(Notice::PicturesLoaded(loaded))
                }
            }
        };
        if saver.carry_out(&mut app, terminal, effects) {
            return Ok(());
        }
        // One read at a time, and none while the first full read is under way
        // (its result would replace the reload's).
        if reload_again && !reloading && notes_task.is_none() {
            if let Some(root) = &notes_root {
                crate::background::reload(root.clone(), inbox.sender(Message::Reloaded));
                reloading = true;
            }
            reload_again = false;
        }
    }
}

/// What reading the terminal's input came to.
enum Read {
    /// One input was handled; there may be more.
    One,
    /// Nothing more to read.
    Done,
    Quit,
    HungUp,
}

/// Reads and handles the next input the terminal has, carrying out its
/// effects. The loop draws after each and asks again until this says
/// `Done`: crossterm may hold more events than the terminal shows (a
/// resize, a burst of keys), and each one's screen is drawn.
fn read_input(app: &mut App, terminal: &mut Tui, saver: &mut Saver) -> io::Result<Read> {
    loop {
        // crossterm's poll spins once the terminal is gone: ask it only while there is one.
        if term::hung_up() {
            return Ok(Read::HungUp);
        }
        match event::poll(Duration::ZERO) {
            Ok(true) => {}
            Ok(false) => return Ok(Read::Done),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) if term::hung_up() => return Ok(Read::HungUp),
            Err(e) => return Err(e),
        }
        let input = match event::read() {
            Ok(input) => input,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) if term::hung_up() => return Ok(Read::HungUp),
            Err(e) => return Err(e),
        };
        let effects = match input {
            TermEvent::Key(key) => match KeyChord::from_event(key) {
                Some(chord) => app.handle_key(chord),
                None => continue,
            },
            TermEvent::Resize(width, height) => app.notice(Notice::Resize { width, height }),
            TermEvent::Mouse(mouse) => match mouse_input(mouse) {
                Some(input) => app.notice(Notice::Mouse(input)),
                None => continue,
            },
            _ => continue,
        };
        if saver.carry_out(app, terminal, effects) {
            return Ok(Read::Quit);
        }
        return Ok(Read::One);
    }
}

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

/// The window's new size when crossterm did not report it: crossterm sets
/// its own SIGWINCH handler only on its first read, so a window resized
/// before the first key wakes the loop (through our handler) with no
/// resize event to read, and the app would go on laying out the old size.
#[must_use]
fn resized_unreported(app: &mut App, terminal: &mut Tui) -> Vec<Effect> {
    match terminal.size() {
        Ok(size) if (size.width, size.height) != (app.area().width, app.area().height) => {
            app.notice(Notice::Resize { width: size.width, height: size.height })
        }
        _ => Vec::new(),
    }
}

/// Takes in the keymap, config and saved searches after they changed on
/// disk. Changed notes are read again on another thread ([`Reload`]).
fn reload(app: &mut App, changes: Changes, paths: &Paths, flags: &FileFlags) {
    if changes.keymap {
        match load_keymap(paths, flags.keymap.clone()) {
            Ok((keymap, problems)) => app.replace_keymap(keymap, problems),
            Err(e) => app.say(format!("Could not reload the keymap: {e:#}")),
        }
    }
    if changes.config {
        match load_config(paths, flags.config.clone()) {
            Ok((config, problems)) => {
                app.take_in_config(&config, theme_for(&config));
                app.say(if problems.is_empty() {
                    "Config reloaded".to_string()
                } else {
                    format!("Config reloaded; {}", problems[0])
                });
            }
            Err(e) => app.say(format!("Could not reload the config: {e:#}")),
        }
    }
    if changes.searches {
        app.reload_saved_searches(crate::config::load_searches(paths, flags.searches.clone()));
    }
}

/// Suspends the interface, runs the user's editor on the file at a line,
/// and takes the terminal back. Returns a message for the status line.
/// `template` is config's `editor`; without it $VISUAL, $EDITOR or vi.
fn edit(terminal: &mut Tui, request: EditRequest, template: Option<&str>, copies: &mut ReadOnlyCopies) -> String {
    let (path, line, note) = match request {
        EditRequest::File { path, line } => (path, line, None),
        EditRequest::BundledCopy { id, text, line } => match copies.write(&id, &text) {
            Ok(path) => (path, line, Some("The bundled notes are built into confnotes: this was a read-only copy")),
            Err(e) => return format!("Could not make a copy to edit: {e}"),
        },
    };
    let from_env = || {
        std::env::var("VISUAL")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "vi".to_string())
    };
    let editor = template.map_or_else(from_env, str::to_string);
    let words = crate::editor::command_line(&editor, &path, line);
    let Some((program, args)) = words.split_first() else { return "No editor set ($VISUAL, $EDITOR)".into() };
    let mut command = std::process::Command::new(program);
    command.args(args);
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
#[must_use]
fn suspend(app: &mut App, terminal: &mut Tui, resumer: Resumer) -> Vec<Effect> {
    if resumer == Resumer::Shell && !crate::signals::job_control() {
        app.say("Not suspended: no shell with job control started confnotes to resume it");
        return Vec::new();
    }
    term::suspend();
    crate::log::write("suspended");
    if let Err(e) = crate::signals::stop_self() {
        app.say(format!("Could not suspend: {e}"));
    }
    take_terminal_back(app, terminal)
}

/// Raw mode, alternate screen and mouse again after the app was stopped,
/// and a full redraw at the terminal's size, which may have changed meanwhile.
#[must_use]
fn take_terminal_back(app: &mut App, terminal: &mut Tui) -> Vec<Effect> {
    if let Err(e) = term::resume(terminal) {
        app.say(format!("Could not take the terminal back: {e}"));
    }
    match terminal.size() {
        Ok(size) => app.notice(Notice::Resize { width: size.width, height: size.height }),
        Err(_) => Vec::new(),
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
    /// `written` is called on the writing thread after each save.
    fn new(store: Option<Store>, read: Option<crate::state::Version>, written: impl Fn() + Send + 'static) -> Self {
        let writer = store.clone().map(|store| StateWriter::start(store, read, written));
        Self { store, writer, in_flight: 0, written: None, copies: ReadOnlyCopies::new() }
    }

    /// Carries out effects, and those the app answers them with, in order.
    /// Returns whether the app asked to quit (after saving).
    fn carry_out(&mut self, app: &mut App, terminal: &mut Tui, effects: Vec<Effect>) -> bool {
        let mut quit = false;
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::SaveState => queue.extend(self.save(app)),
                Effect::OpenUrl(url) => {
                    if let Err(e) = open_with_system(url.as_ref()) {
                        app.say(format!("Could not open {}: {e}", crate::text::sanitize_line(&url)));
                    }
                }
                Effect::OpenFile { root, file } => {
                    let opened = crate::notes::opening::confine(&root, &file)
                        .and_then(|path| open_with_system(path.as_ref()).map_err(|e| e.to_string()));
                    if let Err(why) = opened {
                        app.say(crate::text::sanitize_line(&format!("Not opened: {why}")));
                    }
                }
                Effect::CopyToClipboard(text) => {
                    let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
                    if crossterm::execute!(io::stdout(), copy).is_err() {
                        app.say("Could not reach the terminal's clipboard");
                    }
                }
                Effect::Edit(request) => {
                    let template = app.settings().editor.clone();
                    app.say(edit(terminal, request, template.as_deref(), &mut self.copies));
                }
                Effect::Suspend => {
                    queue.extend(self.settle(app));
                    queue.extend(suspend(app, terminal, Resumer::Shell));
                }
                // Saving or deleting a saved search: written here, answered to the app.
                Effect::WriteSearches(write) => {
                    let result = crate::config::write_searches(&write);
                    queue.extend(app.notice(Notice::SearchesWritten { change: write.change, result }));
                }
                Effect::Quit => quit = true,
            }
        }
        if quit {
            self.finish(app);
        }
        quit
    }

    #[must_use]
    fn save(&mut self, app: &mut App) -> Vec<Effect> {
        let Some(writer) = &self.writer else { return Vec::new() };
        match writer.save(app.shared_state()) {
            Ok(()) => {
                self.in_flight += 1;
                Vec::new()
            }
            Err(e) => app.notice(Notice::SaveFailed(e)),
        }
    }

    /// Takes in how the saves done since last time went.
    #[must_use]
    fn take_outcomes(&mut self, app: &mut App) -> Vec<Effect> {
        let outcomes = self.writer.as_ref().map(StateWriter::outcomes).unwrap_or_default();
        outcomes.into_iter().flat_map(|outcome| self.take_in(app, outcome)).collect()
    }

    /// Waits a moment for the saves asked for: the app is about to stop,
    /// and a stopped program is often killed rather than resumed.
    #[must_use]
    fn settle(&mut self, app: &mut App) -> Vec<Effect> {
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        let mut effects = Vec::new();
        while self.in_flight > 0 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Some(outcome) = self.writer.as_ref().and_then(|w| w.next_outcome(left)) else { break };
            effects.extend(self.take_in(app, outcome));
        }
        effects
    }

    /// Waits for every save asked for: the app is about to end.
    fn finish(&mut self, app: &mut App) {
        let outcomes = self.writer.as_mut().map(StateWriter::finish).unwrap_or_default();
        for outcome in outcomes {
            // Nothing more is carried out once quitting: a failed last save
            // is in confnotes.log, written by the state writer.
            let _ = self.take_in(app, outcome);
        }
    }

    #[must_use]
    fn take_in(&mut self, app: &mut App, outcome: SaveOutcome) -> Vec<Effect> {
        self.in_flight = self.in_flight.saturating_sub(outcome.requests);
        self.written = outcome.written;
        match outcome.result {
            Ok((None, None)) => Vec::new(),
            Ok((merged, moved)) => {
                let moved_aside = moved.map(|p| p.display().to_string());
                app.notice(Notice::Saved { merged: merged.map(Box::new), moved_aside })
            }
            Err(e) => app.notice(Notice::SaveFailed(e)),
        }
    }

    /// Merges in what another instance wrote since our last write.
    #[must_use]
    fn pick_up_changes(&mut self, app: &mut App) -> Vec<Effect> {
        // A change seen while our own write is under way may be that write.
        let Some(store) = self.store.as_ref().filter(|_| self.in_flight == 0) else { return Vec::new() };
        let modified = store.modified();
        if modified.is_none() || modified == self.written {
            return Vec::new();
        }
        self.written = modified;
        match store.load() {
            Ok(Loaded::Existing(other)) => return app.notice(Notice::StateChangedOnDisk(Box::new(other))),
            Ok(Loaded::MovedAside { moved_to, reason, .. }) => {
                // Someone broke the file; ours in memory is intact and the next save rewrites it.
                app.say(format!("The state file became unreadable ({reason}); moved to {}", moved_to.display()));
            }
            Ok(Loaded::Fresh(_)) | Err(_) => {}
        }
        Vec::new()
    }
}
