import Registry

/// The API's names for the domain's filters: the query parameters of `GET /v1/{kind}`.
extension RecordQuery.Filter {
    var parameterName: String {
        switch self {
        case .country: "country"
        case .theme: "theme"
        case .kind: "kind"
        case .programme: "programme"
        case .organisation: "organisation"
        case .activeOn: "active_on"
        case .startAfter: "start_after"
        case .endBefore: "end_before"
        case .minBudget: "min_budget"
        case .maxBudget: "max_budget"
        }
    }
}

/// The API's names for the domain's sort fields: the values of `sort=`.
extension RecordQuery.SortField {
    var parameterName: String {
        switch self {
        case .id: "id"
        case .name: "name"
        case .acronym: "acronym"
        case .title: "title"
        case .start: "start"
        case .end: "end"
        case .signed: "signed"
        case .totalBudget: "total_budget"
        case .euFunding: "eu_funding"
        case .coFinancingRate: "co_financing_rate"
        case .kind: "kind"
        case .country: "country"
        }
    }
}
