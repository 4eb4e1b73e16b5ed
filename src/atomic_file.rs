//! Replacing a file whole, so that a reader, or a crash at any moment, sees
//! the old file or the new one and never a torn one: the new content goes to
//! a temporary file beside it (same directory, so the rename cannot cross
//! file systems), is flushed to disk, and is renamed over the old. The one
//! way confnotes writes its files: the state file, the saved index and
//! searches.toml.
//!
//! A temporary file is named `<name>.tmp-<pid>-<n>`. A process killed
//! between creating and renaming it leaves it behind;
//! [`remove_stale_temps`] clears those of processes no longer running.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// What goes between a file's name and the writer's process id.
const TEMP_MARK: &str = ".tmp-";

/// How one file is written.
#[derive(Debug, Clone, Copy)]
pub struct AtomicFile<'p> {
    path: &'p Path,
    private: bool,
    durable: bool,
}

impl<'p> AtomicFile<'p> {
    /// A file readable as the umask allows, flushed to disk before the rename.
    pub fn new(path: &'p Path) -> Self {
        Self { path, private: false, durable: true }
    }

    /// Created readable and writable by its owner only (`0600`): what a
    /// user read, bookmarked and wrote down is nobody else's business.
    pub fn private(self) -> Self {
        Self { private: true, ..self }
    }

    /// Not flushed to disk: for a cache that is checked as it is read and
    /// costs nothing but time to lose.
    pub fn cache(self) -> Self {
        Self { durable: false, ..self }
    }

    /// Replaces the file with `bytes`.
    pub fn write(&self, bytes: &[u8]) -> io::Result<()> {
        self.write_with(|out| out.write_all(bytes))
    }

    /// Replaces the file with what `fill` writes, streamed to the temporary
    /// file through a buffer. Nothing changes if `fill` fails.
    pub fn write_with(&self, fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>) -> io::Result<()> {
        let temp = temp_path(self.path);
        let result = self.fill_and_rename(&temp, fill);
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }

    fn fill_and_rename(
        &self,
        temp: &Path,
        fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut out = BufWriter::new(create_new(temp, self.private)?);
        fill(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        if self.durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(temp, self.path)?;
        if self.durable {
            if let Some(dir) = self.path.parent() {
                // Makes the rename itself durable; not every platform can open a directory.
                if let Ok(dir) = File::open(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) {
                    let _ = dir.sync_all();
                }
            }
        }
        Ok(())
    }
}

/// A fresh temporary name beside `path`: the process id, and a count for
/// two writes of one process at once.
fn temp_path(path: &Path) -> PathBuf {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut name = path.file_name().unwrap_or(path.as_os_str()).to_os_string();
    name.push(format!("{TEMP_MARK}{}-{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed)));
    path.with_file_name(name)
}

/// Creates `path`, which must not exist: `O_EXCL` never follows a link
/// planted there, and never writes into a file someone else opened.
fn create_new(path: &Path, private: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if private { 0o600 } else { 0o666 });
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path)
}

/// Creates `dir` and its missing parents, readable by their owner only
/// (`0700`) where they are new: the data directory.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Removes the temporary files that writes of `path` by processes no
/// longer running left beside it (killed between creating and renaming).
/// Returns how many were removed. A process that still runs may be writing
/// its own, so those are left alone; so is anything this cannot read.
pub fn remove_stale_temps(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return 0 };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let name = name.to_string_lossy();
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = writer_of(&file_name.to_string_lossy(), &name) else { continue };
        if !is_running(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file name of `target`:
/// `target.tmp-PID` or `target.tmp-PID-N`.
fn writer_of(file_name: &str, target: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(target)?.strip_prefix(TEMP_MARK)?;
    let (pid, count) = rest.split_once('-').unwrap_or((rest, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(count)).then(|| pid.parse().ok()).flatten()
}

#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
    // Signal 0 checks that the process exists; EPERM means it does, as another user's.
    !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    // No cheap way to tell: keep the file rather than risk a live writer's.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        fs::write(&path, "old").expect("write");
        AtomicFile::new(&path).write(b"new").expect("replaces");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        AtomicFile::new(&path).cache().write_with(|out| out.write_all(b"streamed")).expect("replaces");
        assert_eq!(fs::read_to_string(&path).expect("read"), "streamed");
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_removes_its_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        fs::write(&path, "old").expect("write");
        let failed = AtomicFile::new(&path).write_with(|out| {
            out.write_all(b"half")?;
            Err(io::Error::other("encoder gave up"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_created_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("state.json");
        // An older build's file, readable by everyone: replaced by a private one.
        fs::write(&path, "{}").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        AtomicFile::new(&path).private().write(b"{}").expect("writes");
        let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let data = dir.path().join("new/data");
        create_private_dir(&data).expect("mkdir");
        assert_eq!(fs::metadata(&data).expect("stat").permissions().mode() & 0o777, 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_a_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").expect("write");
        let planted = temp_path(&dir.path().join("s.json"));
        std::os::unix::fs::symlink(&victim, &planted).expect("plant");
        assert!(create_new(&planted, true).is_err(), "refused rather than followed");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "mine");
    }

    #[test]
    fn temporary_names_say_whose_they_are() {
        assert_eq!(writer_of("s.json.tmp-123", "s.json"), Some(123));
        assert_eq!(writer_of("s.json.tmp-123-4", "s.json"), Some(123));
        assert_eq!(writer_of("s.json.tmp-", "s.json"), None);
        assert_eq!(writer_of("s.json.tmp-12x", "s.json"), None);
        assert_eq!(writer_of("t.json.tmp-123", "s.json"), None);
        assert_eq!(writer_of("s.json", "s.json"), None);
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.state.json");
        fs::write(&path, "{}").expect("write");
        // A process that has ended: a child that ran and was waited for.
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let dead = child.id();
        child.wait().expect("wait");
        let alive = std::process::id();
        for name in [
            format!("s.state.json.tmp-{dead}"),
            format!("s.state.json.tmp-{dead}-7"),
            format!("s.state.json.tmp-{alive}-0"),
            format!("other.json.tmp-{dead}"),
        ] {
            fs::write(dir.path().join(name), "torn").expect("write");
        }
        assert_eq!(remove_stale_temps(&path), 2);
        let expected =
            [format!("other.json.tmp-{dead}"), "s.state.json".to_string(), format!("s.state.json.tmp-{alive}-0")];
        assert_eq!(names(dir.path()), expected);
    }
}
