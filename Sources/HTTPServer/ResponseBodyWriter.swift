/// Where the producer of a streamed response (``ResponseStream``) writes its body.
///
/// Writes are gathered into parts of about ``partSize`` bytes, each compressed (when gzip was negotiated),
/// framed as a chunk (HTTP/1.1) and handed to the connection; `write` waits while the connection holds as
/// much as it may, and throws ``Cancelled`` once the client is gone. Used by one producer on one thread.
public final class ResponseBodyWriter {
    /// The connection is gone (the client left, stopped reading past the write-stall timeout, or the server
    /// is stopping): the producer should stop.
    public struct Cancelled: Error, Sendable {}

    /// How much is gathered before it is handed over: large enough that the hand-over, the chunk framing and
    /// the compressor's flush cost little per byte, small enough to go out soon.
    public static let partSize = 32 * 1024

    private let channel: StreamChannel
    private let chunked: Bool
    private let gzip: GzipStream?
    private var pending: [UInt8] = []
    /// Body bytes written by the producer, before compression.
    public private(set) var byteCount = 0

    init(channel: StreamChannel, chunked: Bool, gzip: GzipStream?) {
        self.channel = channel
        self.chunked = chunked
        self.gzip = gzip
        pending.reserveCapacity(ResponseBodyWriter.partSize + 4096)
    }

    /// Appends `bytes` to the body.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        pending.append(contentsOf: bytes)
        byteCount += bytes.count
        if pending.count >= ResponseBodyWriter.partSize { try handOver(finishing: false) }
    }

    /// Appends `bytes` to the body.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    /// Appends the UTF-8 bytes of `text` to the body.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write($0) }
    }

    /// Sends what has been written so far without waiting for a whole part.
    public func flush() throws {
        try handOver(finishing: false)
    }

    /// Whether the connection is gone: a producer that does long work between writes may ask.
    public var isCancelled: Bool { channel.isCancelled }

    /// Sends the rest, the end of the compressed stream and the last chunk.
    func finish() throws {
        try handOver(finishing: true)
    }

    private func handOver(finishing: Bool) throws {
        guard finishing || !pending.isEmpty else { return }
        var payload = pending
        if let gzip {
            guard let compressed = gzip.compress(pending, finish: finishing) else { throw CompressionFailed() }
            payload = compressed
        }
        pending.removeAll(keepingCapacity: true)
        var part: [UInt8] = []
        if chunked {
            part.reserveCapacity(payload.count + 16)
            if !payload.isEmpty {
                part.append(contentsOf: String(payload.count, radix: 16).utf8)
                part.append(contentsOf: ResponseHead.crlf)
                part.append(contentsOf: payload)
                part.append(contentsOf: ResponseHead.crlf)
            }
            if finishing { part.append(contentsOf: ResponseBodyWriter.lastChunk) }
        } else {
            part = payload
        }
        try channel.send(part)
    }

    private static let lastChunk = Array("0\r\n\r\n".utf8)

    /// zlib failed to compress a part.
    struct CompressionFailed: Error {}
}
