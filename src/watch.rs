//! Watching the notes folder, the keymap, the config and the saved searches, so edits made
//! elsewhere show up within a second. Events are collected until the files
//! have been quiet briefly, so an editor's save (often several events) is
//! one reload.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

/// Folders watched without the events of files opened on Linux
/// ([`crate::folder_watch`]); notify's watcher elsewhere.
#[cfg(target_os = "linux")]
type RecommendedWatcher = crate::folder_watch::FolderWatcher;
#[cfg(not(target_os = "linux"))]
use notify::RecommendedWatcher;

/// How long the files must be quiet before a change is reported.
const SETTLE: Duration = Duration::from_millis(200);

/// What changed since the last report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    pub notes: bool,
    /// The paths under the notes folder that changed, relative to it and
    /// `/`-separated, so one edited note can be read again alone; when some
    /// change has no such path, `notes_elsewhere` is set.
    pub note_files: std::collections::BTreeSet<String>,
    pub notes_elsewhere: bool,
    pub keymap: bool,
    pub config: bool,
    pub searches: bool,
    /// The state file (another instance saved).
    pub state: bool,
}

impl Changes {
    pub fn any(&self) -> bool {
        self.notes || self.keymap || self.config || self.searches || self.state
    }
}

/// The single files watched besides the notes folder.
#[derive(Debug, Clone, Default)]
pub struct WatchedFiles {
    pub keymap: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub searches: Option<PathBuf>,
    /// The state file, written by other instances too.
    pub state: Option<PathBuf>,
}

/// Watches until dropped; settled changes are handed to the callback given
/// to [`FileWatch::new`], from the watch's own thread, which sleeps until
/// a file changes.
pub struct FileWatch {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// Which watched file a path is.
struct Sorter {
    notes_root: Option<PathBuf>,
    files: WatchedFiles,
}

impl Sorter {
    fn sort(&self, path: &Path, pending: &mut Changes) {
        let same_file = |file: &Option<PathBuf>| file.as_ref().is_some_and(|f| f.file_name() == path.file_name());
        if same_file(&self.files.keymap) {
            pending.keymap = true;
        } else if same_file(&self.files.config) {
            pending.config = true;
        } else if same_file(&self.files.searches) {
            pending.searches = true;
        } else if same_file(&self.files.state) {
            pending.state = true;
        } else if self.notes_root.as_ref().is_some_and(|root| path.starts_with(root)) && is_interesting(path) {
            pending.notes = true;
            let rel = self.notes_root.as_ref().and_then(|root| path.strip_prefix(root).ok());
            let rel = rel.and_then(|rel| {
                let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
                parts.map(|parts| parts.join("/")).filter(|rel| !rel.is_empty())
            });
            match rel {
                Some(rel) => drop(pending.note_files.insert(rel)),
                None => pending.notes_elsewhere = true,
            }
        }
    }
}

impl FileWatch {
    /// Watches the notes folder (if any) and the folders holding the other
    /// files; a missing one is skipped. `report` is called with the changes
    /// once the files have been quiet for a moment.
    pub fn new(
        notes_root: Option<&Path>,
        files: &WatchedFiles,
        report: impl Fn(Changes) + Send + 'static,
    ) -> notify::Result<Self> {
        let (tx, events) = channel();
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher = RecommendedWatcher::new(
            move |event: notify::Result<notify::Event>| {
                // A file opened or closed unchanged (each file a load reads:
                // 100,000 at a cold start) changes nothing: not sent on.
                if !event.as_ref().is_ok_and(|event| matches!(event.kind, EventKind::Access(_))) {
                    let _ = tx.send(event);
                }
            },
            config,
        )?;
        if let Some(root) = notes_root {
            watch_tree(&mut watcher, root)?;
        }
        // Editors often save by renaming a new file over the old one, so watch the folder.
        for file in [&files.keymap, &files.config, &files.searches, &files.state].into_iter().flatten() {
            if let Some(dir) = file.parent().filter(|d| d.is_dir()) {
                let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
            }
        }
        let canonical = |p: Option<&Path>| p.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
        let sorter = Sorter { notes_root: canonical(notes_root), files: files.clone() };
        let watcher = Arc::new(Mutex::new(watcher));
        // Weak: the watcher goes when this FileWatch does, which ends the thread.
        let growing = Growing { root: notes_root.map(Path::to_path_buf), watcher: Arc::downgrade(&watcher) };
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || settle(&events, &sorter, &growing, &report))
            .map_err(|e| notify::Error::generic(&e.to_string()))?;
        Ok(Self { _watcher: watcher })
    }
}

/// Watches `root` and every folder under it, each on its own (not
/// recursively). notify's recursive watch stats every file of the tree to
/// find its folders (10,000 files at start, beside the saved index's own
/// check of them); the folders' listings say which entries are folders.
/// Links are not followed: a link to a folder inside the collection is
/// watched where it leads; one leading out of it is not read by the walk
/// either (`notes::walk`). Hidden folders are left out, as the walk leaves
/// them. Only `root` failing, or running out of watches, is an error.
fn watch_tree(watcher: &mut RecommendedWatcher, root: &Path) -> notify::Result<()> {
    use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir};
    use std::os::unix::ffi::OsStrExt as _;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    // Every folder listed into one buffer, its entries' names borrowed from
    // it: nothing is made per file (100,000 of them), only per folder.
    let mut buffer = vec![std::mem::MaybeUninit::<u8>::uninit(); 64 << 10];
    let mut todo = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = todo.pop() {
        if depth >= crate::notes::MAX_DEPTH {
            continue;
        }
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let Ok(folder) = rustix::fs::open(&dir, flags, Mode::empty()) else { continue };
        let mut entries = RawDir::new(&folder, &mut buffer);
        while let Some(Ok(entry)) = entries.next() {
            let name = std::ffi::OsStr::from_bytes(entry.file_name().to_bytes());
            if crate::notes::passed_over(name) {
                continue;
            }
            let is_dir = match entry.file_type() {
                FileType::Directory => true,
                // Not every file system says in the listing: asked, links not followed.
                FileType::Unknown => rustix::fs::statat(&folder, entry.file_name(), AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Directory),
                _ => false,
            };
            if !is_dir {
                continue;
            }
            let path = dir.join(name);
            match watcher.watch(&path, RecursiveMode::NonRecursive) {
                Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => return Err(e),
                // Gone since it was listed: its parent's watch tells.
                Err(_) => {}
                Ok(()) => todo.push((path, depth + 1)),
            }
        }
    }
    Ok(())
}

/// Folders made or moved into the notes folder while it is watched: watched
/// too, as a recursive watch would.
struct Growing {
    root: Option<PathBuf>,
    watcher: Weak<Mutex<RecommendedWatcher>>,
}

impl Growing {
    fn take_in(&self, event: &notify::Event) {
        use notify::event::ModifyKind;
        if !matches!(event.kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))) {
            return;
        }
        let Some(root) = &self.root else { return };
        for path in &event.paths {
            let folder = path.starts_with(root) && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            if let (true, Some(watcher)) = (folder, self.watcher.upgrade()) {
                if let Ok(mut watcher) = watcher.lock() {
                    // Without it only this folder's edits go unseen; the app goes on.
                    let _ = watch_tree(&mut watcher, path);
                }
            }
        }
    }
}

/// Sleeps until an event comes, collects events until the files have been
/// quiet for [`SETTLE`], reports, and sleeps again. Ends with the watcher.
fn settle(
    events: &Receiver<notify::Result<notify::Event>>,
    sorter: &Sorter,
    growing: &Growing,
    report: &dyn Fn(Changes),
) {
    let mut pending = Changes::default();
    while let Ok(first) = events.recv() {
        let mut next = Some(first);
        while let Some(event) = next.take() {
            if let Ok(event) = event {
                if !matches!(event.kind, EventKind::Access(_)) {
                    growing.take_in(&event);
                    event.paths.iter().for_each(|path| sorter.sort(path, &mut pending));
                }
            }
            match events.recv_timeout(SETTLE) {
                Ok(event) => next = Some(event),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if pending.any() {
            report(std::mem::take(&mut pending));
        }
    }
}

/// Markdown, the vocabulary, or a folder (a moved or removed event); not editor swap files.
fn is_interesting(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
        return false;
    }
    name.ends_with(".md") || name.ends_with(".markdown") || name == "topics.toml" || path.extension().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A watch whose reports come down the returned channel.
    fn watch(root: Option<&Path>, files: &WatchedFiles) -> (FileWatch, Receiver<Changes>) {
        let (tx, rx) = channel();
        let watch = FileWatch::new(root, files, move |changes| {
            let _ = tx.send(changes);
        })
        .expect("watches");
        (watch, rx)
    }

    fn wait_for(reports: &Receiver<Changes>) -> Changes {
        reports.recv_timeout(Duration::from_secs(5)).unwrap_or_default()
    }

    #[test]
    fn a_note_edit_is_reported_once_settled() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("2019-x")).expect("mkdir");
        let (_watch, reports) = watch(Some(dir.path()), &WatchedFiles::default());
        fs::write(dir.path().join("2019-x/a.md"), "# A").expect("write");
        let changes = wait_for(&reports);
        assert!(changes.notes && !changes.keymap, "{changes:?}");
        assert_eq!(changes.note_files.iter().collect::<Vec<_>>(), ["2019-x/a.md"], "{changes:?}");
        assert!(!reports.recv_timeout(SETTLE * 3).unwrap_or_default().any(), "reported once");
    }

    #[test]
    fn keymap_saves_are_told_apart_from_notes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keymap = dir.path().join("keymap.toml");
        let (_watch, reports) = watch(None, &WatchedFiles { keymap: Some(keymap.clone()), ..WatchedFiles::default() });
        fs::write(&keymap, "[global]\n").expect("write");
        let changes = wait_for(&reports);
        assert!(changes.keymap && !changes.notes, "{changes:?}");
    }

    #[test]
    fn saved_searches_edits_are_told_apart_from_the_config_beside_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = WatchedFiles {
            config: Some(dir.path().join("config.toml")),
            searches: Some(dir.path().join("searches.toml")),
            ..WatchedFiles::default()
        };
        let (_watch, reports) = watch(None, &files);
        fs::write(dir.path().join("searches.toml"), "[[search]]\n").expect("write");
        let changes = wait_for(&reports);
        assert_eq!(changes, Changes { searches: true, ..Changes::default() });
    }

    #[test]
    fn a_folder_linked_from_outside_the_collection_is_not_watched() {
        let notes = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        fs::create_dir(notes.path().join("2019-x")).expect("mkdir");
        std::os::unix::fs::symlink(outside.path(), notes.path().join("2020-linked")).expect("link");
        let (_watch, reports) = watch(Some(notes.path()), &WatchedFiles::default());
        fs::write(outside.path().join("a.md"), "# Not a note of the collection").expect("write");
        assert!(!reports.recv_timeout(SETTLE * 3).unwrap_or_default().any(), "the walk does not read it either");
        fs::write(notes.path().join("2019-x/b.md"), "# B").expect("write");
        assert!(wait_for(&reports).notes, "the collection's own folders are watched");
    }

    #[test]
    fn a_folder_made_while_watched_is_watched_with_the_folders_in_it() {
        let notes = tempfile::tempdir().expect("tempdir");
        let (_watch, reports) = watch(Some(notes.path()), &WatchedFiles::default());
        fs::create_dir_all(notes.path().join("2024-new/day-1")).expect("mkdir");
        assert!(wait_for(&reports).notes, "the new folder is a change");
        fs::write(notes.path().join("2024-new/day-1/a.md"), "# A").expect("write");
        let changes = wait_for(&reports);
        assert_eq!(changes.note_files.iter().collect::<Vec<_>>(), ["2024-new/day-1/a.md"], "{changes:?}");
    }

    #[test]
    fn nested_folders_present_at_start_are_watched() {
        let notes = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(notes.path().join("2019-x/day-2/room")).expect("mkdir");
        let (_watch, reports) = watch(Some(notes.path()), &WatchedFiles::default());
        fs::write(notes.path().join("2019-x/day-2/room/a.md"), "# A").expect("write");
        let changes = wait_for(&reports);
        assert_eq!(changes.note_files.iter().collect::<Vec<_>>(), ["2019-x/day-2/room/a.md"], "{changes:?}");
    }

    #[test]
    fn swap_files_are_ignored() {
        assert!(!is_interesting(Path::new("/n/.a.md.swp")));
        assert!(!is_interesting(Path::new("/n/a.md~")));
        assert!(is_interesting(Path::new("/n/2019/a.md")));
        assert!(!is_interesting(Path::new("/n/photo.png")));
    }
}
