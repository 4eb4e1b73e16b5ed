//! Folders watched through inotify itself (Linux), for `watch`: notify's
//! watcher, less the events of files opened. notify asks inotify for every
//! file opened in a watched folder; a load reading every file (100,000 at a
//! cold start, just after the watch is set up) had the kernel queue an
//! event for each, wake notify's thread for it, and that thread drop it:
//! about 5% of both processors' time while the load reads. Here only
//! changes are asked for, and events come as notify's do (same kinds, same
//! paths), so `watch` takes either watcher.

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};
use notify::{Event, EventHandler, EventKind, RecursiveMode, WatcherKind};
use rustix::event::{EventfdFlags, PollFd, PollFlags};
use rustix::fd::OwnedFd;
use rustix::fs::inotify::{self, ReadFlags, WatchFlags};
use rustix::io::Errno;

/// What each folder is watched for: what notify asks, without `OPEN`.
const CHANGES: WatchFlags = WatchFlags::ATTRIB
    .union(WatchFlags::CREATE)
    .union(WatchFlags::DELETE)
    .union(WatchFlags::CLOSE_WRITE)
    .union(WatchFlags::MODIFY)
    .union(WatchFlags::MOVED_FROM)
    .union(WatchFlags::MOVED_TO)
    .union(WatchFlags::DELETE_SELF)
    .union(WatchFlags::MOVE_SELF);

/// Each watched folder by its watch descriptor.
type Folders = Arc<Mutex<HashMap<i32, PathBuf>>>;

/// Watches folders (each on its own, not recursively) until dropped; events
/// go to the handler from the watcher's own thread.
pub struct FolderWatcher {
    inotify: Arc<OwnedFd>,
    folders: Folders,
    /// Written once when dropped: the thread ends.
    stop: Arc<OwnedFd>,
}

impl notify::Watcher for FolderWatcher {
    fn new<F: EventHandler>(mut handler: F, _config: notify::Config) -> notify::Result<Self> {
        let inotify = inotify::init(inotify::CreateFlags::CLOEXEC | inotify::CreateFlags::NONBLOCK).map_err(io)?;
        let stop = rustix::event::eventfd(0, EventfdFlags::CLOEXEC).map_err(io)?;
        let (inotify, stop, folders) = (Arc::new(inotify), Arc::new(stop), Folders::default());
        let watcher = Self { inotify: Arc::clone(&inotify), folders: Arc::clone(&folders), stop: Arc::clone(&stop) };
        std::thread::Builder::new()
            .name("folder watch".into())
            .spawn(move || run(&inotify, &stop, &folders, &mut |event| handler.handle_event(event)))
            .map_err(notify::Error::io)?;
        Ok(watcher)
    }

    fn watch(&mut self, path: &Path, _mode: RecursiveMode) -> notify::Result<()> {
        let wd = inotify::add_watch(&*self.inotify, path, CHANGES).map_err(|e| {
            match e {
                // As notify tells them: out of watches, or gone.
                Errno::NOSPC => notify::Error::new(notify::ErrorKind::MaxFilesWatch),
                Errno::NOENT => notify::Error::new(notify::ErrorKind::PathNotFound),
                e => io(e),
            }
            .add_path(path.to_path_buf())
        })?;
        // A folder watched again (moved, then found) keeps its descriptor: its new path.
        lock(&self.folders).insert(wd, path.to_path_buf());
        Ok(())
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        let wd = lock(&self.folders).iter().find(|(_, p)| p.as_path() == path).map(|(&wd, _)| wd);
        let wd = wd.ok_or_else(|| notify::Error::watch_not_found().add_path(path.to_path_buf()))?;
        inotify::remove_watch(&*self.inotify, wd).map_err(io)
    }

    fn kind() -> WatcherKind {
        WatcherKind::Inotify
    }
}

impl Drop for FolderWatcher {
    fn drop(&mut self) {
        // If it fails the thread sleeps on until the process ends; nothing is reported by then.
        let _ = rustix::io::write(&*self.stop, &1u64.to_ne_bytes());
    }
}

fn io(e: Errno) -> notify::Error {
    notify::Error::io(e.into())
}

/// The folders, even if a handler panicked while they were held.
fn lock(folders: &Folders) -> std::sync::MutexGuard<'_, HashMap<i32, PathBuf>> {
    folders.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Sleeps until inotify has events or `stop` is written; hands each event
/// over as notify would.
fn run(inotify: &OwnedFd, stop: &OwnedFd, folders: &Folders, handle: &mut dyn FnMut(notify::Result<Event>)) {
    let mut buffer = vec![std::mem::MaybeUninit::<u8>::uninit(); 16 << 10];
    loop {
        let mut fds = [PollFd::new(inotify, PollFlags::IN), PollFd::new(stop, PollFlags::IN)];
        match rustix::event::poll(&mut fds, None) {
            Ok(_) | Err(Errno::INTR) => {}
            Err(_) => return,
        }
        if !fds[1].revents().is_empty() {
            return;
        }
        let mut events = inotify::Reader::new(inotify, &mut buffer);
        loop {
            let event = match events.next() {
                Ok(event) => event,
                Err(Errno::INTR) => continue,
                // AGAIN: all read.
                Err(_) => break,
            };
            let flags = event.events();
            if flags.contains(ReadFlags::QUEUE_OVERFLOW) {
                handle(Ok(Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)));
            }
            let mut folders = lock(folders);
            if flags.contains(ReadFlags::IGNORED) {
                // The folder went, or its watch was removed: the kernel forgets its descriptor.
                folders.remove(&event.wd());
                continue;
            }
            let Some(folder) = folders.get(&event.wd()) else { continue };
            let path = match event.file_name() {
                Some(name) => folder.join(std::ffi::OsStr::from_bytes(name.to_bytes())),
                None => folder.clone(),
            };
            // A folder moved away is no longer watched under its old path
            // (as notify does); watched again where it went if found there.
            if flags.contains(ReadFlags::MOVED_FROM | ReadFlags::ISDIR) {
                if let Some(wd) = folders.iter().find(|(_, p)| **p == path).map(|(&wd, _)| wd) {
                    let _ = inotify::remove_watch(inotify, wd);
                }
            }
            drop(folders);
            for kind in kinds(flags) {
                handle(Ok(Event::new(kind).add_path(path.clone())));
            }
        }
    }
}

/// The kinds notify gives an inotify event with `flags`, in its order.
fn kinds(flags: ReadFlags) -> Vec<EventKind> {
    let folder = flags.contains(ReadFlags::ISDIR);
    let mut kinds = Vec::new();
    if flags.contains(ReadFlags::MOVED_FROM) {
        kinds.push(EventKind::Modify(ModifyKind::Name(RenameMode::From)));
    } else if flags.contains(ReadFlags::MOVED_TO) {
        kinds.push(EventKind::Modify(ModifyKind::Name(RenameMode::To)));
    }
    if flags.contains(ReadFlags::MOVE_SELF) {
        kinds.push(EventKind::Modify(ModifyKind::Name(RenameMode::From)));
    }
    if flags.contains(ReadFlags::CREATE) {
        kinds.push(EventKind::Create(if folder { CreateKind::Folder } else { CreateKind::File }));
    }
    if flags.contains(ReadFlags::DELETE) {
        kinds.push(EventKind::Remove(if folder { RemoveKind::Folder } else { RemoveKind::File }));
    }
    if flags.contains(ReadFlags::DELETE_SELF) {
        kinds.push(EventKind::Remove(RemoveKind::Folder));
    }
    if flags.contains(ReadFlags::MODIFY) {
        kinds.push(EventKind::Modify(ModifyKind::Data(DataChange::Any)));
    }
    if flags.contains(ReadFlags::CLOSE_WRITE) {
        kinds.push(EventKind::Access(AccessKind::Close(AccessMode::Write)));
    }
    if flags.contains(ReadFlags::ATTRIB) {
        kinds.push(EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)));
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::Watcher as _;
    use std::sync::mpsc::{channel, Receiver};
    use std::time::Duration;

    fn watching(dir: &Path) -> (FolderWatcher, Receiver<notify::Result<Event>>) {
        let (tx, rx) = channel();
        let mut watcher = FolderWatcher::new(
            move |event| {
                let _ = tx.send(event);
            },
            notify::Config::default(),
        )
        .expect("inotify");
        watcher.watch(dir, RecursiveMode::NonRecursive).expect("watches");
        (watcher, rx)
    }

    #[test]
    fn files_read_in_a_watched_folder_give_no_event_and_a_change_does() {
        let dir = tempfile::tempdir().expect("temp dir");
        let note = dir.path().join("a.md");
        std::fs::write(&note, "# A\n").expect("writes");
        let (_watcher, events) = watching(dir.path());
        for _ in 0..3 {
            assert_eq!(std::fs::read_to_string(&note).expect("reads"), "# A\n");
        }
        std::fs::write(dir.path().join("b.md"), "# B\n").expect("writes");
        let first = events.recv_timeout(Duration::from_secs(5)).expect("an event").expect("no error");
        assert_eq!(first.kind, EventKind::Create(CreateKind::File), "the write, not the reads: {first:?}");
        assert_eq!(first.paths, [dir.path().join("b.md")]);
    }

    #[test]
    fn a_folder_made_moved_and_removed_is_told_with_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_watcher, events) = watching(dir.path());
        let made = dir.path().join("2024-x");
        std::fs::create_dir(&made).expect("makes");
        let moved = dir.path().join("2024-y");
        std::fs::rename(&made, &moved).expect("moves");
        std::fs::remove_dir(&moved).expect("removes");
        let mut seen = Vec::new();
        while let Ok(Ok(event)) = events.recv_timeout(Duration::from_secs(2)) {
            seen.push((event.kind, event.paths));
            if seen.len() == 4 {
                break;
            }
        }
        assert_eq!(
            seen,
            [
                (EventKind::Create(CreateKind::Folder), vec![made.clone()]),
                (EventKind::Modify(ModifyKind::Name(RenameMode::From)), vec![made]),
                (EventKind::Modify(ModifyKind::Name(RenameMode::To)), vec![moved.clone()]),
                (EventKind::Remove(RemoveKind::Folder), vec![moved]),
            ]
        );
    }

    #[test]
    fn a_missing_folder_is_not_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut watcher, _events) = watching(dir.path());
        let error = watcher.watch(&dir.path().join("gone"), RecursiveMode::NonRecursive).expect_err("missing");
        assert!(matches!(error.kind, notify::ErrorKind::PathNotFound), "{error:?}");
    }
}
