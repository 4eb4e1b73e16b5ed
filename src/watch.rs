//! Watching the notes folder, the keymap, the config and the saved searches, so edits made
//! elsewhere show up within a second. Events are collected until the files
//! have been quiet briefly, so an editor's save (often several events) is
//! one reload.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

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
    _watcher: RecommendedWatcher,
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
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        if let Some(root) = notes_root {
            watcher.watch(root, RecursiveMode::Recursive)?;
        }
        // Editors often save by renaming a new file over the old one, so watch the folder.
        for file in [&files.keymap, &files.config, &files.searches, &files.state].into_iter().flatten() {
            if let Some(dir) = file.parent().filter(|d| d.is_dir()) {
                let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
            }
        }
        let canonical = |p: Option<&Path>| p.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
        let sorter = Sorter { notes_root: canonical(notes_root), files: files.clone() };
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || settle(&events, &sorter, &report))
            .map_err(|e| notify::Error::generic(&e.to_string()))?;
        Ok(Self { _watcher: watcher })
    }
}

/// Sleeps until an event comes, collects events until the files have been
/// quiet for [`SETTLE`], reports, and sleeps again. Ends with the watcher.
fn settle(events: &Receiver<notify::Result<notify::Event>>, sorter: &Sorter, report: &dyn Fn(Changes)) {
    let mut pending = Changes::default();
    while let Ok(first) = events.recv() {
        let mut next = Some(first);
        while let Some(event) = next.take() {
            if let Ok(event) = event {
                if !matches!(event.kind, EventKind::Access(_)) {
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
    fn swap_files_are_ignored() {
        assert!(!is_interesting(Path::new("/n/.a.md.swp")));
        assert!(!is_interesting(Path::new("/n/a.md~")));
        assert!(is_interesting(Path::new("/n/2019/a.md")));
        assert!(!is_interesting(Path::new("/n/photo.png")));
    }
}
