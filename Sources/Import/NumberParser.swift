import Foundation

/// Reads numbers as people write them in exports: `4.921.641`, `40.000,00`, `1,234.5`, `1 234,5`, `-12`.
///
/// With no separators given, the last of two different separators is the decimal one; a separator that occurs
/// more than once, or a space or apostrophe, groups thousands; a lone `.` or `,` followed by exactly three digits
/// (`1.234`) is refused as ambiguous rather than guessed. Groups after the first must have three digits.
/// The result is an exact `Decimal`.
public struct NumberParser: Sendable {
    public var decimalSeparator: Character?
    public var groupingSeparators: Set<Character>?

    static let groupingOnly: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "'"]
    static let separators: Set<Character> = groupingOnly.union([".", ","])

    /// nil separators are detected per value.
    public init(decimalSeparator: Character? = nil, groupingSeparators: Set<Character>? = nil) {
        self.decimalSeparator = decimalSeparator
        self.groupingSeparators = groupingSeparators
    }

    public func parse(_ text: String) throws(ValueError) -> Decimal {
        let parts = try components(text, expected: "a number")
        guard let value = Decimal(string: (parts.negative ? "-" : "") + parts.integer + (parts.fraction.isEmpty ? "" : "." + parts.fraction),
                                  locale: Locale(identifier: "en_US_POSIX")) else {
            throw ValueError(text: text, expected: "a number", reason: "too many digits")
        }
        return value
    }

    /// The sign, integer digits and fraction digits of `text`.
    func components(_ text: String, expected: String) throws(ValueError) -> (negative: Bool, integer: String, fraction: String) {
        func fail(_ reason: String) -> ValueError { ValueError(text: text, expected: expected, reason: reason) }
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !body.isEmpty else { throw fail("it is empty") }
        var negative = false
        if let first = body.first, first == "-" || first == "+" || first == "\u{2212}" {
            negative = first != "+"
            body = body.dropFirst()
        }
        let used = body.filter { Self.separators.contains($0) }
        if let stray = body.first(where: { !$0.isASCII || !$0.isNumber }), !Self.separators.contains(stray) {
            throw fail("\"\(stray)\" is neither a digit nor a separator")
        }
        guard body.first?.isNumber == true, body.last?.isNumber == true else { throw fail("it must start and end with a digit") }

        let decimal: Character?
        let grouping: Set<Character>
        if let given = decimalSeparator {
            decimal = used.contains(given) ? given : nil
            grouping = groupingSeparators ?? Self.separators.subtracting([given])
        } else if let groups = groupingSeparators {
            decimal = used.first { !groups.contains($0) }
            grouping = groups
        } else {
            let kinds = Array(Set(used))
            switch kinds.count {
            case 0:
                decimal = nil
            case 1 where Self.groupingOnly.contains(kinds[0]) || used.count > 1:
                decimal = nil
            case 1:
                let after = body.count - 1 - body.distance(from: body.startIndex, to: body.lastIndex(of: kinds[0]) ?? body.startIndex)
                guard after != 3 else {
                    throw fail("\"\(kinds[0])\" may group thousands or mark decimals here; say which separator is decimal")
                }
                decimal = kinds[0]
            default:
                decimal = used.last
            }
            grouping = Set(kinds).subtracting(decimal.map { [$0] } ?? [])
        }

        var integerPart = body
        var fraction = ""
        if let decimal, let index = body.lastIndex(of: decimal) {
            integerPart = body[..<index]
            fraction = String(body[body.index(after: index)...])
            guard fraction.allSatisfy(\.isNumber) else { throw fail("digits after the decimal separator must be digits only") }
        }
        if let bad = integerPart.first(where: { !$0.isNumber && !grouping.contains($0) }) {
            throw fail("\"\(bad)\" is in the wrong place")
        }
        let groups = integerPart.split(omittingEmptySubsequences: false, whereSeparator: { grouping.contains($0) })
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw fail("thousands must be grouped by three")
            }
        }
        return (negative, groups.joined(), fraction)
    }
}
