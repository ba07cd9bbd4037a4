import HTTPServer
import JSONOutput
import Registry

/// The source documents: `/v1/documents`, `/v1/documents/{id}` (with its text) and `/v1/documents/{id}/text`.
enum DocumentRoutes {
    /// A document without its text, for lists, with its links.
    static func entry(_ document: Document) -> [UInt8] {
        var writer = JSONWriter()
        write(document, asEntry: true, to: &writer)
        return writer.bytes
    }

    /// A document with its text (evidence offsets count Unicode scalars of `text`) and its links.
    static func item(_ document: Document) -> [UInt8] {
        var writer = JSONWriter()
        writer.reserveCapacity(document.text.utf8.count + 512)
        writer.beginObject()
        writer.key("data")
        write(document, asEntry: false, to: &writer)
        writer.key("links")
        writer.beginObject()
        writer.key("self")
        writer.string("/v1/documents/\(document.id)")
        writer.key("text")
        writer.string("/v1/documents/\(document.id)/text")
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    /// A document's fields with sorted keys, an absent source left out: as a list entry with its links
    /// (`link`, `text_link`), or with its text.
    private static func write(_ document: Document, asEntry: Bool, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("file_name")
        writer.string(document.fileName)
        writer.key("id")
        writer.string(document.id)
        writer.key("language")
        writer.string(document.language)
        if asEntry {
            writer.key("link")
            writer.string("/v1/documents/\(document.id)")
        }
        writer.key("scalar_count")
        writer.number(document.scalarCount)
        writer.key("sha256")
        writer.string(document.sha256)
        if let source = document.source {
            writer.key("source")
            writer.string(source)
        }
        if asEntry {
            writer.key("text_link")
            writer.string("/v1/documents/\(document.id)/text")
        } else {
            writer.key("text")
            writer.string(document.text)
        }
        writer.key("title")
        writer.string(document.title)
        writer.endObject()
    }

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/documents") { request in
            let list = try ListRequest(request, accepting: ["language", "format", "lang"], cursors: context.cursors)
            let language = try Language.negotiate(request)
            var documents = try context.store.documents(includingText: false)
            if let filter = request.query("language") {
                documents = documents.filter { $0.language == filter.lowercased() }
            }
            return try list.respond(entries: documents.map(entry), language: language, context: context)
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
                response = context.representation(item(document), type: .json, for: request)
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
