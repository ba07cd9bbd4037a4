/// A parameter bound to a statement: typed, so that PostgreSQL never parses user text as SQL and every value
/// round-trips exactly.
public enum PostgresValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case double(Double)
    case bytes([UInt8])
    case null

    /// The type the statement is prepared with for this parameter. Text is left for the server to infer from
    /// its use (a `timestamptz` or `jsonb` column takes text), the others are fixed so that `SELECT $1` works.
    var typeOID: UInt32 {
        switch self {
        case .text, .null: 0
        case .integer: 20  // int8
        case .double: 701  // float8
        case .bytes: 17  // bytea
        }
    }

    /// Appends the value in the form libpq sends it: text form for all but bytes (binary form), NUL-terminated.
    /// Returns whether the value is sent in binary form, nil for NULL.
    func append(to buffer: inout [UInt8]) -> Bool? {
        switch self {
        case .text(let string): buffer.append(contentsOf: string.utf8)
        case .integer(let integer): buffer.append(contentsOf: String(integer).utf8)
        case .double(let double): buffer.append(contentsOf: Self.text(of: double).utf8)
        case .bytes(let bytes):
            buffer.append(contentsOf: bytes)
            return true
        case .null: return nil
        }
        buffer.append(0)
        return false
    }

    /// PostgreSQL spells the special values in words; Swift's `description` is the shortest exact form otherwise.
    private static func text(of double: Double) -> String {
        if double.isNaN { return "NaN" }
        if double.isInfinite { return double < 0 ? "-Infinity" : "Infinity" }
        return double.description
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
}
