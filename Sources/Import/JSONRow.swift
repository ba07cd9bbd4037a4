/// One row of a JSON import: an element of the rows array, where it is in the document, and the values that hold
/// it (for field paths that start with `^`).
public struct JSONRow: Sendable, Hashable {
    /// The row's place in the document, such as `hromadas[3].partners[0]`.
    public let path: String
    public let value: JSONValue
    /// The objects above the row, nearest last: for `hromadas[*].partners`, the hromada.
    public let ancestors: [JSONValue]

    public var location: SourceLocation { .json(path: path) }

    /// The value at `path` from this row; nil when there is none.
    public func value(at path: JSONPath) -> JSONValue? {
        path.value(in: value, ancestors: ancestors)
    }

    /// The field text at `path` (see `JSONValue.text`); nil when missing or null.
    public func text(at path: JSONPath) -> String? {
        value(at: path)?.text
    }

    /// Where the field at `path` is, for errors and evidence.
    public func location(of path: JSONPath) -> SourceLocation {
        .json(path: path.description.isEmpty ? self.path : "\(self.path).\(path.description)")
    }
}
