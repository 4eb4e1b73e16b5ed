//! Walking a collection folder: which files a load reads, and what
//! identifies each version of them. Knows nothing of what the files say.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::model::Origin;
use crate::diagnostic::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such folder")]
    NotFound(PathBuf),
    #[error("{0}: not a folder (confnotes opens a folder of event folders)")]
    NotAFolder(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Folders nested deeper than this are not read: protects against runaway trees.
pub const MAX_DEPTH: usize = 32;

/// Whether the walk passes over an entry of this name: hidden ones
/// (`.git`, editors' swap files).
pub fn passed_over(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (before it, negative).
    pub modified: i128,
}

impl FileStamp {
    pub(super) fn of(meta: &fs::Metadata) -> Self {
        let modified = meta.modified().ok().map_or(0, |t| match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => after.as_nanos() as i128,
            Err(before) => -(before.duration().as_nanos() as i128),
        });
        Self { rel: String::new(), size: meta.len(), modified }
    }

    /// [`FileStamp::of`] from a `stat` taken by name in an open folder: the
    /// two must agree, or every saved index would look stale.
    fn of_stat(stat: &rustix::fs::Stat) -> Option<Self> {
        let modified = i128::from(stat.st_mtime) * 1_000_000_000 + i128::from(stat.st_mtime_nsec);
        Some(Self { rel: String::new(), size: u64::try_from(stat.st_size).ok()?, modified })
    }

    pub(super) fn named(self, rel: String) -> Self {
        Self { rel, ..self }
    }

    /// Its size and time, which tell one version of the file from another.
    pub(super) fn version(&self) -> (u64, i128) {
        (self.size, self.modified)
    }

    /// The same size and time as `other`, whatever the names.
    pub(super) fn same_version(&self, other: &Self) -> bool {
        self.version() == other.version()
    }
}

/// The stamps of a listing's files in its order, not yet named: compared
/// with those an index was saved with as they are, so that the usual start,
/// where no file changed, copies no path (100,000 of them).
/// Each is a file's size and time (`FileStamp::version`): a stamp with
/// an empty name for each was half as large again, held while a warm start
/// decodes (5 MiB at 100,000 notes).
pub struct Unnamed(Vec<(u64, i128)>);

impl Unnamed {
    pub(super) fn new(versions: Vec<(u64, i128)>) -> Self {
        Self(versions)
    }

    /// Whether `files` (the listing stamped) are still those `saved` names,
    /// in the same order, each of the same size and time.
    pub(super) fn same_as<'a>(
        &self,
        files: &[Found],
        saved: impl ExactSizeIterator<Item = (&'a str, (u64, i128))>,
    ) -> bool {
        self.0.len() == files.len()
            && saved.len() == files.len()
            && self
                .0
                .iter()
                .zip(files)
                .zip(saved)
                .all(|((&now, (rel, _)), (was, version))| rel == was && now == version)
    }

    /// Each stamp named by its file of `files`.
    pub(super) fn named(self, files: &[Found]) -> Vec<FileStamp> {
        let named =
            |((size, modified), (rel, _)): ((u64, i128), &Found)| FileStamp { rel: rel.clone(), size, modified };
        self.0.into_iter().zip(files).map(named).collect()
    }
}

/// The stamps of `files`, all in one folder, looked up by name in the open
/// folder, as their versions (`FileStamp::version`); a `None` for each
/// that cannot be stamped.
pub(super) fn stamp_in_folder(root: &Path, files: &[Found]) -> Vec<Option<(u64, i128)>> {
    let stamp_by_path =
        |found: &Found| fs::metadata(path_of(root, found)).ok().map(|meta| FileStamp::of(&meta).version());
    let first = files.first().map(|found| path_of(root, found));
    let folder = first.as_deref().and_then(Path::parent);
    let flags = rustix::fs::OFlags::PATH | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::CLOEXEC;
    let Some(dir) = folder.and_then(|folder| rustix::fs::open(folder, flags, rustix::fs::Mode::empty()).ok()) else {
        return files.iter().map(stamp_by_path).collect();
    };
    files
        .iter()
        .map(|found| {
            // A name made readable is looked up by its path.
            if found.1.is_some() {
                return stamp_by_path(found);
            }
            // The path's last part, found from its end: parsing the whole path
            // for its file name took more than the rest of a stamp here.
            let path = found.0.as_bytes();
            let name = &path[path.iter().rposition(|&b| b == b'/').map_or(0, |slash| slash + 1)..];
            if name.is_empty() || name == b".." {
                return stamp_by_path(found);
            }
            let name = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name);
            // Followed if a link, as `fs::metadata` does.
            let stat = rustix::fs::statat(&dir, name, rustix::fs::AtFlags::empty()).ok()?;
            FileStamp::of_stat(&stat).map(|stamp| stamp.version())
        })
        .collect()
}

/// A file's bytes and its stamp from the same open file, so a change made
/// while it is read shows as a newer stamp next time rather than going unseen.
pub(super) fn read_stamped(path: &Path) -> io::Result<(Vec<u8>, FileStamp)> {
    read_open_stamped(fs::File::open(path)?)
}

/// The folder a load reads its files from, opened once: each file is opened
/// from it by its relative path, not looked up folder by folder from the
/// file system's root (at 100,000 files, the kernel's most frequent work
/// after reading them).
pub(super) struct Root<'a> {
    path: &'a Path,
    /// `None` if it could not be opened: each file is opened by its whole path then.
    folder: Option<rustix::fd::OwnedFd>,
}

impl<'a> Root<'a> {
    pub(super) fn open(path: &'a Path) -> Self {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        Self { path, folder: rustix::fs::open(path, flags, Mode::empty()).ok() }
    }

    /// [`read_stamped`] of `found`, a file listed under this folder.
    pub(super) fn read_stamped(&self, found: &Found) -> io::Result<(Vec<u8>, FileStamp)> {
        use rustix::fs::{Mode, OFlags};
        match (&self.folder, &found.1) {
            (Some(folder), None) => {
                let file =
                    rustix::fs::openat(folder, found.0.as_str(), OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
                        .map_err(io::Error::from)?;
                read_open_stamped(fs::File::from(file))
            }
            _ => read_stamped(&path_of(self.path, found)),
        }
    }
}

fn read_open_stamped(file: fs::File) -> io::Result<(Vec<u8>, FileStamp)> {
    use std::io::Read as _;
    let stat = rustix::fs::fstat(&file)?;
    let stamp = FileStamp::of_stat(&stat).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no size"))?;
    let size = usize::try_from(stamp.size).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    // One read asks for a byte more than the size: given the size exactly,
    // the file ended there as it was read, and no read is made only to be
    // told so (100,000 system calls at 100,000 notes). Given anything
    // else (the file grew or shrank since), it is read to its end.
    let first = loop {
        match rustix::io::read(&file, rustix::buffer::spare_capacity(&mut bytes)) {
            Err(rustix::io::Errno::INTR) => {}
            read => break read?,
        }
    };
    if first != size {
        // Not `File::read_to_end`: it asks the file's size and place again
        // (two more system calls) for what is known.
        (&file).take(u64::MAX).read_to_end(&mut bytes)?;
    }
    Ok((bytes, stamp))
}

/// A file a load reads: its path relative to the root, `/`-separated, and
/// the path to open when that is not the root joined with it (a name that
/// is not UTF-8 on the way, made readable in the first): a path for every
/// file repeated the root and its relative path, 10 MiB at 100,000 notes,
/// held while a load reads or a saved index is checked. See [`path_of`].
pub(super) type Found = (String, Option<Box<Path>>);

/// The path to open for `found`, a file listed under `root`.
pub(super) fn path_of(root: &Path, found: &Found) -> PathBuf {
    match &found.1 {
        Some(path) => path.to_path_buf(),
        None => root.join(&found.0),
    }
}

/// What a walk found: the files a load reads, in path order; the stamp of
/// every folder listed (taken before it was listed: a folder's time changes
/// when an entry is added, removed or renamed in it), `None` when one could
/// not be had; and the problems met listing them.
#[derive(Debug)]
pub(super) struct Walked {
    pub(super) files: Vec<Found>,
    pub(super) folders: Option<Vec<FileStamp>>,
    pub(super) warnings: Vec<Diagnostic>,
}

/// The files under `root` a load reads, and the folders they were listed from.
pub(super) fn walk(root: &Path) -> Result<Walked, LoadError> {
    let meta = fs::metadata(root).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => LoadError::NotFound(root.to_path_buf()),
        _ => LoadError::Io { path: root.to_path_buf(), source },
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let origin = Origin::Folder(root.to_path_buf());
    let inside = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walk = Walk {
        origin: &origin,
        inside,
        found: Vec::new(),
        folders: Some(Vec::new()),
        warnings: Vec::new(),
        visited: HashSet::new(),
    };
    walk.folder(root, "", true, 0).map_err(|source| LoadError::Io { path: root.to_path_buf(), source })?;
    // Grown file by file: up to twice the room it needs, held while a load reads.
    walk.found.shrink_to_fit();
    Ok(Walked { files: walk.found, folders: walk.folders, warnings: walk.warnings })
}

struct Walk<'a> {
    origin: &'a Origin,
    /// The root as the file system resolves it: a link leading anywhere
    /// else is not followed, so a collection never reads the rest of the machine.
    inside: PathBuf,
    found: Vec<Found>,
    folders: Option<Vec<FileStamp>>,
    warnings: Vec<Diagnostic>,
    /// Canonical folders already read, so symlink loops end.
    visited: HashSet<PathBuf>,
}

impl Walk<'_> {
    /// Lists the folder at `dir` (`rel` below the root; `exact` when `rel`
    /// names it, every name on the way UTF-8). Only the root's own listing
    /// failing is an error; anything below becomes a warning.
    fn folder(&mut self, dir: &Path, rel: &str, exact: bool, depth: usize) -> io::Result<()> {
        if let Ok(canonical) = fs::canonicalize(dir) {
            if !self.visited.insert(canonical) {
                self.warn(rel, "folder already read through another path (symlink loop?); skipped");
                return Ok(());
            }
        }
        if depth > MAX_DEPTH {
            self.warn(rel, format!("nested more than {MAX_DEPTH} folders deep; skipped"));
            return Ok(());
        }
        // Stamped before it is listed, so that a change made while it is
        // listed shows as a newer stamp. A stat per folder, not per file.
        match fs::metadata(dir) {
            Ok(meta) => {
                if let Some(folders) = &mut self.folders {
                    folders.push(FileStamp::of(&meta).named(rel.to_string()));
                }
            }
            Err(_) => self.folders = None,
        }
        // Each name taken once, then sorted: sorting entries by
        // `file_name()` would make a new name at every comparison.
        let mut entries: Vec<(std::ffi::OsString, fs::DirEntry)> = match fs::read_dir(dir) {
            Ok(list) => list.filter_map(Result::ok).map(|e| (e.file_name(), e)).collect(),
            Err(e) if depth == 0 => return Err(e),
            Err(e) => {
                self.warn(rel, format!("cannot read folder: {e}"));
                return Ok(());
            }
        };
        entries.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        for (name, entry) in entries {
            if passed_over(&name) {
                continue;
            }
            let name = name.to_string_lossy();
            let exact = exact && matches!(name, std::borrow::Cow::Borrowed(_));
            // Joined by hand: `format!` costs more than the rest of a file's listing.
            let child_rel = if rel.is_empty() {
                name.into_owned()
            } else {
                let mut joined = String::with_capacity(rel.len() + 1 + name.len());
                joined.push_str(rel);
                joined.push('/');
                joined.push_str(&name);
                joined
            };
            let path = entry.path();
            // The listing knows the type of all but symlinks, which are
            // followed when they resolve inside the root: a linked folder of
            // notes is still notes, a link to `/` or a key is not read.
            let (is_dir, is_file) = match entry.file_type() {
                Ok(t) if !t.is_symlink() => (t.is_dir(), t.is_file()),
                _ => match fs::canonicalize(&path).and_then(|target| Ok((fs::metadata(&target)?, target))) {
                    Ok((_, target)) if !target.starts_with(&self.inside) => {
                        let message =
                            format!("a link leading outside the collection (to {}); not read", target.display());
                        self.warnings.push(Diagnostic::skipped(self.origin.display_path(&child_rel), message));
                        continue;
                    }
                    Ok((meta, _)) => (meta.is_dir(), meta.is_file()),
                    Err(_) => {
                        self.warn(&child_rel, "broken link or unreadable entry; skipped");
                        continue;
                    }
                },
            };
            if is_dir {
                self.folder(&path, &child_rel, exact, depth + 1)?;
            } else if is_file && is_wanted(&child_rel, depth) {
                self.found.push((child_rel, (!exact).then(|| path.into_boxed_path())));
            }
        }
        Ok(())
    }

    fn warn(&mut self, rel: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(self.origin.display_path(rel), None, message));
    }
}

/// Markdown anywhere, and at the root the vocabulary. Other files (images,
/// `LICENSE`, `*.toml`, `*.yaml`) are never read, so they cost nothing and warn of nothing.
fn is_wanted(rel: &str, depth: usize) -> bool {
    (depth == 0 && rel == "topics.toml") || is_markdown(rel)
}

/// Compared without making a lower-case copy: every file listed is asked.
pub(super) fn is_markdown(rel: &str) -> bool {
    ends_with_ignoring_case(rel, ".md") || ends_with_ignoring_case(rel, ".markdown")
}

fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    let (text, suffix) = (text.as_bytes(), suffix.as_bytes());
    text.len() >= suffix.len() && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paths a walk of `root` finds, and its warnings' messages.
    fn found(root: &Path) -> (Vec<String>, Vec<String>) {
        let Walked { files, warnings, .. } = walk(root).expect("walks");
        (files.into_iter().map(|(rel, _)| rel).collect(), warnings.into_iter().map(|w| w.message).collect())
    }

    #[test]
    fn a_file_read_stamped_is_its_bytes_whatever_its_size_with_the_stamp_a_stat_gives() {
        let dir = tempfile::tempdir().expect("tempdir");
        for size in [0, 1, 4095, 4096, 70_000, 1 << 20] {
            let path = dir.path().join(format!("{size}.md"));
            let bytes: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            fs::write(&path, &bytes).expect("writes");
            let (read, stamp) = read_stamped(&path).expect("reads");
            assert_eq!(read, bytes, "{size} bytes");
            assert_eq!(stamp, FileStamp::of(&fs::metadata(&path).expect("stat")), "{size} bytes");
        }
        // Not a regular file's size: read to its end all the same.
        let (read, _) = read_stamped(Path::new("/proc/self/stat")).expect("reads");
        assert!(!read.is_empty());
    }

    #[test]
    fn missing_folder_and_file_root_are_clear_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope");
        let err = walk(&missing).expect_err("missing");
        assert_eq!(err.to_string(), format!("{}: no such folder", missing.display()));
        let file = dir.path().join("f.md");
        fs::write(&file, "x").expect("write");
        assert!(matches!(walk(&file), Err(LoadError::NotAFolder(_))));
    }

    #[test]
    fn folder_walk_skips_dot_files_and_non_markdown_and_reads_subfolders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let event = dir.path().join("2019-05-barcelona");
        fs::create_dir_all(event.join("day-2")).expect("mkdir");
        fs::create_dir_all(event.join(".git")).expect("mkdir");
        fs::write(event.join("a.md"), "# A").expect("write");
        fs::write(event.join("day-2/b.markdown"), "# B").expect("write");
        fs::write(event.join(".hidden.md"), "# H").expect("write");
        fs::write(event.join(".git/c.md"), "# C").expect("write");
        fs::write(event.join("photo.png"), [0u8, 1, 2]).expect("write");
        let (files, warnings) = found(dir.path());
        assert_eq!(files, ["2019-05-barcelona/a.md", "2019-05-barcelona/day-2/b.markdown"]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_collection_are_skipped_and_links_inside_followed() {
        let outside = tempfile::tempdir().expect("tempdir");
        fs::write(outside.path().join("secret.md"), "# Secret").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        let event = dir.path().join("2019-x");
        fs::create_dir_all(event.join("real")).expect("mkdir");
        fs::write(event.join("real/a.md"), "# A").expect("write");
        let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, event.join(name)).expect("symlink");
        link(&outside.path().join("secret.md"), "secret.md");
        link(outside.path(), "elsewhere");
        link(Path::new("/"), "root");
        link(&event.join("real"), "inside");
        link(&event.join("real/a.md"), "b.md");
        let Walked { files, warnings, .. } = walk(dir.path()).expect("walks");
        let files: Vec<String> = files.into_iter().map(|(rel, _)| rel).collect();
        assert_eq!(files, ["2019-x/b.md", "2019-x/inside/a.md"], "links inside the root are read, once per folder");
        let skipped: Vec<&str> = warnings.iter().filter(|w| w.is_skipped()).map(|w| w.file.as_str()).collect();
        assert_eq!(skipped.len(), 3, "{warnings:?}");
        for name in ["elsewhere", "root", "secret.md"] {
            assert!(skipped.iter().any(|f| f.ends_with(&format!("2019-x/{name}"))), "{name}: {skipped:?}");
        }
        assert!(warnings.iter().filter(|w| w.is_skipped()).all(|w| w.message.contains("outside the collection")));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let event = dir.path().join("2019-x");
        fs::create_dir_all(&event).expect("mkdir");
        fs::write(event.join("a.md"), "# A").expect("write");
        std::os::unix::fs::symlink(&event, event.join("loop")).expect("symlink");
        let (files, warnings) = found(dir.path());
        assert_eq!(files, ["2019-x/a.md"]);
        assert!(warnings.iter().any(|w| w.contains("symlink loop")), "{warnings:?}");
    }
}
