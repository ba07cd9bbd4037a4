/// A filtered, sorted, paginated selection of records of one kind.
///
/// Every filter narrows the selection (they combine with AND); which filters a kind supports is given by
/// ``RecordQuery/supportedFilters(for:)`` and which fields it sorts on by ``RecordQuery/sortFields(for:)``.
public struct RecordQuery: Sendable, Hashable {
    /// A field to order by, ascending unless `descending`. Records without a value come last.
    public struct SortKey: Sendable, Hashable {
        public var field: SortField
        public var descending: Bool

        public init(field: SortField, descending: Bool = false) {
            self.field = field
            self.descending = descending
        }
    }

    /// The fields records are ordered by; which a kind has is given by ``RecordQuery/sortFields(for:)``.
    public enum SortField: Sendable, Hashable, CaseIterable {
        case id
        case name
        /// A project's acronym.
        case acronym
        /// A project's title (its name).
        case title
        /// When it started; a partnership without a start date starts when it was signed.
        case start
        case end
        /// When a partnership was signed.
        case signed
        case totalBudget
        case euFunding
        case coFinancingRate
        /// The record's own kind.
        case kind
        /// An organisation's country.
        case country
    }

    /// The filters a selection can take.
    public enum Filter: Sendable, Hashable, CaseIterable {
        /// ISO 3166-1 alpha-2 country of the record or of its parties, partners or members.
        case country
        /// A theme id.
        case theme
        /// The record's own kind (`letter-of-intent`, `municipality`, …).
        case kind
        /// A programme id.
        case programme
        /// An organisation id that participates (party, partner, member, role).
        case organisation
        /// Active on this date: started on or before it and not ended before it.
        case activeOn
        /// Started after this date.
        case startAfter
        /// Ended before this date.
        case endBefore
        /// Total budget at least ``RecordQuery/minBudgetCents``.
        case minBudget
        /// Total budget at most ``RecordQuery/maxBudgetCents``.
        case maxBudget
    }

    public var kind: RecordKind
    public var country: String?
    public var theme: String?
    public var recordKind: String?
    public var programme: String?
    public var organisation: String?
    public var activeOn: ISODate?
    public var startAfter: ISODate?
    public var endBefore: ISODate?
    public var minBudgetCents: Int64?
    public var maxBudgetCents: Int64?
    /// Restricts to the records a text search found, in its order of relevance; nil for no restriction.
    public var rankedMatches: RankedMatches?
    public var sort: [SortKey] = []
    public var limit: Int = 20
    /// How many records of the selection come before the page; the page starts there unless ``after`` is set.
    public var offset: Int = 0
    /// Where the previous page stopped: when set (and made for this query's order), the page starts after it
    /// instead of skipping ``offset`` records, which stays the page's position for the client.
    public var after: ListPosition?

    public init(kind: RecordKind) {
        self.kind = kind
    }

    /// Whether the query selects every record of its kind: no filter and no text.
    public var selectsEveryRecord: Bool {
        country == nil && theme == nil && recordKind == nil && programme == nil && organisation == nil
            && activeOn == nil && startAfter == nil && endBefore == nil && minBudgetCents == nil
            && maxBudgetCents == nil && rankedMatches == nil
    }

    /// The filters that apply to a kind.
    public static func supportedFilters(for kind: RecordKind) -> [Filter] {
        switch kind {
        case .project:
            Filter.allCases
        case .partnership:
            [.country, .theme, .kind, .programme, .organisation, .activeOn, .startAfter, .endBefore]
        case .organisation:
            [.country, .theme, .kind]
        case .region:
            [.country, .kind, .organisation]
        case .programme:
            [.country, .activeOn, .startAfter, .endBefore]
        case .person:
            [.organisation]
        case .theme:
            []
        }
    }

    /// The values the `kind` filter takes for a record kind; nil where records have no kind of their own.
    public static func kindValues(for kind: RecordKind) -> [String]? {
        switch kind {
        case .project: ProjectKind.allCases.map(\.rawValue)
        case .partnership: PartnershipKind.allCases.map(\.rawValue)
        case .organisation: OrganisationKind.allCases.map(\.rawValue)
        case .region: RegionKind.allCases.map(\.rawValue)
        case .programme, .person, .theme: nil
        }
    }

    /// The fields a kind sorts on.
    public static func sortFields(for kind: RecordKind) -> [SortField] {
        let common: [SortField] = [.id, .name]
        return switch kind {
        case .project: common + [.acronym, .title, .start, .end, .totalBudget, .euFunding, .coFinancingRate, .kind]
        case .partnership: common + [.kind, .signed, .start, .end]
        case .organisation: common + [.kind, .country]
        case .region: common + [.kind]
        case .programme: common + [.start, .end]
        case .person, .theme: common
        }
    }
}
