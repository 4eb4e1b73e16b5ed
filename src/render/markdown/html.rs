//! The HTML that notes actually contain, shown as a browser would show it:
//! `<br>` breaks the line, `<kbd>` is a key, `<sup>`/`<sub>` raise and
//! lower, `<img>` is an image, `<details>` a block under its `<summary>`,
//! comments are hidden. Any other tag is shown as written, as text: nothing
//! else is ever interpreted.

use pulldown_cmark::CowStr;

use super::blocks::Container;
use super::Renderer;

/// The tags read; every other one is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    Br,
    Kbd,
    Sup,
    Sub,
    Img,
    Details,
    Summary,
}

#[derive(Debug, PartialEq)]
enum Token<'h> {
    Text(&'h str),
    /// A comment; `closed` is false when its `-->` is yet to come.
    Comment {
        closed: bool,
    },
    Tag {
        known: Known,
        closing: bool,
        /// Between the name and `>`.
        attributes: &'h str,
    },
    /// A tag not read: shown as written.
    Other(&'h str),
}

/// Raised or lowered text: `<sup>`, `<sub>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Super,
    Sub,
}

impl Script {
    /// The character in superscript or subscript, where Unicode has one.
    fn map(self, c: char) -> Option<char> {
        const SUPER: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ";
        const SUB: &str = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₙᵢ";
        const PLAIN: &str = "0123456789+-=()ni";
        let k = PLAIN.chars().position(|p| p == c)?;
        match self {
            Script::Super => SUPER.chars().nth(k),
            Script::Sub => SUB.chars().nth(k),
        }
    }

    /// `text` raised or lowered: characters Unicode cannot raise stay as they are.
    pub(super) fn apply(self, text: &str) -> String {
        text.chars().map(|c| self.map(c).unwrap_or(c)).collect()
    }
}

fn known(name: &str) -> Option<Known> {
    Some(match name.to_ascii_lowercase().as_str() {
        "br" => Known::Br,
        "kbd" => Known::Kbd,
        "sup" => Known::Sup,
        "sub" => Known::Sub,
        "img" => Known::Img,
        "details" => Known::Details,
        "summary" => Known::Summary,
        _ => return None,
    })
}

/// Splits HTML into text, comments and tags. Anything that is not a
/// well-formed tag is text.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(&rest[..lt]));
            rest = &rest[lt..];
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => {
                    out.push(Token::Comment { closed: true });
                    rest = &after[end + 3..];
                }
                None => {
                    out.push(Token::Comment { closed: false });
                    rest = "";
                }
            }
            continue;
        }
        match tag_end(rest) {
            Some(end) => {
                let raw = &rest[..end];
                let inner = raw[1..raw.len() - 1].trim_end_matches('/');
                let (closing, inner) = match inner.strip_prefix('/') {
                    Some(inner) => (true, inner),
                    None => (false, inner),
                };
                let name_end = inner.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(inner.len());
                match known(&inner[..name_end]) {
                    Some(known) => out.push(Token::Tag { known, closing, attributes: &inner[name_end..] }),
                    None => out.push(Token::Other(raw)),
                }
                rest = &rest[end..];
            }
            None => {
                // A `<` that starts no tag is a character.
                out.push(Token::Text(&rest[..1]));
                rest = &rest[1..];
            }
        }
    }
    out
}

/// The end (past `>`) of the tag `text` starts with, quotes respected.
fn tag_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.get(1)?;
    if !(first.is_ascii_alphabetic() || first == b'/') {
        return None;
    }
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i + 1),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// An attribute's value (`alt="a diagram"`, `src=x.png`), if the tag has it.
fn attribute<'h>(attributes: &'h str, name: &str) -> Option<&'h str> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let (key, after) = rest.split_at(name_end);
        let after = after.trim_start();
        let Some(value) = after.strip_prefix('=') else {
            rest = after;
            continue;
        };
        let value = value.trim_start();
        let (found, next) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = value[1..].find(q).map_or(value.len(), |e| e + 1);
                (&value[1..end], value.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = value.find(char::is_whitespace).unwrap_or(value.len());
                (&value[..end], &value[end..])
            }
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(found);
        }
        rest = next;
    }
}

/// Where a `<details>` is: waiting for its summary, or open under it.
#[derive(Debug, Default)]
pub(super) struct HtmlState {
    /// Inside a comment whose end is in a later inline event.
    in_comment: bool,
    /// Open `<kbd>`s: the style stack's depth at each, so `</kbd>` pops only its own.
    kbd: Vec<usize>,
    pub(super) script: Option<Script>,
    /// A `<details>` opened whose summary has not come yet.
    awaiting_summary: bool,
    in_summary: bool,
}

impl HtmlState {
    /// Nothing open: what comes next is read as at the start of a note.
    pub(super) fn is_idle(&self) -> bool {
        !self.in_comment && self.kbd.is_empty() && self.script.is_none() && !self.awaiting_summary && !self.in_summary
    }
}

impl Renderer<'_, '_> {
    /// A tag (or comment) inside a paragraph.
    pub(super) fn inline_html(&mut self, html: &str) {
        if self.html_state.in_comment {
            self.html_state.in_comment = !html.contains("-->");
            return;
        }
        for token in tokens(html) {
            match token {
                Token::Comment { closed } => self.html_state.in_comment = !closed,
                Token::Text(text) => self.text(text, self.style().patch(self.theme.html)),
                Token::Other(raw) => self.text(raw, self.style().patch(self.theme.html)),
                Token::Tag { known: Known::Details | Known::Summary, .. } => {
                    // Blocks inside a line: shown as written.
                    self.text(html, self.style().patch(self.theme.html));
                    return;
                }
                Token::Tag { known, closing, attributes } => self.inline_tag(known, closing, attributes),
            }
        }
    }

    fn inline_tag(&mut self, known: Known, closing: bool, attributes: &str) {
        match (known, closing) {
            (Known::Br, _) => self.push_break(true),
            (Known::Kbd, false) => {
                self.html_state.kbd.push(self.inline.styles.len());
                self.push_style(self.theme.kbd);
            }
            (Known::Kbd, true) => {
                if self.html_state.kbd.last().is_some_and(|&depth| depth + 1 == self.inline.styles.len()) {
                    self.html_state.kbd.pop();
                    self.inline.styles.pop();
                }
            }
            (Known::Sup, false) => self.html_state.script = Some(Script::Super),
            (Known::Sub, false) => self.html_state.script = Some(Script::Sub),
            (Known::Sup | Known::Sub, true) => self.html_state.script = None,
            (Known::Img, false) => {
                let src = attribute(attributes, "src").unwrap_or("");
                let alt = attribute(attributes, "alt").unwrap_or("");
                self.start_image(&CowStr::from(src.to_string()));
                if !alt.is_empty() {
                    self.text(alt, self.style());
                }
                self.end_image();
            }
            (Known::Img, true) => {}
            (Known::Details | Known::Summary, _) => {}
        }
    }

    /// An HTML block, once it ends: its known tags read, the rest shown as
    /// written, line by line.
    pub(super) fn end_html(&mut self) {
        let Some(html) = self.html.take() else { return };
        let mut shown = false;
        let mut line_has_text = false;
        // Whether the block ends on something shown, which the next block keeps a gap from.
        let mut gap_after = false;
        for token in tokens(html.trim_end_matches(['\n', '\r'])) {
            match token {
                Token::Comment { .. } => {}
                Token::Text(text) => {
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 && line_has_text {
                            self.push_break(true);
                            line_has_text = false;
                        }
                        let line = line.trim_end_matches('\r');
                        if line.trim().is_empty() && !line_has_text {
                            continue;
                        }
                        self.html_content(&mut shown);
                        let style = if self.html_state.in_summary { self.style() } else { Style::default() };
                        self.text(line, style);
                        line_has_text = true;
                        gap_after = true;
                    }
                }
                Token::Other(raw) => {
                    self.html_content(&mut shown);
                    self.text(raw, self.theme.html);
                    line_has_text = true;
                    gap_after = true;
                }
                Token::Tag { known: Known::Details, closing, .. } => {
                    self.end_summary_wait();
                    self.flush_inlines();
                    if closing {
                        self.close_details();
                    } else {
                        self.gap();
                        self.html_state.awaiting_summary = true;
                    }
                    line_has_text = false;
                    gap_after = false;
                }
                Token::Tag { known: Known::Summary, closing, .. } => {
                    self.summary(closing, &mut shown);
                    line_has_text = false;
                    gap_after = !closing;
                }
                Token::Tag { known, closing, attributes } => {
                    if known != Known::Br {
                        self.html_content(&mut shown);
                        line_has_text = true;
                        gap_after = true;
                    }
                    self.inline_tag(known, closing, attributes);
                }
            }
        }
        if self.html_state.awaiting_summary {
            self.end_summary_wait();
            gap_after = false;
        }
        self.flush_inlines();
        self.html_state.script = None;
        if gap_after {
            self.blocks.gap_pending = true;
        }
    }

    /// Something of the block shows: the gap before it, once; and a
    /// `<details>` without a summary gets one.
    fn html_content(&mut self, shown: &mut bool) {
        if self.html_state.awaiting_summary {
            self.end_summary_wait();
        }
        if !*shown {
            self.gap();
            *shown = true;
        }
    }

    fn summary(&mut self, closing: bool, shown: &mut bool) {
        if !closing {
            self.html_state.awaiting_summary = false;
            self.flush_inlines();
            if !*shown {
                self.gap();
                *shown = true;
            }
            self.push_with(self.theme.bullet, |text| text.push_str("▾ "));
            self.push_style(self.theme.strong);
            self.html_state.in_summary = true;
        } else if self.html_state.in_summary {
            self.html_state.in_summary = false;
            self.inline.styles.pop();
            self.flush_inlines();
            self.push_details();
        }
    }

    /// A `<details>` whose summary did not come first: a plain one.
    fn end_summary_wait(&mut self) {
        if std::mem::take(&mut self.html_state.awaiting_summary) {
            self.flush_inlines();
            self.push_with(self.theme.bullet, |text| text.push_str("▾ "));
            self.push_with(self.theme.strong, |text| text.push_str("Details"));
            self.flush_inlines();
            self.push_details();
        }
    }

    fn push_details(&mut self) {
        self.blocks.gap_pending = false;
        self.push_container(Container::Details);
    }

    fn close_details(&mut self) {
        if matches!(self.blocks.top(), Some(Container::Details)) {
            self.pop_container();
        }
        self.blocks.gap_pending = true;
    }
}

use ratatui::style::Style;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_comments_and_text_are_told_apart() {
        let t = tokens("a<br/>b <!-- c --> <KBD>x</kbd> <span a=\">\">s</span> 1 < 2 <!-- open");
        assert_eq!(
            t,
            [
                Token::Text("a"),
                Token::Tag { known: Known::Br, closing: false, attributes: "" },
                Token::Text("b "),
                Token::Comment { closed: true },
                Token::Text(" "),
                Token::Tag { known: Known::Kbd, closing: false, attributes: "" },
                Token::Text("x"),
                Token::Tag { known: Known::Kbd, closing: true, attributes: "" },
                Token::Text(" "),
                Token::Other("<span a=\">\">"),
                Token::Text("s"),
                Token::Other("</span>"),
                Token::Text(" 1 "),
                Token::Text("<"),
                Token::Text(" 2 "),
                Token::Comment { closed: false },
            ]
        );
    }

    #[test]
    fn attributes_are_read_quoted_or_not() {
        let attrs = " src=\"a b.png\" ALT='it''s' width=3 hidden";
        assert_eq!(attribute(attrs, "src"), Some("a b.png"));
        assert_eq!(attribute(attrs, "alt"), Some("it"));
        assert_eq!(attribute(attrs, "width"), Some("3"));
        assert_eq!(attribute(attrs, "title"), None);
    }

    #[test]
    fn scripts_raise_what_unicode_can() {
        assert_eq!(Script::Super.apply("2n"), "²ⁿ");
        assert_eq!(Script::Sub.apply("2x"), "₂x");
    }
}
