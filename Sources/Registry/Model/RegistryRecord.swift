/// A record of the registry: an identified, evidenced value stored in one table per ``RecordKind``.
public protocol RegistryRecord: Codable, Sendable, Hashable {
    /// The kind, which names the table and the URL segment.
    static var kind: RecordKind { get }
    /// A readable slug, unique within the kind (see ``Slug``).
    var id: String { get }
    /// The name shown for the record.
    var displayName: String { get }
    /// Where the record comes from.
    var origin: Origin { get set }
    /// The passages that state the record and its fields.
    var evidence: [Evidence] { get set }
}
