import JSONOutput

/// A pull parser of JSON text (RFC 8259) over a ``JSONByteStream``: the reader walks objects and arrays member by
/// member, reads the values it needs (``value()``) and passes over the others without keeping them
/// (``skipValue()``), so that a document of any size is read in the memory of its largest row.
///
/// It is ours because nothing at hand reads JSON a piece at a time: Foundation's `JSONSerialization` and the
/// project's `JSONValueParser` need the whole document in memory, and no kept Swift package streams it.
///
/// Numbers are kept as decimal text: a literal without an exponent as written (`333746.87`, `1.50`), one with an
/// exponent written out without it (`1.5e3` is `1500`), so that money and rates parse exactly.
struct JSONStreamParser {
    private var stream: JSONByteStream
    /// The most bytes one value read by ``value()`` may span: a larger one is refused, not held.
    let valueLimit: Int
    /// How deeply arrays and objects may nest: deeper documents are refused rather than recursed into.
    static let depthLimit = 512
    /// How far an exponent may move a number's decimal point when it is written out.
    static let exponentLimit = 1_000
    private var depth = 0
    /// Where the value being read by ``value()`` began (``JSONByteStream/offset``).
    private var valueStart = 0
    /// Whether ``value()`` is reading (its size is measured from ``valueStart``) rather than ``skipValue()``
    /// passing over (only the member name being read is held, and measured).
    private var reading = false
    private var bytes: [UInt8] = []

    init(_ stream: JSONByteStream, valueLimit: Int) {
        self.stream = stream
        self.valueLimit = valueLimit
    }

    // MARK: Structure

    /// The first byte of the next value (`{`, `[`, `"`, `t`, `f`, `n`, `-` or a digit), after whitespace; the
    /// value is not consumed.
    mutating func peekValue() throws(ImportError) -> UInt8 {
        try skipWhitespace()
        guard let byte = try stream.peek() else { throw failure("the document ends where a value should be") }
        return byte
    }

    /// Consumes the `{` or `[` that ``peekValue()`` saw.
    mutating func open() throws(ImportError) {
        depth += 1
        guard depth <= Self.depthLimit else { throw failure("arrays and objects nested more than \(Self.depthLimit) deep") }
        stream.advance()
    }

    /// The next member's name of the object opened by ``open()``, with its `:` consumed; nil after its `}`.
    /// `first` is true before the first member.
    mutating func nextMember(first: inout Bool) throws(ImportError) -> String? {
        try skipWhitespace()
        if try stream.peek() == UInt8(ascii: "}") {
            stream.advance()
            depth -= 1
            return nil
        }
        if !first {
            try expect(UInt8(ascii: ","), "a `,` or `}` after an object's member")
            try skipWhitespace()
        }
        first = false
        guard try stream.peek() == UInt8(ascii: "\"") else { throw unexpected("a member's name in quotes") }
        let name = try string()
        try skipWhitespace()
        try expect(UInt8(ascii: ":"), "a `:` after a member's name")
        return name
    }

    /// Whether the array opened by ``open()`` has another element (then the parser is at it); false after its `]`.
    mutating func nextElement(first: inout Bool) throws(ImportError) -> Bool {
        try skipWhitespace()
        if try stream.peek() == UInt8(ascii: "]") {
            stream.advance()
            depth -= 1
            return false
        }
        if !first { try expect(UInt8(ascii: ","), "a `,` or `]` after an array's element") }
        first = false
        return true
    }

    /// Checks that nothing but whitespace follows the document's value.
    mutating func finish() throws(ImportError) {
        try skipWhitespace()
        if try stream.peek() != nil { throw unexpected("the end of the document after its value") }
    }

    // MARK: Values

    /// Reads the next value whole; refused when it spans more than ``valueLimit`` bytes.
    mutating func value() throws(ImportError) -> JSONValue {
        valueStart = stream.offset
        reading = true
        defer { reading = false }
        return try readValue()
    }

    /// Passes over the next value, checking it is valid JSON, without keeping it.
    mutating func skipValue() throws(ImportError) {
        switch try peekValue() {
        case UInt8(ascii: "{"):
            try open()
            var first = true
            while try nextMember(first: &first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try open()
            var first = true
            while try nextElement(first: &first) { try skipValue() }
        case UInt8(ascii: "\""):
            try passString(keep: false)
        default:
            _ = try scalar(keep: false)
        }
    }

    private mutating func readValue() throws(ImportError) -> JSONValue {
        switch try peekValue() {
        case UInt8(ascii: "{"):
            try open()
            var members: [String: JSONValue] = [:]
            var first = true
            while let name = try nextMember(first: &first) {
                members[name] = try readValue()
                try checkSize()
            }
            return .object(members)
        case UInt8(ascii: "["):
            try open()
            var elements: [JSONValue] = []
            var first = true
            while try nextElement(first: &first) {
                elements.append(try readValue())
                try checkSize()
            }
            return .array(elements)
        case UInt8(ascii: "\""):
            let text = try string()
            try checkSize()
            return .string(text)
        default:
            return try scalar(keep: true)
        }
    }

    private func checkSize() throws(ImportError) {
        guard (reading ? stream.offset - valueStart : bytes.count) <= valueLimit else {
            throw ImportError(file: stream.file, location: .line(stream.line), reason: .valueTooLarge(limit: valueLimit))
        }
    }

    /// A literal (`true`, `false`, `null`) or a number; with `keep` false only checked.
    private mutating func scalar(keep: Bool) throws(ImportError) -> JSONValue {
        guard let first = try stream.peek() else { throw failure("the document ends where a value should be") }
        switch first {
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number(keep: keep))
        default: throw unexpected("a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(ImportError) {
        let (line, column) = (stream.line, stream.column)
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard try stream.next() == expected else {
                throw failure("not a value, `\(word)` expected", line: line, column: column)
            }
        }
        try endOfToken()
    }

    /// A number's literal, checked against RFC 8259's grammar, as decimal text.
    private mutating func number(keep: Bool) throws(ImportError) -> String {
        let (line, column) = (stream.line, stream.column)
        let invalid = failure("an invalid number", line: line, column: column)
        var negative = false
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        if try stream.peek() == UInt8(ascii: "-") { negative = true; stream.advance() }
        let integerDigits = try digits(into: &integer, keep: keep)
        guard integerDigits > 0 else { throw invalid }
        if integer.first == UInt8(ascii: "0") && integerDigits > 1 { throw invalid }
        var hasFraction = false
        if try stream.peek() == UInt8(ascii: ".") {
            stream.advance()
            guard try digits(into: &fraction, keep: keep) > 0 else { throw invalid }
            hasFraction = true
        }
        var exponent: Int?
        if let byte = try stream.peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            stream.advance()
            var sign = 1
            if let byte = try stream.peek(), byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                if byte == UInt8(ascii: "-") { sign = -1 }
                stream.advance()
            }
            var value = 0
            var count = 0
            while let byte = try stream.peek(), byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                count += 1
                guard value <= Self.exponentLimit else {
                    throw failure("a number's exponent beyond ±\(Self.exponentLimit)", line: line, column: column)
                }
                stream.advance()
            }
            guard count > 0 else { throw invalid }
            exponent = sign * value
        }
        try endOfToken()
        guard keep else { return "" }
        guard let exponent else {
            return (negative ? "-" : "") + String(decoding: integer, as: UTF8.self)
                + (hasFraction ? "." + String(decoding: fraction, as: UTF8.self) : "")
        }
        return Self.decimalText(negative: negative, digits: integer + fraction, point: integer.count + exponent)
    }

    /// `digits` with the decimal point after `point` of them (before the first when `point` ≤ 0), without
    /// leading zeros before the point.
    static func decimalText(negative: Bool, digits: [UInt8], point: Int) -> String {
        var whole: [UInt8]
        var fraction: [UInt8]
        if point <= 0 {
            whole = [UInt8(ascii: "0")]
            fraction = Array(repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            whole = digits + Array(repeating: UInt8(ascii: "0"), count: point - digits.count)
            fraction = []
        } else {
            whole = Array(digits[..<point])
            fraction = Array(digits[point...])
        }
        while whole.count > 1 && whole.first == UInt8(ascii: "0") { whole.removeFirst() }
        let isZero = whole == [UInt8(ascii: "0")] && fraction.allSatisfy { $0 == UInt8(ascii: "0") }
        return (negative && !isZero ? "-" : "") + String(decoding: whole, as: UTF8.self)
            + (fraction.isEmpty ? "" : "." + String(decoding: fraction, as: UTF8.self))
    }

    /// Consumes a run of digits and returns how many there were; with `keep` they go into `output`, else only
    /// the first (which tells a leading zero).
    private mutating func digits(into output: inout [UInt8], keep: Bool) throws(ImportError) -> Int {
        var count = 0
        while let byte = try stream.peek(), byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            if keep || count == 0 { output.append(byte) }
            count += 1
            stream.advance()
            if keep && count & 0xFFF == 0 { try checkSize() }
        }
        return count
    }

    /// A token must end at whitespace or punctuation: `truex` and `12a` are not values.
    private mutating func endOfToken() throws(ImportError) {
        guard let byte = try stream.peek() else { return }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
             UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"):
            return
        default:
            throw unexpected("the end of a value")
        }
    }

    /// Reads a string whose opening quote is next, resolving its escapes.
    private mutating func string() throws(ImportError) -> String {
        bytes.removeAll(keepingCapacity: true)
        try passString(keep: true)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Consumes a string whose opening quote is next; with `keep`, its text goes into `bytes`.
    private mutating func passString(keep: Bool) throws(ImportError) {
        let (line, column) = (stream.line, stream.column)
        stream.advance()
        while true {
            guard let byte = try stream.next() else {
                throw ImportError(file: stream.file, location: .line(line),
                                  reason: .invalidJSON("a string opened at column \(column) is never closed"))
            }
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                try escape(keep: keep)
            case 0..<0x20:
                throw failure("a control character inside a string, which must be escaped", line: stream.line, column: stream.column - 1)
            default:
                if keep {
                    bytes.append(byte)
                    if bytes.count & 0xFFFF == 0 { try checkSize() }
                }
            }
        }
    }

    private mutating func escape(keep: Bool) throws(ImportError) {
        let (line, column) = (stream.line, stream.column - 1)
        let invalid = failure("an invalid escape in a string", line: line, column: column)
        guard let byte = try stream.next() else { throw invalid }
        let scalar: UInt32
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalar = UInt32(byte)
        case UInt8(ascii: "b"): scalar = 0x08
        case UInt8(ascii: "f"): scalar = 0x0C
        case UInt8(ascii: "n"): scalar = 0x0A
        case UInt8(ascii: "r"): scalar = 0x0D
        case UInt8(ascii: "t"): scalar = 0x09
        case UInt8(ascii: "u"):
            let unit = try hexUnit(invalid)
            switch unit {
            case 0xD800...0xDBFF:
                guard try stream.next() == UInt8(ascii: "\\"), try stream.next() == UInt8(ascii: "u") else { throw invalid }
                let low = try hexUnit(invalid)
                guard (0xDC00...0xDFFF).contains(low) else { throw invalid }
                scalar = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw invalid
            default:
                scalar = UInt32(unit)
            }
        default:
            throw invalid
        }
        guard keep, let character = Unicode.Scalar(scalar) else { return }
        UTF8.encode(character) { bytes.append($0) }
    }

    /// The four hexadecimal digits of a `\u` escape.
    private mutating func hexUnit(_ invalid: ImportError) throws(ImportError) -> UInt16 {
        var quad: [UInt8] = []
        for _ in 0..<4 {
            guard let byte = try stream.next() else { throw invalid }
            quad.append(byte)
        }
        guard let unit = quad.withUnsafeBufferPointer({ JSONEscape.hexQuad($0, at: 0) }) else { throw invalid }
        return UInt16(unit)
    }

    // MARK: Bytes

    private mutating func skipWhitespace() throws(ImportError) {
        while let byte = try stream.peek(),
              byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") {
            stream.advance()
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(ImportError) {
        guard try stream.peek() == byte else { throw unexpected(what) }
        stream.advance()
    }

    /// An error at the next byte: what was expected and what is there.
    private mutating func unexpected(_ expected: String) -> ImportError {
        let found: String
        if let byte = try? stream.peek() {
            found = byte >= 0x21 && byte < 0x7F
                ? "`\(Character(Unicode.Scalar(byte)))`"
                : "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        } else {
            found = "the end of the document"
        }
        return failure("expected \(expected), found \(found)")
    }

    /// Invalid JSON at the next byte.
    private func failure(_ detail: String) -> ImportError {
        failure(detail, line: stream.line, column: stream.column)
    }

    /// Invalid JSON at `line` and `column`.
    private func failure(_ detail: String, line: Int, column: Int) -> ImportError {
        ImportError(file: stream.file, location: .line(line), reason: .invalidJSON("\(detail) (column \(column))"))
    }
}
