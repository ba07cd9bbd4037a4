import HTTPServer

/// Strong entity tags, `Last-Modified` and the conditional GET they enable (RFC 9110, 8.8 and 13).
public enum ConditionalRequest {
    /// A strong entity tag for a representation: a 64-bit FNV-1a hash of its bytes, quoted.
    public static func entityTag(for body: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// Adds `ETag`, `Last-Modified` and `Cache-Control` to a successful GET/HEAD response and answers
    /// `304 Not Modified` when `If-None-Match` (or, without it, `If-Modified-Since`) says the client's copy is current.
    public static func apply(
        to response: Response,
        for request: Request,
        lastModified: Int?,
        cacheControl: String
    ) -> Response {
        guard request.method == .get || request.method == .head, response.status.code == 200 else { return response }
        var response = response
        let tag = entityTag(for: response.body)
        response.headers.set("ETag", tag)
        response.headers.set("Cache-Control", cacheControl)
        if let lastModified { response.headers.set("Last-Modified", HTTPDate.format(secondsSince1970: lastModified)) }

        let notModified: Bool
        if request.headers.contains("If-None-Match") {
            notModified = matches(tag, request.headers.listElements(for: "If-None-Match"))
        } else if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse), let lastModified {
            notModified = lastModified <= since
        } else {
            notModified = false
        }
        guard notModified else { return response }
        var headers = HTTPHeaders()
        for name in ["ETag", "Cache-Control", "Last-Modified", "Vary", "Content-Location", "Content-Language"] {
            if let value = response.headers[name] { headers.set(name, value) }
        }
        // A client revalidating the gzip variant it holds gets that variant's tag back (RFC 9110, 15.4.5).
        let gzipTag = String(tag.dropLast()) + "-gzip\""
        if ContentCoding.acceptsGzip(request.headers),
           request.headers.listElements(for: "If-None-Match").contains(where: { weakless($0) == gzipTag }) {
            headers.set("ETag", gzipTag)
        }
        return Response(status: .notModified, headers: headers)
    }

    private static func weakless(_ tag: Substring) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
    }

    /// Weak comparison (RFC 9110, 13.1.2) of a tag against `If-None-Match` elements; `*` matches anything.
    /// The gzip variant of a tag (`"…-gzip"`) counts as the same resource state.
    static func matches(_ tag: String, _ candidates: [Substring]) -> Bool {
        let opaque = normalized(Substring(tag))
        return candidates.contains { $0 == "*" || normalized($0) == opaque }
    }

    private static func normalized(_ tag: Substring) -> String {
        var tag = tag
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.hasSuffix("-gzip\"") { return tag.dropLast(6) + "\"" }
        return String(tag)
    }
}
