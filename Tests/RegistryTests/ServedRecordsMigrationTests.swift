import Foundation
import Registry
import Testing
import TestSupport

/// Migrations 8 and 14 convert a database written before them: every record gets its served form, its names and its
/// related references with their targets' names, and every finding its served form, exactly as the writer makes them.
@Suite struct ServedRecordsMigrationTests {
    static let tables = ["theme", "organisation", "region", "programme", "partnership", "project", "person"]

    /// Runs a Python script with the database path as its argument; returns its standard output.
    static func python(_ script: String, _ path: String) throws -> String {
        let result = try ExternalProcess.run(try ExternalProcess.locate("python3"), ["-c", script, path], timeout: .seconds(120))
        guard result.status == 0, !result.timedOut else {
            throw PythonFailed(description: "python3 failed (status \(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    struct PythonFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// What migration 8 derives, as text: served forms and names of every record, related references, findings.
    static let dump = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        for table in \(tables):
            for row in db.execute(f"SELECT id, served, name_en, name_da, name_de FROM {table} ORDER BY id"):
                print(table, *row, sep="\\t")
        for row in db.execute("SELECT * FROM record_related ORDER BY record_kind, record_id, position"):
            print("related", *row, sep="\\t")
        for row in db.execute("SELECT id, served FROM quality_finding ORDER BY id"):
            print("finding", *row, sep="\\t")
        """

    /// The columns of every table, to compare a database taken back to version 7 with one made at version 7.
    static let columns = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            print(table, [row[1:4] for row in db.execute(f"PRAGMA table_info('{table}')")])
        """

    @Test func convertsADatabaseWrittenBeforeIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        // The records as the writer stores them now: the seeds, and an API record with names in every language.
        do {
            let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
            try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
            try store.save(Organisation(id: "grenzland", name: "Borderland", names: ["da": "Grænseland", "de": "Grenzland"],
                                        kind: .association, country: "DK", parent: "region-hovedstaden", themes: ["regional-parks"]))
        }
        let written = try ServedRecordsMigrationTests.python(ServedRecordsMigrationTests.dump, path)
        #expect(written.contains("Grænseland"))
        #expect(written.split(separator: "\n").filter { $0.hasPrefix("related\t") }.count > 100)

        // The same database as version 7 left it: the columns and table of version 8 dropped, and with them
        // what migrations 14 and 17 built on them (applied again after 8).
        var drop = ServedRecordsMigrationTests.tables.flatMap { table in
            ["insert", "update", "delete"].map { "DROP TRIGGER record_related_names_on_\(table)_\($0)" }
        }
        drop += ["DROP VIEW record_names", "DROP TABLE record_related", "ALTER TABLE quality_finding DROP COLUMN served",
                 "DROP INDEX project_by_title", "DROP INDEX project_by_acronym_exact",
                 "DELETE FROM schema_migration WHERE version IN (8, 14, 17)"]
        for table in ServedRecordsMigrationTests.tables {
            drop += ["served", "name_en", "name_da", "name_de"].map { "ALTER TABLE \(table) DROP COLUMN \($0)" }
        }
        _ = try ServedRecordsMigrationTests.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for statement in \(drop):
                db.execute(statement)
            db.commit()
            """, path)
        let version7 = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: version7) }
        let migrations7 = version7.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: migrations7, withIntermediateDirectories: true)
        // Every migration but 8, and 14 and 17, which build on it: the others do not depend on it and are applied
        // either way.
        for name in try Fixtures.migrationFileNames() where !["0008", "0014", "0017"].contains(String(name.prefix(4))) {
            try FileManager.default.copyItem(at: Fixtures.migrations.appendingPathComponent(name),
                                             to: migrations7.appendingPathComponent(name))
        }
        let fresh7 = version7.appendingPathComponent("registry.sqlite").path
        _ = try RegistryStore.open(path: fresh7, migrationsDirectory: migrations7)
        #expect(try ServedRecordsMigrationTests.python(ServedRecordsMigrationTests.columns, path)
                == ServedRecordsMigrationTests.python(ServedRecordsMigrationTests.columns, fresh7))

        // Opening it applies migrations 8, 14 and 17, which derive everything as the writer did, names of related
        // records included.
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        #expect(try store.migrationStatus().allSatisfy { $0.state == .applied })
        #expect(try ServedRecordsMigrationTests.python(ServedRecordsMigrationTests.dump, path) == written)
        let organisation = try #require(try store.record(Organisation.self, id: "grenzland"))
        let served = try #require(try store.servedRecord(.organisation, id: "grenzland", language: "de", personal: false))
        #expect(served.json == (try StoredJSON.served(organisation)))
        #expect(served.label == "Grenzland")
    }
}
