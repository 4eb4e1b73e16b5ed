//! confnotes: a terminal reader for conference notes.
//!
//! The library holds everything testable; `main.rs` only wires it to a terminal.
//! See ARCHITECTURE.md for the map of modules.

pub mod diagnostic;
pub mod notes;
pub mod text;
pub mod keymap;
pub mod render;
pub mod theme;
pub mod app;
pub mod layout;
pub mod ui;
pub mod config;
pub mod term;
