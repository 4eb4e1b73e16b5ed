//! Reading a file confnotes depends on (the state file, config.toml,
//! keymap.toml, searches.toml) with a type and a size check first: a FIFO
//! would block the read forever, `/dev/zero` would fill memory, and a
//! runaway file would stall start-up. Only a regular file no larger than
//! the caller's limit is read.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::path::Path;

/// The size limit for config.toml, keymap.toml and searches.toml: hundreds
/// of times what a hand-written one holds.
pub const CONFIG_LIMIT: u64 = 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("not a regular file but {0}; only a regular file is read")]
    NotAFile(&'static str),
    #[error("too large to be read ({}; the limit is {})", size_text(*size), size_text(*limit))]
    TooLarge { size: u64, limit: u64 },
    #[error("not valid UTF-8")]
    NotUtf8,
}

impl ReadError {
    /// Whether the file is simply not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// The text of the regular file at `path` (a link to one is followed), if
/// it holds at most `limit` bytes of UTF-8.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    String::from_utf8(read_bytes(path, limit)?).map_err(|_| ReadError::NotUtf8)
}

/// Like [`read_text`], with the metadata of the file read (taken from the
/// open file before it was read).
pub fn read_text_and_metadata(path: &Path, limit: u64) -> Result<(String, std::fs::Metadata), ReadError> {
    let (bytes, meta) = read_bytes_and_metadata(path, limit)?;
    Ok((String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?, meta))
}

/// Like [`read_text`], for bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_bytes_and_metadata(path, limit).map(|(bytes, _)| bytes)
}

fn read_bytes_and_metadata(path: &Path, limit: u64) -> Result<(Vec<u8>, std::fs::Metadata), ReadError> {
    let file = open_without_blocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len(), limit });
    }
    // The file may grow while it is read: never past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    (&file).take(limit + 1).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(ReadError::TooLarge { size: read, limit });
    }
    Ok((bytes, meta))
}

/// Opens for reading without waiting for a writer, as opening a FIFO would.
fn open_without_blocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(unix)]
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// `512 bytes`, `1.5 MB`, `4.2 GB`.
pub fn size_text(bytes: u64) -> String {
    match crate::text::size_in_units(bytes, 1000) {
        None => format!("{bytes} bytes"),
        Some((value, unit)) => format!("{value:.1} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_regular_file_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "theme = \"dark\"\n").expect("write");
        assert_eq!(read_text(&path, 100).expect("reads"), "theme = \"dark\"\n");
        assert!(read_text(&dir.path().join("none"), 100).expect_err("missing").is_not_found());
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.toml");
        std::fs::write(&path, vec![b'#'; 2048]).expect("write");
        let error = read_text(&path, 1024).expect_err("refused");
        assert!(matches!(error, ReadError::TooLarge { size: 2048, limit: 1024 }), "{error:?}");
        assert_eq!(error.to_string(), "too large to be read (2.0 KB; the limit is 1.0 KB)");
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_folders_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, 0o600.into(), 0).expect("mkfifo");
        assert!(matches!(read_text(&fifo, 1024), Err(ReadError::NotAFile("a FIFO (named pipe)"))));
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
        assert!(matches!(read_text(&zero, 1024), Err(ReadError::NotAFile("a character device"))));
        assert!(matches!(read_text(dir.path(), 1024), Err(ReadError::NotAFile("a folder"))));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(1_500_000), "1.5 MB");
        assert_eq!(size_text(4_200_000_000), "4.2 GB");
    }
}
