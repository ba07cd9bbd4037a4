/// A path into a JSON document, the syntax mappings use for rows and fields:
/// - `partners`, `data.items`: object keys, separated by dots;
/// - `items[0]`: an element of an array;
/// - `hromadas[*].partners`: every element (a rows path: each partner of each hromada becomes a row);
/// - `^.name`: in a field path, up one level from the row to the object that holds it (`^.^.x` for two).
/// The empty path is the document (or the row) itself. A key with `.`, `[` or `]` in it cannot be named.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        case each
        case parent
    }

    let segments: [Segment]
    public let description: String

    public init(_ text: String) throws(ImportError.Reason) {
        description = text
        var segments: [Segment] = []
        guard !text.isEmpty else { self.segments = []; return }
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            if part == "^" {
                guard segments.allSatisfy({ $0 == .parent }) else { throw .invalidPath("\"^\" only at the start of \"\(text)\"") }
                segments.append(.parent)
                continue
            }
            var rest = Substring(part)
            let key = rest.prefix { $0 != "[" }
            rest = rest.dropFirst(key.count)
            guard !key.isEmpty || (!segments.isEmpty && !rest.isEmpty) || (segments.isEmpty && !rest.isEmpty) else {
                throw .invalidPath("an empty key in \"\(text)\"")
            }
            if !key.isEmpty { segments.append(.key(String(key))) }
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { throw .invalidPath("unbalanced brackets in \"\(text)\"") }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if inside == "*" {
                    segments.append(.each)
                } else if let index = Int(inside), index >= 0 {
                    segments.append(.index(index))
                } else {
                    throw .invalidPath("\"[\(inside)]\" is neither an index nor [*] in \"\(text)\"")
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        self.segments = segments
    }

    /// The value at this path from `value` (with `ancestors`, nearest last, for `^`); nil when there is none.
    /// `[*]` is for rows paths and finds nothing here.
    func value(in value: JSONValue, ancestors: [JSONValue] = []) -> JSONValue? {
        var current = value
        var up = ancestors
        for segment in segments {
            switch segment {
            case .parent:
                guard let parent = up.popLast() else { return nil }
                current = parent
            case .key(let key):
                guard case .object(let object) = current, let next = object[key] else { return nil }
                current = next
            case .index(let index):
                guard case .array(let array) = current, array.indices.contains(index) else { return nil }
                current = array[index]
            case .each:
                return nil
            }
        }
        return current
    }
}
