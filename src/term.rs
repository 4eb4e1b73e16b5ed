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

/// What waiting for input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// crossterm has an event to read.
    Ready,
    /// Nothing before the timeout.
    Idle,
    /// The terminal is gone (its window closed, tmux killed the pane).
    HungUp,
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

/// How long one wait on the terminal lasts before crossterm is asked for
/// events it may hold that the terminal does not show (a resize).
const WAIT_SLICE: std::time::Duration = std::time::Duration::from_millis(50);

/// Waits up to `timeout` for input. crossterm's own poll spins forever at
/// full CPU once the terminal is gone, never returning even with a timeout
/// (crossterm-rs/crossterm#793), so the terminal is waited on here, and
/// crossterm is only asked when it cannot block. Returns `Idle` early once
/// `interrupted` says so (a signal came for the loop to answer).
pub fn wait_for_input(timeout: std::time::Duration, interrupted: impl Fn() -> bool) -> io::Result<Input> {
    let deadline = std::time::Instant::now() + timeout;
    let tty = STDIN_IS_TERMINAL.get().copied().unwrap_or(false).then(rustix::stdio::stdin);
    loop {
        if hung_up() {
            return Ok(Input::HungUp);
        }
        if crossterm::event::poll(std::time::Duration::ZERO)? {
            return Ok(Input::Ready);
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() || interrupted() {
            return Ok(Input::Idle);
        }
        let slice = left.min(WAIT_SLICE);
        match tty {
            Some(fd) => {
                let mut fds = [rustix::event::PollFd::new(&fd, rustix::event::PollFlags::IN)];
                let wait = rustix::event::Timespec { tv_sec: 0, tv_nsec: slice.as_nanos() as i64 };
                match rustix::event::poll(&mut fds, Some(&wait)) {
                    Ok(_) | Err(rustix::io::Errno::INTR) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            None => std::thread::sleep(slice),
        }
    }
}
