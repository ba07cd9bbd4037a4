/// The bytes of a JSON document as UTF-8, a chunk at a time, with the line and column of the next byte for
/// errors. A document starting with a UTF-16 byte order mark is transcoded; any other is read as UTF-8 (a UTF-8
/// byte order mark skipped), checked as it streams past, as JSON text must be UTF-8 (RFC 8259 §8.1).
struct JSONByteStream {
    let file: String
    private let reader: ChunkedByteReader
    private var transcoder: UTF8Transcoder
    /// Chunks read ahead to look for a byte order mark and NUL bytes, handed out before the reader's next ones.
    private var pending: [[UInt8]]
    private var chunk: [UInt8] = []
    private var index = 0
    /// A fault of the encoding met in the last chunk read, thrown once the bytes before it are consumed: where
    /// chunks end must not change which fault of a document is told.
    private var fault: ImportError?
    /// The 1-based line and column (in bytes) of the next byte.
    private(set) var line = 1
    private(set) var column = 1
    /// Bytes handed out so far: what bounds the size of one value.
    private(set) var offset = 0

    init(_ source: ImportSource) throws(ImportError) {
        file = source.name
        reader = try source.open()
        var head: [UInt8] = []
        pending = []
        while head.count < EncodingDetector.binaryProbeLength, let next = try reader.next() {
            head += next
            pending.append(next)
        }
        let mark = EncodingDetector.byteOrderMark(head)
        let encoding = mark?.encoding ?? .utf8
        if encoding == .utf8, head.prefix(EncodingDetector.binaryProbeLength).contains(0) {
            throw ImportError(file: source.name, reason: .notText)
        }
        transcoder = UTF8Transcoder(DetectedEncoding(encoding: encoding, byteOrderMarkLength: mark?.length ?? 0, warning: nil, verified: false),
                                    file: source.name)
        pending.reverse()
    }

    /// The next byte without consuming it; nil at the end of the document.
    @inline(__always)
    mutating func peek() throws(ImportError) -> UInt8? {
        if index < chunk.count { return chunk[index] }
        return try refill() ? chunk[index] : nil
    }

    /// Consumes the byte `peek()` returned.
    @inline(__always)
    mutating func advance() {
        if chunk[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
        offset += 1
    }

    /// Consumes and returns the next byte; nil at the end of the document.
    @inline(__always)
    mutating func next() throws(ImportError) -> UInt8? {
        guard let byte = try peek() else { return nil }
        advance()
        return byte
    }

    /// Loads the next non-empty chunk; false at the end of the document.
    private mutating func refill() throws(ImportError) -> Bool {
        if let fault { throw fault }
        while true {
            let raw: [UInt8]
            if let buffered = pending.popLast() {
                raw = buffered
            } else if let read = try reader.next() {
                raw = read
            } else {
                try transcoder.finish()
                return false
            }
            let before = transcoder
            do {
                chunk = try transcoder.transcode(raw)
            } catch {
                // Again a byte at a time, to hand out the text before the fault.
                transcoder = before
                chunk = []
                for byte in raw {
                    do { chunk += try transcoder.transcode([byte]) } catch {
                        fault = error
                        break
                    }
                }
                if chunk.isEmpty, let fault { throw fault }
            }
            index = 0
            if !chunk.isEmpty { return true }
        }
    }
}
