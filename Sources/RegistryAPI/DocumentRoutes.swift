import HTTPServer
import Registry

/// The source documents: `/v1/documents`, `/v1/documents/{id}` (with its text) and `/v1/documents/{id}/text`.
enum DocumentRoutes {
    /// A document without its text, for lists.
    struct DocumentEntry: Encodable {
        var id: String
        var title: String
        var language: String
        var fileName: String
        var source: String?
        var sha256: String
        var scalarCount: Int
        var link: String
        var textLink: String

        init(_ document: Document) {
            id = document.id
            title = document.title
            language = document.language
            fileName = document.fileName
            source = document.source
            sha256 = document.sha256
            scalarCount = document.scalarCount
            link = "/v1/documents/\(document.id)"
            textLink = "/v1/documents/\(document.id)/text"
        }
    }

    /// A document with its text; evidence offsets count Unicode scalars of `text`.
    struct DocumentItem: Encodable {
        var data: Document
        var links: [String: String]
    }

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/documents") { request in
            let list = try ListRequest(request, accepting: ["language", "format", "lang"], cursors: context.cursors)
            let language = try Language.negotiate(request)
            var documents = try context.store.documents(includingText: false)
            if let filter = request.query("language") {
                documents = documents.filter { $0.language == filter.lowercased() }
            }
            return try list.respond(collection: documents.map(DocumentEntry.init), language: language, context: context)
        }
        router.get("/documents/{id}") { request in
            try QueryParameters.check(request, accepting: ["format", "lang"])
            // The document speaks its own language, but `lang` is accepted here as on every route and must be
            // one the API knows: an unsupported one is a 400, never silently ignored.
            _ = try Language.negotiate(request)
            let audience = try Audience(request, context: context)
            let document = try find(request, audience: audience, context: context)
            var response: Response
            switch try MediaType.negotiate(request, offered: [.json, .plainText]) {
            case .plainText:
                response = text(document, request, context: context)
            default:
                let item = DocumentItem(data: document, links: ["self": "/v1/documents/\(document.id)",
                                                                "text": "/v1/documents/\(document.id)/text"])
                response = try context.json(item, for: request)
                response.headers.set("Content-Language", document.language)
            }
            audience.mark(&response, context: context)
            return response
        }
        router.get("/documents/{id}/text") { request in
            try QueryParameters.check(request, accepting: [])
            let audience = try Audience(request, context: context)
            var response = text(try find(request, audience: audience, context: context), request, context: context)
            audience.mark(&response, context: context)
            return response
        }
    }

    /// The document, its text masked for anonymous clients where it quotes people's contact details (scalar for
    /// scalar, so that evidence offsets into it stay right).
    private static func find(_ request: Request, audience: Audience, context: APIContext) throws -> Document {
        let id = request.pathParameters["id"] ?? ""
        guard var document = try context.store.document(id: id) else { throw APIError.notFound("document", id: id) }
        document.text = Audience.mask(document.text, values: try audience.maskedValues(context: context))
        return document
    }

    private static func text(_ document: Document, _ request: Request, context: APIContext) -> Response {
        var response = context.representation(Array(document.text.utf8), type: .plainText, for: request)
        response.headers.set("Content-Language", document.language)
        return response
    }
}
