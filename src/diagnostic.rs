//! A problem found in a user's file, printed the way compilers print them:
//! `path:line:col: message`. Shared by the notes loader, the keymap and config.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file as the user would type it (a path, or `notes/...` for the bundled collection).
    pub file: String,
    /// 1-based line and column, where the problem has a position.
    pub position: Option<Position>,
    pub message: String,
    pub severity: Severity,
}

/// Errors are mistakes; warnings are things done on purpose that deserve a word,
/// such as a user key taking another action's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
    /// Not a problem: a file the loader did not read as a note, and why
    /// (a licence, a glossary, a link leading out of the collection).
    /// Listed apart from the problems.
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, position: Option<Position>, message: impl Into<String>) -> Self {
        Self { file: file.into(), position, message: message.into(), severity: Severity::Error }
    }

    pub fn warning(file: impl Into<String>, position: Option<Position>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::new(file, position, message) }
    }

    /// A file not read as a note, and why: listed apart from problems.
    pub fn skipped(file: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { severity: Severity::Skipped, ..Self::new(file, None, reason) }
    }

    pub fn is_skipped(&self) -> bool {
        self.severity == Severity::Skipped
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
/// Offsets past the end or inside a character are clamped to a valid place.
pub fn position_of(text: &str, byte_offset: usize) -> Position {
    let mut offset = byte_offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(position_of(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position_of(text, 3), Position { line: 2, column: 1 });
        // 'é' is two bytes; the 'f' line starts after it.
        assert_eq!(position_of(text, text.len() - 1), Position { line: 3, column: 1 });
        assert_eq!(position_of(text, 6), Position { line: 2, column: 4 - 1 });
    }

    #[test]
    fn position_clamps_offsets_past_the_end() {
        assert_eq!(position_of("ab", 99), Position { line: 1, column: 3 });
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::new("a.md", Some(Position { line: 3, column: 7 }), "bad");
        assert_eq!(d.to_string(), "a.md:3:7: bad");
        assert_eq!(Diagnostic::new("a.md", None, "bad").to_string(), "a.md: bad");
    }
}
