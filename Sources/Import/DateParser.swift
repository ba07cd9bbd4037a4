/// Reads dates by formats such as `dd.mm.yyyy`, `yyyy-mm-dd` (ISO), `dd/mm/yyyy` or `yyyy` (a year alone), trying
/// each given format in turn. In a format, `dd`, `mm` and `yyyy` are the day, month and year (day and month may
/// have one digit in the text); every other character must be there as written. Impossible dates are refused.
public struct DateParser: Sendable {
    public let formats: [String]

    public init(formats: [String] = ["yyyy-mm-dd"]) {
        self.formats = formats
    }

    public func parse(_ text: String) throws(ValueError) -> CalendarDate {
        let trimmed = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
        let expected = "a date as " + formats.joined(separator: " or ")
        var reason = "it does not match"
        for format in formats {
            guard let fields = Self.match(trimmed, Array(format)) else { continue }
            guard let year = fields.year else { continue }
            if let month = fields.month, !(1...12).contains(month) {
                reason = "there is no month \(month)"
                continue
            }
            if let day = fields.day, let month = fields.month, !(1...CalendarDate.daysIn(month: month, year: year)).contains(day) {
                reason = "month \(month) of \(year) has no day \(day)"
                continue
            }
            return CalendarDate(year: year, month: fields.month, day: fields.day)
        }
        throw ValueError(text: text, expected: expected, reason: reason)
    }

    private static func match(_ text: [Character], _ format: [Character]) -> (year: Int?, month: Int?, day: Int?)? {
        var result: (year: Int?, month: Int?, day: Int?) = (nil, nil, nil)
        var t = 0
        var f = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, t < text.count, let digit = text[t].wholeNumberValue, text[t].isASCII {
                value = value * 10 + digit
                count += 1
                t += 1
            }
            return count >= minimum ? value : nil
        }
        while f < format.count {
            let rest = String(format[f...])
            if rest.hasPrefix("yyyy") {
                guard let year = digits(4, 4) else { return nil }
                result.year = year
                f += 4
            } else if rest.hasPrefix("mm") {
                guard let month = digits(1, 2) else { return nil }
                result.month = month
                f += 2
            } else if rest.hasPrefix("dd") {
                guard let day = digits(1, 2) else { return nil }
                result.day = day
                f += 2
            } else {
                guard t < text.count, text[t] == format[f] else { return nil }
                t += 1
                f += 1
            }
        }
        return t == text.count ? result : nil
    }
}
