import HTTPServer

/// Strong entity tags, `Last-Modified` and the conditional GET they enable (RFC 9110, 8.8 and 13).
public enum ConditionalRequest {
    /// A strong entity tag for a representation: a 64-bit FNV-1a hash of its bytes, quoted.
    public static func entityTag(for body: [UInt8]) -> String {
        let hex = String(FNV1a.hash(body), radix: 16)
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
            notModified = EntityTag.matches(tag, ifNoneMatch: request.headers.listElements(for: "If-None-Match"))
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
        let gzipTag = EntityTag.gzipVariant(of: tag)
        if ContentCoding.acceptsGzip(request.headers),
           request.headers.listElements(for: "If-None-Match").contains(where: { weakless($0) == gzipTag }) {
            headers.set("ETag", gzipTag)
        }
        return Response(status: .notModified, headers: headers)
    }

    private static func weakless(_ tag: Substring) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
    }
}
