import Foundation
import HTTPServer
import Registry

/// `GET /v1/search?q=…&type=…&limit=…&cursor=…&lang=…`: ranked full-text search over every record and
/// every document, names matched across languages, scripts and spellings.
///
/// The body is `{ "data": [ { type, id, name, score, snippet, link } ], "total", "query", "next" }`;
/// `snippet` is HTML-escaped text with the matched words in `<mark>…</mark>`; `next` (also a `Link`
/// header) is the next page or null. Names follow `?lang=` or `Accept-Language` where records have them.
enum SearchRoutes {
    /// The parameters search takes besides paging.
    static let parameters = ["q", "type", "lang"]

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/search") { request in
            try search(request, context: context)
        }
    }

    /// A hit as served.
    struct Hit: Encodable {
        var type: String
        var id: String
        var name: String
        var score: Double
        var snippet: String
        var link: String
    }

    /// The response body; `next` is written as null on the last page.
    struct Page: Encodable {
        var data: [Hit]
        var total: Int
        /// `eq` when `total` is exact, `gte` when the search stopped counting and it is a lower bound.
        var totalRelation: String
        var query: String
        var next: String?

        private enum CodingKeys: String, CodingKey { case data, total, totalRelation = "total_relation", query, next }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(data, forKey: .data)
            try container.encode(total, forKey: .total)
            try container.encode(totalRelation, forKey: .totalRelation)
            try container.encode(query, forKey: .query)
            try container.encode(next, forKey: .next)
        }
    }

    static func search(_ request: Request, context: APIContext) throws -> Response {
        let list = try ListRequest(request, accepting: parameters, cursors: context.cursors)
        guard let query = request.query("q"), !query.allSatisfy(\.isWhitespace) else {
            throw APIError.invalidParameter("q", reason: "a search text is required.")
        }
        let types = try self.types(request.query("type"))
        var selection = [(name: "q", value: query)]
        if let types { selection.append((name: "type", value: types.map(\.rawValue).sorted().joined(separator: ","))) }
        let page = try list.page(of: selection)
        let language = try Language.negotiate(request)
        _ = try MediaType.negotiate(request, offered: [.json])

        let results: SearchResults
        do {
            results = try context.store.search(query, types: types, limit: page.limit, offset: page.offset,
                                               language: language.rawValue)
        } catch let error as SearchError {
            throw APIError.invalidParameter("q", reason: "\(error).")
        }
        let next = page.next(count: results.hits.count, total: results.total)
        let audience = try Audience(request, context: context)
        let masked = try audience.maskedValues(context: context)
        let body = Page(
            data: results.hits.map { hit in
                Hit(type: hit.type.rawValue, id: hit.id, name: hit.name, score: hit.score,
                    snippet: Audience.mask(hit.snippet, values: masked),
                    link: "/v1/\(hit.type.plural)/\(PercentEncoding.encode(hit.id))")
            },
            total: results.total, totalRelation: results.totalIsExact ? "eq" : "gte", query: query, next: next)
        var response = try context.json(body, for: request, language: language)
        page.addHeaders(to: &response, next: next)
        audience.mark(&response, context: context)
        return response
    }

    static func types(_ value: String?) throws -> [SearchType]? {
        guard let value else { return nil }
        var types: [SearchType] = []
        for name in value.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let type = SearchType(rawValue: trimmed) else {
                let known = SearchType.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalidParameter("type", reason: "unknown type `\(trimmed)`; use a comma-separated list of \(known).")
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }
}
