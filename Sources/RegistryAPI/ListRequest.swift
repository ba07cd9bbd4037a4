import HTTPServer

/// A request for a page of a list, handled the same way by every list of the API.
///
/// Its query parameter names are checked against the route's own and the paging parameters (`limit`,
/// `cursor`) first; ``page(of:)`` then reads the page size and verifies that the cursor was made for the
/// selection the route reads, and the ``ListPage`` it returns answers with `next` in the body and in a
/// `Link` header.
struct ListRequest {
    /// The parameters every list takes besides its own.
    static let pagingParameters = ["limit", "cursor"]
    /// Parameters that shape the page or its representation but not the selection: a cursor holds across them.
    static let presentationParameters: Set<String> = ["limit", "cursor", "format", "lang"]
    static let defaultLimit = 20
    static let limitRange = 1...100

    let request: Request
    private let cursors: Cursor

    init(_ request: Request, accepting accepted: [String], cursors: Cursor) throws {
        try QueryParameters.check(request, accepting: accepted + ListRequest.pagingParameters)
        self.request = request
        self.cursors = cursors
    }

    /// The requested page of a selection, given as the names and values (normalised by the route, so that
    /// two spellings of one selection are one) that decide which entries it holds and in what order.
    func page(of selection: [(name: String, value: String)]) throws -> ListPage {
        let limit = try QueryParameters.integer("limit", in: request, range: ListRequest.limitRange) ?? ListRequest.defaultLimit
        let fingerprint = ListRequest.fingerprint(path: request.path, selection: selection)
        let position = try request.query("cursor").map { try cursors.decode($0, fingerprint: fingerprint) }
        return ListPage(request: request, limit: limit, offset: position?.offset ?? 0, after: position?.after,
                        fingerprint: fingerprint, cursors: cursors)
    }

    /// The requested page of the selection the request's own parameters make, as given.
    func page() throws -> ListPage {
        try page(of: request.queryItems.filter { !ListRequest.presentationParameters.contains($0.name) })
    }

    /// Answers a complete collection of entries already written as JSON one page at a time, as JSON or CSV.
    func respond(entries: [[UInt8]], language: Language, context: APIContext) throws -> Response {
        let format = try MediaType.negotiate(request, offered: [.json, .csv])
        let page = try page()
        return try page.response(entries: Array(entries.dropFirst(page.offset).prefix(page.limit)), total: entries.count,
                                 format: format, language: language, context: context)
    }

    /// What a cursor is bound to: the path and the selection, in an order and an encoding that make equal
    /// selections equal text and no two selections the same.
    static func fingerprint(path: String, selection: [(name: String, value: String)]) -> String {
        path + "?" + queryPairs(selection).sorted().joined(separator: "&")
    }

    /// Each item as `name=value`, both percent-encoded.
    static func queryPairs(_ items: [(name: String, value: String)]) -> [String] {
        items.map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }
    }
}
