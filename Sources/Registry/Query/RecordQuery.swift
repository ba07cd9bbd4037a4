/// A filtered, sorted, paginated selection of records of one kind.
///
/// Every filter narrows the selection (they combine with AND); which filters a kind supports is given by
/// ``RecordQuery/supportedFilters(for:)`` and which fields it sorts on by ``RecordQuery/sortFields(for:)``.
public struct RecordQuery: Sendable, Hashable {
    /// A field to order by, ascending unless `descending`. Records without a value come last.
    public struct SortKey: Sendable, Hashable {
        public var field: String
        public var descending: Bool

        public init(field: String, descending: Bool = false) {
            self.field = field
            self.descending = descending
        }
    }

    /// The filters a list can take; the raw value is the query parameter name.
    public enum Filter: String, Sendable, Hashable, CaseIterable {
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
        case activeOn = "active_on"
        /// Started after this date.
        case startAfter = "start_after"
        /// Ended before this date.
        case endBefore = "end_before"
        /// Total budget at least this amount (major units, e.g. euros).
        case minBudget = "min_budget"
        /// Total budget at most this amount.
        case maxBudget = "max_budget"
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
    /// Restricts to these ids, in this order of relevance (from a text search); nil for no restriction.
    public var rankedIDs: [String]?
    public var sort: [SortKey] = []
    public var limit: Int = 20
    public var offset: Int = 0

    public init(kind: RecordKind) {
        self.kind = kind
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

    /// The fields a kind sorts on, as API names mapped to SQL expressions over the kind's table `t`.
    public static func sortFields(for kind: RecordKind) -> [String: String] {
        var fields = ["id": "t.id", "name": "t.name"]
        switch kind {
        case .project:
            fields["acronym"] = "t.acronym"
            fields["title"] = "t.name"
            fields["start"] = "t.start_date"
            fields["end"] = "t.end_date"
            fields["total_budget"] = "t.total_budget_cents"
            fields["eu_funding"] = "t.eu_funding_cents"
            fields["co_financing_rate"] = "t.co_financing_rate_ppm"
            fields["kind"] = "t.kind"
        case .partnership:
            fields["kind"] = "t.kind"
            fields["signed"] = "t.signed"
            fields["start"] = "coalesce(t.start_date, t.signed)"
            fields["end"] = "t.end_date"
        case .organisation:
            fields["kind"] = "t.kind"
            fields["country"] = "t.country"
        case .region:
            fields["kind"] = "t.kind"
        case .programme:
            fields["start"] = "t.start_date"
            fields["end"] = "t.end_date"
        case .person, .theme:
            break
        }
        return fields
    }

    /// A stable text form of the selection (not of `limit` and `offset`): two queries with the same
    /// fingerprint select the same records in the same order.
    public var fingerprint: String {
        var parts = [kind.rawValue]
        func add(_ name: String, _ value: String?) { if let value { parts.append("\(name)=\(value)") } }
        add("country", country)
        add("theme", theme)
        add("kind", recordKind)
        add("programme", programme)
        add("organisation", organisation)
        add("active_on", activeOn?.description)
        add("start_after", startAfter?.description)
        add("end_before", endBefore?.description)
        add("min_budget", minBudgetCents.map(String.init))
        add("max_budget", maxBudgetCents.map(String.init))
        add("ids", rankedIDs?.joined(separator: ","))
        add("sort", sort.map { ($0.descending ? "-" : "") + $0.field }.joined(separator: ","))
        return parts.joined(separator: "&")
    }
}
