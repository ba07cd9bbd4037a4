/// JSON text read for ``JSONTextDecoder``: numbers keep their text, so that each is converted to the type asked
/// for from what was written, as Foundation converts it (an amount read as `Decimal` keeps every digit).
enum DecodableJSON: JSONTree {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([DecodableJSON])
    case object([String: DecodableJSON])

    static func number(text: String, integral: Bool) -> DecodableJSON? {
        .number(text)
    }
}

extension DecodableJSON {
    /// The tree that reading `value`'s text (``JSONValue/bytes``) makes: numbers as that text writes them.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .integer(let integer): self = .number(String(integer))
        case .number(let double): self = .number(String(double))
        case .string(let string): self = .string(string)
        case .array(let elements): self = .array(elements.map(DecodableJSON.init))
        case .object(let members): self = .object(members.mapValues(DecodableJSON.init))
        }
    }
}
