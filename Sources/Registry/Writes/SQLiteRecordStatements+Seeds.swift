import GRDB

extension SQLiteRecordStatements: SeedWriteStatements {
    func documentSignature(_ id: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT sha256 || language || title || file_name || ifnull(source, '') FROM document WHERE id = ?",
                            arguments: [id])
    }

    func upsertDocument(_ document: Document) throws {
        try db.execute(
            sql: """
                INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET file_name = excluded.file_name, language = excluded.language,
                    title = excluded.title, source = excluded.source, text = excluded.text,
                    sha256 = excluded.sha256, scalar_count = excluded.scalar_count
                """,
            arguments: [document.id, document.fileName, document.language, document.title, document.source,
                        document.text, document.sha256, document.scalarCount])
    }

    func seedDocumentIDs() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM document WHERE id NOT LIKE 'import-%'")
    }

    func deleteDocument(_ id: String) throws {
        try db.execute(sql: "DELETE FROM document WHERE id = ?", arguments: [id])
    }

    func placeData(_ id: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT data FROM place WHERE id = ?"), arguments: [id])
    }

    func upsertPlace(_ place: Place, data: String) throws {
        try PlaceWriter.upsert(place, data: data, in: db)
    }

    func seedPlaceIDs() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM place WHERE id NOT LIKE 'nuts-%'")
    }

    func deletePlace(_ id: String) throws {
        try db.execute(sql: "DELETE FROM place WHERE id = ?", arguments: [id])
    }

    func replaceSeedVersion(_ kind: RecordKind, id: String, data: String, sourceFile: String?, findings: String) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO seed_override (record_kind, record_id, source_file, data, findings) VALUES (?, ?, ?, ?, ?)",
            arguments: [kind.rawValue, id, sourceFile, data, findings])
    }

    func updateSeedVersionFindings(_ kind: RecordKind, id: String, findings: String) throws {
        try db.execute(sql: "UPDATE seed_override SET findings = ? WHERE record_kind = ? AND record_id = ?",
                       arguments: [findings, kind.rawValue, id])
    }

    func seedVersionIDs(_ kind: RecordKind) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT record_id FROM seed_override WHERE record_kind = ?", arguments: [kind.rawValue])
    }

    func seedRecords(_ kind: RecordKind) throws -> [(id: String, served: String, sourceFile: String?)] {
        try Row.fetchAll(db, sql: "SELECT id, served, source_file FROM \(kind.rawValue) WHERE origin = 'seed'")
            .map { ($0["id"], $0["served"], $0["source_file"]) }
    }

    func isOwnedByAPI(_ kind: RecordKind, id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM \(kind.rawValue) WHERE id = ?1 AND origin = 'api')
                OR EXISTS (SELECT 1 FROM seed_override WHERE record_kind = ?2 AND record_id = ?1)
            """, arguments: [id, kind.rawValue]) ?? false
    }

    func findings() throws -> [(id: String, recordKind: String, recordID: String, data: String)] {
        try Row.fetchAll(db, sql: "SELECT id, record_kind, record_id, data FROM quality_finding")
            .map { ($0["id"], $0["record_kind"], $0["record_id"], $0["data"]) }
    }

    func deleteFinding(_ id: String) throws {
        try db.execute(sql: "DELETE FROM quality_finding WHERE id = ?", arguments: [id])
    }

    func searchIndexNeedsRebuild() throws -> Bool {
        try SearchIndex.needsRebuild(db)
    }

    func rebuildSearchIndex() throws {
        try SearchIndex.rebuild(db)
    }

    func recordSeedLoad(fingerprint: String, summary: String) throws {
        try db.execute(sql: "INSERT INTO seed_load (loaded_at, fingerprint, summary) VALUES (?, ?, ?)",
                       arguments: [Migrator.timestamp(), fingerprint, summary])
    }
}
