import SLAModel
import SLAEngine

/// Helpers shared by the engine tests: wall-clock instants and small policies.
enum Fixture {
    static let newYork = ZoneRules.named("America/New_York")!
    static let berlin = ZoneRules.named("Europe/Berlin")!

    /// The instant of a New York wall-clock time (gap/overlap rule applied).
    static func ny(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Instant {
        newYork.instant(of: LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }

    static func berlin(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Instant {
        berlin.instant(of: LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }

    static func weekdays(_ start: Int, _ end: Int) -> [WorkingWindow] {
        (1...5).map { WorkingWindow(weekday: $0, start: start * 3600, end: end * 3600) }
    }

    static let officeHours = CalendarDefinition(name: "office", timeZone: "America/New_York",
                                                windows: weekdays(8, 17), holidays: BuiltIn.usHolidays)

    /// The sample bank's policy: Default SLA (4 h first response, 18 h resolution on office
    /// hours) and Severity A (15 min / 1 h, 24x7).
    static func bankPolicy(reopen: ReopenRule = .newCycle, planChange: PlanChangeRule = .fromCycleStart,
                           pausedIn: [LifecycleState] = [.paused]) -> SLAPolicy {
        SLAPolicy(
            name: "bank", calendars: [officeHours, .alwaysOpen],
            plans: [
                SLAPlanDefinition(name: "Default SLA", firstResponseTarget: 4 * 3600, resolutionTarget: 18 * 3600,
                                  calendar: "office"),
                SLAPlanDefinition(name: "Severity A", firstResponseTarget: 15 * 60, resolutionTarget: 3600,
                                  calendar: "24x7"),
            ],
            defaultPlan: "Default SLA", statusStates: ["On Hold": .paused],
            resolutionPausedIn: pausedIn, reopenRule: reopen, planChangeRule: planChange)
    }

    static func event(_ kind: EventKind, _ time: Instant, team: String? = nil, agent: String? = nil,
                      status: String? = nil, value: String? = nil, previous: String? = nil) -> LifecycleEvent {
        LifecycleEvent(ticketNumber: "T", time: time, kind: kind, team: team, agent: agent, status: status,
                       value: value, previousValue: previous)
    }
}
