import HTTPServer
import Testing

/// `maxConnections`: beyond it a new client gets a fast 503 and is closed, never left hanging.
@Suite struct ConnectionLimitTests {
    @Test func clientsBeyondTheLimitGetAFast503() throws {
        let server = try TestServer { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.client()
        defer { first.close() }
        let second = try server.client()
        defer { second.close() }
        #expect(eventually { server.server.openConnections == 2 })

        let start = ContinuousClock.now
        let third = try server.client(timeout: .seconds(5))
        defer { third.close() }
        let refused = try third.readResponse()
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(refused.status == 503)
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(refused.header("Retry-After") != nil)
        #expect(refused.closesConnection)
        #expect(refused.header("Content-Length") == String(refused.body.count))
        #expect(try refused.jsonObject()["status"] as? Int == 503)
        #expect(try third.readToEnd().isEmpty)

        // The connections within the limit are unaffected.
        #expect(try first.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
        #expect(try second.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")

        // Once one closes, a new client is served again.
        first.close()
        #expect(eventually { server.server.openConnections == 1 })
        let fourth = try server.client()
        defer { fourth.close() }
        #expect(try fourth.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
    }
}
