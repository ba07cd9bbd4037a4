import Foundation
import HTTPServer
import Testing

/// The shared response cache in front of the router, over real sockets: what it stores, how it answers
/// (`Age`, own `Date` and request id, framing, HEAD, 304), variants by `Vary`, and when it lets requests through.
@Suite struct ResponseCacheTests {
    /// Routes whose bodies name how often the handler ran, so a test sees whether the cache answered.
    static func router(hits: HitCounter) -> Router {
        var router = Router()
        router.get("/cached", caching: .shared(lifetime: .seconds(60))) { request in
            hits.record("/cached")
            let language = request.headers["Accept-Language"] ?? "any"
            var response = Response(status: .ok, contentType: "application/json",
                                    body: #"{"call":\#(hits.count("/cached")),"language":"\#(language)","padding":"\#(String(repeating: "x", count: 2_000))"}"#)
            response.headers.set("Cache-Control", "max-age=60")
            response.headers.set("ETag", "\"v1\"")
            response.headers.set("Vary", "Accept-Language")
            return response
        }
        router.get("/brief", caching: .shared(lifetime: .seconds(1))) { _ in
            hits.record("/brief")
            var response = Response(status: .ok, contentType: "text/plain", body: "call \(hits.count("/brief"))")
            response.headers.set("Cache-Control", "max-age=1")
            return response
        }
        router.get("/private", caching: .shared(lifetime: .seconds(60))) { _ in
            hits.record("/private")
            var response = Response(status: .ok, contentType: "text/plain", body: "call \(hits.count("/private"))")
            response.headers.set("Cache-Control", "private, max-age=60")
            return response
        }
        return router
    }

    static func server(cache: ResponseCache = ResponseCache(), release: DispatchSemaphore? = nil) throws -> TestServer {
        let hits = HitCounter()
        var router = router(hits: hits)
        if let release {
            router.get("/slow", caching: .shared(lifetime: .seconds(60))) { _ in
                hits.record("/slow")
                release.wait()
                var response = Response(status: .ok, contentType: "text/plain", body: "call \(hits.count("/slow"))")
                response.headers.set("Cache-Control", "max-age=60")
                return response
            }
        }
        return try TestServer({ $0.responseCache = cache }, router: router, hits: hits)
    }

    @Test func aRepeatedRequestIsAnsweredFromTheCacheWithItsOwnFields() throws {
        let server = try ResponseCacheTests.server()
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        let first = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nX-Request-Id: first\r\n\r\n")
        let second = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nX-Request-Id: second\r\n\r\n")
        #expect(server.hits.count("/cached") == 1)
        #expect(second.status == 200)
        #expect(second.body == first.body)
        #expect(second.header("Content-Length") == String(first.body.count))
        #expect(second.header("ETag") == "\"v1\"")
        #expect(second.header("Cache-Control") == "max-age=60")
        #expect(second.header("Age") == "0")
        #expect(first.header("Age") == nil)
        #expect(second.header("X-Request-Id") == "second")
        #expect(second.header("Date") != nil)
        #expect(second.headerValues("Content-Length").count == 1)
        #expect(second.headerValues("Date").count == 1)
    }

    @Test func headAndConditionalRequestsAreAnsweredFromTheCache() throws {
        let server = try ResponseCacheTests.server()
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        let full = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.exchange("HEAD /cached HTTP/1.1\r\nHost: t\r\n\r\n", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(full.body.count))
        let notModified = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"v0\", \"v1\"\r\n\r\n")
        #expect(notModified.status == 304)
        #expect(notModified.body.isEmpty)
        #expect(notModified.header("ETag") == "\"v1\"")
        #expect(notModified.header("Age") == "0")
        let changed = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"v0\"\r\n\r\n")
        #expect(changed.status == 200)
        #expect(changed.body == full.body)
        #expect(server.hits.count("/cached") == 1)
    }

    @Test func variantsFollowVaryAndContentCoding() throws {
        let server = try ResponseCacheTests.server()
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        let danish = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nAccept-Language: da\r\n\r\n")
        let german = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nAccept-Language: de\r\n\r\n")
        let danishAgain = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nAccept-Language: da\r\n\r\n")
        #expect(danish.text.contains("\"language\":\"da\""))
        #expect(german.text.contains("\"language\":\"de\""))
        #expect(danishAgain.body == danish.body)
        #expect(server.hits.count("/cached") == 2)
        #expect(danish.headerValues("Vary") == ["Accept-Language", "Accept-Encoding"])

        let gzip = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nAccept-Language: da\r\nAccept-Encoding: gzip\r\n\r\n")
        let gzipAgain = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nAccept-Language: da\r\nAccept-Encoding: gzip\r\n\r\n")
        #expect(server.hits.count("/cached") == 3)
        #expect(gzipAgain.header("Content-Encoding") == "gzip")
        #expect(gzipAgain.header("Age") != nil)
        let decompressed = Gzip.decompress(gzipAgain.body)
        #expect(decompressed == Gzip.decompress(gzip.body))
        #expect(decompressed.map { String(decoding: $0, as: UTF8.self).hasPrefix(#"{"call":3,"language":"da""#) } == true)
        #expect(gzipAgain.header("Content-Length") == String(gzip.body.count))
    }

    @Test func theConnectionFieldFollowsTheRequest() throws {
        let server = try ResponseCacheTests.server()
        defer { server.stop() }
        let warm = try server.client()
        _ = try warm.exchange("GET /cached HTTP/1.1\r\nHost: t\r\n\r\n")
        warm.close()

        let closing = try server.client()
        defer { closing.close() }
        let last = try closing.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(last.header("Age") != nil)
        #expect(last.closesConnection)
        #expect(try closing.readToEnd().isEmpty)

        let old = try server.client()
        defer { old.close() }
        let kept = try old.exchange("GET /cached HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.header("Age") != nil)
        #expect(kept.header("Connection")?.lowercased() == "keep-alive")
        #expect(server.hits.count("/cached") == 1)
    }

    @Test func requestsThatMayNotUseTheCacheReachTheHandler() throws {
        let cache = ResponseCache()
        let server = try ResponseCacheTests.server(cache: cache)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        _ = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nCache-Control: no-cache\r\n\r\n")
        _ = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer x\r\n\r\n")
        #expect(server.hits.count("/cached") == 3)

        _ = try client.exchange("GET /private HTTP/1.1\r\nHost: t\r\n\r\n")
        let again = try client.exchange("GET /private HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(again.text == "call 2")
        #expect(again.header("Age") == nil)

        cache.removeAll()
        #expect(cache.count == 0)
        _ = try client.exchange("GET /cached HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(server.hits.count("/cached") == 4)
    }

    @Test func storedResponsesExpire() throws {
        let server = try ResponseCacheTests.server()
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        #expect(try client.exchange("GET /brief HTTP/1.1\r\nHost: t\r\n\r\n").text == "call 1")
        #expect(try client.exchange("GET /brief HTTP/1.1\r\nHost: t\r\n\r\n").text == "call 1")
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try client.exchange("GET /brief HTTP/1.1\r\nHost: t\r\n\r\n").text == "call 2")
    }

    @Test func aResponseBegunBeforeTheCacheWasEmptiedIsNotStored() throws {
        let cache = ResponseCache()
        let release = DispatchSemaphore(value: 0)
        let server = try ResponseCacheTests.server(cache: cache, release: release)
        defer { server.stop() }
        let client = try server.client()
        defer { client.close() }
        try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.hits.count("/slow") == 1 })
        // The data changes while the handler works on the old data.
        cache.removeAll()
        release.signal()
        #expect(try client.readResponse().text == "call 1")
        release.signal()
        #expect(try client.exchange("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n").text == "call 2")
        #expect(try client.exchange("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n").text == "call 2")
        #expect(server.hits.count("/slow") == 2)
    }
}
