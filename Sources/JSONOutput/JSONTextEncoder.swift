import Foundation

/// Encodes `Encodable` values as JSON text with the bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` and default strategies, several times faster: every record,
/// finding and summary the store writes is encoded by it.
///
/// The value is encoded into a tree (``EncodedNode``) and written by ``JSONWriter``, whose escapes are
/// Foundation's, with members sorted by their keys' UTF-8 bytes as Foundation sorts them on Linux. Whatever this
/// encoder cannot write exactly as Foundation would — `Date`, `Data`, `URL`, `Float`, a non-finite number, a
/// coding path or super-encoder asked for, a container asked for twice in ways Foundation merges, containers
/// nested 512 deep — and every error, is handed to Foundation's encoder, whose bytes or error are the answer
/// (``JSONTextEncoderTests`` compares the two on every seed record and on generated values).
public struct JSONTextEncoder: Sendable {
    public init() {}

    /// The JSON text of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let bytes = encodedWithoutFoundation(value) { return bytes }
        return Array(try Self.foundationEncoder().encode(value))
    }

    /// The JSON text of `value`, as a string.
    public func encodeToString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// The bytes written without Foundation, or nil when Foundation is to encode the value.
    func encodedWithoutFoundation<T: Encodable>(_ value: T) -> [UInt8]? {
        let run = EncodingRun()
        // An error, or a value that encodes nothing (which Foundation refuses at the top), is Foundation's.
        guard let root = try? run.node(for: value), !run.leftToFoundation else { return nil }
        var writer = JSONWriter()
        guard root.write(to: &writer) else { return nil }
        return writer.bytes
    }

    /// Foundation's encoder with the same options.
    static func foundationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
