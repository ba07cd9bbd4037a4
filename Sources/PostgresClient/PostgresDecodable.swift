/// A Swift type a column can be read as, from PostgreSQL's text form of the value. `Optional` of such a type reads
/// NULL as nil; the plain type refuses NULL with an error naming the column.
public protocol PostgresDecodable {
    /// Reads the value from its text form (bytes without the terminating NUL); nil when the text is not one.
    static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Self?
    /// The value for SQL NULL, or nil when this type has none.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Self? {
        Wrapped.decode(postgresText: text).map { .some($0) }
    }
    public static var postgresNull: Self? { .some(.none) }
}

extension String: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> String? {
        String(decoding: text, as: UTF8.self)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int64? {
        Int64(String(decoding: text, as: UTF8.self))
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int32? {
        Int32(String(decoding: text, as: UTF8.self))
    }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int? {
        Int(String(decoding: text, as: UTF8.self))
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Double? {
        switch String(decoding: text, as: UTF8.self) {
        case "NaN": .nan
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        case let other: Double(other)
        }
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch text.first {
        case UInt8(ascii: "t"): true
        case UInt8(ascii: "f"): false
        default: nil
        }
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// `bytea` in PostgreSQL's hex output form, `\x` followed by two hex digits a byte.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count >= 2, text.count % 2 == 0, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else {
            return nil
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.count / 2 - 1)
        var index = 2
        while index < text.count {
            guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
