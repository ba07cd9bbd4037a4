import HTTPServer

/// One page of a list: where it starts, how many entries it may hold, and the selection its cursors are
/// bound to; it builds the link to the next page and the answer.
struct ListPage {
    let request: Request
    let limit: Int
    let offset: Int
    let fingerprint: String
    let cursors: Cursor

    /// The request's own path and query with a cursor to the page after this one, which holds `count` of
    /// the selection's `total` entries; nil on the last page.
    func next(count: Int, total: Int) -> String? {
        let nextOffset = offset + count
        guard nextOffset < total, count > 0 else { return nil }
        var items = request.queryItems.filter { $0.name != "cursor" }
        items.append((name: "cursor", value: cursors.encode(offset: nextOffset, fingerprint: fingerprint)))
        return request.path + "?" + ListRequest.queryPairs(items).joined(separator: "&")
    }

    /// The page's entries as JSON in the list envelope (`data`, `total`, `limit`, `offset`, `next`, `links`)
    /// or as CSV, with the headers of a page.
    func response<Entry: Encodable>(_ entries: [Entry], total: Int, format: MediaType, language: Language,
                                    context: APIContext) throws -> Response {
        let next = next(count: entries.count, total: total)
        var response: Response
        switch format {
        case .csv:
            response = context.representation(try CSVTable.make(fromJSONArray: try context.encode(entries)),
                                              type: .csv, for: request, language: language)
        default:
            var links = ["self": request.target]
            if let next { links["next"] = next }
            let document = ListDocument(data: entries, total: total, limit: limit, offset: offset, next: next, links: links)
            response = try context.json(document, for: request, language: language)
        }
        addHeaders(to: &response, next: next)
        return response
    }

    /// The headers of a page: `next` as an RFC 8288 link (not on a 304, whose fields are those that
    /// validate a stored copy), and that the representation varies with `Accept` and `Accept-Language`.
    func addHeaders(to response: inout Response, next: String?) {
        if let next, response.status == .ok { response.headers.set("Link", "<\(next)>; rel=\"next\"") }
        response.headers.add("Vary", "Accept, Accept-Language")
    }
}
