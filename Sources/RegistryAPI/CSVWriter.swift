/// RFC 4180 CSV: a header row, CRLF line breaks, fields quoted when they hold a comma, quote, CR or LF.
/// A writer is one table's, written by one thread at a time.
public final class CSVWriter {
    private let output = ByteBuffer(capacity: 64 * 1024)
    /// Whether the next field starts a row.
    private var atRowStart = true

    public init(header: [String]) {
        row(header)
    }

    /// The bytes written so far.
    public var bytes: [UInt8] { output.bytes }

    /// How many bytes were written so far.
    public var byteCount: Int { output.count }

    /// The bytes written so far, which the writer then forgets: for a table written as it is made.
    public func takeBytes() -> [UInt8] {
        defer { output.removeAll() }
        return output.bytes
    }

    /// Calls `body` with the bytes written so far, which the writer then forgets: for a table written as it is
    /// made, without a copy of its bytes.
    func takeBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        defer { output.removeAll() }
        return try output.withBytes(body)
    }

    public func row(_ fields: [String]) {
        for field in fields {
            var text = field
            text.withUTF8 { self.field($0) }
        }
        endRow()
    }

    /// Appends the next field of the row being written.
    public func field(_ text: UnsafeBufferPointer<UInt8>) {
        if !atRowStart { output.append(UInt8(ascii: ",")) }
        atRowStart = false
        guard let base = text.baseAddress, CSVWriter.needsQuotes(text) else {
            output.append(text)
            return
        }
        output.append(UInt8(ascii: "\""))
        // Each run up to and including a quote, then the quote again. The quotes are found eight bytes at a time:
        // a long quoted cell (a project's partners, JSON) holds one every few bytes, too close together for a
        // call of `memchr` each.
        let raw = UnsafeRawPointer(base)
        var runStart = 0
        var index = 0
        while index < text.count {
            let quote: Int
            if index + 8 <= text.count {
                let found = CSVWriter.matches(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self), UInt8(ascii: "\""))
                guard found != 0 else {
                    index += 8
                    continue
                }
                // The lowest byte flagged is a quote: a borrow only ever flags bytes above one.
                quote = index + found.trailingZeroBitCount / 8
            } else {
                guard text[index] == UInt8(ascii: "\"") else {
                    index += 1
                    continue
                }
                quote = index
            }
            output.append(UnsafeBufferPointer(rebasing: text[runStart...quote]))
            output.append(UInt8(ascii: "\""))
            runStart = quote + 1
            index = quote + 1
        }
        output.append(UnsafeBufferPointer(rebasing: text[runStart...]))
        output.append(UInt8(ascii: "\""))
    }

    /// Whether `text` holds a comma, a quote, a CR or an LF, looked for eight bytes at a time: every byte of a
    /// download's cells passes here.
    private static func needsQuotes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= text.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if holds(word, UInt8(ascii: ",")) || holds(word, UInt8(ascii: "\"")) || holds(word, 0x0D) || holds(word, 0x0A) {
                return true
            }
            index += 8
        }
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A { return true }
            index += 1
        }
        return false
    }

    /// Whether one of the eight bytes of `word` is `byte`.
    @inline(__always)
    private static func holds(_ word: UInt64, _ byte: UInt8) -> Bool {
        matches(word, byte) != 0
    }

    /// The word with the high bit of each byte of `word` that may be `byte` set, and no other: the word with
    /// `byte` taken out of each of its bytes has a zero byte there. Where a byte is `byte`, the subtraction's
    /// borrow can flag bytes above it that are not; the lowest flagged byte always is `byte`, and no bit is set
    /// where no byte is.
    @inline(__always)
    private static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let spread = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (spread &- 0x0101_0101_0101_0101) & ~spread & 0x8080_8080_8080_8080
    }

    /// Ends the row being written.
    public func endRow() {
        output.append(0x0D)
        output.append(0x0A)
        atRowStart = true
    }
}
