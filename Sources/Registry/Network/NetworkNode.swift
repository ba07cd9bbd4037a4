/// A record in the cooperation network: an organisation, region, partnership, project, programme or person.
public struct NetworkNode: Sendable, Hashable, Identifiable {
    /// Identifies a node across kinds: record ids are unique only within their kind.
    public struct Key: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var kind: RecordKind
        public var id: String

        public init(kind: RecordKind, id: String) {
            self.kind = kind
            self.id = id
        }

        /// `kind:id`, e.g. `organisation:hamburg`.
        public var description: String { "\(kind.rawValue):\(id)" }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.kind.networkOrder, lhs.id) < (rhs.kind.networkOrder, rhs.id)
        }
    }

    public var kind: RecordKind
    /// The record's id (its slug).
    public var id: String
    /// The record's display name.
    public var name: String
    /// ISO 3166-1 alpha-2: an organisation's country, or a region's when it lies in one country.
    public var country: String?

    public init(kind: RecordKind, id: String, name: String, country: String? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.country = country
    }

    public var key: Key { Key(kind: kind, id: id) }
}

extension RecordKind {
    /// The order nodes of each kind are listed in: parties first, then what links them.
    var networkOrder: Int {
        switch self {
        case .organisation: 0
        case .region: 1
        case .partnership: 2
        case .project: 3
        case .programme: 4
        case .person: 5
        case .theme: 6
        }
    }
}
