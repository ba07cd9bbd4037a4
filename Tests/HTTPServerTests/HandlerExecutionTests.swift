import Dispatch
import Foundation
import HTTPServer
import Testing
import TestSupport

/// Handlers run where their route says: long-running handlers waiting on shared work leave the worker queues
/// to every other read.
@Suite struct HandlerExecutionTests {
    /// A router whose `/wait` handler blocks until `release` is signalled, on the execution given, and whose
    /// `/read` handler runs on the worker queues.
    private static func router(waitingOn release: DispatchSemaphore, execution: HandlerExecution, started: HitCounter) -> Router {
        var router = Router()
        router.get("/wait", execution: execution) { _ in
            started.record("/wait")
            release.wait()
            release.signal()
            return Response(status: .ok, contentType: "text/plain; charset=utf-8", body: "waited")
        }
        router.get("/read") { _ in Response(status: .ok, contentType: "text/plain; charset=utf-8", body: "read") }
        return router
    }

    /// Sends `/wait` on `count` connections, then asks `/read` on another and reports whether it was
    /// answered within `patience`; the waiting handlers are released at the end.
    private static func readAnswered(execution: HandlerExecution, waiting count: Int, patience: Duration) throws -> Bool {
        let release = DispatchSemaphore(value: 0)
        let started = HitCounter()
        let server = try TestServer({ $0.workerCount = 2; $0.longRunningWorkerCount = 2 },
                                    router: router(waitingOn: release, execution: execution, started: started))
        defer { server.stop() }
        var waiting: [RawClient] = []
        defer { for client in waiting { client.close() } }
        for _ in 0..<count {
            let client = try server.client()
            try client.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n")
            waiting.append(client)
        }
        #expect(eventually(timeout: .seconds(10)) { started.count("/wait") >= 2 })
        let reader = try server.client(timeout: patience)
        defer { reader.close() }
        let answered = (try? reader.exchange("GET /read HTTP/1.1\r\nHost: t\r\n\r\n"))?.text == "read"
        release.signal()
        for client in waiting { #expect(try client.readResponse().text == "waited") }
        return answered
    }

    @Test func longRunningHandlersLeaveTheWorkerQueuesFree() throws {
        #expect(try Self.readAnswered(execution: .longRunning, waiting: 6, patience: .seconds(5)))
    }

    /// The same handlers on the worker queues hold them all, and the read waits: what the test above guards against.
    @Test func workerPoolHandlersHoldTheWorkerQueues() throws {
        #expect(try !Self.readAnswered(execution: .workerPool, waiting: 6, patience: .milliseconds(500)))
    }
}
