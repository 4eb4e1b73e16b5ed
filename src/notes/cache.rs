//! The saved index of a collection folder: the loaded [`Collection`] kept in
//! the data directory, so a large collection opens without reading and
//! parsing every note again.
//!
//! It is keyed by the folder as given, by the binary that wrote it, and by
//! every file's path, size and modification time; it is used only when all
//! of them match. On any doubt (unreadable, written by another build, a file
//! added, removed or touched) the caller loads the folder from scratch and
//! saves a new one. Losing the file loses nothing but time.

use std::fs;
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::load::{stamp_folder, FileStamp};
use super::model::{Collection, Origin};

/// The first bytes of an index file: what it is and the layout's version.
const MAGIC: &[u8; 8] = b"cnidx\x00\x00\x02";

/// Collections with fewer files than this load faster than an index decodes.
pub const WORTH_SAVING_FROM: usize = 200;

/// What an index was made from; equal keys mean the index holds what a load would give.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    root: PathBuf,
    writer: String,
    stamps: Vec<FileStamp>,
}

/// The build that is running: its version and its executable's size and
/// time, so a rebuilt or upgraded binary (which may parse differently)
/// never trusts an older one's index.
fn writer() -> String {
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

/// The collection saved at `index` for `root` by this build, and the stamps
/// of the files it was made from, not yet checked against the folder: the
/// caller shows it at once and checks with [`is_current`] meanwhile.
pub fn load_unchecked(index: &Path, root: &Path) -> Option<(Collection, Vec<FileStamp>)> {
    let (key, collection) = read_index(index)?;
    let ours = key.root == root && key.writer == writer() && collection.origin == Origin::Folder(root.to_path_buf());
    ours.then_some((collection, key.stamps))
}

/// Whether the files under `root` are still those `stamps` describe.
pub fn is_current(stamps: &[FileStamp], root: &Path) -> bool {
    stamp_folder(root).is_some_and(|now| now == stamps)
}

fn read_index(index: &Path) -> Option<(Key, Collection)> {
    let bytes = fs::read(index).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (key, rest) = postcard::take_from_bytes::<Key>(rest).ok()?;
    let collection = postcard::from_bytes::<Collection>(rest).ok()?;
    Some((key, collection))
}

/// Saves `collection`, loaded from `root` when its files had `stamps`, at
/// `index`: written beside it and renamed over it, so a reader never sees
/// half an index.
pub fn save(index: &Path, root: &Path, stamps: Vec<FileStamp>, collection: &Collection) -> io::Result<()> {
    let key = Key { root: root.to_path_buf(), writer: writer(), stamps };
    let dir = index.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> io::Result<()> {
        let mut out = BufWriter::new(fs::File::create(&temp)?);
        out.write_all(MAGIC)?;
        let to_io = |e: postcard::Error| io::Error::other(e.to_string());
        let out = postcard::to_io(&key, out).map_err(to_io)?;
        let mut out = postcard::to_io(collection, out).map_err(to_io)?;
        out.flush()?;
        fs::rename(&temp, index)
    };
    let result = write();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::load_folder_stamped;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        dir
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
        assert_eq!(format!("{cached:?}"), format!("{loaded:?}"));
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
