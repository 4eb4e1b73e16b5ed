//! The state file of one collection in the data directory. Writes are
//! atomic ([`AtomicFile`]: temporary file, fsync, rename) and go
//! through read-merge-write under an advisory lock, so two instances never
//! lose each other's marks and a kill at any moment leaves the old or the new
//! file, never a torn one. A file that cannot be read as state is moved aside,
//! never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::model::{content_hash, State, FORMAT_NAME, FORMAT_VERSION};
use crate::atomic_file::{create_private_dir, AtomicFile};
use crate::capped_read::{read_text, read_text_and_metadata, ReadError};
use crate::notes::Origin;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: cannot encode state: {source}")]
    Encode { path: PathBuf, source: serde_json::Error },
    /// Not a file to read state from (a FIFO, a device, far too large):
    /// left alone, and never written over.
    #[error("{path}: {source}")]
    Refused { path: PathBuf, source: ReadError },
}

/// Why the state was not saved, as it crosses from the writing thread to
/// the app: what kind of failure, and the store's words for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    /// The file or its folder could not be written (path and cause).
    #[error("{0}")]
    Unwritable(String),
    /// What is at the state file's place is not a state file to write over.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Encoding(String),
    /// The thread that writes it is gone (it panicked; the hook logged why).
    #[error("the thread that writes it stopped; see confnotes.log")]
    WriterStopped,
}

impl From<&StoreError> for SaveError {
    fn from(error: &StoreError) -> Self {
        let said = error.to_string();
        match error {
            StoreError::Io { .. } => Self::Unwritable(said),
            StoreError::Refused { .. } => Self::Refused(said),
            StoreError::Encode { .. } => Self::Encoding(said),
        }
    }
}

/// The largest state file read: a collection of 100,000 notes, each one
/// read, scrolled and bookmarked, writes about a tenth of this.
pub const STATE_LIMIT: u64 = 256 * 1024 * 1024;

/// What loading found.
#[derive(Debug)]
pub enum Loaded {
    /// No state file yet.
    Fresh(State),
    Existing(State),
    /// The file could not be used; it was moved to `moved_to` and state starts empty.
    MovedAside {
        state: State,
        moved_to: PathBuf,
        reason: String,
    },
}

impl Loaded {
    pub fn into_state(self) -> State {
        match self {
            Loaded::Fresh(s) | Loaded::Existing(s) | Loaded::MovedAside { state: s, .. } => s,
        }
    }
}

/// What [`Store::save_over`] did: the merged state (`None` when it is the
/// state given), where an unreadable file was moved, and the version of the
/// file as the save left it.
pub type SavedOver = (Option<State>, Option<PathBuf>, Option<Version>);

/// One version of the state file, as read: every write replaces the file
/// whole (a new file renamed over it), so another write shows as another
/// file, or at least another size or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Version {
    fn of(meta: &fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt as _;
        Self {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    pub path: PathBuf,
    collection: String,
}

/// Milliseconds since the Unix epoch, now.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Store {
    /// The state file for a collection: one per collection root.
    pub fn for_collection(data_dir: &Path, origin: &Origin) -> Self {
        let (name, collection) = match origin {
            Origin::Bundled => ("bundled.state.json".to_string(), "bundled notes".to_string()),
            Origin::Folder(root) => {
                let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.clone());
                let shown = canonical.display().to_string();
                let slug: String = canonical
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
                    .take(40)
                    .collect();
                (format!("{slug}-{}.state.json", &content_hash(&shown)[..8]), shown)
            }
        };
        Self { path: data_dir.join(name), collection }
    }

    /// Where the saved index of the same collection lives, beside its state.
    pub fn index_path(&self) -> PathBuf {
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = name.strip_suffix(".state.json").unwrap_or(&name);
        self.path.with_file_name(format!("{stem}.index"))
    }

    pub fn at(path: PathBuf, collection: impl Into<String>) -> Self {
        Self { path, collection: collection.into() }
    }

    pub fn empty_state(&self) -> State {
        State::new(self.collection.clone())
    }

    pub fn load(&self) -> Result<Loaded, StoreError> {
        self.load_version().map(|(loaded, _)| loaded)
    }

    /// As [`load`](Self::load), with the version of the file read, when
    /// there was one and it is the state now: given back to
    /// [`save_over`](Self::save_over), it spares reading it again.
    pub fn load_version(&self) -> Result<(Loaded, Option<Version>), StoreError> {
        let (text, meta) = match read_text_and_metadata(&self.path, STATE_LIMIT) {
            Ok(read) => read,
            Err(e) if e.is_not_found() => return Ok((Loaded::Fresh(self.empty_state()), None)),
            Err(ReadError::NotUtf8) => return self.move_aside("not valid UTF-8".into()).map(|l| (l, None)),
            Err(ReadError::Io(source)) => return Err(StoreError::Io { path: self.path.clone(), source }),
            Err(source) => return Err(StoreError::Refused { path: self.path.clone(), source }),
        };
        match parse(&text) {
            Ok(state) => Ok((Loaded::Existing(state), Some(Version::of(&meta)))),
            Err(reason) => self.move_aside(reason).map(|l| (l, None)),
        }
    }

    /// Reads the state without changing anything on disk, for commands that only print it.
    pub fn read(&self) -> Result<State, String> {
        match read_text(&self.path, STATE_LIMIT) {
            Ok(text) => parse(&text).map_err(|reason| format!("{}: {reason}", self.path.display())),
            Err(e) if e.is_not_found() => Ok(self.empty_state()),
            Err(e) => Err(format!("{}: {e}", self.path.display())),
        }
    }

    fn move_aside(&self, reason: String) -> Result<Loaded, StoreError> {
        let stamp = chrono_like_stamp();
        let mut moved_to = self.path.with_extension(format!("json.unreadable-{stamp}"));
        let mut n = 1;
        while moved_to.exists() {
            moved_to = self.path.with_extension(format!("json.unreadable-{stamp}-{n}"));
            n += 1;
        }
        fs::rename(&self.path, &moved_to).map_err(|source| StoreError::Io { path: self.path.clone(), source })?;
        Ok(Loaded::MovedAside { state: self.empty_state(), moved_to, reason })
    }

    /// The state file's modification time, to notice another instance's writes.
    pub fn modified(&self) -> Option<SystemTime> {
        fs::metadata(&self.path).and_then(|m| m.modified()).ok()
    }

    /// Merges `state` with what is on disk and writes the result atomically.
    /// Returns the merged state (which includes other instances' changes)
    /// and, if the file on disk was unreadable, where it was moved.
    pub fn save(&self, state: &State) -> Result<(State, Option<PathBuf>), StoreError> {
        self.save_over(state, None).map(|(merged, moved, _)| (merged.unwrap_or_else(|| state.clone()), moved))
    }

    /// As [`save`](Self::save), for a `state` that holds everything the file
    /// held when it was read as `read`: while the file is still that
    /// version, it is not read and merged again (at the start of a session,
    /// the state just read, a few MB at 100,000 notes). The merged state is
    /// `None` when it is `state` itself; with no file to merge with, `state`
    /// is written as given, not copied first. Last, the version of the file
    /// as this save left it, taken under the lock: the `read` of the next
    /// save, when what it wrote was that next state's own.
    pub fn save_over(&self, state: &State, read: Option<Version>) -> Result<SavedOver, StoreError> {
        let dir = self.path.parent().unwrap_or_else(|| Path::new("."));
        create_private_dir(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
        let _lock = lock(&self.path.with_extension("json.lock"))?;
        let unchanged = read.is_some_and(|read| fs::metadata(&self.path).is_ok_and(|now| Version::of(&now) == read));
        let on_disk = if unchanged { None } else { Some(self.load()?) };
        let (merged, moved) = match on_disk {
            Some(Loaded::Existing(on_disk)) => {
                let mut merged = state.clone();
                merged.merge(&on_disk);
                (Some(merged), None)
            }
            Some(Loaded::MovedAside { moved_to, .. }) => (None, Some(moved_to)),
            Some(Loaded::Fresh(_)) | None => (None, None),
        };
        self.write(merged.as_ref().unwrap_or(state))?;
        let written = fs::metadata(&self.path).ok().map(|meta| Version::of(&meta));
        Ok((merged, moved, written))
    }

    /// Replaced whole, never torn; private to the user. Encoded as it is
    /// written, not into a text first: at 100,000 notes
    /// their first sightings alone are megabytes of JSON, which were held
    /// whole at the end of a first load, the peak of its memory.
    fn write(&self, state: &State) -> Result<(), StoreError> {
        let mut encoding = None;
        let written = AtomicFile::new(&self.path).private().write_with(|out| {
            serde_json::to_writer_pretty(out, state).map_err(|e| {
                if e.is_io() {
                    io::Error::from(e)
                } else {
                    encoding = Some(e);
                    io::Error::other("cannot encode state")
                }
            })
        });
        match (written, encoding) {
            (_, Some(source)) => Err(StoreError::Encode { path: self.path.clone(), source }),
            (Err(source), None) => Err(StoreError::Io { path: self.path.clone(), source }),
            (Ok(()), None) => Ok(()),
        }
    }
}

/// Reads state JSON, refusing other formats and newer versions (whose fields
/// this build would drop), and brings an older version's to this one.
///
/// A usable file is parsed once, straight into [`State`]. Going through a
/// `serde_json::Value` first, to look at the format and version, allocated
/// a map per note entry: on 10,000 notes that took longer than the parse
/// itself, before the first frame.
fn parse(text: &str) -> Result<State, String> {
    match serde_json::from_str::<State>(text) {
        Ok(mut state) if state.format == FORMAT_NAME && state.version <= FORMAT_VERSION => {
            state.upgrade();
            Ok(state)
        }
        _ => Err(why_unusable(text)),
    }
}

/// What is wrong with state JSON that [`parse`] refused, said in the order
/// a reader can act on: not JSON, not ours, too new, then anything else.
fn why_unusable(text: &str) -> String {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()),
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT_NAME) {
        return "not a confnotes state file".into();
    }
    let version = value.get("version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if version > u64::from(FORMAT_VERSION) {
        return format!("written by a newer confnotes (format version {version}, this one reads {FORMAT_VERSION})");
    }
    match serde_json::from_value::<State>(value) {
        Err(e) => format!("unexpected content: {e}"),
        // Not reached while both parses agree; said plainly if they ever do not.
        Ok(_) => "unexpected content".into(),
    }
}

/// Holds an exclusive advisory lock on `path` until dropped.
fn lock(path: &Path) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    file.lock().map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    Ok(file)
}

/// `20261122T201500` in UTC, for names of moved-aside files.
fn chrono_like_stamp() -> String {
    let (year, month, d, h, m, s) = civil(now());
    format!("{year:04}{month:02}{d:02}T{h:02}{m:02}{s:02}")
}

/// `2026-11-22` (UTC) for a stamp in milliseconds.
pub fn format_day(stamp: u64) -> String {
    let (year, month, day, ..) = civil(stamp);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Year, month, day, hour, minute, second (UTC) of a stamp in milliseconds.
fn civil(stamp: u64) -> (i64, i64, i64, u64, u64, u64) {
    let secs = stamp / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, d, h, m, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> Store {
        Store::at(dir.join("s.state.json"), "test")
    }

    #[test]
    fn a_save_over_the_file_as_read_writes_without_merging_and_another_write_since_is_merged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        let mut first = State::new("test");
        first.set_read("a.md", true, 10);
        s.save(&first).expect("saves");
        // Read at the start of a session, then the session begun: nothing else wrote.
        let (Loaded::Existing(mut ours), read) = s.load_version().expect("loads") else { panic!("no file") };
        assert!(read.is_some());
        ours.begin_session(20);
        let (merged, moved, written) = s.save_over(&ours, read).expect("saves");
        assert!(merged.is_none() && moved.is_none(), "written as given");
        // The next save, over the file as this one left it: written as given too.
        ours.set_read("b.md", true, 21);
        let (merged, _, _) = s.save_over(&ours, written).expect("saves");
        assert!(merged.is_none(), "the file was this save's own");
        let Loaded::Existing(on_disk) = s.load().expect("loads") else { panic!("no file") };
        assert_eq!(on_disk, ours);
        // Read again; another instance writes before our save: its mark is kept.
        let (Loaded::Existing(mut ours), read) = s.load_version().expect("loads") else { panic!("no file") };
        let mut theirs = ours.clone();
        theirs.set_read("theirs.md", true, 30);
        store(dir.path()).save(&theirs).expect("the other instance saves");
        ours.set_read("ours.md", true, 31);
        let (merged, _, _) = s.save_over(&ours, read).expect("saves");
        let merged = merged.expect("merged with the file on disk");
        assert!(merged.is_read("theirs.md") && merged.is_read("ours.md"));
        let Loaded::Existing(on_disk) = s.load().expect("loads") else { panic!("no file") };
        assert_eq!(on_disk, merged);
    }

    #[test]
    fn a_missing_file_is_fresh_state_and_saving_creates_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        assert!(matches!(s.load(), Ok(Loaded::Fresh(_))));
        let mut state = s.empty_state();
        state.set_read("a.md", true, 1);
        s.save(&state).expect("saves");
        let back = s.load().expect("loads").into_state();
        assert!(back.is_read("a.md"));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary files left behind");
    }

    #[test]
    fn two_writers_keep_each_others_marks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        let mut first = s.empty_state();
        let mut second = s.empty_state();
        first.set_read("a.md", true, 1);
        s.save(&first).expect("first saves");
        second.set_read("b.md", true, 2);
        let (merged, _) = s.save(&second).expect("second saves");
        assert!(merged.is_read("a.md") && merged.is_read("b.md"));
        let on_disk = s.load().expect("loads").into_state();
        assert!(on_disk.is_read("a.md") && on_disk.is_read("b.md"));
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        fs::write(&s.path, "{ this is not json").expect("write");
        let Loaded::MovedAside { moved_to, reason, .. } = s.load().expect("loads") else {
            panic!("expected the file to be moved aside")
        };
        assert!(reason.contains("not valid JSON"), "{reason}");
        assert_eq!(fs::read_to_string(&moved_to).expect("kept"), "{ this is not json");
        assert!(!s.path.exists());
    }

    #[test]
    fn a_file_from_a_newer_version_is_moved_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        fs::write(&s.path, r#"{"format":"confnotes-state","version":99,"notes":{}}"#).expect("write");
        let Loaded::MovedAside { reason, .. } = s.load().expect("loads") else { panic!("expected move aside") };
        assert!(reason.contains("newer confnotes"), "{reason}");
    }

    #[test]
    fn a_version_1_file_is_read_and_saved_as_the_current_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        let v1 = r#"{"format": "confnotes-state", "version": 1, "collection": "test",
            "sessions": {"latest": 300, "previous": 150},
            "notes": {
                "a.md": {"read": {"value": true, "at": 120}, "first_seen": 100},
                "b.md": {"first_seen": 200}
            },
            "bookmarks": {"a.md": {"value": {"note": "a.md", "created": 130}, "at": 130}}}"#;
        fs::write(&s.path, v1).expect("write");
        let Loaded::Existing(state) = s.load().expect("loads") else { panic!("a version 1 file is usable") };
        assert!(state.is_read("a.md") && state.is_bookmarked("a.md"));
        assert!(!state.is_new("a.md") && state.is_new("b.md"));
        s.save(&state).expect("saves");
        let text = fs::read_to_string(&s.path).expect("read");
        let written: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(written["version"], FORMAT_VERSION);
        assert_eq!(written["first_seen"][0], serde_json::json!({"at": 100, "notes": ["a.md"]}));
        assert_eq!(s.load().expect("loads again").into_state(), state);
    }

    #[test]
    fn an_unusable_file_is_reported_by_what_is_wrong() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        let cases = [
            (r#"{"format": "something-else", "version": 1}"#, "not a confnotes state file"),
            (r#"{"format": "confnotes-state", "version": 2, "notes": 5}"#, "unexpected content"),
            (r#"{"format": "confnotes-state", "version": 2, "first_seen": [{"at": "soon"}]}"#, "unexpected content"),
            (r#"{"format": "confnotes-state", "version": 9999999999}"#, "newer confnotes"),
        ];
        for (text, expected) in cases {
            fs::write(&s.path, text).expect("write");
            let Loaded::MovedAside { reason, .. } = s.load().expect("loads") else { panic!("{text} was used") };
            assert!(reason.contains(expected), "{text}: {reason}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_directory_is_an_error_and_nothing_is_lost() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let ro = dir.path().join("ro");
        fs::create_dir(&ro).expect("mkdir");
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("chmod");
        let s = store(&ro);
        let mut state = s.empty_state();
        state.set_read("a.md", true, 1);
        let result = s.save(&state);
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).expect("chmod back");
        // Root ignores permissions; only assert when the write was refused.
        if let Err(e) = result {
            assert!(e.to_string().contains("ro"), "{e}");
            assert!(state.is_read("a.md"), "the caller still holds the change");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_in_place_of_the_state_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        rustix::fs::mknodat(rustix::fs::CWD, &s.path, rustix::fs::FileType::Fifo, 0o600.into(), 0).expect("mkfifo");
        // Opening a FIFO for reading waits for a writer: this must not.
        let error = s.load().expect_err("a FIFO is no state file");
        assert!(error.to_string().contains("not a regular file but a FIFO"), "{error}");
        assert!(s.read().expect_err("refused").contains("FIFO"));
        let mut state = s.empty_state();
        state.set_read("a.md", true, 1);
        assert!(s.save(&state).is_err(), "never written over");
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(
            &fs::symlink_metadata(&s.path).expect("still there").file_type()
        ));

        fs::remove_file(&s.path).expect("remove");
        std::os::unix::fs::symlink("/dev/zero", &s.path).expect("link");
        let error = s.load().expect_err("a device is no state file");
        assert!(error.to_string().contains("a character device"), "{error}");
        assert!(s.save(&state).is_err());
        assert_eq!(fs::read_link(&s.path).expect("still a link"), Path::new("/dev/zero"));
    }

    #[test]
    fn a_state_file_over_the_limit_is_refused_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = store(dir.path());
        let file = File::create(&s.path).expect("create");
        file.set_len(STATE_LIMIT + 1).expect("a sparse file, nothing written");
        let error = s.load().expect_err("refused");
        assert!(error.to_string().contains("too large to be read (268.4 MB"), "{error}");
        assert_eq!(fs::metadata(&s.path).expect("kept").len(), STATE_LIMIT + 1);
    }

    #[test]
    fn file_names_differ_per_collection() {
        let dir = Path::new("/data");
        let a = Store::for_collection(dir, &Origin::Folder(PathBuf::from("/notes/a")));
        let b = Store::for_collection(dir, &Origin::Folder(PathBuf::from("/other/a")));
        assert_ne!(a.path, b.path);
        assert_eq!(Store::for_collection(dir, &Origin::Bundled).path, dir.join("bundled.state.json"));
    }

    #[test]
    fn days_are_civil_dates() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(1_763_836_800_000), "2025-11-22");
        assert_eq!(format_day(951_782_400_000), "2000-02-29");
    }

    #[test]
    fn stamps_are_calendar_dates() {
        let stamp = chrono_like_stamp();
        assert_eq!(stamp.len(), 15);
        assert!(stamp.starts_with("20"));
    }
}
