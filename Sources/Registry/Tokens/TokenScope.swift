/// What an access token may do. Scopes are ordered: `admin` implies `write`, which implies `read`.
public enum TokenScope: String, Sendable, CaseIterable, Comparable, Codable {
    /// Reads that need a token (personal contact details).
    case read
    /// Changes to records.
    case write
    /// Everything, token management included.
    case admin

    /// Whether a token of this scope may do what `required` allows.
    public func permits(_ required: TokenScope) -> Bool {
        self >= required
    }

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }
}
