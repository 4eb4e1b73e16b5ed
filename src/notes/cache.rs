//! The saved index of a collection folder: the loaded [`Collection`] kept in
//! the data directory, so a large collection opens without reading and
//! parsing every note again.
//!
//! It is keyed by the folder as given, by the binary that wrote it, and by
//! every file's path, size and modification time; it is used only when all
//! of them match. On any doubt (unreadable, written by another build, a file
//! added, removed or touched) the caller loads the folder from scratch and
//! saves a new one. Losing the file loses nothing but time.
//!
//! Notes' texts are not in it: each note keeps where its text is in its file
//! and a hash of it ([`super::Body`]), and reads it when first asked for.
//! Decoding every note's text was most of a warm start, and most notes are
//! never opened in a session.
//!
//! Without the texts the file is small, and it is read whole and decoded
//! from memory. A CRC-32 of everything before it ends the file: the index
//! is not synced to disk (it is only a cache), and after a crash a block of
//! zeros inside a title would still decode.
//!
//! Layout 5 lays the notes and the files' stamps flat (`super::flat`,
//! [`SavedStamps`]): a few long runs of text, each checked as UTF-8 once,
//! rather than a string decoded on its own per name, title and speaker.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::checked_file;
use super::flat;
use super::load::stamp_folder;
use super::model::{Collection, Event, Origin};
use super::walk::FileStamp;
use crate::diagnostic::Diagnostic;
use crate::relate::topics::Vocabulary;

/// The first bytes of an index file: what it is and the layout's version.
const MAGIC: &[u8; 8] = b"cnidx\x00\x00\x05";

/// Collections with fewer files than this load faster than an index decodes.
pub const WORTH_SAVING_FROM: usize = 200;

/// What an index was made from; equal keys mean the index holds what a
/// load would give. The files' stamps follow it.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    root: PathBuf,
    writer: String,
}

/// The stamps of the files an index was made from, in the listing's
/// order: their paths one after another in one text, where each ends, and
/// each file's size and time. Decoded as three runs, not one string per
/// file (100,000 of them), and compared with the folder as it is now
/// without making a [`FileStamp`] of each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedStamps {
    paths: String,
    ends: Vec<u32>,
    versions: Vec<(u64, i128)>,
}

impl SavedStamps {
    /// `stamps` laid flat; `None` past 4 GB of paths.
    pub fn new(stamps: &[FileStamp]) -> Option<Self> {
        let mut saved = Self {
            paths: String::with_capacity(stamps.iter().map(|s| s.rel.len()).sum()),
            ends: Vec::with_capacity(stamps.len()),
            versions: Vec::with_capacity(stamps.len()),
        };
        for stamp in stamps {
            saved.paths.push_str(&stamp.rel);
            saved.ends.push(u32::try_from(saved.paths.len()).ok()?);
            saved.versions.push(stamp.version());
        }
        Some(saved)
    }

    pub fn len(&self) -> usize {
        self.versions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// Each file's path, size and time, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, (u64, i128))> + '_ {
        // `is_whole` checked every end is a character boundary, in order.
        self.ends.iter().zip(&self.versions).enumerate().map(|(n, (&end, &version))| {
            let start = n.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
            (self.paths.get(start..end as usize).unwrap_or_default(), version)
        })
    }

    /// As [`FileStamp`]s, for the rare start where some file changed.
    pub fn to_stamps(&self) -> Vec<FileStamp> {
        self.iter().map(|(rel, (size, modified))| FileStamp { rel: rel.to_string(), size, modified }).collect()
    }

    /// Whether the three runs fit together: one end and one version per
    /// file, each end past the one before and between two characters.
    fn is_whole(&self) -> bool {
        let mut start = 0;
        self.ends.len() == self.versions.len()
            && self.ends.iter().all(|&end| {
                let end = end as usize;
                let fits = start <= end && self.paths.is_char_boundary(end);
                start = end;
                fits
            })
            && start == self.paths.len()
    }
}

/// The build that is running: its version and its executable's size and
/// time, so a rebuilt or upgraded binary (which may parse differently)
/// never trusts an older one's index.
pub(crate) fn writer() -> String {
    let exe = std::env::current_exe().and_then(fs::metadata).ok();
    let stamp = exe.map(|meta| {
        let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        format!("{} {}", meta.len(), modified.map_or(0, |d| d.as_nanos()))
    });
    format!("confnotes {} {}", env!("CARGO_PKG_VERSION"), stamp.unwrap_or_default())
}

/// The collection saved at `index` for the folder `root`, when it still
/// matches every file there; `None` otherwise.
pub fn load(index: &Path, root: &Path) -> Option<Collection> {
    let (collection, stamps) = load_unchecked(index, root)?;
    is_current(&stamps, root).then_some(collection)
}

/// What a collection holds besides its notes, as saved before them.
#[derive(Serialize)]
struct Around<'a> {
    origin: &'a Origin,
    intro: &'a Option<String>,
    events: &'a [Event],
    vocabulary: &'a Vocabulary,
    warnings: &'a [Diagnostic],
}

/// [`Around`] read back.
#[derive(Deserialize)]
struct AroundRead {
    origin: Origin,
    intro: Option<String>,
    events: Vec<Event>,
    vocabulary: Vocabulary,
    warnings: Vec<Diagnostic>,
}

/// The collection saved at `index` for `root` by this build, and the stamps
/// of the files it was made from, not yet checked against the folder: the
/// caller shows it at once and checks with [`is_current`] meanwhile.
///
/// Mapped whole (`checked_file::Mapped`), then checked and decoded from
/// memory: postcard decodes from memory many times faster than a byte at
/// a time from a reader.
pub fn load_unchecked(index: &Path, root: &Path) -> Option<(Collection, SavedStamps)> {
    let mut handed = None;
    let collection = load_unchecked_handing(index, root, |stamps| handed = Some(stamps))?;
    Some((collection, handed?))
}

/// [`load_unchecked`], handing the stamps to `stamps` as soon as they are
/// decoded, before the notes (most of the work): a caller comparing them
/// with the files meanwhile can let go of both before the notes are all
/// in memory. They are handed over only when whole.
pub fn load_unchecked_handing(index: &Path, root: &Path, stamps: impl FnOnce(SavedStamps)) -> Option<Collection> {
    let bytes = checked_file::Mapped::open(index)?;
    let written = bytes.payload(MAGIC)?;
    let (key, rest) = postcard::take_from_bytes::<Key>(written).ok()?;
    // Another folder's or another build's index is not decoded any further.
    if key.root != root || key.writer != writer() {
        return None;
    }
    let (saved, rest) = postcard::take_from_bytes::<SavedStamps>(rest).ok()?;
    if !saved.is_whole() {
        return None;
    }
    stamps(saved);
    let (around, rest) = postcard::take_from_bytes::<AroundRead>(rest).ok()?;
    // The file's pages let go as the notes are made from them.
    let (notes, rest) = flat::read_with(rest, &|done| bytes.let_go(done))?;
    let AroundRead { origin, intro, events, vocabulary, warnings } = around;
    let collection = Collection { origin, intro, events, notes, vocabulary, warnings };
    // Only the checksum follows: other bytes mean a file this code did not write.
    let ours = rest.is_empty() && collection.origin == Origin::Folder(root.to_path_buf());
    ours.then_some(collection)
}

/// A fingerprint of what an index of `root` was made from (this build, the
/// folder, every file's stamp), for the indexes saved beside it
/// ([`crate::saved_indexes`]): equal fingerprints, same files.
pub fn fingerprint(root: &Path, stamps: &[FileStamp]) -> u64 {
    fingerprint_of(root, stamps.iter().map(|stamp| (stamp.rel.as_str(), stamp.version())))
}

/// [`fingerprint`] of stamps as saved: the same value for the same files.
pub fn saved_fingerprint(root: &Path, stamps: &SavedStamps) -> u64 {
    fingerprint_of(root, stamps.iter())
}

fn fingerprint_of<'a>(root: &Path, stamps: impl Iterator<Item = (&'a str, (u64, i128))>) -> u64 {
    use std::hash::{Hash, Hasher};
    // Fixed keys: the same value in every run of one build (and `writer`
    // tells builds apart, so a new algorithm in a new Rust does no harm).
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    writer().hash(&mut hasher);
    root.hash(&mut hasher);
    for (rel, (size, modified)) in stamps {
        (rel, size, modified).hash(&mut hasher);
    }
    hasher.finish()
}

/// Whether the files under `root` are still those `stamps` describe.
pub fn is_current(stamps: &SavedStamps, root: &Path) -> bool {
    stamp_folder(root).is_some_and(|now| SavedStamps::new(&now).is_some_and(|now| now == *stamps))
}

/// Saves `collection`, loaded from `root` when its files had `stamps`, at
/// `index`: written beside it and renamed over it, so a reader never sees
/// half an index, and private to the user, as the notes may be.
pub fn save(index: &Path, root: &Path, stamps: Vec<FileStamp>, collection: &Collection) -> io::Result<()> {
    let stamps = SavedStamps::new(&stamps).ok_or_else(|| io::Error::other("too many files to index"))?;
    save_stamped(index, root, stamps, collection)
}

/// [`save`] with the stamps laid flat already; they are let go once
/// written, before the notes (7 MiB at 100,000 files, not held while the
/// indexes are built beside the save).
pub fn save_stamped(index: &Path, root: &Path, stamps: SavedStamps, collection: &Collection) -> io::Result<()> {
    let key = Key { root: root.to_path_buf(), writer: writer() };
    let Collection { origin, intro, events, notes, vocabulary, warnings } = collection;
    let around = Around { origin, intro, events, vocabulary, warnings };
    checked_file::save(index, MAGIC, |out| {
        checked_file::encode(out, &key)?;
        checked_file::encode(out, &stamps)?;
        drop(stamps);
        checked_file::encode(out, &around)?;
        flat::write(out, notes)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::load_folder_stamped;
    use crate::test_fixtures::folder;

    /// `collection` with every note's text read, as a collection loaded from the folder has it.
    fn with_texts(collection: Collection) -> Collection {
        for n in 0..collection.notes.len() {
            collection.body(n).expect("the text is in its file");
        }
        collection
    }

    fn saved(root: &Path, index: &Path) -> Collection {
        let (collection, stamps) = load_folder_stamped(root).expect("loads");
        save(index, root, stamps, &collection).expect("saves");
        collection
    }

    #[test]
    fn an_unchanged_folder_loads_from_its_index_as_it_was() {
        let notes = folder(&[
            ("2019-barcelona/a.md", "---\ntitle: Alpha\ntopics: [x]\n---\nBody **one**\n"),
            ("2022-detroit/b.md", "# Beta\n\ntext\n"),
            ("2022-detroit/event.md", "---\nname: Detroit\ncity: Detroit\n---\nOverview\n"),
        ]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let loaded = saved(notes.path(), &index);
        let cached = load(&index, notes.path()).expect("the index matches");
        assert_eq!(format!("{:?}", with_texts(cached)), format!("{loaded:?}"));
    }

    #[test]
    fn notes_texts_are_read_from_their_files_not_the_index() {
        let text = "Words kept in the note's own file.";
        let notes = folder(&[
            ("2019-x/a.md", &format!("---\ntitle: A\n---\n{text}\n")),
            ("2019-x/b.md", "# B\n"),
            ("2020-conf.md", &format!("# Conf\n\nAbout it.\n\n## Talk one\n{text}   \n\n## Talk two\nmore\n")),
        ]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let loaded = saved(notes.path(), &index);
        let bytes = fs::read(&index).expect("read");
        assert!(!bytes.windows(text.len()).any(|w| w == text.as_bytes()), "no note's text in the index");
        let cached = load(&index, notes.path()).expect("the index matches");
        assert!(cached.notes.iter().any(|n| n.id.0 == "2020-conf.md#talk-one"), "the file's talks are notes");
        for n in 0..cached.notes.len() {
            assert_eq!(cached.notes[n].body.loaded(), None, "nothing read before it is asked for");
            assert_eq!(cached.body(n), loaded.body(n), "{}", cached.notes[n].id);
        }
    }

    #[test]
    fn any_change_to_the_files_makes_the_index_unusable() {
        let notes = folder(&[("2019-x/a.md", "# A\n"), ("2019-x/b.md", "# B\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let changes: [&dyn Fn(&Path); 4] = [
            &|root| fs::write(root.join("2019-x/a.md"), "# A, longer now\n").expect("edit"),
            &|root| fs::write(root.join("2019-x/c.md"), "# C\n").expect("add"),
            &|root| fs::remove_file(root.join("2019-x/b.md")).expect("remove"),
            &|root| fs::write(root.join("topics.toml"), "[x]\n").expect("vocabulary"),
        ];
        for change in changes {
            saved(notes.path(), &index);
            assert!(load(&index, notes.path()).is_some(), "fresh index is used");
            change(notes.path());
            assert!(load(&index, notes.path()).is_none(), "a changed folder is loaded again");
        }
    }

    #[test]
    fn a_touched_file_of_the_same_size_is_noticed() {
        let notes = folder(&[("2019-x/a.md", "# A\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        saved(notes.path(), &index);
        let file = fs::File::options().write(true).open(notes.path().join("2019-x/a.md")).expect("open");
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5)).expect("touch");
        assert!(load(&index, notes.path()).is_none());
    }

    #[test]
    fn an_unchecked_index_comes_with_the_stamps_to_check_it_by() {
        let notes = folder(&[("2019-x/a.md", "# A\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        saved(notes.path(), &index);
        fs::write(notes.path().join("2019-x/b.md"), "# B\n").expect("add");
        let (collection, stamps) = load_unchecked(&index, notes.path()).expect("read without checking");
        assert_eq!(collection.notes.len(), 1, "as saved");
        assert!(!is_current(&stamps, notes.path()), "the added file is noticed by the check");
    }

    #[test]
    fn a_long_note_comes_back_whole() {
        let body: String = (0..20_000).map(|n| format!("line {n} of a long talk\n")).collect();
        let notes = folder(&[("2019-x/long.md", &format!("# Long\n\n{body}")), ("2019-x/short.md", "# Short\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let loaded = saved(notes.path(), &index);
        let cached = load(&index, notes.path()).expect("the index matches");
        let long = |c: &Collection| c.note_index("2019-x/long.md").and_then(|n| c.body(n).ok().map(str::to_string));
        assert!(long(&cached).is_some_and(|b| b.contains("line 19999 of a long talk")));
        assert_eq!(long(&cached), long(&loaded));
        assert_eq!(format!("{:?}", with_texts(cached)), format!("{loaded:?}"));
    }

    #[test]
    fn every_truncation_of_an_index_is_ignored() {
        let notes = folder(&[("2019-x/a.md", "---\ntitle: A\ntopics: [x]\n---\nBody\n"), ("2019-x/b.md", "# B\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        saved(notes.path(), &index);
        let bytes = fs::read(&index).expect("read");
        for len in 0..bytes.len() {
            fs::write(&index, &bytes[..len]).expect("write");
            assert!(load_unchecked(&index, notes.path()).is_none(), "cut to {len} of {} bytes", bytes.len());
        }
    }

    #[test]
    fn bytes_after_the_collection_make_the_index_unusable() {
        let notes = folder(&[("2019-x/a.md", "# A\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        saved(notes.path(), &index);
        assert!(load(&index, notes.path()).is_some());
        let mut bytes = fs::read(&index).expect("read");
        bytes.push(0);
        fs::write(&index, bytes).expect("write");
        assert!(load(&index, notes.path()).is_none());
    }

    #[test]
    fn zeros_where_a_notes_title_was_are_caught_by_the_checksum() {
        let body = "Words that a torn write could turn to zeros";
        let notes = folder(&[("2019-x/a.md", &format!("---\ntitle: {body}\n---\ntext\n"))]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        saved(notes.path(), &index);
        assert!(load(&index, notes.path()).is_some());
        let mut bytes = fs::read(&index).expect("read");
        let at = bytes.windows(body.len()).position(|w| w == body.as_bytes()).expect("the body is in the index");
        bytes[at..at + body.len()].fill(0);
        fs::write(&index, bytes).expect("write");
        assert!(load(&index, notes.path()).is_none(), "still decodes, but is not what was written");
    }

    #[test]
    fn a_damaged_length_is_refused_before_anything_that_long_is_allocated() {
        let notes = folder(&[("2019-x/a.md", "# A\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        // The key's first field, the root path, claimed to be a petabyte long:
        // allocating room for it before reading would abort the process.
        let mut bytes = MAGIC.to_vec();
        bytes.extend(postcard::to_stdvec(&(1_u64 << 50)).expect("encodes"));
        bytes.extend(b"/notes");
        fs::write(&index, bytes).expect("write");
        assert!(load_unchecked(&index, notes.path()).is_none());
    }

    #[test]
    fn a_damaged_or_foreign_index_is_ignored() {
        let notes = folder(&[("2019-x/a.md", "# A\n")]);
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        saved(notes.path(), &index);
        let bytes = fs::read(&index).expect("read");
        for damaged in [bytes[..bytes.len() / 2].to_vec(), b"not an index".to_vec(), Vec::new()] {
            fs::write(&index, damaged).expect("write");
            assert!(load(&index, notes.path()).is_none());
        }
        // An index of another folder, copied over this one's.
        let other = folder(&[("2019-x/a.md", "# A\n")]);
        saved(other.path(), &index);
        assert!(load(&index, notes.path()).is_none());
        assert!(load(&data.path().join("missing"), notes.path()).is_none());
    }
}
