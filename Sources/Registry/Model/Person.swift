/// A person named by a source, with roles and contact details.
public struct Person: RegistryRecord {
    public static let kind = RecordKind.person
    public var id: String
    public var name: String
    /// An academic title (`Dr.`).
    public var honorific: String?
    @DefaultEmpty public var roles: [PersonRole]
    public var contact: ContactDetails?
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(
        id: String, name: String, honorific: String? = nil, roles: [PersonRole] = [], contact: ContactDetails? = nil,
        origin: Origin = .api, evidence: [Evidence] = []
    ) {
        self.id = id
        self.name = name
        self.honorific = honorific
        self.roles = roles
        self.contact = contact
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { name }
}
