//! The real binary in a pseudo-terminal: it must leave the terminal as it
//! found it (main screen, cursor shown, cooked mode) when it quits, when it
//! panics, and it must not touch the terminal at all when it fails early.
//!
//! The pty output is fed to a tiny screen model (cursor moves and printable
//! characters; colours ignored) because ratatui only redraws changed cells,
//! so on-screen text is often not contiguous in the byte stream.

#![cfg(unix)]

use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Error, Expect, Regex, Session};
use tempfile::TempDir;

const TIMEOUT: Duration = Duration::from_secs(10);
const COLS: u16 = 160;
const ROWS: u16 = 45;

const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

/// Points every place confnotes reads or writes at `home`, so a test never
/// sees the developer's keymap, config or read state.
fn isolate(command: &mut Command, home: &Path) {
    command
        .arg("--data-dir")
        .arg(home.join("data"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("TERM", "xterm-256color");
}

/// Byte offset of the first occurrence of `needle` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn exit_code(status: WaitStatus) -> Option<i32> {
    match status {
        WaitStatus::Exited(_, code) => Some(code),
        _ => None,
    }
}

/// What a terminal would show: the grid of characters and whether the
/// alternate screen is active. Only what ratatui and crossterm emit is
/// understood: `CSI row;col H`, `CSI ?1049 h/l`, `CSI 2 J`, CR, LF and text;
/// every other sequence (colours, cursor visibility) is skipped.
struct Screen {
    cells: Vec<Vec<char>>,
    alternate: bool,
}

impl Screen {
    fn parse(bytes: &[u8]) -> Self {
        let blank = || vec![vec![' '; usize::from(COLS)]; usize::from(ROWS)];
        let mut screen = Screen { cells: blank(), alternate: false };
        let (mut row, mut col) = (0usize, 0usize);
        let text = String::from_utf8_lossy(bytes);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\x1b' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut last = None;
                        for c in chars.by_ref() {
                            if ('\x40'..='\x7e').contains(&c) {
                                last = Some(c);
                                break;
                            }
                            params.push(c);
                        }
                        match (last, params.as_str()) {
                            (Some('H' | 'f'), _) => {
                                let mut numbers = params.split(';').map(|n| n.parse::<usize>().unwrap_or(1).max(1));
                                row = numbers.next().unwrap_or(1) - 1;
                                col = numbers.next().unwrap_or(1) - 1;
                            }
                            (Some('h' | 'l'), "?1049") => {
                                screen.alternate = last == Some('h');
                                screen.cells = blank();
                                (row, col) = (0, 0);
                            }
                            (Some('J'), "2") => screen.cells = blank(),
                            _ => {}
                        }
                    }
                    Some(']') => {
                        // OSC: up to BEL or ST.
                        while let Some(c) = chars.next() {
                            if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => col = 0,
                '\n' => row += 1,
                c if c.is_control() => {}
                c => {
                    if let Some(cell) = screen.cells.get_mut(row).and_then(|r| r.get_mut(col)) {
                        *cell = c;
                    }
                    col += 1;
                }
            }
        }
        screen
    }

    fn lines(&self) -> Vec<String> {
        self.cells.iter().map(|row| row.iter().collect::<String>().trim_end().to_string()).collect()
    }

    fn contains(&self, text: &str) -> bool {
        self.lines().iter().any(|line| line.contains(text))
    }

    fn status_line(&self) -> String {
        self.lines().last().cloned().unwrap_or_default()
    }
}

/// confnotes running in a pseudo-terminal, with everything it printed so far.
struct Pty {
    session: OsSession,
    transcript: Vec<u8>,
    _home: Option<TempDir>,
}

impl Pty {
    /// Starts confnotes with `args` in a 160x45 pty and a throwaway home.
    ///
    /// A shell runs `stty` and then execs the binary: ptyprocess turns echo
    /// off in the child, and crossterm restores whatever mode it found, so
    /// without this "echo is on after exit" would prove nothing. `stty` also
    /// sets the size before confnotes reads it.
    fn spawn(args: &[&str]) -> Self {
        let home = tempfile::tempdir().expect("temp dir");
        let pty = Self::spawn_at(args, home.path());
        Pty { _home: Some(home), ..pty }
    }

    /// Like [`Pty::spawn`], in a home the caller keeps (to start again in it).
    fn spawn_at(args: &[&str], home: &Path) -> Self {
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(format!(r#"stty echo cols {COLS} rows {ROWS} && exec "$0" "$@""#))
            .arg(env!("CARGO_BIN_EXE_confnotes"))
            .args(args);
        isolate(&mut command, home);
        let mut session = Session::spawn(command).expect("spawn confnotes in a pty");
        session.get_process_mut().set_window_size(COLS, ROWS).expect("set the window size");
        Pty { session, transcript: Vec::new(), _home: None }
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("write to the pty");
    }

    /// Moves whatever output is available into the transcript, without
    /// blocking. Returns false once the output has ended (the child exited).
    fn pump(&mut self) -> bool {
        match self.session.check(Regex("(?s-u).+")) {
            Ok(captures) => {
                self.transcript.extend_from_slice(captures.as_bytes());
                true
            }
            Err(Error::Eof) => false,
            Err(e) => panic!("reading the pty: {e}"),
        }
    }

    fn screen(&self) -> Screen {
        Screen::parse(&self.transcript)
    }

    /// Reads output until the screen satisfies `done`; fails with the screen
    /// shown on timeout or if confnotes exits first.
    fn wait_for(&mut self, what: &str, done: impl Fn(&Screen) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let before = self.transcript.len();
            let open = self.pump();
            let screen = self.screen();
            if done(&screen) {
                return;
            }
            let problem = if !open {
                "confnotes exited"
            } else if Instant::now() > deadline {
                "timed out"
            } else {
                if self.transcript.len() == before {
                    thread::sleep(Duration::from_millis(5));
                }
                continue;
            };
            panic!("{problem} waiting for {what}; screen:\n{}", screen.lines().join("\n"));
        }
    }

    /// Waits for the first full frame of the bundled notes.
    fn wait_for_first_frame(&mut self) {
        self.wait_for("the first frame", |s| {
            s.alternate && s.contains("Events") && s.contains("Salt Lake City") && s.status_line().ends_with("quit")
        });
    }

    fn echo(&self) -> bool {
        self.session.get_process().get_echo().expect("read the pty's termios")
    }

    /// Whether the pty is in the mode a shell expects: lines edited by the
    /// terminal (ICANON), typed keys echoed, ctrl-c and ctrl-z as signals.
    fn cooked(&self) -> bool {
        use rustix::termios::LocalModes;
        let master = self.session.get_process().get_raw_handle().expect("the pty's master");
        let modes = rustix::termios::tcgetattr(&master).expect("read the pty's termios").local_modes;
        modes.contains(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG)
    }

    fn pid(&self) -> i32 {
        self.session.get_process().pid().as_raw()
    }

    /// Reads output until `done` holds for the process, or fails.
    fn wait_until(&mut self, what: &str, done: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}; output:\n{}", text(&self.transcript));
            self.pump();
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Reads to the end of the output and reaps the child: its exit code
    /// (None if a signal ended it), everything it printed, and whether the
    /// pty has echo on afterwards.
    fn finish(mut self) -> (Option<i32>, Vec<u8>, bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let before = self.transcript.len();
            if !self.pump() {
                break;
            }
            assert!(Instant::now() < deadline, "confnotes did not exit; screen:\n{}", self.screen().lines().join("\n"));
            if self.transcript.len() == before {
                thread::sleep(Duration::from_millis(5));
            }
        }
        let status = self.session.get_process().wait().expect("wait for confnotes");
        let echo = self.echo();
        (exit_code(status), std::mem::take(&mut self.transcript), echo)
    }
}

#[test]
fn quits_with_q_and_leaves_the_alternate_screen() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_for_first_frame();
    assert!(!pty.echo(), "raw mode should turn echo off while confnotes runs");

    let first = pty.screen().status_line();
    pty.send("j");
    pty.wait_for("j to select the next event", |s| {
        let status = s.status_line();
        status != first && status.contains("› overview")
    });
    // l focuses the talks pane, so the next j selects a talk and opens its note.
    pty.send("l");
    pty.send("j");
    pty.wait_for("l then j to select a talk", |s| s.status_line().contains('%'));
    pty.send("q");

    let (code, output, echo) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
    let entered = rfind(&output, ENTER_ALT_SCREEN).expect("entered the alternate screen");
    let left = rfind(&output, LEAVE_ALT_SCREEN).expect("left the alternate screen");
    assert!(left > entered, "the last alternate-screen sequence must be the leave");
    let shown = rfind(&output, SHOW_CURSOR).expect("showed the cursor");
    let hidden = rfind(&output, HIDE_CURSOR).expect("hid the cursor while drawing");
    assert!(shown > hidden && shown > entered, "the cursor must be shown again at the end");
    assert!(echo, "the pty must be back in cooked mode (echo on) after confnotes exits");
}

#[test]
fn help_overlay_opens_and_q_closes_it_before_quitting() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_for_first_frame();

    pty.send("?");
    pty.wait_for("the key help", |s| s.contains(" Keys ") && s.contains("Quit confnotes"));

    pty.send("q");
    pty.wait_for("q to close the key help", |s| {
        s.alternate && !s.contains(" Keys ") && !s.contains("Quit confnotes") && s.status_line().ends_with("q quit")
    });
    assert!(
        pty.session.get_process().is_alive().expect("check the child"),
        "q in the key help must close it, not quit"
    );

    pty.send("q");
    let (code, output, echo) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
    assert!(echo, "echo must be back on after confnotes exits");
}

#[test]
fn a_panic_restores_the_terminal_and_prints_the_message() {
    let pty = Pty::spawn(&["--panic-after-first-frame"]);
    let (code, output, echo) = pty.finish();

    assert_eq!(code, Some(101), "a panic exits with 101; output:\n{}", text(&output));
    let entered = find(&output, ENTER_ALT_SCREEN, 0).expect("entered the alternate screen");
    let left = find(&output, LEAVE_ALT_SCREEN, entered).expect("left the alternate screen");
    let message = b"panic requested by --panic-after-first-frame";
    let printed = find(&output, message, 0).expect("printed the panic message");
    assert!(
        printed > left,
        "the message must come after the terminal is restored, not on the alternate screen; output:\n{}",
        text(&output)
    );
    let shown = find(&output, SHOW_CURSOR, left).expect("showed the cursor");
    assert!(shown < printed, "the cursor must be shown before the message prints");
    assert!(echo, "the panic hook must turn raw mode off (echo on)");
    let pointer = find(&output, b"the details are in ", printed).expect("says where the log is");
    let rest = text(&output[pointer..]);
    assert!(rest.contains("confnotes.log"), "{rest}");
}

#[test]
fn a_missing_notes_folder_is_a_clear_error_before_the_ui() {
    let home = tempfile::tempdir().expect("temp dir");
    let missing = home.path().join("no-such-notes");
    let mut command = Command::new(env!("CARGO_BIN_EXE_confnotes"));
    command.arg(&missing);
    isolate(&mut command, home.path());
    let output = command.output().expect("run confnotes");

    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("no such folder"), "stderr: {stderr}");
    assert!(stderr.contains(&missing.display().to_string()), "stderr: {stderr}");
    for stream in [&output.stdout, &output.stderr] {
        assert!(find(stream, ENTER_ALT_SCREEN, 0).is_none(), "touched the terminal: {}", text(stream));
    }
}

#[test]
fn a_notes_folder_in_config_that_is_gone_opens_the_bundled_notes_with_the_problem_shown() {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(home.path().join("confnotes")).expect("mkdir");
    let config = home.path().join("confnotes/config.toml");
    std::fs::write(&config, "# my settings\nnotes = \"~/unplugged-disk/notes\"\n").expect("write");
    let mut pty = Pty::spawn_at(&[], home.path());
    pty.wait_for_first_frame();
    pty.send("W");
    let expected = format!("{}:2:1: `notes`:", config.display());
    pty.wait_for("the problem in W", |s| s.contains(&expected) && s.contains("unplugged-disk/notes does"));
    pty.send("q");
    pty.send("q");
    let (code, output, _) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
}

/// Asserts the terminal is as a shell needs it after `output`: the last
/// alternate-screen and mouse-reporting sequences are the ones that turn
/// them off, and the pty is in cooked mode.
fn assert_restored(output: &[u8], cooked: bool, when: &str) {
    let entered = rfind(output, ENTER_ALT_SCREEN).expect("entered the alternate screen");
    let left = rfind(output, LEAVE_ALT_SCREEN).unwrap_or(0);
    assert!(left > entered, "{when}: the alternate screen was not left; output:\n{}", text(output));
    let mouse_on = rfind(output, MOUSE_ON).expect("turned mouse reporting on");
    let mouse_off = rfind(output, MOUSE_OFF).unwrap_or(0);
    assert!(mouse_off > mouse_on, "{when}: mouse reporting was left on");
    assert!(cooked, "{when}: the pty must be in cooked mode (echo, line editing, signal keys)");
}

/// Opens the newest event's second note (longer than the pane) and scrolls
/// into it, so there is a reading position to save.
fn scroll_into_a_note(pty: &mut Pty) {
    pty.send("\r");
    pty.send("j");
    pty.send("\r");
    pty.wait_for("the note pane to have the keys", |s| s.status_line().contains("· 0%"));
    pty.send("\x04"); // ctrl-d
    pty.wait_for("the note to scroll", |s| !s.status_line().contains("· 0%"));
}

/// Sends `signal` to confnotes reading a note: it must exit 0 with the
/// terminal restored and the reading position saved.
fn quits_cleanly_on(signal: expectrl::process::unix::Signal) {
    let mut pty = Pty::spawn(&[]);
    pty.wait_for_first_frame();
    scroll_into_a_note(&mut pty);
    pty.session.get_process_mut().signal(signal).expect("send the signal");
    let state_file = pty._home.as_ref().expect("own home").path().join("data/bundled.state.json");
    // Wait for the exit here rather than in `finish`, which drops the temporary home.
    let started = Instant::now();
    let status = loop {
        pty.pump();
        match pty.session.get_process().status().expect("status") {
            WaitStatus::StillAlive if started.elapsed() < TIMEOUT => thread::sleep(Duration::from_millis(5)),
            status => break status,
        }
    };
    pty.pump();
    let state = std::fs::read_to_string(&state_file).unwrap_or_default();
    let output = pty.transcript.clone();
    assert_eq!(exit_code(status), Some(0), "{signal} is a clean exit, not {status:?}; output:\n{}", text(&output));
    assert_restored(&output, pty.cooked(), &format!("after {signal}"));
    assert!(state.contains("\"progress\""), "the reading position was saved on {signal}:\n{state}");
    assert!(state.contains("\"read\""), "{state}");
}

#[test]
fn sigterm_quits_cleanly_with_the_reading_position_saved() {
    quits_cleanly_on(expectrl::process::unix::Signal::SIGTERM);
}

#[test]
fn sighup_quits_cleanly_with_the_reading_position_saved() {
    quits_cleanly_on(expectrl::process::unix::Signal::SIGHUP);
}

#[test]
fn sigint_quits_cleanly_with_the_reading_position_saved() {
    quits_cleanly_on(expectrl::process::unix::Signal::SIGINT);
}

#[test]
fn sigquit_quits_cleanly_with_the_reading_position_saved() {
    quits_cleanly_on(expectrl::process::unix::Signal::SIGQUIT);
}

#[test]
fn sigusr1_quits_cleanly_with_the_reading_position_saved() {
    quits_cleanly_on(expectrl::process::unix::Signal::SIGUSR1);
}

#[test]
fn sigalrm_quits_cleanly_with_the_reading_position_saved() {
    quits_cleanly_on(expectrl::process::unix::Signal::SIGALRM);
}

/// Whether the process is stopped (state `T` in /proc).
#[cfg(target_os = "linux")]
fn stopped(pid: i32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('T'))
}

/// Waits for confnotes to draw its whole screen again in raw mode.
fn wait_for_redraw(pty: &mut Pty, from: usize) {
    pty.wait_until("raw mode again", |p| !p.cooked());
    pty.wait_for("a full redraw on the alternate screen", |s| {
        s.alternate && s.contains("Events") && s.status_line().contains('%')
    });
    let after = &pty.transcript[from..];
    assert!(find(after, ENTER_ALT_SCREEN, 0).is_some(), "re-entered the alternate screen");
    assert!(find(after, MOUSE_ON, 0).is_some(), "mouse reporting on again");
}

/// `kill -TSTP` suspends: the terminal is handed back as a shell expects and
/// the reading position saved before the process stops; `kill -CONT` takes
/// the terminal back and redraws.
#[cfg(target_os = "linux")]
#[test]
fn sigtstp_suspends_with_the_terminal_restored_and_sigcont_redraws() {
    use expectrl::process::unix::Signal;
    let mut pty = Pty::spawn(&[]);
    pty.wait_for_first_frame();
    scroll_into_a_note(&mut pty);
    let state_file = pty._home.as_ref().expect("own home").path().join("data/bundled.state.json");
    pty.session.get_process_mut().signal(Signal::SIGTSTP).expect("send SIGTSTP");
    let pid = pty.pid();
    pty.wait_until("confnotes to stop", |_| stopped(pid));
    pty.pump();
    assert_restored(&pty.transcript, pty.cooked(), "while suspended");
    let state = std::fs::read_to_string(&state_file).unwrap_or_default();
    assert!(state.contains("\"progress\""), "the reading position was saved before stopping:\n{state}");

    let mark = pty.transcript.len();
    pty.session.get_process_mut().signal(Signal::SIGCONT).expect("send SIGCONT");
    wait_for_redraw(&mut pty, mark);
    pty.send("q");
    let (code, output, _) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
    assert_restored(&output, true, "after quitting");
}

/// ctrl-z under a shell with job control: the shell gets its terminal back
/// (it prints the job as stopped and reads a line in cooked mode) and `fg`
/// brings confnotes back, redrawn. bash runs with `set -m` as an interactive
/// shell would, each job in a process group of its own.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    let home = tempfile::tempdir().expect("temp dir");
    let script = format!(
        r#"set -m; stty echo cols {COLS} rows {ROWS}; "$0" "$@"; echo "stopped: $?"; read -r answer; fg >/dev/null; echo "ended: $?""#
    );
    let mut command = Command::new("bash");
    command.arg("-c").arg(script).arg(env!("CARGO_BIN_EXE_confnotes"));
    isolate(&mut command, home.path());
    let mut session = Session::spawn(command).expect("spawn bash in a pty");
    session.get_process_mut().set_window_size(COLS, ROWS).expect("set the window size");
    let mut pty = Pty { session, transcript: Vec::new(), _home: Some(home) };
    pty.wait_for_first_frame();
    scroll_into_a_note(&mut pty);

    pty.send("\x1a"); // ctrl-z
    pty.wait_until("the shell to see the job stop", |p| text(&p.transcript).contains("stopped: 14"));
    assert_restored(&pty.transcript, pty.cooked(), "at the shell");

    let mark = pty.transcript.len();
    pty.send("\r");
    wait_for_redraw(&mut pty, mark);
    pty.send("q");
    pty.wait_until("the job to end", |p| text(&p.transcript).contains("ended: 0"));
    let (code, output, _) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
}

/// Started with no job-control shell above it (a terminal window's or tmux
/// pane's own program), a stopped confnotes could never be resumed: ctrl-z
/// says so instead of freezing the window.
#[test]
fn ctrl_z_without_a_job_control_shell_is_refused_with_a_message() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_for_first_frame();
    pty.send("\x1a"); // ctrl-z
    pty.wait_for("the refusal", |s| s.status_line().contains("Not suspended"));
    pty.send("q");
    let (code, output, _) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
}

/// A collection large enough to be worth a saved index, in `dir`.
fn write_large_collection(dir: &Path, notes: usize) {
    for event in ["2019-05-barcelona", "2022-10-detroit", "2024-03-paris"] {
        let folder = dir.join(event);
        std::fs::create_dir_all(&folder).expect("mkdir");
        for n in 0..notes / 3 + 1 {
            let text = format!("---\ntitle: Talk {n} in {event}\ntopics: [observability]\n---\nBody of talk {n}.\n");
            std::fs::write(folder.join(format!("talk-{n:03}.md")), text).expect("write note");
        }
    }
    std::fs::write(dir.join("2024-03-paris/event.md"), "---\nname: Paris Edition\n---\nOverview\n").expect("write");
}

fn index_files(data: &Path) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(data).map(|list| list.filter_map(Result::ok).map(|e| e.path()).collect());
    let mut found: Vec<_> = entries.unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "index"));
    found
}

#[test]
fn a_large_folder_is_indexed_for_the_next_start_and_a_stale_index_is_replaced() {
    let notes = tempfile::tempdir().expect("temp dir");
    write_large_collection(notes.path(), 300);
    let root = notes.path().to_str().expect("utf-8 temp path");
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let settled = |s: &Screen| s.status_line().ends_with("quit");

    // First start: read file by file; the index is written after the first frame.
    let mut pty = Pty::spawn_at(&[root], home.path());
    pty.wait_for("the first frame", |s| s.contains("Paris Edition") && settled(s));
    let deadline = Instant::now() + TIMEOUT;
    while index_files(&data).is_empty() && Instant::now() < deadline {
        pty.pump();
        thread::sleep(Duration::from_millis(10));
    }
    let index = index_files(&data);
    assert_eq!(index.len(), 1, "one index beside the state: {index:?}");
    let saved = std::fs::read(&index[0]).expect("index");
    pty.send("q");
    assert_eq!(pty.finish().0, Some(0));

    // Nothing changed: the second start completes its first look from the
    // index, which is left as it was.
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).expect("index time");
    let before = modified(&index[0]);
    let mut pty = Pty::spawn_at(&[root], home.path());
    pty.wait_for("every event read", |s| settled(s) && !s.contains("(…)"));
    pty.send("q");
    assert_eq!(pty.finish().0, Some(0));
    assert_eq!(modified(&index[0]), before, "an index that matches is not written again");

    // A talk of an event not shown first is renamed: the index no longer
    // matches, so that file is read again and the index replaced.
    let talk = notes.path().join("2019-05-barcelona/talk-000.md");
    std::fs::write(&talk, "---\ntitle: Renamed Talk\n---\nBody.\n").expect("rename");
    let mut pty = Pty::spawn_at(&[root], home.path());
    pty.wait_for("every event read", |s| settled(s) && !s.contains("(…)"));
    let deadline = Instant::now() + TIMEOUT;
    let rewritten = loop {
        pty.pump();
        let now = std::fs::read(&index[0]).unwrap_or_default();
        let found = now.windows(12).any(|w| w == b"Renamed Talk");
        if found || Instant::now() > deadline {
            break found && now != saved;
        }
        thread::sleep(Duration::from_millis(10));
    };
    assert!(rewritten, "the stale index was replaced");
    pty.send("q");
    assert_eq!(pty.finish().0, Some(0));
}

/// A note edited on disk while confnotes runs is read again alone (the
/// status line names it, where a read of the whole folder says "Notes
/// reloaded"), and full-text search finds its new words at once. The
/// indexes built at the first start are saved beside the notes' index.
#[test]
fn a_note_edited_on_disk_is_read_again_alone_and_searchable() {
    let notes = tempfile::tempdir().expect("temp dir");
    write_large_collection(notes.path(), 300);
    let root = notes.path().to_str().expect("utf-8 temp path");
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let mut pty = Pty::spawn_at(&[root], home.path());
    pty.wait_for("every event read", |s| s.status_line().ends_with("quit") && !s.contains("(…)"));
    let saved_indexes = || {
        let files = std::fs::read_dir(&data).map(|list| list.filter_map(Result::ok).map(|e| e.path()).collect());
        let files: Vec<std::path::PathBuf> = files.unwrap_or_default();
        files.iter().any(|p| p.extension().is_some_and(|e| e == "search"))
    };
    let deadline = Instant::now() + TIMEOUT;
    while !saved_indexes() {
        assert!(Instant::now() < deadline, "no indexes saved in {}", data.display());
        pty.pump();
        thread::sleep(Duration::from_millis(10));
    }

    // The watcher is set up after the first frame: write until it is seen.
    let talk = notes.path().join("2024-03-paris/talk-001.md");
    let deadline = Instant::now() + TIMEOUT;
    let mut round = 0;
    while !pty.screen().contains("Reloaded Edited Talk") {
        assert!(Instant::now() < deadline, "not read again; screen:\n{}", pty.screen().lines().join("\n"));
        assert!(!pty.screen().contains("Notes reloaded"), "the whole folder was read again");
        if round % 50 == 0 {
            let text = format!("---\ntitle: Edited Talk\ntopics: [observability]\n---\nNow about quokkas {round}.\n");
            std::fs::write(&talk, text).expect("edit");
        }
        round += 1;
        pty.pump();
        thread::sleep(Duration::from_millis(10));
    }
    pty.send("s");
    pty.send("quokkas");
    pty.wait_for("the edited note found by its new word", |s| {
        s.contains("Edited Talk") && s.contains("Now about quokkas")
    });
    pty.send("\x1b");
    pty.wait_for("the view closed", |s| !s.contains("Search every note"));
    pty.send("q");
    assert_eq!(pty.finish().0, Some(0));
}

/// Closing the terminal under the app (a killed tmux pane, a closed window)
/// ends it: crossterm alone would spin at full CPU forever
/// (crossterm-rs/crossterm#793). The pty is not the app's controlling
/// terminal here, so no SIGHUP comes: the hang-up itself must be noticed.
#[test]
fn a_closed_terminal_ends_the_app_instead_of_spinning() {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
    use std::os::unix::fs::OpenOptionsExt as _;

    // CLOEXEC: a master inherited by the app would keep its terminal alive.
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("open a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let size = rustix::termios::Winsize { ws_row: ROWS, ws_col: COLS, ws_xpixel: 0, ws_ypixel: 0 };
    rustix::termios::tcsetwinsize(&master, size).expect("set the size");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
        .open(std::ffi::OsStr::from_bytes(name.to_bytes()))
        .expect("open the pty's terminal side");
    let home = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_confnotes"));
    isolate(&mut command, home.path());
    command.stdin(slave.try_clone().expect("dup")).stdout(slave.try_clone().expect("dup")).stderr(slave);
    let mut child = command.spawn().expect("spawn confnotes");
    drop(command);

    // Read until the first frame's status line is out.
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while !text(&seen).contains("quit") {
        assert!(Instant::now() < deadline, "no first frame:\n{}", text(&seen));
        let mut fds = [PollFd::new(&master, PollFlags::IN)];
        let _ = poll(&mut fds, Some(&Timespec { tv_sec: 0, tv_nsec: 50_000_000 }));
        let mut buf = [0u8; 65536];
        if let Ok(n) = rustix::io::read(&master, &mut buf) {
            seen.extend_from_slice(&buf[..n]);
        }
    }
    drop(master);

    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("confnotes still runs 5 s after its terminal closed");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "it quit cleanly, as on SIGHUP: {status:?}");
}

/// A note written while confnotes runs shows up by itself: the folder is
/// read again on another thread and taken in with the reader where they were.
#[test]
fn a_note_added_on_disk_shows_up_while_the_app_runs() {
    let notes = tempfile::tempdir().expect("temp dir");
    write_large_collection(notes.path(), 9);
    let root = notes.path().to_str().expect("utf-8 temp path");
    let mut pty = Pty::spawn(&[root]);
    pty.wait_for("the first frame", |s| s.contains("Paris Edition") && s.status_line().ends_with("quit"));
    // The watcher is set up after the first frame, on another thread: write
    // until it is seen rather than guess when it is ready.
    let talk = notes.path().join("2024-03-paris/fresh.md");
    let deadline = Instant::now() + TIMEOUT;
    let mut round = 0;
    while !pty.screen().contains("Notes reloaded: 1 more") {
        assert!(Instant::now() < deadline, "no reload; screen:\n{}", pty.screen().lines().join("\n"));
        if round % 50 == 0 {
            std::fs::write(&talk, format!("---\ntitle: Fresh Talk\n---\nWritten {round}.\n")).expect("write");
        }
        round += 1;
        pty.pump();
        thread::sleep(Duration::from_millis(10));
    }
    pty.wait_for("the new talk listed", |s| s.contains("Fresh Talk"));
    assert!(pty.screen().contains("Paris Edition"), "the reader stays on the event");
    pty.send("q");
    assert_eq!(pty.finish().0, Some(0));
}

/// A window resized before any key is pressed is laid out at its new size:
/// crossterm reports resizes only once it has read input, so the first
/// resize used to leave the old layout drawn cut at the new width.
#[test]
fn a_window_resized_before_any_key_is_laid_out_at_its_new_size() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_for_first_frame();
    pty.session.get_process_mut().set_window_size(80, 24).expect("resize the pty");
    pty.wait_for("the panes laid out in 80x24", |s| {
        let lines = s.lines();
        let at = |row: usize, col: usize| lines.get(row).and_then(|l| l.chars().nth(col));
        at(0, 79) == Some('╮') && at(22, 0) == Some('╰') && at(22, 79) == Some('╯')
    });
    pty.send("q");
    let (code, output, _) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
}

/// A terminal that answers no graphics query (a tmux passthrough nobody
/// answers, over ssh) must not cost the reader a key: the picture query's
/// reader, left waiting on stdin after its timeout, used to take the next
/// key typed. Here the terminal answers a bare status request, as tmux does
/// itself, and nothing wrapped for the terminal outside.
#[test]
fn a_key_typed_after_an_unanswered_picture_query_reaches_the_app() {
    let notes = tempfile::tempdir().expect("temp dir");
    let event = notes.path().join("2024-03-paris");
    std::fs::create_dir_all(&event).expect("mkdir");
    std::fs::write(event.join("event.md"), "---\nname: Paris Edition\n---\nOverview\n").expect("write");
    std::fs::write(event.join("diagram.md"), "# Diagram talk\n\nBefore.\n\n![the diagram](diagram.png)\n")
        .expect("write");
    std::fs::write(event.join("diagram.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    let home = tempfile::tempdir().expect("temp dir");
    let root = notes.path().to_str().expect("utf-8 temp path");
    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(format!(r#"stty echo cols {COLS} rows {ROWS} && exec "$0" "$@""#))
        .arg(env!("CARGO_BIN_EXE_confnotes"))
        .arg(root);
    isolate(&mut command, home.path());
    // Inside tmux as the picture library sees it; its `tmux set` finds no server here.
    command.env("TERM_PROGRAM", "tmux").env("TMUX_TMPDIR", home.path()).env_remove("TMUX");
    let mut session = Session::spawn(command).expect("spawn confnotes in a pty");
    session.get_process_mut().set_window_size(COLS, ROWS).expect("set the window size");
    let mut pty = Pty { session, transcript: Vec::new(), _home: Some(home) };
    pty.wait_for("the first frame", |s| s.contains("Paris Edition") && s.status_line().ends_with("quit"));
    pty.send("l");
    pty.send("j");
    // Answer every status request sent bare (not inside a passthrough, whose
    // escapes are doubled) until the picture is given up on.
    let mut answered = 0;
    let mut answer = |pty: &mut Pty| {
        let mut at = 0;
        let mut seen = 0;
        while let Some(i) = find(&pty.transcript, b"\x1b[5n", at) {
            if i == 0 || pty.transcript[i - 1] != 0x1b {
                seen += 1;
            }
            at = i + 1;
        }
        while answered < seen {
            pty.send("\x1b[0n");
            answered += 1;
        }
    };
    let deadline = Instant::now() + TIMEOUT;
    while !pty.screen().contains("cannot be decoded") {
        assert!(Instant::now() < deadline, "the picture never failed; screen:\n{}", pty.screen().lines().join("\n"));
        pty.pump();
        answer(&mut pty);
        thread::sleep(Duration::from_millis(10));
    }
    for _ in 0..30 {
        pty.pump();
        answer(&mut pty);
        thread::sleep(Duration::from_millis(10));
    }
    pty.send("q");
    let (code, output, _) = pty.finish();
    assert_eq!(code, Some(0), "output:\n{}", text(&output));
}
