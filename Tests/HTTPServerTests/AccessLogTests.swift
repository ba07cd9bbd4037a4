import HTTPServer
import Locking
import Testing
import TestSupport

/// The access-log hook: one entry per answered request with method, path, route, status, bytes, duration and id.
@Suite struct AccessLogTests {
    @Test func everyAnsweredRequestIsLogged() throws {
        let entries = Mutex<[AccessLogEntry]>([])
        let hits = HitCounter()
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoopCount = 1
        let server = Server(configuration: configuration, router: TestRoutes.router(hits: hits),
                            accessLog: { entry in entries.withLock { $0.append(entry) } })
        try server.start()
        defer {
            server.shutdown()
            server.wait()
        }
        let client = try RawClient(port: server.port)
        defer { client.close() }
        _ = try client.exchange("GET /items/a%20b?x=1 HTTP/1.1\r\nHost: t\r\nX-Request-Id: log-1\r\n\r\n")
        _ = try client.exchange("HEAD /hello HTTP/1.1\r\nHost: t\r\nX-Request-Id: log-2\r\n\r\n", method: "HEAD")
        _ = try client.exchange("GET /slow?ms=50 HTTP/1.1\r\nHost: t\r\nX-Request-Id: log-3\r\n\r\n")
        _ = try client.exchange("GET /nowhere HTTP/1.1\r\nHost: t\r\nX-Request-Id: log-4\r\n\r\n")
        let logged = entries.withLock { $0 }
        #expect(logged.count == 4)
        guard logged.count == 4 else { return }
        #expect(logged.map(\.requestID) == ["log-1", "log-2", "log-3", "log-4"])
        #expect(logged.map(\.method) == ["GET", "HEAD", "GET", "GET"])
        #expect(logged.map(\.path) == ["/items/a%20b", "/hello", "/slow", "/nowhere"])
        #expect(logged[0].query == "x=1")
        #expect(logged[0].route == "/items/{id}")
        #expect(logged.map(\.status) == [200, 200, 200, 404])
        #expect(logged[0].bytes == 3)
        #expect(logged[1].bytes == 0)
        #expect(logged[2].duration >= .milliseconds(45))
        #expect(logged[2].duration < .seconds(5))
    }
}
