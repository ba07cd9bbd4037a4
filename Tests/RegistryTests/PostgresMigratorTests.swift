import Foundation
import PostgresClient
import Locking
import Testing
import TestSupport
@testable import Registry

/// PostgreSQL's migrations on a real server: applied once, under a lock when instances start together, and
/// refused when a file applied earlier was edited.
@Suite struct PostgresMigratorTests {
    @Test func appliesEveryMigrationOnceAndReportsTheirState() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let connection = try database.connect()
        let migrator = try PostgresMigrator(migrationsDirectory: Fixtures.migrations)
        #expect(!migrator.migrations.isEmpty)
        #expect(migrator.migrations.allSatisfy { $0.fileName.hasPrefix("postgres/") })
        #expect(try migrator.status(connection).allSatisfy { $0.state == .pending })

        let applied = try migrator.migrate(connection)
        #expect(applied == migrator.migrations.map(\.fileName))
        let status = try migrator.status(connection)
        #expect(status.map(\.state) == Array(repeating: .applied, count: migrator.migrations.count))
        #expect(status.allSatisfy { $0.appliedAt != nil })
        #expect(try migrator.migrate(connection).isEmpty)
        // The schema is there: a record table and the search entries' generated text-search column.
        let columns = try connection.query("""
            SELECT column_name FROM information_schema.columns WHERE table_name = 'search_entry' AND is_generated = 'ALWAYS'
            """).rows.map { try $0.get(0, as: String.self) }
        #expect(!columns.isEmpty)
    }

    @Test func instancesStartingTogetherMigrateOnce() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let migrator = try PostgresMigrator(migrationsDirectory: Fixtures.migrations)
        let instances = 4
        let results = Mutex<[Result<Int, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: instances) { _ in
            let result = Result { try migrator.migrate(try database.connect()).count }
            results.withLock { $0.append(result) }
        }
        let counts = try results.withLock { $0 }.map { try $0.get() }
        #expect(counts.sorted() == Array(repeating: 0, count: instances - 1) + [migrator.migrations.count])
        #expect(try migrator.status(database.connect()).allSatisfy { $0.state == .applied })
    }

    @Test func anEditedMigrationStopsTheRun() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let migrations = try Fixtures.copy(Fixtures.migrations, into: directory)
        try PostgresMigrator(migrationsDirectory: migrations).migrate(database.connect())
        let file = migrations.appendingPathComponent("postgres/0001_schema.sql")
        try (String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: true, encoding: .utf8)
        let edited = try PostgresMigrator(migrationsDirectory: migrations)
        #expect {
            try edited.migrate(database.connect())
        } throws: { error in
            guard case MigrationError.edited(let name, _, _)? = error as? MigrationError else { return false }
            return name == "postgres/0001_schema.sql"
        }
        #expect(try edited.status(database.connect()).first?.state == .edited)
    }

    @Test func aFailingMigrationLeavesNothingOfTheRun() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let migrations = try Fixtures.copy(Fixtures.migrations, into: directory)
        try "CREATE TABLE half_made (id bigint);\nSELECT no_such_function();\n"
            .write(to: migrations.appendingPathComponent("postgres/9999_broken.sql"), atomically: true, encoding: .utf8)
        let migrator = try PostgresMigrator(migrationsDirectory: migrations)
        #expect {
            try migrator.migrate(database.connect())
        } throws: { error in
            guard case MigrationError.failed(let name, _)? = error as? MigrationError else { return false }
            return name == "postgres/9999_broken.sql"
        }
        let connection = try database.connect()
        #expect(try connection.query("SELECT to_regclass('half_made') IS NULL")[0].get(0, as: Bool.self))
        #expect(try connection.query("SELECT to_regclass('schema_migration') IS NULL")[0].get(0, as: Bool.self))
        #expect(try migrator.status(connection).allSatisfy { $0.state == .pending })
    }
}
