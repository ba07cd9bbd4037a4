import Foundation
import HTTPServer
import Testing

/// The timeouts, with short configured values: header (slowloris), idle keep-alive, body stall, write stall.
@Suite struct TimeoutTests {
    /// Short values for the timeout under test; the others stay out of the way.
    private func configuration(_ change: @escaping (inout ServerConfiguration) -> Void) -> (inout ServerConfiguration) -> Void {
        { configuration in
            configuration.headerTimeout = .seconds(20)
            configuration.idleTimeout = .seconds(20)
            configuration.bodyStallTimeout = .seconds(20)
            configuration.writeStallTimeout = .seconds(20)
            change(&configuration)
        }
    }

    @Test func aSlowlorisHeadIsAnsweredWith408() throws {
        try withTestClient(configuration { $0.headerTimeout = .milliseconds(500) }) { server, client in
            let start = ContinuousClock.now
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n")
            // One more header line every 100 ms: progress, but the head never completes in time.
            var sent = 0
            while !client.waitReadable(timeout: .milliseconds(100)) && ContinuousClock.now - start < .seconds(6) {
                try client.send("X-Slow-\(sent): 1\r\n")
                sent += 1
            }
            let elapsed = ContinuousClock.now - start
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.closesConnection)
            #expect(try client.readToEnd().isEmpty)
            #expect(elapsed >= .milliseconds(450))
            #expect(elapsed < .seconds(5))
            #expect(sent >= 3)
            #expect(server.hits.total == 0)
        }
    }

    @Test func aClientThatNeverSendsIsClosed() throws {
        try withTestClient(configuration { $0.headerTimeout = .milliseconds(300) }) { (_, client) throws in
            let start = ContinuousClock.now
            #expect(try client.isClosedByServer())
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(250))
            #expect(elapsed < .seconds(5))
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosed() throws {
        try withTestClient(configuration { $0.idleTimeout = .milliseconds(600) }) { (server, client) throws in
            #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            // Within the idle time the connection is still good.
            #expect(!client.waitReadable(timeout: .milliseconds(200)))
            #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            let start = ContinuousClock.now
            #expect(try client.isClosedByServer())
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(500))
            #expect(elapsed < .seconds(6))
            #expect(eventually { server.server.openConnections == 0 })
        }
    }

    @Test func aBodyTrickledPastTheDeadlineIsAnsweredWith408() throws {
        try withTestClient(configuration { $0.bodyDeadline = .milliseconds(700) }) { _, client in
            let start = ContinuousClock.now
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n")
            // A byte every 100 ms: never a stall, but the body would take 10 s.
            var sent = 0
            while !client.waitReadable(timeout: .milliseconds(100)) && sent < 100 {
                try client.send("x")
                sent += 1
            }
            let elapsed = ContinuousClock.now - start
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(try response.jsonObject()["detail"] as? String == "The request body was not received within 0.7 seconds.")
            #expect(response.closesConnection)
            #expect(sent < 100)
            #expect(elapsed >= .milliseconds(650))
        }
    }

    @Test func aStalledBodyIsAnsweredWith408() throws {
        try withTestClient(configuration { $0.bodyStallTimeout = .milliseconds(400) }) { server, client in
            let start = ContinuousClock.now
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789")
            let response = try client.readResponse()
            let elapsed = ContinuousClock.now - start
            #expect(response.status == 408)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.closesConnection)
            #expect(try client.readToEnd().isEmpty)
            #expect(elapsed >= .milliseconds(350))
            #expect(elapsed < .seconds(5))
            #expect(server.hits.total == 0)
        }
    }

    @Test func aSlowReaderWithinTheWriteStallTimeGetsEverything() throws {
        let server = try TestServer(configuration { $0.writeStallTimeout = .seconds(2) })
        defer { server.stop() }
        let client = try server.client(receiveBufferSize: 4096)
        defer { client.close() }
        try client.send("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n")
        // Pauses shorter than the stall timeout: the server waits for the socket to drain and goes on writing.
        for step in 1...3 {
            usleep(300_000)
            try client.receive(atLeast: step * 64 * 1024)
        }
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.body.count == TestRoutes.hugeBody.count)
        #expect(response.body == TestRoutes.hugeBody)
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
    }

    @Test func aClientThatStopsReadingIsDropped() throws {
        let server = try TestServer(configuration { $0.writeStallTimeout = .milliseconds(300) })
        defer { server.stop() }
        let client = try server.client(receiveBufferSize: 4096)
        defer { client.close() }
        try client.send("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.hits.count("/huge") == 1 })
        #expect(eventually(timeout: .seconds(8)) { server.server.openConnections == 0 })
        let received = try client.readToEndAllowingReset()
        #expect(received.count < TestRoutes.hugeBody.count)
    }
}
