//! confnotes: a terminal reader for conference notes.
//!
//! The library holds everything testable; `main.rs` only wires it to a terminal.
//! See ARCHITECTURE.md for the map of modules.

pub mod app;
pub mod atomic_file;
pub mod background;
pub mod capped_read;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod editor;
#[cfg(target_os = "linux")]
mod folder_watch;
pub mod hyperlinks;
pub mod keymap;
pub mod layout;
pub mod log;
pub mod memory;
pub mod notes;
pub mod output;
pub mod pictures;
pub mod preread;
pub mod read_only_copy;
pub mod relate;
pub mod render;
pub mod report;
pub mod runtime;
pub mod saved_indexes;
pub mod search;
pub mod signals;
pub mod startup;
pub mod state;
pub mod term;
#[cfg(test)]
mod test_fixtures;
pub mod text;
pub mod theme;
pub mod tokens;
pub mod ui;
pub mod watch;
