import Foundation

/// A rate stored exactly in parts per million and written in JSON as a fraction (`0.75` for 75 %).
public struct Rate: Codable, Sendable, Hashable {
    /// The rate in parts per million: 750 000 for 75 %.
    public var partsPerMillion: Int64

    public init(partsPerMillion: Int64) {
        self.partsPerMillion = partsPerMillion
    }

    /// The rate as an exact decimal fraction.
    public var fraction: Decimal { Decimal(partsPerMillion) / 1_000_000 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Decimal.self)
        let scaled = value * 1_000_000
        var rounded = Decimal()
        var copy = scaled
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == scaled, value >= 0, value <= 1 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a rate is a fraction between 0 and 1 with at most six decimals")
        }
        partsPerMillion = NSDecimalNumber(decimal: rounded).int64Value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fraction)
    }

    /// `amount × rate`, exactly, in cents; nil when the product is not a whole number of cents.
    public func apply(toCents cents: Int64) -> Int64? {
        let (product, overflow) = cents.multipliedReportingOverflow(by: partsPerMillion)
        guard !overflow, product % 1_000_000 == 0 else { return nil }
        return product / 1_000_000
    }
}
