import CZlibShim

/// A raw deflate stream (RFC 1951, no wrapper) that compresses one part of a streamed body at a time, reset
/// before each: the parts of a gzip download are deflated independently, several at once, and joined into one
/// gzip member by ``CompressingSender``.
///
/// A part is deflated after its `dictionary`, the bytes just before it, so that its matches reach back as far
/// as if the body were one stream. Every part but the last ends in a sync flush (an empty stored block), so
/// that it ends on a byte boundary and the next part's blocks follow it directly; the last ends in the final
/// block.
///
/// Sendable because it moves between threads, idle in a pool and then used by one thread at a time.
final class PartDeflater: @unchecked Sendable {
    /// How far back deflate's matches reach: the dictionary a part needs.
    static let window = 32 * 1024

    /// zlib keeps a pointer back to its stream: the stream lives at one address for its whole life.
    private let stream: UnsafeMutablePointer<z_stream>

    /// Nil if zlib cannot start a stream.
    init?(level: Int32) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Negative windowBits: raw deflate, the gzip framing is written by the sender; memLevel 8 is zlib's default.
        guard brobygger_deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The deflate blocks of `part`, continuing `dictionary` (at most ``window`` bytes are used); the last
    /// block of the body when `final`. Nil if zlib fails.
    func deflate(_ part: [UInt8], after dictionary: [UInt8], final: Bool) -> [UInt8]? {
        guard deflateReset(stream) == Z_OK else { return nil }
        if !dictionary.isEmpty {
            let used = dictionary.suffix(PartDeflater.window)
            let status = used.withUnsafeBufferPointer { bytes in
                deflateSetDictionary(stream, bytes.baseAddress, uInt(bytes.count))
            }
            guard status == Z_OK else { return nil }
        }
        // deflateBound covers a whole stream ended by Z_FINISH; a sync flush adds its empty stored block.
        var output: [UInt8] = []
        var room = Int(deflateBound(stream, uLong(part.count))) + 16
        let flush = final ? Z_FINISH : Z_SYNC_FLUSH
        return part.withUnsafeBufferPointer { input -> [UInt8]? in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            defer { stream.pointee.next_in = nil }
            while true {
                var status = Z_OK
                let produced = [UInt8](unsafeUninitializedCapacity: room) { buffer, count in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = uInt(buffer.count)
                    status = CZlibShim.deflate(stream, flush)
                    count = buffer.count - Int(stream.pointee.avail_out)
                }
                stream.pointee.next_out = nil
                if output.isEmpty { output = produced } else { output.append(contentsOf: produced) }
                // With room left over zlib has flushed everything (Z_BUF_ERROR then only says there was nothing
                // more to do); without, it goes on where it stopped.
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { return nil }
                if status == Z_STREAM_END || (!final && stream.pointee.avail_out > 0) { return output }
                if status == Z_BUF_ERROR && stream.pointee.avail_out > 0 { return nil }
                room = 64 * 1024
            }
        }
    }
}
