/// Why a report period could not be built from what the user typed.
public enum ReportPeriodError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not an ISO week such as `2025-W32`.
    case malformedWeek(String)
    /// The year has no such week (a year has 52 or 53 ISO weeks).
    case weekOutOfRange(year: Int, week: Int, weeksInYear: Int)
    /// The text is not a month such as `2025-08`.
    case malformedMonth(String)
    /// The text is not a date such as `2025-08-04`.
    case malformedDate(String)
    /// A custom period whose last day is before its first day.
    case emptyRange(from: String, through: String)
    /// The time zone name is not an IANA zone known to this machine.
    case unknownTimeZone(String)
    /// `--all-weeks` would write more weeks than the limit.
    case tooManyPeriods(count: Int, limit: Int, first: String, last: String)

    public var description: String {
        switch self {
        case .malformedWeek(let text):
            return "'\(text)' is not an ISO week; write it as YYYY-Www, e.g. 2025-W32."
        case .weekOutOfRange(let year, let week, let weeks):
            return "ISO year \(year) has \(weeks) weeks, so week \(week) does not exist; use a week from 1 to \(weeks)."
        case .malformedMonth(let text):
            return "'\(text)' is not a month; write it as YYYY-MM, e.g. 2025-08."
        case .malformedDate(let text):
            return "'\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2025-08-04."
        case .emptyRange(let from, let through):
            return "The period from \(from) through \(through) is empty; the last day must not be before the first."
        case .unknownTimeZone(let name):
            return "'\(name)' is not a known time zone; use an IANA name such as America/New_York or UTC."
        case .tooManyPeriods(let count, let limit, let first, let last):
            return "--all-weeks would write \(count) weekly reports (\(first) to \(last)), more than the limit of \(limit); check the data's dates, report a narrower period, or add --force."
        }
    }
}
