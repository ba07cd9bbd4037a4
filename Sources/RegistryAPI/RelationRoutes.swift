import HTTPServer
import JSONOutput
import Registry

/// Relations between records as collections: an organisation's partnerships and projects, a region's
/// members, a project's partners. Read from the link tables and the records as served.
enum RelationRoutes {
    /// The parameters a relation takes besides paging: it is the whole relation, in one order.
    static let parameters = ["lang", "format"]

    static func install(on router: inout RouterGroup, context: APIContext) {
        // Relations that list whole records: the path, the kind of its record, the kind it lists, and the
        // read of the listed records (given the record's id and the language).
        let store = context.store
        let recordRelations: [(path: String, owner: RecordKind, listed: RecordKind,
                               read: @Sendable (String, String) throws -> [ServedRecord])] = [
            ("/organisations/{id}/partnerships", .organisation, .partnership, { try store.servedPartnerships(withParty: $0, language: $1) }),
            ("/organisations/{id}/projects", .organisation, .project, { try store.servedProjects(withPartner: $0, language: $1) }),
            ("/regions/{id}/members", .region, .organisation, { try store.servedMembers(ofRegion: $0, language: $1) }),
        ]
        for recordRelation in recordRelations {
            router.get(recordRelation.path) { request in
                try relation(of: recordRelation.owner, request, context) { id, list, language in
                    try records(recordRelation.listed, try recordRelation.read(id, language.rawValue), list, language, context)
                }
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
