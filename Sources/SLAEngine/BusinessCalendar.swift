import SLAModel

/// Why a calendar definition cannot be used.
public enum CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownTimeZone(calendar: String, zone: String)
    case noWorkingTime(calendar: String)
    case invalidWindow(calendar: String, window: WorkingWindow)

    public var description: String {
        switch self {
        case .unknownTimeZone(let calendar, let zone):
            return "calendar \"\(calendar)\": unknown time zone \"\(zone)\" (expected an IANA name such as America/New_York)"
        case .noWorkingTime(let calendar):
            return "calendar \"\(calendar)\" has no working windows; add at least one or use the built-in 24x7 calendar"
        case .invalidWindow(let calendar, let window):
            return "calendar \"\(calendar)\": window on weekday \(window.weekday) from \(window.start) s to \(window.end) s is invalid (weekday 1-7, 0 <= start < end <= 86400)"
        }
    }
}

/// A half-open stretch of time `[start, end)` between two instants.
public struct Interval: Hashable, Sendable {
    public var start: Instant
    public var end: Instant

    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }

    public var seconds: Int64 { start.seconds(to: end) }
}

/// Business-time arithmetic on one calendar, exact to the second across DST changes.
///
/// Working time is counted in elapsed seconds: a window of 01:00-04:00 on a spring-forward
/// night holds two hours, on a fall-back night four. Wall-clock window bounds that fall in
/// a DST gap move forward by the gap; those in an overlap take the first occurrence.
public struct BusinessCalendar: Sendable {
    public let definition: CalendarDefinition
    public let zone: ZoneRules
    /// Sorted, merged windows (seconds of day) per ISO weekday, index 1...7.
    private let windowsByWeekday: [[(start: Int, end: Int)]]
    /// Full-day holidays, as days since the epoch.
    private let fullHolidays: Set<Int>
    /// Partial holidays: day -> off ranges (seconds of day).
    private let partialHolidays: [Int: [(start: Int, end: Int)]]

    /// Years for which holiday rules are expanded.
    public static let holidayYears = 1990...2100

    public init(_ definition: CalendarDefinition) throws(CalendarError) {
        self.definition = definition
        if definition.isAlwaysOpen {
            zone = ZoneRules.named(definition.timeZone) ?? .utc
            windowsByWeekday = []
            fullHolidays = []
            partialHolidays = [:]
            return
        }
        guard let zone = ZoneRules.named(definition.timeZone) else {
            throw .unknownTimeZone(calendar: definition.name, zone: definition.timeZone)
        }
        self.zone = zone
        var byDay = Array(repeating: [(start: Int, end: Int)](), count: 8)
        for window in definition.windows {
            guard (1...7).contains(window.weekday), window.start >= 0, window.start < window.end,
                  window.end <= 86_400 else {
                throw .invalidWindow(calendar: definition.name, window: window)
            }
            byDay[window.weekday].append((window.start, window.end))
        }
        guard byDay.contains(where: { !$0.isEmpty }) else { throw .noWorkingTime(calendar: definition.name) }
        windowsByWeekday = byDay.map(BusinessCalendar.merge)
        var full = Set<Int>()
        var partial: [Int: [(start: Int, end: Int)]] = [:]
        for holiday in definition.holidays {
            for year in BusinessCalendar.holidayYears {
                guard let date = holiday.date.date(in: year) else { continue }
                if let start = holiday.start, let end = holiday.end, end - start < 86_400 {
                    partial[date.daysSinceEpoch, default: []].append((start, end))
                } else {
                    full.insert(date.daysSinceEpoch)
                }
            }
        }
        fullHolidays = full
        partialHolidays = partial
    }

    private static func merge(_ windows: [(start: Int, end: Int)]) -> [(start: Int, end: Int)] {
        var result: [(start: Int, end: Int)] = []
        for window in windows.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, window.start <= last.end {
                result[result.count - 1].end = max(last.end, window.end)
            } else {
                result.append(window)
            }
        }
        return result
    }

    /// Whether `date` is a full-day holiday of this calendar.
    public func isHoliday(_ date: CivilDate) -> Bool {
        fullHolidays.contains(date.daysSinceEpoch)
    }

    /// The working intervals of one local date, as instants, in order.
    public func workingIntervals(on date: CivilDate) -> [Interval] {
        let day = date.daysSinceEpoch
        if fullHolidays.contains(day) { return [] }
        var windows = windowsByWeekday[date.isoWeekday]
        if windows.isEmpty { return [] }
        if let offRanges = partialHolidays[day] {
            for off in offRanges { windows = BusinessCalendar.subtract(off, from: windows) }
        }
        var intervals: [Interval] = []
        intervals.reserveCapacity(windows.count)
        for window in windows {
            let start = zone.instant(of: LocalDateTime(date: date, secondOfDay: window.start))
            let end = zone.instant(of: LocalDateTime(date: date, secondOfDay: window.end))
            if start < end { intervals.append(Interval(start: start, end: end)) }
        }
        return intervals
    }

    private static func subtract(_ off: (start: Int, end: Int), from windows: [(start: Int, end: Int)])
        -> [(start: Int, end: Int)] {
        var result: [(start: Int, end: Int)] = []
        for window in windows {
            if off.end <= window.start || off.start >= window.end { result.append(window); continue }
            if off.start > window.start { result.append((window.start, off.start)) }
            if off.end < window.end { result.append((off.end, window.end)) }
        }
        return result
    }

    /// The instant at which `seconds` of working time have passed after `start`.
    ///
    /// Adding zero returns `start`. When the time runs out exactly at a window's end, the
    /// result is that end (Mon 08:00 + 18 h on a 9-hour day is Tue 17:00).
    public func addWorkingTime(_ seconds: Int64, to start: Instant) -> Instant {
        if seconds <= 0 { return start }
        if definition.isAlwaysOpen { return start.adding(seconds: seconds) }
        var remaining = seconds
        var date = zone.localTime(of: start).date.adding(days: -1)
        // A calendar with windows has working time in every week that is not all holidays;
        // the bound only stops a runaway loop on a calendar of nothing but holidays.
        for _ in 0..<(366 * 200) {
            for interval in workingIntervals(on: date) where interval.end > start {
                let from = max(interval.start, start)
                let available = from.seconds(to: interval.end)
                if remaining <= available { return from.adding(seconds: remaining) }
                remaining -= available
            }
            date = date.adding(days: 1)
        }
        return Instant(secondsSinceEpoch: Int64.max / 2)
    }

    /// Working seconds in `[from, to)`; zero when `to` is not after `from`.
    public func workingTime(from: Instant, to: Instant) -> Int64 {
        if to <= from { return 0 }
        if definition.isAlwaysOpen { return from.seconds(to: to) }
        var total: Int64 = 0
        var date = zone.localTime(of: from).date.adding(days: -1)
        let lastDate = zone.localTime(of: to).date.adding(days: 1)
        while date <= lastDate {
            for interval in workingIntervals(on: date) {
                let start = max(interval.start, from), end = min(interval.end, to)
                if start < end { total += start.seconds(to: end) }
            }
            date = date.adding(days: 1)
        }
        return total
    }

    /// Whether `instant` falls inside working time.
    public func isWorking(at instant: Instant) -> Bool {
        workingTime(from: instant, to: instant.adding(seconds: 1)) == 1
    }
}
