import HTTPServer
import Registry

/// The query of `GET /v1/{kind}` read into a ``RecordQuery``: filters, sort and text, by the API's names.
struct RecordListParameters {
    var query: RecordQuery
    /// The text the records must match (`q`), trimmed.
    var text: String?

    /// The parameters a list of `kind` accepts besides paging.
    static func accepted(for kind: RecordKind) -> [String] {
        ["sort", "format", "lang", "q"] + RecordQuery.supportedFilters(for: kind).map(\.parameterName)
    }

    /// Reads the values; a malformed one, or a sort field the kind does not have, is a 400 naming it.
    init(_ request: Request, kind: RecordKind) throws {
        var query = RecordQuery(kind: kind)
        let filters = RecordQuery.supportedFilters(for: kind)
        // In the request's order, so that of several malformed values the first is named.
        for (name, value) in request.queryItems {
            guard let filter = filters.first(where: { $0.parameterName == name }) else { continue }
            guard !value.isEmpty else { throw APIError.invalidParameter(name, reason: "must not be empty.") }
            switch filter {
            case .country:
                guard value.count == 2, value.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw APIError.invalidParameter(name, reason: "`\(value)` is not an ISO 3166-1 alpha-2 code such as DK.")
                }
                query.country = value.uppercased()
            case .theme: query.theme = value
            case .kind:
                if let values = RecordQuery.kindValues(for: kind), !values.contains(value) {
                    throw APIError.invalidParameter(name, reason:
                        "unknown \(kind.rawValue) kind `\(value)`; one of \(values.joined(separator: ", ")).")
                }
                query.recordKind = value
            case .programme: query.programme = value
            case .organisation: query.organisation = value
            case .activeOn: query.activeOn = try RecordListParameters.date(value, name)
            case .startAfter: query.startAfter = try RecordListParameters.date(value, name)
            case .endBefore: query.endBefore = try RecordListParameters.date(value, name)
            case .minBudget: query.minBudgetCents = try RecordListParameters.amount(value, name)
            case .maxBudget: query.maxBudgetCents = try RecordListParameters.amount(value, name)
            }
        }
        if let minimum = query.minBudgetCents, let maximum = query.maxBudgetCents, minimum > maximum {
            throw APIError.invalidParameter(RecordQuery.Filter.minBudget.parameterName,
                                            reason: "is greater than \(RecordQuery.Filter.maxBudget.parameterName).")
        }
        query.sort = try RecordListParameters.sort(request.query("sort"), fields: RecordQuery.sortFields(for: kind))
        if let text = request.query("q") {
            let trimmed = text.trimmingCharacters(in: " \t")
            guard !trimmed.isEmpty else { throw APIError.invalidParameter("q", reason: "must not be empty.") }
            self.text = trimmed
        }
        self.query = query
    }

    /// What decides the records and their order, by the API's names with normalised values: a cursor is
    /// bound to it.
    var selection: [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        func add(_ filter: RecordQuery.Filter, _ value: String?) {
            if let value { items.append((filter.parameterName, value)) }
        }
        add(.country, query.country)
        add(.theme, query.theme)
        add(.kind, query.recordKind)
        add(.programme, query.programme)
        add(.organisation, query.organisation)
        add(.activeOn, query.activeOn?.description)
        add(.startAfter, query.startAfter?.description)
        add(.endBefore, query.endBefore?.description)
        add(.minBudget, query.minBudgetCents.map(String.init))
        add(.maxBudget, query.maxBudgetCents.map(String.init))
        if !query.sort.isEmpty {
            items.append(("sort", query.sort.map { ($0.descending ? "-" : "") + $0.field.parameterName }.joined(separator: ",")))
        }
        if let text { items.append(("q", text)) }
        return items
    }

    static func sort(_ text: String?, fields: [RecordQuery.SortField]) throws -> [RecordQuery.SortKey] {
        guard let text else { return [] }
        var keys: [RecordQuery.SortKey] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let descending = part.hasPrefix("-")
            let name = String(descending ? part.dropFirst() : part)
            guard let field = fields.first(where: { $0.parameterName == name }) else {
                throw APIError.invalidParameter("sort", reason:
                    "unknown sort field `\(name)`; sortable: \(fields.map(\.parameterName).sorted().joined(separator: ", ")).")
            }
            guard !keys.contains(where: { $0.field == field }) else {
                throw APIError.invalidParameter("sort", reason: "`\(name)` appears twice.")
            }
            keys.append(RecordQuery.SortKey(field: field, descending: descending))
        }
        return keys
    }

    static func date(_ text: String, _ name: String) throws -> ISODate {
        guard text.count == 10, let date = ISODate(text), date.day != nil else {
            throw APIError.invalidParameter(name, reason: "`\(text)` is not a date of the form YYYY-MM-DD.")
        }
        return date
    }

    /// An amount in major units (`1500000` or `1500000.50`) as integer cents.
    static func amount(_ text: String, _ name: String) throws -> Int64 {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let invalid = APIError.invalidParameter(name, reason: "`\(text)` is not an amount such as 1500000 or 1500000.50.")
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 15,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let whole = Int64(parts[0]) else { throw invalid }
        var cents: Int64 = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), let fraction = Int64(parts[1]) else { throw invalid }
            cents = parts[1].count == 1 ? fraction * 10 : fraction
        }
        return whole * 100 + cents
    }
}
