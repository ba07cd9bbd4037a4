import Foundation
import Registry

/// The store `brobygger serve` answers from, opened for serving and loaded from the seeds: an SQLite file, or a
/// PostgreSQL database that several instances share (the first of them to start loads what changed; the
/// others find it loaded).
struct ServedRegistry {
    let store: any RegistryStorage
    /// What loading the seeds did.
    let report: SeedLoadReport
    /// The database as logs may name it (a URL without its password).
    let description: String
    /// Makes the store hear of commits that other processes or instances make, so that the response cache and
    /// the store's own caches never keep what they replaced.
    let watchOtherWriters: @Sendable () -> Void
    /// Leaves the database as a clean stop should once serving is over: an SQLite file with its write-ahead log
    /// emptied (``RegistryStore/truncateWriteAheadLog()``); false when readers still held the log.
    let finish: @Sendable () throws -> Bool

    /// Opens the store `location` names. `workerCount` sizes PostgreSQL's connection pool: one connection per
    /// worker thread, one for the serial queue of writes and one for building the cooperation network at startup,
    /// so that no handler waits for a connection another kind of work holds.
    static func open(_ location: DatabaseLocation, migrationsDirectory: URL, seedsDirectory: URL, memoryMapBytes: Int,
                     workerCount: Int) throws -> ServedRegistry {
        switch location {
        case .sqlite(let path):
            let store = try RegistryStore.open(path: path, migrationsDirectory: migrationsDirectory, memoryMapBytes: memoryMapBytes)
            let report = try SeedLoader(seedsDirectory: seedsDirectory).load(into: store)
            return ServedRegistry(store: store, report: report, description: path,
                                  watchOtherWriters: { store.watchOtherWriters() }, finish: { try store.truncateWriteAheadLog() })
        case .postgres(let url):
            let store = try PostgresRegistryStore.open(url: url, migrationsDirectory: migrationsDirectory, poolSize: workerCount + 2)
            let report = try SeedLoader(seedsDirectory: seedsDirectory).load(into: store)
            return ServedRegistry(store: store, report: report, description: url.description,
                                  watchOtherWriters: { store.watchOtherWriters() }, finish: { true })
        }
    }
}
