//! A long note parsed a section at a time. pulldown-cmark builds the
//! block tree of the whole text before its first event: for a note of
//! 100 MB that tree alone is over 100 MB, and for a note of 5 MB it takes
//! two thirds of the parse, which a layout waiting for events (parsed
//! aside, `pipeline`) would wait through. Cut before top-level headings
//! into pieces of at least [`SECTION_BYTES`] (or the sizes `pipeline`
//! asks), each parsed when the previous one is done, the tree never holds
//! more than a piece, and the events are the same: top-level blocks do not
//! reach across a heading, except link reference and footnote definitions,
//! which may be used anywhere, so a note that has any of those is parsed
//! whole. The cuts are found as the pieces are asked for ([`pieces`]),
//! unless a quick look finds the note may hold one of those.

use pulldown_cmark::{Event, Options, Parser};

/// From this size on a note is parsed in sections.
pub(super) const SECTIONS_FROM: usize = 8 * 1024 * 1024;
/// The least a section holds (it ends at the first safe heading after).
pub(super) const SECTION_BYTES: usize = 1024 * 1024;

/// The events of `markdown`, parsed a section at a time when it is long.
pub(super) fn events(markdown: &str, options: Options) -> impl Iterator<Item = Event<'_>> {
    let least = if markdown.len() >= SECTIONS_FROM { SECTION_BYTES } else { usize::MAX };
    pieces(markdown, least, least).flat_map(move |piece| Parser::new_ext(piece, options))
}

/// The pieces [`sections`] cuts `markdown` into, each found as it is asked
/// for: the first can be parsed before the rest of the note is read. Only
/// a definition or a raw HTML block anywhere keeps a note whole, so a note
/// that could hold one (a `]:`, or one of those tags, anywhere) is cut the
/// whole way first, as [`sections`] does. The first piece holds at least
/// `least` bytes, each next one twice the one before, up to `most`: each
/// parser's start costs a little.
pub(super) fn pieces(markdown: &str, least: usize, most: usize) -> Pieces<'_> {
    let cut = (least < markdown.len() && !may_be_whole(markdown)).then(|| Cuts {
        markdown,
        least,
        most: most.max(least),
        start: 0,
        at: 0,
        scan: Scan::default(),
    });
    let whole = match cut {
        Some(_) => Vec::new(),
        None if least < markdown.len() => sections(markdown, least),
        None => vec![markdown],
    };
    Pieces { cut, whole: whole.into_iter() }
}

/// The pieces of a note, cut as they are asked for, or all cut before.
pub(super) struct Pieces<'a> {
    cut: Option<Cuts<'a>>,
    whole: std::vec::IntoIter<&'a str>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match &mut self.cut {
            Some(cuts) => cuts.next(),
            None => self.whole.next(),
        }
    }
}

/// Cutting a note known to hold no definition or raw HTML block, a piece
/// at a time: the scan stops at each cut and goes on from there.
struct Cuts<'a> {
    markdown: &'a str,
    /// The least the next piece holds, and the most that grows to.
    least: usize,
    most: usize,
    /// Where the next piece starts, and how far the scan has read.
    start: usize,
    at: usize,
    scan: Scan,
}

impl<'a> Iterator for Cuts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.start > self.markdown.len() {
            return None;
        }
        let bytes = self.markdown.as_bytes();
        while let Some(&first) = bytes.get(self.at) {
            let at = self.at;
            self.at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k + 1);
            if self.scan.passes_over(first) {
                continue;
            }
            let kind = self.scan.line(&self.markdown[at..self.at]);
            if kind == LineKind::SectionStart && at - self.start >= self.least {
                let piece = &self.markdown[self.start..at];
                self.start = at;
                self.least = self.least.saturating_mul(2).min(self.most);
                return Some(piece);
            }
        }
        let last = &self.markdown[self.start..];
        // Past the end: the last piece is given once.
        self.start = self.markdown.len() + 1;
        Some(last)
    }
}

/// Whether a note could hold what keeps it whole: a `]:` (a definition
/// has one) or a raw HTML block's opening tag, anywhere. More than
/// [`sections`] looks for (only at the start of a line outside code), so a
/// note without either is cut as it would cut it.
fn may_be_whole(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    memchr::memmem::find(bytes, b"]:").is_some()
        || memchr::memchr_iter(b'<', bytes).any(|i| {
            let after = &bytes[i + 1..];
            ["pre", "script", "style", "textarea", "?", "![cdata["]
                .iter()
                .any(|tag| after.get(..tag.len()).is_some_and(|head| head.eq_ignore_ascii_case(tag.as_bytes())))
        })
}

/// `markdown` cut before headings that start a top-level block, into
/// pieces of at least `least` bytes; whole if it has a definition that
/// other sections could use.
pub(super) fn sections(markdown: &str, least: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut scan = Scan::default();
    let mut at = 0;
    for line in lines(markdown) {
        match scan.line(line) {
            LineKind::Whole => return vec![markdown],
            LineKind::SectionStart if at - start >= least => {
                pieces.push(&markdown[start..at]);
                start = at;
            }
            _ => {}
        }
        at += line.len();
    }
    pieces.push(&markdown[start..]);
    pieces
}

/// What a line is to the cutting of sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// A heading after a blank line, outside code and comments: a section may start here.
    SectionStart,
    /// A definition or a raw HTML block: the note is parsed whole.
    Whole,
    Other,
}

/// The state of a scan of lines: an open fence or comment, and whether the
/// line before was blank.
struct Scan {
    fence: Option<(u8, usize)>,
    in_comment: bool,
    after_blank: bool,
}

impl Default for Scan {
    fn default() -> Self {
        Scan { fence: None, in_comment: false, after_blank: true }
    }
}

/// The lines of `text`, each with its newline, as `str::split_inclusive`
/// gives them; found with `memchr`, as a long note has many.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).map(Some).chain([None]).filter_map(move |newline| {
        let end = newline.map_or(text.len(), |n| n + 1);
        let line = &text[start..end];
        start = end;
        (!line.is_empty()).then_some(line)
    })
}

impl Scan {
    /// Whether a line starting with `first` is one that [`Scan::line`]
    /// would only note as blank or not, which this does: outside fences and
    /// comments, an empty line, or one starting with no mark looked for
    /// there and no white space, so neither blank nor indented (past ASCII,
    /// a character could be white space). Most lines are, and a long note
    /// has many.
    fn passes_over(&mut self, first: u8) -> bool {
        if self.fence.is_some() || self.in_comment {
            return false;
        }
        let text = first.is_ascii() && !first.is_ascii_whitespace() && first != 0x0b && !b"[`~<#".contains(&first);
        if text || first == b'\n' {
            self.after_blank = first == b'\n';
            return true;
        }
        false
    }

    fn line(&mut self, line: &str) -> LineKind {
        if line.as_bytes().first().is_some_and(|&first| self.passes_over(first)) {
            return LineKind::Other;
        }
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        let content = trimmed.trim_end();
        let mut kind = LineKind::Other;
        if let Some((mark, length)) = self.fence {
            let run = content.bytes().take_while(|&b| b == mark).count();
            if indent < 4 && run >= length && content[run..].trim().is_empty() {
                self.fence = None;
            }
        } else if self.in_comment {
            self.in_comment = !line.contains("-->");
        } else {
            if indent < 4 && is_definition(trimmed) {
                return LineKind::Whole;
            }
            let fence_mark = content.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
            if let Some(mark) = fence_mark.filter(|_| indent < 4) {
                let run = content.bytes().take_while(|&b| b == mark).count();
                if run >= 3 && !(mark == b'`' && content[run..].contains('`')) {
                    self.fence = Some((mark, run));
                }
            }
            // HTML blocks that may hold blank lines: comments, and the raw-text ones.
            if trimmed.starts_with('<') {
                if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
                    self.in_comment = true;
                }
                let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
                if ["<pre", "<script", "<style", "<textarea", "<?", "<![cdata["]
                    .iter()
                    .any(|tag| lower.starts_with(tag))
                {
                    return LineKind::Whole;
                }
            }
            let heading = indent == 0 && line.starts_with('#') && {
                let level = line.bytes().take_while(|&b| b == b'#').count();
                level <= 6 && line[level..].starts_with([' ', '\t', '\n', '\r'])
            };
            if heading && self.after_blank {
                kind = LineKind::SectionStart;
            }
        }
        self.after_blank = self.fence.is_none() && !self.in_comment && content.is_empty();
        kind
    }
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
    fn pieces_found_as_asked_are_the_sections() {
        let long = NOTE.repeat(20);
        for least in [1, 40, 300, 5_000, long.len() - 1, long.len(), usize::MAX] {
            let lazily: Vec<&str> = pieces(&long, least, least).collect();
            let expected = if least < long.len() { sections(&long, least) } else { vec![long.as_str()] };
            assert_eq!(lazily, expected, "{least}");
        }
        assert!(pieces(&long, 300, 300).count() >= 10, "cut, not whole");
        assert_eq!(pieces("", 1, 1).collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn growing_pieces_are_cut_where_sections_may_start() {
        let long = NOTE.repeat(40);
        let grown: Vec<&str> = pieces(&long, 300, 2_400).collect();
        assert_eq!(grown.concat(), long);
        let starts: Vec<&str> = sections(&long, 1).iter().map(|p| p.lines().next().unwrap_or("")).collect();
        for (k, piece) in grown.iter().enumerate() {
            assert!(starts.contains(&piece.lines().next().unwrap_or("")), "{k}");
        }
        let sizes: Vec<usize> = grown.iter().map(|p| p.len()).collect();
        assert!(sizes[0] < 600 && sizes[1] >= 600 && sizes[3] >= 2_400, "{sizes:?}");
        assert!(sizes.len() < pieces(&long, 300, 300).count(), "{sizes:?}");
    }

    #[test]
    fn lines_are_split_as_the_standard_library_splits_them() {
        for text in ["", "a", "a\n", "a\n\nb", "\n\n", "x\r\ny\n z"] {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.split_inclusive('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn a_line_starting_with_white_space_past_ascii_is_blank() {
        // U+3000 is white space: the line is blank, and the heading after it starts a section.
        let note = "# A\n\ntext\n\u{3000}\n# B\n\ntext\n";
        assert_eq!(sections(note, 1), ["# A\n\ntext\n\u{3000}\n", "# B\n\ntext\n"]);
        assert_eq!(sections("# A\n\ntext\n# B\n", 1), ["# A\n\ntext\n# B\n"], "no blank line before");
    }

    #[test]
    fn a_note_that_may_hold_a_definition_is_cut_as_sections_cuts_it() {
        // `]:` in a code span is no definition: cut; a definition and a raw HTML block are not.
        for (extra, cut) in
            [("`[x]:`\n", true), ("[ref]: https://example.org\n", false), ("<PRE>\n\n# x\n</pre>\n", false)]
        {
            let note = format!("{NOTE}\n{extra}\n{NOTE}");
            assert!(may_be_whole(&note), "{extra}");
            let lazily: Vec<&str> = pieces(&note, 1, 1).collect();
            assert_eq!(lazily, sections(&note, 1), "{extra}");
            assert_eq!(lazily.len() > 1, cut, "{extra}");
        }
        assert!(!may_be_whole(NOTE), "a comment, a table and a link are no reason to cut the whole way first");
    }

    #[test]
    fn a_note_with_definitions_is_parsed_whole() {
        for definition in ["[ref]: https://example.org\n", "[^n]: The note.\n", "<pre>\n\n# x\n</pre>\n"] {
            let note = format!("# A\n\ntext [ref] [^n]\n\n# B\n\n{definition}\n# C\n");
            assert_eq!(sections(&note, 1), [note.as_str()], "{definition}");
        }
    }
}
