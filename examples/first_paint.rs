//! Time to first paint of a note with ten code blocks (ten languages) and
//! one picture: `cargo run --release --example first_paint [ROUNDS]`.
//!
//! Measures, at 160x45 with a TestBackend: the keys that select and open
//! the note up to its frames drawn with the code on screen coloured (the picture's rows
//! say "loading…"), once with the grammars still to load and then as the
//! app has them (loaded at start-up); the picture decoded and encoded off
//! the UI thread (half blocks); the frame with the picture; paging on
//! through the blocks. For measuring by hand; not a test.

use std::time::{Duration, Instant};

use confnotes::app::{App, Notice, Settings};
use confnotes::keymap::{parse_chord, Keymap};
use confnotes::notes::load_folder;
use confnotes::pictures::{load, Loaded};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use ratatui_image::picker::Picker;

const BLOCKS: [(&str, &str); 10] = [
    ("yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web # the front\nspec:\n  ports:\n    - port: 80"),
    ("sh", "kubectl get pods -A | grep -v Running\nfor n in $(seq 3); do echo \"$n\"; done"),
    ("json", "{\"name\": \"demo\", \"replicas\": 3, \"enabled\": true}"),
    ("toml", "[server]\nport = 8080\nhosts = [\"a\", \"b\"]"),
    ("python", "def main():\n    print(\"hello\")  # greet\n    return 42"),
    ("go", "func main() {\n\tfmt.Println(\"hi\")\n}"),
    ("rust", "fn main() {\n    let x: u32 = 42; // answer\n}"),
    ("typescript", "const x: number = 1;\nexport function f(a: string): void {}"),
    ("dockerfile", "FROM alpine:3.20\nRUN apk add curl\nCMD [\"sh\"]"),
    ("hcl", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"notes\"\n}"),
];

fn png(path: &std::path::Path) {
    let image = image::RgbImage::from_fn(800, 450, |x, y| image::Rgb([(x / 4) as u8, (y / 2) as u8, 140]));
    image.save(path).expect("png written");
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|r| r.parse().ok()).unwrap_or(9);
    let dir = tempfile::tempdir().expect("tempdir");
    let event = dir.path().join("2024-05-demo");
    std::fs::create_dir_all(&event).expect("mkdir");
    let mut note = String::from("---\ntitle: Ten blocks\n---\nIntro with a picture:\n\n![the chart](chart.png)\n\n");
    for (lang, code) in BLOCKS {
        note.push_str(&format!("Some {lang}:\n\n```{lang}\n{code}\n```\n\n"));
    }
    std::fs::write(event.join("ten.md"), note).expect("write");
    png(&event.join("chart.png"));
    let (mut open, mut decode, mut with_picture, mut pages) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut cold = None;
    for round in 0..=rounds {
        let collection = load_folder(dir.path()).expect("loads");
        let mut app = App::new(collection, Keymap::defaults().0, Settings::default(), Vec::new());
        let _ = app.notice(Notice::Resize { width: 160, height: 45 });
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
        let _ = app.handle_key(parse_chord("l").expect("key"));
        terminal.draw(|f| confnotes::ui::draw(f, &app)).expect("draws");
        // Selecting the note shows it in the note pane: laid out, code coloured, drawn.
        let start = Instant::now();
        let _ = app.handle_key(parse_chord("j").expect("key"));
        terminal.draw(|f| confnotes::ui::draw(f, &app)).expect("draws");
        let _ = app.handle_key(parse_chord("enter").expect("key"));
        terminal.draw(|f| confnotes::ui::draw(f, &app)).expect("draws");
        // The first round loads the grammars, as a note opened before the start-up thread has them.
        if round == 0 {
            cold = Some(start.elapsed());
        } else {
            open.push(start.elapsed());
        }
        let requests = app.take_picture_requests();
        let start = Instant::now();
        let loaded: Vec<Loaded> =
            requests.into_iter().map(|key| Loaded { result: load(&Picker::halfblocks(), &key), key }).collect();
        decode.push(start.elapsed());
        let start = Instant::now();
        assert!(loaded.iter().all(|picture| picture.result.is_ok()), "a picture failed to load");
        let _ = app.notice(Notice::PicturesLoaded(loaded));
        terminal.draw(|f| confnotes::ui::draw(f, &app)).expect("draws");
        with_picture.push(start.elapsed());
        // Paging on through the rest of the blocks, each coloured as it comes.
        let _ = app.handle_key(parse_chord("l").expect("key"));
        for _ in 0..3 {
            let start = Instant::now();
            let _ = app.handle_key(parse_chord("pagedown").expect("key"));
            terminal.draw(|f| confnotes::ui::draw(f, &app)).expect("draws");
            pages.push(start.elapsed());
        }
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    println!(
        "select, open + first paint (code coloured): {:?} ({:?} with the grammars still to load); \
         picture decoded + encoded off the UI thread: {:?}; frame with the picture: {:?}; \
         page down through the blocks: {:?} (medians of {rounds})",
        median(open),
        cold.unwrap_or_default(),
        median(decode),
        median(with_picture),
        median(pages)
    );
}
