/// A point in time, to the second, counted from 1970-01-01T00:00:00Z.
///
/// Every instant the tool stores or compares is UTC; local wall-clock times exist only
/// at the edges (parsing an export, printing a report) and go through a time zone there.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The instant whose UTC civil date and time are the ones given.
    public init(utc date: CivilDate, secondOfDay: Int = 0) {
        self.secondsSinceEpoch = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// The instant `seconds` later (or earlier, when negative).
    public func adding(seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// Seconds from `self` to `other` (negative when `other` is earlier).
    public func seconds(to other: Instant) -> Int64 {
        other.secondsSinceEpoch - secondsSinceEpoch
    }

    /// ISO 8601 in UTC, e.g. `2025-08-05T14:03:00Z`.
    public var iso8601: String {
        LocalDateTime(secondsSinceLocalEpoch: secondsSinceEpoch).iso8601 + "Z"
    }

    public var description: String { iso8601 }

    /// Parses exactly the form `iso8601` prints (`2025-08-05T14:03:00Z`), as stored in event values.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              hour < 24, minute < 60, second < 60 else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        self.init(utc: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }
}

/// A calendar date without a time zone (proleptic Gregorian).
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether the fields name a real date (month 1-12, day within the month).
    public var isValid: Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= CivilDate.daysIn(month: month, year: year)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil, exact for all years).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int {
        let d = daysSinceEpoch
        // 1970-01-01 was a Thursday (4).
        return ((d % 7) + 7 + 3) % 7 + 1
    }

    /// The ISO 8601 week-numbering year and week of this date: the week runs Monday to
    /// Sunday and belongs to the year of its Thursday (2024-12-30 is in 2025's week 1).
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - isoWeekday)
        let january1 = CivilDate(year: thursday.year, month: 1, day: 1)
        return (thursday.year, (thursday.daysSinceEpoch - january1.daysSinceEpoch) / 7 + 1)
    }

    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}

/// A wall-clock date and time with no zone, counted as seconds from 1970-01-01 00:00:00
/// of that wall clock. Converting it to an `Instant` needs a time zone.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSinceLocalEpoch: Int64

    public init(secondsSinceLocalEpoch: Int64) {
        self.secondsSinceLocalEpoch = secondsSinceLocalEpoch
    }

    public init(date: CivilDate, secondOfDay: Int) {
        self.secondsSinceLocalEpoch = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
    }

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.init(date: CivilDate(year: year, month: month, day: day),
                  secondOfDay: hour * 3600 + minute * 60 + second)
    }

    public var date: CivilDate {
        CivilDate(daysSinceEpoch: Int(floorDiv(secondsSinceLocalEpoch, 86_400)))
    }

    public var secondOfDay: Int {
        Int(secondsSinceLocalEpoch - floorDiv(secondsSinceLocalEpoch, 86_400) * 86_400)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsSinceLocalEpoch < rhs.secondsSinceLocalEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var iso8601: String {
        let s = secondOfDay
        return date.description + "T" + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2)
    }

    /// `YYYY-MM-DD HH:MM:SS`, the shape osTicket exports.
    public var sqlStyle: String {
        let s = secondOfDay
        return date.description + " " + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2)
    }

    public var description: String { iso8601 }
}

/// Floor division, correct for negative numerators.
@inlinable
public func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Zero-padded decimal, e.g. `pad(7, 2) == "07"`.
public func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    return value < 0 ? "-" + padded : padded
}
