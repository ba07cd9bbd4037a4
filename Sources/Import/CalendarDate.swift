/// A date as sources give it: a day, or only a month or a year (`since 1988`), without time or time zone.
public struct CalendarDate: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601: `2015-07-15`, `2015-07` or `2015`.
    public var description: String {
        let yyyy = String(year).leftPadded(to: 4)
        guard let month else { return yyyy }
        let mm = String(month).leftPadded(to: 2)
        guard let day else { return "\(yyyy)-\(mm)" }
        return "\(yyyy)-\(mm)-\(String(day).leftPadded(to: 2))"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: Swift.max(0, length - count)) + self
    }
}
