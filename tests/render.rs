//! The Markdown renderer from the outside: snapshots of representative notes
//! as plain text, a property test over arbitrary input, a hostile note, and
//! an ignored throughput measurement against a bare pulldown-cmark pass.

// The properties the fuzz targets check, shared so the two cannot drift apart.
#[path = "../fuzz/props.rs"]
#[allow(dead_code)]
mod props;
use props::{is_forbidden, only_sgr_escapes};

use std::path::Path;

use confnotes::render::{
    render_markdown, render_markdown_with, to_ansi, to_plain, wrap, Inline, RenderOptions, Rendered,
};
use confnotes::text::width;
use confnotes::theme::Theme;
use proptest::prelude::*;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    let path = manifest().join("tests/fixtures/render").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A note file's body, without its `---` front matter.
fn body(note: &str) -> &str {
    note.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")).map_or(note, |(_, body)| body)
}

fn plain(markdown: &str, options: RenderOptions) -> String {
    to_plain(&render_markdown_with(markdown, &options, &Theme::dark()).lines.to_lines())
}

fn line_widths_within(rendered: &Rendered, max: usize) -> Result<(), String> {
    for (i, line) in rendered.lines.iter().enumerate() {
        // As a whole line, and span by span as ratatui lays cells out.
        let whole = width(&line.to_string());
        let by_span: usize = line.spans.iter().map(|s| width(&s.content)).sum();
        if whole > max || by_span > max {
            return Err(format!("line {i} is {whole}/{by_span} cells, over {max}: {line}"));
        }
    }
    Ok(())
}

fn no_forbidden_chars(rendered: &Rendered) -> Result<(), String> {
    for span in rendered.lines.iter().flat_map(|l| l.spans) {
        if let Some(c) = span.content.chars().find(|&c| is_forbidden(c)) {
            return Err(format!("{c:?} in span {:?}", span.content));
        }
    }
    Ok(())
}

// Snapshots: representative notes as plain text at 40, 80 and 120 columns.

fn snapshot_widths(name: &str, markdown: &str) {
    for width in [40, 80, 120] {
        let text = plain(markdown, RenderOptions::new(width));
        insta::assert_snapshot!(format!("{name}_{width}"), text);
    }
}

#[test]
fn snapshot_mixed_note() {
    snapshot_widths("mixed", &fixture("mixed.md"));
}

#[test]
fn snapshot_wide_table() {
    let markdown = fixture("wide-table.md");
    snapshot_widths("wide_table", &markdown);
    let wide = plain(&markdown, RenderOptions { wide_tables: true, ..RenderOptions::new(40) });
    insta::assert_snapshot!("wide_table_40_wide_tables", wide);
}

#[test]
fn snapshot_cjk_and_emoji() {
    snapshot_widths("cjk_emoji", &fixture("cjk-emoji.md"));
}

#[test]
fn snapshot_bundled_note() {
    let path = manifest().join("notes/2024-03-paris/ai-ml.md");
    let note = std::fs::read_to_string(&path).expect("bundled note");
    snapshot_widths("bundled_paris_ai_ml", body(&note));
}

#[test]
fn fixtures_fit_every_width_from_8_to_200() {
    for name in ["mixed.md", "wide-table.md", "cjk-emoji.md"] {
        let markdown = fixture(name);
        for w in 8..=200 {
            let rendered = render_markdown(&markdown, w, &Theme::dark());
            if let Err(e) = line_widths_within(&rendered, w) {
                panic!("{name} at {w}: {e}");
            }
        }
    }
}

// Arbitrary input.

/// Pieces that arbitrary notes are made of: Markdown syntax, controls and
/// escape sequences, bidi controls, wide and combining text, long words.
fn atom() -> impl Strategy<Value = String> {
    const ATOMS: &[&str] = &[
        " ",
        " ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "word",
        "more words here",
        "- ",
        "* ",
        "1. ",
        "10. ",
        "  ",
        "    ",
        "> ",
        "# ",
        "###### ",
        "**",
        "*",
        "_",
        "~~",
        "`",
        "```",
        "```rust\n",
        "~~~\n",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](x.md)",
        "[link](https://e.org)",
        "[^1]",
        "[^1]: ",
        "| a | b |\n|---|:-:|\n",
        "| ",
        " |",
        "---\n",
        "<b>",
        "</b>",
        "<div>\n",
        "\\",
        "&amp;",
        "&#27;",
        "- [ ] ",
        "- [x] ",
        "\x1b",
        "\x1b[2J",
        "\x1b]52;c;aGk=\x07",
        "\x1b]0;title\x1b\\",
        "\x1b]8;;https://e.org\x1b\\",
        "\x07",
        "\x7f",
        "\u{85}",
        "\u{9b}",
        "\u{9d}",
        "\u{202e}",
        "\u{202a}",
        "\u{2066}",
        "\u{2069}",
        "\u{200f}",
        "\u{2028}",
        "東京",
        "会議のまとめ",
        "한국어",
        "\u{1100}\u{1100}\u{1100}\u{1100}",
        "\u{600}\u{600}",
        "👩‍👩‍👧‍👦",
        "🇫🇷",
        "🇫",
        "👍🏽",
        "❤",
        "\u{fe0f}",
        "\u{200d}",
        "e\u{301}",
        "\u{301}\u{301}",
        "\u{20e3}",
        "\u{a0}",
        "\u{3000}",
        "\u{ad}",
    ];
    prop_oneof![
        6 => proptest::sample::select(ATOMS).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => (1usize..120).prop_map(|n| "x".repeat(n)),
        1 => (1usize..60).prop_map(|n| "東".repeat(n)),
    ]
}

fn note() -> impl Strategy<Value = String> {
    proptest::collection::vec(atom(), 0..40).prop_map(|atoms| atoms.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_note_fits_its_width_with_no_control_characters(markdown in note(), w in 8usize..=200) {
        let rendered = render_markdown(&markdown, w, &Theme::dark());
        line_widths_within(&rendered, w).map_err(TestCaseError::fail)?;
        no_forbidden_chars(&rendered).map_err(TestCaseError::fail)?;
        only_sgr_escapes(&to_ansi(&rendered.lines.to_lines())).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn wide_tables_may_be_wider_but_stay_clean(markdown in note(), w in 8usize..=200) {
        let rendered = render_markdown_with(&markdown, &RenderOptions { wide_tables: true, ..RenderOptions::new(w) }, &Theme::dark());
        no_forbidden_chars(&rendered).map_err(TestCaseError::fail)?;
        only_sgr_escapes(&to_ansi(&rendered.lines.to_lines())).map_err(TestCaseError::fail)?;
    }
}

/// Words and spaces as sanitised note text has them.
fn words() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        " ",
        " ",
        " ",
        "  ",
        "a",
        "to",
        "the",
        "words",
        "wrapping",
        "naïve",
        "東京",
        "会議のまとめ",
        "👍🏽",
        "e\u{301}",
        "https://example.org/a/long/path",
        "x\u{a0}y",
        "—",
    ];
    proptest::collection::vec(proptest::sample::select(WORDS), 0..30).prop_map(|w| w.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One inline per character takes the word-at-a-time path; one inline
    /// for all takes the line-at-a-time path for runs of ASCII words.
    #[test]
    fn wrapping_is_the_same_however_text_is_split(text in words(), max in 2usize..60) {
        let style = ratatui::style::Style::default();
        let whole = wrap(&[Inline::Text(text.clone(), style)], max);
        let by_char: Vec<Inline> = text.chars().map(|c| Inline::Text(c.to_string(), style)).collect();
        let split = wrap(&by_char, max);
        let lines = |l: &[Vec<ratatui::text::Span<'static>>]| -> Vec<String> {
            l.iter().map(|spans| spans.iter().map(|s| s.content.as_ref()).collect()).collect()
        };
        prop_assert_eq!(lines(&whole), lines(&split));
    }
}

// A hostile note.

fn hostile_note() -> String {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"# Title \x1b]0;owned\x07 here\n\n");
    bytes.extend_from_slice(b"Clipboard \x1b]52;c;cm0gLXJmIH4=\x07 and \x1b]52;c;cm0=\x1b\\ written.\n\n");
    bytes.extend_from_slice(b"[click](https://e.org/\x1b[2J) \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\n\n");
    bytes.extend_from_slice(b"CSI \x1b[31mred\x1b[0m \x1b[1;1H\x1b[2J home, bell \x07\x07, DEL \x7f.\n\n");
    bytes.extend_from_slice("C1: \u{9b}31m \u{9d}0;t\u{9c} \u{90}q\u{9c} \u{85}\n\n".as_bytes());
    bytes.extend_from_slice("Bidi: \u{202e}gnp.exe\u{202c} \u{2066}iso\u{2069} \u{200f}\n\n".as_bytes());
    bytes.extend_from_slice(b"```sh\necho \x1b]52;c;eA==\x07 \x1b[?1049h\n```\n\n");
    bytes.extend_from_slice(b"<div>\x1b[8m hidden \x1bP+q\x1b\\</div>\n\n");
    bytes.extend_from_slice(b"| a\x1b[7m | b\x07 |\n|---|---|\n| \x1b]0;x\x07 | \xc2\x9b6n |\n\n");
    bytes.extend_from_slice(b"Invalid UTF-8: \xff\xfe \xc3\x28 \xe2\x82 \xf0\x9f\x98 end.\n\n");
    bytes.extend_from_slice(b"[^x]\n\n[^x]: note \x1b[5m blink\n\n");
    bytes.extend(std::iter::repeat_n(b'w', 100_000));
    bytes.push(b'\n');
    bytes.extend_from_slice(&"longword \u{1b}".repeat(10_000).into_bytes());
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_hostile_note_cannot_reach_the_terminal() {
    let note = hostile_note();
    assert!(note.contains('\u{fffd}'), "invalid UTF-8 was replaced");
    for w in [8, 40, 80, 200] {
        let rendered = render_markdown(&note, w, &Theme::dark());
        line_widths_within(&rendered, w).unwrap();
        no_forbidden_chars(&rendered).unwrap();
        let ansi = to_ansi(&rendered.lines.to_lines());
        only_sgr_escapes(&ansi).unwrap();
        assert!(ansi.contains("\x1b["), "the styled output does use SGR");
        let plain = to_plain(&rendered.lines.to_lines());
        assert!(!plain.contains('\x1b'), "plain output has no escapes at all");
        only_sgr_escapes(&plain).unwrap();
        if w < 80 {
            continue;
        }
        assert!(plain.contains("␛]52;c;cm0gLXJmIH4=␇"), "the attempt is shown, not carried out");
        assert!(plain.contains("gnp.exe") && !plain.contains('\u{202e}'));
        // A control character is not allowed in a link destination, so this is text.
        assert!(plain.contains("[click](https://e.org/␛[2J)"));
    }
}

#[test]
fn a_word_longer_than_the_line_breaks_after_its_slashes_and_dashes() {
    let markdown = "Slides: https://example.org/conference/2024/talks/a-long-talk-name.html and\n\
                    `the_configuration_option_that_never_ends` too.";
    let lines = plain(markdown, RenderOptions::new(30));
    assert_eq!(
        lines.lines().collect::<Vec<_>>(),
        [
            "Slides: https://example.org/",
            "conference/2024/talks/a-long-",
            "talk-name.html and the_",
            "configuration_option_that_",
            "never_ends too.",
        ]
    );
}

#[test]
fn docc_directives_hide_page_settings_and_show_a_containers_content() {
    let markdown = "# A talk\n\n@Metadata {\n    @TitleHeading(\"Talk\")\n    @PageImage(source: \"x.png\", purpose: card)\n}\n\n\
                    A Speaker\n\n## Links\n\n@Links(visualStyle: detailedGrid) {\n    - <doc:another-talk>\n    - The slides\n}\n\n\
                    ```swift\n@Observable {\n}\n```\n";
    let text = plain(markdown, RenderOptions::new(60));
    let lines: Vec<&str> = text.lines().collect();
    assert!(!text.contains("@Metadata") && !text.contains("TitleHeading") && !text.contains("@Links"), "{text}");
    assert!(lines.contains(&"A Speaker"), "{text}");
    // Without a collection to ask, a page link reads as its name.
    assert!(lines.contains(&"• another talk[1]") && lines.contains(&"• The slides"), "{text}");
    assert!(lines.iter().any(|l| l.contains("@Observable {")), "code is left alone: {text}");
    assert!(!lines.iter().any(|l| l.trim() == "}"), "{text}");
}

/// A column holding one word too long for the pane (a URL) does not starve
/// a column of prose down to its longest word: the words would stand one
/// to a line, thirty lines for one row.
#[test]
fn a_long_unbreakable_cell_leaves_room_for_a_column_of_prose() {
    let url = format!("https://example.com/{}", "x".repeat(80));
    let prose = "word ".repeat(30);
    let md = format!("| Name | URL | Notes |\n|---|---|---|\n| A | {url} | short |\n| B | plain | {prose}|\n");
    let text = plain(&md, RenderOptions::new(40));
    let rows = text.lines().filter(|l| l.contains('│')).count();
    assert!(rows <= 20, "{rows} rows:\n{text}");
    assert!(text.lines().any(|l| l.matches("word").count() >= 2), "{text}");
    assert!(text.lines().all(|l| width(l) <= 40), "{text}");
}
