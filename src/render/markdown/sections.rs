//! A very long note parsed a section at a time. pulldown-cmark builds the
//! block tree of the whole text before its first event: for a note of
//! 100 MB that tree alone is over 100 MB. Cut before top-level headings
//! into pieces of at least [`SECTION_BYTES`], each parsed when the previous
//! one is done, the tree never holds more than a piece, and the events are
//! the same: top-level blocks do not reach across a heading, except link
//! reference and footnote definitions, which may be used anywhere, so a
//! note that has any of those is parsed whole.

use pulldown_cmark::{Event, Options, Parser};

/// From this size on a note is parsed in sections.
pub(super) const SECTIONS_FROM: usize = 8 * 1024 * 1024;
/// The least a section holds (it ends at the first safe heading after).
pub(super) const SECTION_BYTES: usize = 1024 * 1024;

/// The events of `markdown`, parsed a section at a time when it is long.
pub(super) fn events(markdown: &str, options: Options) -> impl Iterator<Item = Event<'_>> {
    let pieces = if markdown.len() >= SECTIONS_FROM { sections(markdown, SECTION_BYTES) } else { vec![markdown] };
    pieces.into_iter().flat_map(move |piece| Parser::new_ext(piece, options))
}

/// `markdown` cut before headings that start a top-level block, into
/// pieces of at least `least` bytes; whole if it has a definition that
/// other sections could use.
pub(super) fn sections(markdown: &str, least: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut after_blank = true;
    let mut at = 0;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        let content = trimmed.trim_end();
        if let Some((mark, length)) = fence {
            let run = content.bytes().take_while(|&b| b == mark).count();
            if indent < 4 && run >= length && content[run..].trim().is_empty() {
                fence = None;
            }
        } else if in_comment {
            in_comment = !line.contains("-->");
        } else {
            if indent < 4 && is_definition(trimmed) {
                return vec![markdown];
            }
            let fence_mark = content.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
            if let Some(mark) = fence_mark.filter(|_| indent < 4) {
                let run = content.bytes().take_while(|&b| b == mark).count();
                if run >= 3 && !(mark == b'`' && content[run..].contains('`')) {
                    fence = Some((mark, run));
                }
            }
            // HTML blocks that may hold blank lines: comments, and the raw-text ones.
            if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
                in_comment = true;
            }
            let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
            if ["<pre", "<script", "<style", "<textarea", "<?", "<![cdata["].iter().any(|tag| lower.starts_with(tag)) {
                return vec![markdown];
            }
            let heading = indent == 0 && line.starts_with('#') && {
                let level = line.bytes().take_while(|&b| b == b'#').count();
                level <= 6 && line[level..].starts_with([' ', '\t', '\n', '\r'])
            };
            if heading && after_blank && at - start >= least {
                pieces.push(&markdown[start..at]);
                start = at;
            }
        }
        after_blank = fence.is_none() && !in_comment && content.is_empty();
        at += line.len();
    }
    pieces.push(&markdown[start..]);
    pieces
}

/// A link reference definition (`[x]: url`) or footnote definition
/// (`[^x]: text`) starting at this line.
fn is_definition(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else { return false };
    rest.find("]:").is_some_and(|end| end > 0 && !rest[..end].contains('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "# One\n\nText *one* `code`.\n\n```\n\n# not a heading, in code\n```\n\n# Two\n\n- a\n- b\n\n\
        <!-- a comment\n\n# in the comment\n-->\n\n# Three\n\n> quote\n\n    # indented code\n\n## Four\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y\n\n\
        # Five\n\nA footnote reference[^n] with no definition, and [a link](https://example.org).\n";

    #[test]
    fn sections_start_at_top_level_headings_only() {
        let pieces = sections(NOTE, 1);
        assert_eq!(pieces.concat(), NOTE);
        let firsts: Vec<&str> = pieces.iter().map(|p| p.lines().next().unwrap_or("")).collect();
        assert_eq!(firsts, ["# One", "# Two", "# Three", "## Four", "# Five"]);
        assert_eq!(sections(NOTE, 1_000_000), [NOTE], "pieces are at least as long as asked");
    }

    #[test]
    fn parsing_in_sections_gives_the_events_of_the_whole() {
        let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let whole: Vec<Event<'_>> = Parser::new_ext(NOTE, options).collect();
        let pieces: Vec<Event<'_>> =
            sections(NOTE, 1).into_iter().flat_map(|piece| Parser::new_ext(piece, options)).collect();
        assert_eq!(pieces, whole);
    }

    #[test]
    fn a_note_with_definitions_is_parsed_whole() {
        for definition in ["[ref]: https://example.org\n", "[^n]: The note.\n", "<pre>\n\n# x\n</pre>\n"] {
            let note = format!("# A\n\ntext [ref] [^n]\n\n# B\n\n{definition}\n# C\n");
            assert_eq!(sections(&note, 1), [note.as_str()], "{definition}");
        }
    }
}
