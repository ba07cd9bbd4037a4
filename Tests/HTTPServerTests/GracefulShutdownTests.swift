import Foundation
import HTTPServer
import Locking
import struct Synchronization.Atomic
import Testing
import TestSupport

/// Graceful shutdown: no new connections, idle ones closed, every request in flight answered with
/// `Connection: close`, then `wait()` returns.
@Suite struct GracefulShutdownTests {
    @Test func requestsInFlightFinishAndNewConnectionsAreRefused() throws {
        // Each handler sleeps 300 ms and then holds its request until the test has seen the shutdown take hold,
        // so that every request is in flight during it however loaded the machine is.
        let entered = Atomic<Int>(0)
        let released = Atomic<Bool>(false)
        var router = Router()
        router.get("/sleep") { _ in
            entered.add(1, ordering: .relaxed)
            usleep(300_000)
            let limit = ContinuousClock.now + .seconds(10)
            while !released.load(ordering: .acquiring) && ContinuousClock.now < limit { usleep(5_000) }
            return TestRoutes.text("slept")
        }
        router.get("/hello", execution: .eventLoop) { _ in TestRoutes.text("hello") }
        let server = try TestServer({
            $0.workerCount = 24
            $0.shutdownDeadline = .seconds(20)
        }, router: router)
        defer { server.stop() }
        defer { released.store(true, ordering: .releasing) }
        let port = server.port

        // Idle keep-alive connections, one per event loop (accepted connections alternate between the loops),
        // which shutdown closes at once.
        let idle = try (0..<2).map { _ in try server.client() }
        defer { idle.forEach { $0.close() } }
        for client in idle {
            #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        }

        let inFlight = 20
        let results = Mutex<[String]>([])
        let finished = DispatchGroup()
        for _ in 0..<inFlight {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                do {
                    let client = try RawClient(port: port, timeout: .seconds(20))
                    defer { client.close() }
                    let response = try client.exchange("GET /sleep HTTP/1.1\r\nHost: t\r\n\r\n")
                    let closed = try client.isClosedByServer()
                    let outcome = "\(response.status) \(response.text) close=\(response.closesConnection) eof=\(closed)"
                    results.withLock { $0.append(outcome) }
                } catch {
                    results.withLock { $0.append("error: \(error)") }
                }
            }
        }
        // Every request is in its handler before shutdown begins.
        #expect(eventually(timeout: .seconds(10)) { entered.load(ordering: .relaxed) == inFlight })
        let shutdownAt = ContinuousClock.now
        server.server.shutdown()

        for client in idle {
            #expect(try client.isClosedByServer())
        }
        // New connections are refused while the requests are still held in their handlers.
        var refusedAt: ContinuousClock.Instant?
        while refusedAt == nil && ContinuousClock.now - shutdownAt < .seconds(5) {
            do {
                let late = try RawClient(port: port, timeout: .seconds(2))
                late.close()
                usleep(10_000)
            } catch ClientError.connect(errno: ECONNREFUSED) {
                refusedAt = .now
            }
        }
        #expect(refusedAt != nil, "new connections are still accepted after shutdown")
        #expect(results.withLock { $0 }.isEmpty)
        released.store(true, ordering: .releasing)

        #expect(finished.wait(timeout: .now() + .seconds(20)) == .success)
        let outcomes = results.withLock { $0 }
        #expect(outcomes.count == inFlight)
        #expect(outcomes.allSatisfy { $0 == "200 slept close=true eof=true" }, "\(outcomes)")
        #expect(server.waitForStop(timeout: .seconds(10)), "wait() did not return")
        #expect(server.server.openConnections == 0)
    }

    @Test func theDeadlineBoundsTheDrain() throws {
        try withTestClient({ $0.shutdownDeadline = .milliseconds(500) }) { server, client in
            try client.send("GET /slow?ms=3000 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(eventually { server.hits.count("/slow") == 1 })
            let start = ContinuousClock.now
            server.server.shutdown()
            #expect(server.waitForStop(timeout: .seconds(5)))
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(400))
            #expect(elapsed < .seconds(5))
            // The unfinished request's connection is closed without an answer.
            #expect(try client.readToEndAllowingReset().isEmpty)
        }
    }

    @Test func shutdownWithNoConnectionsStopsAtOnce() throws {
        let server = try TestServer()
        let client = try server.client()
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        client.close()
        let start = ContinuousClock.now
        server.stop()
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aRequestStillArrivingIsAnsweredWithClose() throws {
        try withTestClient { server, client in
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nab")
            #expect(eventually { server.server.openConnections == 1 })
            usleep(50_000)
            server.server.shutdown()
            usleep(100_000)
            try client.send("cd")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "abcd")
            #expect(response.closesConnection)
            #expect(try client.isClosedByServer())
            client.close()
            #expect(server.waitForStop(timeout: .seconds(10)))
        }
    }
}
