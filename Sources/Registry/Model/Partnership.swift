/// An agreement or standing cooperation between two or more parties.
public struct Partnership: RegistryRecord {
    public static let kind = RecordKind.partnership
    public var id: String
    public var name: String
    @DefaultEmptyDictionary public var names: [String: String]
    @DefaultEmpty public var aliases: [String]
    public var kind: PartnershipKind
    @DefaultEmpty public var parties: [Party]
    /// Who else takes part, where the source names them only collectively.
    public var otherParticipants: String?
    /// When the agreement was signed, to the precision stated.
    public var signed: ISODate?
    public var period: Period?
    /// Ids of ``Theme``s.
    @DefaultEmpty public var themes: [String]
    /// Ids of the regions the partnership concerns.
    @DefaultEmpty public var regions: [String]
    /// Ids of the programmes the partnership uses.
    @DefaultEmpty public var programmes: [String]
    @DefaultEmpty public var governance: [GovernanceBody]
    /// Instruments that carry the agreement out (`annual plans`).
    @DefaultEmpty public var instruments: [String]
    public var purpose: String?
    public var description: String?
    public var contact: ContactDetails?
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(
        id: String, name: String, names: [String: String] = [:], aliases: [String] = [], kind: PartnershipKind,
        parties: [Party] = [], otherParticipants: String? = nil, signed: ISODate? = nil, period: Period? = nil,
        themes: [String] = [], regions: [String] = [], programmes: [String] = [], governance: [GovernanceBody] = [],
        instruments: [String] = [], purpose: String? = nil, description: String? = nil, contact: ContactDetails? = nil,
        origin: Origin = .api, evidence: [Evidence] = []
    ) {
        self.id = id
        self.name = name
        self.names = names
        self.aliases = aliases
        self.kind = kind
        self.parties = parties
        self.otherParticipants = otherParticipants
        self.signed = signed
        self.period = period
        self.themes = themes
        self.regions = regions
        self.programmes = programmes
        self.governance = governance
        self.instruments = instruments
        self.purpose = purpose
        self.description = description
        self.contact = contact
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { name }
}
