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
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        warnings.push(Diagnostic::new(file, None, "binary file (contains NUL bytes); skipped"));
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
