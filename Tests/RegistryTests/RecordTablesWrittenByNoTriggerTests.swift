import Foundation
import GRDB
import PostgresClient
import Testing
import TestSupport
@testable import Registry

/// An import reads a record's stored row without writing the inserts it holds back
/// (``BatchedInserts/heldRecord(_:id:)``): right only while no trigger writes a record's table, since a trigger of a
/// table whose inserts are held could otherwise change a record's row before the batch is written. These tests fail
/// when a migration of either engine adds such a trigger.
@Suite struct RecordTablesWrittenByNoTriggerTests {
    /// The record tables that `sql`, a trigger's or a trigger function's text, writes into.
    static func recordTablesWritten(by sql: String) throws -> [String] {
        try RecordKind.allCases.map(\.rawValue).filter { table in
            let writes = try NSRegularExpression(
                pattern: #"\b(update|(insert|replace)(\s+or\s+\w+)?\s+into|delete\s+from)\s+"?"# + table + #"\b(?!_)"#,
                options: [.caseInsensitive])
            return writes.firstMatch(in: sql, range: NSRange(sql.startIndex..., in: sql)) != nil
        }
    }

    @Test func theMatcherFindsWritesOfRecordTablesOnly() throws {
        #expect(try Self.recordTablesWritten(by: "BEGIN UPDATE project SET name = 'x' WHERE id = new.id; END") == ["project"])
        #expect(try Self.recordTablesWritten(by: "INSERT OR REPLACE INTO organisation (id) VALUES (1)") == ["organisation"])
        #expect(try Self.recordTablesWritten(by: "DELETE FROM \"person\" WHERE id = OLD.id") == ["person"])
        #expect(try Self.recordTablesWritten(by: "UPDATE project_country SET country = 'DK'; INSERT INTO project_partner VALUES (1)").isEmpty)
        #expect(try Self.recordTablesWritten(by: "SELECT name_en FROM project WHERE id = NEW.target_id").isEmpty)
    }

    @Test func sqliteTriggersWriteNoRecordTable() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("registry.sqlite").path)
        try queue.write { db in
            try db.execute(sql: String(contentsOf: Fixtures.migrations.appendingPathComponent("snapshot/schema.sql"), encoding: .utf8))
        }
        let triggers = try queue.read { db in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") }
        #expect(triggers.count > 10)
        for trigger in triggers {
            let name: String = trigger["name"]
            #expect(try Self.recordTablesWritten(by: trigger["sql"]).isEmpty, "\(name)")
        }
    }

    @Test func postgresTriggersWriteNoRecordTable() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let connection = try database.connect()
        _ = try PostgresMigrator(migrationsDirectory: Fixtures.migrations).migrate(connection)
        let functions = try connection.query("""
            SELECT DISTINCT p.proname, p.prosrc FROM pg_trigger AS t JOIN pg_proc AS p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal
            """).rows
        #expect(functions.count > 5)
        for function in functions {
            let name = try function.get(0, as: String.self)
            #expect(try Self.recordTablesWritten(by: function.get(1, as: String.self)).isEmpty, "\(name)")
        }
    }
}
