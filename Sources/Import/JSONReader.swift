/// Reads the rows of a JSON document as it streams from its file: the document itself when it is an array of
/// objects, else the array at a rows path (`partners`, `data.items`, `hromadas[*].partners`; see `JSONPath`).
///
/// Memory does not grow with the file: a row is read whole (up to `maximumValueBytes`), handed over and let go.
/// The document is read twice. When the reader is made, it is checked from end to end (a broken file fails
/// before any of its rows is imported, with the line and column of the fault), and of each object above the
/// rows, the members that come after the one the rows path goes into are kept (usually none: the rows tend to
/// come last). ``forEach(_:)`` then reads it again, row by row; the members before come as it passes them. Field
/// paths reach those objects with `^` (a hromada's name and code), without the member that holds the rows.
public struct JSONReader {
    /// The most bytes one row (or one member of an object above the rows) may span.
    public static let defaultMaximumValueBytes = 64 << 20

    public let source: String
    public let rowsPath: JSONPath
    private let input: ImportSource
    private let maximumValueBytes: Int
    /// Of each object on the rows path, by the order in which the walk meets them, the members after the one the
    /// path goes into, where there are any.
    private let laterMembers: [Int: [String: JSONValue]]

    public init(_ source: ImportSource, rows: String = "", maximumValueBytes: Int = defaultMaximumValueBytes) throws(ImportError) {
        self.source = source.name
        input = source
        self.maximumValueBytes = maximumValueBytes
        do { rowsPath = try JSONPath(rows) } catch { throw ImportError(file: source.name, reason: error) }
        var parser = JSONStreamParser(try JSONByteStream(source), valueLimit: maximumValueBytes)
        var walk = Walk(checking: true)
        do {
            try Self.walk(&parser, rowsPath.segments[...], path: "", ancestors: [], description: rowsPath.description,
                          source: source.name, &walk) { parser, _, _, _ in
                try parser.open()
                var first = true
                while try parser.nextElement(first: &first) { try parser.skipValue() }
            }
            try parser.finish()
        } catch let error as ImportError {
            throw error
        } catch {
            preconditionFailure("the check of a JSON document throws only ImportError: \(error)")
        }
        laterMembers = walk.laterMembers
    }

    /// Calls `body` with every row, in document order.
    public func forEach(_ body: (JSONRow) throws -> Void) throws {
        var parser = JSONStreamParser(try JSONByteStream(input), valueLimit: maximumValueBytes)
        var walk = Walk(checking: false, laterMembers: laterMembers)
        try Self.walk(&parser, rowsPath.segments[...], path: "", ancestors: [], description: rowsPath.description,
                      source: source, &walk) { parser, path, ancestors, _ in
            try parser.open()
            var first = true
            var index = 0
            while try parser.nextElement(first: &first) {
                try body(JSONRow(path: "\(path)[\(index)]", value: try parser.value(), ancestors: ancestors))
                index += 1
            }
        }
        try parser.finish()
    }

    /// A walk down the rows path: the check keeps the members that come after the path in the objects on it,
    /// the read pairs each object with them.
    private struct Walk {
        let checking: Bool
        var laterMembers: [Int: [String: JSONValue]] = [:]
        /// Objects on the path met so far.
        var objectsMet = 0
    }

    /// Walks `segments` from the parser's next value, calling `atRows` at each array the path leads to (the
    /// parser before its `[`, with the array's path) and passing over everything else.
    private static func walk(_ parser: inout JSONStreamParser, _ segments: ArraySlice<JSONPath.Segment>, path: String,
                             ancestors: [JSONValue], description: String, source: String, _ walk: inout Walk,
                             _ atRows: (inout JSONStreamParser, String, [JSONValue], inout Walk) throws -> Void) throws {
        let start = try parser.peekValue()
        guard let segment = segments.first else {
            guard start == UInt8(ascii: "[") else {
                throw ImportError(file: source, location: .json(path: path), reason: .rowsNotAnArray(path: description))
            }
            return try atRows(&parser, path, ancestors, &walk)
        }
        let rest = segments.dropFirst()
        var found = false
        switch segment {
        case .key(let key) where start == UInt8(ascii: "{"):
            try parser.open()
            let ordinal = walk.objectsMet
            walk.objectsMet += 1
            // The read keeps the members before the path's, the check those after it.
            var before: [String: JSONValue] = [:]
            var first = true
            while let name = try parser.nextMember(first: &first) {
                if name == key {
                    found = true
                    var above = before
                    if !walk.checking, let later = walk.laterMembers[ordinal] {
                        above.merge(later) { _, later in later }
                    }
                    try Self.walk(&parser, rest, path: path.isEmpty ? key : "\(path).\(key)", ancestors: ancestors + [.object(above)],
                                  description: description, source: source, &walk, atRows)
                } else if walk.checking || !found {
                    // The check reads the members before too, so that one too large for the read fails now.
                    let value = try parser.value()
                    if !walk.checking {
                        before[name] = value
                    } else if found {
                        walk.laterMembers[ordinal, default: [:]][name] = value
                    }
                } else {
                    try parser.skipValue()
                }
            }
        case .index, .each:
            guard start == UInt8(ascii: "[") else { break }
            try parser.open()
            // Every element of an empty array is every element there is.
            if case .each = segment { found = true }
            var first = true
            var index = 0
            while try parser.nextElement(first: &first) {
                if case .index(let wanted) = segment, wanted != index {
                    try parser.skipValue()
                } else {
                    found = true
                    try Self.walk(&parser, rest, path: "\(path)[\(index)]", ancestors: ancestors, description: description,
                                  source: source, &walk, atRows)
                }
                index += 1
            }
        case .key, .parent:
            break
        }
        guard found else {
            throw ImportError(file: source, location: .json(path: path), reason: .rowsNotFound(path: description))
        }
    }
}
