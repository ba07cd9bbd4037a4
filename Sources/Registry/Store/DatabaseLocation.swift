import PostgresClient

/// Which store holds the registry: an SQLite file (or `:memory:`), the embedded default, or a PostgreSQL
/// database named by a `postgres://` URL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// Reads `--database`'s value: a `postgres://` or `postgresql://` URL selects PostgreSQL (a malformed
    /// one is an error naming what is wrong), anything else is an SQLite path.
    public init(parsing text: String) throws(PostgresError) {
        let lowered = text.prefix(16).lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(parsing: text))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The path or the URL without its password: what messages and logs may show.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }
}
