import HTTPServer
import Registry

/// Relations between records as collections: an organisation's partnerships and projects, a region's
/// members, a project's partners.
enum RelationRoutes {
    /// A project partner as listed: the organisation, its role, country and the name the source lists.
    struct PartnerEntry: Encodable {
        var organisation: Summary
        var role: String
        var country: String?
        var listedName: String
    }

    static func install(on router: inout RouterGroup, context: APIContext) {
        // Each reads the parent and its relations as of one moment.
        router.get("/organisations/{id}/partnerships") { request in
            try context.store.snapshot {
                let (organisation, language) = try parent(Organisation.self, request, context: context)
                return try collection(try context.store.partnerships(withParty: organisation.id), request, language, context)
            }
        }
        router.get("/organisations/{id}/projects") { request in
            try context.store.snapshot {
                let (organisation, language) = try parent(Organisation.self, request, context: context)
                return try collection(try context.store.projects(withPartner: organisation.id), request, language, context)
            }
        }
        router.get("/regions/{id}/members") { request in
            try context.store.snapshot {
                let (region, language) = try parent(Region.self, request, context: context)
                let members = try context.store.records(Organisation.self, ids: region.members)
                return try collection(members, request, language, context)
            }
        }
        router.get("/projects/{id}/partners") { request in
            try context.store.snapshot { try partners(request, context: context) }
        }
    }

    /// `GET /v1/projects/{id}/partners`: the partners with their roles and the names the source lists.
    private static func partners(_ request: Request, context: APIContext) throws -> Response {
        let (project, language) = try parent(Project.self, request, context: context)
        let resolver = SummaryResolver(store: context.store, language: language)
        let organisations = try resolver.summaries(.organisation, project.partners.map(\.organisation))
        let entries = project.partners.compactMap { partner -> PartnerEntry? in
            guard let organisation = organisations.first(where: { $0.id == partner.organisation }) else { return nil }
            return PartnerEntry(organisation: organisation, role: partner.role,
                                country: partner.country ?? organisation.country, listedName: partner.listedName)
        }
        return try respond(entries, request, language, context)
    }

    private static func parent<R: RegistryRecord>(_ type: R.Type, _ request: Request, context: APIContext) throws -> (R, Language) {
        try ResourceRoutes.rejectUnknownParameters(request, allowed: ["lang", "format", "limit", "cursor"])
        let language = try Language.negotiate(request)
        let id = request.pathParameters["id"] ?? ""
        guard let record = try context.store.record(R.self, id: id) else { throw APIError.notFound(R.kind.rawValue, id: id) }
        return (record, language)
    }

    private static func collection<R: RegistryRecord>(_ records: [R], _ request: Request, _ language: Language,
                                                      _ context: APIContext) throws -> Response {
        let entries = records.map {
            ListEntry(record: $0, label: localizedName(of: $0, in: language), link: SummaryResolver.link(R.kind, $0.id))
        }
        return try respond(entries, request, language, context)
    }

    /// Answers a complete collection one page at a time (`limit`, `cursor`), as JSON or CSV.
    static func respond<Entry: Encodable>(_ entries: [Entry], _ request: Request, _ language: Language,
                                          _ context: APIContext) throws -> Response {
        let format = try MediaType.negotiate(request, offered: [.json, .csv])
        let limit = try ListParameters.limit(request)
        let fingerprint = request.path + "?" + request.queryItems
            .filter { !["cursor", "limit", "format", "lang"].contains($0.name) }
            .map { "\($0.name)=\($0.value)" }.sorted().joined(separator: "&")
        let offset = try request.query("cursor").map { try context.cursors.decode($0, fingerprint: fingerprint) } ?? 0
        let page = Array(entries.dropFirst(offset).prefix(limit))
        let nextOffset = offset + page.count
        let next = nextOffset < entries.count && !page.isEmpty
            ? ResourceRoutes.link(request, replacingCursorWith: context.cursors.encode(offset: nextOffset, fingerprint: fingerprint))
            : nil
        var response: Response
        switch format {
        case .csv:
            response = context.representation(try CSVTable.make(fromJSONArray: try context.encode(page)),
                                              type: .csv, for: request, language: language)
        default:
            var links = ["self": request.target]
            if let next { links["next"] = next }
            let document = ListDocument(data: page, total: entries.count, limit: limit, offset: offset, next: next, links: links)
            response = try context.json(document, for: request, language: language)
        }
        if let next { response.headers.add("Link", "<\(next)>; rel=\"next\"") }
        response.headers.add("Vary", "Accept, Accept-Language")
        return response
    }
}
