import Foundation

/// One encoding by ``JSONTextEncoder``: whether Foundation is to encode the value after all.
final class EncodingRun {
    /// Set when something was asked or given that only Foundation answers exactly; the tree is then dropped.
    private(set) var leftToFoundation = false

    /// Marks the run as Foundation's, and gives the error that ends it.
    func leaveToFoundation() -> EncodingError {
        leftToFoundation = true
        return EncodingError.invalidValue((), EncodingError.Context(codingPath: [], debugDescription: "left to Foundation's encoder"))
    }

    /// The coding path is asked for only to make an error or by a value that encodes itself by its place, which
    /// Foundation's encoder answers with the real path.
    var codingPath: [any CodingKey] {
        leftToFoundation = true
        return []
    }

    /// The node of `value`, with the types Foundation's encoder treats apart treated as it treats them; nil when
    /// the value encoded nothing.
    func node<T: Encodable>(for value: T) throws -> EncodedNode? {
        if T.self == String.self, let string = value as? String { return .string(string) }
        if T.self == Int.self, let integer = value as? Int { return .number(String(integer)) }
        if T.self == Bool.self, let bool = value as? Bool { return .bool(bool) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return .number(decimal.description) }
        if T.self == Date.self || T.self == Data.self || T.self == URL.self { throw leaveToFoundation() }
        let encoder = TreeEncoder(run: self)
        try value.encode(to: encoder)
        return encoder.node
    }

    /// A `Double` as Foundation writes it: its description without a trailing `.0`; a non-finite one is
    /// Foundation's to refuse.
    func number(_ value: Double) throws -> EncodedNode {
        guard value.isFinite else { throw leaveToFoundation() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

/// A value encoded by ``JSONTextEncoder``, before it is written.
enum EncodedNode {
    case null
    case bool(Bool)
    /// A number's text as Foundation writes it.
    case number(String)
    case string(String)
    case array(EncodedArray)
    case object(EncodedObject)

    /// Containers nested this deep are refused by Foundation's encoder, whose error is then the answer.
    static let nestingLimit = 512

    /// Writes the value, members in the UTF-8 order of their keys; false (the bytes unfinished) when containers
    /// nest ``nestingLimit`` deep, which Foundation refuses.
    func write(to writer: inout JSONWriter, depth: Int = 0) -> Bool {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .number(let text): writer.raw(text.utf8)
        case .string(let text): writer.string(text)
        case .array(let array):
            guard depth + 1 < Self.nestingLimit else { return false }
            writer.beginArray()
            for element in array.elements where !element.write(to: &writer, depth: depth + 1) { return false }
            writer.endArray()
        case .object(let object):
            guard depth + 1 < Self.nestingLimit else { return false }
            return object.write(to: &writer, depth: depth + 1)
        }
        return true
    }
}

/// The elements of an array being encoded, shared by the containers that add to it.
final class EncodedArray {
    var elements: [EncodedNode] = []
}

/// The members of an object being encoded, in the order they were given, shared by the containers that add to it.
final class EncodedObject {
    private var keys: [String] = []
    private var values: [EncodedNode] = []

    /// Sets a member: a key given again replaces the value given before, as in Foundation's encoder.
    func set(_ key: String, _ value: EncodedNode) {
        keys.append(key)
        values.append(value)
    }

    /// Whether the key was given.
    func contains(_ key: String) -> Bool { keys.contains(key) }

    /// Writes the members; false when a value nests too deep (``EncodedNode/write(to:depth:)``).
    func write(to writer: inout JSONWriter, depth: Int) -> Bool {
        writer.beginObject()
        // Sorted by key, and for one key by when it was given: the last one given is written.
        let order = keys.indices.sorted { one, other in
            let a = keys[one], b = keys[other]
            return a == b ? one < other : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        for (position, index) in order.enumerated() {
            if position + 1 < order.count, keys[order[position + 1]] == keys[index] { continue }
            writer.key(keys[index])
            guard values[index].write(to: &writer, depth: depth) else { return false }
        }
        writer.endObject()
        return true
    }
}

/// The `Encoder` that ``JSONTextEncoder`` hands to values: it builds their ``EncodedNode``.
final class TreeEncoder: Encoder {
    let run: EncodingRun
    /// What the value encoded so far; nil while it encoded nothing.
    private(set) var node: EncodedNode?

    init(run: EncodingRun) {
        self.run = run
    }

    var codingPath: [any CodingKey] { run.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: EncodedObject
        switch node {
        case .object(let existing)?:
            object = existing
        case nil:
            object = EncodedObject()
            node = .object(object)
        default:
            _ = run.leaveToFoundation()
            object = EncodedObject()
        }
        return KeyedEncodingContainer(TreeKeyedEncodingContainer(object: object, run: run))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: EncodedArray
        switch node {
        case .array(let existing)?:
            array = existing
        case nil:
            array = EncodedArray()
            node = .array(array)
        default:
            _ = run.leaveToFoundation()
            array = EncodedArray()
        }
        return TreeUnkeyedEncodingContainer(array: array, run: run)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleValueEncodingContainer(encoder: self)
    }

    /// Sets the value of a single-value container: once, as Foundation allows.
    func setSingleValue(_ value: EncodedNode) throws {
        if case .some = node { throw run.leaveToFoundation() }
        node = value
    }
}
