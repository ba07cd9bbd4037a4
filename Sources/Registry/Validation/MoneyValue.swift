import JSONOutput

/// An amount of money as a request states it, read exactly: `amount` a number or a decimal string with at
/// most two decimals, `currency` a string. Nil when the value is not that shape.
struct MoneyValue {
    var cents: Int64
    var currency: String

    init?(_ value: JSONValue) {
        guard case .object(let members) = value, case .string(let currency)? = members["currency"],
              let amount = members["amount"], let cents = MoneyValue.cents(amount) else { return nil }
        self.cents = cents
        self.currency = currency
    }

    /// The cents of an amount; nil when it is negative, has more than two decimals or is not a number.
    static func cents(_ amount: JSONValue) -> Int64? {
        switch amount {
        case .integer(let units): units >= 0 ? units.multipliedReportingOverflow(by: 100).partialValue : nil
        case .number(let value): value >= 0 && value < 1e15 ? Money.cents(fromDecimalText: decimalText(value)) : nil
        case .string(let text): Money.cents(fromDecimalText: text)
        default: nil
        }
    }

    /// The shortest decimal text of a number below 10¹⁵, without an exponent (`1603747.25`, `0.1`).
    static func decimalText(_ value: Double) -> String {
        let text = String(value)
        guard text.contains("e") else { return text.hasSuffix(".0") ? String(text.dropLast(2)) : text }
        // Small magnitudes: at most two decimals are allowed, so anything written with an exponent has more.
        return value == 0 ? "0" : text
    }
}
