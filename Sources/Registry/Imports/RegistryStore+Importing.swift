import GRDB

extension RegistryStore {
    /// Runs an import in one write transaction: `body` reads its rows and saves records through the session; the
    /// provenance document is written and every reference checked at the end. When `body` throws, or when
    /// `dryRun`, the transaction is rolled back and nothing is written.
    ///
    /// - Parameters:
    ///   - file: the imported file's name; `sha256` its bytes' hash; `mapping` the name of the mapping used.
    ///   - author, reason: the history's author and reason of every change the import makes.
    public func importing<T>(file: String, sha256: String, mapping: String, dryRun: Bool, author: String, reason: String?,
                             _ body: (inout ImportSession) throws -> T) throws -> T {
        let document = ProvenanceDocument(
            id: "import-" + String(sha256.prefix(16)) + "-" + Slug.make(mapping),
            fileName: "imports/\(sha256)/\(Slug.make(mapping))/\(file)",
            title: "Import of \(file)",
            source: "\(file) (SHA-256 \(sha256)), read with the mapping \(mapping)",
            sha256: sha256)
        var result: T?
        try database.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                var session = try ImportSession(db: db, author: author, reason: reason, document: document)
                result = try body(&session)
                try session.finish()
                return dryRun ? .rollback : .commit
            }
        }
        guard let result else { preconditionFailure("an import transaction ran its body") }
        return result
    }
}
