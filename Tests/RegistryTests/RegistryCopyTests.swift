import Foundation
import GRDB
import PostgresClient
import Testing
import TestSupport
@testable import Registry

/// `brobygger copy`'s engine on a real file and a real PostgreSQL server: a registry with seeds, history and a
/// token goes to PostgreSQL and back, and comes back the same, table by table.
@Suite struct RegistryCopyTests {
    /// A registry file with the seeds, one change made through the API, one token and the cursor key.
    static func populatedStore(at path: String) throws -> (store: RegistryStore, secret: TokenSecret) {
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        _ = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        _ = try store.write(.organisation, .create(.object([
            "id": .string("copy-harbour"), "name": .string("Kopi Havn A/S"), "kind": .string("company"), "country": .string("DK"),
        ])), author: "test", reason: "a change to copy")
        let secret = try store.createToken(name: "copier", scope: .write).secret
        // The key cursors and tags are signed with travels with the registry.
        _ = try store.secret(named: "cursor-key")
        return (store, secret)
    }

    /// Every row of every ordinary table (derived ones included), sorted, by table.
    static func contents(of store: RegistryStore) throws -> [String: [[DatabaseValue]]] {
        try store.database.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
                AND name NOT LIKE 'sqlite%' AND name != 'schema_migration'
                """)
            var contents: [String: [[DatabaseValue]]] = [:]
            for table in tables {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")
                contents[table] = rows.map { Array($0.databaseValues) }
                    .sorted { $0.map(\.description).joined(separator: "\u{1}") < $1.map(\.description).joined(separator: "\u{1}") }
            }
            return contents
        }
    }

    /// `contents` with the BLOBs of `table` as the texts of their UTF-8: what a copy through PostgreSQL brings back.
    static func blobsAsText(_ contents: [String: [[DatabaseValue]]], in table: String) -> [String: [[DatabaseValue]]] {
        var contents = contents
        contents[table] = contents[table].map { $0.map { row in
            row.map { value in
                guard case .blob(let bytes) = value.storage else { return value }
                return String(decoding: bytes, as: UTF8.self).databaseValue
            }
        } }
        return contents
    }

    @Test func aRegistryGoesToPostgresAndBackUnchanged() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let (original, secret) = try Self.populatedStore(at: directory.appendingPathComponent("original.sqlite").path)
        // An import writes its provenance document's text as a BLOB of its UTF-8 (migration 0022): one document as
        // such a one.
        let blobDocument = try #require(try original.documents().first)
        try original.database.write { db in
            try db.execute(sql: "UPDATE document SET text = CAST(text AS BLOB) WHERE id = ?", arguments: [blobDocument.id])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(text) FROM document WHERE id = ?", arguments: [blobDocument.id]) == "blob")
        }

        let there = try RegistryCopy.copy(from: original, to: database.url, migrationsDirectory: Fixtures.migrations)
        let originalContents = try Self.contents(of: original)
        for count in there {
            #expect(count.rows == originalContents[count.table]?.count, "\(count.table)")
        }
        #expect(there.first { $0.table == "organisation" }.map(\.rows) == (try original.count(.organisation)))
        #expect(there.first { $0.table == "change" }.map(\.rows) ?? 0 > 0)

        // PostgreSQL's own derived rows match SQLite's, and new rows get ids after the copied ones.
        let connection = try database.connect()
        #expect(try connection.query("SELECT count(*) FROM project_country")[0].get(0, as: Int.self)
            == originalContents["project_country"]?.count)
        try connection.execute("BEGIN")
        let nextChange = try connection.query("""
            INSERT INTO "change" (changed_at, author, operation, record_kind, record_id) VALUES ('2026-12-01T00:00:00Z', 't', 'create', 'theme', 'x')
            RETURNING id
            """)[0].get(0, as: Int64.self)
        try connection.execute("ROLLBACK")
        #expect(nextChange == (try original.latestChangeID()) + 1)
        // The BLOB text arrives as its text.
        #expect(try connection.query("SELECT text FROM document WHERE id = $1", [.text(blobDocument.id)])[0].get(0, as: String.self)
            == blobDocument.text)
        // The copy leaves the planner statistics of what it wrote (`ANALYZE`), so searches plan well at once.
        for table in ["search_entry", "search_alias", "organisation", "project_partner"] {
            #expect(try connection.query("SELECT count(*) FROM pg_stats WHERE tablename = $1", [.text(table)])[0]
                .get(0, as: Int.self) > 0, "\(table)")
        }

        let returned = try RegistryStore.open(path: directory.appendingPathComponent("returned.sqlite").path,
                                              migrationsDirectory: Fixtures.migrations)
        try RegistryCopy.copy(from: database.url, to: returned, migrationsDirectory: Fixtures.migrations)
        let returnedContents = try Self.contents(of: returned)
        #expect(Set(returnedContents.keys) == Set(originalContents.keys))
        #expect(try returned.document(id: blobDocument.id) == blobDocument)
        for (table, rows) in Self.blobsAsText(originalContents, in: "document") {
            let back = returnedContents[table] ?? []
            #expect(back.count == rows.count, "table \(table): \(rows.count) rows before, \(back.count) after the round trip")
            if let index = rows.indices.first(where: { $0 < back.count && rows[$0] != back[$0] }) {
                Issue.record("table \(table) differs after the round trip: \(rows[index]) became \(back[index])")
            }
        }
        // What derives from the rows works on the copy: full-text search, tokens, served records.
        let query = "Øresund"
        #expect(try returned.search(query).hits.map(\.id) == original.search(query).hits.map(\.id))
        #expect(try !original.search(query).hits.isEmpty)
        #expect(try returned.authenticate(secret)?.name == "copier")
        #expect(try returned.servedRecord(.organisation, id: "copy-harbour", language: "en", personal: false)?.json
            == original.servedRecord(.organisation, id: "copy-harbour", language: "en", personal: false)?.json)
    }

    @Test func aTargetThatHoldsARegistryIsRefusedAndLeftAlone() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let (original, _) = try Self.populatedStore(at: directory.appendingPathComponent("original.sqlite").path)
        try RegistryCopy.copy(from: original, to: database.url, migrationsDirectory: Fixtures.migrations)
        let organisations = try database.connect().query("SELECT count(*) FROM organisation")[0].get(0, as: Int.self)

        #expect {
            try RegistryCopy.copy(from: original, to: database.url, migrationsDirectory: Fixtures.migrations)
        } throws: { error in
            guard case RegistryCopyError.targetNotEmpty? = error as? RegistryCopyError else { return false }
            return true
        }
        #expect(try database.connect().query("SELECT count(*) FROM organisation")[0].get(0, as: Int.self) == organisations)

        let before = try Self.contents(of: original)
        #expect {
            try RegistryCopy.copy(from: database.url, to: original, migrationsDirectory: Fixtures.migrations)
        } throws: { error in
            guard case RegistryCopyError.targetNotEmpty? = error as? RegistryCopyError else { return false }
            return true
        }
        #expect(try Self.contents(of: original) == before)
    }

    @Test func schemasWithDifferentTablesAreRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("empty.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try PostgresMigrator(migrationsDirectory: Fixtures.migrations).migrate(database.connect())
        try database.connect().execute("CREATE TABLE only_here (id bigint PRIMARY KEY)")
        #expect(throws: RegistryCopyError.tablesDiffer(onlyInSQLite: [], onlyInPostgres: ["only_here"])) {
            try RegistryCopy.copy(from: store, to: database.url, migrationsDirectory: Fixtures.migrations)
        }
    }
}
