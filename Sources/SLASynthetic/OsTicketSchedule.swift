import SLAModel
import SLAEngine

/// A business-hours schedule the way osTicket stores and uses it (`ost_schedule`), with
/// osTicket's own due-date arithmetic (`BusinessHours::addWorkingHours`), quirks included,
/// so the "SLA Due Date" the synthetic export carries is the one osTicket would have stored.
public struct OsTicketSchedule: Hashable, Sendable {
    /// One working window, in wall-clock seconds after midnight; `end` is the last working
    /// second as osTicket writes it (17:00:00, or 23:59:59 for round-the-clock schedules).
    public struct Window: Hashable, Sendable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    /// When a full-day holiday falls, computed as osTicket computes it from PHP relative formats.
    public enum HolidayRule: Hashable, Sendable {
        /// The same month and day every year.
        case fixed(month: Int, day: Int)
        /// The n-th ISO weekday (1 = Monday) of a month, n = -1 for the last. For n > 0 osTicket
        /// counts from the first such weekday *after* the 1st, so a month starting on that
        /// weekday gets the holiday a week late (Labor Day 2025 falls on September 8).
        case nthWeekday(month: Int, weekday: Int, n: Int)

        /// The month the holiday falls in.
        public var month: Int {
            switch self {
            case .fixed(let month, _), .nthWeekday(let month, _, _): return month
            }
        }

        /// The engine's form of this rule.
        public var holidayDate: HolidayDate {
            switch self {
            case .fixed(let month, let day): return .yearly(month: month, day: day)
            case .nthWeekday(let month, let weekday, let n): return .nthWeekday(month: month, weekday: weekday, n: n)
            }
        }

        /// The holiday's date in `year`, if it has one, as osTicket computes it.
        public func date(in year: Int) -> CivilDate? {
            OsTicketDueDate.osTicketDate(of: holidayDate, in: year)
        }
    }

    public var name: String
    /// The working window of each ISO weekday, Monday first (7 entries; nil = no work that day).
    /// osTicket keeps only one window per date.
    public var windows: [Window?]
    /// Full-day holidays (osTicket's linked holiday schedule).
    public var holidays: [HolidayRule]

    public init(name: String, windows: [Window?], holidays: [HolidayRule] = []) {
        precondition(windows.count == 7, "one entry per ISO weekday")
        self.name = name
        self.windows = windows
        self.holidays = holidays
    }

    /// osTicket's default schedule 1, "Monday - Friday 8am - 5pm with U.S. Holidays".
    public static let mondayToFriday8to5WithUSHolidays: OsTicketSchedule = {
        let day = Window(start: 8 * 3600, end: 17 * 3600)
        return OsTicketSchedule(
            name: "Monday - Friday 8am - 5pm with U.S. Holidays",
            windows: [day, day, day, day, day, nil, nil],
            holidays: [
                .fixed(month: 1, day: 1), .nthWeekday(month: 1, weekday: 1, n: 3),
                .nthWeekday(month: 5, weekday: 1, n: -1), .fixed(month: 7, day: 4),
                .nthWeekday(month: 9, weekday: 1, n: 1), .nthWeekday(month: 10, weekday: 1, n: 2),
                .fixed(month: 11, day: 11), .nthWeekday(month: 11, weekday: 4, n: 4),
                .fixed(month: 12, day: 25),
            ])
    }()

    /// osTicket's default schedule 2, "24/7": every day 00:00:00 - 23:59:59.
    public static let allDay = OsTicketSchedule(
        name: "24/7", windows: Array(repeating: Window(start: 0, end: 86_399), count: 7))

    /// The working window on `date`, ignoring holidays.
    public func window(on date: CivilDate) -> Window? {
        windows[date.isoWeekday - 1]
    }

    /// Whether `date` is one of the schedule's holidays.
    public func isHoliday(_ date: CivilDate) -> Bool {
        holidays.contains { $0.month == date.month && $0.date(in: date.year) == date }
    }

    /// Whether `date` has working time (a window and no holiday).
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        window(on: date) != nil && !isHoliday(date)
    }

    /// The schedule as an engine calendar in `timeZone`.
    public func calendarDefinition(timeZone: String) -> CalendarDefinition {
        CalendarDefinition(
            name: name, timeZone: timeZone,
            windows: windows.enumerated().compactMap { index, window in
                window.map { WorkingWindow(weekday: index + 1, start: $0.start, end: $0.end) }
            },
            holidays: holidays.map { Holiday(name: "", date: $0.holidayDate) })
    }

    /// The due instant osTicket computes for a grace period of `hours` starting at `start`
    /// (`getSLADueDate`), with the schedule read in `zone`: the engine's `OsTicketDueDate`,
    /// quirks included.
    public func osTicketDueDate(addingHours hours: Int, to start: Instant, in zone: ZoneRules) -> Instant {
        OsTicketDueDate(calendar: calendarDefinition(timeZone: zone.identifier))
            .dueDate(base: start, grace: Int64(hours) * 3600)
    }
}

/// Exact business-time arithmetic on a schedule's windows (no osTicket quirks): where the
/// synthetic agents' working time goes. A window is worked from `start` up to `end`.
struct WorkingClock: Sendable {
    let schedule: OsTicketSchedule
    let zone: ZoneRules
    /// Round-the-clock handling: plain elapsed seconds.
    let isAlwaysOpen: Bool

    init(schedule: OsTicketSchedule, zone: ZoneRules) {
        self.schedule = schedule
        self.zone = zone
        self.isAlwaysOpen = schedule == .allDay
    }

    /// The instant `seconds` of working time after `instant` (the first working instant at
    /// or after it when `seconds` is 0).
    func adding(_ seconds: Int64, to instant: Instant) -> Instant {
        if isAlwaysOpen { return instant.adding(seconds: seconds) }
        var remaining = max(0, seconds)
        let local = zone.localTime(of: instant)
        var date = local.date
        var from = local.secondOfDay
        for _ in 0..<3660 {
            if let window = schedule.window(on: date), !schedule.isHoliday(date) {
                let begin = max(from, window.start)
                if begin < window.end {
                    let available = Int64(window.end - begin)
                    if remaining < available {
                        return zone.instant(of: LocalDateTime(date: date, secondOfDay: begin + Int(remaining)))
                    }
                    remaining -= available
                }
            }
            date = date.adding(days: 1)
            from = 0
        }
        return instant.adding(seconds: seconds)
    }

    /// Working seconds between two instants (0 when `end` is not after `start`).
    func seconds(from start: Instant, to end: Instant) -> Int64 {
        guard start < end else { return 0 }
        if isAlwaysOpen { return start.seconds(to: end) }
        let a = zone.localTime(of: start), b = zone.localTime(of: end)
        var total: Int64 = 0
        var date = a.date
        while date <= b.date {
            if let window = schedule.window(on: date), !schedule.isHoliday(date) {
                let from = date == a.date ? max(window.start, a.secondOfDay) : window.start
                let to = date == b.date ? min(window.end, b.secondOfDay) : window.end
                if to > from { total += Int64(to - from) }
            }
            date = date.adding(days: 1)
        }
        return total
    }
}
