/// RFC 4180 CSV: a header row, CRLF line breaks, fields quoted when they hold a comma, quote, CR or LF.
public struct CSVWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next field starts a row.
    private var atRowStart = true

    public init(header: [String]) {
        row(header)
    }

    /// The bytes written so far, which the writer then forgets: for a table written as it is made.
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    public mutating func row(_ fields: [String]) {
        for field in fields {
            var text = field
            text.withUTF8 { self.field($0) }
        }
        endRow()
    }

    /// Appends the next field of the row being written.
    public mutating func field(_ text: UnsafeBufferPointer<UInt8>) {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
        var needsQuotes = false
        for byte in text where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            bytes.append(contentsOf: text)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for (index, byte) in text.enumerated() where byte == UInt8(ascii: "\"") {
            // The run up to and including the quote, then the quote again.
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...index]))
            bytes.append(UInt8(ascii: "\""))
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Ends the row being written.
    public mutating func endRow() {
        bytes.append(contentsOf: [0x0D, 0x0A])
        atRowStart = true
    }
}
