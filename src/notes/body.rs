//! A note's text, held in memory or read from its file when first asked
//! for.
//!
//! The saved index ([`super::cache`]) keeps where each note's text is in its
//! file, and a hash of it, instead of the text: decoding every note's text
//! was most of a warm start, and most notes are never opened in a session.
//! A note read from the index gets its text from the file the first time
//! something needs it (the note pane, a search hit, an index built again),
//! and keeps it.
//!
//! The file may have changed since the index was made (the watcher reports
//! it a moment later): the text read is checked against the hash, and a
//! text that differs is refused with the file named, never shown as the
//! note's.

use std::borrow::Cow;
use std::num::NonZeroU64;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::date::{find_date_in_first_lines, PartialDate};

/// Files up to this size are kept after a read, on the reading thread, for
/// the next note of the same file.
const LAST_FILE_UP_TO: usize = 16 << 20;

thread_local! {
    /// The file last read on this thread for a note's text: its path, size
    /// and time when read, and decoded text.
    static LAST_FILE: std::cell::RefCell<Option<(std::path::PathBuf, ReadAs, String)>> = const { std::cell::RefCell::new(None) };
}

/// A note's Markdown (after the front matter; a section-note's section).
#[derive(Clone)]
pub struct Body {
    /// A `Box<str>`, not a `String`: 8 bytes less a note, and a text is
    /// never grown once read.
    text: OnceLock<Box<str>>,
    /// Where the text is in its file's decoded text, when it is a piece of it.
    at: Option<Span>,
    /// The text's hash, as [`crate::state::content_hash`] works it out.
    hash: OnceLock<u64>,
    /// The date written in the text's first lines, which [`super::refresh`]
    /// compares with an edit's without reading the old text again.
    date: OnceLock<Option<PartialDate>>,
    /// The size and modification time ([`super::FileStamp`]'s) of the file
    /// when the text was read and let go, as a [`digest`]: while the file
    /// still has them, a text read again is the same and is not hashed
    /// again to be sure. A digest, not the pair: the pair's 128-bit time
    /// made every note 48 bytes larger (5 MiB at 100,000 notes). Never 0
    /// (see [`digest`]), so that `None` takes no room of its own.
    read_as: Option<NonZeroU64>,
}

/// A file version ([`ReadAs`]) in 64 bits: two versions have the same
/// digest once in 2^64 (SipHash), and only then would a changed text be
/// taken without its hash checked.
fn digest(version: ReadAs) -> NonZeroU64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    // 0 taken as 1: one more digest shared, as rare as any other pair.
    NonZeroU64::new(BuildHasherDefault::<DefaultHasher>::default().hash_one(version)).unwrap_or(NonZeroU64::MIN)
}

/// A file's size and modification time in nanoseconds: its
/// [`super::FileStamp::version`].
pub(crate) type ReadAs = (u64, i128);

/// A piece of a file's text, perhaps with a line end added (a section-note
/// ends with exactly one). In 32 bits, as nearly every file is smaller than
/// 4 GiB (12 bytes a note, not 24): a piece of a larger one has no span and
/// keeps its text. Saved as before: postcard writes both widths alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Span {
    start: u32,
    end: u32,
    newline: bool,
}

/// Why a note's text could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The file no longer holds the text the note was read from.
    #[error("{0}: changed on disk since it was read")]
    Changed(String),
    #[error("{0}: could not be read: {1}")]
    Unreadable(String, String),
}

impl Body {
    /// A text held in memory, from nowhere in particular.
    pub fn new(text: String) -> Self {
        Self { text: OnceLock::from(text.into_boxed_str()), ..Self::default() }
    }

    /// `piece` of `file` (the file's whole decoded text), with a line end
    /// after it when `newline`: held, and known by its place for the index.
    pub(super) fn piece(file: &str, piece: &str, newline: bool) -> Self {
        // Sized for the line end: pushed onto an exact copy, it moved the
        // whole text again (a note's text is copied once per load as it is).
        let mut text = String::with_capacity(piece.len() + usize::from(newline));
        text.push_str(piece);
        if newline {
            text.push('\n');
        }
        Self { at: span_in(file, piece).and_then(|range| Span::new(range, newline)), ..Self::new(text) }
    }

    /// The text when it is in memory, without reading anything.
    pub fn loaded(&self) -> Option<&str> {
        self.text.get().map(|text| &**text)
    }

    /// The text: in memory, or read from `file` under `root` (its path as
    /// messages name it: `display`) and kept.
    pub fn text(&self, root: Option<&Path>, file: &str, display: impl Fn() -> String) -> Result<&str, BodyError> {
        if let Some(text) = self.text.get() {
            return Ok(text);
        }
        let read = self.read_from_file(root, file, display)?;
        Ok(self.text.get_or_init(|| read.into_boxed_str()))
    }

    /// The text, as [`text`](Self::text) has it, but not kept when it had to
    /// be read: an index built over every note reads each text once and lets
    /// it go, so that no more than a few texts are in memory at a time.
    pub fn read(
        &self,
        root: Option<&Path>,
        file: &str,
        display: impl Fn() -> String,
    ) -> Result<Cow<'_, str>, BodyError> {
        match self.text.get() {
            Some(text) => Ok(Cow::Borrowed(&**text)),
            None => self.read_from_file(root, file, display).map(Cow::Owned),
        }
    }

    /// Works out the hash of each text in memory not hashed yet, several
    /// at once ([`crate::state::content_hash_numbers`]): a load that lets
    /// every text go hashes them all first.
    pub fn hash_all<'a>(bodies: impl Iterator<Item = &'a Body>) {
        let unhashed: Vec<(&OnceLock<u64>, &str)> = bodies
            .filter(|body| body.hash.get().is_none())
            .filter_map(|body| Some((&body.hash, &**body.text.get()?)))
            .collect();
        let texts: Vec<&str> = unhashed.iter().map(|&(_, text)| text).collect();
        for ((cell, _), hash) in unhashed.iter().zip(crate::state::content_hash_numbers(&texts)) {
            // Set just now by no one else: the cell is this body's.
            let _ = cell.set(hash);
        }
    }

    /// Lets the text go when it can be read again from its file (its place
    /// and hash known), keeping what is known of it without reading it: a
    /// collection read from every file then holds no more texts than one
    /// loaded from the saved index. `read_as`: the file's size and time
    /// when it was read.
    pub(super) fn unload(&mut self, read_as: Option<ReadAs>) {
        if self.at.is_none() {
            return;
        }
        if self.hash().is_some() && self.first_lines_date().is_some() {
            self.text = OnceLock::new();
            self.read_as = read_as.map(digest);
        }
    }

    /// The text read from `file` under `root`, checked against the hash.
    fn read_from_file(
        &self,
        root: Option<&Path>,
        file: &str,
        display: impl Fn() -> String,
    ) -> Result<String, BodyError> {
        let (Some(at), Some(root)) = (&self.at, root) else {
            return Err(BodyError::Changed(display()));
        };
        let path = root.join(file);
        let matches =
            |read: &String| self.hash.get().is_none_or(|&hash| hash == crate::state::content_hash_number(read));
        // The file last read on this thread first, while its size and time
        // are those it was read with: a file of many talks is read once for
        // all of them, not once for each.
        let stamp = |meta: &std::fs::Metadata| super::FileStamp::of(meta).version();
        let cached = LAST_FILE.with_borrow(|last| {
            let (_, when, whole) = last.as_ref().filter(|(p, _, _)| *p == path)?;
            let now = std::fs::metadata(&path).ok().map(|meta| stamp(&meta));
            now.filter(|now| now == when).and_then(|_| at.of(whole))
        });
        match cached.filter(matches) {
            Some(read) => Ok(read),
            None => {
                let unreadable = |e: std::io::Error| BodyError::Unreadable(display(), e.to_string());
                let mut opened = std::fs::File::open(&path).map_err(unreadable)?;
                let meta = opened.metadata().map_err(unreadable)?;
                let when = stamp(&meta);
                // The file as it was when the text was let go: no need to hash it.
                let unchanged = self.read_as == Some(digest(when));
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut opened, &mut bytes).map_err(unreadable)?;
                let mut ignored = Vec::new();
                // The bytes become the text without a copy when they are all
                // of it (valid UTF-8, perhaps after a byte-order mark).
                let decoded = super::source::decode(&bytes, file, &mut ignored).map(|text| match text {
                    Cow::Borrowed(text) => Err(bytes.len() - text.len()),
                    Cow::Owned(text) => Ok(text),
                });
                let whole = match decoded {
                    None => None,
                    Some(Ok(text)) => Some(text),
                    Some(Err(mark)) => {
                        bytes.drain(..mark);
                        String::from_utf8(bytes).ok()
                    }
                };
                let read = whole.as_deref().and_then(|whole| at.of(whole));
                if let Some(whole) = whole.filter(|w| w.len() <= LAST_FILE_UP_TO) {
                    LAST_FILE.set(Some((path, when, whole)));
                }
                read.filter(|read| unchanged || matches(read)).ok_or_else(|| BodyError::Changed(display()))
            }
        }
    }

    /// The text's hash ([`crate::state::content_hash`]'s number), known
    /// without reading the file when the note came from the index.
    pub fn hash(&self) -> Option<u64> {
        if let Some(&hash) = self.hash.get() {
            return Some(hash);
        }
        self.text.get().map(|text| *self.hash.get_or_init(|| crate::state::content_hash_number(text)))
    }

    /// The date written in the first lines, known without reading the
    /// file when the note came from the index.
    pub fn first_lines_date(&self) -> Option<Option<PartialDate>> {
        if let Some(&date) = self.date.get() {
            return Some(date);
        }
        self.text.get().map(|text| *self.date.get_or_init(|| find_date_in_first_lines(text, 3)))
    }
}

/// An empty text, in memory.
impl Default for Body {
    fn default() -> Self {
        Self {
            text: OnceLock::from(Box::default()),
            at: None,
            hash: OnceLock::new(),
            date: OnceLock::new(),
            read_as: None,
        }
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Self {
        Self::new(text.to_string())
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.text.get() {
            Some(text) => text.fmt(f),
            None => write!(f, "<on disk: {:?}>", self.at),
        }
    }
}

impl Span {
    /// `None` past 4 GiB.
    fn new(range: Range<usize>, newline: bool) -> Option<Self> {
        Some(Self { start: u32::try_from(range.start).ok()?, end: u32::try_from(range.end).ok()?, newline })
    }

    /// This piece of `whole`, when `whole` still has it.
    fn of(&self, whole: &str) -> Option<String> {
        let range = usize::try_from(self.start).ok()?..usize::try_from(self.end).ok()?;
        let piece = whole.get(range)?;
        let mut text = String::with_capacity(piece.len() + usize::from(self.newline));
        text.push_str(piece);
        if self.newline {
            text.push('\n');
        }
        Some(text)
    }
}

/// Where `piece`, a slice of `whole`, lies in it.
fn span_in(whole: &str, piece: &str) -> Option<Range<usize>> {
    let start = (piece.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start + piece.len();
    (end <= whole.len()).then_some(start..end)
}

/// A body as the index holds it: where it is and its hash, or the text
/// itself when it is no piece of a file.
#[derive(Serialize, Deserialize)]
enum Saved {
    Text(String),
    At { at: Span, hash: u64, date: Option<PartialDate> },
}

impl Serialize for Body {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let placed = self.at.clone().and_then(|at| Some((at, self.hash()?, self.first_lines_date()?)));
        match placed {
            Some((at, hash, date)) => Saved::At { at, hash, date }.serialize(serializer),
            None => Saved::Text(self.text.get().map(|text| text.to_string()).unwrap_or_default()).serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Saved::deserialize(deserializer)? {
            Saved::Text(text) => Self::new(text),
            Saved::At { at, hash, date } => Self {
                text: OnceLock::new(),
                at: Some(at),
                hash: OnceLock::from(hash),
                date: OnceLock::from(date),
                read_as: None,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved_and_back(body: &Body) -> Body {
        postcard::from_bytes(&postcard::to_stdvec(body).expect("encodes")).expect("decodes")
    }

    #[test]
    fn a_piece_of_a_file_is_saved_without_its_text_and_read_back_from_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = "---\ntitle: A\n---\nThe talk, 2024-05-02.\n## Part\nmore\n";
        std::fs::write(dir.path().join("a.md"), file).expect("write");
        let body = Body::piece(file, &file[17..], false);
        let bytes = postcard::to_stdvec(&body).expect("encodes");
        assert!(!bytes.windows(8).any(|w| w == b"The talk"), "the text is not in the index");
        let back = saved_and_back(&body);
        assert_eq!(back.loaded(), None, "nothing read yet");
        assert_eq!(back.hash(), body.hash());
        assert_eq!(back.first_lines_date(), Some(PartialDate::parse("2024-05-02")));
        assert_eq!(back.text(Some(dir.path()), "a.md", || "a.md".into()), Ok(&file[17..]));
        assert_eq!(back.loaded(), Some(&file[17..]), "kept once read");
    }

    #[test]
    fn a_text_let_go_is_read_again_unhashed_only_while_its_file_keeps_the_size_and_time_it_was_read_with() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        let file = "# Alpha\n\nFirst words.\n";
        std::fs::write(&path, file).expect("write");
        let stamp = || super::super::FileStamp::of(&std::fs::metadata(&path).expect("stat")).version();
        let mut body = Body::piece(file, file, false);
        body.unload(Some(stamp()));
        assert_eq!(body.loaded(), None);
        let display = || "a.md".to_string();
        assert_eq!(body.read(Some(dir.path()), "a.md", display).as_deref(), Ok(file));
        assert_eq!(body.loaded(), None, "read, not kept");
        // Other words, same length, another time: hashed, and refused.
        let then = std::fs::metadata(&path).and_then(|m| m.modified()).expect("time");
        std::fs::write(&path, "# Alpha\n\nOther words.\n").expect("edit");
        let later = then + std::time::Duration::from_secs(3);
        std::fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(later)).expect("touch");
        assert_eq!(body.read(Some(dir.path()), "a.md", display), Err(BodyError::Changed("a.md".into())));
        // Put back at the size and time it was read with, the file is taken
        // as unchanged without hashing it (as the saved index takes its files).
        std::fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(then)).expect("touch");
        assert_eq!(body.read(Some(dir.path()), "a.md", display).as_deref(), Ok("# Alpha\n\nOther words.\n"));
    }

    #[test]
    fn a_section_keeps_its_added_line_end() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = "# Day\n## A talk\ntext   \n\n## Next\n";
        std::fs::write(dir.path().join("day.md"), file).expect("write");
        let section = file[6..file.find("## Next").expect("heading")].trim_end();
        let body = Body::piece(file, section, true);
        let back = saved_and_back(&body);
        assert_eq!(back.text(Some(dir.path()), "day.md", || "day.md".into()), Ok("## A talk\ntext\n"));
    }

    #[test]
    fn a_file_changed_since_is_refused_with_its_name_never_shown_as_the_note() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = "# Alpha\n\nFirst words.\n";
        std::fs::write(dir.path().join("a.md"), file).expect("write");
        let back = saved_and_back(&Body::piece(file, file, false));
        // Same length, other words: only the hash tells them apart.
        std::fs::write(dir.path().join("a.md"), "# Alpha\n\nOther words.\n").expect("edit");
        let display = || "/notes/a.md".to_string();
        assert_eq!(back.text(Some(dir.path()), "a.md", display), Err(BodyError::Changed("/notes/a.md".into())));
        assert_eq!(back.loaded(), None);
        std::fs::write(dir.path().join("a.md"), "# A\n").expect("shorter");
        assert!(matches!(back.text(Some(dir.path()), "a.md", display), Err(BodyError::Changed(_))));
        std::fs::remove_file(dir.path().join("a.md")).expect("remove");
        let gone = back.text(Some(dir.path()), "a.md", display);
        assert!(matches!(&gone, Err(BodyError::Unreadable(file, _)) if file == "/notes/a.md"), "{gone:?}");
        assert!(gone.unwrap_err().to_string().starts_with("/notes/a.md: "));
    }

    #[test]
    fn talks_of_one_file_are_read_from_it_once_and_a_change_since_is_still_caught() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = "# Day\n## One\nfirst\n## Two\nsecond\n## Three\nthird\n";
        std::fs::write(dir.path().join("day.md"), file).expect("write");
        let piece = |from: &str, to: &str| {
            let start = file.find(from).expect("start");
            let end = file.find(to).unwrap_or(file.len());
            saved_and_back(&Body::piece(file, &file[start..end], false))
        };
        let (one, two, three) = (piece("## One", "## Two"), piece("## Two", "## Three"), piece("## Three", "\0"));
        let display = || "day.md".to_string();
        assert_eq!(one.text(Some(dir.path()), "day.md", display), Ok("## One\nfirst\n"));
        // The second talk changed since: the file this thread read a moment ago
        // still holds its old text, which must not be taken for the note.
        std::fs::write(dir.path().join("day.md"), file.replace("second", "second, edited")).expect("edit");
        assert_eq!(two.text(Some(dir.path()), "day.md", display), Err(BodyError::Changed("day.md".into())));
        std::fs::write(dir.path().join("day.md"), file).expect("as it was");
        assert_eq!(three.text(Some(dir.path()), "day.md", display), Ok("## Three\nthird\n"));
        // Removed: the text kept from it is not used either.
        std::fs::remove_file(dir.path().join("day.md")).expect("remove");
        let gone = piece("## Three", "\0");
        assert!(matches!(gone.text(Some(dir.path()), "day.md", display), Err(BodyError::Unreadable(..))));
    }

    #[test]
    fn a_text_of_no_file_is_saved_whole() {
        let back = saved_and_back(&Body::new("Held.\n".into()));
        assert_eq!(back.loaded(), Some("Held.\n"));
    }

    #[test]
    fn the_hash_is_the_states_content_hash() {
        let body = Body::new("Some text.\n".into());
        assert_eq!(
            body.hash().map(crate::state::format_content_hash),
            Some(crate::state::content_hash("Some text.\n"))
        );
    }
}
