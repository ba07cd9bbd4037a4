import HTTPServer
import Registry

/// The query parameters of a list request, validated: filters, sort, page size and cursor.
struct ListParameters {
    /// Parameters every list takes besides its filters.
    static let common = ["sort", "limit", "cursor", "format", "lang", "q"]

    var query: RecordQuery
    var text: String?

    /// Parses and validates; an unknown parameter or field, or a malformed value, is a 400 naming it.
    init(_ request: Request, kind: RecordKind, extra: [String] = []) throws {
        let filters = RecordQuery.supportedFilters(for: kind)
        let allowed = Set(ListParameters.common + filters.map(\.rawValue) + extra)
        let items = request.queryItems
        let unknown = items.map(\.name).filter { !allowed.contains($0) }
        if !unknown.isEmpty {
            throw APIError.unknownParameters(Array(Set(unknown)).sorted(), allowed: Array(allowed))
        }
        var seen = Set<String>()
        for item in items where !seen.insert(item.name).inserted {
            throw APIError.invalidParameter(item.name, reason: "is given more than once; give it once.")
        }
        var query = RecordQuery(kind: kind)
        for item in items {
            let value = item.value
            guard let filter = RecordQuery.Filter(rawValue: item.name) else { continue }
            guard !value.isEmpty else { throw APIError.invalidParameter(item.name, reason: "must not be empty.") }
            switch filter {
            case .country:
                guard value.count == 2, value.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw APIError.invalidParameter("country", reason: "`\(value)` is not an ISO 3166-1 alpha-2 code such as DK.")
                }
                query.country = value.uppercased()
            case .theme: query.theme = value
            case .kind:
                if let values = RecordQuery.kindValues(for: kind), !values.contains(value) {
                    throw APIError.invalidParameter("kind", reason:
                        "unknown \(kind.rawValue) kind `\(value)`; one of \(values.joined(separator: ", ")).")
                }
                query.recordKind = value
            case .programme: query.programme = value
            case .organisation: query.organisation = value
            case .activeOn: query.activeOn = try ListParameters.date(value, "active_on")
            case .startAfter: query.startAfter = try ListParameters.date(value, "start_after")
            case .endBefore: query.endBefore = try ListParameters.date(value, "end_before")
            case .minBudget: query.minBudgetCents = try ListParameters.amount(value, "min_budget")
            case .maxBudget: query.maxBudgetCents = try ListParameters.amount(value, "max_budget")
            }
        }
        if let minimum = query.minBudgetCents, let maximum = query.maxBudgetCents, minimum > maximum {
            throw APIError.invalidParameter("min_budget", reason: "is greater than max_budget.")
        }
        query.limit = try ListParameters.limit(request)
        query.sort = try ListParameters.sort(request.query("sort"), fields: RecordQuery.sortFields(for: kind))
        if let text = request.query("q") {
            let trimmed = text.trimmingCharacters(in: " \t")
            guard !trimmed.isEmpty else { throw APIError.invalidParameter("q", reason: "must not be empty.") }
            self.text = trimmed
        }
        self.query = query
    }

    /// Binds the cursor, once the selection (including text-search ids) is fixed.
    mutating func applyCursor(_ request: Request, cursors: Cursor) throws {
        if let cursor = request.query("cursor") {
            query.offset = try cursors.decode(cursor, fingerprint: query.fingerprint)
        }
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.query("limit") else { return 20 }
        guard let limit = Int(text), (1...100).contains(limit) else {
            throw APIError.invalidParameter("limit", reason: "`\(text)` is not a whole number from 1 to 100.")
        }
        return limit
    }

    static func sort(_ text: String?, fields: [String: String]) throws -> [RecordQuery.SortKey] {
        guard let text else { return [] }
        var keys: [RecordQuery.SortKey] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let descending = part.hasPrefix("-")
            let name = String(descending ? part.dropFirst() : part)
            guard fields[name] != nil else {
                throw APIError.invalidParameter("sort", reason:
                    "unknown sort field `\(name)`; sortable: \(fields.keys.sorted().joined(separator: ", ")).")
            }
            guard !keys.contains(where: { $0.field == name }) else {
                throw APIError.invalidParameter("sort", reason: "`\(name)` appears twice.")
            }
            keys.append(RecordQuery.SortKey(field: name, descending: descending))
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
