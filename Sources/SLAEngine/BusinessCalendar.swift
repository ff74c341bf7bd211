import SLAModel

/// Why a calendar definition cannot be used.
public enum CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownTimeZone(calendar: String, zone: String)
    case noWorkingTime(calendar: String)
    case invalidWindow(calendar: String, window: WorkingWindow)
    /// Windows exist but holidays cover every one of them (due dates could never be reached).
    case allHolidays(calendar: String)

    public var description: String {
        switch self {
        case .unknownTimeZone(let calendar, let zone):
            return "calendar \"\(calendar)\": unknown time zone \"\(zone)\" (expected an IANA name such as America/New_York)"
        case .noWorkingTime(let calendar):
            return "calendar \"\(calendar)\" has no working windows; add at least one or use the built-in 24x7 calendar"
        case .invalidWindow(let calendar, let window):
            return "calendar \"\(calendar)\": window on weekday \(window.weekday) from \(window.start) s to \(window.end) s is invalid (weekday 1-7, 0 <= start < end <= 86400)"
        case .allHolidays(let calendar):
            return "calendar \"\(calendar)\" has no working time from \(BusinessCalendar.tableYears.lowerBound) to \(BusinessCalendar.tableYears.upperBound): its holidays cover every working window"
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
    /// Every working interval from `tableYears` in order, with running totals, so both
    /// operations are binary searches inside that range.
    private var table: IntervalTable?

    /// The years the precomputed interval table covers; outside them the calendar walks day by
    /// day. They include the years an import accepts by default (1970 up to 2100), so that an
    /// open ticket judged decades later still costs one binary search, not a walk per day.
    public static let tableYears = 1969...2100

    /// Years for which holiday rules are expanded.
    public static let holidayYears = 1969...2101

    /// Whether "n-th weekday" holidays fall where osTicket puts them (`OsTicketDueDate.osTicketDate`:
    /// Labor Day 2025 on Sep 8) rather than on their real dates.
    public let usesOsTicketHolidayDates: Bool

    /// A calendar; with `osTicketHolidayDates`, its holidays fall on osTicket's dates, so business
    /// time agrees with the due dates osTicket computed (`due_date_rule: osticket`).
    public init(_ definition: CalendarDefinition, osTicketHolidayDates: Bool = false) throws(CalendarError) {
        self.definition = definition
        usesOsTicketHolidayDates = osTicketHolidayDates
        if definition.isAlwaysOpen {
            zone = ZoneRules.named(definition.timeZone) ?? .utc
            windowsByWeekday = []
            fullHolidays = []
            partialHolidays = [:]
            table = nil
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
                guard let date = BusinessCalendar.date(of: holiday, in: year, osTicketDates: osTicketHolidayDates)
                else { continue }
                if let start = holiday.start, let end = holiday.end, end - start < 86_400 {
                    partial[date.daysSinceEpoch, default: []].append((start, end))
                } else {
                    full.insert(date.daysSinceEpoch)
                }
            }
        }
        fullHolidays = full
        partialHolidays = partial
        table = nil
        table = IntervalTable(calendar: self)
        // Without any working time, every due date would walk two centuries of days per ticket.
        guard table != nil else { throw .allHolidays(calendar: definition.name) }
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
        if BusinessCalendar.holidayYears.contains(date.year) { return fullHolidays.contains(date.daysSinceEpoch) }
        return definition.holidays.contains { $0.isFullDay && holidayDate($0, in: date.year) == date }
    }

    /// The date `holiday` falls on in `year`, by this calendar's holiday-date rule.
    public func holidayDate(_ holiday: Holiday, in year: Int) -> CivilDate? {
        BusinessCalendar.date(of: holiday, in: year, osTicketDates: usesOsTicketHolidayDates)
    }

    private static func date(of holiday: Holiday, in year: Int, osTicketDates: Bool) -> CivilDate? {
        osTicketDates ? OsTicketDueDate.osTicketDate(of: holiday.date, in: year) : holiday.date.date(in: year)
    }

    /// The working intervals of one local date, as instants, in order.
    public func workingIntervals(on date: CivilDate) -> [Interval] {
        let day = date.daysSinceEpoch
        var windows = windowsByWeekday[date.isoWeekday]
        if windows.isEmpty { return [] }
        if BusinessCalendar.holidayYears.contains(date.year) {
            if fullHolidays.contains(day) { return [] }
            if let offRanges = partialHolidays[day] {
                for off in offRanges { windows = BusinessCalendar.subtract(off, from: windows) }
            }
        } else {
            // Outside the expanded years, evaluate the holiday rules for this date.
            for holiday in definition.holidays where holidayDate(holiday, in: date.year) == date {
                guard let start = holiday.start, let end = holiday.end, end - start < 86_400 else { return [] }
                windows = BusinessCalendar.subtract((start, end), from: windows)
            }
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
        if let table, let result = table.add(seconds, to: start) { return result }
        return walkingAdd(seconds, to: start)
    }

    /// `addWorkingTime` by walking day by day (outside the table, and to check the table).
    func walkingAdd(_ seconds: Int64, to start: Instant) -> Instant {
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
        if let table, let result = table.workingTime(from: from, to: to) { return result }
        return walkingWorkingTime(from: from, to: to)
    }

    /// `workingTime` by walking day by day (outside the table, and to check the table).
    func walkingWorkingTime(from: Instant, to: Instant) -> Int64 {
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

/// All working intervals of a calendar over `BusinessCalendar.tableYears`, flattened, with
/// cumulative working seconds: working time up to any instant is one binary search.
struct IntervalTable: Sendable {
    let starts: [Int64]
    let ends: [Int64]
    /// `cumulative[i]` = working seconds in intervals `0..<i`.
    let cumulative: [Int64]
    let rangeStart: Int64
    let rangeEnd: Int64
    /// The UTC midnight at or before the first interval's start.
    let dayBase: Int64
    /// `startsBeforeDay[d]`: the intervals starting before `dayBase + d` days. The intervals
    /// starting before an instant are then those of its day's slice that start before it: a few
    /// steps instead of a binary search over the 34,000 intervals of a weekday calendar (two per
    /// business-time measure, 350 instructions each; a replay measures every cycle and segment).
    let startsBeforeDay: [Int32]

    init?(calendar: BusinessCalendar) {
        var starts: [Int64] = [], ends: [Int64] = [], cumulative: [Int64] = [0]
        let first = CivilDate(year: BusinessCalendar.tableYears.lowerBound, month: 1, day: 1)
        let last = CivilDate(year: BusinessCalendar.tableYears.upperBound + 1, month: 1, day: 1)
        var date = first
        while date < last {
            for interval in calendar.workingIntervals(on: date) {
                let start = interval.start.secondsSinceEpoch, end = interval.end.secondsSinceEpoch
                // Intervals of consecutive days never overlap (a day's windows end by its midnight).
                if let previous = ends.last, start < previous { continue }
                starts.append(start)
                ends.append(end)
                cumulative.append(cumulative.last! + (end - start))
            }
            date = date.adding(days: 1)
        }
        guard !starts.isEmpty else { return nil }
        self.starts = starts
        self.ends = ends
        self.cumulative = cumulative
        dayBase = floorDiv(starts[0], 86_400) * 86_400
        var startsBeforeDay: [Int32] = []
        startsBeforeDay.reserveCapacity(Int((ends.last! - dayBase) / 86_400) + 2)
        var counted = 0
        var dayStart = dayBase
        // Through the day after the last interval ends, so that every day in range has a next entry.
        while dayStart <= ends.last! + 86_400 {
            while counted < starts.count && starts[counted] < dayStart { counted += 1 }
            startsBeforeDay.append(Int32(counted))
            dayStart += 86_400
        }
        self.startsBeforeDay = startsBeforeDay
        // Only instants strictly inside the covered days are answered from the table.
        rangeStart = calendar.zone.instant(of: LocalDateTime(date: first.adding(days: 1), secondOfDay: 0)).secondsSinceEpoch
        rangeEnd = calendar.zone.instant(of: LocalDateTime(date: last.adding(days: -1), secondOfDay: 0)).secondsSinceEpoch
    }

    /// Number of intervals starting before `t`.
    @inline(__always)
    func countStarting(before t: Int64) -> Int {
        if t >= dayBase {
            let day = Int((t - dayBase) / 86_400)
            if day + 1 < startsBeforeDay.count {
                var index = Int(startsBeforeDay[day])
                let bound = Int(startsBeforeDay[day + 1])
                while index < bound && starts[index] < t { index += 1 }
                return index
            }
        }
        return countStartingBySearch(before: t)
    }

    /// `countStarting(before:)` by a binary search over every interval (and to check the day slices).
    func countStartingBySearch(before t: Int64) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low &+ high) >> 1
            if starts[mid] < t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Working seconds from the table's start up to `t`.
    @inline(__always)
    private func accumulated(at t: Int64) -> Int64 {
        let i = countStarting(before: t)
        if i == 0 { return 0 }
        return cumulative[i - 1] + (min(ends[i - 1], t) - starts[i - 1])
    }

    func workingTime(from: Instant, to: Instant) -> Int64? {
        let a = from.secondsSinceEpoch, b = to.secondsSinceEpoch
        guard a >= rangeStart, b <= rangeEnd else { return nil }
        return accumulated(at: b) - accumulated(at: a)
    }

    func add(_ seconds: Int64, to start: Instant) -> Instant? {
        let a = start.secondsSinceEpoch
        guard a >= rangeStart else { return nil }
        let target = accumulated(at: a) + seconds
        guard target <= cumulative.last! else { return nil }
        // The first interval whose running total reaches the target.
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if cumulative[mid + 1] >= target { high = mid } else { low = mid + 1 }
        }
        let result = starts[low] + (target - cumulative[low])
        return result <= rangeEnd ? Instant(secondsSinceEpoch: result) : nil
    }
}
