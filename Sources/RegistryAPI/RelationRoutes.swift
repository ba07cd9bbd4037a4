import HTTPServer
import JSONOutput
import Registry

/// Relations between records as collections: an organisation's partnerships and projects, a region's
/// members, a project's partners. Read from the link tables and the records as served.
enum RelationRoutes {
    /// The parameters a relation takes besides paging: it is the whole relation, in one order.
    static let parameters = ["lang", "format"]

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/organisations/{id}/partnerships") { request in
            try relation(of: .organisation, request, context) { id, list, language in
                try records(.partnership, try context.store.servedPartnerships(withParty: id, language: language.rawValue),
                            list, language, context)
            }
        }
        router.get("/organisations/{id}/projects") { request in
            try relation(of: .organisation, request, context) { id, list, language in
                try records(.project, try context.store.servedProjects(withPartner: id, language: language.rawValue),
                            list, language, context)
            }
        }
        router.get("/regions/{id}/members") { request in
            try relation(of: .region, request, context) { id, list, language in
                try records(.organisation, try context.store.servedMembers(ofRegion: id, language: language.rawValue),
                            list, language, context)
            }
        }
        router.get("/projects/{id}/partners") { request in
            try relation(of: .project, request, context) { id, list, language in
                try partners(of: id, list, language, context: context)
            }
        }
    }

    /// Answers a relation of the record of `kind` the path names: `body` gets its id, reads its relation and
    /// answers, the reads as of one moment.
    private static func relation(
        of kind: RecordKind, _ request: Request, _ context: APIContext,
        _ body: (String, ListRequest, Language) throws -> Response
    ) throws -> Response {
        let list = try ListRequest(request, accepting: parameters, cursors: context.cursors)
        let language = try Language.negotiate(request)
        let id = request.pathParameters["id"] ?? ""
        return try context.store.snapshot {
            guard try context.store.exists(kind, id: id) else { throw APIError.notFound(kind.rawValue, id: id) }
            return try body(id, list, language)
        }
    }

    /// `GET /v1/projects/{id}/partners`: the partners with their roles and the names the source lists.
    private static func partners(of projectID: String, _ list: ListRequest, _ language: Language,
                                 context: APIContext) throws -> Response {
        let partners = try context.store.listedPartners(ofProject: projectID)
        let resolver = SummaryResolver(store: context.store, language: language)
        let organisations = try resolver.summaries(.organisation, partners.map(\.organisation))
        let entries = partners.compactMap { partner -> [UInt8]? in
            guard let organisation = organisations.first(where: { $0.id == partner.organisation }) else { return nil }
            return partnerEntry(partner, organisation: organisation)
        }
        return try list.respond(entries: entries, language: language, context: context)
    }

    /// A partner as listed: the organisation, its role, country (the listed one, else the organisation's) and
    /// the name the source lists, with sorted keys and absent values left out.
    private static func partnerEntry(_ partner: ListedPartner, organisation: Summary) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if let country = partner.country ?? organisation.country {
            writer.key("country")
            writer.string(country)
        }
        writer.key("listed_name")
        writer.string(partner.listedName)
        writer.key("organisation")
        organisation.write(to: &writer)
        writer.key("role")
        writer.string(partner.role)
        writer.endObject()
        return writer.bytes
    }

    private static func records(_ kind: RecordKind, _ records: [ServedRecord], _ list: ListRequest, _ language: Language,
                                _ context: APIContext) throws -> Response {
        let entries = try records.map { try ListEntryJSON.bytes(of: $0, link: SummaryResolver.link(kind, $0.id)) }
        return try list.respond(entries: entries, language: language, context: context)
    }
}
