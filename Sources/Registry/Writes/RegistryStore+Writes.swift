import GRDB
import JSONOutput

extension RegistryStore {
    /// Makes one change of a record of `kind` through the API, in one transaction with everything that derives
    /// from it: the record in its served form, its links, its search entries and findings, and the history entry
    /// (`author`, `reason`). Whoever registered with ``changes`` hears of it before this returns.
    ///
    /// - Parameter expecting: the record as served in the version the client based its change on (its `If-Match`);
    ///   when the stored record differs, the write is refused as ``WriteError/stale(_:_:)``.
    /// - Throws: ``WriteError``, or ``StorageFault`` when the database cannot take writes; nothing is written then.
    public func write(_ kind: RecordKind, _ write: RecordWrite, author: String, reason: String?,
                      expecting: String? = nil) throws -> WriteResult {
        try guardedWrite { db in
            let result = try RecordWriteTransaction(kind: kind, statements: SQLiteRecordStatements(db: db), author: author,
                                                    reason: reason, expecting: expecting)
                .apply(write, as: kind.recordType)
            changes.describeCommit(of: [NetworkNode.Key(kind: kind, id: result.id)], in: db)
            return result
        }
    }

    /// What is wrong with `body` as a record of `kind`, as a write would find it, without writing: lets a route
    /// refuse a body that is no valid record before it compares `If-Match`, which only a valid one gets to.
    public func problems(of body: JSONValue, kind: RecordKind) throws -> [FieldProblem] {
        guard case .object(let members) = body else { return [FieldProblem(pointer: "", reason: "must be a JSON object")] }
        return try read { db in try RecordValidator.problems(of: members, kind: kind, lookup: RecordLookup(db: db)) }
    }

    /// Whether the record has a seed version that `reset` would put back.
    public func hasSeedVersion(_ kind: RecordKind, id: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM seed_override WHERE record_kind = ? AND record_id = ?)",
                              arguments: [kind.rawValue, id]) ?? false
        }
    }
}
