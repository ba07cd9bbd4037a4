import HTTPServer
import Testing

/// A full response cache makes room by dropping the least recently used responses, not all of them.
@Suite struct ResponseCacheEvictionTests {
    @Test func theLeastRecentlyUsedResponseMakesRoom() throws {
        let hits = HitCounter()
        var router = Router()
        router.get("/items/{id}", caching: .shared(lifetime: .seconds(60))) { request in
            hits.record(request.path)
            return Response(status: .ok, contentType: "text/plain", body: request.pathParameters["id"] ?? "?")
        }
        let cache = ResponseCache(maxEntries: 2)
        try withTestClient({ $0.responseCache = cache }, router: router, hits: hits) { _, client in
            func get(_ id: String) throws {
                #expect(try client.exchange("GET /items/\(id) HTTP/1.1\r\nHost: t\r\n\r\n").text == id)
            }
            try get("a")
            try get("b")
            try get("a")  // from the cache: `a` is now the more recently used
            #expect(hits.count("/items/a") == 1)
            try get("c")  // the cache is full: `b` goes
            #expect(cache.count == 2)
            try get("a")
            try get("c")
            #expect(hits.count("/items/a") == 1)
            #expect(hits.count("/items/c") == 1)
            try get("b")
            #expect(hits.count("/items/b") == 2)
        }
    }
}
