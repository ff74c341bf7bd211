/// A stretch of working time on one weekday, in the calendar's wall clock.
public struct WorkingWindow: Hashable, Sendable, Codable {
    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var weekday: Int
    /// Seconds after local midnight when work starts.
    public var start: Int
    /// Seconds after local midnight when work ends (86 400 = midnight at the day's end).
    public var end: Int

    public init(weekday: Int, start: Int, end: Int) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }
}

/// Which dates a holiday falls on.
public enum HolidayDate: Hashable, Sendable, Codable {
    /// One date only (e.g. a company shutdown).
    case once(CivilDate)
    /// Every year on a fixed month and day.
    case yearly(month: Int, day: Int)
    /// Every year on the n-th weekday of a month (n = -1: the last one), e.g. Thanksgiving
    /// is the 4th Thursday (weekday 4) of November.
    case nthWeekday(month: Int, weekday: Int, n: Int)

    /// The holiday's date in `year`, if it has one.
    public func date(in year: Int) -> CivilDate? {
        switch self {
        case .once(let date):
            return date.year == year ? date : nil
        case .yearly(let month, let day):
            let date = CivilDate(year: year, month: month, day: day)
            return date.isValid ? date : nil
        case .nthWeekday(let month, let weekday, let n):
            if n > 0 {
                let first = CivilDate(year: year, month: month, day: 1)
                let offset = (weekday - first.isoWeekday + 7) % 7
                let date = first.adding(days: offset + (n - 1) * 7)
                return date.month == month ? date : nil
            } else {
                let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
                let offset = (last.isoWeekday - weekday + 7) % 7
                let date = last.adding(days: -offset + (n + 1) * 7)
                return date.month == month ? date : nil
            }
        }
    }
}

/// A day (or part of a day) when the calendar does not work.
public struct Holiday: Hashable, Sendable, Codable {
    public var name: String
    public var date: HolidayDate
    /// For a partial holiday, the wall-clock seconds [start, end) that are off; nil = all day.
    public var start: Int?
    public var end: Int?

    public init(name: String, date: HolidayDate, start: Int? = nil, end: Int? = nil) {
        self.name = name
        self.date = date
        self.start = start
        self.end = end
    }

    public var isFullDay: Bool { start == nil || end == nil }
}

/// A business calendar: when the SLA clock may run.
public struct CalendarDefinition: Hashable, Sendable, Codable {
    public var name: String
    /// IANA time zone name, e.g. `America/New_York`.
    public var timeZone: String
    /// Working windows; several per weekday are allowed (lunch breaks).
    public var windows: [WorkingWindow]
    public var holidays: [Holiday]
    /// True for the built-in round-the-clock calendar: every second counts, holidays ignored.
    public var isAlwaysOpen: Bool

    public init(name: String, timeZone: String, windows: [WorkingWindow], holidays: [Holiday] = [],
                isAlwaysOpen: Bool = false) {
        self.name = name
        self.timeZone = timeZone
        self.windows = windows
        self.holidays = holidays
        self.isAlwaysOpen = isAlwaysOpen
    }

    /// The calendar in which every second is working time.
    public static let alwaysOpen = CalendarDefinition(name: "24x7", timeZone: "UTC", windows: [], isAlwaysOpen: true)
}

/// An SLA plan: targets in business seconds on a calendar.
public struct SLAPlanDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var firstResponseTarget: Int64?
    public var resolutionTarget: Int64?
    /// The name of one of the policy's calendars.
    public var calendar: String

    public init(name: String, firstResponseTarget: Int64?, resolutionTarget: Int64?, calendar: String) {
        self.name = name
        self.firstResponseTarget = firstResponseTarget
        self.resolutionTarget = resolutionTarget
        self.calendar = calendar
    }
}

/// What a reopen does to the SLA clocks.
public enum ReopenRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// A new cycle starts at the reopen time (osTicket's behaviour).
    case newCycle = "new_cycle"
    /// The stopped cycle continues from where it stopped; the closed stretch does not count.
    case continueClock = "continue_clock"
    /// Only the first cycle is measured; later reopens are ignored by the SLA.
    case firstCycleOnly = "first_cycle_only"
}

/// What an SLA plan change does to a running cycle.
public enum PlanChangeRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// The new target is measured from the cycle's start, as osTicket recomputes `est_duedate`.
    case fromCycleStart = "from_cycle_start"
    /// Time before the change counts against the old plan's share; the new plan's target
    /// applies to the business time from the change on.
    case fromChange = "from_change"
}

/// How the due instant is computed from the start and the target.
public enum DueDateRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// Exact business-time arithmetic, to the second, across DST.
    case exact
    /// osTicket's own `est_duedate` algorithm, quirks included.
    case osticket
}

/// What becomes of a breach under a plan the ticket later left (raised to a stricter plan,
/// overdue under it, then lowered back).
public enum PlanChangeBreachRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// The cycle stays breached: osTicket flagged the ticket overdue, and the report keeps every breach.
    case keep
    /// Only the plan in force at the end of the cycle judges it.
    case forget
}

/// Whether an agent-set due date (osTicket's "Due Date", `ost_ticket.duedate`) replaces the
/// plan's due date for the cycle it is set in.
public enum ManualDueDateRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// As osTicket's overdue check: when set, only the manual due date is compared.
    case honor
    /// The plan's due date judges the cycle; manual due dates are only shown.
    case ignore
}

/// The whole SLA policy a replay runs under.
public struct SLAPolicy: Hashable, Sendable, Codable {
    public var name: String
    public var calendars: [CalendarDefinition]
    /// The zone of the first business calendar (not 24x7), nil when every calendar is 24x7: the
    /// desk's own zone, where `explain` prints times and reports count weeks by default.
    public var businessZone: String? { calendars.first { !$0.isAlwaysOpen }?.timeZone }
    public var plans: [SLAPlanDefinition]
    /// The plan for tickets without one and without a priority mapping.
    public var defaultPlan: String
    /// Plan by priority name, used when the ticket names no plan.
    public var planByPriority: [String: String]
    /// Status name (case-insensitive) -> lifecycle state. Unlisted statuses: see `stateOf`.
    public var statusStates: [String: LifecycleState]
    /// Lifecycle states during which the resolution clock is paused.
    public var resolutionPausedIn: [LifecycleState]
    /// Lifecycle states during which the first-response clock is paused.
    public var firstResponsePausedIn: [LifecycleState]
    /// Lifecycle states that stop the resolution clock (some desks stop only at closed).
    public var resolutionStopsAt: [LifecycleState]
    public var reopenRule: ReopenRule
    public var planChangeRule: PlanChangeRule
    public var dueDateRule: DueDateRule
    /// Whether a breach under an earlier plan of the cycle is kept (default) or forgotten.
    public var planChangeBreaches: PlanChangeBreachRule
    /// Whether agent-set due dates override the plan's due date. Unset: `honor` under the
    /// `osticket` due-date rule, `ignore` otherwise (see `effectiveManualDueDates`).
    public var manualDueDates: ManualDueDateRule?

    public init(name: String, calendars: [CalendarDefinition], plans: [SLAPlanDefinition], defaultPlan: String,
                planByPriority: [String: String] = [:], statusStates: [String: LifecycleState] = [:],
                resolutionPausedIn: [LifecycleState] = [.paused], firstResponsePausedIn: [LifecycleState] = [],
                resolutionStopsAt: [LifecycleState] = [.resolved, .closed],
                reopenRule: ReopenRule = .newCycle, planChangeRule: PlanChangeRule = .fromCycleStart,
                dueDateRule: DueDateRule = .exact, planChangeBreaches: PlanChangeBreachRule = .keep,
                manualDueDates: ManualDueDateRule? = nil) {
        self.name = name
        self.calendars = calendars
        self.plans = plans
        self.defaultPlan = defaultPlan
        self.planByPriority = planByPriority
        self.statusStates = statusStates
        self.resolutionPausedIn = resolutionPausedIn
        self.firstResponsePausedIn = firstResponsePausedIn
        self.resolutionStopsAt = resolutionStopsAt
        self.reopenRule = reopenRule
        self.planChangeRule = planChangeRule
        self.dueDateRule = dueDateRule
        self.planChangeBreaches = planChangeBreaches
        self.manualDueDates = manualDueDates
    }

    /// The manual due-date rule in force: the one set, else `honor` under `due_date_rule: osticket`
    /// (osTicket's own overdue check) and `ignore` under `exact`.
    public var effectiveManualDueDates: ManualDueDateRule {
        manualDueDates ?? (dueDateRule == .osticket ? .honor : .ignore)
    }

    public func plan(named name: String) -> SLAPlanDefinition? {
        plans.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    public func calendar(named name: String) -> CalendarDefinition? {
        if name == CalendarDefinition.alwaysOpen.name { return calendars.first { $0.name == name } ?? .alwaysOpen }
        return calendars.first { $0.name == name }
    }

    /// The lifecycle state of a status name. osTicket's defaults apply when the policy
    /// does not list it: Resolved -> resolved, Closed/Archived/Deleted -> closed, else open.
    public func state(ofStatus status: String) -> LifecycleState {
        let key = status.lowercased()
        for (name, state) in statusStates where name.lowercased() == key { return state }
        switch key {
        case "resolved": return .resolved
        case "closed", "archived", "deleted": return .closed
        default: return .open
        }
    }

    /// The plan for a ticket: its own plan if the policy knows it, else by priority, else the default.
    public func selectPlan(ticketPlan: String?, priority: String?) -> SLAPlanDefinition? {
        if let ticketPlan, let plan = plan(named: ticketPlan) { return plan }
        if let priority {
            for (name, planName) in planByPriority where name.caseInsensitiveCompare(priority) == .orderedSame {
                if let plan = plan(named: planName) { return plan }
            }
        }
        return plan(named: defaultPlan)
    }
}

import Foundation

extension String {
    func caseInsensitiveCompare(_ other: String) -> ComparisonResult {
        let a = lowercased(), b = other.lowercased()
        return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
}

extension SLAPolicy {
    /// A SHA-256 of the policy's content (canonical JSON with sorted keys), stored with every
    /// result so that a report says exactly which rules produced it.
    public var contentHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        var hasher = SHA256()
        hasher.update(data)
        return hasher.hexDigest
    }

    /// The first 12 hex digits of `contentHash`, for printing.
    public var shortHash: String { String(contentHash.prefix(12)) }
}
