import Foundation

/// An exact amount of money: integer cents (minor units) and an ISO 4217 currency code.
///
/// JSON form: `{ "amount": 1603747.00, "currency": "EUR" }`; `amount` is decoded exactly from a
/// number or from a decimal string (`"1202810.25"`).
public struct Money: Codable, Sendable, Hashable {
    /// The amount in minor units (cents).
    public var cents: Int64
    /// ISO 4217 currency code, e.g. `EUR`.
    public var currency: String

    public init(cents: Int64, currency: String) {
        self.cents = cents
        self.currency = currency
    }

    /// The amount in major units as an exact decimal.
    public var amount: Decimal { Decimal(cents) / 100 }

    private enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currency = try container.decode(String.self, forKey: .currency)
        let text: String
        if let string = try? container.decode(String.self, forKey: .amount) {
            text = string
        } else {
            text = "\(try container.decode(Decimal.self, forKey: .amount))"
        }
        guard let cents = Money.cents(fromDecimalText: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container,
                debugDescription: "'\(text)' is not an amount with at most two decimals")
        }
        self.cents = cents
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    /// Parses `123`, `123.4`, `123.45` (a dot as decimal separator) into cents; nil otherwise.
    public static func cents(fromDecimalText text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCIIDigitCharacter), let units = Int64(whole) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCIIDigitCharacter),
                  let value = Int64(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        let (product, overflow) = units.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        return product + fraction
    }
}

extension Character {
    /// True for the ASCII digits 0-9 only.
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
