import Foundation
import PostgresClient

extension PostgresRecordStatements: SeedWriteStatements, SearchIndexWriting {
    func documentSignature(_ id: String) throws -> String? {
        try connection.query("SELECT sha256 || language || title || file_name || coalesce(source, '') FROM document WHERE id = $1",
                             [.text(id)]).rows.first?.get(0, as: String.self)
    }

    func upsertDocument(_ document: Document) throws {
        try connection.query(
            """
            INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET file_name = EXCLUDED.file_name, language = EXCLUDED.language,
                title = EXCLUDED.title, source = EXCLUDED.source, text = EXCLUDED.text,
                sha256 = EXCLUDED.sha256, scalar_count = EXCLUDED.scalar_count
            """,
            [.text(document.id), .text(document.fileName), .text(document.language), .text(document.title),
             .optional(document.source), .text(document.text), .text(document.sha256), .integer(Int64(document.scalarCount))])
    }

    func seedDocumentIDs() throws -> [String] {
        try connection.query("SELECT id FROM document WHERE id NOT LIKE 'import-%'").rows.map { try $0.get(0, as: String.self) }
    }

    func deleteDocument(_ id: String) throws {
        try connection.query("DELETE FROM document WHERE id = $1", [.text(id)])
    }

    func placeData(_ id: String) throws -> String? {
        try connection.query("SELECT data FROM place WHERE id = $1", [.text(id)]).rows.first?.get(0, as: String.self)
    }

    func upsertPlace(_ place: Place, data: String) throws {
        try connection.query(
            """
            INSERT INTO place (id, kind, country, nuts, within, data) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, country = EXCLUDED.country, nuts = EXCLUDED.nuts,
                within = EXCLUDED.within, data = EXCLUDED.data
            """,
            [.text(place.id), .text(place.kind), .text(place.country), .optional(place.nuts), .optional(place.within), .text(data)])
        try connection.query("DELETE FROM place_name WHERE place_id = $1", [.text(place.id)])
        let insert = "INSERT INTO place_name (place_id, name, language) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        for (language, name) in place.names.sorted(by: { $0.key < $1.key }) {
            try connection.query(insert, [.text(place.id), .text(name), .text(language)])
        }
        for alias in place.aliases {
            try connection.query(insert, [.text(place.id), .text(alias), .null])
        }
    }

    func seedPlaceIDs() throws -> [String] {
        try connection.query("SELECT id FROM place WHERE id NOT LIKE 'nuts-%'").rows.map { try $0.get(0, as: String.self) }
    }

    func deletePlace(_ id: String) throws {
        try connection.query("DELETE FROM place WHERE id = $1", [.text(id)])
    }

    func replaceSeedVersion(_ kind: RecordKind, id: String, data: String, sourceFile: String?, findings: String) throws {
        try connection.query(
            """
            INSERT INTO seed_override (record_kind, record_id, source_file, data, findings) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (record_kind, record_id) DO UPDATE SET source_file = EXCLUDED.source_file, data = EXCLUDED.data,
                findings = EXCLUDED.findings
            """,
            [.text(kind.rawValue), .text(id), .optional(sourceFile), .text(data), .text(findings)])
    }

    func updateSeedVersionFindings(_ kind: RecordKind, id: String, findings: String) throws {
        try connection.query("UPDATE seed_override SET findings = $1 WHERE record_kind = $2 AND record_id = $3",
                             [.text(findings), .text(kind.rawValue), .text(id)])
    }

    func seedVersionIDs(_ kind: RecordKind) throws -> [String] {
        try connection.query("SELECT record_id FROM seed_override WHERE record_kind = $1", [.text(kind.rawValue)])
            .rows.map { try $0.get(0, as: String.self) }
    }

    func seedRecords(_ kind: RecordKind) throws -> [(id: String, served: String, sourceFile: String?)] {
        try connection.query("SELECT id, served, source_file FROM \(kind.rawValue) WHERE origin = 'seed'").rows.map {
            (try $0.get(0, as: String.self), try $0.get(1, as: String.self), try $0.get(2, as: String?.self))
        }
    }

    func isOwnedByAPI(_ kind: RecordKind, id: String) throws -> Bool {
        try connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM \(kind.rawValue) WHERE id = $1 AND origin = 'api')
                OR EXISTS (SELECT 1 FROM seed_override WHERE record_kind = $2 AND record_id = $1)
            """, [.text(id), .text(kind.rawValue)])[0].get(0, as: Bool.self)
    }

    func findings() throws -> [(id: String, recordKind: String, recordID: String, data: String)] {
        try connection.query("SELECT id, record_kind, record_id, data FROM quality_finding").rows.map {
            (try $0.get(0, as: String.self), try $0.get(1, as: String.self), try $0.get(2, as: String.self), try $0.get(3, as: String.self))
        }
    }

    func deleteFinding(_ id: String) throws {
        try connection.query("DELETE FROM quality_finding WHERE id = $1", [.text(id)])
    }

    func searchIndexNeedsRebuild() throws -> Bool {
        let tables = ["document"] + RecordKind.allCases.map(\.rawValue)
        let anyRow = tables.map { "EXISTS (SELECT 1 FROM \($0))" }.joined(separator: " OR ")
        return try connection.query("SELECT NOT EXISTS (SELECT 1 FROM search_entry) AND (\(anyRow))")[0].get(0, as: Bool.self)
    }

    func rebuildSearchIndex() throws {
        try connection.execute("DELETE FROM search_entry")
        try connection.execute("DELETE FROM search_alias")
        let documents = try connection.query("SELECT id, file_name, language, title, source, text, sha256 FROM document ORDER BY id")
            .rows.map { row in
                Document(id: try row.get(0), fileName: try row.get(1), language: try row.get(2), title: try row.get(3),
                         source: try row.get(4), text: try row.get(5), sha256: try row.get(6))
            }
        try WholeSearchIndex.build(places: try places(), documents: documents, into: self)
    }

    func recordSeedLoad(fingerprint: String, summary: String) throws {
        try connection.query("INSERT INTO seed_load (loaded_at, fingerprint, summary) VALUES ($1, $2, $3)",
                             [.text(Migrator.timestamp()), .text(fingerprint), .text(summary)])
    }

    func forEachRecordData(of kind: RecordKind, _ body: (String) throws -> Void) throws {
        for row in try connection.query("SELECT data FROM \(kind.rawValue) ORDER BY id").rows { try body(try row.get(0, as: String.self)) }
    }

    func insertAlias(group: String, spelling: String) throws {
        try connection.query(PostgresBatchWriter.statement(Self.aliasInsert, rows: 1), [.text(group), .text(spelling)])
    }
}
