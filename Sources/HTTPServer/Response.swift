/// An HTTP response a handler returns: status, header fields and the complete body, or a body written while
/// it is produced (``stream``).
///
/// The server adds `Date`, `Content-Length` (or `Transfer-Encoding` for a stream), `Connection` and the
/// request id itself.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The producer of a streamed body; `body` is then unused.
    public var stream: ResponseStream?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 text body of the given media type.
    public init(status: HTTPStatus = .ok, contentType: String, body: String, headers: HTTPHeaders = HTTPHeaders()) {
        var headers = headers
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: Array(body.utf8))
    }

    /// A JSON response from already-encoded UTF-8 bytes.
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A response whose body `produce` writes while it is sent (see ``ResponseStream``).
    public static func streaming(status: HTTPStatus = .ok, headers: HTTPHeaders,
                                 _ produce: @escaping @Sendable (ResponseBodyWriter) throws -> Void) -> Response {
        var response = Response(status: status, headers: headers)
        response.stream = ResponseStream(produce)
        return response
    }
}
