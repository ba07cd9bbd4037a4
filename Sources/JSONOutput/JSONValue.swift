import Foundation

/// Any JSON value, decoded without loss of its kind (booleans stay booleans, integers stay integers): what
/// request bodies are read into before they are checked, and what a merge patch works on.
public enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value of a JSON text, as Foundation's `JSONDecoder` reads it; throws when the bytes are not JSON.
    public init(parsing bytes: some Collection<UInt8>) throws {
        let parsed = bytes.withContiguousStorageIfAvailable(JSONValueParser<JSONValue>.parse)
            ?? Array(bytes).withUnsafeBufferPointer(JSONValueParser<JSONValue>.parse)
        if let parsed {
            self = parsed
        } else {
            self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        }
    }

    /// The value's JSON text, objects with sorted keys (UTF-8 byte order), so that equal values give equal bytes.
    public var bytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Writes the value, objects with sorted keys.
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .integer(let value): writer.raw(String(value).utf8)
        case .number(let value): writer.number(value)
        case .string(let value): writer.string(value)
        case .array(let elements):
            writer.beginArray()
            for element in elements { element.write(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                writer.key(key)
                members[key]?.write(to: &writer)
            }
            writer.endObject()
        }
    }

    /// The name of the value's JSON type, for messages (`string`, `object`, …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
