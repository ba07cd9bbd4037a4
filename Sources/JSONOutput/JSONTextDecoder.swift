import Foundation

/// Decodes `Decodable` values from JSON text as Foundation's `JSONDecoder` does (default strategies, or keys
/// converted from snake case), several times faster: stored records, seed files and write bodies are decoded
/// by it.
///
/// The text is read by ``JSONValueParser`` and the value decoded from that tree. Whatever this decoder cannot
/// answer exactly as Foundation would — text the parser leaves, a number it would have to round or convert
/// (`1.0` as an integer, `Float`, `Data`), a key whose conversion from snake case is not plain, a coding path
/// asked for — and every error, is handed to Foundation's decoder, whose value or error is the answer; so
/// messages stay Foundation's, and a value decoded here is the value Foundation decodes
/// (``JSONTextDecoderTests`` and the write-body fuzzer compare the two).
public struct JSONTextDecoder: Sendable {
    /// Passed to the values' `init(from:)`, as `JSONDecoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    /// Object keys are converted from snake case (`eu_funding` → `euFunding`), as
    /// `JSONDecoder.KeyDecodingStrategy.convertFromSnakeCase` converts them.
    public var convertsKeysFromSnakeCase = false

    public init(convertsKeysFromSnakeCase: Bool = false) {
        self.convertsKeysFromSnakeCase = convertsKeysFromSnakeCase
    }

    /// The value of type `type` that the JSON text `text` holds.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        var text = text
        return try text.withUTF8 { try decode(type, fromBytes: $0) }
    }

    /// The value of type `type` that the JSON text `bytes` holds.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBufferPointer { try decode(type, fromBytes: $0) }
    }

    /// The value of type `type` that the JSON text `data` holds.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { try decode(type, fromBytes: $0.bindMemory(to: UInt8.self)) }
    }

    /// The value of type `type` that the JSON text `bytes` holds.
    public func decode<T: Decodable>(_ type: T.Type, fromBytes bytes: UnsafeBufferPointer<UInt8>) throws -> T {
        if let value = decodedWithoutFoundation(type, fromBytes: bytes) { return value }
        return try foundationDecoder().decode(type, from: Data(buffer: bytes))
    }

    /// The value of type `type` that `value` holds: what decoding its text (``JSONValue/bytes``) gives, without
    /// writing and reading that text (a write body or an import's row is a ``JSONValue`` already).
    public func decode<T: Decodable>(_ type: T.Type, fromValue value: JSONValue) throws -> T {
        let run = DecodingRun(userInfo: userInfo, convertsKeysFromSnakeCase: convertsKeysFromSnakeCase)
        if let decoded = try? run.decode(type, from: DecodableJSON(value)), !run.leftToFoundation { return decoded }
        return try decode(type, from: value.bytes)
    }

    /// The value decoded without Foundation, or nil when Foundation is to decode it.
    func decodedWithoutFoundation<T: Decodable>(_ type: T.Type, fromBytes bytes: UnsafeBufferPointer<UInt8>) -> T? {
        guard let tree = JSONValueParser<DecodableJSON>.parse(bytes) else { return nil }
        let run = DecodingRun(userInfo: userInfo, convertsKeysFromSnakeCase: convertsKeysFromSnakeCase)
        guard let value = try? run.decode(type, from: tree), !run.leftToFoundation else { return nil }
        return value
    }

    /// Foundation's decoder with the same options.
    func foundationDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        if convertsKeysFromSnakeCase { decoder.keyDecodingStrategy = .convertFromSnakeCase }
        return decoder
    }
}
