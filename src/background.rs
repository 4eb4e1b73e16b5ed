//! Work the runtime hands to other threads so that no frame and no key
//! waits for it: the whole collection after a first look (from the saved
//! index or every file), reading it again after a change, saving the index,
//! and building the indexes the app searches.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::app::{App, SearchIndexes};
use crate::notes::{cache, Collection, Listing, RelatedIndex};
use crate::startup::IndexToSave;

/// The whole collection being read off the UI thread, behind a first look.
pub struct NotesTask {
    done: Receiver<NotesRead>,
    /// Files read so far and in all.
    progress: (Arc<AtomicUsize>, usize),
}

/// What a [`NotesTask`] found.
pub enum NotesRead {
    /// The folder as it is now, and the index to save for it.
    Read(Box<Collection>, Option<IndexToSave>),
    Failed(String),
}

impl NotesTask {
    /// The whole collection behind a first look: from the saved index at
    /// `index` when it still matches every file, else by reading every file
    /// of `listing` (and saving the index for next time).
    pub fn read_all(listing: Listing, index: Option<PathBuf>) -> Self {
        let (tx, done) = mpsc::channel();
        let count = Arc::new(AtomicUsize::new(0));
        let total = listing.file_count();
        let counter = Arc::clone(&count);
        std::thread::spawn(move || {
            let root = listing.root().to_path_buf();
            let saved = index.as_deref().and_then(|index| cache::load_unchecked(index, &root));
            if let Some((collection, _)) = saved.filter(|(_, stamps)| cache::is_current(stamps, &root)) {
                let _ = tx.send(NotesRead::Read(Box::new(collection), None));
                return;
            }
            let (collection, stamps) = listing.load(&counter);
            let root = match &collection.origin {
                crate::notes::Origin::Folder(root) => root.clone(),
                crate::notes::Origin::Bundled => PathBuf::new(),
            };
            let save = IndexToSave::worth_it(index, &root, stamps);
            // The receiver is gone only when the app has quit.
            let _ = tx.send(NotesRead::Read(Box::new(collection), save));
        });
        Self { done, progress: (count, total) }
    }

    /// Files read so far and in all, for the status line.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let (count, total) = &self.progress;
        Some((count.load(Ordering::Relaxed).min(*total), *total))
    }

    /// The outcome, once there is one.
    pub fn outcome(&self) -> Option<NotesRead> {
        self.done.try_recv().ok()
    }
}

/// The notes folder read again after a change on disk, off the UI thread:
/// 10,000 notes take about 150 ms, which no key should wait for.
pub struct Reload {
    done: Receiver<Result<Collection, String>>,
}

impl Reload {
    pub fn start(root: PathBuf) -> Self {
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            let read = crate::notes::load_folder(&root).map_err(|e| e.to_string());
            // The receiver is gone only when the app has quit.
            let _ = tx.send(read);
        });
        Self { done }
    }

    /// The folder as read, or why it could not be, once done.
    pub fn outcome(&self) -> Option<Result<Collection, String>> {
        match self.done.try_recv() {
            Ok(read) => Some(read),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("the reading thread stopped".to_string())),
        }
    }
}

/// The notes' index being written for the next start, off the UI thread.
/// Dropping it waits for the write, so quitting never leaves half a file behind.
#[derive(Default)]
pub struct IndexSave(Option<JoinHandle<()>>);

impl IndexSave {
    pub fn start(save: IndexToSave, collection: Arc<Collection>) -> Self {
        let handle = std::thread::spawn(move || {
            // Only time is lost without an index: the next start reads the folder.
            if let Err(e) = cache::save(&save.path, &save.root, save.stamps, &collection) {
                crate::log::write(&format!("could not save the notes index {}: {e}", save.path.display()));
            }
        });
        Self(Some(handle))
    }

    pub fn is_done(&self) -> bool {
        self.0.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for IndexSave {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

/// An index built off the UI thread.
pub enum Built {
    Related(RelatedIndex),
    Search(SearchIndexes),
}

/// Starts building, on another thread, the related-notes index when the app
/// waits for it, then the finder and full-text indexes (always sent last).
pub fn build_indexes(app: &App) -> Receiver<Built> {
    let (tx, rx) = mpsc::channel();
    let collection = Arc::clone(&app.collection);
    let related = app.related_pending;
    std::thread::spawn(move || {
        // The receiver is gone only when the app has quit or reloaded: nothing to hand over.
        if related {
            let _ = tx.send(Built::Related(RelatedIndex::build(&collection)));
        }
        let _ = tx.send(Built::Search(SearchIndexes::build(&collection)));
    });
    rx
}
