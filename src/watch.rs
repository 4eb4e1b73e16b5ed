//! Watching the notes folder, the keymap, the config and the saved searches, so edits made
//! elsewhere show up within a second. Events are collected until the files
//! have been quiet briefly, so an editor's save (often several events) is
//! one reload.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the files must be quiet before a change is reported.
const SETTLE: Duration = Duration::from_millis(200);

/// What changed since the last report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changes {
    pub notes: bool,
    pub keymap: bool,
    pub config: bool,
    pub searches: bool,
}

impl Changes {
    pub fn any(self) -> bool {
        self.notes || self.keymap || self.config || self.searches
    }
}

/// The single files watched besides the notes folder.
#[derive(Debug, Clone, Default)]
pub struct WatchedFiles {
    pub keymap: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub searches: Option<PathBuf>,
}

pub struct FileWatch {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    notes_root: Option<PathBuf>,
    keymap: Option<PathBuf>,
    config: Option<PathBuf>,
    searches: Option<PathBuf>,
    pending: Changes,
    last_event: Option<Instant>,
}

impl FileWatch {
    /// Watches the notes folder (if any) and the folders holding the other
    /// files; a missing one is skipped.
    pub fn new(notes_root: Option<&Path>, files: &WatchedFiles) -> notify::Result<Self> {
        let WatchedFiles { keymap, config, searches } = files;
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        if let Some(root) = notes_root {
            watcher.watch(root, RecursiveMode::Recursive)?;
        }
        // Editors often save by renaming a new file over the old one, so watch the folder.
        for file in [keymap, config, searches].into_iter().flatten() {
            if let Some(dir) = file.parent().filter(|d| d.is_dir()) {
                let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
            }
        }
        let canonical = |p: Option<&Path>| p.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
        Ok(Self {
            _watcher: watcher,
            events,
            notes_root: canonical(notes_root),
            keymap: keymap.clone(),
            config: config.clone(),
            searches: searches.clone(),
            pending: Changes::default(),
            last_event: None,
        })
    }

    /// Drains events; returns the changes once the files have settled.
    pub fn poll(&mut self) -> Changes {
        while let Ok(event) = self.events.try_recv() {
            let Ok(event) = event else { continue };
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                let same_file =
                    |file: &Option<PathBuf>| file.as_ref().is_some_and(|f| f.file_name() == path.file_name());
                if same_file(&self.keymap) {
                    self.pending.keymap = true;
                } else if same_file(&self.config) {
                    self.pending.config = true;
                } else if same_file(&self.searches) {
                    self.pending.searches = true;
                } else if self.notes_root.as_ref().is_some_and(|root| path.starts_with(root)) && is_interesting(path) {
                    self.pending.notes = true;
                }
            }
            self.last_event = Some(Instant::now());
        }
        match self.last_event {
            Some(at) if at.elapsed() >= SETTLE && self.pending.any() => {
                self.last_event = None;
                std::mem::take(&mut self.pending)
            }
            _ => Changes::default(),
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

    fn wait_for(watch: &mut FileWatch) -> Changes {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            let changes = watch.poll();
            if changes.any() {
                return changes;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Changes::default()
    }

    #[test]
    fn a_note_edit_is_reported_once_settled() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("2019-x")).expect("mkdir");
        let mut watch = FileWatch::new(Some(dir.path()), &WatchedFiles::default()).expect("watches");
        fs::write(dir.path().join("2019-x/a.md"), "# A").expect("write");
        let changes = wait_for(&mut watch);
        assert!(changes.notes && !changes.keymap, "{changes:?}");
        assert!(!watch.poll().any(), "reported once");
    }

    #[test]
    fn keymap_saves_are_told_apart_from_notes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keymap = dir.path().join("keymap.toml");
        let mut watch = FileWatch::new(None, &WatchedFiles { keymap: Some(keymap.clone()), ..WatchedFiles::default() })
            .expect("watches");
        fs::write(&keymap, "[global]\n").expect("write");
        let changes = wait_for(&mut watch);
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
        let mut watch = FileWatch::new(None, &files).expect("watches");
        fs::write(dir.path().join("searches.toml"), "[[search]]\n").expect("write");
        let changes = wait_for(&mut watch);
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
