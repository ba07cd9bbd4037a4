import CZlibShim
import Dispatch
import Foundation
import Locking

/// Compresses the parts of a streamed body into one gzip member and sends them on, deflating several parts at
/// once while the producer makes the next: deflate costs more than making the rows of a download, and one
/// thread of it was the bound (`BENCHMARKS.md`, gzip downloads).
///
/// Each part is deflated on its own (``PartDeflater``), after the last bytes of the part before it, so the
/// parts can be compressed on any thread in any order; they are framed and sent strictly in order on a serial
/// queue, which also keeps the member's checksum and length. At most ``partsInFlight`` parts are handed over
/// and not yet sent: a producer that runs ahead waits, as it waits for a connection that holds as much as it
/// may, so that memory stays bounded. A failure (zlib's, or the connection gone) is kept and thrown to the
/// producer at its next part.
final class CompressingSender: @unchecked Sendable {
    /// How many bytes the producer gathers before a part is handed over: large enough that the dictionary each
    /// part is deflated after and the sync flush that ends it cost little, small enough to go out soon.
    static let partSize = 512 * 1024

    /// The parts handed over and not yet sent, being deflated or waiting their turn to be sent: one a core (at
    /// least two, so that deflate runs beside the producer, and at most four) and one more, so that the next is
    /// ready when one is sent.
    static let partsInFlight = min(max(ProcessInfo.processInfo.activeProcessorCount, 2), 4) + 1

    private let level: Int32
    private let channel: StreamChannel
    private let chunked: Bool
    private let deflating = DispatchQueue(label: "brobygger.stream-deflate", attributes: .concurrent)
    private let sending = DispatchQueue(label: "brobygger.stream-send")
    private let room = DispatchSemaphore(value: CompressingSender.partsInFlight)
    private let failure = Mutex<(any Error)?>(nil)
    /// Deflaters not in use; one is made when none is idle, so there are never more than parts in flight.
    private let idleDeflaters = Mutex<[PartDeflater]>([])
    /// The buffers of parts sent, for the producer to gather the next parts in: a part's buffer freshly
    /// allocated was faulted in by the kernel page by page as it filled, for every part of a download.
    private let spareBuffers = Mutex<[[UInt8]]>([])

    /// The producer's: the end of the last part handed over, the dictionary of the next.
    private var previousTail: [UInt8] = []

    /// The sending queue's: what the member's trailer is made of, and whether its header has gone out.
    private var checksum = crc32(0, nil, 0)
    private var length: UInt32 = 0
    private var headerSent = false

    /// Nil if zlib cannot start a stream at `level`.
    init?(level: Int32, channel: StreamChannel, chunked: Bool) {
        guard let first = PartDeflater(level: level) else { return nil }
        self.level = level
        self.channel = channel
        self.chunked = chunked
        idleDeflaters.withLock { $0.append(first) }
    }

    /// Hands `part` over to be compressed (with the end of the member when `finishing`) and sent; throws what
    /// went wrong with an earlier part.
    func send(_ part: [UInt8], finishing: Bool) throws {
        try rethrowFailure()
        room.wait()
        let dictionary = previousTail
        previousTail = part.count >= PartDeflater.window
            ? Array(part.suffix(PartDeflater.window)) : Array((dictionary + part).suffix(PartDeflater.window))
        let deflated = DeflatedPart()
        deflating.async { [self] in
            defer { deflated.done.signal() }
            guard failure.withLock({ $0 == nil }), let deflater = takeDeflater() else { return }
            deflated.bytes = deflater.deflate(part, after: dictionary, final: finishing)
            idleDeflaters.withLock { $0.append(deflater) }
        }
        sending.async { [self] in
            deflated.done.wait()
            defer {
                spareBuffers.withLock { spare in
                    if spare.count < CompressingSender.partsInFlight { spare.append(part) }
                }
                room.signal()
            }
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                guard let bytes = deflated.bytes else { throw ResponseBodyWriter.CompressionFailed() }
                try channel.send(ResponseBodyWriter.framed(member(part, deflated: bytes, finishing: finishing),
                                                           chunked: chunked, finishing: finishing))
            } catch {
                failure.withLock { kept in
                    if kept == nil { kept = error }
                }
            }
        }
    }

    /// An empty buffer that held a part already sent, with its capacity, if there is one.
    func spareBuffer() -> [UInt8]? {
        guard var buffer = spareBuffers.withLock({ $0.popLast() }) else { return nil }
        buffer.removeAll(keepingCapacity: true)
        return buffer
    }

    /// Waits until every part handed over is sent (or given up); throws what went wrong with any of them.
    func waitUntilSent() throws {
        sending.sync {}
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func takeDeflater() -> PartDeflater? {
        idleDeflaters.withLock { $0.popLast() } ?? PartDeflater(level: level)
    }

    /// The bytes of the member that carry `part`: its header before the first, its trailer (RFC 1952: CRC-32 and
    /// length of the uncompressed body, little-endian) after the last. On the sending queue, in order.
    private func member(_ part: [UInt8], deflated: [UInt8], finishing: Bool) -> [UInt8] {
        checksum = part.withUnsafeBufferPointer { crc32(checksum, $0.baseAddress, uInt($0.count)) }
        length &+= UInt32(truncatingIfNeeded: part.count)
        guard !headerSent || finishing else { return deflated }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(deflated.count + 18)
        if !headerSent {
            bytes.append(contentsOf: header)
            headerSent = true
        }
        bytes.append(contentsOf: deflated)
        if finishing {
            for value in [UInt32(truncatingIfNeeded: checksum), length] {
                withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// The member's header (RFC 1952): deflate, no name or time, the extra flags as zlib sets them (4 for the
    /// fastest levels, 2 for the best), made on Unix.
    private var header: [UInt8] {
        let extraFlags: UInt8 = level == 9 ? 2 : (level < 2 ? 4 : 0)
        return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 3]
    }

    /// One part's deflate blocks: written on the deflating queue before `done` is signalled, read on the sending
    /// queue after waiting for it.
    private final class DeflatedPart: @unchecked Sendable {
        var bytes: [UInt8]?
        let done = DispatchSemaphore(value: 0)
    }
}
