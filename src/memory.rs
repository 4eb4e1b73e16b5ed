//! What the allocator keeps: glibc's, left to itself, holds on to memory
//! the app freed, which then counts in its resident size as if still used.

/// glibc gives each thread that allocates its own arena and keeps what is
/// freed there: the eight threads that read a large folder's files would
/// leave its whole size behind, unreturned (peak memory 77 MiB instead of 52
/// MiB on 10,000 notes, `scripts/bench.sh`). Two arenas serve two cores.
/// Called first thing in `main`, before any other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    // SAFETY: mallopt only sets allocator parameters, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Blocks of 64 KiB and more mapped on their own, and so given back the
/// moment they are freed. glibc's default (128 KiB, raised to the largest
/// block freed so far, up to 32 MiB) put the big lists a load makes and
/// lets go (each event's notes before they join the collection, an index's
/// scratch lists, decoded buffers) among what lives on, where they stayed
/// resident: peak memory at 100,000 notes 206 MiB instead of 187 MiB
/// without a saved index, 253 instead of 228 MiB with one
/// (`scripts/bench.sh`). Setting it also stops the raising. Only for the
/// app, which holds a collection for hours: a mapping costs a system call,
/// and a one-shot command (`confnotes render` of a large note: +8% CPU)
/// gives everything back when it ends anyway. Called before any other
/// thread exists (mallopt is not thread-safe).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn map_large_blocks_alone() {
    // SAFETY: mallopt only sets allocator parameters, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAPPED_FROM);
    }
}

/// The size from which a block is mapped on its own ([`map_large_blocks_alone`]).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MAPPED_FROM: libc::c_int = 64 << 10;

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn map_large_blocks_alone() {}

/// Gives the pages freed inside the heap back to the system. glibc returns
/// only what is free at the heap's top; a step that made and freed much
/// (every file's text read and parsed, an index's scratch lists) leaves
/// holes below what it kept, still counted as resident, and the next step
/// allocates beside them rather than in them. At 100,000 notes, reading the
/// files left the process 95 MiB larger than what it held
/// (`examples/memory_profile.rs`, `scripts/bench.sh`'s peak). Called after
/// such steps; takes a few milliseconds.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back() {
    // SAFETY: malloc_trim only releases free memory; it is safe on any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
