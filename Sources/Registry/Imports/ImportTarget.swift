/// A store an import writes into: either engine runs an import in one write transaction, through one
/// ``ImportSession``.
public protocol ImportTarget: Sendable {
    /// Runs an import in one write transaction: `body` reads its rows and saves records through the session; the
    /// provenance document is written and every reference checked at the end. When `body` throws, or when
    /// `dryRun`, the transaction is rolled back and nothing is written.
    ///
    /// - Parameters:
    ///   - file: the imported file's name; `sha256` its bytes' hash; `mapping` the name of the mapping used.
    ///   - author, reason: the history's author and reason of every change the import makes.
    func importing<T>(file: String, sha256: String, mapping: String, dryRun: Bool, author: String, reason: String?,
                      _ body: (inout ImportSession) throws -> T) throws -> T
}
