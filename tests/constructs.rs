//! Every construct a note may hold (code in several languages, HTML notes
//! contain, task lists, footnotes, images, line breaks), rendered by
//! `render` and drawn in the note pane at widths from 40 to 200; and no
//! escape sequence from a note, wherever it hides, reaching the terminal.

mod common;

#[path = "../fuzz/props.rs"]
#[allow(dead_code)]
mod props;

use std::fs;
use std::path::Path;

use common::{draw, press, region, sized};
use confnotes::app::{App, Settings};
use confnotes::keymap::Keymap;
use confnotes::notes::load_folder;
use confnotes::render::{colour_all, render_markdown_with, to_ansi, to_plain, NoteColours, RenderOptions};
use confnotes::theme::Theme;
use props::{is_forbidden, only_sgr_escapes};

fn constructs() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/constructs.md");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The note as `confnotes render --ansi` prints it: code in colour.
fn ansi(markdown: &str, options: &RenderOptions) -> String {
    let theme = Theme::dark();
    let rendered = render_markdown_with(markdown, options, &theme);
    let colours = colour_all(&rendered.code_blocks, &rendered.lines);
    let painter = NoteColours { blocks: &rendered.code_blocks, colours: &colours };
    let lines: Vec<_> = (0..rendered.lines.len()).map(|i| painter.line(&rendered.lines, i, &theme)).collect();
    to_ansi(&lines)
}

#[test]
fn snapshot_every_construct_at_widths_40_to_200() {
    let markdown = constructs();
    for width in [40, 80, 120, 200] {
        let rendered = render_markdown_with(&markdown, &RenderOptions::new(width), &Theme::dark());
        insta::assert_snapshot!(format!("constructs_{width}"), to_plain(&rendered.lines.to_lines()));
    }
    let options = RenderOptions { line_breaks: true, wrap_code: false, image_rows: 4, ..RenderOptions::new(40) };
    let rendered = render_markdown_with(&markdown, &options, &Theme::dark());
    insta::assert_snapshot!("constructs_40_line_breaks_whole_code_images", to_plain(&rendered.lines.to_lines()));
}

#[test]
fn code_is_coloured_by_token_and_keeps_its_text() {
    let markdown = constructs();
    let out = ansi(&markdown, &RenderOptions::new(80));
    let theme = Theme::dark();
    let plain = render_markdown_with(&markdown, &RenderOptions::new(80), &theme);
    // Colour adds SGR sequences only: the text is the same.
    let trimmed = |text: &str| text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    assert_eq!(trimmed(&strip_sgr(&out)), trimmed(&to_plain(&plain.lines.to_lines())));
    // YAML keys, Rust keywords and comments each have their colour.
    let rendered = render_markdown_with(&markdown, &RenderOptions::new(80), &theme);
    let colours = colour_all(&rendered.code_blocks, &rendered.lines);
    let painter = NoteColours { blocks: &rendered.code_blocks, colours: &colours };
    let span = |text: &str| {
        (0..rendered.lines.len())
            .flat_map(|i| painter.line(&rendered.lines, i, &theme).spans)
            .find(|s| s.content == text)
            .unwrap_or_else(|| panic!("no span {text:?}"))
    };
    assert_eq!(span("apiVersion").style.fg, theme.syntax.tag.fg);
    assert_eq!(span("fn").style.fg, theme.syntax.keyword.fg);
    assert_eq!(span("// the answer").style.fg, theme.syntax.comment.fg);
}

fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find('m').map_or(after.len(), |m| m + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Escape sequences hidden everywhere a construct takes text from.
fn hostile_note() -> String {
    let esc = "\x1b]8;;https://evil.example\x07X\x1b]8;;\x07\x1b[2J\u{9b}31m\x07\u{202e}";
    // In a path, which a link destination cannot hold spaces or `://` in.
    let bare = "\x1b[2J\u{9b}31m\x07\u{202e}";
    format!(
        "# T{esc}\n\npara {esc}\nsecond line {esc}\n\n\
         ```rust{esc}\nfn main() {{ let s = \"{esc}\"; }} // {esc}\n```\n\n\
         ```{esc}\n{esc}\n```\n\n\
         Press <kbd>{esc}</kbd><br>x<sup>{esc}</sup> <span title=\"{esc}\">t</span><!-- {esc} -->\n\n\
         <details>\n<summary>{esc}</summary>\n\nbody {esc}\n\n</details>\n\n\
         <img src=\"{bare}.png\" alt=\"{esc}\">\n\n\
         ![alt {esc}](img/{bare}.png) [link](https://x.example/{esc})\n\n\
         - [x] task {esc}\n\nref[^a]\n\n[^a]: note {esc}\n\n\
         | h{esc} | b |\n|---|---|\n| {esc} | `{esc}` |\n"
    )
}

#[test]
fn no_escape_sequence_from_a_note_reaches_render_output() {
    let note = hostile_note();
    for options in [
        RenderOptions::new(40),
        RenderOptions {
            line_breaks: true,
            wrap_code: false,
            wide_tables: true,
            image_rows: 3,
            ..RenderOptions::new(120)
        },
    ] {
        let out = ansi(&note, &options);
        only_sgr_escapes(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(!out.contains('\u{202e}') && !out.contains('\u{9b}') && !out.contains('\x07'), "{out:?}");
        // Alt text is sanitised like all text; the path stays as written, for opening.
        let rendered = render_markdown_with(&note, &options, &Theme::dark());
        assert_eq!(rendered.images.is_empty(), options.image_rows == 0);
        assert!(rendered.images.iter().all(|i| !i.alt.chars().any(is_forbidden)), "{:?}", rendered.images);
    }
}

/// A collection of one event holding one note.
fn one_note_collection(title: &str, body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let event = dir.path().join("2024-05-demo");
    fs::create_dir_all(&event).expect("mkdir");
    fs::write(event.join("note.md"), format!("---\ntitle: {title}\n---\n{body}")).expect("write");
    dir
}

fn note_app(dir: &Path, width: u16) -> App {
    let collection = load_folder(dir).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), width, 60);
    // The event, then its only note.
    press(&mut app, "l j enter");
    app
}

#[test]
fn no_escape_sequence_from_a_note_reaches_the_screen() {
    let dir = one_note_collection("Hostile", &hostile_note());
    for width in [40, 120, 200] {
        let mut app = note_app(dir.path(), width);
        for keys in ["", "z", "Z", "w"] {
            press(&mut app, keys);
            let buffer = draw(&app);
            for cell in buffer.content() {
                assert!(!cell.symbol().chars().any(is_forbidden), "{:?} at width {width}", cell.symbol());
            }
        }
    }
}

#[test]
fn constructs_show_in_the_note_pane_at_widths_40_to_200() {
    let dir = one_note_collection("Every construct", &constructs());
    for width in [40, 80, 120, 200] {
        let mut app = note_app(dir.path(), width);
        // The note pane alone where it is narrow.
        if app.layout().note.is_none() {
            press(&mut app, "l");
        }
        let rect = app.layout().note.expect("note pane shown");
        let mut seen = String::new();
        for _ in 0..8 {
            seen.push_str(&region(&draw(&app), rect));
            press(&mut app, "pagedown");
        }
        for expected in ["☐ write the summary", "☑ watch", "H₂O", "x²", "source¹", "╭─ yaml", "▾ Speaker", "Ctrl"]
        {
            assert!(seen.contains(expected), "{expected:?} at width {width}:\n{seen}");
        }
        assert!(!seen.contains("<kbd>") && !seen.contains("hidden comment"), "{seen}");
    }
}

/// What a terminal backend writes, kept for the test to read.
#[derive(Clone, Default)]
struct Written(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Written {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes the TUI writes to the terminal (crossterm, as in use) for one frame of `app`.
fn terminal_bytes(app: &App) -> Vec<u8> {
    use ratatui::backend::CrosstermBackend;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let written = Written::default();
    let options = TerminalOptions { viewport: Viewport::Fixed(app.area()) };
    let mut terminal = Terminal::with_options(CrosstermBackend::new(written.clone()), options).expect("terminal");
    terminal.draw(|frame| confnotes::ui::draw(frame, app)).expect("draws");
    let bytes = written.0.borrow().clone();
    bytes
}

/// Every OSC 8 target in `bytes`, in order (`""` closes a link).
fn hyperlink_targets(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut targets = Vec::new();
    let mut rest = &text[..];
    while let Some(at) = rest.find("\x1b]8;") {
        let after = &rest[at + 4..];
        let end = after.find("\x1b\\").unwrap_or(after.len());
        // Parameters, then `;`, then the target.
        targets.push(after[..end].split_once(';').map_or(after[..end].to_string(), |(_, t)| t.to_string()));
        rest = &after[end..];
    }
    targets
}

#[test]
fn links_are_clickable_with_sanitised_targets_only() {
    let body = "Read [the slides](https://example.org/slides?id=1) and [mail me](mailto:someone@example.org), \
                not [this](javascript:alert(1)) nor [that](https://example.org/&#27;]8;;https://evil.example/&#7;) \
                nor [bidi](<https://example.org/\u{202e}x>).\n\nA [note link](other.md).\n";
    let dir = one_note_collection("Links", body);
    let collection = load_folder(dir.path()).expect("loads");
    let settings = Settings { hyperlinks: true, ..Settings::default() };
    let mut app = sized(App::new(collection, Keymap::defaults().0, settings, Vec::new()), 120, 40);
    press(&mut app, "l j enter");
    let bytes = terminal_bytes(&app);
    let targets = hyperlink_targets(&bytes);
    let allowed =
        ["", "https://example.org/slides?id=1", "mailto:someone@example.org", "https://example.org/%E2%80%AEx"];
    assert!(targets.iter().all(|t| allowed.contains(&t.as_str())), "{targets:?}");
    for target in &allowed[1..] {
        assert!(targets.iter().any(|t| t == target), "{target} not linked: {targets:?}");
    }
    // Every link opened is closed, and the text between is the link's.
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("\x1b]8;;https://example.org/slides?id=1\x1b\\t\x1b]8;;\x1b\\"), "{text:?}");
    assert!(!text.contains("evil.example") || !text.contains("\x1b]8;;https://evil"), "{text:?}");
    assert!(!text.contains('\x07') && !text.contains('\u{202e}'), "{text:?}");

    // Off by the setting: no OSC 8 at all.
    let collection = load_folder(dir.path()).expect("loads");
    let mut app = sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), 120, 40);
    press(&mut app, "l j enter");
    assert!(hyperlink_targets(&terminal_bytes(&app)).is_empty());
}

#[test]
fn a_link_found_by_the_note_search_stays_clickable() {
    let dir = one_note_collection("Links", "Read [the slides](https://example.org/slides) today.\n");
    let collection = load_folder(dir.path()).expect("loads");
    let settings = Settings { hyperlinks: true, ..Settings::default() };
    let mut app = sized(App::new(collection, Keymap::defaults().0, settings, Vec::new()), 120, 40);
    press(&mut app, "l j enter / s l i d e s enter");
    let lines = app.rendered().expect("rendered").lines.len();
    assert!((0..lines).any(|i| !app.matches_on_line(i).is_empty()), "the search found the link's text");
    let text = String::from_utf8_lossy(&terminal_bytes(&app)).into_owned();
    // Each character of the link's text is linked, the matched ones too.
    for ch in ["t", "h", "e", "s", "l", "i", "d"] {
        assert!(text.contains(&format!("\x1b]8;;https://example.org/slides\x1b\\{ch}")), "{ch} not linked: {text:?}");
    }
}

#[test]
fn hostile_notes_write_no_hyperlink_of_their_own_with_hyperlinks_on() {
    let dir = one_note_collection("Hostile", &hostile_note());
    for width in [40, 120, 200] {
        let collection = load_folder(dir.path()).expect("loads");
        let settings = Settings { hyperlinks: true, ..Settings::default() };
        let mut app = sized(App::new(collection, Keymap::defaults().0, settings, Vec::new()), width, 60);
        press(&mut app, "l j enter");
        for _ in 0..4 {
            let targets = hyperlink_targets(&terminal_bytes(&app));
            assert!(targets.iter().all(String::is_empty), "{targets:?} at width {width}");
            press(&mut app, "pagedown");
        }
    }
}
