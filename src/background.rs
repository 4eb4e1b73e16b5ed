//! Work the runtime hands to other threads so that no frame and no key
//! waits for it: the whole collection after a first look (from the saved
//! index or every file), reading it again after a change, saving the index
//! and the read state, and building the indexes the app searches.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::SystemTime;

use crate::app::{App, SearchIndexes};
use crate::diagnostic::Diagnostic;
use crate::notes::{cache, Collection, LoadError};
use crate::preread::Preread;
use crate::relate::RelatedIndex;
use crate::saved_indexes;
use crate::startup::{IndexToSave, Listed, LookToSave};
use crate::state::{SaveError, State, Store};

/// The whole collection being read off the UI thread, behind a first look.
pub struct NotesTask {
    /// Files read so far and in all (0 until the folder is listed).
    progress: (Arc<AtomicUsize>, Arc<AtomicUsize>),
}

/// The saved stamps against the files' now, on the thread that stamped them.
enum Compared {
    /// No file changed since the collection was saved; where its indexes
    /// would be saved. The listing and stamps are let go.
    Unchanged(Option<saved_indexes::Place>),
    /// Some changed: the listing, the stamps saved and the files' now.
    Changed(crate::notes::Listing, cache::SavedStamps, crate::notes::Unnamed),
    /// No saved stamps, or no stamps now.
    Unknown(crate::notes::Listing),
}

/// What a [`NotesTask`] found.
pub enum NotesRead {
    /// The folder as it is now, the index to save for it, and what the
    /// indexes need of its texts, taken while they were in memory when
    /// every file was read.
    Read(Box<Collection>, Option<IndexToSave>, SavedIndexes, Option<Box<Preread>>),
    Failed(String),
}

/// The indexes saved for a collection read: loaded when no file changed,
/// else where to save them once built.
pub enum SavedIndexes {
    Loaded(Box<saved_indexes::Loaded>),
    /// Those saved before some notes were edited, told of the edits (finder,
    /// full text) but to be built again (related) and saved at the place.
    Patched(Box<saved_indexes::Loaded>, saved_indexes::Place),
    SaveAt(saved_indexes::Place),
    None,
}

impl NotesTask {
    /// The whole collection behind a first look: from the saved index at
    /// `index` when it still matches every file, else by reading every file
    /// of `listing` (and saving the index for next time). `look`, a first
    /// look made from the files, is saved first. `done` is called with the
    /// outcome, on the reading thread.
    pub fn read_all(
        listing: Listed,
        index: Option<PathBuf>,
        look: Option<(LookToSave, Arc<Collection>)>,
        done: impl FnOnce(NotesRead) + Send + 'static,
    ) -> Self {
        let count = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (counter, files) = (Arc::clone(&count), Arc::clone(&total));
        std::thread::spawn(move || {
            if let Some((to_save, look)) = look {
                to_save.save(&look);
            }
            let listing = match listing {
                Listed::Done(listing) => listing,
                Listed::Later(root) => match crate::notes::list_folder(&root) {
                    Ok(listing) => listing,
                    Err(e) => return done(NotesRead::Failed(format!("cannot read the notes folder: {e}"))),
                },
            };
            files.store(listing.file_count(), Ordering::Relaxed);
            let root = listing.root().to_path_buf();
            let place = |index: &Option<PathBuf>, root: &std::path::Path, stamps: &[crate::notes::FileStamp]| {
                let index = index.as_deref().filter(|_| stamps.len() >= cache::WORTH_SAVING_FROM)?;
                Some(saved_indexes::Place::beside(index, cache::fingerprint(root, stamps)))
            };
            // The same for the stamps a collection was saved with.
            let saved_place = |index: &Option<PathBuf>, root: &std::path::Path, stamps: &cache::SavedStamps| {
                let index = index.as_deref().filter(|_| stamps.len() >= cache::WORTH_SAVING_FROM)?;
                Some(saved_indexes::Place::beside(index, cache::saved_fingerprint(root, stamps)))
            };
            // On three threads, as they take about as long: the saved collection
            // decoded; the listed files' stamps taken now; the indexes saved last
            // decoded, to be used if they were built from the files as they are
            // now (if the collection is current, they are its indexes).
            // With no saved collection (a first start), no stamp is compared
            // with: none is taken (a stat of every file).
            let saved_exists = index.as_deref().is_some_and(std::path::Path::exists);
            let (index_at, root_at) = (&index, &root);
            let (compared, saved, mut last) = std::thread::scope(|scope| {
                // The saved stamps, handed over as soon as they are decoded,
                // before the notes: the listing and both sets of stamps (17
                // MiB at 100,000 notes) are compared and let go while the
                // notes and indexes are still being decoded, not held until
                // all of them are in memory, the peak of a start.
                let (hand, handed) = mpsc::sync_channel::<cache::SavedStamps>(1);
                let now = scope.spawn(move || {
                    let now = if saved_exists { listing.stamps_unnamed() } else { None };
                    match (now, handed.recv().ok()) {
                        (Some(now), Some(stamps)) if listing.unchanged(&now, &stamps) => {
                            // Fingerprinting hashes every file's stamp: once.
                            Compared::Unchanged(saved_place(index_at, root_at, &stamps))
                        }
                        (Some(now), Some(stamps)) => Compared::Changed(listing, stamps, now),
                        _ => Compared::Unknown(listing),
                    }
                });
                let last = scope.spawn(|| {
                    let index = index.as_deref()?;
                    saved_indexes::load_any(&saved_indexes::path_beside(index))
                });
                let saved = index.as_deref().and_then(|index| {
                    cache::load_unchecked_handing(index, &root, |stamps| {
                        // The stamping thread has not stopped: nothing else ends the channel.
                        let _ = hand.send(stamps);
                    })
                });
                // Stamps never handed over (none saved): the stamping thread waits no longer.
                drop(hand);
                (now.join().ok(), saved, last.join().ok().flatten())
            });
            // Decoding on two threads at once left holes between what it
            // kept (lists grown as they were read): given back.
            crate::memory::give_back();
            // The indexes saved last, when built from the files saved at `place`.
            let mut last_for = |place: Option<&saved_indexes::Place>| {
                let place = place?;
                let fits = last.as_ref().is_some_and(|(fingerprint, _)| *fingerprint == place.fingerprint);
                fits.then(|| last.take()).flatten().map(|(_, loaded)| Box::new(loaded))
            };
            let listing = match (compared, saved) {
                (Some(Compared::Unchanged(place_now)), Some(collection)) => {
                    // No file changed: nor did the indexes built from them.
                    let indexes = match (last_for(place_now.as_ref()), place_now) {
                        (Some(loaded), _) => SavedIndexes::Loaded(loaded),
                        (None, Some(place)) => SavedIndexes::SaveAt(place),
                        (None, None) => SavedIndexes::None,
                    };
                    done(NotesRead::Read(Box::new(collection), None, indexes, None));
                    return;
                }
                (Some(Compared::Changed(listing, stamps, now)), Some(mut collection)) => {
                    // Some notes edited since: only they are read again, and the
                    // indexes saved for the files as they were are told of them.
                    let now = listing.named(now);
                    if let Some(edited) = crate::notes::refresh::catch_up(&mut collection, &stamps.to_stamps(), &now) {
                        let before = last_for(saved_place(&index, &root, &stamps).as_ref());
                        let indexes = match (before, place(&index, &root, &now)) {
                            (Some(mut loaded), Some(place)) => {
                                loaded.search.notes_edited(&collection, &edited);
                                SavedIndexes::Patched(loaded, place)
                            }
                            (None, Some(place)) => SavedIndexes::SaveAt(place),
                            (_, None) => SavedIndexes::None,
                        };
                        let save = IndexToSave::worth_it(index, &root, now);
                        done(NotesRead::Read(Box::new(collection), save, indexes, None));
                        return;
                    }
                    Some(listing)
                }
                (Some(Compared::Changed(listing, ..) | Compared::Unknown(listing)), _) => Some(listing),
                // Let go as unchanged, but the notes could not be decoded; or
                // the stamping panicked (the hook logged it): listed again.
                (Some(Compared::Unchanged(_)), None) | (None, _) => None,
            };
            let listing = match listing.map_or_else(|| crate::notes::list_folder(&root), Ok) {
                Ok(listing) => listing,
                Err(e) => return done(NotesRead::Failed(format!("cannot read the notes folder: {e}"))),
            };
            // Of other files: not held while every file is read.
            drop(last);
            // The texts stay in their files (the reader opens a few notes),
            // each event's indexed for full text while it is in memory, on
            // the thread that read it: no index reads them all again.
            let (collection, stamps, seen) = listing.load_lean_seeing(&counter, &crate::preread::see);
            let root = match &collection.origin {
                crate::notes::Origin::Folder(root) => root.clone(),
                crate::notes::Origin::Bundled => PathBuf::new(),
            };
            // The files' stamps hashed and laid flat for the saves on another
            // thread, meanwhile: everything after waits for this thread.
            let (preread, (indexes, save)) = std::thread::scope(|scope| {
                let keys = scope.spawn(|| {
                    let indexes = place(&index, &root, &stamps).map_or(SavedIndexes::None, SavedIndexes::SaveAt);
                    (indexes, IndexToSave::worth_it(index, &root, stamps))
                });
                let preread = Preread::gather(&collection, seen);
                // Every file's text was read and let go: the holes it left, given back.
                crate::memory::give_back();
                // A panic there (the hook logged it): nothing saved.
                (preread, keys.join().unwrap_or((SavedIndexes::None, None)))
            });
            done(NotesRead::Read(Box::new(collection), save, indexes, Some(Box::new(preread))));
        });
        Self { progress: (count, total) }
    }

    /// Files read so far and in all, for the status line.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let (count, total) = &self.progress;
        let total = total.load(Ordering::Relaxed);
        (total > 0).then(|| (count.load(Ordering::Relaxed).min(total), total))
    }
}

/// A folder read again: the collection, and what the indexes need of its texts.
pub type Reread = (Collection, Box<Preread>);

/// Reads the notes folder again after a change on disk, off the UI thread
/// (10,000 notes take about 150 ms, which no key should wait for), and calls
/// `done` with the folder as read, or why it could not be.
pub fn reload(root: PathBuf, done: impl FnOnce(Result<Reread, ReloadError>) + Send + 'static) {
    std::thread::spawn(move || done(read_again(&root)));
}

/// Why the notes folder could not be read again.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The reading panicked (the hook logged it); the shown collection stays.
    #[error("the reading thread stopped")]
    Stopped,
}

fn read_again(root: &std::path::Path) -> Result<Reread, ReloadError> {
    let read = || -> Result<Reread, LoadError> {
        let listing = crate::notes::list_folder(root)?;
        let progress = AtomicUsize::new(0);
        let (collection, _, seen) = listing.load_lean_seeing(&progress, &crate::preread::see);
        let preread = Preread::gather(&collection, seen);
        Ok((collection, Box::new(preread)))
    };
    match std::panic::catch_unwind(read) {
        Ok(read) => Ok(read?),
        Err(_) => Err(ReloadError::Stopped),
    }
}

/// The state file written on another thread. A save locks the file, merges
/// it with what is on disk, writes and fsyncs: 3 ms for the state of 10,000
/// notes on a fast disk, far more on a slow one, and it follows every note
/// opened. Requests are written in order; of those waiting, only the newest,
/// which holds every change before it.
pub struct StateWriter {
    /// The app's state shared, not copied: the state of 100,000 notes (their
    /// first sightings) is megabytes, copied at the end of a first load, the
    /// peak of its memory. The app copies it only if it changes it while a
    /// save still holds it (`Arc::make_mut`).
    requests: Option<mpsc::Sender<Arc<State>>>,
    outcomes: Receiver<SaveOutcome>,
    thread: Option<JoinHandle<()>>,
}

/// How a save went.
pub struct SaveOutcome {
    /// What the file holds now, when that is more than was sent (another
    /// instance's changes); and where an unreadable file was moved. Or why
    /// the save failed.
    pub result: Result<(Option<State>, Option<PathBuf>), SaveError>,
    /// The file's modification time after the save, to tell our writes from others'.
    pub written: Option<SystemTime>,
    /// How many requests this save answers: those that waited behind it too.
    pub requests: usize,
}

impl StateWriter {
    /// Starts the writing thread; `written` is called after each save, when
    /// its outcome is there to take. `read`, the version of the file the
    /// app's state was read from: the first save, if the file is still that
    /// one, writes without reading it again (every state the app sends
    /// holds what it read).
    pub fn start(store: Store, read: Option<crate::state::Version>, written: impl Fn() + Send + 'static) -> Self {
        let (requests, waiting) = mpsc::channel::<Arc<State>>();
        let (done, outcomes) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let mut read = read;
            while let Ok(mut state) = waiting.recv() {
                let mut requests = 1;
                while let Ok(newer) = waiting.try_recv() {
                    state = newer;
                    requests += 1;
                }
                let result = match store.save_over(&state, read.take()) {
                    Ok((merged, moved, written)) => {
                        let merged = merged.filter(|merged| *merged != *state);
                        // The file holds this state now, and the app's next
                        // one holds all of it (its state only gains: each
                        // change a later register, merges joins): while the
                        // file stays as written, the next save writes without
                        // reading it back and merging into a copy of the
                        // state (megabytes at 100,000 notes, at the peak of a
                        // first start). Not after a merge the app has not
                        // taken in yet.
                        if merged.is_none() {
                            read = written;
                        }
                        Ok((merged, moved))
                    }
                    Err(e) => {
                        crate::log::write(&format!("saving state failed: {e}"));
                        Err(SaveError::from(&e))
                    }
                };
                // Nobody listens once the app is done; the writes still matter.
                let _ = done.send(SaveOutcome { result, written: store.modified(), requests });
                written();
            }
        });
        Self { requests: Some(requests), outcomes, thread: Some(thread) }
    }

    /// Asks for `state` to be written; an error if the writing thread is
    /// gone (it panicked: the hook logged why).
    pub fn save(&self, state: impl Into<Arc<State>>) -> Result<(), SaveError> {
        let state = state.into();
        let sent = self.requests.as_ref().is_some_and(|requests| requests.send(state).is_ok());
        if sent {
            Ok(())
        } else {
            Err(SaveError::WriterStopped)
        }
    }

    /// Outcomes of saves done since last asked.
    pub fn outcomes(&self) -> Vec<SaveOutcome> {
        self.outcomes.try_iter().collect()
    }

    /// The next save's outcome, waiting up to `timeout` for it.
    pub fn next_outcome(&self, timeout: std::time::Duration) -> Option<SaveOutcome> {
        self.outcomes.recv_timeout(timeout).ok()
    }

    /// Waits until every save asked for is written, and returns their outcomes.
    pub fn finish(&mut self) -> Vec<SaveOutcome> {
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.outcomes()
    }
}

impl Drop for StateWriter {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The notes' index being written for the next start, off the UI thread.
/// Dropping it waits for the write, so quitting never leaves half a file behind.
#[derive(Default)]
pub struct IndexSave(Option<JoinHandle<()>>);

impl IndexSave {
    /// Starts the write; `done` is called when it is over.
    pub fn start(save: IndexToSave, collection: Arc<Collection>, done: impl FnOnce() + Send + 'static) -> Self {
        let handle = std::thread::spawn(move || {
            // Only time is lost without an index: the next start reads the folder.
            if let Err(e) = cache::save_stamped(&save.path, &save.root, save.stamps, &collection) {
                crate::log::write(&format!("could not save the notes index {}: {e}", save.path.display()));
            }
            done();
        });
        Self(Some(handle))
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
    /// With the notes' problems, some of which only the index can find.
    Related(RelatedIndex, Vec<Diagnostic>),
    Search(SearchIndexes),
    /// The indexes asked to be saved are written (or could not be).
    Saved,
}

/// What [`build_indexes`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The related-notes index (and the problems found with it).
    pub related: bool,
    /// The finder and full-text indexes.
    pub search: bool,
}

impl Plan {
    /// What the app waits for: the search indexes, and the related index unless it has it.
    pub fn for_app(app: &App) -> Self {
        Self { related: app.related_pending(), search: true }
    }
}

/// Starts building, on another thread, the related-notes index when `plan`
/// asks for it, then the finder and full-text indexes (always handed over
/// last), each handed to `built` as it is done; from what a load took of
/// the texts (`preread`) when it read every file, else reading them. With
/// `save`, both are saved there for the next start before they are handed
/// over (the app owns them after): the search indexes written to the file
/// as soon as they are made, while the related index is built, the related
/// index encoded as it is written, last, by the thread saving the search
/// indexes, and handed over once written.
pub fn build_indexes(
    collection: Arc<Collection>,
    plan: Plan,
    save: Option<saved_indexes::Place>,
    preread: Option<Box<Preread>>,
    built: impl Fn(Built) + Send + 'static,
) {
    let Plan { related, search } = plan;
    let (parts, links, lines) =
        preread.map_or((None, None, None), |preread| (Some(preread.text), preread.links, preread.lines));
    std::thread::spawn(move || {
        // The full-text index first, from the load's parts, which go as soon
        // as it is made (it is still handed over last).
        let text =
            parts.filter(|_| search).and_then(|parts| crate::search::SearchIndex::from_parts(&collection, parts));
        // The parts were made on the reading threads and are let go here:
        // what they took stays with the allocator, scattered among what
        // lives on, unless given back.
        crate::memory::give_back();
        // Only both saved together: the search indexes wait for the related one.
        let saving = save.is_some();
        let save = save.filter(|_| related && search);
        let (save, shared) = (save.as_ref(), &collection);
        let search = std::thread::scope(|scope| {
            let collection = shared;
            // The related index and its problems, to the thread saving the
            // search indexes, which writes them last and gives them back.
            let (send_related, related_made) = mpsc::sync_channel::<(RelatedIndex, Vec<Diagnostic>)>(1);
            // Then the search indexes, on a thread of their own while the
            // related index is built: the reading is over and the other core
            // would wait for this one. The finder is not made beside the
            // full-text index's making, where the parts and the index they
            // make are both held: a finder (22 MiB at 100,000 notes) made
            // meanwhile, as on a busy machine, raised the peak of a start by
            // as much. They are written as made, and the related index after
            // them once it is built, encoded as it is written: little is left
            // to write then, and it is never held encoded.
            let searching = search.then(|| {
                scope.spawn(move || {
                    let text = text.unwrap_or_else(|| crate::search::SearchIndex::build(collection));
                    let finder = crate::search::Finder::new(collection);
                    // What the finder's making left free (its arena grown, texts folded)
                    // given back now, not at the end, the peak of a first start.
                    crate::memory::give_back();
                    let mut related = None;
                    if let Some(place) = save {
                        let made = || related_made.recv().ok();
                        let (saved, given) = saved_indexes::save_as_made(place, &text, &finder, made);
                        // A save given up before it asked keeps the related index to hand over.
                        related = given.or_else(|| related_made.recv().ok());
                        // Only time is lost without them: the next start builds them again.
                        if let Err(e) = saved {
                            crate::log::write(&format!("could not save the indexes {}: {e}", place.path.display()));
                        }
                    }
                    (SearchIndexes { finder, text }, related)
                })
            });
            if related {
                let index = match links {
                    Some(links) => RelatedIndex::build_with_links(collection, links, lines),
                    None => RelatedIndex::build(collection),
                };
                let problems = crate::check::problems(collection, &index);
                crate::memory::give_back();
                let unsaved = match save {
                    // The saving thread is gone only if it panicked (the hook logged it).
                    Some(_) => send_related.send((index, problems)).err().map(|unsent| unsent.0),
                    None => Some((index, problems)),
                };
                if let Some((index, problems)) = unsaved {
                    built(Built::Related(index, problems));
                }
            }
            // No related index to come: the save is given up.
            drop(send_related);
            // Search indexes whose thread panicked (the hook logged it) are
            // made here, and the related index it was saving, if any.
            let (search, saved_related) = searching.map_or((None, None), |searching| {
                let (search, saved) = searching.join().unwrap_or_else(|_| {
                    let related = (related && save.is_some()).then(|| {
                        let index = RelatedIndex::build(collection);
                        let problems = crate::check::problems(collection, &index);
                        (index, problems)
                    });
                    (SearchIndexes::build(collection), related)
                });
                (Some(search), saved)
            });
            if let Some((index, problems)) = saved_related {
                built(Built::Related(index, problems));
            }
            search
        });
        // The collection goes as soon as it is no longer needed: the app may
        // change it in place (a note edited on disk) once it is the only holder.
        drop(collection);
        if let Some(search) = search {
            crate::memory::give_back();
            built(Built::Search(search));
        }
        if saving {
            built(Built::Saved);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Origin;

    fn store_in(dir: &std::path::Path) -> Store {
        Store::for_collection(dir, &Origin::Folder(PathBuf::from("/notes")))
    }

    /// What a start from the saved index finds for the indexes: the folder
    /// `root` read behind a first look, with its index at `index`.
    fn indexes_at_start(root: &std::path::Path, index: &std::path::Path) -> &'static str {
        let listing = crate::notes::list_folder(root).expect("lists");
        let (tx, rx) = mpsc::channel();
        let listing = Listed::Done(listing);
        NotesTask::read_all(listing, Some(index.to_path_buf()), None, move |read| {
            tx.send(read).expect("the test listens")
        });
        match rx.recv().expect("read") {
            NotesRead::Read(_, _, SavedIndexes::Loaded(_), _) => "loaded",
            NotesRead::Read(_, _, SavedIndexes::Patched(..), _) => "patched",
            NotesRead::Read(_, _, SavedIndexes::SaveAt(_), _) => "save",
            NotesRead::Read(_, _, SavedIndexes::None, _) => "none",
            NotesRead::Failed(e) => panic!("{e}"),
        }
    }

    /// A folder of just enough notes for their indexes to be saved.
    fn enough_notes_to_save() -> tempfile::TempDir {
        let files: Vec<(String, String)> = (0..cache::WORTH_SAVING_FROM)
            .map(|n| (format!("20{:02}-x/talk-{n}.md", n % 20), format!("# Talk {n}\n\nWords of talk {n}.\n")))
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(rel, text)| (rel.as_str(), text.as_str())).collect();
        crate::test_fixtures::folder(&files)
    }

    #[test]
    fn the_saved_indexes_are_used_only_for_the_files_they_were_built_from() {
        let notes = enough_notes_to_save();
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let (collection, stamps) = crate::notes::load_folder_stamped(notes.path()).expect("loads");
        let save_indexes = |stamps: &[crate::notes::FileStamp]| {
            let place = saved_indexes::Place::beside(&index, cache::fingerprint(notes.path(), stamps));
            let related = RelatedIndex::build(&collection);
            let problems = crate::check::problems(&collection, &related);
            let related = saved_indexes::encode_related(&related, &problems).expect("encodes");
            saved_indexes::save(&place, &related, &SearchIndexes::build(&collection)).expect("saves");
        };
        cache::save(&index, notes.path(), stamps.clone(), &collection).expect("saves");
        assert_eq!(indexes_at_start(notes.path(), &index), "save", "none saved yet");
        save_indexes(&stamps);
        assert_eq!(indexes_at_start(notes.path(), &index), "loaded");
        // Saved for other files (one more, here): not used, saved again.
        let mut other = stamps.clone();
        other.push(crate::notes::FileStamp { rel: "2099-x/extra.md".into(), size: 1, modified: 1 });
        save_indexes(&other);
        assert_eq!(indexes_at_start(notes.path(), &index), "save");
        // A note edited since: the indexes of the files as saved are told of it.
        save_indexes(&stamps);
        std::fs::write(notes.path().join("2000-x/talk-0.md"), "# Talk 0\n\nOther words now.\n").expect("edit");
        assert_eq!(indexes_at_start(notes.path(), &index), "patched");
    }

    #[test]
    fn a_start_that_lists_the_folder_itself_uses_the_saved_index_and_says_when_the_folder_is_gone() {
        let notes = enough_notes_to_save();
        let data = tempfile::tempdir().expect("temp dir");
        let index = data.path().join("notes.index");
        let (collection, stamps) = crate::notes::load_folder_stamped(notes.path()).expect("loads");
        cache::save(&index, notes.path(), stamps, &collection).expect("saves");
        let read_all = |root: &std::path::Path| {
            let (tx, rx) = mpsc::channel();
            let listing = Listed::Later(root.to_path_buf());
            NotesTask::read_all(listing, Some(index.clone()), None, move |read| {
                tx.send(read).expect("the test listens")
            });
            rx.recv().expect("read")
        };
        // Listed while the saved collection decodes: the saved one is used, untouched.
        match read_all(notes.path()) {
            NotesRead::Read(read, None, SavedIndexes::SaveAt(_), None) => {
                assert_eq!(read.notes.len(), collection.notes.len())
            }
            NotesRead::Read(_, save, _, _) => {
                panic!("the saved collection was not used (save again: {})", save.is_some())
            }
            NotesRead::Failed(e) => panic!("{e}"),
        }
        // A note edited since: read again, and the index saved anew.
        std::fs::write(notes.path().join("2000-x/talk-0.md"), "# Talk 0\n\nOther words now.\n").expect("edit");
        assert!(
            matches!(read_all(notes.path()), NotesRead::Read(_, Some(_), _, None)),
            "an edited note is not trusted"
        );
        // The folder gone once the first frame is up: said, whatever the saved index holds.
        let gone = data.path().join("gone");
        match read_all(&gone) {
            NotesRead::Failed(e) => assert!(e.contains("cannot read the notes folder"), "{e}"),
            NotesRead::Read(..) => panic!("a folder that is gone was read"),
        }
    }

    #[test]
    fn reading_a_folder_again_says_why_it_failed_as_a_kind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let gone = dir.path().join("gone");
        let (tx, rx) = mpsc::channel();
        reload(gone.clone(), move |outcome| tx.send(outcome).expect("the test listens"));
        let outcome = rx.recv().expect("reload answers");
        assert!(matches!(&outcome, Err(ReloadError::Load(LoadError::NotFound(path))) if *path == gone), "{outcome:?}");
        fs_write_note(dir.path());
        let (tx, rx) = mpsc::channel();
        reload(dir.path().to_path_buf(), move |outcome| tx.send(outcome).expect("the test listens"));
        let (collection, preread) = rx.recv().expect("reload answers").expect("read again");
        // What the indexes need of the texts came with it: none is read again.
        let Preread { text, links, lines } = *preread;
        assert_eq!(links.map(|links| links.len()), Some(collection.notes.len()));
        assert_eq!(lines.map(|lines| lines.len()), Some(collection.notes.len()), "an untagged note's lines");
        let index = crate::search::SearchIndex::from_parts(&collection, text).expect("a part for every event");
        assert_eq!(index.search(&collection, "text", 5).len(), 1);
    }

    fn fs_write_note(root: &std::path::Path) {
        std::fs::create_dir_all(root.join("2024-x")).expect("mkdir");
        std::fs::write(root.join("2024-x/a.md"), "# A\n\ntext\n").expect("write");
    }

    #[test]
    fn saves_are_written_in_order_and_finish_waits_for_the_last() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = store_in(dir.path());
        let mut writer = StateWriter::start(store.clone(), None, || {});
        let mut state = State::new("notes");
        for n in 0..40 {
            state.set_read(&format!("talk-{n}.md"), true, 1_000 + n);
            writer.save(state.clone()).expect("the writer runs");
        }
        let mut outcomes = writer.outcomes();
        outcomes.extend(writer.finish());
        assert_eq!(outcomes.iter().map(|o| o.requests).sum::<usize>(), 40, "every request answered");
        assert!(outcomes.iter().all(|o| matches!(o.result, Ok((None, None)))), "nothing more on disk than sent");
        let crate::state::Loaded::Existing(on_disk) = store.load().expect("loads") else { panic!("no state file") };
        assert!((0..40).all(|n| on_disk.is_read(&format!("talk-{n}.md"))), "the newest state is the one on disk");
        assert_eq!(outcomes.last().and_then(|o| o.written), store.modified());
    }

    #[test]
    fn a_save_over_another_instances_marks_answers_with_both() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = store_in(dir.path());
        let mut theirs = State::new("notes");
        theirs.set_read("theirs.md", true, 5);
        store.save(&theirs).expect("the other instance saves");
        let mut writer = StateWriter::start(store, None, || {});
        let mut ours = State::new("notes");
        ours.set_read("ours.md", true, 6);
        writer.save(ours).expect("the writer runs");
        let outcomes = writer.finish();
        let Some(Ok((Some(merged), None))) = outcomes.into_iter().next().map(|o| o.result) else {
            panic!("expected the merged state back")
        };
        assert!(merged.is_read("ours.md") && merged.is_read("theirs.md"));
    }

    #[test]
    fn a_later_save_over_another_instances_write_answers_with_both() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = store_in(dir.path());
        let mut writer = StateWriter::start(store.clone(), None, || {});
        let mut ours = State::new("notes");
        ours.set_read("ours.md", true, 6);
        writer.save(ours.clone()).expect("the writer runs");
        writer.next_outcome(std::time::Duration::from_secs(30)).expect("the first save is written");
        let mut theirs = State::new("notes");
        theirs.set_read("theirs.md", true, 7);
        store.save(&theirs).expect("the other instance saves");
        ours.set_read("later.md", true, 8);
        writer.save(ours).expect("the writer runs");
        let outcomes = writer.finish();
        let Some(Ok((Some(merged), None))) = outcomes.into_iter().last().map(|o| o.result) else {
            panic!("expected the merged state back")
        };
        assert!(["ours.md", "theirs.md", "later.md"].iter().all(|id| merged.is_read(id)));
    }

    #[test]
    fn a_save_that_cannot_be_written_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, "a file where the data directory should be").expect("write");
        let mut writer = StateWriter::start(store_in(&blocker), None, || {});
        writer.save(State::new("notes")).expect("the writer runs");
        let outcomes = writer.finish();
        assert!(matches!(outcomes.first().map(|o| &o.result), Some(Err(SaveError::Unwritable(_)))));
        assert_eq!(writer.save(State::new("notes")), Err(SaveError::WriterStopped), "a finished writer takes no more");
    }
}
