//! The files confnotes saves for itself (the notes' index, the first look,
//! the saved search and related indexes): what the file is (its magic
//! bytes), what was encoded, and a CRC-32 of both, written beside the file
//! and renamed over it, private to the user, as the notes may be.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

/// What a payload is written to: a buffer in front of the checksum, so
/// that the many small writes of an encoding (a number at a time) reach
/// the CRC-32 in large pieces: a few bytes at a time, it took longer than
/// the encoding (tens of ms for the indexes of 100,000 notes).
pub(crate) type Out<'f> = io::BufWriter<Checksummed<&'f mut io::BufWriter<std::fs::File>>>;

/// Saves at `path` the file `magic` names, holding what `payload` writes.
pub(crate) fn save(path: &Path, magic: &[u8], payload: impl FnOnce(&mut Out<'_>) -> io::Result<()>) -> io::Result<()> {
    crate::atomic_file::create_private_dir(path.parent().unwrap_or(Path::new(".")))?;
    crate::atomic_file::AtomicFile::new(path).private().cache().write_with(|file| {
        let checksummed = Checksummed { inner: file, checksum: crc32fast::Hasher::new() };
        let mut out = io::BufWriter::with_capacity(1 << 16, checksummed);
        out.write_all(magic)?;
        payload(&mut out)?;
        let Checksummed { inner, checksum } = out.into_inner().map_err(io::IntoInnerError::into_error)?;
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

/// A file's bytes mapped into memory rather than copied: the saved
/// indexes are read whole at every start (65 MB at 100,000 notes), and a
/// copy took as many fresh pages, each faulted in and zeroed, as the file
/// has, on top of the copying. Mapped, the file's own cached pages are used.
///
/// The files mapped are confnotes' own, replaced whole by renaming a new
/// file over them ([`save`]): a mapping keeps the file it was made from. A
/// file cut short in place by something else while it is read would end
/// the process (SIGBUS), as it would any program mapping it.
pub(crate) struct Mapped {
    at: std::ptr::NonNull<u8>,
    len: usize,
}

impl Mapped {
    /// The file at `path`, mapped; `None` if it cannot be opened or mapped.
    pub(crate) fn open(path: &Path) -> Option<Self> {
        use std::os::fd::AsRawFd as _;
        let file = std::fs::File::open(path).ok()?;
        let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
        if len == 0 {
            return Some(Self { at: std::ptr::NonNull::dangling(), len });
        }
        // SAFETY: a private, read-only mapping of a file open for reading;
        // it outlives the descriptor, and `Drop` unmaps exactly it.
        let at =
            unsafe { libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ, libc::MAP_PRIVATE, file.as_raw_fd(), 0) };
        if at == libc::MAP_FAILED {
            return None;
        }
        std::ptr::NonNull::new(at.cast::<u8>()).map(|at| Self { at, len })
    }
}

impl Mapped {
    /// What was encoded in the file, as [`payload`] has it, each stretch
    /// let go ([`Mapped::let_go_before`]) once the checksum has been through
    /// it: a file's pages otherwise count in the process's memory from the
    /// check until it is unmapped, all of them beside everything decoded
    /// from them (60 MiB of saved indexes at 100,000 notes). Decoding
    /// reads them again from the page cache, a stretch at a time.
    pub(crate) fn payload(&self, magic: &[u8]) -> Option<&[u8]> {
        const STRETCH: usize = 1 << 20;
        let (written, checksum) = self.strip_prefix(magic)?.split_last_chunk::<4>()?;
        let mut expected = crc32fast::Hasher::new();
        expected.update(magic);
        for stretch in written.chunks(STRETCH) {
            expected.update(stretch);
            self.let_go_before(stretch.as_ptr_range().end);
        }
        (expected.finalize() == u32::from_le_bytes(*checksum)).then_some(written)
    }

    /// Lets the mapped pages wholly before `at` (a place in the mapping)
    /// go from memory, once what they hold has been decoded or checked.
    pub(crate) fn let_go_before(&self, at: *const u8) {
        self.let_go_between(self.at.as_ptr() as usize, at as usize);
    }

    /// Lets the mapped pages wholly inside `done` (a stretch of the
    /// mapping) go from memory, once what they hold has been decoded.
    pub(crate) fn let_go(&self, done: &[u8]) {
        let range = done.as_ptr_range();
        self.let_go_between(range.start as usize, range.end as usize);
    }

    /// The pages wholly between two addresses (clamped to the mapping) let
    /// go: they are the file's, never written, and read again from it if
    /// touched after.
    fn let_go_between(&self, from: usize, to: usize) {
        let (start, end) = (self.at.as_ptr() as usize, self.at.as_ptr() as usize + self.len);
        let (from, to) = (from.clamp(start, end), to.clamp(start, end));
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(0);
        if page == 0 {
            return;
        }
        // The mapping starts on a page: only pages wholly inside go.
        let (first, last) = (from.next_multiple_of(page), to / page * page);
        if last > first {
            // SAFETY: whole pages inside this private, read-only file mapping;
            // dropping them loses nothing, as they are read again from the file.
            unsafe { libc::madvise(first as *mut libc::c_void, last - first, libc::MADV_DONTNEED) };
        }
    }
}

impl std::ops::Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: `len` bytes mapped readable at `at` (or none, dangling) until dropped.
        unsafe { std::slice::from_raw_parts(self.at.as_ptr(), self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        if self.len > 0 {
            // SAFETY: the mapping made in `open`, unmapped once.
            unsafe { libc::munmap(self.at.as_ptr().cast(), self.len) };
        }
    }
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
    fn a_mapped_file_holds_its_bytes_and_keeps_them_when_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("saved.bin");
        save(&path, b"magic01", |out| encode(out, &(7u32, "seven"))).expect("saved");
        let mapped = Mapped::open(&path).expect("maps");
        assert_eq!(&mapped[..], std::fs::read(&path).expect("reads"));
        // Saved again meanwhile: a new file renamed over it, the mapping keeps the old one.
        save(&path, b"magic01", |out| encode(out, &(8u32, "eight"))).expect("saved");
        let body = payload(&mapped, b"magic01").expect("whole");
        assert_eq!(postcard::from_bytes::<(u32, String)>(body).expect("decodes"), (7, "seven".to_string()));
        std::fs::write(&path, b"").expect("emptied");
        assert_eq!(&Mapped::open(&path).expect("maps nothing")[..], b"");
        assert!(Mapped::open(&dir.path().join("missing")).is_none());
    }

    #[test]
    fn a_mapped_payload_checked_and_let_go_still_reads_back_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("saved.bin");
        // Several stretches and pages of numbers, each different.
        let numbers: Vec<u32> = (0..1_000_000).collect();
        save(&path, b"magic01", |out| encode(out, &numbers)).expect("saved");
        let mapped = Mapped::open(&path).expect("maps");
        let body = mapped.payload(b"magic01").expect("whole");
        assert_eq!(postcard::from_bytes::<Vec<u32>>(body).expect("decodes"), numbers, "read again from the file");
        mapped.let_go_before(body.as_ptr_range().end);
        assert_eq!(&mapped[..], std::fs::read(&path).expect("reads"), "pages let go are read again");
        let mut damaged = std::fs::read(&path).expect("reads");
        let last = damaged.len() - 5;
        damaged[last] ^= 1;
        std::fs::write(&path, &damaged).expect("written");
        assert!(Mapped::open(&path).expect("maps").payload(b"magic01").is_none(), "a change in the last stretch");
    }

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
