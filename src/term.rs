//! The terminal's raw mode and alternate screen, entered through a guard
//! whose `Drop` restores both, and a panic hook that restores the terminal
//! before the panic message prints, so it is readable and the shell usable.

use std::io::{self, Stdout, Write};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, however the scope is left.
pub struct TerminalGuard {
    _private: (),
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters raw mode and the alternate screen.
pub fn enter() -> io::Result<(Tui, TerminalGuard)> {
    use std::io::IsTerminal as _;
    install_panic_hook();
    let _ = STDIN_IS_TERMINAL.set(io::stdin().is_terminal());
    enable_raw_mode()?;
    // From here on, any early return restores what was changed.
    let guard = TerminalGuard { _private: () };
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, guard))
}

/// Hands the terminal to another program (an editor): main screen, cooked mode.
pub fn suspend() {
    restore();
}

/// Takes the terminal back after `suspend`, and forces a full redraw.
pub fn resume(terminal: &mut Tui) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, Clear(ClearType::All))?;
    // Not `terminal.clear()`: it asks the terminal where the cursor is and
    // waits up to two seconds for an answer some terminals never give.
    // Swapped twice, both of ratatui's buffers are blank, so the next frame
    // is drawn whole.
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

/// Leaves the alternate screen and raw mode and shows the cursor. Safe to
/// call more than once; errors are ignored because there is nothing better
/// to do with them while exiting.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        let backtrace = std::backtrace::Backtrace::force_capture();
        crate::log::write(&format!("panic: {info}\n{backtrace}"));
        if let Some(path) = crate::log::path() {
            // Not eprintln!: a panic while printing to a closed terminal would abort.
            let _ = writeln!(io::stderr(), "confnotes crashed; the details are in {}", path.display());
        }
    }));
}

/// Lets go of the terminal after the loop. ratatui's own drop shows the
/// cursor and, when it cannot (the terminal is gone), reports that on
/// stderr, which panics when stderr was that terminal: such a terminal is
/// forgotten instead. The [`TerminalGuard`] still restores modes after.
pub fn close(mut terminal: Tui) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// Whether stdin was a terminal when the app took it over; once hung up it
/// no longer says so.
static STDIN_IS_TERMINAL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Whether the terminal on stdin has hung up (its window closed).
pub fn hung_up() -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    if !STDIN_IS_TERMINAL.get().copied().unwrap_or(false) {
        return false;
    }
    let stdin = rustix::stdio::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let _ = poll(&mut fds, Some(&Timespec { tv_sec: 0, tv_nsec: 0 }));
    fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

/// Wakes the loop when the terminal has input (keys, mouse, a paste), the
/// window was resized, or a signal came for the loop to answer. It waits on a thread of its
/// own and never reads: reading stays on the UI thread, which also asks the
/// terminal questions (pictures) and lends it to an editor. After each wake
/// it waits for [`InputWaiter::resume`], so input not yet read wakes the
/// loop once, and an idle terminal not at all.
pub struct InputWaiter {
    resume: std::sync::mpsc::Sender<()>,
}

impl InputWaiter {
    pub fn start(wake: impl Fn() + Send + 'static) -> io::Result<Self> {
        let (signalled, signal_pipe) = std::os::unix::net::UnixStream::pair()?;
        signalled.set_nonblocking(true)?;
        for &signal in crate::signals::WAKING {
            signal_hook::low_level::pipe::register(signal, signal_pipe.try_clone()?)?;
        }
        let terminal = terminal_to_wait_on();
        let (resume, resumed) = std::sync::mpsc::channel();
        std::thread::Builder::new().name("input".into()).spawn(move || loop {
            wait_for_input(terminal.as_ref(), &signalled);
            wake();
            if resumed.recv().is_err() {
                return;
            }
        })?;
        Ok(Self { resume })
    }

    /// The input that woke the loop was read: wait for more.
    pub fn resume(&self) {
        // The thread only ends when this is dropped.
        let _ = self.resume.send(());
    }
}

/// The terminal crossterm reads: stdin, else the controlling terminal.
fn terminal_to_wait_on() -> Option<std::os::fd::OwnedFd> {
    use std::io::IsTerminal as _;
    if io::stdin().is_terminal() {
        return rustix::io::dup(rustix::stdio::stdin()).ok();
    }
    std::fs::File::open("/dev/tty").ok().map(std::os::fd::OwnedFd::from)
}

/// Sleeps until the terminal has input or hangs up, or a signal came
/// through `signalled`. crossterm's own poll is not used: it spins forever
/// at full CPU once the terminal is gone (crossterm-rs/crossterm#793).
fn wait_for_input(terminal: Option<&std::os::fd::OwnedFd>, signalled: &std::os::unix::net::UnixStream) {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let mut fds = vec![PollFd::new(signalled, PollFlags::IN)];
    if let Some(terminal) = terminal {
        fds.push(PollFd::new(terminal, PollFlags::IN));
    }
    // Without a terminal to wait on (none could be opened), look now and then.
    let timeout = terminal.is_none().then_some(Timespec { tv_sec: 0, tv_nsec: 250_000_000 });
    loop {
        match poll(&mut fds, timeout.as_ref()) {
            Err(rustix::io::Errno::INTR) => continue,
            Ok(_) => break,
            Err(_) => {
                // Not expected of poll on open descriptors; do not spin.
                std::thread::sleep(std::time::Duration::from_millis(250));
                break;
            }
        }
    }
    let mut drained = [0u8; 64];
    while io::Read::read(&mut &*signalled, &mut drained).is_ok_and(|n| n > 0) {}
}
