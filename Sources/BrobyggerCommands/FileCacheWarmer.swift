#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Has the kernel read the SQLite database file into its page cache when the server starts, so that the first
/// clients after a start (a walk through a whole collection, a crawler) are not answered at the speed of one
/// random disk read per page. SQLite reads a page at a time, and a table's pages lie scattered through the
/// file, so the kernel's own read-ahead does not find them; asked for the whole file, it reads it in large
/// sequential requests.
///
/// The pages go into the kernel's cache, not into the server's memory: they are not resident memory of the
/// process, and the kernel drops them first when memory runs short. A file larger than half the memory
/// available (the system's, or the room under the memory limits of the process's control group, whichever is
/// less) is left alone: it would push out what the machine keeps cached for itself.
enum FileCacheWarmer {
    /// Bytes asked of the kernel at a time: Linux reads at most its read-ahead window (or the device's largest
    /// request) per request of this kind, whatever length it is given.
    static let requestBytes = 8 << 20

    /// What a warming did.
    enum Outcome: Equatable, Sendable {
        /// The files' bytes were asked for.
        case warmed(bytes: Int)
        /// The files are larger than the room the cache may take (`room`, or nil when the memory available is
        /// not known); nothing was asked for.
        case tooLarge(bytes: Int, room: Int?)
        /// A file could not be opened or measured.
        case failed(String)
    }

    /// The database file at `path` and its write-ahead log, when there is one.
    static func databaseFiles(_ path: String) -> [String] {
        let log = path + "-wal"
        return access(log, F_OK) == 0 ? [path, log] : [path]
    }

    /// Asks the kernel to read `paths` into its page cache when their bytes together fit in `room`.
    ///
    /// The first path's descriptor is kept open for as long as the process runs: the locks SQLite holds on a
    /// database file are POSIX locks, which belong to the process, and closing any descriptor of the file would
    /// drop them all while SQLite still counts on them (another process could then take the file's write-ahead
    /// log away from under the server). A write-ahead log holds no such locks.
    static func warm(_ paths: [String], room: Int?) -> Outcome {
        var files: [(descriptor: Int32, size: Int)] = []
        // The database file's descriptor (the first) is left open, as said above.
        defer { for file in files.dropFirst() { close(file.descriptor) } }
        for path in paths {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return .failed("cannot open \(path): \(String(cString: strerror(errno)))") }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let reason = String(cString: strerror(errno))
                // Closed with the others, or kept open as the database file's.
                files.append((descriptor, 0))
                return .failed("cannot measure \(path): \(reason)")
            }
            files.append((descriptor, Int(status.st_size)))
        }
        let bytes = files.reduce(0) { $0 + $1.size }
        guard let room, bytes <= room else { return .tooLarge(bytes: bytes, room: room) }
        for file in files {
            var offset = 0
            while offset < file.size {
                // Advice the kernel cannot take (a file system without a page cache) is no error worth telling:
                // the server reads the file as it would have without it.
                _ = posix_fadvise(file.descriptor, off_t(offset), off_t(requestBytes), POSIX_FADV_WILLNEED)
                offset += requestBytes
            }
        }
        return .warmed(bytes: bytes)
    }

    /// A control group's memory, as its files tell it: its limit (nil for none), what it uses, and how much of
    /// that is file cache the kernel may take back without writing anything (inactive file pages).
    struct MemoryGroup: Equatable {
        var limit: Int?
        var usage: Int
        var reclaimable: Int

        /// The memory the group may still take before the kernel reclaims from it; nil without a limit.
        var room: Int? {
            limit.map { max(0, $0 - max(0, usage - reclaimable)) }
        }
    }

    /// The bytes the cache may take: half of the memory the kernel reports available (`MemAvailable` of
    /// `/proc/meminfo`), and of the room under each of `groups`' limits, whichever is least; nil when the
    /// available memory is not known.
    static func room(meminfo: String, groups: [MemoryGroup]) -> Int? {
        guard let available = availableBytes(meminfo: meminfo) else { return nil }
        return groups.compactMap(\.room).reduce(available, min) / 2
    }

    /// The room (``room(meminfo:groups:)``) of this machine and of the process's control group and the groups
    /// above it (cgroup v2), or the group's hierarchical limit (cgroup v1).
    static func roomOnThisMachine() -> Int? {
        guard let meminfo = read("/proc/meminfo") else { return nil }
        let membership = groupPaths(read("/proc/self/cgroup") ?? "")
        var groups: [MemoryGroup] = []
        if let path = membership.unified, access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 {
            var directory = "/sys/fs/cgroup" + (path == "/" ? "" : path)
            while true {
                if let limit = read(directory + "/memory.max"), let usage = read(directory + "/memory.current").flatMap(number) {
                    let stat = read(directory + "/memory.stat") ?? ""
                    groups.append(MemoryGroup(limit: number(limit), usage: usage, reclaimable: statValue("inactive_file", in: stat) ?? 0))
                }
                guard directory != "/sys/fs/cgroup", let slash = directory.lastIndex(of: "/") else { break }
                directory = String(directory[..<slash])
            }
        } else if let path = membership.memory {
            let directory = "/sys/fs/cgroup/memory" + (path == "/" ? "" : path)
            if let stat = read(directory + "/memory.stat"), let usage = read(directory + "/memory.usage_in_bytes").flatMap(number) {
                groups.append(MemoryGroup(limit: statValue("hierarchical_memory_limit", in: stat), usage: usage,
                                          reclaimable: statValue("total_inactive_file", in: stat) ?? 0))
            }
        }
        return room(meminfo: meminfo, groups: groups)
    }

    /// The process's control groups in a `/proc/self/cgroup` text: the unified hierarchy's (v2, `0::/path`)
    /// and the memory controller's (v1, `4:memory:/path`).
    static func groupPaths(_ text: String) -> (unified: String?, memory: String?) {
        var paths: (unified: String?, memory: String?) = (nil, nil)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[0] == "0", fields[1].isEmpty { paths.unified = String(fields[2]) }
            if fields[1].split(separator: ",").contains("memory") { paths.memory = String(fields[2]) }
        }
        return paths
    }

    /// The value of `name` in a `memory.stat` text (`inactive_file 1234`).
    static func statValue(_ name: String, in stat: String) -> Int? {
        for line in stat.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == name { return Int(fields[1]) }
        }
        return nil
    }

    /// `MemAvailable` of a `/proc/meminfo` text, in bytes.
    static func availableBytes(meminfo: String) -> Int? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }

    /// A number in a control group's file; nil for `max` (no limit) or anything else.
    private static func number(_ text: String) -> Int? {
        text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
    }

    /// The text of a small file (`/proc`, `/sys`), or nil when there is none.
    private static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }
}
