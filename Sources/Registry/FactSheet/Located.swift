/// A value read from a document, with the scalar range of the passage that states it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    /// The passage, verbatim.
    public var quote: String
    /// Offsets in Unicode scalars, half-open.
    public var range: Range<Int>

    public init(value: Value, quote: String, range: Range<Int>) {
        self.value = value
        self.quote = quote
        self.range = range
    }

    /// Evidence for `field` of a record, in `document`.
    public func evidence(field: String?, document: String) -> Evidence {
        Evidence(field: field, document: document, quote: quote, start: range.lowerBound, end: range.upperBound)
    }
}
