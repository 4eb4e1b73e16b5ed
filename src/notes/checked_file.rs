//! The files confnotes saves for itself (the notes' index, the first look,
//! the saved search and related indexes): what the file is (its magic
//! bytes), what was encoded, and a CRC-32 of both, written beside the file
//! and renamed over it, private to the user, as the notes may be.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

/// Saves at `path` the file `magic` names, holding what `payload` writes.
pub(crate) fn save(
    path: &Path,
    magic: &[u8],
    payload: impl FnOnce(&mut Checksummed<&mut io::BufWriter<std::fs::File>>) -> io::Result<()>,
) -> io::Result<()> {
    crate::atomic_file::create_private_dir(path.parent().unwrap_or(Path::new(".")))?;
    crate::atomic_file::AtomicFile::new(path).private().cache().write_with(|file| {
        let mut out = Checksummed { inner: file, checksum: crc32fast::Hasher::new() };
        out.write_all(magic)?;
        payload(&mut out)?;
        let Checksummed { inner, checksum } = out;
        inner.write_all(&checksum.finalize().to_le_bytes())
    })
}

/// Writes `value` encoded (postcard) to `out`.
pub(crate) fn encode<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> io::Result<()> {
    postcard::to_io(value, out).map(|_| ()).map_err(|e| io::Error::other(e.to_string()))
}

/// What was encoded in a file read whole as `bytes`, when it starts with
/// `magic` and its checksum holds; `None` for a damaged or foreign file.
pub(crate) fn payload<'a>(bytes: &'a [u8], magic: &[u8]) -> Option<&'a [u8]> {
    let (written, checksum) = bytes.strip_prefix(magic)?.split_last_chunk::<4>()?;
    let mut expected = crc32fast::Hasher::new();
    expected.update(magic);
    expected.update(written);
    (expected.finalize() == u32::from_le_bytes(*checksum)).then_some(written)
}

/// A writer that keeps a CRC-32 of what goes through it.
pub(crate) struct Checksummed<W> {
    inner: W,
    checksum: crc32fast::Hasher,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.checksum.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_payload_reads_back_and_any_damage_refuses_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("saved.bin");
        save(&path, b"magic01", |out| encode(out, &(7u32, "seven"))).expect("saved");
        let bytes = std::fs::read(&path).expect("reads");
        let body = payload(&bytes, b"magic01").expect("whole");
        assert_eq!(postcard::from_bytes::<(u32, String)>(body).expect("decodes"), (7, "seven".to_string()));
        assert_eq!(payload(&bytes, b"magic02"), None, "another kind of file");
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert_eq!(payload(&damaged, b"magic01"), None, "byte {at} flipped");
        }
        assert_eq!(payload(&bytes[..bytes.len() - 1], b"magic01"), None, "cut short");
    }
}
