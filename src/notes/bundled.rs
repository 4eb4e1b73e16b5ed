//! The `notes/` folder of the repository, embedded at build time by build.rs.

include!(concat!(env!("OUT_DIR"), "/bundled_notes.rs"));
