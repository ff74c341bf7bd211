import SLAModel

/// osTicket's own due-date algorithm (`BusinessHours::addWorkingHours`, 1.14-1.18), quirks
/// included, so a recomputed due date can be checked against an export's "SLA Due Date" to
/// the second. See `reference/osticket.md`, appendix; the quirks reproduced here:
/// - one working window per date: the first window defined for a weekday wins (Q4);
/// - time is counted in nominal wall-clock seconds per window, and the grace is used up only
///   when the running total is *strictly* greater, so an exact fit lands on the next
///   business day's start, or on a following holiday's end (Q1);
/// - a 23:59:59 window end loses one second per full day (Q2);
/// - the final step back from a window's end is in elapsed seconds, across DST (Q3);
/// - partial-day holidays move the cursor to the holiday's end and credit the morning (Q5);
/// - "third Monday of January" skips a 1st that is itself a Monday (Q6);
/// - an always-open calendar (the built-in `24x7`, or one defined with a time zone) stands for
///   osTicket's shipped "24/7" schedule, 00:00:00-23:59:59 every day in the calendar's zone: one
///   second lost per midnight, wall-clock days across DST (`class.schedule.php` reads its entries
///   like any other schedule's);
/// - a calendar with no windows that is not always open (osTicket: no schedule) adds the grace
///   as plain seconds (`SLA::addGracePeriod`).
public struct OsTicketDueDate: Sendable {
    let zone: ZoneRules
    /// The window per ISO weekday (1...7): the first one defined.
    let windowByWeekday: [(start: Int, end: Int)?]
    let holidays: [Holiday]
    /// No schedule at all: osTicket adds the grace as plain seconds.
    let noSchedule: Bool

    public init(calendar: CalendarDefinition) {
        zone = ZoneRules.named(calendar.timeZone) ?? .utc
        noSchedule = !calendar.isAlwaysOpen && calendar.windows.isEmpty
        var windows = [(start: Int, end: Int)?](repeating: nil, count: 8)
        let definedWindows = calendar.isAlwaysOpen
            ? (1...7).map { WorkingWindow(weekday: $0, start: 0, end: 86_399) } : calendar.windows
        for window in definedWindows where (1...7).contains(window.weekday) && windows[window.weekday] == nil {
            // osTicket stores times to the second; a window to midnight is written 23:59:59.
            windows[window.weekday] = (window.start, min(window.end, 86_399))
        }
        windowByWeekday = windows
        // osTicket's 24/7 schedule links no holiday schedule.
        holidays = calendar.isAlwaysOpen ? [] : calendar.holidays
    }

    /// The date a holiday falls on in `year`, as osTicket's PHP relative formats compute it.
    public static func osTicketDate(of holiday: HolidayDate, in year: Int) -> CivilDate? {
        if case .nthWeekday(let month, let weekday, let n) = holiday, n > 0 {
            // "January 2024 third monday" counts Mondays strictly after the 1st.
            let first = CivilDate(year: year, month: month, day: 1)
            var offset = (weekday - first.isoWeekday + 7) % 7
            if offset == 0 { offset = 7 }
            let date = first.adding(days: offset + (n - 1) * 7)
            return date.month == month ? date : nil
        }
        return holiday.date(in: year)
    }

    private func holiday(on date: CivilDate) -> Holiday? {
        holidays.first { OsTicketDueDate.osTicketDate(of: $0.date, in: date.year) == date }
    }

    private func instant(_ date: CivilDate, _ secondOfDay: Int) -> Instant {
        zone.instant(of: LocalDateTime(date: date, secondOfDay: secondOfDay))
    }

    /// The due instant osTicket computes for a ticket whose clock base (creation, or last
    /// reopen) is `base`, with a grace period of `seconds`.
    public func dueDate(base: Instant, grace seconds: Int64) -> Instant {
        if noSchedule || seconds <= 0 { return base.adding(seconds: seconds) }
        let need = seconds
        var accumulated: Int64 = 0
        var cursor = base
        var batchStart = base
        var previousKeys = Set<Int>()
        for _ in 0..<10_000 {
            let cursorLocal = zone.localTime(of: cursor)
            if previousKeys.contains(cursorLocal.date.daysSinceEpoch) {
                batchStart = zone.instant(of: LocalDateTime(secondsSinceLocalEpoch: cursorLocal.secondsSinceLocalEpoch + 86_400))
            } else {
                batchStart = cursor
            }
            let firstDate = zone.localTime(of: batchStart).date
            let dates = (0...3).map { firstDate.adding(days: $0) }.filter { windowByWeekday[$0.isoWeekday] != nil }
            previousKeys = Set(dates.map(\.daysSinceEpoch))
            for date in dates {
                let window = windowByWeekday[date.isoWeekday]!
                let local = zone.localTime(of: cursor)
                var partial = false
                var lead = 0
                var cursorTime = local.secondOfDay
                if local.date == date {
                    if cursorTime > window.end { continue }
                    if cursorTime >= window.start { partial = true }
                }
                if let holiday = holiday(on: date) {
                    let start = holiday.start ?? 0
                    let end = min(holiday.end ?? 86_399, 86_399)
                    cursor = instant(date, end)
                    if end - start >= 86_399 { continue }
                    partial = true
                    cursorTime = end
                    lead = max(0, start - window.start)
                }
                let worked = partial ? window.end - cursorTime + lead : window.end - window.start
                accumulated += Int64(worked)
                cursor = instant(date, window.end)
                if accumulated > need {
                    return cursor.adding(seconds: -(accumulated - need))
                }
            }
            if accumulated >= need { return cursor }
        }
        return cursor
    }
}
