/// Conditional `GET` and `HEAD` (RFC 9110, section 13): putting a representation's validators on its
/// response, evaluating `If-None-Match` and `If-Modified-Since` against them, and the `304 Not Modified`
/// that then stands for it. Handlers (through `evaluate`) and the response cache both use this one place.
///
/// The gzip representation carries its tag with the `-gzip` suffix (`EntityTag`); a client revalidating
/// the gzip variant it holds gets that variant's tag back on the `304` (RFC 9110, 15.4.5).
public enum ConditionalRequest {
    /// Puts the validators on a `200` response to `GET` or `HEAD` and answers `304 Not Modified` instead when
    /// the request's validators say the client's copy is current.
    /// - Parameters:
    ///   - entityTag: a strong entity tag of the representation, quoted (`"8a3f…"`).
    ///   - lastModified: when the representation last changed, in seconds since 1970.
    public static func evaluate(_ response: Response, for request: Request, entityTag: String?, lastModified: Int?) -> Response {
        guard request.method == .get || request.method == .head, response.status.code == 200 else { return response }
        var response = response
        if let entityTag { response.headers.set("ETag", entityTag) }
        if let lastModified { response.headers.set("Last-Modified", HTTPDate.format(secondsSince1970: lastModified)) }
        return notModified(response, for: request) ?? response
    }

    /// The `304 Not Modified` standing for `response` when the request's validators match it, else nil.
    static func notModified(_ response: Response, for request: Request) -> Response? {
        guard isNotModified(request, response) else { return nil }
        var headers = HTTPHeaders()
        for name in notModifiedFields {
            if let value = response.headers[name] { headers.set(name, value) }
        }
        if let tag = response.headers["ETag"], !response.headers.contains("Content-Encoding") {
            let gzipTag = EntityTag.gzipVariant(of: tag)
            if ContentCoding.acceptsGzip(request.headers),
               request.headers.listElements(for: "If-None-Match").contains(where: { EntityTag.strong($0) == gzipTag }) {
                headers.set("ETag", gzipTag)
            }
        }
        return Response(status: .notModified, headers: headers)
    }

    /// The fields a `304` repeats from the `200` it stands for (RFC 9110, 15.4.5).
    static let notModifiedFields = ["ETag", "Cache-Control", "Last-Modified", "Vary", "Content-Location", "Content-Language"]

    /// Whether a conditional request's validators match the response (RFC 9110, 13.1): `If-None-Match` when
    /// present, otherwise `If-Modified-Since`.
    static func isNotModified(_ request: Request, _ response: Response) -> Bool {
        if request.headers.contains("If-None-Match") {
            guard let etag = response.headers["ETag"] else { return false }
            return EntityTag.matches(etag, ifNoneMatch: request.headers.listElements(for: "If-None-Match"))
        }
        if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse),
           let modified = response.headers["Last-Modified"].flatMap(HTTPDate.parse) {
            return modified <= since
        }
        return false
    }
}
