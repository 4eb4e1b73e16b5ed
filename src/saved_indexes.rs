//! The indexes built from a collection (related notes and the problems
//! found with them, full text, finder), saved in the data directory beside
//! the notes' index ([`crate::notes::cache`]) so that an unchanged
//! collection is searchable and related as soon as it is read, instead of
//! seconds later.
//!
//! The file is keyed by the notes index's [`fingerprint`](crate::notes::cache::fingerprint)
//! (this build, the folder, every file's size and time): indexes of other
//! files are never used. postcard, as the notes' index: measured on 10,000
//! notes it writes and decodes these indexes in a few milliseconds, where a
//! rebuild takes most of a second. The full text and the finder are written
//! first, straight to the file as they are made, never held encoded as
//! well, while the related index is still being built; it is encoded as
//! soon as it is built (the app owns it after) and written last. The file
//! ends with a CRC-32, like the notes' index. Layout 3 lays the finder flat
//! (`Finder::write_saved`), as the notes' index lays the notes; layout 4
//! the related index's lists per note; layout 6 puts the related index last.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::app::SearchIndexes;
use crate::diagnostic::Diagnostic;
use crate::notes::checked_file;
use crate::relate::RelatedIndex;
use crate::search::{Finder, SearchIndex};

/// The first bytes of the file: what it is and the layout's version.
const MAGIC: &[u8; 8] = b"cnsix\x00\x00\x06";

/// Where the indexes of one collection are saved, and the fingerprint of
/// the files they are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub fingerprint: u64,
}

impl Place {
    /// Beside the notes' index at `notes_index`.
    pub fn beside(notes_index: &Path, fingerprint: u64) -> Self {
        Self { path: path_beside(notes_index), fingerprint }
    }
}

/// The file the indexes of the collection whose notes' index is at `notes_index` are saved in.
pub fn path_beside(notes_index: &Path) -> PathBuf {
    let mut name = notes_index.file_name().unwrap_or_default().to_os_string();
    name.push(".search");
    notes_index.with_file_name(name)
}

/// Indexes read back from a saved file.
pub struct Loaded {
    pub related: RelatedIndex,
    pub problems: Vec<Diagnostic>,
    pub search: SearchIndexes,
}

/// The related index and its problems, encoded.
pub struct RelatedBytes(Vec<u8>);

/// Encodes the related index and the problems found with it, to save once
/// the search indexes are built too.
pub fn encode_related(related: &RelatedIndex, problems: &[Diagnostic]) -> Option<RelatedBytes> {
    encode(&(related, problems)).map(RelatedBytes)
}

/// Sized first: a buffer grown as it is written holds up to twice the
/// bytes it needs, tens of MB more at 100,000 notes, at the peak of a load.
fn encode(value: &impl serde::Serialize) -> Option<Vec<u8>> {
    let size = postcard::experimental::serialized_size(value).ok()?;
    postcard::to_extend(value, Vec::with_capacity(size)).ok()
}

/// Writes the encoded related index and `search` at `place`, replacing the
/// file whole and private to the user, as the notes' index.
pub fn save(place: &Place, related: &RelatedBytes, search: &SearchIndexes) -> io::Result<()> {
    save_as_made(place, &search.text, &search.finder, || Some(related)).0
}

/// The related index as saved: encoded already, or the index and its
/// problems, encoded as they are written.
pub trait RelatedPart {
    fn write(&self, out: &mut dyn io::Write) -> io::Result<()>;
}

impl RelatedPart for &RelatedBytes {
    fn write(&self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(&self.0)
    }
}

/// The bytes [`encode_related`] gives, never held whole.
impl RelatedPart for (RelatedIndex, Vec<Diagnostic>) {
    fn write(&self, mut out: &mut dyn io::Write) -> io::Result<()> {
        checked_file::encode(&mut out, &(&self.0, &self.1))
    }
}

/// Writes `text` and `finder` at `place`, then the related index `related`
/// gives, waited for: the search indexes are written while the related
/// index is still being built on another thread, so that little is left to
/// write once it is. Nothing is saved when `related` gives none. The
/// indexes are encoded as they are written: at 100,000 notes their encoded
/// bytes are tens of MB that would otherwise sit in memory beside them.
/// Gives back what `related` gave, saved or not.
pub fn save_as_made<R: RelatedPart>(
    place: &Place,
    text: &SearchIndex,
    finder: &Finder,
    related: impl FnOnce() -> Option<R>,
) -> (io::Result<()>, Option<R>) {
    let mut given = None;
    let saved = checked_file::save(&place.path, MAGIC, |out| {
        out.write_all(&place.fingerprint.to_le_bytes())?;
        checked_file::encode(out, text)?;
        finder.write_saved(out)?;
        // Handed to the file now, not once the related index is there.
        out.flush()?;
        let related = related().ok_or_else(|| io::Error::other("no related index to save"))?;
        given.insert(related).write(out)
    });
    (saved, given)
}

/// The indexes saved at `place`, when they were built from the files its
/// fingerprint names and the file is whole; `None` otherwise.
///
/// Decoded from memory (the file mapped, `checked_file::Mapped`), not
/// through a reader: postcard decodes ten times faster from memory (10 ms
/// against 95 for 10,000 notes).
pub fn load(place: &Place) -> Option<Loaded> {
    read(&place.path, Some(place.fingerprint)).map(|(_, loaded)| loaded)
}

/// The indexes saved at `path`, whatever files they were built from, and
/// the fingerprint of those files: read while the files are stamped, to be
/// used if the fingerprint turns out to be theirs.
pub fn load_any(path: &Path) -> Option<(u64, Loaded)> {
    read(path, None)
}

/// The indexes saved at `path` and their fingerprint, when it is `wanted` (if given).
fn read(path: &Path, wanted: Option<u64>) -> Option<(u64, Loaded)> {
    let bytes = checked_file::Mapped::open(path)?;
    let head = bytes.get(..MAGIC.len() + 8)?;
    let fingerprint = u64::from_le_bytes(head[MAGIC.len()..].try_into().ok()?);
    if head[..MAGIC.len()] != *MAGIC || wanted.is_some_and(|wanted| wanted != fingerprint) {
        return None;
    }
    let body = bytes.payload(MAGIC)?.get(8..)?;
    // Each index's pages let go once it is decoded: not all of the file
    // is held beside all that is decoded from it.
    let (text, rest) = postcard::take_from_bytes::<SearchIndex>(body).ok()?;
    bytes.let_go_before(rest.as_ptr());
    let (finder, rest) = Finder::read_saved(rest, &|decoded| bytes.let_go(decoded))?;
    let ((related, problems), rest) = postcard::take_from_bytes::<(RelatedIndex, Vec<Diagnostic>)>(rest).ok()?;
    // Only what this code writes: nothing after the related index.
    rest.is_empty().then_some((fingerprint, Loaded { related, problems, search: SearchIndexes { finder, text } }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{cache, load_folder_stamped};
    use crate::test_fixtures::folder;
    use std::fs;

    fn saved(root: &Path, data: &Path) -> (crate::notes::Collection, Place) {
        let (collection, stamps) = load_folder_stamped(root).expect("loads");
        let place = Place::beside(&data.join("notes.index"), cache::fingerprint(root, &stamps));
        let related = RelatedIndex::build(&collection);
        let problems = crate::check::problems(&collection, &related);
        let search = SearchIndexes::build(&collection);
        let related = encode_related(&related, &problems).expect("encodes");
        save(&place, &related, &search).expect("saves");
        (collection, place)
    }

    const NOTES: [(&str, &str); 3] = [
        ("2019-x/a.md", "---\ntitle: Alpha tracing\ntopics: [observability]\n---\nSpans and traces.\n"),
        ("2022-y/b.md", "---\ntitle: Beta tracing\ntopics: [observability]\n---\nMore spans, [broken](nope.md).\n"),
        ("2022-y/c.md", "# Gamma\n\nNothing alike.\n"),
    ];

    #[test]
    fn saved_indexes_answer_as_the_built_ones() {
        let notes = folder(&NOTES);
        let data = tempfile::tempdir().expect("temp dir");
        let (collection, place) = saved(notes.path(), data.path());
        let loaded = load(&place).expect("the saved indexes match");
        let built = RelatedIndex::build(&collection);
        for n in 0..collection.notes.len() {
            assert_eq!(loaded.related.related(&collection, n), built.related(&collection, n));
        }
        assert_eq!(loaded.problems, crate::check::problems(&collection, &built));
        assert!(!loaded.problems.is_empty(), "the broken link is among them");
        let fresh = SearchIndexes::build(&collection);
        assert_eq!(loaded.search.text.search(&collection, "spans", 10), fresh.text.search(&collection, "spans", 10));
        assert_eq!(loaded.search.finder.query("tracing", 10), fresh.finder.query("tracing", 10));
        assert_eq!(loaded.search.finder.query("tracing", 10).len(), 2);
    }

    #[test]
    fn the_search_indexes_are_written_before_the_related_index_is_waited_for_and_nothing_is_saved_without_it() {
        let notes = folder(&NOTES);
        let data = tempfile::tempdir().expect("temp dir");
        let (collection, place) = saved(notes.path(), data.path());
        let search = SearchIndexes::build(&collection);
        let related = RelatedIndex::build(&collection);
        let related = encode_related(&related, &crate::check::problems(&collection, &related)).expect("encodes");
        // The related index given once the file holds the search indexes.
        let written_before = std::cell::Cell::new(0);
        let given = || {
            let temp = fs::read_dir(data.path()).expect("lists").flatten().filter(|f| f.path() != place.path);
            written_before.set(temp.filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum());
            Some(&related)
        };
        fs::remove_file(&place.path).expect("removes");
        save_as_made(&place, &search.text, &search.finder, given).0.expect("saves");
        assert!(written_before.get() > 0, "nothing written before the related index was asked for");
        let loaded = load(&place).expect("the saved indexes match");
        assert_eq!(loaded.search.finder.query("tracing", 10), search.finder.query("tracing", 10));
        // No related index: no file, and none half written.
        fs::remove_file(&place.path).expect("removes");
        let none = || None::<&RelatedBytes>;
        assert!(save_as_made(&place, &search.text, &search.finder, none).0.is_err());
        assert_eq!(fs::read_dir(data.path()).expect("lists").count(), 0, "a file left behind");
    }

    #[test]
    fn indexes_of_other_files_are_not_used() {
        let notes = folder(&NOTES);
        let data = tempfile::tempdir().expect("temp dir");
        let (_, place) = saved(notes.path(), data.path());
        fs::write(notes.path().join("2022-y/c.md"), "# Gamma, edited\n").expect("edit");
        let stamps = crate::notes::stamp_folder(notes.path()).expect("stamps");
        let now = Place::beside(&data.path().join("notes.index"), cache::fingerprint(notes.path(), &stamps));
        assert_ne!(now, place);
        assert!(load(&now).is_none());
    }

    #[test]
    fn a_damaged_file_is_not_used() {
        let notes = folder(&NOTES);
        let data = tempfile::tempdir().expect("temp dir");
        let (_, place) = saved(notes.path(), data.path());
        let bytes = fs::read(&place.path).expect("read");
        for len in [0, 8, 16, bytes.len() / 2, bytes.len() - 1] {
            fs::write(&place.path, &bytes[..len]).expect("write");
            assert!(load(&place).is_none(), "cut to {len} of {} bytes", bytes.len());
        }
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x55;
        fs::write(&place.path, &flipped).expect("write");
        assert!(load(&place).is_none(), "a changed byte is caught");
    }

    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let notes = folder(&NOTES);
        let data = tempfile::tempdir().expect("temp dir");
        let (_, place) = saved(notes.path(), data.path());
        let mode = fs::metadata(&place.path).expect("saved").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
