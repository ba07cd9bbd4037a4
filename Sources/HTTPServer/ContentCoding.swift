/// Response compression: negotiates gzip from `Accept-Encoding` (with q-values, RFC 9110, 12.5.3)
/// and compresses compressible media types above a size threshold.
public struct ContentCoding: Sendable {
    /// Bodies smaller than this are sent as they are: gzip would save little and cost time.
    public var minimumSize: Int
    /// zlib compression level, 1 (fast) to 9 (small).
    public var level: Int32
    /// zlib compression level of streamed bodies: they are compressed as fast as they are produced, and at
    /// higher levels zlib, not the producer, sets the pace of a large download.
    public var streamLevel: Int32

    public init(minimumSize: Int = 1024, level: Int32 = 6, streamLevel: Int32 = 1) {
        self.minimumSize = minimumSize
        self.level = level
        self.streamLevel = streamLevel
    }

    /// Whether the client accepts gzip, honouring q-values, `*` and `x-gzip`.
    public static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        var gzipQuality: Double?
        var wildcardQuality: Double?
        for element in headers.listElements(for: "Accept-Encoding") {
            let parts = element.splitting(atASCII: UInt8(ascii: ";"))
            guard let coding = parts.first?.trimmingHTTPWhitespace(), !coding.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingHTTPWhitespace().split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].equalsIgnoringASCIICase("q") {
                    quality = Double(pair[1].trimmingHTTPWhitespace()) ?? 0
                }
            }
            if coding.equalsIgnoringASCIICase("gzip") || coding.equalsIgnoringASCIICase("x-gzip") {
                gzipQuality = max(gzipQuality ?? 0, quality)
            } else if coding == "*" {
                wildcardQuality = quality
            }
        }
        if let gzipQuality { return gzipQuality > 0 }
        return (wildcardQuality ?? 0) > 0
    }

    /// Whether a media type benefits from compression (text, JSON, XML, CSV, JavaScript, SVG).
    public static func isCompressible(contentType: String) -> Bool {
        // The common cases without splitting and lowercasing.
        if contentType.hasPrefix("application/json") || contentType.hasPrefix("text/")
            || contentType.hasPrefix("application/problem+json") { return true }
        if contentType.hasPrefix("image/") && !contentType.hasPrefix("image/svg") { return false }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingHTTPWhitespace().lowercased() } ?? ""
        if mediaType.hasPrefix("text/") { return true }
        if mediaType.hasSuffix("+json") || mediaType.hasSuffix("+xml") { return true }
        return ["application/json", "application/xml", "application/javascript", "application/graphml+xml",
                "image/svg+xml", "application/x-ndjson"].contains(mediaType)
    }

    /// Compresses the response in place (or, for a streamed one, has it compressed as it is produced) when it
    /// is negotiable and the client accepts gzip;
    /// adds `Vary: Accept-Encoding` to every negotiable response either way.
    public func apply(to response: inout Response, for request: Request) {
        if response.status.code == 304 {
            // A 304 carries the Vary of the 200 it stands for (RFC 9110, 15.4.5).
            let varies = response.headers.listElements(for: "Vary")
            if !varies.contains(where: { $0.equalsIgnoringASCIICase("Accept-Encoding") || $0 == "*" }) {
                response.headers.add("Vary", "Accept-Encoding")
            }
            return
        }
        guard response.status.permitsBody, response.status.code != 206,
              !response.headers.contains("Content-Encoding"),
              let contentType = response.headers["Content-Type"],
              ContentCoding.isCompressible(contentType: contentType) else { return }
        let varies = response.headers.listElements(for: "Vary")
        if !varies.contains(where: { $0.equalsIgnoringASCIICase("Accept-Encoding") || $0 == "*" }) {
            response.headers.add("Vary", "Accept-Encoding")
        }
        if response.stream != nil {
            // A streamed body is compressed as it is produced, whatever its size.
            guard ContentCoding.acceptsGzip(request.headers) else { return }
            response.stream?.gzipLevel = streamLevel
            response.headers.set("Content-Encoding", "gzip")
            if let etag = response.headers["ETag"] { response.headers.set("ETag", EntityTag.gzipVariant(of: etag)) }
            return
        }
        guard response.body.count >= minimumSize, ContentCoding.acceptsGzip(request.headers),
              let compressed = Gzip.compress(response.body, level: level) else { return }
        response.body = compressed
        response.headers.set("Content-Encoding", "gzip")
        if let etag = response.headers["ETag"] {
            // A strong validator names one representation; the gzip one is another (RFC 9110, 8.8.3).
            response.headers.set("ETag", EntityTag.gzipVariant(of: etag))
        }
    }
}
