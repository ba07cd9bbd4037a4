/// A funding programme, e.g. Interreg 5A Deutschland-Danmark 2014-2020.
public struct Programme: RegistryRecord {
    public static let kind = RecordKind.programme
    public var id: String
    public var name: String
    @DefaultEmptyDictionary public var names: [String: String]
    @DefaultEmpty public var aliases: [String]
    /// The funding instrument (`Interreg`).
    public var instrument: String?
    /// The strand (`A` cross-border, `B` transnational, `C` interregional).
    public var strand: String?
    public var period: Period?
    /// ISO 3166-1 alpha-2 codes of the countries it covers.
    @DefaultEmpty public var countries: [String]
    public var description: String?
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(
        id: String, name: String, names: [String: String] = [:], aliases: [String] = [], instrument: String? = nil,
        strand: String? = nil, period: Period? = nil, countries: [String] = [], description: String? = nil,
        origin: Origin = .api, evidence: [Evidence] = []
    ) {
        self.id = id
        self.name = name
        self.names = names
        self.aliases = aliases
        self.instrument = instrument
        self.strand = strand
        self.period = period
        self.countries = countries
        self.description = description
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { name }
}
