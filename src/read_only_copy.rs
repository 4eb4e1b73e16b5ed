//! Copies of bundled notes for the editor (`e`): the bundled notes are
//! built into the binary, so the editor gets a read-only copy. The copies
//! live in a directory of this run's own, made with a random name (the
//! `tempfile` crate) and mode `0700`, and each copy is created anew with
//! `O_EXCL`: on a shared `/tmp`, no one can make confnotes write through a
//! link planted at a name they guessed. The directory goes when the app
//! ends, with everything in it.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// This run's copies, made on first use.
#[derive(Debug, Default)]
pub struct ReadOnlyCopies {
    dir: Option<tempfile::TempDir>,
}

impl ReadOnlyCopies {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `text`, the bundled note `id`, to a read-only file in the
    /// system's temporary directory and returns its path.
    pub fn write(&mut self, id: &str, text: &str) -> io::Result<PathBuf> {
        self.write_in(&std::env::temp_dir(), id, text)
    }

    /// Like [`ReadOnlyCopies::write`], with the private directory made in `base`.
    pub fn write_in(&mut self, base: &Path, id: &str, text: &str) -> io::Result<PathBuf> {
        let dir = match &mut self.dir {
            Some(dir) => dir,
            empty => empty.insert(private_builder().tempdir_in(base)?),
        };
        let path = dir.path().join(file_name(id));
        // An earlier copy of the same note, ours: replaced by a fresh file.
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o400);
        let mut file = options.open(&path)?;
        file.write_all(text.as_bytes())?;
        #[cfg(not(unix))]
        {
            let mut permissions = file.metadata()?.permissions();
            permissions.set_readonly(true);
            fs::set_permissions(&path, permissions)?;
        }
        Ok(path)
    }
}

/// Directories readable by their owner only: tempfile's default follows the umask.
fn private_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("confnotes-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    builder
}

/// One file name for a note id: its folders joined with `--`.
fn file_name(id: &str) -> String {
    id.split(['/', '\\']).filter(|part| !part.is_empty() && *part != "..").collect::<Vec<_>>().join("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_read_only_and_can_be_made_again() {
        let base = tempfile::tempdir().expect("tempdir");
        let mut copies = ReadOnlyCopies::new();
        let path = copies.write_in(base.path(), "2019-x/a.md", "# A").expect("copy");
        assert!(path.ends_with("2019-x--a.md"), "{}", path.display());
        assert!(fs::metadata(&path).expect("exists").permissions().readonly());
        let again = copies.write_in(base.path(), "2019-x/a.md", "# B").expect("copy again");
        assert_eq!(again, path);
        assert_eq!(fs::read_to_string(&again).expect("read"), "# B");
        let dir = path.parent().expect("its directory").to_path_buf();
        drop(copies);
        assert!(!dir.exists(), "the copies go when the app ends");
    }

    #[cfg(unix)]
    #[test]
    fn links_planted_in_a_shared_temporary_directory_are_never_written_through() {
        use std::os::unix::fs::PermissionsExt as _;
        let base = tempfile::tempdir().expect("tempdir");
        let victim = base.path().join("victim");
        fs::write(&victim, "my private key").expect("write");
        // What another user of /tmp could prepare: the old fixed folder, and
        // links at every name they can guess.
        let guessed = base.path().join("confnotes-bundled");
        fs::create_dir(&guessed).expect("mkdir");
        std::os::unix::fs::symlink(&victim, guessed.join("2019-x--a.md")).expect("plant");
        std::os::unix::fs::symlink(&victim, base.path().join("2019-x--a.md")).expect("plant");

        let mut copies = ReadOnlyCopies::new();
        let path = copies.write_in(base.path(), "2019-x/a.md", "# A").expect("copy");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "my private key");
        let dir = path.parent().expect("its directory");
        assert_ne!(dir, guessed);
        assert_eq!(fs::symlink_metadata(dir).expect("stat").permissions().mode() & 0o777, 0o700);
        assert!(fs::symlink_metadata(&path).expect("stat").file_type().is_file());
        assert_eq!(fs::metadata(&path).expect("stat").permissions().mode() & 0o777, 0o400);
    }

    #[test]
    fn ids_become_single_file_names() {
        assert_eq!(file_name("2019-x/day-1/a.md"), "2019-x--day-1--a.md");
        assert_eq!(file_name("../../etc/passwd"), "etc--passwd");
    }
}
