extension PostgresRegistryStore: ImportTarget {
    public func importing<T>(dryRun: Bool, author: String, _ body: (inout ImportSession) throws -> T) throws -> T {
        var result: T?
        do {
            try serialisedWrite(changed: { _ in !dryRun }) { statements in
                var session = try ImportSession(statements: statements, author: author)
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
