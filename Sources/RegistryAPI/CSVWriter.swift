#if canImport(Glibc)
import Glibc
#endif

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
        guard CSVWriter.needsQuotes(text) else {
            output.append(text)
            return
        }
        output.append(UInt8(ascii: "\""))
        var rest = text
        // Each run up to and including a quote, then the quote again; quotes are found with `memchr`, as a long
        // quoted cell (a project's partners) is mostly bytes that are not.
        while let base = rest.baseAddress, let found = memchr(base, Int32(UInt8(ascii: "\"")), rest.count) {
            let run = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            output.append(UnsafeBufferPointer(rebasing: rest[..<run]))
            output.append(UInt8(ascii: "\""))
            rest = UnsafeBufferPointer(rebasing: rest[run...])
        }
        output.append(rest)
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

    /// Whether one of the eight bytes of `word` is `byte`: the word with `byte` taken out of each of its bytes
    /// has a zero byte exactly then.
    @inline(__always)
    private static func holds(_ word: UInt64, _ byte: UInt8) -> Bool {
        let spread = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (spread &- 0x0101_0101_0101_0101) & ~spread & 0x8080_8080_8080_8080 != 0
    }

    /// Ends the row being written.
    public func endRow() {
        output.append(0x0D)
        output.append(0x0A)
        atRowStart = true
    }
}
