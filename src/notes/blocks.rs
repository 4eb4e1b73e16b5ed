//! Markdown block shapes recognised one line at a time, without parsing
//! the whole document: fenced code openings and lines bold from end to end
//! (which note takers use as headings). Shared by the section splitter and
//! the word reader of `relate`.

/// `(fence character, length)` when `line` opens a fenced code block.
pub fn fence_opening(line: &str) -> Option<(u8, usize)> {
    let ch = *line.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == ch).count();
    if len < 3 || (ch == b'`' && line[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

/// A line that is bold from end to end, `**Like this**` or `__this__`.
pub fn is_bold_line(line: &str) -> bool {
    bold_line_text(line).is_some()
}

/// The text of a line bold from end to end, without its markers.
pub fn bold_line_text(line: &str) -> Option<&str> {
    for marker in ["**", "__"] {
        if let Some(inner) = line.strip_prefix(marker).and_then(|rest| rest.strip_suffix(marker)) {
            let inner = inner.trim();
            if !inner.contains(marker) && inner.chars().any(char::is_alphanumeric) {
                return Some(inner);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_lines_must_be_bold_from_end_to_end() {
        assert_eq!(bold_line_text("**C. Keynote: Jane Doe**"), Some("C. Keynote: Jane Doe"));
        assert_eq!(bold_line_text("__Title__"), Some("Title"));
        assert_eq!(bold_line_text("**A** and **B**"), None);
        assert_eq!(bold_line_text("**Title** trailing"), None);
        assert_eq!(bold_line_text("****"), None);
        assert_eq!(bold_line_text("***"), None);
    }
}
