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
        // Each byte once, each quote twice, the quotes around, and up to eight bytes past the end: a word is
        // stored whole before the quote in it is found. Quotes are found a word at a time, as a long quoted cell (a
        // project's partners, JSON) holds one every few bytes.
        output.append(upTo: text.count * 2 + 10) { row in
            let raw = UnsafeRawPointer(base)
            let quote = UInt8(ascii: "\"")
            row[0] = quote
            var written = 1
            var index = 0
            while index + 8 <= text.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                UnsafeMutableRawPointer(row + written).storeBytes(of: word, as: UInt64.self)
                let found = ByteWords.matches(word, quote)
                guard found != 0 else {
                    written += 8
                    index += 8
                    continue
                }
                // The word's bytes up to and including its first quote stay; the quote is written again after them.
                let kept = found.trailingZeroBitCount / 8 + 1
                written += kept
                row[written] = quote
                written += 1
                index += kept
            }
            while index < text.count {
                row[written] = text[index]
                written += 1
                if text[index] == quote {
                    row[written] = quote
                    written += 1
                }
                index += 1
            }
            row[written] = quote
            return written + 1
        }
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
        ByteWords.matches(word, byte) != 0
    }

    /// Ends the row being written.
    public func endRow() {
        output.append(0x0D)
        output.append(0x0A)
        atRowStart = true
    }
}
