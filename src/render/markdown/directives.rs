//! DocC block directives (`@Metadata { … }`, `@Links(visualStyle: list) {
//! … }`), which Markdown reads as paragraphs of text: a page's settings
//! (`@Metadata`, `@Options`, `@Comment`, …) are hidden whole, and any other
//! directive's content is shown as Markdown, without its `@Name {` and `}`
//! lines and dedented (its content is indented, which Markdown would read
//! as code). Lines are blanked, not removed, so the text keeps its lines.
//! Fenced code is left alone (`@Observable` in Swift is code).

use std::borrow::Cow;

/// Directives that set up a page rather than hold its text.
const SETTINGS: &[&str] = &[
    "Metadata",
    "Options",
    "Comment",
    "Redirected",
    "Available",
    "PageImage",
    "PageKind",
    "PageColor",
    "CallToAction",
    "TitleHeading",
    "TechnologyRoot",
    "DisplayName",
    "DocumentationExtension",
    "SupportedLanguage",
    "AlternateRepresentation",
    "AutomaticSeeAlso",
    "AutomaticTitleHeading",
    "AutomaticArticleSubheading",
    "TopicsVisualStyle",
];

/// `markdown` with its block directives hidden or unwrapped; borrowed when
/// it has none (a line starting `@` and a capital is rare, and found fast).
pub(super) fn unwrap_directives(markdown: &str) -> Cow<'_, str> {
    if !may_have_directive(markdown) {
        return Cow::Borrowed(markdown);
    }
    // Changed in place as directives are met: a container's content is
    // read on, dedented, and a directive inside it is unwrapped in turn.
    let mut lines: Vec<Cow<'_, str>> = markdown.split_inclusive('\n').map(Cow::Borrowed).collect();
    // Dedenting a container's content changes no line's fence or directive.
    let closes = closes(&lines);
    let mut changed = false;
    let mut fence: Option<(u8, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        if let Some(open) = fence {
            if closes_fence(&lines[i], open) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(open) = opens_fence(&lines[i]) {
            fence = Some(open);
            i += 1;
            continue;
        }
        let Some(settings) = block_opener(&lines[i]).map(|name| SETTINGS.contains(&name)) else {
            i += 1;
            continue;
        };
        let Some(close) = closes[i] else {
            i += 1;
            continue;
        };
        changed = true;
        if settings {
            for line in &mut lines[i..=close] {
                blank(line);
            }
            i = close + 1;
            continue;
        }
        blank(&mut lines[i]);
        blank(&mut lines[close]);
        let content = &mut lines[i + 1..close];
        let indent = content.iter().filter(|l| !l.trim().is_empty()).map(|l| indentation(l)).min().unwrap_or(0);
        if indent > 0 {
            for line in content {
                let dedented = dedent(line, indent).to_string();
                *line = Cow::Owned(dedented);
            }
        }
        i += 1;
    }
    if changed {
        Cow::Owned(lines.concat())
    } else {
        Cow::Borrowed(markdown)
    }
}

/// `line` emptied, keeping its line break.
fn blank(line: &mut Cow<'_, str>) {
    let end = line_end(line).to_string();
    *line = Cow::Owned(end);
}

/// Whether some line starts (after spaces) with `@` and a capital letter.
/// Linear however many `@` a line has: each line's indentation is measured once.
fn may_have_directive(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    // Where the text of the line of the `@` before starts, and that `@`.
    let (mut text_start, mut before) = (None, 0);
    memchr::memchr_iter(b'@', bytes).any(|at| {
        // Only back to the `@` before: on its line, the indentation is known.
        let newline = memchr::memrchr(b'\n', &bytes[before..at]).map(|nl| before + nl + 1);
        if newline.is_some() || text_start.is_none() {
            let start = newline.unwrap_or(0);
            text_start = Some(start + bytes[start..].iter().take_while(|&&b| b == b' ' || b == b'\t').count());
        }
        before = at;
        text_start == Some(at) && bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase)
    })
}

/// The name of a block directive that `line` opens: `@Name {` or `@Name(arguments) {`.
fn block_opener(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix('@')?;
    let name_end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let (name, after) = rest.split_at(name_end);
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let after = after.trim_start();
    let after = match after.strip_prefix('(') {
        Some(arguments) => &arguments[arguments.rfind(')')? + 1..],
        None => after,
    };
    (after.trim() == "{").then_some(name)
}

/// For each line, the line that closes the block directive it opens: a
/// `}` alone, directives opened inside it closed first. One pass (a note
/// of many unclosed directives must not scan to its end for each), outside
/// fenced code; `None` for other lines and directives never closed.
fn closes(lines: &[Cow<'_, str>]) -> Vec<Option<usize>> {
    let mut closes = vec![None; lines.len()];
    let mut open = Vec::new();
    let mut fence = None;
    for (k, line) in lines.iter().enumerate() {
        if let Some(opened) = fence {
            if closes_fence(line, opened) {
                fence = None;
            }
        } else if let Some(opened) = opens_fence(line) {
            fence = Some(opened);
        } else if block_opener(line).is_some() {
            open.push(k);
        } else if line.trim() == "}" {
            if let Some(opener) = open.pop() {
                closes[opener] = Some(k);
            }
        }
    }
    closes
}

/// A fence that `line` opens: its character and length.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start();
    let c = *trimmed.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let run = trimmed.bytes().take_while(|&b| b == c).count();
    (run >= 3 && (c == b'~' || !trimmed[run..].contains('`'))).then_some((c, run))
}

fn closes_fence(line: &str, (c, run): (u8, usize)) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= run && trimmed.bytes().all(|b| b == c)
}

/// Columns of leading whitespace, a tab counting four.
fn indentation(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ' || b == b'\t').map(|b| if b == b'\t' { 4 } else { 1 }).sum()
}

/// `line` with up to `columns` of its leading whitespace taken off.
fn dedent(line: &str, columns: usize) -> &str {
    let mut taken = 0;
    let mut at = 0;
    for b in line.bytes() {
        let w = match b {
            b' ' => 1,
            b'\t' => 4,
            _ => break,
        };
        if taken + w > columns {
            break;
        }
        taken += w;
        at += 1;
    }
    &line[at..]
}

/// The line break that ends `line`, if any: what a blanked line keeps.
fn line_end(line: &str) -> &str {
    let body = line.trim_end_matches(['\n', '\r']);
    &line[body.len()..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_hidden_and_containers_unwrapped_keeping_the_lines() {
        let md = "# Title\n\n@Metadata {\n    @TitleHeading(\"Talk\")\n}\n\nText.\n\n\
                  @Links(visualStyle: list) {\n    - <doc:other>\n    - second\n}\n";
        let out = unwrap_directives(md);
        assert_eq!(out, "# Title\n\n\n\n\n\nText.\n\n\n- <doc:other>\n- second\n\n");
        assert_eq!(out.lines().count(), md.lines().count());
    }

    #[test]
    fn nested_containers_unwrap_in_turn() {
        let md = "@Row {\n    @Column {\n        Left text.\n    }\n    @Column {\n        Right.\n    }\n}\n";
        assert_eq!(unwrap_directives(md), "\n\nLeft text.\n\n\nRight.\n\n\n");
    }

    #[test]
    fn code_mentions_and_unclosed_directives_are_left_alone() {
        for md in [
            "```swift\n@Observable {\n}\n```\n",
            "Ask @Someone on Friday.\n",
            "@Metadata {\n  never closed\n",
            "@lowercase {\n}\n",
            "plain text only\n",
        ] {
            assert!(matches!(unwrap_directives(md), Cow::Borrowed(_)), "{md:?}");
        }
    }

    #[test]
    fn a_closing_brace_in_code_inside_a_container_does_not_close_it() {
        let md = "@Section {\n    ```\n    }\n    ```\n    After.\n}\n";
        assert_eq!(unwrap_directives(md), "\n```\n}\n```\nAfter.\n\n");
    }
}
