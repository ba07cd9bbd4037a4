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
