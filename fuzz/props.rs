//! The properties the fuzz targets check, shared with `tests/fuzz_props.rs`
//! so libFuzzer and proptest hold the code to the same rules. Each function
//! panics with a message naming the broken rule.

use confnotes::diagnostic::Severity;
use confnotes::keymap::{format_seq, parse_seq, Keymap};
use confnotes::notes::frontmatter::{self, EventFields, NoteFields};
use confnotes::render::{render_markdown_with, to_ansi, RenderOptions, MIN_WIDTH};
use confnotes::text::width;
use confnotes::theme::Theme;

/// Front matter: `split` accounts for every byte and line, and parsing either
/// kind of fields returns (an error or fields), with positions inside the
/// front matter, as the loader calls it (`first_line` 2).
pub fn frontmatter(text: &str) {
    let split = frontmatter::split(text);
    assert!(text.ends_with(split.body), "body is not the end of the file");
    let before_body = &text[..text.len() - split.body.len()];
    // A closing `---` at the very end, with no newline, leaves an empty body
    // on the line after it.
    let lines_before = before_body.matches('\n').count();
    let body_lines = if split.body.is_empty() && !before_body.ends_with('\n') {
        lines_before + 1..=lines_before + 2
    } else {
        lines_before + 1..=lines_before + 1
    };
    assert!(body_lines.contains(&split.body_line), "body_line {} is not {body_lines:?}", split.body_line);
    let Some(front) = split.front else {
        assert_eq!(split.body, text, "no front matter, yet the body is not the whole file");
        return;
    };
    assert!(split.unterminated.is_none(), "front matter found and unterminated");
    assert!(before_body.contains(front.text), "front matter is not before the body");
    // Errors at the end of the YAML may point at the closing delimiter.
    let last_yaml_line = split.body_line - 1;
    let check = |position: Option<confnotes::diagnostic::Position>| {
        if let Some(p) = position {
            assert!(
                (2..=last_yaml_line.max(2)).contains(&p.line) && p.column >= 1,
                "error at {}:{} is outside the front matter (lines 2..={last_yaml_line})",
                p.line,
                p.column
            );
        }
    };
    if let Err(e) = front.parse::<NoteFields>(2) {
        check(e.position);
    }
    if let Err(e) = front.parse::<EventFields>(2) {
        check(e.position);
    }
}

/// The width the render target uses for an input whose first byte is `byte`.
pub fn render_width(byte: u8) -> usize {
    MIN_WIDTH + usize::from(byte) % (200 - MIN_WIDTH + 1)
}

pub fn is_forbidden(c: char) -> bool {
    c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Rendering at `width`, with and without wide tables: no line wider than
/// `width` (unless tables may be wide), no control or bidi character in any
/// span, and ESC in the ANSI output only as SGR (`ESC [ digits/; m`).
pub fn render(markdown: &str, width_cells: usize) {
    let theme = Theme::dark();
    for wide_tables in [false, true] {
        let rendered =
            render_markdown_with(markdown, &RenderOptions { wide_tables, ..RenderOptions::new(width_cells) }, &theme);
        for (i, line) in rendered.lines.iter().enumerate() {
            let cells: usize = line.spans.iter().map(|s| width(&s.content)).sum();
            assert!(wide_tables || cells <= width_cells, "line {i} is {cells} cells, over {width_cells}: {line:?}");
            for span in &line.spans {
                if let Some(c) = span.content.chars().find(|&c| is_forbidden(c)) {
                    panic!("{c:?} in line {i}, span {:?}", span.content);
                }
            }
        }
        let ansi = to_ansi(&rendered.lines.to_lines());
        if let Err(e) = only_sgr_escapes(&ansi) {
            panic!("to_ansi output: {e}");
        }
    }
}

pub fn only_sgr_escapes(output: &str) -> Result<(), String> {
    let mut rest = output;
    while let Some(at) = rest.find('\x1b') {
        let after = &rest[at + 1..];
        let params = after.strip_prefix('[').ok_or_else(|| format!("bare ESC before {:?}", head(after)))?;
        let end = params.find(|c: char| !c.is_ascii_digit() && c != ';').unwrap_or(params.len());
        if !params[end..].starts_with('m') {
            return Err(format!("non-SGR sequence ESC[{:?}", head(params)));
        }
        rest = &params[end + 1..];
    }
    match output.chars().find(|&c| c != '\x1b' && c != '\n' && is_forbidden(c)) {
        Some(c) => Err(format!("{c:?} in output")),
        None => Ok(()),
    }
}

fn head(s: &str) -> String {
    s.chars().take(12).collect()
}

/// A keymap file loads without panicking, every diagnostic names the file,
/// the merged map printed by `to_toml` reads back as itself, and every line
/// that parses as a key sequence prints as text that parses back to it.
pub fn keymap(text: &str) {
    let (keymap, problems) = Keymap::with_user_file(text, "fuzz.toml");
    for problem in &problems {
        assert!(problem.file.starts_with("fuzz.toml") || problem.file.starts_with("keymap.toml"), "{problem:?}");
    }
    let printed = keymap.to_toml();
    // Warnings are expected: naming every action re-takes keys from defaults.
    let (again, again_problems) = Keymap::with_user_file(&printed, "printed.toml");
    let errors: Vec<_> = again_problems.iter().filter(|p| p.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "to_toml output does not read back cleanly: {errors:?}\n{printed}");
    assert_eq!(again.to_toml(), printed, "to_toml output reads back as a different keymap");
    for line in text.lines() {
        key_round_trip(line);
    }
}

/// If `text` parses as a key sequence, its printed form parses back to it.
pub fn key_round_trip(text: &str) {
    if let Ok(seq) = parse_seq(text) {
        let printed = format_seq(&seq);
        assert_eq!(parse_seq(&printed).as_ref(), Ok(&seq), "`{text}` printed as `{printed}`");
    }
}
