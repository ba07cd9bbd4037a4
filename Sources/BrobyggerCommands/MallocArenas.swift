import CSystem
import Foundation

/// Caps glibc's malloc arenas at the number of processor cores (two at least) for a server process, unless
/// `MALLOC_ARENA_MAX` in the environment sets the number itself.
///
/// glibc gives a thread that finds the arenas busy an arena of its own, up to eight per core. The event
/// loops, the handler workers, the stream workers and Dispatch's threads then each keep what they freed in a
/// different arena, and the resident set keeps growing under a steady load although nothing leaks
/// (`RELIABILITY.md`, the soak).
enum MallocArenas {
    static func limitForServer() {
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = brobygger_set_malloc_arena_max(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
