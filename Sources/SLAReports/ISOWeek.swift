import SLAModel

/// An ISO 8601 week: weeks start on Monday, and week 1 of a year is the week that
/// contains that year's first Thursday (so 2024-12-30 belongs to 2025-W01).
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The ISO week-numbering year (which can differ from the calendar year near January 1).
    public let year: Int
    /// 1 ... 52 or 53.
    public let week: Int

    /// The week, or nil when `week` is outside `1 ... ISOWeek.weeks(in: year)`.
    public init?(year: Int, week: Int) {
        guard week >= 1, week <= ISOWeek.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// The ISO week that contains `date`.
    public init(containing date: CivilDate) {
        (year, week) = date.isoWeek
    }

    /// Parses `YYYY-Www` (e.g. `2025-W32`; the basic form `2025W32` and a lower-case `w` are accepted too).
    public init(parsing text: String) throws(ReportPeriodError) {
        let trimmed = text.trimmingSpaces
        let scalars = Array(trimmed.unicodeScalars)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[index ..< index + count] {
                guard let digit = scalar.asciiDigit else { return nil }
                value = value * 10 + digit
            }
            index += count
            return value
        }
        guard let year = digits(4) else { throw .malformedWeek(text) }
        if index < scalars.count, scalars[index] == "-" { index += 1 }
        guard index < scalars.count, scalars[index] == "W" || scalars[index] == "w" else {
            throw .malformedWeek(text)
        }
        index += 1
        guard let week = digits(2), index == scalars.count else { throw .malformedWeek(text) }
        guard let parsed = ISOWeek(year: year, week: week) else {
            throw .weekOutOfRange(year: year, week: week, weeksInYear: ISOWeek.weeks(in: year))
        }
        self = parsed
    }

    /// 52 or 53: the number of ISO weeks in the week-numbering `year`.
    public static func weeks(in year: Int) -> Int {
        // December 28 is always in the year's last week.
        ISOWeek(containing: CivilDate(year: year, month: 12, day: 28)).week
    }

    /// The Monday that starts the week.
    public var monday: CivilDate {
        let january4 = CivilDate(year: year, month: 1, day: 4)
        return january4.adding(days: 1 - january4.isoWeekday + (week - 1) * 7)
    }

    /// The Sunday that ends the week.
    public var sunday: CivilDate { monday.adding(days: 6) }

    /// The week `count` weeks later (earlier when negative).
    public func adding(weeks count: Int) -> ISOWeek {
        ISOWeek(containing: monday.adding(days: 7 * count))
    }

    public var previous: ISOWeek { adding(weeks: -1) }
    public var next: ISOWeek { adding(weeks: 1) }

    /// `YYYY-Www`, e.g. `2025-W32`.
    public var description: String { pad(year, 4) + "-W" + pad(week, 2) }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool {
        (lhs.year, lhs.week) < (rhs.year, rhs.week)
    }
}

extension Unicode.Scalar {
    var asciiDigit: Int? {
        value >= 48 && value <= 57 ? Int(value - 48) : nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first ... last])
    }
}
