import Foundation
import Locking
import Testing
import TestSupport
@testable import Registry

/// Writes through the API while an import in the same process holds the writer: they wait for it as long as
/// for another process's write lock, then fail as busy, and go through once it is over.
@Suite struct WritesDuringAnImportTests {
    @Test func aWriteWaitsForAnImportNoLongerThanItsLimitThenFailsAsBusy() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        store.writerTurns.waitLimit = .milliseconds(300)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        // An import that holds the writer until it is released.
        Thread.detachNewThread {
            _ = try? store.importing(file: "slow.csv", sha256: String(repeating: "0", count: 64), mapping: "test",
                                     mappingDigest: String(repeating: "1", count: 64), dryRun: true, author: "importer",
                                     reason: nil) { _ in
                holding.signal()
                release.wait()
            }
            finished.signal()
        }
        holding.wait()
        let create = RecordWrite.create(.object([
            "id": .string("kiel"), "name": .string("Landeshauptstadt Kiel"), "kind": .string("municipality"),
            "country": .string("DE"),
        ]))
        // The write is answered within its limit, as busy, though the import goes on.
        let outcome = Mutex<Result<WriteResult, any Error>?>(nil)
        let answered = DispatchSemaphore(value: 0)
        let began = ContinuousClock.now
        Thread.detachNewThread {
            let result = Result { try store.write(.organisation, create, author: "editor", reason: nil) }
            outcome.withLock { $0 = result }
            answered.signal()
        }
        let inTime = answered.wait(timeout: .now() + 10) == .success
        let waited = ContinuousClock.now - began
        release.signal()
        finished.wait()
        if !inTime { answered.wait() }
        #expect(inTime, "the write waited for the whole import")
        // It waited its limit (300 ms) rather than failing at once; libdispatch times the limit on a clock of
        // its own, which ended 0.9 ms short of this one's once in CI, hence the margin.
        #expect(waited >= .milliseconds(250))
        let failure = try #require(outcome.withLock { $0 })
        #expect(throws: StorageFault.busy(path: path)) { try failure.get() }
        #expect(try !store.exists(.organisation, id: "kiel"))
        // The import over, the same write goes through.
        _ = try store.write(.organisation, create, author: "editor", reason: nil)
        #expect(try store.exists(.organisation, id: "kiel"))
    }
}
