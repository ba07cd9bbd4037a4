import Crypto
import Foundation
import Locking
import GRDB
import Testing
import TestSupport
@testable import Registry

@Suite struct MigrationTests {
    /// A copy of the repository's migrations in `directory` and the path of a database brought up to them,
    /// for tests that change the migrations.
    static func migratedCopy(in directory: URL) throws -> (migrations: URL, path: String) {
        let migrations = try Fixtures.copy(Fixtures.migrations, into: directory)
        let path = directory.appendingPathComponent("registry.sqlite").path
        _ = try RegistryStore.open(path: path, migrationsDirectory: migrations)
        return (migrations, path)
    }

    @Test func appliesMigrationsToAFreshFileAndRecordsChecksums() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/dir/registry.sqlite").path
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        #expect(FileManager.default.fileExists(atPath: path))
        let status = try store.migrationStatus()
        let files = try Fixtures.migrationFileNames()
        #expect(status.map(\.state) == Array(repeating: .applied, count: files.count))
        #expect(status.map(\.fileName) == files)
        #expect(status.first?.fileName == "0001_schema.sql")
        let journal = try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        // On the writer, where commits happen (a reader's setting says nothing about them): FULL (2), and
        // statement journals in memory (2).
        let (synchronous, tempStore) = try store.database.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA temp_store"))
        }
        #expect(synchronous == 2)
        #expect(tempStore == 2)
        let foreignKeys = try store.database.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == true)
    }

    /// A record written again sets only the columns that changed: what is stored afterwards is what a first write
    /// of the changed record stores, every column, in the record's table and in its link tables.
    @Test func anUpdateStoresWhatAnInsertOfTheSameRecordStores() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func seeded(_ name: String) throws -> RegistryStore {
            let store = try RegistryStore.open(path: directory.appendingPathComponent(name).path, migrationsDirectory: Fixtures.migrations)
            try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
            return store
        }
        let first = Project(id: "harbour-link", acronym: "HL", title: "Harbour Link", kind: .fundedProject,
                            period: Period(start: ISODate("2020-01-01"), end: ISODate("2022-12-31")),
                            totalBudget: Money(cents: 100_000_00, currency: "EUR"), euFunding: Money(cents: 60_000_00, currency: "EUR"),
                            coFinancingRate: Rate(partsPerMillion: 600_000), declaredPartnerCount: 2,
                            partners: [ProjectPartner(organisation: "kobenhavns-kommune", listedName: "Københavns Kommune", role: "lead", country: "DK")],
                            themes: ["transport"], description: "A link.")
        var changed = first
        changed.acronym = nil
        changed.title = "Harbour Link, renamed"
        changed.period = Period(start: ISODate("2021-01-01"), end: nil)
        changed.euFunding = Money(cents: 70_000_00, currency: "EUR")
        changed.coFinancingRate = Rate(partsPerMillion: 700_000)
        changed.partners = []
        changed.themes = []
        let updated = try seeded("updated.sqlite")
        try updated.save(first)
        try updated.save(changed)
        let inserted = try seeded("inserted.sqlite")
        try inserted.save(changed)
        for sql in ["SELECT * FROM project WHERE id = 'harbour-link'",
                    "SELECT * FROM project_partner WHERE project_id = 'harbour-link'",
                    "SELECT record_kind, record_id, theme_id FROM record_theme WHERE record_id = 'harbour-link'"] {
            let afterUpdate = try updated.database.read { db in try Row.fetchAll(db, sql: sql) }
            let afterInsert = try inserted.database.read { db in try Row.fetchAll(db, sql: sql) }
            #expect(afterUpdate == afterInsert, "\(sql)")
        }
        let title = try updated.database.read { db in try String.fetchOne(db, sql: "SELECT name FROM project WHERE id = 'harbour-link'") }
        #expect(title == "Harbour Link, renamed")
    }

    @Test func theFileIsMemoryMappedOnlyWhenAsked() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        let unmapped = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        #expect(try unmapped.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } == 0)
        let mapped = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations, memoryMapBytes: 8 << 20)
        #expect(try mapped.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } == 8 << 20)
    }

    @Test func storageSizeCountsTheFileAndItsLog() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        try store.save(Organisation(id: "size-port", name: "Size Port", kind: .company))
        let sizes = try ["", "-wal"].map { try FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int ?? -1 }
        #expect(sizes.allSatisfy { $0 > 0 })
        #expect(store.storageSize() == sizes.reduce(0, +))
        #expect(try RegistryStore.open(path: ":memory:", migrationsDirectory: Fixtures.migrations).storageSize() == nil)
    }

    @Test func reopeningAppliesNothingTwice() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        _ = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        let rows = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM schema_migration") }
        #expect(rows == (try Fixtures.migrationFileNames()).count)
        #expect(try Migrator(directory: Fixtures.migrations).migrate(store.database).isEmpty)
    }

    @Test func refusesAnEditedMigrationNamingTheFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (migrations, path) = try MigrationTests.migratedCopy(in: directory)
        let file = migrations.appendingPathComponent("0001_schema.sql")
        try (String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try RegistryStore.open(path: path, migrationsDirectory: migrations)
            Issue.record("an edited migration was accepted")
        } catch let error as MigrationError {
            guard case .edited(let name, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "0001_schema.sql")
            #expect(error.description.contains("0001_schema.sql"))
        }
    }

    @Test func appliesANewMigrationAndRollsBackAFailingOne() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (migrations, path) = try MigrationTests.migratedCopy(in: directory)
        try "CREATE TABLE extra (id INTEGER PRIMARY KEY);".write(
            to: migrations.appendingPathComponent("0901_extra.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE other (id INTEGER PRIMARY KEY); CREATE TABLE broken (;".write(
            to: migrations.appendingPathComponent("0902_broken.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try RegistryStore.open(path: path, migrationsDirectory: migrations) }
        let queue = try DatabaseQueue(path: path)
        let tables = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name IN ('extra', 'other')") }
        #expect(tables.isEmpty)
        try FileManager.default.removeItem(at: migrations.appendingPathComponent("0902_broken.sql"))
        let store = try RegistryStore.open(path: path, migrationsDirectory: migrations)
        let status = try store.migrationStatus()
        #expect(status.allSatisfy { $0.state == .applied })
        #expect(status.last?.fileName == "0901_extra.sql")
        #expect(status.count == (try Fixtures.migrationFileNames()).count + 1)
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(Hexadecimal.encode(SHA256.hash(data: Array("".utf8))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hexadecimal.encode(SHA256.hash(data: Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(Hexadecimal.encode(SHA256.hash(data: long)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func aSnapshotSeesOneMomentWhileWritesCommit() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try store.save(Organisation(id: "first-port", name: "First Port", kind: .company))
        let (before, during) = try store.snapshot {
            let before = try store.count(.organisation)
            // A write commits on another thread while the snapshot is open.
            let written = DispatchSemaphore(value: 0)
            let failure = Mutex<(any Error)?>(nil)
            DispatchQueue.global().async {
                do { try store.save(Organisation(id: "second-port", name: "Second Port", kind: .company)) } catch {
                    failure.withLock { $0 = error }
                }
                written.signal()
            }
            written.wait()
            if let error = failure.withLock({ $0 }) { throw error }
            let during = (try store.count(.organisation), try store.record(Organisation.self, id: "second-port") == nil)
            return (before, during)
        }
        #expect(before == 1)
        #expect(during.0 == 1)
        #expect(during.1)
        #expect(try store.count(.organisation) == 2)
        #expect(try store.record(Organisation.self, id: "second-port") != nil)
    }

    @Test func changesAreReportedOncePerCommitThatChangedData() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        let calls = Mutex(0)
        store.changes.onChange { calls.withLock { $0 += 1 } }
        #expect(store.changes.lastChange == nil)

        let before = Date()
        _ = try store.importRecords((0..<50).map { Organisation(id: "port-\($0)", name: "Port \($0)", kind: .company) })
        #expect(calls.withLock { $0 } == 1)
        let first = try #require(store.changes.lastChange)
        #expect(first >= before.addingTimeInterval(-1))

        // A transaction that changes nothing, and one that fails, report nothing.
        try store.database.write { db in try db.execute(sql: "DELETE FROM organisation WHERE id = 'absent'") }
        #expect(throws: (any Error).self) {
            try store.database.write { db in
                try db.execute(sql: "DELETE FROM organisation WHERE id = 'port-1'")
                throw RegistryError.invalidID("rolled back")
            }
        }
        #expect(calls.withLock { $0 } == 1)
        #expect(try store.record(Organisation.self, id: "port-1") != nil)

        try store.save(Organisation(id: "port-50", name: "Port 50", kind: .company))
        #expect(calls.withLock { $0 } == 2)
        #expect(try #require(store.changes.lastChange) >= first)
    }
}
