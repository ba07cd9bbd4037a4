import Foundation
import HTTPServer
import Testing

/// What a route's handler holds, to see whether the router is still held by someone.
private final class HandlerState: Sendable {}

@Suite struct ServerLifetimeTests {
    /// Once a server has stopped and is no longer referenced, its router and what the handlers hold are freed:
    /// the event loops and the state they share hold each other while they run, and must let go when they stop.
    @Test func aStoppedServerLetsGoOfItsRoutes() throws {
        weak var weakState: HandlerState?
        do {
            let state = HandlerState()
            weakState = state
            var router = Router()
            router.get("/held") { _ in
                _ = state
                return .json(Array("{}".utf8))
            }
            var configuration = ServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.eventLoopCount = 2
            let server = Server(configuration: configuration, router: router)
            try server.start()
            server.shutdown()
            server.wait()
        }
        // The last references go on a queue just after `wait()` returns.
        let deadline = ContinuousClock.now + .seconds(5)
        while weakState != nil, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(weakState == nil)
    }
}
