import Foundation
import HTTPServer
import Locking
import struct Synchronization.Atomic
import Testing
import TestSupport

/// 200 clients connected at once, each on its own thread and socket, each doing several requests.
@Suite struct ConcurrentConnectionsTests {
    @Test func twoHundredConcurrentConnectionsAllSucceed() throws {
        let server = try TestServer { $0.workerCount = 8 }
        defer { server.stop() }
        let clientCount = 200
        let port = server.port
        let connected = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let failures = Mutex<[String]>([])
        let successes = Atomic<Int>(0)
        let finished = DispatchGroup()

        for index in 0..<clientCount {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                do {
                    let client = try RawClient(port: port, timeout: .seconds(20))
                    defer { client.close() }
                    connected.add(1, ordering: .relaxed)
                    // Every client holds its connection open before any of them sends a request.
                    _ = release.wait(timeout: .now() + .seconds(20))
                    let hello = try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                    let body = "client \(index)"
                    let echo = try client.exchange("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                    let slow = try client.exchange("GET /slow?ms=10 HTTP/1.1\r\nHost: t\r\n\r\n")
                    let item = try client.exchange("GET /items/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                    guard hello.text == "hello", echo.text == body, slow.text == "slow", item.text == "\(index)" else {
                        failures.withLock { $0.append("client \(index): wrong responses") }
                        return
                    }
                    successes.add(1, ordering: .relaxed)
                } catch {
                    failures.withLock { $0.append("client \(index): \(error)") }
                }
            }
        }
        #expect(eventually(timeout: .seconds(20)) { connected.load(ordering: .relaxed) == clientCount })
        #expect(eventually(timeout: .seconds(10)) { server.server.openConnections == clientCount },
                "open: \(server.server.openConnections)")
        for _ in 0..<clientCount { release.signal() }
        #expect(finished.wait(timeout: .now() + .seconds(40)) == .success)
        #expect(failures.withLock { $0 } == [])
        #expect(successes.load(ordering: .relaxed) == clientCount)
        #expect(server.hits.count("/hello") == clientCount)
        #expect(server.hits.count("/slow") == clientCount)
    }
}
