import Foundation
import GRDB

extension RegistryStore: ImportTarget {
    /// The page cache of the connection that imports, while it imports (KiB): what an import's memory is, as the
    /// rows stream by. A larger one bought no speed (BENCHMARKS.md, "Imports in bounded memory").
    static let importCacheKiB = 32 * 1024

    /// The schema of the database file an import attaches for its own tables (provenance lines, staged search
    /// entries, the keys and ids it met), removed when it ends.
    static let scratchSchema = "import_scratch"

    /// An import (``ImportTarget``) into the SQLite file, with a larger page cache and a scratch database for the
    /// import's own tables while it runs.
    public func importing<T>(dryRun: Bool, author: String, _ body: (inout ImportSession) throws -> T) throws -> T {
        var result: T?
        importsRunning.withLock { $0 += 1 }
        defer { importsRunning.withLock { $0 -= 1 } }
        try writerTurns.importing { try importTransaction(dryRun: dryRun, author: author, body) { result = $0 } }
        guard let result else { preconditionFailure("an import transaction ran its body") }
        return result
    }

    /// The import's one transaction on the writer, with its page cache and scratch database; `done` takes what
    /// the body returned.
    private func importTransaction<T>(dryRun: Bool, author: String, _ body: (inout ImportSession) throws -> T,
                                      done: (T) -> Void) throws {
        try database.writeWithoutTransaction { db in
            // One transaction writes every record: pages it changed that the cache cannot hold spill to the
            // write-ahead log and are read back from there. A larger cache than a reader's for the import's time
            // keeps the indexes' upper pages in memory; past it, memory does not grow with the file.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.importCacheKiB)")
            defer { try? db.execute(sql: "PRAGMA cache_size = -\(Self.connectionCacheKiB)") }
            // The writer keeps its statement journals in memory (``RegistryStore/open(path:migrationsDirectory:memoryMapBytes:)``);
            // the import's own tables go to a file of their own (``scratchSchema``), so that they do not grow in
            // memory with the file.
            let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
                .appendingPathComponent("brobygger-import-\(UUID().uuidString).sqlite").path
            try db.execute(sql: "ATTACH DATABASE ? AS \(Self.scratchSchema)", arguments: [scratch])
            defer {
                try? db.execute(sql: "DETACH DATABASE \(Self.scratchSchema)")
                for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
            }
            // Nothing in it outlives the import: no journal on disk, no syncing. With its journal in memory the
            // connection never opens the file by its name again, so its name goes at once: an import that is
            // killed leaves nothing in the temporary directory.
            try db.execute(sql: "PRAGMA \(Self.scratchSchema).journal_mode = MEMORY")
            try db.execute(sql: "PRAGMA \(Self.scratchSchema).synchronous = OFF")
            try? FileManager.default.removeItem(atPath: scratch)
            try db.inTransaction(.immediate) {
                // The import's plain inserts go in statements of many rows (``BatchedInserts``).
                let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
                // However the transaction ends, nothing may still be writing on its connection.
                defer { batched.settleIgnoringFailure() }
                var session = try ImportSession(statements: SQLiteRecordStatements(db: db, batched: batched), author: author)
                done(try body(&session))
                try session.finish()
                try batched.write()
                if dryRun { return .rollback }
                try SearchIndex.optimize(afterImportOf: session.searchEntriesWritten, db)
                // Its commit is told as a change of the records it wrote, which the cooperation network is
                // brought up to date from, rather than built again.
                if let records = session.changedRecords { changes.describeCommit(of: records, in: db) }
                return .commit
            }
        }
    }
}
