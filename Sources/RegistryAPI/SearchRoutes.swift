import Foundation
import HTTPServer
import JSONOutput
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

    /// The response body, written as `JSONEncoder` wrote it (sorted keys, `next` null on the last page): each
    /// hit's `id`, `link`, `name`, `score`, `snippet` and `type`; `total_relation` is `eq` when `total` is
    /// exact, `gte` when the search stopped counting and it is a lower bound. `masked` values (people's contact
    /// details, for anonymous clients) are masked in the snippets.
    static func body(_ results: SearchResults, query: String, next: String?, masked: [String]) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("data")
        writer.beginArray()
        for hit in results.hits {
            writer.beginObject()
            writer.key("id")
            writer.string(hit.id)
            writer.key("link")
            writer.string("/v1/\(hit.type.plural)/\(PercentEncoding.encode(hit.id))")
            writer.key("name")
            writer.string(hit.name)
            writer.key("score")
            writer.raw(encoderText(of: hit.score).utf8)
            writer.key("snippet")
            writer.string(Audience.mask(hit.snippet, values: masked))
            writer.key("type")
            writer.string(hit.type.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("next")
        if let next { writer.string(next) } else { writer.null() }
        writer.key("query")
        writer.string(query)
        writer.key("total")
        writer.number(results.total)
        writer.key("total_relation")
        writer.string(results.totalIsExact ? "eq" : "gte")
        writer.endObject()
        return writer.bytes
    }

    /// A number as `JSONEncoder` writes a `Double`: its shortest text, without the `.0` of a whole number.
    static func encoderText(of value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
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
        var response = context.representation(body(results, query: query, next: next, masked: masked), type: .json,
                                               for: request, language: language)
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
