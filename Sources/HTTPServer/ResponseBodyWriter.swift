/// Where the producer of a streamed response (``ResponseStream``) writes its body.
///
/// Writes are gathered into parts of about ``partSize`` bytes, each compressed (when gzip was negotiated, on a
/// thread of its own: ``CompressingSender``), framed as a chunk (HTTP/1.1) and handed to the connection; `write`
/// waits while the connection holds as much as it may, and throws ``Cancelled`` once the client is gone. Used by
/// one producer on one thread.
public final class ResponseBodyWriter {
    /// The connection is gone (the client left, stopped reading past the write-stall timeout, or the server
    /// is stopping): the producer should stop.
    public struct Cancelled: Error, Sendable {}

    /// How much is gathered before it is handed over without compression: large enough that the hand-over and
    /// the chunk framing cost little per byte, small enough to go out soon. Compressed parts are larger
    /// (``CompressingSender/partSize``).
    public static let partSize = 32 * 1024

    private let channel: StreamChannel
    private let chunked: Bool
    /// Compresses and sends the parts on a thread of its own, when gzip was negotiated.
    private let compressor: CompressingSender?
    private let partSize: Int
    private var pending: [UInt8] = []
    /// Body bytes written by the producer, before compression.
    public private(set) var byteCount = 0

    /// Compresses the body with gzip at `gzipLevel`, if given; throws ``CompressionFailed`` if zlib cannot.
    init(channel: StreamChannel, chunked: Bool, gzipLevel: Int32?) throws {
        self.channel = channel
        self.chunked = chunked
        if let gzipLevel {
            guard let compressor = CompressingSender(level: gzipLevel, channel: channel, chunked: chunked) else {
                throw CompressionFailed()
            }
            self.compressor = compressor
            partSize = CompressingSender.partSize
        } else {
            compressor = nil
            partSize = ResponseBodyWriter.partSize
        }
        pending.reserveCapacity(partSize)
    }

    /// Appends `bytes` to the body.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        byteCount += bytes.count
        // A part is cut at its size, so that its buffer never grows past the capacity it was given.
        var rest = bytes
        while pending.count + rest.count >= partSize {
            let taken = partSize - pending.count
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<taken]))
            rest = UnsafeBufferPointer(rebasing: rest[taken...])
            try handOver(finishing: false)
        }
        pending.append(contentsOf: rest)
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
        try compressor?.waitUntilSent()
    }

    /// Waits until no part is being compressed or sent any more, whatever became of them: before the stream is
    /// ended some other way.
    func settle() {
        try? compressor?.waitUntilSent()
    }

    private func handOver(finishing: Bool) throws {
        guard finishing || !pending.isEmpty else { return }
        if let compressor {
            // The part goes on to other threads: the next is gathered in the buffer of one already sent.
            let payload = pending
            pending = compressor.spareBuffer() ?? []
            pending.reserveCapacity(partSize)
            try compressor.send(payload, finishing: finishing)
        } else {
            // A chunk is a copy of the part, so its buffer is free again at once (HTTP/1.0's body goes as it is).
            let framed = ResponseBodyWriter.framed(pending, chunked: chunked, finishing: finishing)
            pending.removeAll(keepingCapacity: true)
            try channel.send(framed)
        }
    }

    /// `payload` as the connection sends it: a chunk of its own (HTTP/1.1), the last chunk after it when
    /// `finishing`; or as it is (HTTP/1.0).
    static func framed(_ payload: [UInt8], chunked: Bool, finishing: Bool) -> [UInt8] {
        guard chunked else { return payload }
        var part: [UInt8] = []
        part.reserveCapacity(payload.count + 16)
        if !payload.isEmpty {
            part.append(contentsOf: String(payload.count, radix: 16).utf8)
            part.append(contentsOf: ResponseHead.crlf)
            part.append(contentsOf: payload)
            part.append(contentsOf: ResponseHead.crlf)
        }
        if finishing { part.append(contentsOf: ResponseBodyWriter.lastChunk) }
        return part
    }

    private static let lastChunk = Array("0\r\n\r\n".utf8)

    /// zlib failed to compress a part.
    struct CompressionFailed: Error {}
}
