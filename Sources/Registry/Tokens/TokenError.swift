/// Errors of token management.
public enum TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A token with this name exists, or existed and was revoked: names are never reused.
    case nameTaken(String)
    case notFound(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case let .nameTaken(name): "a token named '\(name)' exists already (names of revoked tokens stay taken)"
        case let .notFound(name): "no token named '\(name)'"
        case let .invalidName(name): "'\(name)' is not a token name (\(AccessToken.nameRule))"
        }
    }
}
