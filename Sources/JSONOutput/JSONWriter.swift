/// A minimal streaming JSON writer for documents written without `Codable`.
/// It places commas itself; callers emit keys and values in order. Strings are escaped as Foundation's
/// `JSONEncoder` escapes them (with `.withoutEscapingSlashes`), so a document written either way has the
/// same bytes.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value of the innermost object or array follows another (and so a comma).
    private var needsComma = false
    /// The same for each enclosing object or array, innermost last: kept apart from the innermost one's, which
    /// every value reads and sets.
    private var enclosing: [Bool] = []

    public init() {}

    /// Makes room for `count` bytes in all.
    public mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    public mutating func beginObject() { begin(UInt8(ascii: "{")) }
    public mutating func endObject() { end(UInt8(ascii: "}")) }
    public mutating func beginArray() { begin(UInt8(ascii: "[")) }
    public mutating func endArray() { end(UInt8(ascii: "]")) }

    private mutating func begin(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        enclosing.append(needsComma)
        needsComma = false
    }

    private mutating func end(_ bracket: UInt8) {
        needsComma = enclosing.removeLast()
        bytes.append(bracket)
    }

    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A key as ``JSONKey`` holds it written: for the members of many objects of one shape, whose keys need not be
    /// escaped again for each.
    public mutating func key(_ key: JSONKey) {
        separate()
        bytes.append(contentsOf: key.bytes)
        needsComma = false
    }

    public mutating func string(_ value: String) { separate(); appendQuoted(value) }
    /// A string given as its UTF-8 bytes.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendEscapedContent(buffer: utf8)
        bytes.append(UInt8(ascii: "\""))
    }
    /// A string given as its UTF-8 bytes.
    public mutating func string(utf8: [UInt8]) {
        utf8.withUnsafeBufferPointer { string(utf8: $0) }
    }
    /// A string made of `prefix` followed by the text of the UTF-8 bytes `utf8`, such as a link to an id.
    public mutating func string(_ prefix: JSONStringPrefix, utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: prefix.bytes)
        appendEscapedContent(buffer: utf8)
        bytes.append(UInt8(ascii: "\""))
    }
    public mutating func number(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8) }
    public mutating func number(_ value: Double) { separate(); bytes.append(contentsOf: String(value).utf8) }
    public mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }
    /// A value that is already JSON, written as it is.
    public mutating func raw(_ json: some Sequence<UInt8>) { separate(); bytes.append(contentsOf: json) }
    /// A value that is already JSON, written as it is: the generic one above, called from another module, copies
    /// through Swift's unspecialised `append(contentsOf:)`, several times slower for the short values of an item.
    public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json) }

    /// The bytes written so far, handed over and removed, for a document written out in parts: what follows
    /// is written as if they were still there.
    public mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes.removeAll(keepingCapacity: true)
        return taken
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Appends `text` in quotes, escaped.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        appendEscapedContent(text)
        bytes.append(UInt8(ascii: "\""))
    }

    fileprivate mutating func appendEscapedContent(_ text: String) {
        var text = text
        text.withUTF8 { appendEscapedContent(buffer: $0) }
    }

    /// Appends the UTF-8 text `utf8`, escaped, without quotes. Runs of bytes that need no escape (nearly all of
    /// them) are copied at once rather than byte by byte.
    private mutating func appendEscapedContent(buffer utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        var runStart = 0
        var index = 0
        while index < utf8.count {
            // Eight bytes at a time while none of them needs an escape: most text has none.
            if index + 8 <= utf8.count,
               !JSONWriter.anyNeedsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscaped(byte)
                runStart = index + 1
            }
            index += 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }

    /// Whether any of the eight bytes of `word` is a control character, a quote or a backslash (the bit tricks
    /// "has a byte less than n" and "has a zero byte": exact as a yes or no, though not as to which byte).
    @inline(__always)
    private static func anyNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highBits
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return (control | ((quote &- ones) & ~quote & highBits) | ((backslash &- ones) & ~backslash & highBits)) != 0
    }

    /// The escape of a quote, a backslash or a control character.
    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }
}

/// A member's key written once as JSON (`"name":`, quoted, escaped, with its colon), for ``JSONWriter/key(_:)-(JSONKey)``.
public struct JSONKey: Sendable {
    let bytes: [UInt8]

    public init(_ name: String) {
        var writer = JSONWriter()
        writer.key(name)
        bytes = writer.bytes
    }
}

/// The beginning of string values written many times (a link's `/v1/projects/`), escaped once, for
/// ``JSONWriter/string(_:utf8:)``.
public struct JSONStringPrefix: Sendable {
    let bytes: [UInt8]

    public init(_ text: String) {
        var writer = JSONWriter()
        writer.appendEscapedContent(text)
        bytes = writer.bytes
    }
}
