import Foundation
import GRDB
import JSONOutput
import PostgresClient
import Locking
import Testing
import TestSupport
@testable import Registry

/// Seeds load into PostgreSQL as into SQLite: the same rows (records, links, documents, gazetteer, search index,
/// findings, history with the seed files as authors), the same reports, nothing changed by a second load, API
/// edits kept across a load, and instances that start together load once.
@Suite struct PostgresSeedLoadTests {
    /// A new SQLite file and a new PostgreSQL database, both migrated and empty.
    struct Fresh {
        let directory: URL
        let database: PostgresTestDatabase
        let sqlite: RegistryStore
        let postgres: PostgresRegistryStore

        init() throws {
            directory = try Fixtures.temporaryDirectory()
            database = try PostgresTestDatabase()
            sqlite = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
            postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 4)
        }

        func close() {
            database.drop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func seedsLoadTheSameRowsAndReportsOnBoth() throws {
        let fresh = try Fresh()
        defer { fresh.close() }
        let loader = SeedLoader(seedsDirectory: Fixtures.seeds)
        let first = try loader.load(into: fresh.postgres)
        #expect(first == (try loader.load(into: fresh.sqlite)))
        #expect(first.changed)
        #expect(first.inserted > 80)
        try PostgresWriteTests.expectSameRows(fresh.sqlite, fresh.database, directory: fresh.directory)

        // Loaded again: nothing changes.
        let second = try loader.load(into: fresh.postgres)
        #expect(!second.changed)
        #expect(second == (try loader.load(into: fresh.sqlite)))

        // An API edit of a seed record stays through a load, its seed version kept.
        for store in [fresh.sqlite as AnyObject, fresh.postgres as AnyObject] {
            let patch = try JSONValue(parsing: Array(#"{"name": "Stadt Leipzig (edited)"}"#.utf8))
            if let sqlite = store as? RegistryStore {
                _ = try sqlite.write(.organisation, .update(id: "stadt-leipzig", patch: patch), author: "editor", reason: nil)
            } else if let postgres = store as? PostgresRegistryStore {
                _ = try postgres.write(.organisation, .update(id: "stadt-leipzig", patch: patch), author: "editor", reason: nil)
            }
        }
        let third = try loader.load(into: fresh.postgres)
        #expect(third == (try loader.load(into: fresh.sqlite)))
        #expect(third.keptAPIRecords.contains("organisation/stadt-leipzig"))
        #expect(try fresh.postgres.servedRecord(.organisation, id: "stadt-leipzig", language: "en", personal: false)
            == fresh.sqlite.servedRecord(.organisation, id: "stadt-leipzig", language: "en", personal: false))
        try PostgresWriteTests.expectSameRows(fresh.sqlite, fresh.database, directory: fresh.directory)
    }

    @Test func instancesStartingTogetherLoadTheSeedsOnce() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let stores = try (0..<4).map { _ in
            try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        }
        let reports = Mutex<[Bool]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            do {
                let report = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: stores[index])
                reports.withLock { $0.append(report.changed) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(reports.withLock { $0 }.sorted { !$0 && $1 } == [false, false, false, true])
        let loads = try database.connect().query("SELECT count(*) FROM seed_load")[0].get(0, as: Int.self)
        #expect(loads == 1)
    }
}
