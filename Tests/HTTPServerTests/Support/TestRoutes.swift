#if canImport(Glibc)
import Glibc
#endif
import HTTPServer

/// The routes the end-to-end tests talk to.
enum TestRoutes {
    /// A compressible text body well above the gzip threshold.
    static let bigText = String(repeating: "The quick brown fox jumps over the lazy dog.\n", count: 200)
    /// 16 MiB, more than loopback socket buffers hold, to make the server's writes stall.
    static let hugeBody = [UInt8](repeating: 0x61, count: 16 * 1024 * 1024)

    static func text(_ body: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    /// Sleeps for the `ms` query parameter, or `defaultMilliseconds`.
    static func pause(_ request: Request, defaultMilliseconds: Int) {
        let milliseconds = request.query("ms").flatMap { Int($0) } ?? defaultMilliseconds
        usleep(UInt32(milliseconds * 1000))
    }

    /// Every route, with a middleware that records each handled request in `hits`.
    static func router(hits: HitCounter) -> Router {
        var router = Router()
        router.use { request, next in
            hits.record(request.path)
            return try next(request)
        }
        router.get("/hello", execution: .eventLoop) { _ in text("hello") }
        router.get("/fast", execution: .eventLoop) { _ in text("fast") }
        router.get("/count", execution: .eventLoop) { _ in text("counted") }
        router.get("/slow") { request in
            pause(request, defaultMilliseconds: 300)
            return text("slow")
        }
        router.get("/small", execution: .eventLoop) { _ in text("small") }
        router.get("/big", execution: .eventLoop) { _ in text(bigText) }
        router.get("/big.json", execution: .eventLoop) { _ in
            .json(Array(("[" + Array(repeating: #"{"name":"value"}"#, count: 200).joined(separator: ",") + "]").utf8))
        }
        router.get("/big.bin", execution: .eventLoop) { _ in
            Response(headers: ["Content-Type": "application/octet-stream"], body: Array(bigText.utf8))
        }
        router.get("/huge") { _ in Response(headers: ["Content-Type": "application/octet-stream"], body: hugeBody) }
        router.get("/no-content", execution: .eventLoop) { _ in Response(status: .noContent) }
        router.add(.post, "/echo") { request in
            var headers: HTTPHeaders = ["Content-Type": request.headers["Content-Type"] ?? "application/octet-stream"]
            headers.add("X-Received-Expect", request.headers["Expect"] ?? "none")
            headers.add("X-Received-Length", String(request.body.count))
            return Response(headers: headers, body: request.body)
        }
        router.get("/items/{id}", execution: .eventLoop) { request in text(request.pathParameters["id"] ?? "?") }
        router.add(.put, "/items/{id}", execution: .eventLoop) { request in text("put " + (request.pathParameters["id"] ?? "?")) }
        router.get("/users/{user}/repos/{repo}", execution: .eventLoop) { request in
            text("\(request.pathParameters["user"] ?? "?")|\(request.pathParameters["repo"] ?? "?")")
        }
        router.get("/query", execution: .eventLoop) { request in
            text(request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "\n"))
        }
        router.get("/request-id", execution: .eventLoop) { request in text(request.requestID) }
        router.get("/unsafe-headers", execution: .eventLoop) { _ in
            var headers: HTTPHeaders = ["Content-Type": "text/plain"]
            headers.add("X-Split", "a\r\nX-Injected: yes")
            headers.add("X-Nul", "a\0b")
            headers.add("Bad Name", "v")
            headers.add("Content-Length", "999")
            headers.add("Connection", "close")
            headers.add("X-Fine", "fine")
            return Response(headers: headers, body: Array("safe".utf8))
        }
        router.get("/fail", execution: .eventLoop) { _ in
            throw HTTPError(.unprocessableContent, kind: "test-failure", detail: "Failed on purpose.")
        }
        return router
    }
}
