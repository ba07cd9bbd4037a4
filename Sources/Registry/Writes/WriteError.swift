/// Why a write through the API was refused; nothing was written.
public enum WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record is not valid: every problem found.
    case invalid([FieldProblem])
    /// A record of the kind has the id already.
    case idTaken(RecordKind, String)
    case notFound(RecordKind, String)
    /// The record changed since the version the client based its change on.
    case stale(RecordKind, String)
    /// Records refer to the one to delete: `kind/id (relation)` each.
    case referenced(RecordKind, String, [String])
    /// The record has no seed version to reset to.
    case noSeedVersion(RecordKind, String)
    /// The seeds' version refers to records that no longer exist.
    case brokenReference(String)

    public var description: String {
        switch self {
        case let .invalid(problems): "invalid record: " + problems.map(\.description).joined(separator: "; ")
        case let .idTaken(kind, id): "a \(kind.rawValue) with id '\(id)' exists already"
        case let .notFound(kind, id): "no \(kind.rawValue) '\(id)'"
        case let .stale(kind, id): "the \(kind.rawValue) '\(id)' changed since the version given"
        case let .referenced(kind, id, references):
            "the \(kind.rawValue) '\(id)' is referred to by " + references.joined(separator: ", ")
        case let .noSeedVersion(kind, id): "the \(kind.rawValue) '\(id)' has no version in the seeds"
        case let .brokenReference(detail): detail
        }
    }
}
