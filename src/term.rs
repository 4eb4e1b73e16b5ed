//! The terminal's raw mode and alternate screen, entered through a guard
//! whose `Drop` restores both, and a panic hook that restores the terminal
//! before the panic message prints, so it is readable and the shell usable.

use std::io::{self, Stdout, Write};

use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen};
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
    install_panic_hook();
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
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    terminal.clear()
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
            eprintln!("confnotes crashed; the details are in {}", path.display());
        }
    }));
}
