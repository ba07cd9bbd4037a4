/// A tree of JSON values that ``JSONValueParser`` builds: ``JSONValue`` for request bodies and merge patches,
/// ``DecodableJSON`` for ``JSONTextDecoder``. Enum cases of those names satisfy the requirements.
protocol JSONTree {
    static var null: Self { get }
    static func bool(_ value: Bool) -> Self
    static func string(_ value: String) -> Self
    static func array(_ elements: [Self]) -> Self
    static func object(_ members: [String: Self]) -> Self
    /// The number written as `text` (JSON's grammar, checked), `integral` when it has neither fraction nor
    /// exponent; nil leaves the whole text to Foundation.
    static func number(text: String, integral: Bool) -> Self?
}

extension JSONValue: JSONTree {
    /// An integer that fits 64 bits, or a finite `Double` that is not a whole number: Foundation reads `1.0` and
    /// `1e2` as integers, and those are left to it.
    static func number(text: String, integral: Bool) -> JSONValue? {
        if integral, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { return nil }
        // A whole number written with a fraction or an exponent is an integer to Foundation when it fits.
        if !integral && double == double.rounded() && double.magnitude <= 0x1p63 { return nil }
        return .number(double)
    }
}
