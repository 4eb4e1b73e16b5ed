//! Loading a collection: the embedded one, or a folder on disk walked
//! ([`super::walk`]), read (on several threads) and assembled
//! ([`super::assemble`]). One bad file never stops a load: it becomes a
//! warning and the rest loads.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::assemble::{build, build_reading, SeeEvent};
use super::look::LookStamps;
use super::model::{Collection, Origin};
use super::parallel;
use super::shape;
use super::source::SourceFile;
use super::walk::{self, read_stamped, FileStamp, Found, LoadError, Unnamed};
use crate::diagnostic::Diagnostic;

/// The bytes of a bundled file, by its path relative to notes/.
pub fn bundled_file(rel: &str) -> Option<&'static [u8]> {
    super::bundled::FILES.iter().find(|(r, _)| *r == rel).map(|(_, bytes)| *bytes)
}

/// The collection embedded in the binary.
pub fn load_bundled() -> Collection {
    let files = super::bundled::FILES
        .iter()
        .map(|(rel, bytes)| SourceFile { rel: (*rel).to_string(), bytes: Cow::Borrowed(*bytes) })
        .collect();
    build(Origin::Bundled, shape::recognise(files), Vec::new(), None)
}

/// A collection folder on disk.
pub fn load_folder(root: &Path) -> Result<Collection, LoadError> {
    load_folder_stamped(root).map(|(collection, _)| collection)
}

/// A collection folder on disk, its notes' texts left in their files until
/// asked for ([`Listing::load_lean`]).
pub fn load_folder_lean(root: &Path) -> Result<Collection, LoadError> {
    Ok(list_folder(root)?.load_lean(&AtomicUsize::new(0)).0)
}

/// A collection folder on disk, with the size and modification time of
/// each file as it was read, to key a saved index by.
pub fn load_folder_stamped(root: &Path) -> Result<(Collection, Vec<FileStamp>), LoadError> {
    Ok(list_folder(root)?.load(&AtomicUsize::new(0)))
}

/// The first look reads its files on this many threads once there are
/// [`FIRST_LOOK_READERS_FROM`]: a warm page cache answers them several at a time.
const FIRST_LOOK_READERS: usize = 4;
const FIRST_LOOK_READERS_FROM: usize = 32;

/// A collection folder listed but not yet read: enough to show its events
/// at once ([`Listing::first_look`]) while every file is read ([`Listing::load`]).
pub struct Listing {
    root: PathBuf,
    files: Vec<Found>,
    /// The folders listed, stamped as they were ([`walk::Walked::folders`]).
    folders: Option<Vec<FileStamp>>,
    warnings: Vec<Diagnostic>,
}

impl Listing {
    /// The folder listed.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many files a full load reads.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The stamps of the files listed, without reading them (the folder is
    /// not walked again); `None` when any cannot be had.
    ///
    /// Each folder is opened once and its files stamped by name in it: a
    /// file's whole path looked up again for each of 100,000 files was most
    /// of the time this takes, which a warm start waits for.
    pub fn stamps(&self) -> Option<Vec<FileStamp>> {
        self.stamps_unnamed().map(|stamps| stamps.named(&self.files))
    }

    /// [`Listing::stamps`] not yet named: what a saved index is checked
    /// against ([`Listing::unchanged`]), named only if it is not.
    pub fn stamps_unnamed(&self) -> Option<Unnamed> {
        let mut folders: Vec<&[Found]> = Vec::new();
        let mut rest = self.files.as_slice();
        while let Some((first, _)) = rest.split_first() {
            // By the relative paths' folders: comparing paths parses them.
            let count = rest.iter().take_while(|(rel, _)| folder_of(rel) == folder_of(&first.0)).count();
            let (files, after) = rest.split_at(count);
            folders.push(files);
            rest = after;
        }
        let threads = parallel::reader_count(self.files.len());
        let stamps = parallel::map_in_order(folders, threads, |files| walk::stamp_in_folder(&self.root, files));
        let mut versions = Vec::with_capacity(self.files.len());
        for version in stamps.into_iter().flatten() {
            versions.push(version?);
        }
        Some(Unnamed::new(versions))
    }

    /// Whether the files listed, as `now` stamped them, are still those of
    /// `saved` (an index's stamps): the same files in the same order, none
    /// of another size or time.
    pub fn unchanged(&self, now: &Unnamed, saved: &super::cache::SavedStamps) -> bool {
        now.same_as(&self.files, saved.iter())
    }

    /// `now`'s stamps, each named by its file.
    pub fn named(&self, now: Unnamed) -> Vec<FileStamp> {
        now.named(&self.files)
    }

    /// Every file read (on several threads) and parsed; `progress` counts
    /// the files read so far, for a progress line. Files are read event by
    /// event as each is parsed.
    pub fn load(self, progress: &AtomicUsize) -> (Collection, Vec<FileStamp>) {
        let (collection, stamps, _) = self.read_all::<()>(progress, true, None);
        (collection, stamps)
    }

    /// As [`load`](Self::load), the notes' texts let go once parsed (read
    /// again from their files when asked for, as after a start from the
    /// saved index): a large collection is never all in memory at once.
    pub fn load_lean(self, progress: &AtomicUsize) -> (Collection, Vec<FileStamp>) {
        let (collection, stamps, _) = self.read_all::<()>(progress, false, None);
        (collection, stamps)
    }

    /// As [`load_lean`](Self::load_lean), with `see` called with each event
    /// and its notes while their texts are in memory (on the thread that
    /// read them); what it made of each event comes back in the
    /// collection's order of events (`None` for an event it never saw).
    pub fn load_lean_seeing<X: Send>(
        self,
        progress: &AtomicUsize,
        see: &SeeEvent<'_, X>,
    ) -> (Collection, Vec<FileStamp>, Vec<Option<X>>) {
        self.read_all(progress, false, Some(see))
    }

    fn read_all<X: Send>(
        self,
        progress: &AtomicUsize,
        keep_texts: bool,
        see: Option<&SeeEvent<'_, X>>,
    ) -> (Collection, Vec<FileStamp>, Vec<Option<X>>) {
        let Listing { root, files: found, warnings, .. } = self;
        let unread = found.iter().map(|(rel, _)| SourceFile { rel: rel.clone(), bytes: Cow::Borrowed(b"") });
        let opened = shape::Opened::of(&fs::canonicalize(&root).unwrap_or_else(|_| root.clone()));
        let shape = shape::recognise_at(unread.collect(), opened);
        // Files the shape leaves out (not notes) are never read: counted at once.
        let to_read = shape.topics.iter().chain(&shape.intro).count()
            + shape.units.iter().map(|unit| unit.files.len()).sum::<usize>();
        progress.fetch_add(found.len().saturating_sub(to_read), Ordering::Relaxed);
        let origin = Origin::Folder(root.clone());
        let listed = warnings.len();
        let at: HashMap<&str, usize, foldhash::fast::RandomState> =
            found.iter().enumerate().map(|(i, (rel, _))| (rel.as_str(), i)).collect();
        // Each file's stamp, or why it could not be read, in the listing's order.
        let outcomes: Vec<std::sync::OnceLock<Result<FileStamp, Diagnostic>>> =
            (0..found.len()).map(|_| std::sync::OnceLock::new()).collect();
        let named = origin.clone();
        let folder = walk::Root::open(&root);
        let read = |file: &mut SourceFile| {
            let &i = at.get(file.rel.as_str())?;
            let outcome = match folder.read_stamped(&found[i]) {
                Ok((bytes, stamp)) => {
                    file.bytes = Cow::Owned(bytes);
                    Ok(stamp.named(file.rel.clone()))
                }
                Err(e) => Err(Diagnostic::new(named.display_path(&file.rel), None, format!("cannot read: {e}"))),
            };
            progress.fetch_add(1, Ordering::Relaxed);
            let read_as = outcome.as_ref().ok().map(FileStamp::version);
            let _ = outcomes[i].set(outcome);
            read_as
        };
        let (mut collection, seen) = build_reading(origin, shape, warnings, &read, keep_texts, see);
        let mut stamps = Vec::with_capacity(found.len());
        let mut problems = Vec::new();
        for outcome in outcomes.into_iter().filter_map(std::sync::OnceLock::into_inner) {
            match outcome {
                Ok(stamp) => stamps.push(stamp),
                Err(problem) => problems.push(problem),
            }
        }
        // Files that could not be read are told right after the listing's problems.
        collection.warnings.splice(listed..listed, problems);
        (collection, stamps, seen)
    }

    /// Every event the paths name, with only the one the timeline shows
    /// first read (newest or oldest by the dates in the paths); the others
    /// are [`Event::pending`](super::Event::pending), without notes, until the full load.
    pub fn first_look(&self, newest_first: bool) -> Collection {
        self.first_look_stamped(newest_first).0
    }

    /// [`Listing::first_look`], and what it was made from, to save it by
    /// ([`super::look`]): `None` when a file it needed could not be read, or
    /// a folder could not be stamped.
    pub fn first_look_stamped(&self, newest_first: bool) -> (Collection, Option<LookStamps>) {
        let origin = Origin::Folder(self.root.clone());
        let unread = self.files.iter().map(|(rel, _)| SourceFile { rel: rel.clone(), bytes: Cow::Borrowed(b"") });
        let opened = shape::Opened::of(&fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone()));
        let mut shape = shape::recognise_at(unread.collect(), opened);
        let dated = shape.units.iter().enumerate().filter_map(|(i, u)| u.date.map(|d| (d, i)));
        let first = if newest_first { dated.max() } else { dated.min() }.map(|(_, i)| i);
        let first = first.or(if shape.units.is_empty() { None } else { Some(0) });
        // The files the first frame needs, read on a few threads: their
        // paths found among the listing's without a map of every file.
        let mut wanted: Vec<&mut SourceFile> = shape.topics.iter_mut().chain(shape.intro.iter_mut()).collect();
        if let Some(unit) = first.and_then(|i| shape.units.get_mut(i)) {
            wanted.extend(unit.files.iter_mut());
        }
        let paths: HashMap<&str, &Found, foldhash::fast::RandomState> = {
            let names: HashSet<&str, foldhash::fast::RandomState> = wanted.iter().map(|f| f.rel.as_str()).collect();
            self.files
                .iter()
                .filter(|(rel, _)| names.contains(rel.as_str()))
                .map(|found| (found.0.as_str(), found))
                .collect()
        };
        let threads = if wanted.len() >= FIRST_LOOK_READERS_FROM { FIRST_LOOK_READERS } else { 1 };
        // Each file stamped as it is read, so that an edit made meanwhile
        // shows as a newer stamp when a saved first look is checked.
        let read = parallel::map_in_order(wanted, threads, |file| match paths.get(file.rel.as_str()) {
            Some(found) => match read_stamped(&walk::path_of(&self.root, found)) {
                Ok((bytes, stamp)) => {
                    file.bytes = Cow::Owned(bytes);
                    Ok(Some(stamp.named(file.rel.clone())))
                }
                Err(e) => Err(Diagnostic::new(origin.display_path(&file.rel), None, format!("cannot read: {e}"))),
            },
            None => Ok(None),
        });
        let mut warnings = self.warnings.clone();
        let mut files = Some(Vec::with_capacity(read.len()));
        for outcome in read {
            match outcome {
                Ok(stamp) => {
                    if let Some(files) = &mut files {
                        files.extend(stamp);
                    }
                }
                Err(problem) => {
                    warnings.push(problem);
                    files = None;
                }
            }
        }
        let stamps = self.folders.clone().zip(files).map(|(folders, files)| LookStamps { folders, files });
        (build(origin, shape, warnings, Some(first)), stamps)
    }
}

/// The folder part of a relative path (`/`-separated), empty at the root.
fn folder_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |slash| &rel[..slash])
}

/// The stamps of the files a load of `root` would read now, without reading
/// them: what a saved index is checked against. `None` when any cannot be had.
pub fn stamp_folder(root: &Path) -> Option<Vec<FileStamp>> {
    list_folder(root).ok()?.stamps()
}

/// The files under `root` a load reads, in path order, and the problems met listing them.
pub fn list_folder(root: &Path) -> Result<Listing, LoadError> {
    let walk::Walked { files, folders, warnings } = walk::walk(root)?;
    Ok(Listing { root: root.to_path_buf(), files, folders, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_stamped_in_their_folder_match_the_stamps_they_were_read_with() {
        use std::time::{Duration, UNIX_EPOCH};
        let dir = tempfile::tempdir().expect("tempdir");
        let files = ["2019-x/a.md", "2019-x/b.md", "2020-y/c.md", "2020-y/deeper/d.md", "top.md"];
        for (n, rel) in files.iter().enumerate() {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
            fs::write(&path, "# Note\n".repeat(n + 1)).expect("write");
            // Nanoseconds, and a time before 1970, come through alike.
            let time = match n {
                0 => UNIX_EPOCH - Duration::new(3, 250_000_000),
                _ => UNIX_EPOCH + Duration::new(1_700_000_000 + n as u64, 123_456_789),
            };
            fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(time)).expect("time");
        }
        std::os::unix::fs::symlink(dir.path().join("top.md"), dir.path().join("2019-x/linked.md")).expect("link");
        let (_, read) = load_folder_stamped(dir.path()).expect("loads");
        let listed = list_folder(dir.path()).expect("lists").stamps().expect("stamps");
        assert_eq!(listed, read);
        assert_eq!(listed.len(), files.len() + 1);
        assert!(listed.iter().any(|s| s.modified < 0));
        // Unnamed, they are checked against the stamps read as they are.
        let listing = list_folder(dir.path()).expect("lists");
        let now = listing.stamps_unnamed().expect("stamps");
        let saved = |stamps: &[FileStamp]| crate::notes::cache::SavedStamps::new(stamps).expect("fits");
        assert!(listing.unchanged(&now, &saved(&read)));
        let mut renamed = read.clone();
        renamed[1].rel = "2019-x/other.md".into();
        let mut one_fewer = read.clone();
        one_fewer.pop();
        for other in [renamed, one_fewer] {
            assert!(!listing.unchanged(&now, &saved(&other)));
        }
        assert_eq!(listing.named(now), read);
        fs::write(dir.path().join("2019-x/b.md"), "# Note, longer now\n").expect("edit");
        assert!(!listing.unchanged(&listing.stamps_unnamed().expect("stamps"), &saved(&read)), "an edit is seen");
        // A file listed, then removed: the listing's files cannot all be stamped.
        let listing = list_folder(dir.path()).expect("lists");
        fs::remove_file(dir.path().join("2020-y/c.md")).expect("remove");
        assert_eq!(listing.stamps(), None);
    }

    #[test]
    fn a_lean_load_holds_no_texts_and_indexes_it_as_a_load_that_keeps_them() {
        let files = [
            ("topics.toml", "[tracing]\n"),
            ("2019-x/a.md", "---\ntitle: Alpha\n---\nTracing spans across services, 2019-05-02.\n"),
            ("2019-x/b.md", "# Beta\n\nSee [alpha](a.md) on tracing and spans.\n"),
            ("2020-y/day.md", "# Day\n\n## 1. One\nfirst talk on spans\n\n## 2. Two\nsecond talk, tracing\n"),
            ("2020-y/c.md", "\u{feff}# Gamma\n\nA byte-order mark first.\n"),
            ("2021-05-day.md", "# Conf\n\n## Spans at scale\nspans everywhere\n\n## Logs\nmore logs\n"),
        ];
        let dir = crate::test_fixtures::folder(&files);
        let kept = load_folder(dir.path()).expect("loads");
        let lean = load_folder_lean(dir.path()).expect("loads");
        assert!(kept.notes.len() >= 5 && kept.notes.iter().any(|n| n.id.0.contains('#')), "{:?}", kept.notes);
        for (k, l) in kept.notes.iter().zip(&lean.notes) {
            assert_eq!(l.body.loaded(), None, "{} holds no text", l.id);
            assert_eq!((l.body.hash(), l.body.first_lines_date()), (k.body.hash(), k.body.first_lines_date()));
            assert_eq!(lean.read_text(l).as_deref(), Ok(k.body.loaded().expect("kept")));
            assert_eq!((&l.id, &l.title, &l.inferred_topics), (&k.id, &k.title, &k.inferred_topics));
        }
        // Built over the lean collection, the indexes bring no text back into
        // memory, nor do searches (they read the texts they look at again).
        let built = |c: &Collection| (crate::search::SearchIndex::build(c), crate::relate::RelatedIndex::build(c));
        let (lean_built, kept_built) = (built(&lean), built(&kept));
        assert!(lean.notes.iter().all(|n| n.body.loaded().is_none()), "indexes read texts without keeping them");
        let search = |c: &Collection, (text, _): &(crate::search::SearchIndex, crate::relate::RelatedIndex)| {
            let hits = text.search(c, "spans", 10);
            hits.iter().map(|h| (h.doc, h.line, h.text.clone())).collect::<Vec<_>>()
        };
        let related = |c: &Collection, (_, index): &(crate::search::SearchIndex, crate::relate::RelatedIndex)| {
            (0..c.notes.len()).map(|n| format!("{:?}", index.related(c, n))).collect::<Vec<_>>()
        };
        let lean_search = search(&lean, &lean_built);
        assert_eq!(lean_search, search(&kept, &kept_built));
        assert_eq!(lean_search.len(), 5);
        assert!(lean.notes.iter().all(|n| n.body.loaded().is_none()), "a search keeps no text it read");
        assert_eq!(related(&lean, &lean_built), related(&kept, &kept_built));
        // The full-text index from the parts made while each event's texts
        // were in memory is the one built from every text.
        let see = |event: &super::super::Event, notes: &[super::super::Note]| crate::search::TextPart::of(event, notes);
        let (seen, _, parts) = list_folder(dir.path()).expect("lists").load_lean_seeing(&AtomicUsize::new(0), &see);
        assert_eq!(parts.len(), seen.events.len());
        let parts = parts.into_iter().map(Option::flatten).collect();
        let joined = crate::search::SearchIndex::from_parts(&seen, parts).expect("a part for every event");
        assert_eq!(format!("{joined:?}"), format!("{:?}", kept_built.0));
        assert!(seen.notes.iter().all(|n| n.body.loaded().is_none()), "texts let go once seen");
    }

    #[test]
    fn files_under_names_that_are_not_utf8_are_read_and_stamped() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let odd = std::ffi::OsStr::from_bytes(b"2019-caf\xe9");
        std::fs::create_dir_all(dir.path().join(odd)).expect("mkdir");
        std::fs::write(dir.path().join(odd).join("a.md"), "# Alpha\n\nIn a folder named in Latin-1.\n").expect("write");
        std::fs::create_dir_all(dir.path().join("2020-y")).expect("mkdir");
        let name = std::ffi::OsStr::from_bytes(b"b\xe9.md");
        std::fs::write(dir.path().join("2020-y").join(name), "# Beta\n\nA file named in Latin-1.\n").expect("write");
        let listing = list_folder(dir.path()).expect("lists");
        assert_eq!(listing.stamps().map(|stamps| stamps.len()), Some(2), "both stamped");
        let (c, stamps) = listing.load(&AtomicUsize::new(0));
        assert_eq!(stamps.len(), 2, "both read: {:?}", c.warnings);
        let texts: Vec<String> = (0..c.notes.len()).map(|n| c.body(n).expect("text").to_string()).collect();
        assert!(texts.iter().any(|t| t.contains("folder named in Latin-1")), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("file named in Latin-1")), "{texts:?}");
    }

    #[test]
    fn empty_folder_is_an_empty_collection() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = load_folder(dir.path()).expect("loads");
        assert!(c.events.is_empty() && c.notes.is_empty() && c.warnings.is_empty());
    }

    #[test]
    fn a_first_look_names_every_event_and_reads_only_the_one_shown_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (rel, text) in [
            ("2019-05-barcelona/a.md", "# Alpha\n"),
            ("2022-10-detroit/b.md", "# Beta\n"),
            ("2024-03-paris/c.md", "---\ntitle: Gamma\n---\nText\n"),
            ("2024-03-paris/event.md", "---\nname: KubeCon Paris\n---\nOverview\n"),
            ("topics.toml", "[observability]\n"),
        ] {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        let listing = list_folder(dir.path()).expect("lists");
        assert_eq!(listing.file_count(), 5);
        let pending = |c: &Collection| -> Vec<String> {
            c.events.iter().filter(|e| e.pending).map(|e| e.folder.clone()).collect()
        };

        let newest = listing.first_look(true);
        assert_eq!(newest.events.len(), 3, "every event, read or not");
        assert_eq!(pending(&newest), ["2019-05-barcelona", "2022-10-detroit"]);
        let paris = newest.events.iter().find(|e| !e.pending).expect("one read");
        assert_eq!((paris.name.as_str(), paris.notes.len()), ("KubeCon Paris", 1));
        assert_eq!(newest.notes[0].title, "Gamma");
        assert!(newest.vocabulary.contains("observability"), "the vocabulary is read for the first look");
        assert!(!newest.is_complete());

        let oldest = listing.first_look(false);
        assert_eq!(pending(&oldest), ["2022-10-detroit", "2024-03-paris"]);
        assert_eq!(oldest.notes.iter().map(|n| n.title.as_str()).collect::<Vec<_>>(), ["Alpha"]);

        let read = std::sync::atomic::AtomicUsize::new(0);
        let (full, stamps) = listing.load(&read);
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), 5, "every file counted as read");
        assert_eq!(stamps.len(), 5);
        assert!(full.is_complete());
        assert_eq!(format!("{full:?}"), format!("{:?}", load_folder(dir.path()).expect("loads")));
    }
}
