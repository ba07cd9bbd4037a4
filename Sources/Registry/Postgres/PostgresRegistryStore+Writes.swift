import PostgresClient

extension PostgresRegistryStore {
    /// Makes one change of a record of `kind` through the API, as ``RegistryStore/write(_:_:author:reason:expecting:)``
    /// does, in one transaction with everything derived from it; every instance hears of it at commit
    /// (``PostgresChangeFeed``), and this one before this returns.
    public func write(_ kind: RecordKind, _ write: RecordWrite, author: String, reason: String?,
                      expecting: String? = nil) throws -> WriteResult {
        try serialisedWrite(changed: \.changed, describing: { [NetworkNode.Key(kind: kind, id: $0.id)] }) { statements in
            do {
                return try RecordWriteTransaction(kind: kind, statements: statements, author: author, reason: reason,
                                                  expecting: expecting)
                    .apply(write, as: kind.recordType)
            } catch let error as PostgresError where error.sqlState == PostgresRecordStatements.foreignKeyViolation {
                // A reference the schema checks at once rather than at commit.
                throw WriteError.brokenReference("The change would leave a reference dangling: \(error.message)")
            }
        }
    }

    /// Writes validated seeds (``SeedWriter``) as the SQLite store takes them: instances that start together
    /// load them one after the other, and the later ones find nothing to change.
    func writeSeeds(_ writer: SeedWriter) throws -> SeedLoadReport {
        try serialisedWrite(changed: \.changed) { statements in try writer.write(using: statements) }
    }

    /// Runs `body` in a transaction that holds the write lock, and tells every instance of a change (`changed`
    /// of the result) at commit, and this one before this returns: as a change of the records `describing`
    /// names, or of anything when it is nil or names none.
    ///
    /// Writes are serialised by a transaction-scoped advisory lock, as SQLite's single writer serialises them:
    /// change ids then commit in the order they are given (a client polling `since=<id>` misses none), and the
    /// `If-Match` comparison reads the row no other write can change before this one commits.
    func serialisedWrite<T>(changed: (T) -> Bool, describing: (T) -> [NetworkNode.Key]? = { _ in nil },
                            _ body: (PostgresRecordStatements) throws -> T) throws -> T {
        var change = RegistryChange.unknown
        let result = try self.write { connection in
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(Self.writeLockKey)])
            let result = try body(PostgresRecordStatements(connection: connection))
            if let keys = describing(result), !keys.isEmpty { change = .records(keys) }
            if changed(result) { try PostgresChangeFeed.notify(change, on: connection) }
            return result
        }
        if changed(result) { changes.noteChange(change, describedHere: change != .unknown) }
        return result
    }

    /// The advisory lock key that writes of a Brobygger database take (an arbitrary constant: "brobwrit").
    static let writeLockKey: Int64 = 0x62726F62_77726974
}
