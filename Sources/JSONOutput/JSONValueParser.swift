/// Reads JSON text into a tree of values straight from its bytes — a ``JSONValue``, giving what Foundation's
/// `JSONDecoder` gives through ``JSONValue``'s `Decodable` conformance, or the tree ``JSONTextDecoder`` decodes
/// from — or nil, and then the caller asks Foundation.
///
/// The conformance finds a value's kind by trying to decode it as each kind in turn, and every failed try
/// throws: reading a stored record that way was a quarter of an import's time and a large part of a write's.
/// This reader answers only what it reads exactly as Foundation does: UTF-8 (a byte order mark passed over),
/// strings validated, the first of repeated keys kept, numbers by JSON's grammar handed to the tree with their
/// text. Anything else — another encoding, invalid text or JSON, nesting deeper than Foundation allows, or a
/// number the tree leaves (``JSONTree/number(text:integral:)``) — is left to Foundation, whose value or error
/// stays the answer (``JSONValueParserTests`` and ``JSONTextDecoderTests`` compare the two).
struct JSONValueParser<Tree: JSONTree> {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// Foundation's limit of nesting.
    private static var maximumDepth: Int { 512 }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value of the JSON text `bytes`, or nil when Foundation is to read it.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Tree? {
        var parser = JSONValueParser(bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.position = 3 }
        parser.skipWhitespace()
        guard let value = parser.value() else { return nil }
        parser.skipWhitespace()
        return parser.position == bytes.count ? value : nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value() -> Tree? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(Tree.string)
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    private mutating func object() -> Tree? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        position += 1
        var members: [String: Tree] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            skipWhitespace()
            guard let member = value() else { return nil }
            // Foundation keeps the first of repeated keys.
            if members[key] == nil { members[key] = member }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: return nil
            }
        }
    }

    private mutating func array() -> Tree? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        position += 1
        var elements: [Tree] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            guard let element = value() else { return nil }
            elements.append(element)
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: return nil
            }
        }
    }

    /// The string at the position (its opening quote), validated as UTF-8; nil on a control character, a bad
    /// escape, a lone surrogate or invalid UTF-8.
    private mutating func string() -> String? {
        position += 1
        let start = position
        // Most strings have no escape: their bytes are the text.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            position += 1
        }
        var text = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(validating: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                if let plain = JSONEscape.byte(escaped: escaped) {
                    text.append(plain)
                } else if escaped == UInt8(ascii: "u"), let scalar = unicodeEscape() {
                    text.append(contentsOf: String(Character(scalar)).utf8)
                } else {
                    return nil
                }
            default:
                if byte < 0x20 { return nil }
                text.append(byte)
                position += 1
            }
        }
        return nil
    }

    /// The scalar of a `\u` escape (after `\u`), a surrogate pair joined; nil for a lone surrogate.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let first = hexQuad() else { return nil }
        if (0xD800..<0xDC00).contains(first) {
            guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                return nil
            }
            position += 2
            guard let second = hexQuad(), (0xDC00..<0xE000).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        }
        return Unicode.Scalar(first)
    }

    private mutating func hexQuad() -> UInt32? {
        guard let value = JSONEscape.hexQuad(bytes, at: position) else { return nil }
        position += 4
        return value
    }

    /// A number by JSON's grammar, as the tree takes it.
    private mutating func number() -> Tree? {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            // Foundation refuses an exponent straight after a leading zero (`0e5`), which JSON's grammar allows.
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") { return nil }
        } else {
            guard digits() > 0 else { return nil }
        }
        var integral = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { return nil }
            integral = false
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { return nil }
            integral = false
        }
        return Tree.number(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self),
                           integral: integral)
    }

    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }
}
