import SLAEngine
import SLAModel

/// The stretch of time one report covers: whole local days in the report's time zone,
/// from local midnight of the first day to local midnight after the last day.
///
/// Boundaries are converted through `ZoneRules`, so a week containing a daylight-saving
/// change is 167 or 169 hours long. A midnight that a transition skips moves forward to
/// the first instant after the gap.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    /// What kind of period this is; it decides the label, the file names and `previous`.
    public enum Kind: Hashable, Sendable {
        case isoWeek(ISOWeek)
        case month(year: Int, month: Int)
        /// Any run of whole days, both ends included.
        case days(first: CivilDate, last: CivilDate)
    }

    public let kind: Kind
    /// The report time zone.
    public let zone: ZoneRules
    /// The first local day in the period.
    public let firstDay: CivilDate
    /// The last local day in the period (included).
    public let lastDay: CivilDate
    /// Local midnight starting `firstDay` (included).
    public let start: Instant
    /// Local midnight after `lastDay` (excluded).
    public let end: Instant

    /// The period of `kind` in `zone`.
    public init(_ kind: Kind, in zone: ZoneRules) {
        self.kind = kind
        self.zone = zone
        switch kind {
        case .isoWeek(let week):
            firstDay = week.monday
            lastDay = week.sunday
        case .month(let year, let month):
            firstDay = CivilDate(year: year, month: month, day: 1)
            lastDay = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
        case .days(let first, let last):
            firstDay = first
            lastDay = last
        }
        start = zone.instant(of: LocalDateTime(date: firstDay, secondOfDay: 0))
        end = zone.instant(of: LocalDateTime(date: lastDay.adding(days: 1), secondOfDay: 0))
    }

    /// The ISO week `week` in `zone`: local Monday 00:00 to the next Monday 00:00.
    public static func isoWeek(_ week: ISOWeek, in zone: ZoneRules) -> ReportPeriod {
        ReportPeriod(.isoWeek(week), in: zone)
    }

    /// The ISO week named by `text` (`YYYY-Www`) in `zone`.
    public static func isoWeek(parsing text: String, in zone: ZoneRules) throws(ReportPeriodError) -> ReportPeriod {
        isoWeek(try ISOWeek(parsing: text), in: zone)
    }

    /// The calendar month in `zone`.
    public static func month(year: Int, month: Int, in zone: ZoneRules) throws(ReportPeriodError) -> ReportPeriod {
        guard (1 ... 12).contains(month) else { throw .malformedMonth(pad(year, 4) + "-" + pad(month, 2)) }
        return ReportPeriod(.month(year: year, month: month), in: zone)
    }

    /// The whole days `first` through `last` (both included) in `zone`.
    public static func days(from first: CivilDate, through last: CivilDate,
                            in zone: ZoneRules) throws(ReportPeriodError) -> ReportPeriod {
        guard first.isValid else { throw .malformedDate(first.description) }
        guard last.isValid else { throw .malformedDate(last.description) }
        guard !(last < first) else { throw .emptyRange(from: first.description, through: last.description) }
        return ReportPeriod(.days(first: first, last: last), in: zone)
    }

    /// The month named by `text` (`YYYY-MM`) in `zone`.
    public static func month(parsing text: String, in zone: ZoneRules) throws(ReportPeriodError) -> ReportPeriod {
        let parts = text.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1 ... 12).contains(month),
              parts.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.asciiDigit != nil } })
        else { throw .malformedMonth(text) }
        return ReportPeriod(.month(year: year, month: month), in: zone)
    }

    /// The days `from` through `through` (both `YYYY-MM-DD`, both included) in `zone`.
    public static func days(parsingFrom from: String, through: String,
                            in zone: ZoneRules) throws(ReportPeriodError) -> ReportPeriod {
        try days(from: parseDate(from), through: parseDate(through), in: zone)
    }

    /// A `YYYY-MM-DD` date.
    public static func parseDate(_ text: String) throws(ReportPeriodError) -> CivilDate {
        let parts = text.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.asciiDigit != nil } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw .malformedDate(text) }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { throw .malformedDate(text) }
        return date
    }

    /// The rules of the report time zone named `identifier` (an IANA name such as `America/New_York`).
    public static func zone(named identifier: String) throws(ReportPeriodError) -> ZoneRules {
        guard let zone = ZoneRules.named(identifier) else { throw .unknownTimeZone(identifier) }
        return zone
    }

    /// The last ISO week that ended at or before `asOf` in `zone` (the report's default period).
    public static func lastCompleteISOWeek(before asOf: Instant, in zone: ZoneRules) -> ReportPeriod {
        let today = zone.localTime(of: asOf).date
        let current = isoWeek(ISOWeek(containing: today), in: zone)
        // The week holding `asOf` has not ended unless `asOf` is before its (gap-shifted) start.
        return current.start <= asOf ? current.previous : current.previous.previous
    }

    /// Most weeks `report --all-weeks` writes without `--force`: ten years.
    public static let maximumAllWeeks = 520

    /// Every ISO week from the one holding `first` (the first ticket) through the week holding
    /// `asOf` once it has begun, oldest first. More than `limit` weeks is an error (with
    /// `limit` nil, no limit), found before any week is built.
    public static func allISOWeeks(from first: Instant, asOf: Instant, in zone: ZoneRules,
                                   limit: Int? = maximumAllWeeks) throws(ReportPeriodError) -> [ReportPeriod] {
        var last = lastCompleteISOWeek(before: asOf, in: zone)
        // Include the week holding the as-of instant when it has begun.
        let next = last.adding(periods: 1)
        if next.start < asOf { last = next }
        guard last.end > first else { return [] }
        let firstWeek = isoWeek(ISOWeek(containing: zone.localTime(of: first).date), in: zone)
        guard case .isoWeek(let from) = firstWeek.kind, case .isoWeek(let through) = last.kind else { return [] }
        let count = (through.monday.daysSinceEpoch - from.monday.daysSinceEpoch) / 7 + 1
        if let limit, count > limit {
            throw .tooManyPeriods(count: count, limit: limit, first: from.description, last: through.description)
        }
        return (0 ..< count).map { firstWeek.adding(periods: $0) }
    }

    /// Whether `instant` falls in the period (`start` included, `end` excluded).
    public func contains(_ instant: Instant) -> Bool {
        start <= instant && instant < end
    }

    /// Whether `instant` (if any) falls in the period.
    public func contains(_ instant: Instant?) -> Bool {
        guard let instant else { return false }
        return contains(instant)
    }

    /// Length of the period in seconds (a week over a DST change is 167 or 169 hours).
    public var durationSeconds: Int64 { start.seconds(to: end) }

    /// The period of the same kind immediately before this one (a custom range: the same
    /// number of days just before it).
    public var previous: ReportPeriod { adding(periods: -1) }

    /// The period of the same kind `count` periods later (earlier when negative).
    public func adding(periods count: Int) -> ReportPeriod {
        switch kind {
        case .isoWeek(let week):
            return ReportPeriod(.isoWeek(week.adding(weeks: count)), in: zone)
        case .month(let year, let month):
            let index = year * 12 + (month - 1) + count
            let newYear = Int(floorDiv(Int64(index), 12))
            return ReportPeriod(.month(year: newYear, month: index - newYear * 12 + 1), in: zone)
        case .days(let first, let last):
            let length = last.daysSinceEpoch - first.daysSinceEpoch + 1
            return ReportPeriod(.days(first: first.adding(days: length * count),
                                      last: last.adding(days: length * count)), in: zone)
        }
    }

    /// The `count` periods ending with this one, oldest first.
    public func trailing(_ count: Int) -> [ReportPeriod] {
        (0 ..< max(count, 0)).reversed().map { adding(periods: -$0) }
    }

    /// A stable machine label: `2025-W32`, `2025-08` or `2025-08-04..2025-08-17`.
    public var label: String {
        switch kind {
        case .isoWeek(let week): return week.description
        case .month(let year, let month): return pad(year, 4) + "-" + pad(month, 2)
        case .days(let first, let last): return first.description + ".." + last.description
        }
    }

    /// The label as used in file names: `2025-W32`, `2025-08`, `2025-08-04_2025-08-17`.
    public var fileStem: String {
        switch kind {
        case .isoWeek, .month: return label
        case .days(let first, let last): return first.description + "_" + last.description
        }
    }

    /// A short label for chart axes: `W32`, `Aug 2025`, `08-04`.
    public var shortLabel: String {
        switch kind {
        case .isoWeek(let week): return "W" + pad(week.week, 2)
        case .month(let year, let month): return ReportText.monthAbbreviation(month) + " " + String(year)
        case .days(let first, _): return pad(first.month, 2) + "-" + pad(first.day, 2)
        }
    }

    /// The word for the period in sentences: "week", "month" or "period".
    public var noun: String {
        switch kind {
        case .isoWeek: return "week"
        case .month: return "month"
        case .days: return "period"
        }
    }

    /// A human title: "Week 32, 2025", "August 2025", "4 Aug 2025 – 17 Aug 2025".
    public var title: String {
        switch kind {
        case .isoWeek(let week): return "Week \(week.week), \(week.year)"
        case .month(let year, let month): return ReportText.monthName(month) + " " + String(year)
        case .days: return dateRange
        }
    }

    /// The local days covered, e.g. "Mon 4 Aug 2025 – Sun 10 Aug 2025".
    public var dateRange: String {
        ReportText.longDate(firstDay) + " – " + ReportText.longDate(lastDay)
    }

    public var description: String { label }
}
