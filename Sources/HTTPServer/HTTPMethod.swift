/// An HTTP request method (RFC 9110, section 9): a case-sensitive token such as `GET`.
///
/// Ours rather than swift-http-types' `HTTPRequest.Method`: the parser makes the common methods from their
/// bytes without building a string (`HTTPSyntax.method`), and ours is a plain string wrapper; adopting
/// `HTTPRequest.Method` would also bring `HTTPFields`, whose field names are validated and lowercased as each
/// is made: measured by `scripts/bench-header-fields`, that adds a fifth to a parse and makes lookups slower
/// (figures in BENCHMARKS.md), for no code it would remove from the parser.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let patch = HTTPMethod("PATCH")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")
    public static let trace = HTTPMethod("TRACE")
    public static let connect = HTTPMethod("CONNECT")
    /// The safe method with a body of the IETF HTTP working group (draft-ietf-httpbis-safe-method-w-body).
    public static let query = HTTPMethod("QUERY")

    public var description: String { rawValue }
}

extension HTTPMethod {
    /// The methods of RFC 9110, `PATCH` (RFC 5789) and `QUERY`: a request with any other method, for which no
    /// route is added either, is answered `501 Not Implemented`. `QUERY` is known so that a resource that does
    /// not offer it answers `405` with `Allow`, as for any other method clients commonly send.
    static let standard: Set<HTTPMethod> = [.get, .head, .post, .put, .patch, .delete, .options, .trace, .connect, .query]
}
