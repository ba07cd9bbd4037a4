import Foundation
import GRDB
@testable import Registry
import Testing
import TestSupport

/// `migrations/snapshot/schema.sql` builds the schema the migrations build, and a new database gets it from
/// there only when it was made from exactly the migrations beside it.
@Suite struct SchemaSnapshotTests {
    /// A copy of the migrations without the snapshot, so that they run one by one.
    static func migrationsWithoutSnapshot(in directory: URL) throws -> URL {
        let copy = try Fixtures.copy(Fixtures.migrations, into: directory)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("snapshot"))
        return copy
    }

    /// Everything in the schema, and what SQLite keeps in the tables of the full-text index, in one text.
    static func schema(_ store: RegistryStore) throws -> [String] {
        try store.database.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || ifnull(sql, '') FROM sqlite_schema ORDER BY type, name")
                + String.fetchAll(db, sql: "SELECT k || '=' || v FROM search_config ORDER BY k")
                + String.fetchAll(db, sql: "SELECT version || ' ' || file_name || ' ' || checksum FROM schema_migration ORDER BY version")
        }
    }

    @Test func theCommittedSnapshotIsTheOneTheMigrationsMake() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = try Self.migrationsWithoutSnapshot(in: directory)
        let store = try RegistryStore.open(path: directory.appendingPathComponent("steps.sqlite").path, migrationsDirectory: migrations)
        let made = try store.database.read { db in try SchemaSnapshot.make(of: db, migrations: try Migration.load(from: migrations)) }
        let file = Fixtures.migrations.appendingPathComponent(SchemaSnapshot.relativePath)
        if ProcessInfo.processInfo.environment["BROBYGGER_WRITE_SNAPSHOT"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(made.sql.utf8).write(to: file)
        }
        let committed = try #require(try SchemaSnapshot.load(fromMigrationsDirectory: Fixtures.migrations))
        #expect(committed.sql == made.sql, """
            \(SchemaSnapshot.relativePath) is not what the migrations make: \
            BROBYGGER_WRITE_SNAPSHOT=1 swift test --filter SchemaSnapshotTests makes it again
            """)
    }

    @Test func aNewDatabaseFromTheSnapshotHasTheSchemaTheMigrationsBuild() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let steps = try RegistryStore.open(path: directory.appendingPathComponent("steps.sqlite").path,
                                           migrationsDirectory: try Self.migrationsWithoutSnapshot(in: directory))
        let snapshot = try RegistryStore.open(path: directory.appendingPathComponent("snapshot.sqlite").path,
                                              migrationsDirectory: Fixtures.migrations)
        let expected = try Self.schema(steps)
        #expect(expected.count > 100)
        #expect(try Self.schema(snapshot) == expected)
        #expect(try snapshot.database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        // The seeds load into it as into the other.
        let loaded = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: snapshot)
        #expect(loaded.inserted > 0)
    }

    /// Which of a migrator's two ways made the schema shows in a table only a test snapshot has.
    @Test func theSnapshotIsUsedOnlyForANewDatabaseAndOnlyWhenItMatchesTheMigrations() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = try Migration.load(from: Fixtures.migrations)
        let real = try #require(try SchemaSnapshot.load(fromMigrationsDirectory: Fixtures.migrations))
        let marked = SchemaSnapshot(fingerprint: real.fingerprint, sql: real.sql + "\nCREATE TABLE made_from_the_snapshot (x);\n")
        func hasMarker(_ name: String, _ migrator: Migrator) throws -> Bool {
            let database = try DatabaseQueue(path: directory.appendingPathComponent(name).path)
            database.inDatabase { StoreFunctions.register($0) }
            try database.inDatabase { try SearchRank.register($0) }
            try migrator.migrate(database)
            #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM schema_migration") } == migrations.count)
            return try database.read { db in try db.tableExists("made_from_the_snapshot") }
        }
        #expect(try hasMarker("new.sqlite", Migrator(migrations: migrations, snapshot: marked)))
        let stale = SchemaSnapshot(fingerprint: SchemaSnapshot.fingerprint(of: Array(migrations.dropLast())), sql: marked.sql)
        #expect(try !hasMarker("stale.sqlite", Migrator(migrations: migrations, snapshot: stale)))
        // A database that has part of the schema already goes on migration by migration.
        let partial = try DatabaseQueue(path: directory.appendingPathComponent("partial.sqlite").path)
        partial.inDatabase { StoreFunctions.register($0) }
        try Migrator(migrations: Array(migrations.prefix(3))).migrate(partial)
        try partial.close()
        #expect(try !hasMarker("partial.sqlite", Migrator(migrations: migrations, snapshot: marked)))
    }
}
