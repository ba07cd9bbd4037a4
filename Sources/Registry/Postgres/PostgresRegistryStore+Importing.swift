extension PostgresRegistryStore: ImportTarget {
    public func importing<T>(file: String, sha256: String, mapping: String, dryRun: Bool, author: String, reason: String?,
                             _ body: (inout ImportSession) throws -> T) throws -> T {
        var result: T?
        do {
            try serialisedWrite(changed: { _ in !dryRun }) { statements in
                var session = try ImportSession(statements: statements, author: author, reason: reason,
                                                document: .forImport(file: file, sha256: sha256, mapping: mapping))
                result = try body(&session)
                try session.finish()
                if dryRun { throw DryRun() }
            }
        } catch is DryRun {}
        guard let result else { preconditionFailure("an import transaction ran its body") }
        return result
    }

    /// Ends a dry run's transaction in a rollback.
    private struct DryRun: Error {}
}
