//! A small log file in the data directory: panics (with their location and
//! backtrace) and failures the status line could only mention briefly, so a
//! user can report them. The panic message tells where it is.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static LOG_FILE: OnceLock<PathBuf> = OnceLock::new();

/// The log file's name in the data directory.
pub const LOG_NAME: &str = "confnotes.log";

/// Sets where the log goes; later calls are ignored.
pub fn init(data_dir: &Path) {
    let _ = LOG_FILE.set(data_dir.join(LOG_NAME));
}

pub fn path() -> Option<&'static Path> {
    LOG_FILE.get().map(PathBuf::as_path)
}

/// Appends a line with a timestamp. Logging never fails the caller.
pub fn write(message: &str) {
    let Some(path) = path() else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(path) {
        let stamp = crate::state::format_day(crate::state::now());
        let _ = writeln!(file, "[{stamp} pid {}] {message}", std::process::id());
    }
}
