/// A complete HTTP request as the router and handlers see it.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received (origin-form or absolute-form).
    public var target: String
    /// The path component, still percent-encoded (`/v1/projects/cityregio-ii`).
    public var path: String
    /// The raw query string after `?`, without the `?`, or nil when absent.
    public var rawQuery: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Parameters bound by the router from the matched path template, percent-decoded.
    public var pathParameters: [String: String] = [:]
    /// A request identifier: the client's `X-Request-Id` when valid, otherwise one the server made.
    public var requestID: String = ""
    /// The matched path template (`/v1/projects/{id}`), once the router has matched one.
    public var routeTemplate: String?
    /// The IP address of the connection's peer (`127.0.0.1`, `::1`), as the socket reports it; nil when unknown.
    public var peerAddress: String?

    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        let (path, query) = Request.splitTarget(target)
        self.path = path
        self.rawQuery = query
    }

    /// The decoded query parameters in order (`+` is a space; invalid percent escapes are kept verbatim).
    public var queryItems: [(name: String, value: String)] {
        guard let rawQuery, !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let rawValue = parts.count > 1 ? parts[1] : ""
            let value = PercentEncoding.decode(rawValue, plusAsSpace: true) ?? String(rawValue)
            return (name: name, value: value)
        }
    }

    /// The first decoded value of a query parameter, as ``queryItems`` would give it.
    public func query(_ name: String) -> String? {
        guard let rawQuery, !rawQuery.isEmpty else { return nil }
        // Handlers ask for several parameters each: the pairs are looked through without decoding every name
        // and value into an array each time, and only the value asked for is decoded.
        for pair in rawQuery.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = Substring(pair[..<(equals ?? pair.endIndex)])
            let plain = !rawName.utf8.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }
            guard plain ? rawName == name : (PercentEncoding.decode(rawName, plusAsSpace: true) ?? String(rawName)) == name else {
                continue
            }
            let rawValue = equals.map { Substring(pair[pair.index(after: $0)...]) } ?? ""
            return PercentEncoding.decode(rawValue, plusAsSpace: true) ?? String(rawValue)
        }
        return nil
    }

    /// Whether the client asked to close the connection after this request, or did not ask to keep it.
    public var wantsKeepAlive: Bool {
        let tokens = headers.listElements(for: "Connection")
        switch version {
        case .http1_1: return !tokens.contains { $0.equalsIgnoringASCIICase("close") }
        case .http1_0: return tokens.contains { $0.equalsIgnoringASCIICase("keep-alive") }
                && !tokens.contains { $0.equalsIgnoringASCIICase("close") }
        }
    }

    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let schemeEnd = rest.range(of: "://") {
            // absolute-form: drop scheme and authority.
            rest = rest[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = rest[slash...]
            } else {
                rest = ""
            }
            if rest.isEmpty || rest.hasPrefix("?") { rest = "/" + rest }
        }
        if let questionMark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            return (String(rest[..<questionMark]), String(rest[rest.index(after: questionMark)...]))
        }
        return (String(rest), nil)
    }
}
