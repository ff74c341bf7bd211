import SLAModel

/// Calendars and policies the tool ships with.
public enum BuiltIn {
    /// osTicket's "U.S. Holidays" schedule: the nine federal holidays on their actual dates
    /// (fixed dates are not moved to an observed weekday, as in osTicket).
    public static let usHolidays: [Holiday] = [
        Holiday(name: "New Year's Day", date: .yearly(month: 1, day: 1)),
        Holiday(name: "Martin Luther King Jr. Day", date: .nthWeekday(month: 1, weekday: 1, n: 3)),
        Holiday(name: "Memorial Day", date: .nthWeekday(month: 5, weekday: 1, n: -1)),
        Holiday(name: "Independence Day", date: .yearly(month: 7, day: 4)),
        Holiday(name: "Labor Day", date: .nthWeekday(month: 9, weekday: 1, n: 1)),
        Holiday(name: "Indigenous Peoples' Day", date: .nthWeekday(month: 10, weekday: 1, n: 2)),
        Holiday(name: "Veterans Day", date: .yearly(month: 11, day: 11)),
        Holiday(name: "Thanksgiving Day", date: .nthWeekday(month: 11, weekday: 4, n: 4)),
        Holiday(name: "Christmas Day", date: .yearly(month: 12, day: 25)),
    ]

    /// The name of osTicket's default business-hours schedule.
    public static let osTicketScheduleName = "Monday - Friday 8am - 5pm with U.S. Holidays"

    /// osTicket's default schedule: Monday to Friday 08:00-17:00 with U.S. holidays.
    public static func osTicketBusinessHours(timeZone: String) -> CalendarDefinition {
        CalendarDefinition(
            name: osTicketScheduleName, timeZone: timeZone,
            windows: (1...5).map { WorkingWindow(weekday: $0, start: 8 * 3600, end: 17 * 3600) },
            holidays: usHolidays)
    }

    /// A policy that reproduces osTicket's defaults: "Default SLA", 18 hours on the default
    /// schedule, resolution only (osTicket has no first-response SLA), no pauses, a new
    /// cycle from each reopen, plan changes measured from the cycle start.
    public static func osTicketDefaultPolicy(timeZone: String = "America/New_York") -> SLAPolicy {
        SLAPolicy(
            name: "osTicket default", calendars: [osTicketBusinessHours(timeZone: timeZone), .alwaysOpen],
            plans: [SLAPlanDefinition(name: "Default SLA", firstResponseTarget: nil, resolutionTarget: 18 * 3600,
                                      calendar: osTicketScheduleName)],
            defaultPlan: "Default SLA", resolutionPausedIn: [], reopenRule: .newCycle,
            planChangeRule: .fromCycleStart, dueDateRule: .exact)
    }
}
