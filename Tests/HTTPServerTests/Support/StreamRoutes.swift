import Dispatch
import HTTPServer
import Synchronization

/// What the producers of the streaming test routes did: how many ran, how much they wrote, whether their
/// connection went away under them.
final class StreamProbe: Sendable {
    let started = Atomic<Int>(0)
    let written = Atomic<Int>(0)
    let cancelled = Atomic<Bool>(false)
    /// Lets `/handshake` go on past its first part.
    let release = DispatchSemaphore(value: 0)

    var startedCount: Int { started.load(ordering: .relaxed) }
    var writtenBytes: Int { written.load(ordering: .relaxed) }
    var wasCancelled: Bool { cancelled.load(ordering: .acquiring) }
}

/// Routes with streamed bodies, for the streaming tests.
enum StreamRoutes {
    /// The body of `/lines?count=n`.
    static func lines(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in 0..<count { bytes.append(contentsOf: "line \(index) of a streamed body\n".utf8) }
        return bytes
    }

    static func router(probe: StreamProbe, hits: HitCounter = HitCounter(), caching: CachePolicy = .uncached) -> Router {
        var router = Router()
        router.use { request, next in
            hits.record(request.path)
            return try next(request)
        }
        let text: HTTPHeaders = ["Content-Type": "text/plain; charset=utf-8"]
        router.get("/hello", execution: .eventLoop) { _ in Response(contentType: "text/plain", body: "hello") }
        router.get("/lines", caching: caching) { request in
            let count = request.query("count").flatMap { Int($0) } ?? 10
            return .streaming(headers: text) { writer in
                probe.started.add(1, ordering: .relaxed)
                for index in 0..<count {
                    try writer.write("line \(index) of a streamed body\n")
                }
            }
        }
        router.get("/endless") { _ in
            .streaming(headers: ["Content-Type": "application/octet-stream"]) { writer in
                probe.started.add(1, ordering: .relaxed)
                let block = [UInt8](repeating: 0x62, count: 16 * 1024)
                do {
                    while true {
                        try writer.write(block)
                        probe.written.add(block.count, ordering: .relaxed)
                    }
                } catch let error as ResponseBodyWriter.Cancelled {
                    probe.cancelled.store(true, ordering: .releasing)
                    throw error
                }
            }
        }
        router.get("/handshake") { _ in
            .streaming(headers: text) { writer in
                probe.started.add(1, ordering: .relaxed)
                try writer.write("first part\n")
                try writer.flush()
                let released = probe.release.wait(timeout: .now() + .seconds(10)) == .success
                try writer.write(released ? "second part\n" : "not released\n")
            }
        }
        router.get("/release", execution: .eventLoop) { _ in
            probe.release.signal()
            return Response(contentType: "text/plain", body: "released")
        }
        router.get("/fails") { _ in
            .streaming(headers: text) { writer in
                try writer.write([UInt8](repeating: 0x63, count: 100 * 1024))
                try writer.flush()
                throw Failure()
            }
        }
        return router
    }

    struct Failure: Error {}
}
