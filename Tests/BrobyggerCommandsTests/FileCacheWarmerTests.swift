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

    @Test func theRoomIsHalfTheMemoryAvailableAndOfTheRoomUnderTheLimit() {
        #expect(FileCacheWarmer.availableBytes(meminfo: Self.meminfo) == 4_000_000 * 1024)
        // No control group's limit, or none set (v2 `max`, v1 a number near 2^63).
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, limit: nil, usage: nil) == 2_000_000 * 1024)
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, limit: "max\n", usage: "1000\n") == 2_000_000 * 1024)
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, limit: "9223372036854771712\n", usage: "1000\n") == 2_000_000 * 1024)
        // A container limited to 1 GiB that uses 200 MiB: 824 MiB left, half of it for the cache.
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, limit: "1073741824\n", usage: "209715200\n") == 412 * 1024 * 1024)
        // Over its limit: no room.
        #expect(FileCacheWarmer.room(meminfo: Self.meminfo, limit: "1000\n", usage: "2000\n") == 0)
        #expect(FileCacheWarmer.room(meminfo: "MemTotal: 1 kB\n", limit: nil, usage: nil) == nil)
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
        var generator = SeededGenerator(seed: 3)
        try Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: path))
        try Self.evict(path)
        try #require(try Self.residentShare(path) < 0.25,
                     "the kernel kept the file cached after POSIX_FADV_DONTNEED; the test needs a file system with a page cache")

        #expect(FileCacheWarmer.warm([path], room: size - 1) == .tooLarge(bytes: size, room: size - 1))
        #expect(try Self.residentShare(path) < 0.25)

        #expect(FileCacheWarmer.warm([path], room: size) == .warmed(bytes: size))
        // The kernel reads what it was asked for as the device answers.
        let deadline = ContinuousClock.now + .seconds(10)
        while try Self.residentShare(path) < 0.99, ContinuousClock.now < deadline { usleep(10_000) }
        #expect(try Self.residentShare(path) >= 0.99)
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
            process.signal(SIGTERM)
            #expect(process.wait(timeout: .seconds(10)))
            #expect(text.contains("cooperation network ready"), "\(text)")
            #expect(text.contains("database file read into the page cache: ") == warms, "\(text)")
            #expect(text.contains("page cache") == warms, "\(text)")
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
