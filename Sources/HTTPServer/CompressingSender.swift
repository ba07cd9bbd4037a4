import Dispatch
import Locking

/// Compresses the parts of a streamed body and sends them on, on a queue of its own, so that the producer makes
/// its next part while zlib compresses this one: deflating a download costs about as much as writing its rows, and
/// on the producer's thread the two added up (`BENCHMARKS.md`, gzip downloads).
///
/// At most ``partsInFlight`` parts wait for it: a producer that runs ahead waits, as it waits for a connection that
/// holds as much as it may, so that memory stays bounded. A failure (zlib's, or the connection gone) is kept and
/// thrown to the producer at its next part.
final class CompressingSender: @unchecked Sendable {
    /// The parts handed over and not yet sent.
    static let partsInFlight = 2

    /// Used on `queue` only.
    private let gzip: GzipStream
    private let channel: StreamChannel
    private let chunked: Bool
    private let queue = DispatchQueue(label: "brobygger.stream-compression")
    private let room = DispatchSemaphore(value: CompressingSender.partsInFlight)
    private let failure = Mutex<(any Error)?>(nil)

    init(gzip: GzipStream, channel: StreamChannel, chunked: Bool) {
        self.gzip = gzip
        self.channel = channel
        self.chunked = chunked
    }

    /// Hands `part` over to be compressed (with the end of the stream when `finishing`) and sent; throws what went
    /// wrong with an earlier part.
    func send(_ part: [UInt8], finishing: Bool) throws {
        try rethrowFailure()
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                guard let compressed = gzip.compress(part, finish: finishing) else { throw ResponseBodyWriter.CompressionFailed() }
                try channel.send(ResponseBodyWriter.framed(compressed, chunked: chunked, finishing: finishing))
            } catch {
                failure.withLock { kept in
                    if kept == nil { kept = error }
                }
            }
        }
    }

    /// Waits until every part handed over is sent (or given up); throws what went wrong with any of them.
    func waitUntilSent() throws {
        queue.sync {}
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
