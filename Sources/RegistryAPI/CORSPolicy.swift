import HTTPServer

/// Cross-origin resource sharing: which browser origins may read the API, and the preflight answer.
public struct CORSPolicy: Sendable {
    /// Allowed origins (`https://example.org`), or `*` for any.
    public var allowedOrigins: [String]
    public var allowedMethods = ["GET", "HEAD", "OPTIONS"]
    public var allowedHeaders = ["Accept", "Accept-Language", "Content-Type", "If-None-Match", "If-Modified-Since", "X-Request-Id"]
    public var exposedHeaders = ["ETag", "Last-Modified", "Link", "Content-Language", "X-Request-Id"]
    public var maxAge = 600

    public init(allowedOrigins: [String]) {
        self.allowedOrigins = allowedOrigins
    }

    private func allows(_ origin: String) -> Bool {
        allowedOrigins.contains("*") || allowedOrigins.contains(origin)
    }

    /// Middleware: answers preflight requests and adds the CORS headers to responses for allowed origins.
    public var middleware: Middleware {
        { request, next in
            guard !allowedOrigins.isEmpty else { return try next(request) }
            guard let origin = request.headers["Origin"] else {
                // The answer differs with Origin: caches must keep the variants apart.
                var response: Response
                do {
                    response = try next(request)
                } catch let error as HTTPError {
                    response = error.response
                }
                response.headers.add("Vary", "Origin")
                return response
            }
            let isPreflight = request.method == .options && request.headers.contains("Access-Control-Request-Method")
            var response: Response
            if isPreflight {
                response = try next(request)
                guard allows(origin), response.status.code == 204 else {
                    response.headers.add("Vary", "Origin")
                    return response
                }
                response.headers.set("Access-Control-Allow-Methods", allowedMethods.joined(separator: ", "))
                response.headers.set("Access-Control-Allow-Headers", allowedHeaders.joined(separator: ", "))
                response.headers.set("Access-Control-Max-Age", String(maxAge))
            } else {
                do {
                    response = try next(request)
                } catch let error as HTTPError {
                    response = error.response
                }
                guard allows(origin) else {
                    response.headers.add("Vary", "Origin")
                    return response
                }
                response.headers.set("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ", "))
            }
            response.headers.set("Access-Control-Allow-Origin", allowedOrigins.contains("*") ? "*" : origin)
            response.headers.add("Vary", "Origin")
            return response
        }
    }
}
