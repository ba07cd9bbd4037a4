import Foundation

/// One decoding by ``JSONTextDecoder``: its options, and whether Foundation is to decide after all.
final class DecodingRun {
    /// The decoder's user info as `Decoder` gives it (converted once, not at every `userInfo` read).
    let userInfo: [CodingUserInfoKey: Any]
    let convertsKeysFromSnakeCase: Bool
    /// Set when something was asked that only Foundation answers exactly; the value decoded is then dropped.
    private(set) var leftToFoundation = false

    init(userInfo: [CodingUserInfoKey: any Sendable], convertsKeysFromSnakeCase: Bool) {
        self.userInfo = userInfo.mapValues { $0 as Any }
        self.convertsKeysFromSnakeCase = convertsKeysFromSnakeCase
    }

    /// Marks the run as Foundation's, and gives the error that ends it.
    func leaveToFoundation() -> DecodingError {
        leftToFoundation = true
        return DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "left to Foundation's decoder"))
    }

    /// The coding path is asked for only to make an error, which Foundation's decoder makes again with the real path.
    var codingPath: [any CodingKey] {
        leftToFoundation = true
        return []
    }

    /// The error of a value of another JSON type than `type` wants; Foundation throws one too.
    func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(type, DecodingError.Context(codingPath: [], debugDescription: "another JSON type"))
    }

    // MARK: Values

    /// `value` as `type`, with the types Foundation's decoder treats apart treated as it treats them.
    func decode<T: Decodable>(_ type: T.Type, from value: DecodableJSON) throws -> T {
        if T.self == Decimal.self {
            guard let decimal = try decimal(value) as? T else { throw leaveToFoundation() }
            return decimal
        }
        if T.self == URL.self {
            guard let url = URL(string: try string(value)) as? T else { throw leaveToFoundation() }
            return url
        }
        if T.self == Data.self || T.self == Float.self { throw leaveToFoundation() }
        if case .object(let members) = value, let dictionary = T.self as? any StringKeyedDictionary.Type {
            // Foundation reads a `[String: …]` from an object's keys as they are, whatever the key strategy.
            guard let decoded = try dictionary.decode(members, run: self) as? T else { throw leaveToFoundation() }
            return decoded
        }
        return try T(from: TreeDecoder(value: value, run: self))
    }

    func isNull(_ value: DecodableJSON) -> Bool {
        if case .null = value { return true }
        return false
    }

    func bool(_ value: DecodableJSON) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self) }
        return bool
    }

    func string(_ value: DecodableJSON) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self) }
        return string
    }

    /// An integer written as one (digits, a minus sign for a signed type) that fits; anything else — `1.0`,
    /// `1e2`, a number out of range — is Foundation's to convert or refuse.
    func integer<I: FixedWidthInteger>(_ value: DecodableJSON, as type: I.Type = I.self) throws -> I {
        guard case .number(let text) = value else { throw mismatch(I.self) }
        let utf8 = text.utf8
        let digits = utf8.first == UInt8(ascii: "-") ? utf8.dropFirst() : utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              I.isSigned || digits.count == utf8.count, let integer = I(text) else {
            throw leaveToFoundation()
        }
        return integer
    }

    /// The nearest `Double`, as Foundation reads it (both round correctly); one that overflows, or a non-zero
    /// number that rounds to zero, is Foundation's to refuse.
    func double(_ value: DecodableJSON) throws -> Double {
        guard case .number(let text) = value else { throw mismatch(Double.self) }
        guard let double = Double(text), double.isFinite else { throw leaveToFoundation() }
        if double == 0, text.utf8.prefix(while: { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") })
            .contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) {
            throw leaveToFoundation()
        }
        return double
    }

    /// The number's text as a `Decimal`, every digit kept, as Foundation reads it; an exponent, or more digits than
    /// a `Decimal` holds, are Foundation's.
    func decimal(_ value: DecodableJSON) throws -> Decimal {
        guard case .number(let text) = value else { throw mismatch(Decimal.self) }
        guard text.utf8.count <= 30, !text.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
              let decimal = Decimal(string: text) else {
            throw leaveToFoundation()
        }
        return decimal
    }

    /// An object's members under the keys its containers look for: converted from snake case when asked.
    func keyed(_ value: DecodableJSON) throws -> [String: DecodableJSON] {
        guard case .object(let members) = value else { throw mismatch([String: Any].self) }
        // A key without an underscore is its own conversion: an object with no such key is read as it is.
        guard convertsKeysFromSnakeCase,
              members.keys.contains(where: { $0.utf8.contains(UInt8(ascii: "_")) }) else { return members }
        var converted: [String: DecodableJSON] = [:]
        converted.reserveCapacity(members.count)
        for (key, member) in members {
            guard let camel = SnakeCase.converted(key), converted.updateValue(member, forKey: camel) == nil else {
                // A key not converted plainly, or two keys that become one: Foundation's rules decide.
                throw leaveToFoundation()
            }
        }
        return converted
    }
}

/// `[String: Value]`, which Foundation's decoder reads from an object's keys unconverted.
protocol StringKeyedDictionary {
    static func decode(_ members: [String: DecodableJSON], run: DecodingRun) throws -> Self
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func decode(_ members: [String: DecodableJSON], run: DecodingRun) throws -> Self {
        var result: [String: Value] = [:]
        result.reserveCapacity(members.count)
        for (key, member) in members { result[key] = try run.decode(Value.self, from: member) }
        return result
    }
}

/// The `Decoder` a value's `init(from:)` is given.
struct TreeDecoder: Decoder {
    let value: DecodableJSON
    let run: DecodingRun

    var codingPath: [any CodingKey] { run.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { run.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(TreeKeyedContainer<Key>(members: try run.keyed(value), run: run))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw run.mismatch([Any].self) }
        return TreeUnkeyedContainer(elements: elements, run: run)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TreeSingleValueContainer(value: value, run: run)
    }
}
