import HTTPServer
import Registry

/// The `/v1` collections and items of every record kind, their relations, and `/v1/findings`.
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
        if RecordDownload.isRequested(by: request) {
            return try RecordDownload.response(kind: R.kind, parameters: parameters, format: format, language: language,
                                               request: request, context: context)
        }
        let page = try list.page(of: parameters.selection)
        var query = parameters.query
        query.limit = page.limit
        query.offset = page.offset
        // The text's matches and the page of records as of one moment.
        let records = try context.store.snapshot {
            if let text = parameters.text {
                do {
                    query.rankedIDs = try context.store.searchIDs(of: R.kind, matching: text)
                } catch let error as SearchError {
                    throw APIError.invalidParameter("q", reason: "\(error).")
                }
            }
            return try context.store.servedList(query, language: language.rawValue)
        }
        return try page.response(records: records.records, kind: R.kind, total: records.total, format: format,
                                 language: language, context: context)
    }

    /// `GET /v1/{kind}/{id}`: the record with related summaries, evidence and findings.
    static func item<R: RegistryRecord>(_ type: R.Type, _ request: Request, context: APIContext) throws -> Response {
        try QueryParameters.check(request, accepting: ["lang", "format"])
        let language = try Language.negotiate(request)
        _ = try MediaType.negotiate(request, offered: [.json])
        let id = request.pathParameters["id"] ?? ""
        // The record, its related records and its findings as of one moment.
        let document = try context.store.snapshot {
            guard let record = try context.store.servedRecord(R.kind, id: id, language: language.rawValue) else {
                throw APIError.notFound(R.kind.rawValue, id: id)
            }
            return ItemDocument(
                data: record.json,
                label: record.label,
                related: try context.store.relatedSummaries(of: R.kind, id: id, language: language.rawValue),
                findings: try context.store.servedFindings(recordKind: R.kind, recordID: id),
                links: ["self": SummaryResolver.link(R.kind, id)]
            )
        }
        var response = context.representation(document.json(), type: .json, for: request, language: language)
        response.headers.add("Vary", "Accept, Accept-Language")
        return response
    }
}
