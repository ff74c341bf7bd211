import SLAModel

/// What every replay under one policy reads: the policy, its lookup tables and its calendars,
/// held once by `LifecycleReplayer` and shared by reference. A `ReplayWalk` per ticket holding
/// copies of the policy and lookup structs retained and released each of their many
/// dictionaries, sets and arrays per ticket, and each `BusinessCalendar` handed out by value
/// retained and released its tables per cycle (callgrind, full recompute of 100,000 tickets).
final class ReplayRules: Sendable {
    let policy: SLAPolicy
    let lookup: PolicyLookup
    /// Each calendar of the policy by name, boxed so that it is read in place (see `CalendarBox`).
    let calendars: [String: CalendarBox]

    init(policy: SLAPolicy, calendars: [String: BusinessCalendar]) {
        self.policy = policy
        lookup = PolicyLookup(policy)
        self.calendars = calendars.mapValues(CalendarBox.init)
    }
}

/// One calendar behind a reference: `box.calendar.workingTime(...)` reads it where it lies.
final class CalendarBox: Sendable {
    let calendar: BusinessCalendar

    init(_ calendar: BusinessCalendar) { self.calendar = calendar }
}
