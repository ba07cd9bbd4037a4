import HTTPServer

/// `GET /openapi.json`: the OpenAPI 3.1 document of the API.
enum OpenAPIRoutes {
    static func install(on router: inout Router, context: APIContext) {
        router.get("/openapi.json", caching: context.options.caching) { request in
            _ = try MediaType.negotiate(request, offered: [.json])
            return context.representation(OpenAPIDocument.bytes, type: .json, for: request)
        }
    }
}
