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

    /// The parameters a relation takes besides paging: it is the whole relation, in one order.
    static let parameters = ["lang", "format"]

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/organisations/{id}/partnerships") { request in
            try relation(of: Organisation.self, request, context) { organisation, list, language in
                try collection(try context.store.partnerships(withParty: organisation.id), list, language, context)
            }
        }
        router.get("/organisations/{id}/projects") { request in
            try relation(of: Organisation.self, request, context) { organisation, list, language in
                try collection(try context.store.projects(withPartner: organisation.id), list, language, context)
            }
        }
        router.get("/regions/{id}/members") { request in
            try relation(of: Region.self, request, context) { region, list, language in
                try collection(try context.store.records(Organisation.self, ids: region.members), list, language, context)
            }
        }
        router.get("/projects/{id}/partners") { request in
            try relation(of: Project.self, request, context) { project, list, language in
                try partners(of: project, list, language, context: context)
            }
        }
    }

    /// Answers a relation of the record the path names: `body` gets the record, reads its relation and
    /// answers, the reads as of one moment.
    private static func relation<R: RegistryRecord>(
        of type: R.Type, _ request: Request, _ context: APIContext,
        _ body: (R, ListRequest, Language) throws -> Response
    ) throws -> Response {
        let list = try ListRequest(request, accepting: parameters, cursors: context.cursors)
        let language = try Language.negotiate(request)
        let id = request.pathParameters["id"] ?? ""
        return try context.store.snapshot {
            guard let record = try context.store.record(R.self, id: id) else { throw APIError.notFound(R.kind.rawValue, id: id) }
            return try body(record, list, language)
        }
    }

    /// `GET /v1/projects/{id}/partners`: the partners with their roles and the names the source lists.
    private static func partners(of project: Project, _ list: ListRequest, _ language: Language,
                                 context: APIContext) throws -> Response {
        let resolver = SummaryResolver(store: context.store, language: language)
        let organisations = try resolver.summaries(.organisation, project.partners.map(\.organisation))
        let entries = project.partners.compactMap { partner -> PartnerEntry? in
            guard let organisation = organisations.first(where: { $0.id == partner.organisation }) else { return nil }
            return PartnerEntry(organisation: organisation, role: partner.role,
                                country: partner.country ?? organisation.country, listedName: partner.listedName)
        }
        return try list.respond(collection: entries, language: language, context: context)
    }

    private static func collection<R: RegistryRecord>(_ records: [R], _ list: ListRequest, _ language: Language,
                                                      _ context: APIContext) throws -> Response {
        let entries = records.map {
            ListEntry(record: $0, label: localizedName(of: $0, in: language), link: SummaryResolver.link(R.kind, $0.id))
        }
        return try list.respond(collection: entries, language: language, context: context)
    }
}
