/// What the server reports about each answered request, for an access log.
public struct AccessLogEntry: Sendable {
    public var method: String
    /// The path, still percent-encoded.
    public var path: String
    public var query: String?
    /// The matched route template, when one matched.
    public var route: String?
    public var status: Int
    /// Body bytes sent (after compression; 0 for HEAD).
    public var bytes: Int
    /// From the complete request to the serialized response.
    public var duration: Duration
    public var requestID: String

    public init(method: String, path: String, query: String?, route: String?, status: Int, bytes: Int,
                duration: Duration, requestID: String) {
        self.method = method
        self.path = path
        self.query = query
        self.route = route
        self.status = status
        self.bytes = bytes
        self.duration = duration
        self.requestID = requestID
    }
}
