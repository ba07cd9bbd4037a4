#if canImport(Glibc)
import Glibc
#endif

/// Has the kernel read the SQLite database file into its page cache when the server starts, so that the first
/// clients after a start (a walk through a whole collection, a crawler) are not answered at the speed of one
/// random disk read per page. SQLite reads a page at a time, and a table's pages lie scattered through the
/// file, so the kernel's own read-ahead does not find them; asked for the whole file, it reads it in large
/// sequential requests.
///
/// The pages go into the kernel's cache, not into the server's memory: they are not resident memory of the
/// process, and the kernel drops them first when memory runs short. A file larger than half the memory
/// available (the system's, or the room under the container's memory limit, whichever is less) is left alone:
/// it would push out what the machine keeps cached for itself.
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
    static func warm(_ paths: [String], room: Int?) -> Outcome {
        var files: [(descriptor: Int32, size: Int)] = []
        defer { for file in files { close(file.descriptor) } }
        for path in paths {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return .failed("cannot open \(path): \(String(cString: strerror(errno)))") }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
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

    /// The bytes the cache may take: half of the memory the kernel reports available (`MemAvailable` of
    /// `/proc/meminfo`), and of the room left under the memory limit of the process's control group when it has
    /// one, whichever is less; nil when the available memory is not known.
    static func room(meminfo: String, limit: String?, usage: String?) -> Int? {
        guard var available = availableBytes(meminfo: meminfo) else { return nil }
        // cgroup v2 writes `max` for no limit, v1 a number near 2^63: either is no bound.
        if let limit = limit.flatMap(Self.number), let usage = usage.flatMap(Self.number) {
            available = min(available, max(0, limit - usage))
        }
        return available / 2
    }

    /// The room (``room(meminfo:limit:usage:)``) of this machine and this process's control group (v2, else v1).
    static func roomOnThisMachine() -> Int? {
        let v2 = (read("/sys/fs/cgroup/memory.max"), read("/sys/fs/cgroup/memory.current"))
        let v1 = (read("/sys/fs/cgroup/memory/memory.limit_in_bytes"), read("/sys/fs/cgroup/memory/memory.usage_in_bytes"))
        let (limit, usage) = v2.0 != nil ? v2 : v1
        return read("/proc/meminfo").flatMap { room(meminfo: $0, limit: limit, usage: usage) }
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

    private static func number(_ text: String) -> Int? {
        text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
    }

    /// The text of a small file (`/proc`, `/sys`), or nil when there is none.
    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
