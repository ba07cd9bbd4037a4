import GRDB

/// The statements of a record write in an SQLite database, on the writer's connection inside its transaction.
struct SQLiteRecordStatements: RecordWriteStatements {
    /// The writer's connection as it is, for what runs no statement on it (what ``batched`` holds); everything else
    /// goes through ``db`` or ``connection``.
    let handle: Database
    /// An import's inserts held back to be written many to a statement; nil outside imports.
    let batched: BatchedInserts?

    init(db: Database, batched: BatchedInserts? = nil) {
        handle = db
        self.batched = batched
    }

    /// The connection for any statement that is not held back: the inserts held are written first, so that the
    /// statement sees what writing them one by one would have left.
    var db: Database {
        get throws {
            try batched?.write()
            return handle
        }
    }

    /// The connection for a statement that reads nothing the batch holds, or that the batch holds itself: the
    /// rows held stay held, but a batch being written in the background is waited for
    /// (``BatchedInserts/settle()``).
    var connection: Database {
        get throws {
            try batched?.settle()
            return handle
        }
    }

    var lookup: any RegistryLookup { RecordLookup(db: handle, batched: batched) }

    /// A record an import's batch holds is read from there, any other from its table without writing the batch:
    /// what the batch holds changes no other record's row (``BatchedInserts/heldRecord(_:id:)``).
    func stored(_ kind: RecordKind, id: String) throws -> StoredRow? {
        if let held = batched?.heldRecord(kind, id: id) { return held }
        return try Row.fetchOne(connection.cachedStatement(sql: "SELECT origin, data, served, source_file FROM \(kind.rawValue) WHERE id = ?"),
                                arguments: [id]).map {
            StoredRow(origin: $0["origin"], data: $0["data"], served: $0["served"], sourceFile: $0["source_file"])
        }
    }

    func upsert<R: RegistryRecord>(_ record: R, forms: (data: String, served: String), sourceFile: String?,
                                   existing: StoredRow?) throws -> RecordWriter.Outcome {
        // A new record's rows are all held in an import's batch: nothing need be written before them, and nothing
        // written in the background need be waited for.
        try RecordWriter.upsert(record, forms: forms, sourceFile: sourceFile,
                                existing: existing?.comparable,
                                holdingIn: batched, in: existing == nil && batched != nil ? handle : db)
    }

    func delete(_ kind: RecordKind, id: String) throws {
        try RecordWriter.delete(kind: kind, id: id, in: db)
    }

    func danglingReference() throws -> String? {
        try db.danglingReference()
    }

    func index<R: RegistryRecord>(_ record: R, replacing: Bool) throws {
        try SearchIndex.update(record, db, replacing: replacing)
    }

    func removeFromIndex(_ kind: RecordKind, id: String) throws {
        try SearchIndex.remove(kind, id: id, db)
    }

    func insertFinding(_ finding: QualityFinding, data: String) throws {
        guard let batched else { return try FindingWriter.insert(finding, data: data, in: db) }
        try batched.add(FindingWriter.insert, try FindingWriter.values(finding, data: data))
    }

    func removeFindings(_ kind: RecordKind, id: String) throws {
        try FindingWriter.remove(kind, id: id, in: db)
    }

    func recordChange(_ operation: ChangeOperation, kind: RecordKind, id: String, before: String?, after: String?,
                      author: String, reason: String?, at time: String) throws -> Int64 {
        try ChangeLog.record(operation, kind: kind, id: id, before: before, after: after, author: author, reason: reason, at: time, in: db)
    }

    func keepSeedVersion(_ kind: RecordKind, id: String, data: String, sourceFile: String?) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO seed_override (record_kind, record_id, source_file, data, findings)
                VALUES (?1, ?2, ?3, ?4, (SELECT json_group_array(json(data)) FROM
                    (SELECT data FROM quality_finding WHERE record_kind = ?1 AND record_id = ?2 ORDER BY id)))
                """,
            arguments: [kind.rawValue, id, sourceFile, data])
    }

    func seedVersion(_ kind: RecordKind, id: String) throws -> SeedVersion? {
        try Row.fetchOne(db, sql: "SELECT data, source_file, findings FROM seed_override WHERE record_kind = ? AND record_id = ?",
                         arguments: [kind.rawValue, id])
            .map { SeedVersion(data: $0["data"], sourceFile: $0["source_file"], findings: $0["findings"]) }
    }

    func removeSeedVersion(_ kind: RecordKind, id: String) throws {
        try db.execute(sql: "DELETE FROM seed_override WHERE record_kind = ? AND record_id = ?", arguments: [kind.rawValue, id])
    }

    func references(to kind: RecordKind, id: String) throws -> [String] {
        let related = try String.fetchAll(db, sql: """
            SELECT DISTINCT record_kind || '/' || record_id || ' (' || relation || ')' FROM record_related
            WHERE target_kind = ? AND target_id = ? AND NOT (record_kind = ? AND record_id = ?)
            ORDER BY 1
            """, arguments: [kind.rawValue, id, kind.rawValue, id])
        guard kind == .organisation else { return related }
        // Governance bodies name organisations in the partnership's JSON only: neither a foreign key nor
        // `record_related` holds these references.
        return related + (try String.fetchAll(db, sql: """
            SELECT DISTINCT 'partnership/' || p.id || ' (governance)' FROM partnership AS p, json_each(p.data, '$.governance') AS body,
                json_each(body.value, '$.members') AS member WHERE member.value = ?1
            UNION
            SELECT DISTINCT 'partnership/' || p.id || ' (governance)' FROM partnership AS p, json_each(p.data, '$.governance') AS body,
                json_each(body.value, '$.venues') AS venue WHERE venue.value = ?1
            ORDER BY 1
            """, arguments: [id]))
    }
}
