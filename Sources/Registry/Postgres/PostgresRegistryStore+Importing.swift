extension PostgresRegistryStore: ImportTarget {
    public func importing<T>(dryRun: Bool, author: String, _ body: (inout ImportSession) throws -> T) throws -> T {
        var result: T?
        // The records it wrote, which every instance's cooperation network is brought up to date from.
        var records: [NetworkNode.Key]?
        do {
            try serialisedWrite(changed: { _ in !dryRun }, describing: { _ in records }) { statements in
                // The import's plain inserts go in statements of many rows (``BatchedInserts``).
                let connection = statements.directConnection
                let batched = BatchedInserts(writer: PostgresBatchWriter(connection: connection))
                var session = try ImportSession(statements: PostgresRecordStatements(connection: connection, batched: batched),
                                                author: author)
                result = try body(&session)
                try session.finish()
                try batched.write()
                if dryRun { throw DryRun() }
                records = session.changedRecords
            }
        } catch is DryRun {}
        guard let result else { preconditionFailure("an import transaction ran its body") }
        return result
    }

    /// Ends a dry run's transaction in a rollback.
    private struct DryRun: Error {}
}
