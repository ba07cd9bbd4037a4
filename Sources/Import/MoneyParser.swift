/// Reads amounts of money such as `40.000,00 €`, `EUR 1,234.50` or `1 603 747` into exact integer cents and an
/// ISO 4217 currency: from a symbol or code in the text, else the default currency, else an error.
public struct MoneyParser: Sendable {
    /// An exact amount: cents (minor units) and the currency code.
    public struct Amount: Sendable, Hashable {
        public let cents: Int64
        public let currency: String

        public init(cents: Int64, currency: String) {
            self.cents = cents
            self.currency = currency
        }
    }

    static let symbols: [String: String] = ["€": "EUR", "$": "USD", "£": "GBP", "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "лв": "BGN"]

    public var number: NumberParser
    public var defaultCurrency: String?

    public init(number: NumberParser = NumberParser(), defaultCurrency: String? = nil) {
        self.number = number
        self.defaultCurrency = defaultCurrency
    }

    public func parse(_ text: String) throws(ValueError) -> Amount {
        let expected = "an amount of money"
        var amount = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var currency: String?
        for (symbol, code) in Self.symbols where amount.hasPrefix(symbol) || amount.hasSuffix(symbol) {
            currency = code
            amount = amount.hasPrefix(symbol) ? String(amount.dropFirst(symbol.count)) : String(amount.dropLast(symbol.count))
            break
        }
        if currency == nil {
            let words = amount.split(separator: " ")
            if let code = [words.first, words.last].compactMap({ $0 }).first(where: Self.isCurrencyCode), words.count > 1 {
                currency = String(code)
                amount = (code == words.first ? words.dropFirst() : words.dropLast()).joined(separator: " ")
            }
        }
        guard let currency = currency ?? defaultCurrency else {
            throw ValueError(text: text, expected: expected, reason: "no currency symbol or code, and no default currency")
        }
        let parts = try number.components(amount, expected: expected)
        guard parts.fraction.count <= 2 else { throw ValueError(text: text, expected: expected, reason: "more than two decimals") }
        let digits = parts.integer + parts.fraction.padding(toLength: 2, withPad: "0", startingAt: 0)
        guard let cents = Int64(digits) else { throw ValueError(text: text, expected: expected, reason: "too large") }
        return Amount(cents: parts.negative ? -cents : cents, currency: currency)
    }

    private static func isCurrencyCode(_ word: Substring) -> Bool {
        word.count == 3 && word.allSatisfy { $0.isASCII && $0.isUppercase }
    }
}
