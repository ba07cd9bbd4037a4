import HTTPServer

/// The API's problem kinds, each with a stable `type` URI (`/problems/<kind>`).
public enum APIError {
    /// 400: a query parameter has a value that cannot be used.
    public static func invalidParameter(_ name: String, reason: String) -> HTTPError {
        HTTPError(.badRequest, kind: "invalid-parameter", detail: "Query parameter `\(name)`: \(reason)",
                  invalidParameters: [.init(name: name, reason: reason)])
    }

    /// 400: query parameters this resource does not know.
    public static func unknownParameters(_ names: [String], allowed: [String]) -> HTTPError {
        let list = names.map { "`\($0)`" }.joined(separator: ", ")
        return HTTPError(.badRequest, kind: "unknown-parameter",
                         detail: "Unknown query parameter\(names.count == 1 ? "" : "s") \(list); this resource accepts: \(allowed.sorted().joined(separator: ", ")).",
                         invalidParameters: names.map { .init(name: $0, reason: "unknown parameter") })
    }

    /// 404: no record with this id.
    public static func notFound(_ kind: String, id: String) -> HTTPError {
        HTTPError(.notFound, kind: "not-found", detail: "No \(kind) with id `\(id)`.")
    }
}
