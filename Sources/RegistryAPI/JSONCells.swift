import JSONOutput
import Registry

/// Reads the JSON objects of a list's entries into the cells of its CSV table, without decoding them into
/// values first: the names and texts ``CSVTable`` and ``CSVRecordRows`` give them.
///
/// Nested objects give cells named with `.` (`total_budget.amount`); an array of plain values gives one cell
/// of them joined with `;` (`\;` and `\\` inside a value), an array holding objects or arrays the cell `name`
/// with its JSON text and the cell `name.count`, an empty array none;
/// `evidence` is left out at every level. A string is its text, `null` the empty cell, a number its text as
/// an integer when it is one (and fits 64 bits), else as the shortest text of the nearest `Double`.
///
/// Names and texts are handed over as bytes that stay valid for the call only: a whole-collection download
/// runs this for every cell of every record, so a string without escapes is passed as it lies in the JSON,
/// and members whose cells the sink does not keep are passed over unread.
struct JSONCells {
    /// The JSON is not an object of the form the store serves.
    typealias Malformed = StoredJSON.Malformed

    private var input: JSONInput
    /// The name of the member being read: its keys from the outermost, joined with `.`.
    private let path = ByteBuffer(capacity: 64)
    /// The text of a value that is not a slice of the input (an escaped string, a joined array, a number).
    private let text = ByteBuffer(capacity: 256)

    private init(bytes: UnsafeBufferPointer<UInt8>, position: Int) {
        input = JSONInput(bytes: bytes, position: position)
    }

    /// Gives `sink` every cell of the object that `bytes` holds from `start`, and returns the index after
    /// the object.
    static func cells<Sink: JSONCellSink>(of bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0,
                                          into sink: inout Sink) throws -> Int {
        var reader = JSONCells(bytes: bytes, position: start)
        reader.input.skipWhitespace()
        try reader.object(&sink)
        return reader.input.position
    }

    /// Calls `entry` for every element of the JSON array `bytes` holds, before `sink` gets the cells of that
    /// element (an object).
    static func cellsOfArray<Sink: JSONCellSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink,
                                                 entry: (inout Sink) -> Void) throws {
        var reader = JSONCells(bytes: bytes, position: 0)
        reader.input.skipWhitespace()
        try reader.input.expect(UInt8(ascii: "["))
        reader.input.skipWhitespace()
        if reader.input.peek() == UInt8(ascii: "]") {
            reader.input.position += 1
        } else {
            while true {
                entry(&sink)
                reader.input.skipWhitespace()
                try reader.object(&sink)
                guard try reader.input.nextElement(closing: UInt8(ascii: "]")) else { break }
            }
        }
        reader.input.skipWhitespace()
        guard reader.input.position == bytes.count else { throw Malformed(offset: reader.input.position) }
    }

    // MARK: Values

    private static let evidence = Array("evidence".utf8)

    private mutating func object<Sink: JSONCellSink>(_ sink: inout Sink) throws {
        try input.expect(UInt8(ascii: "{"))
        input.skipWhitespace()
        if input.peek() == UInt8(ascii: "}") {
            input.position += 1
            return
        }
        let outer = path.count
        while true {
            input.skipWhitespace()
            if outer > 0 { path.append(UInt8(ascii: ".")) }
            let keyStart = path.count
            try input.string(appendingTo: path)
            input.skipWhitespace()
            try input.expect(UInt8(ascii: ":"))
            input.skipWhitespace()
            if path.count - keyStart == Self.evidence.count
                && path.withBytes({ $0[keyStart...].elementsEqual(Self.evidence) }) {
                try input.skipValue()
            } else {
                try member(&sink)
            }
            path.truncate(to: outer)
            guard try input.nextElement(closing: UInt8(ascii: "}")) else { return }
        }
    }

    /// The value of the member named `path`.
    private mutating func member<Sink: JSONCellSink>(_ sink: inout Sink) throws {
        switch input.peek() {
        case UInt8(ascii: "{"):
            guard path.withBytes({ sink.wants($0) }) else { return try input.skipValue() }
            try object(&sink)
        case UInt8(ascii: "["):
            guard path.withBytes({ sink.wants($0) }) else { return try input.skipValue() }
            try array(&sink)
        case UInt8(ascii: "\""):
            if let slice = try input.unescapedString() {
                path.withBytes { sink.cell($0, slice) }
            } else {
                text.removeAll()
                try input.string(appendingTo: text)
                give(text, to: &sink)
            }
        default:
            text.removeAll()
            guard try input.plainValue(appendingTo: text) else { throw Malformed(offset: input.position) }
            give(text, to: &sink)
        }
    }

    /// An array: its plain values joined with `;` (a `;` or `\` in a value escaped with `\`), or, when any
    /// element is an object or array, the array's JSON text and the count of its elements (`name.count`).
    private mutating func array<Sink: JSONCellSink>(_ sink: inout Sink) throws {
        let start = input.position
        input.position += 1
        input.skipWhitespace()
        if input.peek() == UInt8(ascii: "]") {
            input.position += 1
            return
        }
        text.removeAll()
        var count = 0
        var plain = true
        while true {
            input.skipWhitespace()
            if plain && count > 0 { text.append(UInt8(ascii: ";")) }
            count += 1
            let valueStart = text.count
            if !plain {
                try input.skipValue()
            } else if try !input.plainValue(appendingTo: text) {
                plain = false
                try input.skipValue()
            } else {
                Self.escapeSeparators(in: text, from: valueStart)
            }
            guard try input.nextElement(closing: UInt8(ascii: "]")) else { break }
        }
        if plain {
            give(text, to: &sink)
        } else {
            // The store serves compact JSON, so the array's bytes are already the cell's text.
            path.withBytes { name in
                sink.cell(name, UnsafeBufferPointer(rebasing: input.bytes[start..<input.position]))
            }
            let outer = path.count
            path.append(".count")
            text.removeAll()
            text.append(String(count))
            give(text, to: &sink)
            path.truncate(to: outer)
        }
    }

    /// Puts `\` before every `;` and `\` of `text` from `start`, so that a joined list splits back into the
    /// values it was made from.
    private static func escapeSeparators(in text: ByteBuffer, from start: Int) {
        guard text.withBytes({ $0[start...].contains { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\\") } }) else { return }
        let value = text.withBytes { Array($0[start...]) }
        text.truncate(to: start)
        for byte in value {
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\\") { text.append(UInt8(ascii: "\\")) }
            text.append(byte)
        }
    }

    private func give<Sink: JSONCellSink>(_ value: ByteBuffer, to sink: inout Sink) {
        path.withBytes { name in
            value.withBytes { sink.cell(name, $0) }
        }
    }
}

/// A cursor over JSON bytes: reads past values, giving their texts.
private struct JSONInput {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    typealias Malformed = JSONCells.Malformed

    /// Appends the text of the plain value at the position to `output`, reading past it; false (nothing read)
    /// for an object or array.
    mutating func plainValue(appendingTo output: ByteBuffer) throws -> Bool {
        switch peek() {
        case UInt8(ascii: "\""):
            try string(appendingTo: output)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return false
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "t"):
            try literal("true")
            output.append("true")
        case UInt8(ascii: "f"):
            try literal("false")
            output.append("false")
        default:
            try number(appendingTo: output)
        }
        return true
    }

    mutating func number(appendingTo output: ByteBuffer) throws {
        let start = position
        let (digits, integral) = try numberText()
        if integral && Self.isCanonicalInteger(digits) {
            // What `Int64` would read and print back: the bytes as they are.
            output.append(digits)
            return
        }
        if !integral && Self.isShortestDecimal(digits) {
            // What `Double` would read and print back.
            output.append(digits)
            return
        }
        let text = String(decoding: digits, as: UTF8.self)
        if integral, let integer = Int64(text) {
            output.append(String(integer))
            return
        }
        guard let double = Double(text) else { throw Malformed(offset: start) }
        output.append(String(double))
    }

    /// The bytes of the number at the position, read past, and whether they hold only digits and minus signs.
    mutating func numberText() throws -> (digits: UnsafeBufferPointer<UInt8>, integral: Bool) {
        let start = position
        var integral = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") {
                integral = false
                position += 1
            } else {
                break
            }
        }
        guard position > start else { throw Malformed(offset: start) }
        return (UnsafeBufferPointer(rebasing: bytes[start..<position]), integral)
    }

    /// Whether `digits` is an integer written as `Int64` writes it: an optional minus, no leading zero, not
    /// `-0`, and few enough digits to fit.
    static func isCanonicalInteger(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if digits.first == UInt8(ascii: "-") { index = 1 }
        let count = digits.count - index
        guard count >= 1, count <= 18 else { return false }
        if digits[index] == UInt8(ascii: "0") && (count > 1 || index == 1) { return false }
        for position in index..<digits.count where digits[position] == UInt8(ascii: "-") { return false }
        return true
    }

    /// Whether `digits` is a decimal fraction written as `Double` writes its nearest value: an optional minus,
    /// an integer part without leading zeros below 10^16, a point, a fraction not ending in zero, at least 0.001
    /// in magnitude, and at most 15 significant digits. Any decimal of 15 significant digits or fewer comes back
    /// unchanged from the nearest `Double`, and no shorter text reads as that `Double`; below 0.001 or from
    /// 10^16 `Double` writes an exponent.
    static func isShortestDecimal(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = digits.first == UInt8(ascii: "-") ? 1 : 0
        let integerStart = index
        while index < digits.count, digits[index] >= UInt8(ascii: "0"), digits[index] <= UInt8(ascii: "9") { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits >= 1, integerDigits <= 16, index < digits.count, digits[index] == UInt8(ascii: "."),
              integerDigits == 1 || digits[integerStart] != UInt8(ascii: "0") else { return false }
        index += 1
        let fractionStart = index
        while index < digits.count, digits[index] >= UInt8(ascii: "0"), digits[index] <= UInt8(ascii: "9") { index += 1 }
        guard index == digits.count, index > fractionStart, digits[index - 1] != UInt8(ascii: "0") else { return false }
        let wholeIsZero = integerDigits == 1 && digits[integerStart] == UInt8(ascii: "0")
        var significant = (wholeIsZero ? 0 : integerDigits) + (index - fractionStart)
        if wholeIsZero {
            var leadingZeros = 0
            while digits[fractionStart + leadingZeros] == UInt8(ascii: "0") { leadingZeros += 1 }
            guard leadingZeros <= 2 else { return false }
            significant -= leadingZeros
        }
        return significant <= 15
    }

    /// The string at the position as it lies in the input, read past, when it holds no escape; nil (nothing
    /// read) when it does.
    mutating func unescapedString() throws -> UnsafeBufferPointer<UInt8>? {
        let start = position + 1
        guard let end = ByteWords.firstIndex(of: UInt8(ascii: "\""), or: UInt8(ascii: "\\"), in: bytes, from: start) else {
            throw Malformed(offset: position)
        }
        guard bytes[end] == UInt8(ascii: "\"") else { return nil }
        position = end + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Appends the text of the string at the position, its escapes decoded, to `output`.
    mutating func string(appendingTo output: ByteBuffer) throws {
        try expect(UInt8(ascii: "\""))
        var runStart = position
        while true {
            guard let found = ByteWords.firstIndex(of: UInt8(ascii: "\""), or: UInt8(ascii: "\\"), in: bytes, from: position) else {
                throw Malformed(offset: bytes.count)
            }
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<found]))
            position = found + 1
            if bytes[found] == UInt8(ascii: "\"") { return }
            guard position < bytes.count else { throw Malformed(offset: position) }
            let escape = bytes[position]
            position += 1
            if let plain = JSONEscape.byte(escaped: escape) {
                output.append(plain)
            } else if escape == UInt8(ascii: "u") {
                var value = try hexQuad()
                if (0xD800..<0xDC00).contains(value), position + 1 < bytes.count,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    position += 2
                    let low = try hexQuad()
                    guard (0xDC00..<0xE000).contains(low) else { throw Malformed(offset: position) }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                }
                output.append(String(Unicode.Scalar(value) ?? "\u{FFFD}"))
            } else {
                throw Malformed(offset: position - 1)
            }
            runStart = position
        }
    }

    mutating func hexQuad() throws -> UInt32 {
        guard let value = JSONEscape.hexQuad(bytes, at: position) else { throw Malformed(offset: position) }
        position += 4
        return value
    }

    /// Reads past the value at the position.
    mutating func skipValue() throws {
        switch peek() {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            position = try JSONScan.valueEnd(bytes, from: position)
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        default:
            _ = try numberText()
        }
    }

    // MARK: Bytes

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func expect(_ byte: UInt8) throws {
        guard position < bytes.count, bytes[position] == byte else { throw Malformed(offset: position) }
        position += 1
    }

    mutating func literal(_ text: StaticString) throws {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw Malformed(offset: position) }
        for index in 0..<count where bytes[position + index] != text.utf8Start[index] {
            throw Malformed(offset: position + index)
        }
        position += count
    }

    /// Reads past the `,` before the next element of an object or array (true), or past its `closing` bracket
    /// (false).
    mutating func nextElement(closing: UInt8) throws -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
            position += 1
            return true
        }
        try expect(closing)
        return false
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}

/// What the cells ``JSONCells`` reads are given to.
protocol JSONCellSink {
    /// Whether any cell named `name` or beginning `name.` is kept: an object or array whose cells none
    /// would be is read past unread.
    func wants(_ name: UnsafeBufferPointer<UInt8>) -> Bool
    /// A cell: its name and text, bytes valid for the call only.
    mutating func cell(_ name: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>)
}
