/// Finds quotes in a document's text and reports their offsets in Unicode scalars.
public struct EvidenceLocator: Sendable {
    private let scalars: [Unicode.Scalar]

    public init(text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// The scalar range of the first verbatim occurrence of `quote` at or after `from`, or nil.
    public func locate(_ quote: String, from start: Int = 0) -> Range<Int>? {
        let needle = Array(quote.unicodeScalars)
        guard !needle.isEmpty, needle.count <= scalars.count, start >= 0 else { return nil }
        var index = start
        let last = scalars.count - needle.count
        while index <= last {
            if scalars[index] == needle[0] {
                var matched = 1
                while matched < needle.count, scalars[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index..<(index + needle.count) }
            }
            index += 1
        }
        return nil
    }

    /// Every occurrence of `quote`.
    public func occurrences(of quote: String) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        while let range = locate(quote, from: start) {
            found.append(range)
            start = range.lowerBound + 1
        }
        return found
    }

    /// The text between two scalar offsets.
    public func text(in range: Range<Int>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return result
    }
}
