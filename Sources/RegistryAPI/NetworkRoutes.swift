import HTTPServer
import Registry

/// `GET /v1/network` (the whole cooperation network as JSON or GraphML) and `GET /v1/network/path`
/// (the shortest chains of cooperation between two parties).
enum NetworkRoutes {
    static let graphParameters = ["format"]
    static let pathParameters = ["from", "to", "max_length", "limit"]
    static let defaultMaxLength = 10
    static let maxLengthRange = 1...20
    static let defaultLimit = 20
    static let limitRange = 1...100

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/network", execution: .longRunning) { request in
            try QueryParameters.check(request, accepting: graphParameters)
            let type = try MediaType.negotiate(request, offered: [.json, .graphML])
            let network = try context.store.cooperationNetwork()
            // Written as it is sent: a large registry's network is hundreds of megabytes in either format.
            let entityTag = NetworkDocuments.entityTag(of: network, type: type)
            var response = context.streamedRepresentation(type: type, entityTag: entityTag, for: request) { body in
                switch type {
                case .graphML: try GraphMLWriter.write(network, partSize: ResponseBodyWriter.partSize) { try body.write($0) }
                default: try NetworkDocuments.Graph.write(network, partSize: ResponseBodyWriter.partSize) { try body.write($0) }
                }
            }
            response.headers.add("Vary", "Accept")
            return response
        }
        router.get("/network/path", execution: .longRunning) { request in
            try QueryParameters.check(request, accepting: pathParameters)
            let from = try required("from", in: request)
            let to = try required("to", in: request)
            let maxLength = try QueryParameters.integer("max_length", in: request, range: maxLengthRange) ?? defaultMaxLength
            let limit = try QueryParameters.integer("limit", in: request, range: limitRange) ?? defaultLimit
            let network = try context.store.cooperationNetwork()
            let unknown = [from, to].filter { network.party(withID: $0) == nil }
            if !unknown.isEmpty {
                let ids = unknown.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                throw HTTPError(.notFound, kind: "not-found",
                                detail: "No organisation, region, partnership or project with id \(ids.map { "`\($0)`" }.joined(separator: " or ")).")
            }
            let result = try network.paths(from: from, to: to, maxLength: maxLength, limit: limit)
            return context.representation(NetworkDocuments.paths(result), type: .json, for: request)
        }
    }

    private static func required(_ name: String, in request: Request) throws -> String {
        guard let value = request.query(name), !value.isEmpty else {
            throw APIError.invalidParameter(name, reason: "is required: the id of an organisation, region, partnership or project.")
        }
        return value
    }
}
