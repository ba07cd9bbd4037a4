/// The state machine that cuts UTF-8 bytes into records of fields, fed in chunks of any size: where a chunk ends
/// changes nothing, so a file is read in constant memory and a split anywhere gives the same records.
///
/// Tolerant where real exports are sloppy: a quote that does not start a field is an ordinary character; a quoted
/// field whose closing quote is followed by more text (`"Zora-ES" EOOD`) is read literally, quotes and all; CRLF,
/// lone CR, blank lines and records of empty fields only (`,,,,`) are passed over. Strict where guessing would lose
/// data: a quoted field still open at the end of the file, or a record longer than the limit, is an error.
struct CSVRecordParser {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let delimiter: UInt8
    let quoting: Bool
    let maximumRecordBytes: Int

    private var state = State.fieldStart
    private var field: [UInt8] = []
    /// A quoted field's bytes as written, for reading it literally when its closing quote turns out not to be one.
    private var raw: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var lastWasCarriageReturn = false
    /// Bytes consumed before the current chunk, and the offset where the current record started.
    private var consumed = 0
    private var recordStart = 0
    /// Whether some field looked quoted but was not: a sign that the file does not use quotes at all.
    private(set) var sawStrayQuote = false
    /// Whether some quoted field needed its quotes (it holds a delimiter, a line break or a quote): proof that it does.
    private(set) var sawNeededQuotes = false

    init(delimiter: UInt8, quoting: Bool, maximumRecordBytes: Int) {
        self.delimiter = delimiter
        self.quoting = quoting
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// A record: its fields and the physical line where it starts.
    typealias Record = (fields: [String], line: Int)

    enum Failure: Error {
        case unterminatedQuote(line: Int)
        case recordTooLong(line: Int)
    }

    /// Consumes `bytes`, appending every record they complete to `records`.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, into records: inout [Record]) throws(Failure) {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch state {
            case .fieldStart where quoting && byte == Self.quote:
                state = .quoted
                quoteLine = line
                raw.removeAll(keepingCapacity: true)
                raw.append(byte)
                lastWasCarriageReturn = false
                index += 1
            case .fieldStart, .unquoted:
                var end = index
                while end < count {
                    let next = bytes[end]
                    if next == delimiter || next == Self.lineFeed || next == Self.carriageReturn { break }
                    end += 1
                }
                if end > index {
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    lastWasCarriageReturn = false
                    state = .unquoted
                }
                index = end
                guard end < count else { break }
                try endOfUnquoted(bytes[end], offset: end, &records)
                index += 1
            case .quoted:
                var end = index
                while end < count, bytes[end] != Self.quote { end += 1 }
                if end > index {
                    let run = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    for next in run { countLine(next) }
                    field.append(contentsOf: run)
                    raw.append(contentsOf: run)
                }
                index = end
                guard end < count else { break }
                raw.append(Self.quote)
                lastWasCarriageReturn = false
                state = .quoteInQuoted
                index += 1
            case .quoteInQuoted:
                if byte == Self.quote {
                    field.append(byte)
                    raw.append(byte)
                    lastWasCarriageReturn = false
                    state = .quoted
                } else if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn {
                    if !sawNeededQuotes {
                        sawNeededQuotes = raw.count > field.count + 2
                            || field.contains { $0 == delimiter || $0 == Self.lineFeed || $0 == Self.carriageReturn }
                    }
                    try endOfUnquoted(byte, offset: index, &records)
                } else {
                    sawStrayQuote = true
                    swap(&field, &raw)
                    field.append(byte)
                    lastWasCarriageReturn = false
                    state = .unquoted
                }
                index += 1
            }
        }
        consumed += count
        if consumed - recordStart > maximumRecordBytes { throw .recordTooLong(line: recordLine) }
    }

    /// Ends the input: completes a last record without a line break, or fails on a quote left open.
    mutating func finish(into records: inout [Record]) throws(Failure) {
        switch state {
        case .quoted: throw .unterminatedQuote(line: quoteLine)
        case .fieldStart where fields.isEmpty && field.isEmpty: break
        default: try endRecord(at: consumed, &records)
        }
    }

    /// A delimiter or line break outside quotes.
    @inline(__always)
    private mutating func endOfUnquoted(_ byte: UInt8, offset: Int, _ records: inout [Record]) throws(Failure) {
        if byte == delimiter {
            endField()
            state = .fieldStart
            lastWasCarriageReturn = false
            return
        }
        let isLineFeedOfCRLF = byte == Self.lineFeed && lastWasCarriageReturn
        countLine(byte)
        if isLineFeedOfCRLF {
            recordLine = line
            recordStart = consumed + offset + 1
            return
        }
        try endRecord(at: consumed + offset + 1, &records)
    }

    @inline(__always)
    private mutating func countLine(_ byte: UInt8) {
        if byte == Self.lineFeed {
            if !lastWasCarriageReturn { line += 1 }
            lastWasCarriageReturn = false
        } else if byte == Self.carriageReturn {
            line += 1
            lastWasCarriageReturn = true
        } else {
            lastWasCarriageReturn = false
        }
    }

    @inline(__always)
    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(at nextRecordStart: Int, _ records: inout [Record]) throws(Failure) {
        endField()
        if nextRecordStart - recordStart > maximumRecordBytes { throw .recordTooLong(line: recordLine) }
        if fields.contains(where: { !$0.isEmpty }) { records.append((fields, recordLine)) }
        fields.removeAll(keepingCapacity: true)
        state = .fieldStart
        recordLine = line
        recordStart = nextRecordStart
    }
}
