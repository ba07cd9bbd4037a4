/// A collection property that decodes to empty when its key is absent, so seed files stay short.
@propertyWrapper
public struct DefaultEmpty<Value: Codable & Sendable & Hashable & RangeReplaceableCollection>: Codable, Sendable, Hashable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

/// A dictionary property that decodes to empty when its key is absent.
@propertyWrapper
public struct DefaultEmptyDictionary<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: [String: Value]

    public init(wrappedValue: [String: Value]) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode([String: Value].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    public func decode<Value>(_ type: DefaultEmpty<Value>.Type, forKey key: Key) throws -> DefaultEmpty<Value> {
        try decodeIfPresent(type, forKey: key) ?? DefaultEmpty(wrappedValue: Value())
    }

    public func decode<Value>(
        _ type: DefaultEmptyDictionary<Value>.Type, forKey key: Key
    ) throws -> DefaultEmptyDictionary<Value> {
        try decodeIfPresent(type, forKey: key) ?? DefaultEmptyDictionary(wrappedValue: [:])
    }
}
