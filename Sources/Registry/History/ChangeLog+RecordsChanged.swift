import GRDB

extension ChangeLog {
    /// The id of the newest entry of the history; 0 when it is empty.
    static func newestEntry(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM change") ?? 0
    }

    /// The operations that write one record in place: its row keeps its rowid (an update of the row), or a new
    /// row takes one that no row had; a deletion, a reset (which deletes the row and inserts it again) or an import
    /// may not.
    static let inPlaceWrites: Set<ChangeOperation> = [.create, .replace, .update]

    /// Whether every entry of the history after `entry` is one of `operations`.
    static func onlyOperations(_ operations: Set<ChangeOperation>, after entry: Int64, _ db: Database) throws -> Bool {
        let listed = operations.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT NOT EXISTS (SELECT 1 FROM change WHERE id > ? AND operation NOT IN (\(listed)))"),
            arguments: [entry]) ?? false
    }

    /// The records that the history's entries after `entry` name — a write's record, each record an import
    /// listed — and the id of the newest entry. `records` is nil when no entry follows `entry` (a commit that
    /// made none is no change through Brobygger, and may have changed anything), when they name more than
    /// `limit` records, or a kind this version does not know.
    ///
    /// For a server that learns of another process's commits by polling: told what an import or a write beside
    /// it changed, it brings its cooperation network up to date instead of building it again.
    static func recordsChanged(after entry: Int64, limit: Int, _ db: Database) throws
        -> (newest: Int64, records: [NetworkNode.Key]?) {
        let newest = try newestEntry(db)
        guard newest > entry else { return (max(newest, entry), nil) }
        let entries = try Row.fetchAll(
            db, sql: "SELECT id, operation, record_kind, record_id FROM change WHERE id > ? ORDER BY id LIMIT ?",
            arguments: [entry, limit + 1])
        guard entries.count <= limit else { return (newest, nil) }
        var records = Set<NetworkNode.Key>()
        for row in entries {
            if row["operation"] == ChangeOperation.import.rawValue {
                let listed = try Row.fetchAll(
                    db, sql: "SELECT record_kind, record_id FROM change_record WHERE change_id = ? LIMIT ?",
                    arguments: [row["id"] as Int64, limit + 1])
                for record in listed {
                    guard let kind = RecordKind(rawValue: record["record_kind"]) else { return (newest, nil) }
                    records.insert(NetworkNode.Key(kind: kind, id: record["record_id"]))
                }
            } else {
                guard let kind = RecordKind(rawValue: row["record_kind"]) else { return (newest, nil) }
                records.insert(NetworkNode.Key(kind: kind, id: row["record_id"]))
            }
            if records.count > limit { return (newest, nil) }
        }
        return (newest, records.sorted())
    }
}
