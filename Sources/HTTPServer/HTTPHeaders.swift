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
            for element in value.split(separator: ",") {
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

    /// The string without leading and trailing spaces and horizontal tabs.
    func trimmingHTTPWhitespace() -> SubSequence {
        var start = startIndex, end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[start..<end]
    }
}

/// Whether two bytes are equal, ASCII letters compared without case.
@inline(__always)
private func foldedEqual(_ a: UInt8, _ b: UInt8) -> Bool {
    a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
}
