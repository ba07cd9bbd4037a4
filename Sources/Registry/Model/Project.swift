/// A project: acronym, titles, programme, period, money, partners and results.
public struct Project: RegistryRecord {
    public static let kind = RecordKind.project
    public var id: String
    public var acronym: String?
    public var title: String
    /// Titles by language code.
    @DefaultEmptyDictionary public var titles: [String: String]
    @DefaultEmpty public var aliases: [String]
    public var kind: ProjectKind
    /// Id of the ``Programme``.
    public var programme: String?
    public var period: Period?
    public var status: String?
    public var totalBudget: Money?
    public var euFunding: Money?
    public var coFinancingRate: Rate?
    public var declaredPartnerCount: Int?
    public var declaredCountryCount: Int?
    @DefaultEmpty public var partners: [ProjectPartner]
    /// Id of the project this one continues.
    public var predecessor: String?
    /// Id of the project that continues this one.
    public var successor: String?
    @DefaultEmpty public var themes: [String]
    @DefaultEmpty public var regions: [String]
    @DefaultEmpty public var categories: [String]
    @DefaultEmpty public var results: [String]
    public var description: String?
    public var homepage: String?
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(
        id: String, acronym: String? = nil, title: String, titles: [String: String] = [:], aliases: [String] = [],
        kind: ProjectKind = .fundedProject, programme: String? = nil, period: Period? = nil, status: String? = nil,
        totalBudget: Money? = nil, euFunding: Money? = nil, coFinancingRate: Rate? = nil,
        declaredPartnerCount: Int? = nil, declaredCountryCount: Int? = nil, partners: [ProjectPartner] = [],
        predecessor: String? = nil, successor: String? = nil, themes: [String] = [], regions: [String] = [],
        categories: [String] = [], results: [String] = [], description: String? = nil, homepage: String? = nil,
        origin: Origin = .api, evidence: [Evidence] = []
    ) {
        self.id = id
        self.acronym = acronym
        self.title = title
        self.titles = titles
        self.aliases = aliases
        self.kind = kind
        self.programme = programme
        self.period = period
        self.status = status
        self.totalBudget = totalBudget
        self.euFunding = euFunding
        self.coFinancingRate = coFinancingRate
        self.declaredPartnerCount = declaredPartnerCount
        self.declaredCountryCount = declaredCountryCount
        self.partners = partners
        self.predecessor = predecessor
        self.successor = successor
        self.themes = themes
        self.regions = regions
        self.categories = categories
        self.results = results
        self.description = description
        self.homepage = homepage
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { acronym ?? title }
}
