import JSONOutput

/// An RFC 9457 problem details object, served as `application/problem+json`.
///
/// `type` is a stable URI reference per kind of problem, relative to the server (`/problems/malformed-request`),
/// so a client can branch on it and a person can look it up.
public struct ProblemDetails: Sendable, Equatable {
    /// One offending input, for validation problems.
    public struct InvalidParameter: Sendable, Equatable {
        public var name: String
        public var reason: String
        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    public var type: String
    public var title: String
    public var status: HTTPStatus
    public var detail: String?
    public var instance: String?
    public var invalidParameters: [InvalidParameter]

    public init(
        type: String,
        title: String,
        status: HTTPStatus,
        detail: String? = nil,
        instance: String? = nil,
        invalidParameters: [InvalidParameter] = []
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.invalidParameters = invalidParameters
    }

    /// The stable type URI for a problem kind, e.g. `/problems/not-found`.
    public static func typeURI(_ kind: String) -> String { "/problems/\(kind)" }

    /// The JSON body, fields in a fixed order.
    public var jsonBytes: [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("type"); json.string(type)
        json.key("title"); json.string(title)
        json.key("status"); json.number(status.code)
        if let detail { json.key("detail"); json.string(detail) }
        if let instance { json.key("instance"); json.string(instance) }
        if !invalidParameters.isEmpty {
            json.key("invalid_params")
            json.beginArray()
            for parameter in invalidParameters {
                json.beginObject()
                json.key("name"); json.string(parameter.name)
                json.key("reason"); json.string(parameter.reason)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return json.bytes
    }

    /// The problem as a complete response.
    public var response: Response {
        Response(status: status, headers: ["Content-Type": "application/problem+json"], body: jsonBytes)
    }
}
