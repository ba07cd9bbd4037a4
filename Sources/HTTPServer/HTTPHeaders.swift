/// An ordered list of header fields with case-insensitive lookup by name (RFC 9110, section 5).
///
/// Names keep the spelling they were given; lookups compare ASCII case-insensitively.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)]

    public init() { fields = [] }

    public init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// The first value of the named field, or nil.
    public subscript(name: String) -> String? {
        for field in fields where field.name.equalsIgnoringASCIICase(name) {
            return field.value
        }
        return nil
    }

    /// Every value of the named field, in order.
    public func values(for name: String) -> [String] {
        fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    /// The comma-separated list elements of every line of the named field, trimmed, empty ones dropped.
    public func listElements(for name: String) -> [Substring] {
        var elements: [Substring] = []
        for value in values(for: name) {
            for element in value.splitting(atASCII: UInt8(ascii: ",")) {
                let trimmed = element.trimmingHTTPWhitespace()
                if !trimmed.isEmpty { elements.append(trimmed) }
            }
        }
        return elements
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Adds a field line, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field line of this name with a single one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }
}

extension StringProtocol {
    /// Compares two strings byte for byte, folding ASCII letters only (header names, tokens). It runs for header
    /// names on every request and response, so the bytes are compared in place when both strings are contiguous
    /// (native strings and their substrings): iterating two UTF-8 views in step cost more than the rest of
    /// writing a response's head.
    func equalsIgnoringASCIICase<Other: StringProtocol>(_ other: Other) -> Bool {
        let lhs = utf8, rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        let inPlace = lhs.withContiguousStorageIfAvailable { a in
            rhs.withContiguousStorageIfAvailable { b in
                (0..<a.count).allSatisfy { foldedEqual(a[$0], b[$0]) }
            }
        }
        if let result = inPlace ?? nil { return result }
        return zip(lhs, rhs).allSatisfy(foldedEqual)
    }
}

extension Substring {
    /// The string without leading and trailing spaces and horizontal tabs. Found over the UTF-8 bytes: comparing
    /// `Character`s would run grapheme breaking on every field value.
    func trimmingHTTPWhitespace() -> SubSequence {
        let utf8 = self.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x09 else { break }
            end = before
        }
        return self[start..<end]
    }
}

extension StringProtocol where UTF8View.Index == Index {
    /// The parts between the occurrences of the ASCII byte `separator`, empty ones included, found over the
    /// UTF-8 bytes (an ASCII byte is never part of a longer character's encoding).
    func splitting(atASCII separator: UInt8) -> [SubSequence] {
        let utf8 = self.utf8
        var parts: [SubSequence] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == separator {
                parts.append(self[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(self[start..<utf8.endIndex])
        return parts
    }
}

/// Whether two bytes are equal, ASCII letters compared without case.
@inline(__always)
private func foldedEqual(_ a: UInt8, _ b: UInt8) -> Bool {
    a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
}
