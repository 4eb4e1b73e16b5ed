//! Shared helpers for integration tests: build an App, press keys by name,
//! draw into a TestBackend and read the screen back as text.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use confnotes::app::{App, Notice, Settings};
use confnotes::keymap::{parse_chord, Keymap};
use confnotes::notes::{load_bundled, load_folder};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes")
}

pub fn sized(mut app: App, width: u16, height: u16) -> App {
    let _ = app.notice(Notice::Resize { width, height });
    app
}

pub fn bundled_app(width: u16, height: u16) -> App {
    sized(App::new(load_bundled(), Keymap::defaults().0, Settings::default(), Vec::new()), width, height)
}

pub fn fixture_app(width: u16, height: u16) -> App {
    let collection = load_folder(&fixtures()).expect("fixtures load");
    sized(App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new()), width, height)
}

/// Presses keys written as in keymap.toml, separated by spaces: `"l j enter"`.
/// Returns whether any of them asked to quit.
pub fn press(app: &mut App, keys: &str) -> bool {
    let mut quit = false;
    for key in keys.split_whitespace() {
        let chord = parse_chord(key).unwrap_or_else(|e| panic!("bad key {key:?} in test: {e}"));
        quit |= app.handle_key(chord).contains(&confnotes::app::Effect::Quit);
    }
    quit
}

pub fn draw(app: &App) -> Buffer {
    let backend = TestBackend::new(app.area().width, app.area().height);
    let mut terminal = Terminal::new(backend).expect("test terminal");
    terminal.draw(|frame| confnotes::ui::draw(frame, app)).expect("draws");
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces trimmed.
pub fn screen(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        // The cells covered by a wide character hold filler; skip them as ratatui's own view does.
        let mut covered: u16 = 0;
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            if covered == 0 {
                line.push_str(cell.symbol());
            }
            let cell_width = u16::try_from(confnotes::text::width(cell.symbol())).unwrap_or(1);
            covered = covered.max(cell_width).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text of the rectangle `x..x+w`, `y..y+h` of the screen.
pub fn region(buffer: &Buffer, rect: ratatui::layout::Rect) -> String {
    let mut out = String::new();
    for y in rect.y..rect.y + rect.height {
        for x in rect.x..rect.x + rect.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
