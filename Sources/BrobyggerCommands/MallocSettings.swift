import CSystem
import Foundation

/// glibc's malloc set up for a long-running server process, each setting left as it is when the environment
/// sets it (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_`).
///
/// - Arenas are capped at the number of processor cores (two at least). glibc gives a thread that finds the
///   arenas busy an arena of its own, up to eight per core. The event loops, the handler workers, the stream
///   workers and Dispatch's threads then each keep what they freed in a different arena, and the resident set
///   keeps growing under a steady load although nothing leaks (`RELIABILITY.md`, the soak).
/// - Blocks of 1 MiB and more are always mapped apart, and so given back to the kernel when freed. glibc
///   starts at 128 KiB but raises that threshold to the size of each mapped block freed, up to 32 MiB; the
///   cooperation network's arrays (megabytes each at 100,000 projects, made anew by every update) then come
///   from the arenas, and each update's freed arrays stayed resident (`BENCHMARKS.md`, the network updated by
///   each write). A fixed threshold turns that adjustment off.
/// - Free memory at the top of an arena goes back to the kernel only past 4 MiB. A fixed map threshold also
///   fixes this one at glibc's 128 KiB, and a search that reads long posting lists allocates and frees more
///   than that: each such request handed its buffers back (`madvise`) and faulted them in again, zeroed, on
///   the next one. What stays is bounded: 4 MiB per arena, and arenas are capped above.
enum MallocSettings {
    /// The size from which a block is mapped apart.
    static let mapThreshold: Int32 = 1 << 20
    /// The free memory an arena keeps at its top.
    static let trimThreshold: Int32 = 4 << 20

    static func applyForServer() {
        let environment = ProcessInfo.processInfo.environment
        if environment["MALLOC_ARENA_MAX"] == nil {
            _ = brobygger_set_malloc_arena_max(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        }
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil {
            _ = brobygger_set_malloc_mmap_threshold(mapThreshold)
        }
        if environment["MALLOC_TRIM_THRESHOLD_"] == nil {
            _ = brobygger_set_malloc_trim_threshold(trimThreshold)
        }
    }
}
