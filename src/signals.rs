//! The signals the terminal loop answers. A handler only sets a flag; the
//! loop, between frames, does the work that is not safe in a handler:
//! saving state, restoring the terminal, stopping the process.
//!
//! - Every signal whose default is to end the process (SIGTERM, SIGHUP,
//!   SIGINT, SIGQUIT, SIGUSR1, SIGALRM…) quits like `q`: progress saved,
//!   terminal restored. Left to their default they would leave the shell
//!   in raw mode on the alternate screen.
//! - SIGTSTP (`kill -TSTP`, or ctrl-z where the terminal sends it) suspends:
//!   the terminal is handed back to the shell first, then the process stops.
//! - SIGCONT (`fg`, `kill -CONT`) takes the terminal back and redraws,
//!   whoever stopped the process.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::signal::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU,
};

/// Signals whose default action ends the process and that a program can catch.
pub const TERMINATING: &[i32] = &[SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGXCPU];

/// Signals that wake the loop: a resize, and every one it answers.
pub const WAKING: &[i32] = &[
    signal_hook::consts::signal::SIGWINCH,
    SIGTERM,
    SIGHUP,
    SIGINT,
    SIGQUIT,
    SIGUSR1,
    SIGUSR2,
    SIGALRM,
    SIGVTALRM,
    SIGXCPU,
    SIGTSTP,
    SIGCONT,
];

/// Flags set by the handlers, read by the loop.
#[derive(Debug, Clone)]
pub struct Signals {
    /// A terminating signal came, or the terminal closed: save and quit.
    pub stop: Arc<AtomicBool>,
    suspend: Arc<AtomicBool>,
    continued: Arc<AtomicBool>,
}

impl Signals {
    /// Installs the handlers. Until then the defaults apply.
    pub fn listen() -> io::Result<Self> {
        let signals = Signals {
            stop: Arc::new(AtomicBool::new(false)),
            suspend: Arc::new(AtomicBool::new(false)),
            continued: Arc::new(AtomicBool::new(false)),
        };
        for &signal in TERMINATING {
            signal_hook::flag::register(signal, Arc::clone(&signals.stop))?;
        }
        signal_hook::flag::register(SIGTSTP, Arc::clone(&signals.suspend))?;
        signal_hook::flag::register(SIGCONT, Arc::clone(&signals.continued))?;
        Ok(signals)
    }

    pub fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Whether a SIGTSTP came since the last call.
    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::Relaxed)
    }

    /// Whether a SIGCONT came since the last call.
    pub fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::Relaxed)
    }
}

/// Stops the process until SIGCONT. SIGSTOP, not SIGTSTP: the kernel drops
/// a SIGTSTP sent to a process group no shell controls, and this one is
/// caught anyway.
pub fn stop_self() -> io::Result<()> {
    signal_hook::low_level::raise(signal_hook::consts::signal::SIGSTOP)
}

/// Whether a shell with job control started the app, so that a stopped
/// app can be resumed (`fg`). Such a shell puts each job in a process group
/// of its own; a program started by a terminal emulator, tmux or `sh -c`
/// shares the session leader's group, and stopping it would freeze the
/// window with nothing to resume it.
pub fn job_control() -> bool {
    let group = rustix::process::getpgrp();
    rustix::process::getsid(None).is_ok_and(|session| session != group)
}
