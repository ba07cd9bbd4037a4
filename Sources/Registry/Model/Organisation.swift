/// A municipality, regional authority, federal state, agency, company, association, network or commission.
public struct Organisation: RegistryRecord {
    public static let kind = RecordKind.organisation
    public var id: String
    /// The name in the organisation's own language.
    public var name: String
    /// Names by language code (`da`, `de`, `en`, `sv`, `pl`, `bg`, ...).
    @DefaultEmptyDictionary public var names: [String: String]
    /// Other spellings met in the sources (`Hamborg`, `Københavns Kommune`).
    @DefaultEmpty public var aliases: [String]
    public var kind: OrganisationKind
    /// ISO 3166-1 alpha-2.
    public var country: String?
    /// NUTS code (2021 classification) where known.
    public var nuts: String?
    /// Id of the gazetteer place the organisation is located in or governs.
    public var place: String?
    /// Id of the organisation this one belongs to (a department of a city).
    public var parent: String?
    /// Ids of the themes the organisation names as its priorities.
    @DefaultEmpty public var themes: [String]
    public var description: String?
    public var contact: ContactDetails?
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(
        id: String, name: String, names: [String: String] = [:], aliases: [String] = [],
        kind: OrganisationKind, country: String? = nil, nuts: String? = nil, place: String? = nil,
        parent: String? = nil, themes: [String] = [], description: String? = nil, contact: ContactDetails? = nil,
        origin: Origin = .api, evidence: [Evidence] = []
    ) {
        self.id = id
        self.name = name
        self.names = names
        self.aliases = aliases
        self.kind = kind
        self.country = country
        self.nuts = nuts
        self.place = place
        self.parent = parent
        self.themes = themes
        self.description = description
        self.contact = contact
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { name }
}
