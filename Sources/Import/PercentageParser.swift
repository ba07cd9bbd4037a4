import Foundation

/// Reads rates written as percentages (`80%`, `12,5 %`) into exact fractions (`0.8`, `0.125`). Text without a
/// percent sign is refused unless `bareNumbersAreFractions` says such columns hold fractions (`0.8`).
public struct PercentageParser: Sendable {
    public var number: NumberParser
    public var bareNumbersAreFractions: Bool

    public init(number: NumberParser = NumberParser(), bareNumbersAreFractions: Bool = false) {
        self.number = number
        self.bareNumbersAreFractions = bareNumbersAreFractions
    }

    public func parse(_ text: String) throws(ValueError) -> Decimal {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasSuffix("%") else {
            guard bareNumbersAreFractions else {
                throw ValueError(text: text, expected: "a percentage", reason: "it has no percent sign")
            }
            return try number.parse(trimmed)
        }
        do {
            return try number.parse(String(trimmed.dropLast())) / 100
        } catch {
            throw ValueError(text: text, expected: "a percentage", reason: error.reason)
        }
    }
}
