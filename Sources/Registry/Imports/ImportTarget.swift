/// A store an import writes into: either engine runs an import in one write transaction, through one
/// ``ImportSession``.
public protocol ImportTarget: Sendable {
    /// Runs an import in one write transaction: `body` begins each file it reads
    /// (``ImportSession/beginFile(_:sha256:mapping:mappingDigest:reason:)``) and saves records through the session; the last
    /// file's provenance document is written and every reference checked at the end. When `body` throws, or when
    /// `dryRun`, the transaction is rolled back and nothing is written.
    ///
    /// - Parameter author: the history's author of every change the import makes.
    func importing<T>(dryRun: Bool, author: String, _ body: (inout ImportSession) throws -> T) throws -> T
}

extension ImportTarget {
    /// Runs an import of one file in one write transaction (``importing(dryRun:author:_:)``).
    ///
    /// - Parameters:
    ///   - file: the imported file's name; `sha256` its bytes' hash; `mapping` the name of the mapping used and
    ///     `mappingDigest` its definition's hash.
    ///   - author, reason: the history's author and reason of every change the import makes.
    public func importing<T>(file: String, sha256: String, mapping: String, mappingDigest: String, dryRun: Bool, author: String,
                             reason: String?, _ body: (inout ImportSession) throws -> T) throws -> T {
        try importing(dryRun: dryRun, author: author) { session in
            try session.beginFile(file, sha256: sha256, mapping: mapping, mappingDigest: mappingDigest, reason: reason)
            return try body(&session)
        }
    }
}
