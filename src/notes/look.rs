//! The first look of a large folder ([`super::Listing::first_look`]: every
//! event, the notes of the one shown first) saved beside the saved index, so
//! that the next start draws its first frame without walking the folder or
//! parsing a note. The whole collection is read after that frame, from the
//! saved index or the files, as after any first look.
//!
//! It is used only while it is what a first look would make now. It is keyed
//! by the folder, the build, the order of the timeline, the stamp of every
//! folder listed (a folder's time changes when an entry is added, removed or
//! renamed in it, so the same stamps list the same paths) and the stamp of
//! every file the first look read; checking them is a stat each, a few
//! hundred for 10,000 notes, and no file is read. Files the first look does
//! not read can change without the key knowing: a first look does not show
//! what they say, and the full read after the first frame does.
//!
//! Like the saved index it is only a cache: a CRC-32 ends it, it is not
//! synced, and any doubt means the folder is walked as without it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cache::writer;
use super::checked_file;
use super::model::{Collection, Origin};
use super::walk::FileStamp;

/// The first bytes of a saved first look: what it is and the layout's version.
const MAGIC: &[u8; 8] = b"cnlook\x00\x02";

/// What a first look was made from, as [`super::Listing::first_look_stamped`] saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookStamps {
    /// Every folder listed, relative to the root (`""` for the root itself).
    pub(super) folders: Vec<FileStamp>,
    /// Every file the first look read.
    pub(super) files: Vec<FileStamp>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    root: PathBuf,
    writer: String,
    newest_first: bool,
    stamps: LookStamps,
}

/// Where the first look of the collection whose index is at `notes_index` is saved.
pub fn path_beside(notes_index: &Path) -> PathBuf {
    let mut name = notes_index.file_name().unwrap_or_default().to_os_string();
    name.push(".look");
    notes_index.with_file_name(name)
}

/// Saves `look`, the first look of `root` made from `stamps` with the
/// timeline `newest_first`, at `path`: written beside it and renamed over
/// it, private to the user.
pub fn save(path: &Path, root: &Path, newest_first: bool, stamps: LookStamps, look: &Collection) -> io::Result<()> {
    let key = Key { root: root.to_path_buf(), writer: writer(), newest_first, stamps };
    checked_file::save(path, MAGIC, |out| {
        checked_file::encode(out, &key)?;
        checked_file::encode(out, look)
    })
}

/// The first look saved at `path` for `root`, when this build saved it with
/// the same order and every folder and file it was made from is as it was;
/// `None` otherwise.
pub fn load(path: &Path, root: &Path, newest_first: bool) -> Option<Collection> {
    let bytes = fs::read(path).ok()?;
    let written = checked_file::payload(&bytes, MAGIC)?;
    let (key, rest) = postcard::take_from_bytes::<Key>(written).ok()?;
    if key.root != root || key.newest_first != newest_first || key.writer != writer() {
        return None;
    }
    let LookStamps { folders, files } = &key.stamps;
    if !folders.iter().chain(files).all(|stamp| unchanged(root, stamp)) {
        return None;
    }
    // Only the checksum follows: other bytes mean a file this code did not write.
    let (look, rest) = postcard::take_from_bytes::<Collection>(rest).ok()?;
    let ours = rest.is_empty() && look.origin == Origin::Folder(root.to_path_buf());
    ours.then_some(look)
}

/// Whether the folder or file `stamp` names under `root` still has its size and time.
fn unchanged(root: &Path, stamp: &FileStamp) -> bool {
    let path = if stamp.rel.is_empty() { root.to_path_buf() } else { root.join(&stamp.rel) };
    fs::metadata(path).is_ok_and(|meta| FileStamp::of(&meta).same_version(stamp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::list_folder;
    use crate::test_fixtures::folder;

    /// A folder of three events, the newest with two talks and an overview.
    fn notes() -> tempfile::TempDir {
        folder(&[
            ("2019-barcelona/a.md", "---\ntitle: Alpha\n---\nBody one\n"),
            ("2022-detroit/b.md", "# Beta\n\ntext\n"),
            ("2024-paris/c.md", "---\ntitle: Gamma\nspeakers: [Ann Lee]\n---\nGamma's text\n"),
            ("2024-paris/d.md", "# Delta\n\nmore\n"),
            ("2024-paris/event.md", "---\nname: Paris\n---\nOverview\n"),
        ])
    }

    /// Every folder under `root` (itself too) dated a year back: a change
    /// made in the same tick of the file system's clock as the folder's last
    /// would leave its time as it was.
    fn age_folders(root: &Path) {
        let year_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(365 * 24 * 3600);
        fs::File::open(root).and_then(|f| f.set_modified(year_ago)).expect("dated");
        for entry in fs::read_dir(root).expect("lists").flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                age_folders(&entry.path());
            }
        }
    }

    /// The first look of `root`, saved at `path`.
    fn saved(root: &Path, path: &Path) -> Collection {
        age_folders(root);
        let (look, stamps) = list_folder(root).expect("lists").first_look_stamped(true);
        save(path, root, true, stamps.expect("every file read"), &look).expect("saves");
        look
    }

    fn shown(look: &Collection) -> String {
        let look = look.clone();
        for n in 0..look.notes.len() {
            look.body(n).expect("the text is in its file");
        }
        // Events by name and whether they wait for the full read, notes by title.
        let events: Vec<(String, bool)> = look.events.iter().map(|e| (e.name.clone(), e.pending)).collect();
        let notes: Vec<&str> = look.notes.iter().map(|n| n.title.as_str()).collect();
        format!("{events:?} {notes:?} {:?}", look.warnings)
    }

    #[test]
    fn an_unchanged_folder_opens_with_its_saved_first_look() {
        let root = notes();
        let data = tempfile::tempdir().expect("temp dir");
        let path = path_beside(&data.path().join("notes.index"));
        let look = saved(root.path(), &path);
        let loaded = load(&path, root.path(), true).expect("the first look matches");
        assert_eq!(shown(&loaded), shown(&look));
        assert_eq!(loaded.notes.len(), 2, "only the newest event's notes");
        assert!(loaded.notes.iter().all(|n| n.body.loaded().is_none()), "texts are read when shown");
        assert_eq!(loaded.body(1).expect("read from its file"), look.body(1).expect("read"));
        assert!(load(&path, root.path(), false).is_none(), "the oldest event first is another first look");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        assert!(load(&path, elsewhere.path(), true).is_none(), "another folder's");
    }

    /// A change made to a folder of notes.
    type Change<'a> = &'a dyn Fn(&Path);

    #[test]
    fn any_change_a_first_look_would_show_makes_the_saved_one_unusable() {
        let root = notes();
        let data = tempfile::tempdir().expect("temp dir");
        let path = path_beside(&data.path().join("notes.index"));
        let changes: [(&str, Change); 6] = [
            ("a note shown edited", &|root| {
                fs::write(root.join("2024-paris/c.md"), "# Gamma, longer\n").expect("edit")
            }),
            ("an event's overview edited", &|root| {
                fs::write(root.join("2024-paris/event.md"), "---\nname: Paris Summit\n---\n").expect("edit")
            }),
            ("a note added to the event shown", &|root| fs::write(root.join("2024-paris/e.md"), "# E\n").expect("add")),
            ("a note removed from another event", &|root| {
                fs::remove_file(root.join("2022-detroit/b.md")).expect("remove")
            }),
            ("a newer event", &|root| {
                fs::create_dir(root.join("2025-oslo")).expect("mkdir");
                fs::write(root.join("2025-oslo/f.md"), "# F\n").expect("add")
            }),
            ("a vocabulary", &|root| fs::write(root.join("topics.toml"), "[mesh]\n").expect("vocabulary")),
        ];
        for (what, change) in changes {
            saved(root.path(), &path);
            assert!(load(&path, root.path(), true).is_some(), "{what}: a fresh first look is used");
            change(root.path());
            assert!(load(&path, root.path(), true).is_none(), "{what}: the folder is walked again");
        }
    }

    #[test]
    fn a_damaged_or_foreign_file_is_not_trusted() {
        let root = notes();
        let data = tempfile::tempdir().expect("temp dir");
        let path = path_beside(&data.path().join("notes.index"));
        saved(root.path(), &path);
        let mut bytes = fs::read(&path).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        fs::write(&path, &bytes).expect("write");
        assert!(load(&path, root.path(), true).is_none(), "a flipped byte");
        fs::write(&path, b"not a first look").expect("write");
        assert!(load(&path, root.path(), true).is_none());
        assert!(load(&data.path().join("missing"), root.path(), true).is_none());
    }

    #[test]
    fn a_first_look_that_could_not_read_a_file_is_not_saved() {
        let root = notes();
        let listing = list_folder(root.path()).expect("lists");
        fs::remove_file(root.path().join("2024-paris/d.md")).expect("remove");
        let (look, stamps) = listing.first_look_stamped(true);
        assert!(look.warnings.iter().any(|w| w.message.contains("cannot read")), "{:?}", look.warnings);
        assert_eq!(stamps, None, "nothing to key it by");
    }
}
