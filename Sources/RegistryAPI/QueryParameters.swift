import HTTPServer

/// The query parameters a resource accepts, checked before any value is read: a name the resource does not
/// know, or one given twice (which of the values would count is anybody's guess), is a 400 naming it.
enum QueryParameters {
    static func check(_ request: Request, accepting accepted: [String]) throws {
        let items = request.queryItems
        let unknown = Set(items.map(\.name)).subtracting(accepted)
        if !unknown.isEmpty { throw APIError.unknownParameters(unknown.sorted(), allowed: accepted) }
        var seen = Set<String>()
        for item in items where !seen.insert(item.name).inserted {
            throw APIError.invalidParameter(item.name, reason: "is given more than once; give it once.")
        }
    }

    /// The whole number `name` gives, which must lie in `range`; nil when the request does not give it.
    static func integer(_ name: String, in request: Request, range: ClosedRange<Int>) throws -> Int? {
        guard let text = request.query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalidParameter(name, reason: "`\(text)` is not a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }
}
