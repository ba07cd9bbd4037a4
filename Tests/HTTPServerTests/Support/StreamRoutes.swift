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
    /// A megabyte of lowercase letters in no order: `/endless?text=1` writes it a block at a time, over and over,
    /// and gzip, which looks back 32 KiB, compresses each block as little as the first.
    static let letters: [UInt8] = {
        var state: UInt64 = 12345
        return (0..<(1 << 20)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(ascii: "a") + UInt8((state >> 33) % 26)
        }
    }()

    /// The block `/repeated` repeats.
    static let repeatedBlock = Array(letters.prefix(24 * 1024))

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
        // `?text=1`: letters in no order, as text, which gzip is negotiated for and compresses little.
        router.get("/endless") { request in
            let asText = request.query("text") == "1"
            return .streaming(headers: asText ? text : ["Content-Type": "application/octet-stream"]) { writer in
                probe.started.add(1, ordering: .relaxed)
                let block = [UInt8](repeating: 0x62, count: 16 * 1024)
                var offset = 0
                do {
                    while true {
                        if asText {
                            try writer.write(Array(StreamRoutes.letters[offset..<(offset + block.count)]))
                            offset = (offset + block.count) % StreamRoutes.letters.count
                        } else {
                            try writer.write(block)
                        }
                        probe.written.add(block.count, ordering: .relaxed)
                    }
                } catch let error as ResponseBodyWriter.Cancelled {
                    probe.cancelled.store(true, ordering: .releasing)
                    throw error
                }
            }
        }
        // `?count=n`: one block of 24 KiB of letters in no order, n times; gzip compresses every block after the
        // first to almost nothing, however the body is cut into parts, only if each part is deflated after the
        // bytes before it.
        router.get("/repeated") { request in
            let count = request.query("count").flatMap { Int($0) } ?? 1
            return .streaming(headers: text) { writer in
                probe.started.add(1, ordering: .relaxed)
                for _ in 0..<count { try writer.write(StreamRoutes.repeatedBlock) }
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
