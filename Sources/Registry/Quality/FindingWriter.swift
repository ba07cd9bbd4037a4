import GRDB

/// Writes data-quality findings into `quality_finding`, with their served form, inside the caller's transaction.
enum FindingWriter {
    static func insert(_ finding: QualityFinding, data: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO quality_finding (id, record_kind, record_id, check_name, severity, field, declared, computed, message, data, served)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [finding.id, finding.recordKind.rawValue, finding.record, finding.check.rawValue,
                        finding.severity.rawValue, finding.field, finding.declared, finding.computed, finding.message, data,
                        try StoredJSON.served(fromStored: data)])
    }

    /// Replaces the findings of one record by those computed from it now (projects have findings; other kinds none);
    /// a record that was not there (`replacing` false) has none to remove.
    static func refresh(_ record: some RegistryRecord, replacing: Bool = true, in db: Database) throws {
        if replacing { try remove(type(of: record).kind, id: record.id, in: db) }
        guard let project = record as? Project else { return }
        for finding in QualityChecker().findings(for: project) {
            try insert(finding, data: try RecordWriter.encode(finding), in: db)
        }
    }

    /// Replaces the findings of one record by `stored`, a JSON array of findings in their stored form (the
    /// seeds' findings of a record that `reset` puts back).
    static func replace(_ kind: RecordKind, id: String, withStored stored: String, in db: Database) throws {
        try remove(kind, id: id, in: db)
        for item in try String.fetchAll(db, sql: "SELECT value FROM json_each(?)", arguments: [stored]) {
            let finding = try RegistryStore.decode(QualityFinding.self, from: item)
            try insert(finding, data: try RecordWriter.encode(finding), in: db)
        }
    }

    static func remove(_ kind: RecordKind, id: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM quality_finding WHERE record_kind = ? AND record_id = ?").execute(arguments: [kind.rawValue, id])
    }
}
