import Foundation
import GRDB
@testable import Registry
import RegistrySynthesis
import Testing
import TestSupport

/// SQLite's write-ahead log after a large write: emptied on request even while another connection keeps the
/// file open, not waited on for the busy timeout when a reader holds it, and bounded on the writer.
@Suite struct WriteAheadLogTests {
    private static func logSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    }

    /// A store on a new file with a synthetic registry written into it, and another connection to the file that
    /// stays open, as another process's would (so that closing the store would not empty the log).
    private static func writtenStore() throws -> (store: RegistryStore, other: DatabaseQueue, path: String) {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("wal.sqlite").path
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        let other = try DatabaseQueue(path: path)
        var generator = SyntheticRegistry(organisations: 600, projects: 200, partnerLinks: 2_000, seed: 20_261_202)
        _ = try generator.write(into: store)
        return (store, other, path)
    }

    @Test func aLargeWriteLeavesALogThatIsEmptiedOnRequest() throws {
        let (store, other, path) = try Self.writtenStore()
        #expect(Self.logSize(path) > 1 << 20)
        #expect(try store.truncateWriteAheadLog())
        #expect(Self.logSize(path) == 0)
        // Nothing was lost: another connection reads every project.
        #expect(try other.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM project") } ?? 0 >= 200)
    }

    @Test func aReaderOfAnOlderSnapshotIsWaitedForASecondNotTheBusyTimeout() throws {
        let (store, other, path) = try Self.writtenStore()
        // Another connection reads, and holds its snapshot until released.
        let reading = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? other.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM project")
                reading.signal()
                release.wait()
            }
            done.signal()
        }
        reading.wait()
        // A write after the reader began: the reader's snapshot needs the log as it was.
        try store.database.write { db in try db.execute(sql: "CREATE TABLE later_write (x); INSERT INTO later_write VALUES (1)") }
        let began = ContinuousClock.now
        #expect(try store.truncateWriteAheadLog() == false)
        #expect(ContinuousClock.now - began < .seconds(RegistryStore.busyTimeout / 2))
        #expect(Self.logSize(path) > 0)
        release.signal()
        done.wait()
        #expect(try store.truncateWriteAheadLog())
        #expect(Self.logSize(path) == 0)
    }

    @Test func theWriterBoundsTheLogOnceItsPagesAreInTheFile() throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("limit.sqlite").path
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        let limit = try store.database.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA journal_size_limit") }
        #expect(limit == RegistryStore.writeAheadLogLimit)
    }
}
