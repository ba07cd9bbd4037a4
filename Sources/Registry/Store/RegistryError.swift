/// Errors of the store's queries and API writes.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record is owned by the seeds; the API may not change or delete it.
    case seedOwned(kind: RecordKind, id: String)
    case notFound(kind: RecordKind, id: String)
    case invalidID(String)
    /// A reference to a record that does not exist, or a deletion that would leave one dangling.
    case brokenReference(String)
    /// An evidence quote that does not occur in its document.
    case evidenceNotFound(document: String, quote: String)
    /// A backup would overwrite an existing file.
    case backupTargetExists(String)

    public var description: String {
        switch self {
        case let .seedOwned(kind, id): "\(kind.rawValue) '\(id)' comes from the seeds and cannot be changed through the API"
        case let .notFound(kind, id): "no \(kind.rawValue) '\(id)'"
        case let .invalidID(id): "'\(id)' is not a slug (lowercase ASCII letters, digits and single hyphens)"
        case let .brokenReference(detail): "broken reference: \(detail)"
        case let .evidenceNotFound(document, quote): "the quote \"\(quote)\" does not occur in document '\(document)'"
        case let .backupTargetExists(path): "\(path) exists already; a backup never overwrites a file"
        }
    }
}
