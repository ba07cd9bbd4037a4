/// A metropolitan or cross-border region: its names, member territories, population and governance.
public struct Region: RegistryRecord {
    public static let kind = RecordKind.region
    public var id: String
    public var name: String
    @DefaultEmptyDictionary public var names: [String: String]
    @DefaultEmpty public var aliases: [String]
    public var kind: RegionKind
    /// ISO 3166-1 alpha-2 codes of the countries the region lies in.
    @DefaultEmpty public var countries: [String]
    /// Ids of the member organisations (cities, regional authorities).
    @DefaultEmpty public var members: [String]
    /// Ids of gazetteer places the region covers.
    @DefaultEmpty public var places: [String]
    @DefaultEmpty public var population: [PopulationFigure]
    /// How the region is governed, as stated.
    public var governance: String?
    /// Ids of the organisation that runs the region's office, if any.
    public var office: String?
    /// Ids of the partnerships (networks, committees) the region takes part in.
    @DefaultEmpty public var memberships: [String]
    public var description: String?
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(
        id: String, name: String, names: [String: String] = [:], aliases: [String] = [], kind: RegionKind,
        countries: [String] = [], members: [String] = [], places: [String] = [], population: [PopulationFigure] = [],
        governance: String? = nil, office: String? = nil, memberships: [String] = [], description: String? = nil,
        origin: Origin = .api, evidence: [Evidence] = []
    ) {
        self.id = id
        self.name = name
        self.names = names
        self.aliases = aliases
        self.kind = kind
        self.countries = countries
        self.members = members
        self.places = places
        self.population = population
        self.governance = governance
        self.office = office
        self.memberships = memberships
        self.description = description
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { name }
}
