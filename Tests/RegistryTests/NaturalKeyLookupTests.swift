import Foundation
import GRDB
import JSONOutput
import Testing
import TestSupport
@testable import Registry
@testable import RegistryImport

/// How an import finds the registry's record with a row's natural key: through an index on a field of the key
/// (``NaturalKeyProbe``) for every built-in profile, on both engines, so that a small import into a large registry
/// reads a few rows rather than every record; by reading every record once when no field of the key is indexed;
/// and with a key field's number compared by its digits on both engines.
@Suite struct NaturalKeyLookupTests {
    /// The record mappings of every built-in profile whose rows become records, with their kind and key.
    static func builtInKeys() throws -> [(profile: String, kind: RecordKind, key: [String])] {
        var keys: [(String, RecordKind, [String])] = []
        for name in try PostgresImportTests.profiles.names() {
            for record in try PostgresImportTests.profiles.mapping(named: name).records {
                guard case .record(let kind) = record.target, !record.key.isEmpty else { continue }
                keys.append((name, kind, record.key))
            }
        }
        return keys
    }

    @Test func everyBuiltInProfileFindsItsRecordsThroughAnIndexOnBothEngines() throws {
        let keys = try Self.builtInKeys()
        #expect(keys.count >= 8)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        _ = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 1)
        let connection = try database.connect()
        // An empty table is read whole whatever its indexes: the planner is told not to, to show what it can use.
        try connection.execute("SET enable_seqscan = off")

        for (profile, kind, key) in keys {
            let probe = try #require(NaturalKeyProbe(kind: kind, fields: key, values: key.map { _ in "x" }),
                                     "\(profile): \(kind.rawValue) by \(key)")
            let onSQLite = SQLiteRecordStatements.keyLookup(kind, byKey: key, probe: probe)
            let plan = try sqlite.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + onSQLite.sql, arguments: onSQLite.arguments)
                    .map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.hasPrefix("SEARCH \(kind.rawValue) ") }, "\(profile): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN \(kind.rawValue)") }, "\(profile): \(plan)")

            let onPostgres = PostgresRecordStatements.keyLookup(kind, byKey: key, probe: probe)
            let postgresPlan = try connection.query("EXPLAIN " + onPostgres.sql, onPostgres.parameters).rows
                .map { try $0.get(0, as: String.self) }.joined(separator: "\n")
            #expect(postgresPlan.contains("Index") && !postgresPlan.contains("Seq Scan"), "\(profile): \(postgresPlan)")
        }
        // A key no index serves has no probe: the import reads every record of the kind once.
        #expect(NaturalKeyProbe(kind: .organisation, fields: ["description"], values: ["x"]) == nil)
        // Nor does a key whose indexed field the row lacks.
        #expect(NaturalKeyProbe(kind: .organisation, fields: ["name", "country"], values: [nil, "DE"]) == nil)
    }

    /// Both engines, each with an empty registry of its own.
    static func eachEngine(_ body: (any RegistryStorage) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                        migrationsDirectory: Fixtures.migrations))
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        try body(try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2))
    }

    static func run(_ csv: String, mapping: String, into store: any RegistryStorage) throws -> ImportReport {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("rows.csv")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try Data(csv.utf8).write(to: file)
        let importer = Importer(mapping: try ImportMapping.parse(Data(mapping.utf8), file: "test-mapping.json", name: "test"))
        return try importer.run(try ImportInput.file(file.path), into: store)
    }

    @Test func aKeyNoIndexServesFindsTheRecordByReadingEveryRecord() throws {
        let mapping = """
            { "description": "organisations by the reference in their description", "source": { "format": "csv", "delimiter": ";" },
              "records": [ { "name": "organisation", "kind": "organisation", "key": ["description"],
                             "fields": { "name": "Name", "kind": { "value": "municipality" },
                                         "country": { "column": "Land", "parse": "country" }, "description": "Ref" } } ] }
            """
        try Self.eachEngine { store in
            _ = try store.write(.organisation, .create(.object([
                "id": .string("kiel"), "name": .string("Landeshauptstadt Kiel"), "kind": .string("municipality"),
                "country": .string("DE"), "description": .string("REF-1"),
            ])), author: "test", reason: nil, expecting: nil)
            let report = try Self.run("Name;Land;Ref\nKiel;Deutschland;REF-1\nFlensburg;Deutschland;REF-2\n", mapping: mapping, into: store)
            #expect((report.created, report.updated) == (1, 1))
            let kiel = try #require(try store.servedRecord(.organisation, id: "kiel", language: "en", personal: true))
            #expect(kiel.json.contains("\"name\":\"Kiel\""))
            #expect(try !store.exists(.organisation, id: "ref-1") && store.exists(.organisation, id: "ref-2"))
        }
    }

    @Test func aKeyFieldsNumberIsComparedByItsDigitsOnBothEngines() throws {
        let mapping = """
            { "description": "projects by code and partner count", "source": { "format": "csv", "delimiter": ";" },
              "records": [ { "name": "project", "kind": "project", "key": ["acronym", "declared_partner_count"],
                             "fields": { "acronym": "Code", "title": "Title", "kind": { "value": "fundedProject" },
                                         "declared_partner_count": { "column": "Partners", "parse": "integer" } } } ] }
            """
        let rows = "Code;Title;Partners\nP1;First;3\nP1;First, another count;4\n"
        try Self.eachEngine { store in
            // A record whose id is not made from its key: only its key finds it.
            _ = try store.write(.project, .create(.object([
                "id": .string("first"), "acronym": .string("P1"), "title": .string("First"), "kind": .string("fundedProject"),
                "declared_partner_count": .integer(3),
            ])), author: "test", reason: nil, expecting: nil)
            let first = try Self.run(rows, mapping: mapping, into: store)
            #expect((first.created, first.updated, first.unchanged) == (1, 1, 0))
            #expect(try store.exists(.project, id: "p1-4") && !store.exists(.project, id: "p1-3"))
            let again = try Self.run(rows, mapping: mapping, into: store)
            #expect((again.created, again.updated, again.unchanged) == (0, 0, 2))
        }
    }
}
