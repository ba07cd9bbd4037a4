#if canImport(Glibc)
import Glibc
#endif
@testable import BrobyggerCommands
import Foundation
import Testing
import TestSupport

/// The database file is read into the kernel's page cache after `brobygger serve` starts, when it fits in half the
/// memory available.
@Suite struct FileCacheWarmerTests {
    static let meminfo = """
        MemTotal:       24683792 kB
        MemFree:        22534356 kB
        MemAvailable:    4000000 kB
        Buffers:           12345 kB

        """

    @Test func theRoomIsHalfTheMemoryAvailableAndOfTheRoomUnderTheLimits() {
        #expect(FileCacheWarmer.availableBytes(meminfo: Self.meminfo) == 4_000_000 * 1024)
        // No control group with a limit.
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, groups: []) == 2_000_000 * 1024)
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, groups: [.init(limit: nil, usage: 1000, reclaimable: 0)]) == 2_000_000 * 1024)
        // A container limited to 1 GiB that uses 300 MiB, 100 MiB of it inactive file cache: 824 MiB left, half
        // of it for the cache.
        let container = FileCacheWarmer.MemoryGroup(limit: 1 << 30, usage: 300 << 20, reclaimable: 100 << 20)
        #expect(container.room == 824 << 20)
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, groups: [container]) == 412 << 20)
        // The least room of the group and those above it.
        let parent = FileCacheWarmer.MemoryGroup(limit: 512 << 20, usage: 312 << 20, reclaimable: 0)
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, groups: [container, parent]) == 100 << 20)
        // Over its limit: no room.
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, groups: [.init(limit: 1000, usage: 2000, reclaimable: 0)]) == 0)
        #expect(FileCacheWarmer.room(meminfo: "MemTotal: 1 kB\n", groups: []) == nil)
    }

    @Test func theProcesssControlGroupsAndTheirFilesAreRead() {
        let v1 = "9:name=systemd:/\n4:memory:/process_api/3366\n1:cpu,cpuacct:/\n0::/\n"
        #expect(FileCacheWarmer.groupPaths(v1).memory == "/process_api/3366")
        #expect(FileCacheWarmer.groupPaths(v1).unified == "/")
        let v2 = "0::/system.slice/brobygger.service\n"
        #expect(FileCacheWarmer.groupPaths(v2).unified == "/system.slice/brobygger.service")
        #expect(FileCacheWarmer.groupPaths(v2).memory == nil)
        let stat = "anon 1000\nfile 5000\ninactive_file 4096\nhierarchical_memory_limit 9223372036854771712\n"
        #expect(FileCacheWarmer.statValue("inactive_file", in: stat) == 4096)
        #expect(FileCacheWarmer.statValue("hierarchical_memory_limit", in: stat) == 9_223_372_036_854_771_712)
        #expect(FileCacheWarmer.statValue("active_file", in: stat) == nil)
    }

    @Test func theWriteAheadLogIsWarmedWithTheFileWhenThereIsOne() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        #expect(FileCacheWarmer.databaseFiles(path) == [path])
        #expect(FileManager.default.createFile(atPath: path + "-wal", contents: Data()))
        #expect(FileCacheWarmer.databaseFiles(path) == [path, path + "-wal"])
    }

    @Test func aFileThatCannotBeOpenedIsToldAndNothingIsAskedFor() {
        let outcome = FileCacheWarmer.warm(["/nonexistent/registry.sqlite"], room: Int.max)
        guard case .failed(let reason) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.contains("/nonexistent/registry.sqlite"))
    }

    /// A file pushed out of the page cache is read back into it by the warming, and left out when it is larger than
    /// the room.
    @Test func aFileIsReadIntoThePageCacheWhenItFits() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        let size = 24 << 20
        try Data(repeating: 0x5A, count: size).write(to: URL(fileURLWithPath: path))
        try Self.evict(path)
        try #require(try Self.residentShare(path) < 0.25,
                     "the kernel kept the file cached after POSIX_FADV_DONTNEED; the test needs a file system with a page cache")

        #expect(FileCacheWarmer.warm([path], room: size - 1) == .tooLarge(bytes: size, room: size - 1))
        #expect(try Self.residentShare(path) < 0.25)

        #expect(FileCacheWarmer.warm([path], room: size) == .warmed(bytes: size))
        // The kernel reads what it was asked for as the device answers.
        let deadline = ContinuousClock.now + .seconds(10)
        while try Self.residentShare(path) < 0.9, ContinuousClock.now < deadline { usleep(10_000) }
        #expect(try Self.residentShare(path) >= 0.9)
    }

    @Test func theServerWarmsItsFileUnlessToldNotTo() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("registry.sqlite").path
        // An in-memory database has no file: nothing is read, and nothing said about it.
        for (run, (flag, database, warms)) in [(true, file, true), (false, file, false), (true, ":memory:", false)].enumerated() {
            let log = directory.appendingPathComponent("serve-\(run).log").path
            let port = try LoopbackPort.free()
            let process = try ChildProcess(
                try TokenCommandTests.executable.path,
                ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--warm-file-cache", "\(flag)", "--database", database,
                 "--seeds", TokenCommandTests.repository.appendingPathComponent("seeds").path,
                 "--migrations", TokenCommandTests.repository.appendingPathComponent("migrations").path,
                 "--no-access-log"],
                output: log, error: log)
            // The network's build and the warming run side by side after the start: both have ended once both
            // lines are there, or the network's alone a second after.
            let deadline = ContinuousClock.now + .seconds(60)
            var text = ""
            while ContinuousClock.now < deadline, process.isRunning {
                text = OutputFile.text(at: log)
                if text.contains("cooperation network ready") && (text.contains("page cache") || !warms) { break }
                usleep(20_000)
            }
            if !warms { usleep(1_000_000) }
            text = OutputFile.text(at: log)
            if database == file {
                // SQLite's lock on the file outlives the warming: the locks belong to the process, and closing
                // any descriptor of the file would drop them.
                let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
                #expect(try Self.holdsLock(pid: process.pid, on: file), "\(locks)")
            }
            process.signal(SIGTERM)
            #expect(process.wait(timeout: .seconds(10)))
            #expect(text.contains("cooperation network ready"), "\(text)")
            #expect(text.contains("database file read into the page cache: ") == warms, "\(text)")
            #expect(text.contains("page cache") == warms, "\(text)")
        }
    }

    /// Whether process `pid` holds a POSIX lock on the file at `path` (`/proc/locks`: `1: POSIX ADVISORY READ
    /// <pid> <major>:<minor>:<inode> <start> <end>`).
    private static func holdsLock(pid: pid_t, on path: String) throws -> Bool {
        var status = stat()
        try #require(stat(path, &status) == 0)
        let locks = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
        return locks.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count >= 6 && fields[1] == "POSIX" && fields[4] == "\(pid)"
                && fields[5].split(separator: ":").last == "\(status.st_ino)"
        }
    }

    /// Writes the file's pages out and has the kernel drop them from its cache.
    private static func evict(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        fdatasync(descriptor)
        #expect(posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0)
    }

    /// The share of the file's pages in the kernel's page cache (`mincore` of a mapping of it).
    private static func residentShare(_ path: String) throws -> Double {
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var status = stat()
        try #require(fstat(descriptor, &status) == 0 && status.st_size > 0)
        let length = Int(status.st_size)
        let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0)
        try #require(mapping != MAP_FAILED)
        defer { munmap(mapping, length) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var pages = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
        try #require(mincore(mapping, length, &pages) == 0)
        return Double(pages.filter { $0 & 1 == 1 }.count) / Double(pages.count)
    }
}
