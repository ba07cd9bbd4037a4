/// A failure of the PostgreSQL client: what kind of failure, PostgreSQL's SQLSTATE when the server sent one,
/// and a message that says what went wrong (never a password).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What failed, so that callers can tell an unreachable database (retry later, answer 503) from a
    /// statement the server refused (a bug or a conflict).
    public enum Kind: Sendable, Equatable {
        /// The connection URL is not one this client can use.
        case invalidURL
        /// No connection could be opened: the server is down, unreachable or refused the login.
        case connectionFailed
        /// The connection broke while in use (the server restarted, the backend was terminated).
        case connectionLost
        /// The server refused a statement; `sqlState` says why.
        case server
        /// Every connection of the pool stayed busy until the checkout timeout.
        case poolTimeout
        /// A column's value could not be read as the type asked for.
        case decoding
        /// A transaction ended in a rollback although its body succeeded (a statement inside failed).
        case transactionRolledBack
    }

    public let kind: Kind
    /// The five-character SQLSTATE code the server sent, such as `23505` for a unique violation.
    public let sqlState: String?
    public let message: String
    /// The server's detail line, when it sent one (which row conflicted, for example).
    public let detail: String?
    /// For a connection lost while its transaction's `COMMIT` was under way: the transaction's id, whose outcome
    /// `txid_status` tells once the server answers again (``PostgresPool/withTransaction(_:)`` asks it).
    public internal(set) var interruptedTransaction: Int64?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        interruptedTransaction = nil
    }

    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
