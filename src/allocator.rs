//! The C allocator's settings for a long-lived interactive process (glibc only).
//!
//! Maya streams a reply on a tokio worker while the UI thread draws it, so the same text is
//! allocated on several threads. glibc gives each thread that allocates its own arena, and
//! memory freed in one arena cannot serve another: the peak RSS of a long reply grew with every
//! thread that touched it. Its dynamic mmap threshold also rises to the size of the largest
//! block freed, after which large buffers (hyper's read buffer, the reply's `String` as it
//! doubles) come from the heap, where a `realloc` copies and the old block stays resident.
//!
//! Measured with `scripts/measure-stream` (500,000 characters, release build, 3 runs each):
//! peak over idle +3.4 to +4.7 MiB with glibc's defaults, +2.0 to +2.6 MiB with one arena and a
//! fixed 128 KiB mmap threshold. The shared arena's lock cost ~10% of `benches/stream.rs` while
//! every stream chunk built a `serde_json::Value`; since the usual chunk is read without one
//! (`llm::openai::text_chunk`), malloc is a small part of the profile.
//!
//! Why not a different global allocator: the C library's is already linked and already used by
//! every C dependency; two settings bring it where we need it without a new crate.

/// Blocks at least this large are mapped on their own: returned to the system when freed,
/// and grown with `mremap` rather than copied. 128 KiB is glibc's own starting threshold,
/// which we keep from drifting upwards.
pub const MMAP_THRESHOLD: usize = 128 * 1024;

/// Applies the settings. Call it first in `main`, before any thread starts; later calls are
/// harmless. Elsewhere than glibc, it does nothing.
#[allow(unsafe_code, reason = "mallopt is a C call with no safe wrapper")]
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes malloc's parameters and is thread-safe in glibc; the
    // arguments are in range.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
    }
}

#[cfg(test)]
#[allow(
    unsafe_code,
    reason = "the tests read malloc's own counters, through C calls"
)]
#[path = "allocator_tests.rs"]
mod tests;
