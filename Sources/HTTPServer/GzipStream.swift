import CZlibShim

/// One gzip member compressed part by part (RFC 1952 framing): each part is flushed to a byte boundary
/// (`Z_SYNC_FLUSH`), so that what has been sent decompresses up to its last byte while the rest is produced.
final class GzipStream {
    /// zlib keeps a pointer back to its stream: the stream lives at one address for its whole life.
    private let stream: UnsafeMutablePointer<z_stream>
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var ended = false

    /// Nil if zlib cannot start a stream.
    init?(level: Int32) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16 selects the gzip wrapper; memLevel 8 is zlib's default.
        guard brobygger_deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
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

    /// Compresses `input` and returns everything zlib has made of it so far; with `finish`, also the end of
    /// the member (its trailer), after which the stream takes nothing more. Nil if zlib fails.
    func compress(_ input: [UInt8], finish: Bool) -> [UInt8]? {
        guard !ended else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 3 + 64)
        let flush = finish ? Z_FINISH : Z_SYNC_FLUSH
        var input = input
        let succeeded = input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = uInt(inputBuffer.count)
            return scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                while true {
                    stream.pointee.next_out = scratchBuffer.baseAddress
                    stream.pointee.avail_out = uInt(scratchBuffer.count)
                    let status = deflate(stream, flush)
                    let produced = scratchBuffer.count - Int(stream.pointee.avail_out)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: scratchBuffer[..<produced]))
                    if status == Z_STREAM_END { return true }
                    // Z_BUF_ERROR only says no progress was possible: with room left, everything was flushed.
                    guard status == Z_OK || status == Z_BUF_ERROR else { return false }
                    if stream.pointee.avail_out > 0 && !finish { return true }
                    if status == Z_BUF_ERROR && stream.pointee.avail_out > 0 { return false }
                }
            }
        }
        stream.pointee.next_in = nil
        if finish { ended = true }
        return succeeded ? output : nil
    }
}
