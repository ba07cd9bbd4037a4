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

    static func remove(_ kind: RecordKind, id: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM quality_finding WHERE record_kind = ? AND record_id = ?").execute(arguments: [kind.rawValue, id])
    }
}
