import Foundation
import HTTPServer
import JSONOutput
import Registry

/// The `/v1` collections and items of every record kind, their relations, documents, places and `/v1/findings`.
enum ResourceRoutes {
    static func install(on router: inout RouterGroup, context: APIContext) {
        register(Project.self, on: &router, context: context)
        register(Partnership.self, on: &router, context: context)
        register(Region.self, on: &router, context: context)
        register(Organisation.self, on: &router, context: context)
        register(Programme.self, on: &router, context: context)
        register(Person.self, on: &router, context: context)
        register(Theme.self, on: &router, context: context)
        RelationRoutes.install(on: &router, context: context)
        DocumentRoutes.install(on: &router, context: context)
        PlaceRoutes.install(on: &router, context: context)
        FindingRoutes.install(on: &router, context: context)
    }

    private static func register<R: RegistryRecord>(_ type: R.Type, on router: inout RouterGroup, context: APIContext) {
        let plural = R.kind.plural
        router.get("/\(plural)") { request in try list(R.self, request, context: context) }
        router.get("/\(plural)/{id}") { request in try item(R.self, request, context: context) }
    }

    /// `GET /v1/{kind}`: filtered, sorted, cursor-paginated; JSON, CSV or NDJSON; `limit=all` streams the
    /// whole selection (``RecordDownload``).
    static func list<R: RegistryRecord>(_ type: R.Type, _ request: Request, context: APIContext) throws -> Response {
        let list = try ListRequest(request, accepting: RecordListParameters.accepted(for: R.kind), cursors: context.cursors)
        let language = try Language.negotiate(request)
        let format = try MediaType.negotiate(request, offered: [.json, .csv, .ndjson])
        let parameters = try RecordListParameters(request, kind: R.kind)
        let audience = try Audience(request, context: context)
        if RecordDownload.isRequested(by: request) {
            return try RecordDownload.response(kind: R.kind, parameters: parameters, format: format, language: language,
                                               audience: audience, request: request, context: context)
        }
        let page = try list.page(of: parameters.selection)
        var query = parameters.query
        query.limit = page.limit
        query.offset = page.offset
        query.after = page.after
        // The text's matches and the page of records as of one moment.
        let records = try context.store.snapshot {
            if let text = parameters.text {
                do {
                    query.rankedMatches = try context.store.rankedMatches(of: R.kind, matching: text, ordered: query.sort.isEmpty)
                } catch let error as SearchError {
                    throw APIError.invalidParameter("q", reason: "\(error).")
                }
            }
            return try context.store.servedList(query, language: language.rawValue, personal: audience.personal)
        }
        var response = try page.response(records: records, kind: R.kind, format: format, language: language, context: context)
        if R.kind == .person { audience.mark(&response, context: context) }
        return response
    }

    /// `GET /v1/{kind}/{id}`: the record with related summaries, evidence and findings; with `as_of`, the record
    /// as it was then.
    static func item<R: RegistryRecord>(_ type: R.Type, _ request: Request, context: APIContext) throws -> Response {
        try QueryParameters.check(request, accepting: ["lang", "format", "as_of"])
        let language = try Language.negotiate(request)
        _ = try MediaType.negotiate(request, offered: [.json])
        let id = request.pathParameters["id"] ?? ""
        let audience = try Audience(request, context: context)
        if let time = try HistoryRoutes.time("as_of", request) {
            var response = try itemAsOf(R.kind, id: id, time: time, audience: audience, request: request, context: context)
            audience.mark(&response, context: context)
            return response
        }
        guard let item = try ItemRepresentation.render(R.kind, id: id, language: language, personal: audience.personal, context: context) else {
            throw APIError.notFound(R.kind.rawValue, id: id)
        }
        var response = context.representation(item, type: .json, for: request, language: language)
        response.headers.add("Vary", "Accept, Accept-Language")
        if R.kind == .person { audience.mark(&response, context: context) }
        return response
    }

    /// The record as the history shows it at `time`: `{ "as_of", "exact", "data", "links" }`, with
    /// `history_begins` and a `note` when the time lies before the record's history; `404` before it existed,
    /// `410` once it was deleted.
    private static func itemAsOf(_ kind: RecordKind, id: String, time: Date, audience: Audience, request: Request,
                                 context: APIContext) throws -> Response {
        let moment = request.query("as_of") ?? ""
        func body(_ served: String, predatingHistory: (begins: String?, note: String)?) -> Response {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("as_of")
            writer.string(moment)
            writer.key("exact")
            writer.bool(predatingHistory == nil)
            if let predatingHistory {
                writer.key("history_begins")
                if let begins = predatingHistory.begins { writer.string(begins) } else { writer.null() }
                writer.key("note")
                writer.string(predatingHistory.note)
            }
            writer.key("data")
            writer.raw(served.utf8)
            writer.key("links")
            writer.beginObject()
            writer.key("current")
            writer.string(SummaryResolver.link(kind, id))
            writer.key("history")
            writer.string(SummaryResolver.link(kind, id) + "/history")
            writer.endObject()
            writer.endObject()
            return context.representation(writer.bytes, type: .json, for: request)
        }
        switch try context.store.record(kind, id: id, at: time, personal: audience.personal) {
        case .existed(let served):
            return body(served, predatingHistory: nil)
        case .predatesHistory(let served, let begins?):
            return body(served, predatingHistory: (begins, "\(moment) is before the history of the \(kind.rawValue) `\(id)`, which begins at \(begins): it came into the registry without a recorded creation, so whether it existed at \(moment) is not known. This is its version just before \(begins), the earliest known."))
        case .predatesHistory(let served, nil):
            return body(served, predatingHistory: (nil, "The history records no change of the \(kind.rawValue) `\(id)`: it came into the registry without a recorded creation, so whether it existed at \(moment) is not known. This is its version now, unchanged since it came."))
        case .notYetCreated(let created):
            throw HTTPError(.notFound, kind: "not-found",
                            detail: "The \(kind.rawValue) `\(id)` did not exist yet at \(moment); it was created at \(created).")
        case .deleted(let deleted):
            throw HTTPError(.init(code: 410), kind: "gone",
                            detail: "The \(kind.rawValue) `\(id)` had been deleted at \(moment) (deleted at \(deleted)); see its history.")
        case .unknown:
            throw APIError.notFound(kind.rawValue, id: id)
        }
    }
}
