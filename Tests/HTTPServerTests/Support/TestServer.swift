import Dispatch
import Foundation
import HTTPServer
import Testing
import TestSupport

/// A `Server` on an ephemeral loopback port with the test routes. `stop()` shuts it down and waits for it,
/// bounded, so that a server that fails to stop fails the test instead of hanging the suite.
final class TestServer: Sendable {
    let server: Server
    let hits: HitCounter

    var port: Int { server.port }

    /// - Parameters:
    ///   - configure: changes to the test configuration (loopback, port 0, two loops, short shutdown deadline).
    ///   - router: the routes; the standard test routes when nil.
    ///   - hits: the counter the routes record in (the standard test routes always use it).
    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }, router: Router? = nil, hits: HitCounter = HitCounter()) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoopCount = 2
        configuration.workerCount = 4
        configuration.shutdownDeadline = .seconds(5)
        configure(&configuration)
        self.hits = hits
        server = Server(configuration: configuration, router: router ?? TestRoutes.router(hits: hits))
        try server.start()
        #expect(server.port > 0)
    }

    /// `shutdown()` then `wait()`, failing the test if the server has not stopped within `timeout`.
    func stop(timeout: Duration = .seconds(15), sourceLocation: SourceLocation = #_sourceLocation) {
        server.shutdown()
        #expect(waitForStop(timeout: timeout), "the server did not stop", sourceLocation: sourceLocation)
    }

    /// Calls `wait()` on another thread; true when it returned within `timeout`.
    func waitForStop(timeout: Duration) -> Bool {
        let stopped = DispatchSemaphore(value: 0)
        let server = self.server
        Thread.detachNewThread {
            server.wait()
            stopped.signal()
        }
        return stopped.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success
    }

    func client(timeout: Duration = .seconds(10), receiveBufferSize: Int32? = nil) throws -> RawClient {
        try RawClient(port: port, timeout: timeout, receiveBufferSize: receiveBufferSize)
    }
}

/// Runs `body` with a new `TestServer` (configured as by `TestServer.init`) and one client connected to it,
/// then closes the client and stops the server, whatever `body` did.
func withTestClient(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    router: Router? = nil,
    hits: HitCounter = HitCounter(),
    _ body: (TestServer, RawClient) throws -> Void
) throws {
    let server = try TestServer(configure, router: router, hits: hits)
    defer { server.stop() }
    let client = try server.client()
    defer { client.close() }
    try body(server, client)
}

/// Polls `condition` every 10 ms until it holds or `timeout` has passed; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
