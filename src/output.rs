//! What the printing subcommands write. Everything goes out through here,
//! terminal or pipe, so no string from a collection (a file or folder name,
//! a `related:` entry, a topics.toml label, a bookmarked note's text) can
//! reach a terminal as a control sequence: text passes through
//! [`text::sanitize`], and JSON has the same characters escaped as `\u…`
//! ([`text::escape_json_controls`]). A closed pipe (`| head`) ends the
//! output quietly.

use std::io::{self, Write};

use serde::Serialize;

use crate::text;

/// Writes `out` to stdout, sanitised.
pub fn print(out: &str) -> io::Result<()> {
    write_quietly(&mut io::stdout().lock(), text::sanitize(out).as_bytes())
}

/// Writes `value` to stdout as pretty JSON and a newline, controls escaped.
pub fn print_json(value: &impl Serialize) -> io::Result<()> {
    print_json_text(&serde_json::to_string_pretty(value).map_err(io::Error::other)?)
}

/// Writes JSON text and a newline to stdout, controls escaped.
pub fn print_json_text(json: &str) -> io::Result<()> {
    let mut out = text::escape_json_controls(json.trim_end()).into_owned();
    out.push('\n');
    write_quietly(&mut io::stdout().lock(), out.as_bytes())
}

/// Writes `message` and a newline to stderr, sanitised.
pub fn warn(message: &str) {
    let line = format!("{}\n", text::sanitize(message));
    // Nothing better to do if stderr is gone.
    let _ = write_quietly(&mut io::stderr().lock(), line.as_bytes());
}

/// Writes bytes the caller made safe (`render`'s styled text, whose note
/// text was sanitised as it was laid out).
pub fn print_prepared(bytes: &[u8]) -> io::Result<()> {
    write_quietly(&mut io::stdout().lock(), bytes)
}

/// Writes pieces the caller made safe, one after the other, as they are
/// made; stops at a closed pipe without making the rest.
pub fn print_prepared_pieces(pieces: impl IntoIterator<Item = String>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for piece in pieces {
        match out.write_all(piece.as_bytes()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            result => result?,
        }
    }
    write_quietly(&mut out, &[])
}

fn write_quietly(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}
