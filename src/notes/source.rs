//! A file of the collection as read from disk or the binary, and its text.

use std::borrow::Cow;

use crate::diagnostic::{position_of, Diagnostic};

/// A file of the collection, read but not yet parsed.
pub(super) struct SourceFile {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    pub bytes: Cow<'static, [u8]>,
}

/// Text of a file, or `None` (with a warning) when it is not text at all.
pub(crate) fn decode<'a>(bytes: &'a [u8], file: &str, warnings: &mut Vec<Diagnostic>) -> Option<Cow<'a, str>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if is_binary(bytes, file, warnings) {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(Cow::Borrowed(text)),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let position = position_of(valid, valid.len());
            warnings.push(Diagnostic::new(file, Some(position), "invalid UTF-8; shown with replacement characters"));
            Some(String::from_utf8_lossy(bytes))
        }
    }
}

/// [`decode`] for bytes already known to be UTF-8 (`text`), not checked again.
pub(crate) fn decode_valid<'a>(text: &'a str, file: &str, warnings: &mut Vec<Diagnostic>) -> Option<Cow<'a, str>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    (!is_binary(text.as_bytes(), file, warnings)).then_some(Cow::Borrowed(text))
}

/// NUL bytes near the start: a binary file, reported.
fn is_binary(bytes: &[u8], file: &str, warnings: &mut Vec<Diagnostic>) -> bool {
    let binary = memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some();
    if binary {
        warnings.push(Diagnostic::new(file, None, "binary file (contains NUL bytes); skipped"));
    }
    binary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_known_to_be_utf8_decodes_as_its_bytes_do() {
        for text in ["# Plain\n", "\u{feff}# After a mark\n", "a\0binary", "\u{feff}", ""] {
            let (mut from_bytes, mut from_text) = (Vec::new(), Vec::new());
            assert_eq!(decode_valid(text, "f.md", &mut from_text), decode(text.as_bytes(), "f.md", &mut from_bytes));
            assert_eq!(from_text, from_bytes, "{text:?}");
        }
    }
}
