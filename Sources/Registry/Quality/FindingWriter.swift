import GRDB

/// Writes data-quality findings into `quality_finding`, with their served form, inside the caller's transaction.
enum FindingWriter {
    /// The insert of a finding up to its values, the same on both engines; an import holds its rows in its batch.
    static let insert = BatchedInserts.Insert(
        head: "INSERT INTO quality_finding (id, record_kind, record_id, check_name, severity, field, declared, computed, message, data, served)",
        columns: 11)

    /// The values of ``insert`` for `finding`, stored as `data`.
    static func values(_ finding: QualityFinding, data: String) throws -> [RecordColumns.Value] {
        [.text(finding.id), .text(finding.recordKind.rawValue), .text(finding.record), .text(finding.check.rawValue),
         .text(finding.severity.rawValue), RecordColumns.Value(finding.field), RecordColumns.Value(finding.declared),
         RecordColumns.Value(finding.computed), .text(finding.message), .text(data), .text(try StoredJSON.served(fromStored: data))]
    }

    static func insert(_ finding: QualityFinding, data: String, in db: Database) throws {
        try db.cachedStatement(sql: insert.head + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: RecordWriter.arguments(try values(finding, data: data)))
    }

    static func remove(_ kind: RecordKind, id: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM quality_finding WHERE record_kind = ? AND record_id = ?").execute(arguments: [kind.rawValue, id])
    }
}
