//! Pictures for the note pane, decoded and scaled off the UI thread.
//!
//! The app asks for a picture by file and box size ([`PictureKey`]); a
//! worker thread reads and decodes it (with size limits, so a hostile file
//! cannot take the memory), scales it to the box and encodes it for the
//! terminal's graphics protocol (kitty, iTerm2, sixel, or Unicode half
//! blocks), and hands the result back ([`Loaded`]). The protocol is picked
//! once, by asking the terminal ([`picker`]), the first time a picture is wanted.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::Resize;

/// Files larger than this are not read: a picture in notes is a few MB at most.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Decoded pictures are held to this many bytes (a 8K by 4K RGBA picture).
const MAX_DECODED_BYTES: u64 = 8192 * 4096 * 4;

/// A picture as the note pane wants it: which file, and the most cells it
/// may take (the pane's width, a bound on its height); the picture takes
/// fewer when it is small or of another shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureKey {
    pub path: PathBuf,
    pub columns: u16,
    pub rows: u16,
}

/// A decoded picture, encoded for the terminal and sized to its box.
#[derive(Clone)]
pub struct Picture(pub Arc<Protocol>);

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Picture")
    }
}

impl PartialEq for Picture {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What became of a picture asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub key: PictureKey,
    /// The picture, or why there is none, for the reader.
    pub result: Result<Picture, String>,
}

/// The terminal's graphics protocol and font size, asked of the terminal.
/// Call it in raw mode, while nothing else reads input: it writes queries
/// and reads the answers (half blocks when the terminal gives none).
pub fn picker() -> Picker {
    let picker = Picker::from_query_stdio().unwrap_or_else(|_| Picker::halfblocks());
    if picker.capabilities().is_empty() {
        release_query_reader();
    }
    picker
}

/// When the query gave up waiting (which it does not say), its reader still
/// waits on stdin and would take the next key typed: the answers never came
/// (inside tmux they are wrapped for the terminal outside, which may not
/// pass them on). A status request sent bare, which every terminal and tmux
/// itself answer, ends it. A terminal that answered but named no
/// capability is asked too: its answer reaches the input reader, which
/// drops what it cannot parse.
fn release_query_reader() {
    use std::io::Write as _;
    let mut out = std::io::stdout();
    // Nothing to do if it fails: the terminal is then gone too.
    let _ = out.write_all(b"\x1b[5n").and_then(|()| out.flush());
}

/// The worker: requests in, loaded pictures out.
pub struct PictureLoader {
    requests: Sender<PictureKey>,
    loaded: Receiver<Loaded>,
    pub in_flight: usize,
    /// Requests no thread will answer (none could be started), answered here.
    refused: Vec<Loaded>,
}

impl PictureLoader {
    /// Starts the decoding thread; `loaded` is called after each picture,
    /// when it is there to [`take`](Self::take).
    pub fn start(picker: Picker, loaded_one: impl Fn() + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel::<PictureKey>();
        let (outbox, loaded) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("pictures".into()).spawn(move || {
            for key in inbox {
                let result = load(&picker, &key);
                if outbox.send(Loaded { key, result }).is_err() {
                    return;
                }
                loaded_one();
            }
        });
        // Without the thread its inbox is gone, and every request is refused below.
        drop(spawned);
        Self { requests, loaded, in_flight: 0, refused: Vec::new() }
    }

    pub fn ask(&mut self, key: PictureKey) {
        match self.requests.send(key) {
            Ok(()) => self.in_flight += 1,
            Err(mpsc::SendError(key)) => {
                self.refused.push(Loaded { key, result: Err("no thread to decode pictures on".into()) })
            }
        }
    }

    /// Pictures loaded since last time.
    pub fn take(&mut self) -> Vec<Loaded> {
        let loaded: Vec<Loaded> = self.loaded.try_iter().collect();
        self.in_flight = self.in_flight.saturating_sub(loaded.len());
        let mut all = std::mem::take(&mut self.refused);
        all.extend(loaded);
        all
    }
}

/// Reads, decodes and encodes one picture.
pub fn load(picker: &Picker, key: &PictureKey) -> Result<Picture, String> {
    let size = std::fs::metadata(&key.path).map_err(|e| reason(&e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("{} MB, too large to show", size / (1024 * 1024)));
    }
    let mut reader = image::ImageReader::open(&key.path).map_err(|e| reason(&e))?;
    reader = reader.with_guessed_format().map_err(|e| reason(&e))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Unsupported(_) => "not a picture this build can show (PNG, JPEG, GIF, WebP)".to_string(),
        image::ImageError::Limits(_) => "too large to show".to_string(),
        other => format!("cannot be decoded: {other}"),
    })?;
    let (columns, rows) = picture_cells((image.width(), image.height()), cell_pixels(picker), key.columns, key.rows);
    let area = Rect::new(0, 0, columns, rows);
    // Scaled (up or down) to the cells worked out above, which already keep
    // a small picture small: `Fit` would never scale up, leaving a small
    // picture a few cells wide however much room it has.
    let protocol =
        picker.new_protocol(image, area, Resize::Scale(None)).map_err(|e| format!("cannot be shown: {e}"))?;
    Ok(Picture(Arc::new(protocol)))
}

/// How many of a picture's pixels one cell shows at the most, across and
/// down: half blocks show one across and two down; a graphics protocol
/// shows the font's cell in pixels, and up to twice the picture's own size
/// is allowed there (as a browser shows it on a high-density screen), so a
/// cell takes half a cell's pixels.
fn cell_pixels(picker: &Picker) -> (u32, u32) {
    if picker.protocol_type() == ProtocolType::Halfblocks {
        return (1, 2);
    }
    let (width, height) = picker.font_size();
    ((u32::from(width) / 2).max(1), (u32::from(height) / 2).max(1))
}

/// The cells a picture of `pixels` takes: its own size (each cell showing
/// `cell` pixels), scaled down to fit `columns` by `most_rows` with its
/// shape kept, never up, at least one cell each way.
pub fn picture_cells(pixels: (u32, u32), cell: (u32, u32), columns: u16, most_rows: u16) -> (u16, u16) {
    let (width, height) = (f64::from(pixels.0.max(1)), f64::from(pixels.1.max(1)));
    let (cell_width, cell_height) = (f64::from(cell.0.max(1)), f64::from(cell.1.max(1)));
    let scale = (f64::from(columns) * cell_width / width).min(f64::from(most_rows) * cell_height / height).min(1.0);
    let cells = |pixels: f64, per_cell: f64, most: u16| {
        // Between 1 and `most`, so the cast cannot overflow.
        (pixels * scale / per_cell).round().clamp(1.0, f64::from(most.max(1))) as u16
    };
    (cells(width, cell_width, columns), cells(height, cell_height, most_rows))
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "not readable".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(path: &std::path::Path, width: u32, height: u32) {
        let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 8) as u8, (y * 8) as u8, 128]));
        image.save(path).expect("png written");
    }

    #[test]
    fn a_picture_fits_its_box_in_half_blocks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("chart.png");
        png(&path, 64, 32);
        let key = PictureKey { path, columns: 20, rows: 10 };
        let picture = load(&Picker::halfblocks(), &key).expect("loads");
        let area = picture.0.area();
        assert!(area.width <= 20 && area.height <= 10 && area.width > 0, "{area:?}");
    }

    #[test]
    fn a_small_picture_keeps_its_size_and_a_large_one_fits_the_box_with_its_shape() {
        // Half blocks: a pixel across, two down per cell.
        assert_eq!(picture_cells((40, 30), (1, 2), 100, 40), (40, 15), "small: its own size");
        assert_eq!(picture_cells((1600, 900), (1, 2), 100, 40), (100, 28), "wide: the width");
        assert_eq!(picture_cells((600, 1200), (1, 2), 100, 30), (30, 30), "tall: the height bound");
        assert_eq!(picture_cells((5000, 2), (1, 2), 80, 30), (80, 1), "a line stays a row");
        // A font of 10 by 20 pixels, shown up to twice the picture's size.
        assert_eq!(picture_cells((100, 100), (5, 10), 100, 40), (20, 10));
    }

    #[test]
    fn a_small_picture_is_not_blown_up_to_the_box() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("icon.png");
        png(&path, 16, 16);
        let key = PictureKey { path, columns: 80, rows: 30 };
        let area = load(&Picker::halfblocks(), &key).expect("loads").0.area();
        assert_eq!((area.width, area.height), (16, 8));
    }

    #[test]
    fn missing_and_broken_files_say_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = |name: &str| PictureKey { path: dir.path().join(name), columns: 20, rows: 10 };
        assert_eq!(load(&Picker::halfblocks(), &key("none.png")), Err("no such file".into()));
        std::fs::write(dir.path().join("text.png"), "not a picture").expect("write");
        let broken = load(&Picker::halfblocks(), &key("text.png")).expect_err("fails");
        assert!(broken.contains("not a picture") || broken.contains("decoded"), "{broken}");
    }

    #[test]
    fn the_worker_answers_each_request() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.png");
        png(&path, 16, 16);
        let mut loader = PictureLoader::start(Picker::halfblocks(), || {});
        loader.ask(PictureKey { path, columns: 10, rows: 5 });
        let mut got = Vec::new();
        for _ in 0..500 {
            got.extend(loader.take());
            if !got.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(got.len(), 1);
        assert!(got[0].result.is_ok());
        assert_eq!(loader.in_flight, 0);
    }
}
