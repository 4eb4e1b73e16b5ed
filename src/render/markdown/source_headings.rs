//! A note's headings found in its Markdown, named as the renderer names
//! them ([`super::HeadingMark`]: the text written, without markup, link or
//! footnote numbers), with the source lines each spans. What finds a
//! section by the name a bookmark or the pane gave it in the file itself
//! (the digest, the editor) goes through this, not through the raw line,
//! which holds the markup.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A heading as written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceHeading {
    pub level: u8,
    /// Its text as the rendered note's heading reads.
    pub text: String,
    /// 0-based lines it takes (two for an underlined heading).
    pub lines: Range<usize>,
}

/// Every heading of `markdown` outside code, in order.
pub fn source_headings(markdown: &str) -> Vec<SourceHeading> {
    let mut headings = Vec::new();
    let mut open: Option<(u8, usize, String)> = None;
    let line_of = |offset: usize| memchr::memchr_iter(b'\n', &markdown.as_bytes()[..offset]).count();
    for (event, range) in Parser::new_ext(markdown, super::pipeline::parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => open = Some((level as u8, range.start, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = open.take() {
                    // The end's range ends after the line break, if any: the last line is the one before it.
                    let end = line_of(range.end.min(markdown.len()).saturating_sub(1).max(start)) + 1;
                    headings.push(SourceHeading { level, text: text.trim().to_string(), lines: line_of(start)..end });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading)) = open.as_mut() {
                    heading.push_str(&text.replace('\t', " "));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, heading)) = open.as_mut() {
                    heading.push(' ');
                }
            }
            _ => {}
        }
    }
    headings
}

/// A heading's name as written before link and footnote numbers were left
/// out of it: `Talk[2] by Ann¹` → `Talk by Ann`.
pub fn without_reference_numbers(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    let mut rest = heading;
    while let Some(open) = rest.find('[') {
        let digits = rest[open + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let numbered = digits > 0 && rest[open + 1 + digits..].starts_with(']');
        out.push_str(&rest[..open]);
        if numbered {
            rest = &rest[open + digits + 2..];
        } else {
            out.push('[');
            rest = &rest[open + 1..];
        }
    }
    out.push_str(rest);
    out.retain(|c| !"⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c));
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_read_as_their_text_with_the_lines_they_take() {
        let md = "# Title\n\n## A [link](https://x) and `code`[^1]\n\ntext\n\nUnder *lined*\n---\n\n```\n# not one\n```\n\n[^1]: note\n";
        let headings = source_headings(md);
        let found: Vec<(u8, &str, Range<usize>)> =
            headings.iter().map(|h| (h.level, h.text.as_str(), h.lines.clone())).collect();
        assert_eq!(found, vec![(1, "Title", 0..1), (2, "A link and code", 2..3), (2, "Under lined", 6..8)]);
    }

    #[test]
    fn numbers_older_names_carried_are_taken_out() {
        assert_eq!(without_reference_numbers("Talk[2] by Ann¹"), "Talk by Ann");
        assert_eq!(without_reference_numbers("[draft] notes [x]"), "[draft] notes [x]");
    }
}
