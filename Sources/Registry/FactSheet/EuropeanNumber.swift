/// Parses the number, money, percentage and date notations of European fact sheets:
/// `1.603.747 €`, `1.202.810,25 €`, `1,603,747.00 EUR`, `75 %`, `bis 31.03.2008`.
public enum EuropeanNumber {
    /// Why a value could not be read.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var expected: String
        public var description: String { "'\(text)' is not \(expected)" }
    }

    /// A decimal number in hundredths: `1.202.810,25` → 120281025. At most two decimals.
    public static func hundredths(_ text: String) throws(Malformed) -> Int64 {
        let malformed = Malformed(text: text, expected: "a number with at most two decimals")
        let compact = text.filter { !$0.isWhitespace && $0 != "'" && $0 != "\u{2009}" && $0 != "\u{202F}" }
        guard !compact.isEmpty, compact.allSatisfy({ $0.isASCIIDigitCharacter || $0 == "." || $0 == "," }),
              compact.first?.isASCIIDigitCharacter == true, compact.last?.isASCIIDigitCharacter == true else {
            throw malformed
        }
        let separators = compact.filter { $0 == "." || $0 == "," }
        var decimalSeparator: Character?
        if let last = separators.last {
            let distinct = Set(separators)
            let digitsAfterLast = compact.reversed().prefix { $0.isASCIIDigitCharacter }.count
            if distinct.count == 2 {
                decimalSeparator = last
            } else if separators.count == 1, digitsAfterLast != 3 {
                decimalSeparator = last
            }
        }
        let parts = compact.split(separator: decimalSeparator ?? "#", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholePart = parts.first else { throw malformed }
        let groupSeparator = separators.first { $0 != decimalSeparator }
        let groups = groupSeparator.map { wholePart.split(separator: $0, omittingEmptySubsequences: false) } ?? [wholePart]
        guard let firstGroup = groups.first, (1...3).contains(firstGroup.count) || groups.count == 1,
              groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigitCharacter) }),
              let whole = Int64(groups.joined()) else { throw malformed }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCIIDigitCharacter), let value = Int64(digits) else {
                throw malformed
            }
            fraction = digits.count == 1 ? value * 10 : value
        }
        let (product, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { throw malformed }
        return product + fraction
    }

    /// An amount of money with its currency sign or code: `1.603.747 €`, `EUR 1,500.50`, `250.000 kr.`.
    public static func money(_ text: String) throws(Malformed) -> Money {
        let currencies: [(String, String)] = [
            ("€", "EUR"), ("EUR", "EUR"), ("Euro", "EUR"), ("DKK", "DKK"), ("kr.", "DKK"), ("SEK", "SEK"),
            ("CZK", "CZK"), ("Kč", "CZK"), ("£", "GBP"), ("GBP", "GBP"), ("PLN", "PLN"), ("zł", "PLN"),
            ("HUF", "HUF"), ("Ft", "HUF"), ("BGN", "BGN"), ("лв.", "BGN"),
        ]
        var remainder = text.trimmingWhitespace
        var currency: String?
        for (sign, code) in currencies {
            if remainder.hasSuffix(sign) {
                currency = code
                remainder = String(remainder.dropLast(sign.count))
                break
            }
            if remainder.hasPrefix(sign) {
                currency = code
                remainder = String(remainder.dropFirst(sign.count))
                break
            }
        }
        guard let currency else { throw Malformed(text: text, expected: "an amount with a currency (€, EUR, DKK, ...)") }
        return Money(cents: try hundredths(remainder.trimmingWhitespace), currency: currency)
    }

    /// A percentage: `75 %`, `75%`, `62,5 %`.
    public static func percentage(_ text: String) throws(Malformed) -> Rate {
        let trimmed = text.trimmingWhitespace
        guard trimmed.hasSuffix("%") else { throw Malformed(text: text, expected: "a percentage such as '75 %'") }
        let hundredths = try hundredths(String(trimmed.dropLast()).trimmingWhitespace)
        guard hundredths <= 10_000 else { throw Malformed(text: text, expected: "a percentage of at most 100 %") }
        return Rate(partsPerMillion: hundredths * 100)
    }

    /// A period: `bis 31.03.2008` (end only), `ab 01.01.2005` (start only), `01.01.2005 – 31.03.2008`,
    /// `from 1/2005 to 3/2008`, `2005-01-01 - 2008-03-31`. German, English and Danish markers.
    public static func period(_ text: String) throws(Malformed) -> Period {
        let malformed = Malformed(text: text, expected: "a period such as 'bis 31.03.2008' or '01.01.2005 – 31.03.2008'")
        let lowered = text.trimmingWhitespace.lowercased()
        let words = lowered.split(whereSeparator: { $0.isWhitespace })
        var dates: [ISODate] = []
        for word in words {
            let token = word.trimmingCharacters(in: ",;()")
            if token.first?.isASCIIDigitCharacter == true {
                for piece in token.split(whereSeparator: { $0 == "–" || $0 == "—" }) {
                    guard let date = try date(String(piece)) else { continue }
                    dates.append(date)
                }
            }
        }
        let endMarkers = ["bis", "until", "till", "til", "to", "end", "ende", "slut"]
        let startMarkers = ["ab", "from", "since", "seit", "von", "fra", "start", "beginn"]
        let first = words.first.map(String.init) ?? ""
        switch dates.count {
        case 1 where endMarkers.contains(first): return Period(start: nil, end: dates[0])
        case 1 where startMarkers.contains(first): return Period(start: dates[0], end: nil)
        case 2:
            guard dates[0] <= dates[1] else { throw Malformed(text: text, expected: "a period whose start precedes its end") }
            return Period(start: dates[0], end: dates[1])
        default: throw malformed
        }
    }

    /// One date: `31.03.2008`, `31/03/2008`, `2008-03-31`, `03.2008`, `3/2008`, `2008`; nil for a non-date token.
    static func date(_ token: String) throws(Malformed) -> ISODate? {
        let malformed = Malformed(text: token, expected: "a valid date")
        if token.contains("-"), let date = ISODate(token) { return date }
        let parts = token.split(whereSeparator: { $0 == "." || $0 == "/" }).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        switch parts.count {
        case 3 where parts[2].count == 4:
            guard let date = ISODate(year: numbers[2], month: numbers[1], day: numbers[0]) else { throw malformed }
            return date
        case 2 where parts[1].count == 4:
            guard let date = ISODate(year: numbers[1], month: numbers[0]) else { throw malformed }
            return date
        case 1 where parts[0].count == 4:
            return ISODate(year: numbers[0])
        default:
            return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (including no-break spaces).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    func trimmingCharacters(in set: String) -> String {
        var characters = Substring(self)
        while let first = characters.first, set.contains(first) { characters = characters.dropFirst() }
        while let last = characters.last, set.contains(last) { characters = characters.dropLast() }
        return String(characters)
    }
}
