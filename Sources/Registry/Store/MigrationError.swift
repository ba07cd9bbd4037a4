/// Why the schema could not be brought up to date; startup stops with ``description``.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableDirectory(String, reason: String)
    case unreadableFile(String)
    case badFileName(String)
    case duplicateVersion(Int, String, String)
    /// A migration already applied whose file has changed since.
    case edited(fileName: String, recorded: String, actual: String)
    /// A migration recorded as applied whose file is gone.
    case missing(fileName: String)
    /// A migration whose SQL failed; nothing of the run was applied.
    case failed(fileName: String, reason: String)
    /// The schema snapshot cannot be used.
    case badSnapshot(String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableDirectory(path, reason):
            "migrations: cannot read the directory \(path): \(reason)"
        case let .unreadableFile(name):
            "migrations/\(name): cannot read the file as UTF-8"
        case let .badFileName(name):
            "migrations/\(name): a migration file is named NNNN_name.sql (four digits, an underscore, a name)"
        case let .duplicateVersion(version, first, second):
            "migrations: \(first) and \(second) both have number \(version)"
        case let .edited(name, recorded, actual):
            "migrations/\(name) was edited after it was applied (checksum recorded \(recorded.prefix(12))…, file now \(actual.prefix(12))…); restore the file and add the change as a new migration"
        case let .missing(name):
            "migrations/\(name) was applied to this database but the file is missing"
        case let .failed(name, reason):
            "migrations/\(name) failed, nothing was applied: \(reason)"
        case let .badSnapshot(name, reason):
            "migrations/\(name): \(reason); remove it or make it again (see its first lines)"
        }
    }
}
