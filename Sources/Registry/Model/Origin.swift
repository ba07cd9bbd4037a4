/// Where a record comes from. Seed loads create and update only `seed` records and never touch `api` ones.
public enum Origin: String, Codable, Sendable, Hashable {
    case seed
    case api
}

/// The origin of a record, `api` when a decoded record does not say.
@propertyWrapper
public struct DefaultOrigin: Codable, Sendable, Hashable {
    public var wrappedValue: Origin

    public init(wrappedValue: Origin) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Origin.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    public func decode(_ type: DefaultOrigin.Type, forKey key: Key) throws -> DefaultOrigin {
        try decodeIfPresent(type, forKey: key) ?? DefaultOrigin(wrappedValue: .api)
    }
}
