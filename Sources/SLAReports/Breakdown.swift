import SLAModel

/// What a breakdown table groups tickets by.
public enum Dimension: String, CaseIterable, Hashable, Sendable {
    case team, priority, plan, agent, department

    /// "Team", "Priority", "SLA plan", "Agent", "Department".
    public var title: String {
        switch self {
        case .team: return "Team"
        case .priority: return "Priority"
        case .plan: return "SLA plan"
        case .agent: return "Agent"
        case .department: return "Department"
        }
    }

    /// "teams", "priorities", ...
    public var plural: String {
        switch self {
        case .team: return "teams"
        case .priority: return "priorities"
        case .plan: return "SLA plans"
        case .agent: return "agents"
        case .department: return "departments"
        }
    }

    /// The word in sentences: "team", "priority", "SLA plan", "agent", "department".
    public var noun: String { self == .plan ? "SLA plan" : rawValue }

    /// The row of tickets with no value: "(no team)", "(no priority)", ...
    public var unassignedLabel: String {
        switch self {
        case .plan: return "(no plan)"
        default: return "(no \(rawValue))"
        }
    }

    /// The total row: "All teams", "All priorities", ...
    public var totalLabel: String { "All " + plural }

    /// Whether a ticket's holding segments say how long each value of this dimension held
    /// it (team, agent and department change along a ticket's life; priority and plan are
    /// taken at the end).
    public var hasSegments: Bool { self == .team || self == .agent || self == .department }

    /// The value a ticket counts under: the one in force at resolution, or at the as-of
    /// instant while the ticket is open.
    public func key(of ticket: TicketMetrics) -> GroupKey {
        switch self {
        case .team: return GroupKey(ticket.team)
        case .priority: return GroupKey(ticket.priority)
        case .plan: return GroupKey(ticket.plan)
        case .agent: return GroupKey(ticket.agent)
        case .department: return GroupKey(ticket.department)
        }
    }

    /// The value a resolution breach counts under: the team or agent holding the ticket
    /// when its due instant passed; for the other dimensions the ticket's own value.
    public func resolutionBreachKey(of ticket: TicketMetrics) -> GroupKey {
        switch self {
        case .team: return GroupKey(ticket.breachTeam)
        case .agent: return GroupKey(ticket.breachAgent)
        default: return key(of: ticket)
        }
    }

    /// As `resolutionBreachKey(of:)` for the first-response breach.
    public func firstResponseBreachKey(of ticket: TicketMetrics) -> GroupKey {
        switch self {
        case .team: return GroupKey(ticket.firstResponseBreachTeam)
        case .agent: return GroupKey(ticket.firstResponseBreachAgent)
        default: return key(of: ticket)
        }
    }

    /// The value holding the ticket during `segment` (nil for priority and plan).
    public func key(of segment: HoldingSegment) -> GroupKey? {
        switch self {
        case .team: return GroupKey(segment.team)
        case .agent: return GroupKey(segment.agent)
        case .department: return GroupKey(segment.department)
        case .priority, .plan: return nil
        }
    }

    /// Sort rank for well-known priority names (most urgent first); nil for others.
    static func priorityRank(_ name: String) -> Int? {
        let ranks = ["emergency": 0, "critical": 1, "urgent": 2, "highest": 3, "high": 4, "medium": 5,
                     "normal": 6, "low": 7, "lowest": 8]
        return ranks[name.lowercased()]
    }

    /// Row order: priorities by urgency when their names are the usual ones, everything
    /// else by name (case-insensitively); the unassigned row last.
    public func ordered(_ lhs: GroupKey, _ rhs: GroupKey) -> Bool {
        if self == .priority, case .named(let a) = lhs, case .named(let b) = rhs {
            switch (Self.priorityRank(a), Self.priorityRank(b)) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
        }
        return lhs < rhs
    }
}

/// Which row of a breakdown table a number belongs to.
public enum GroupKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A named team, priority, plan, agent or department.
    case named(String)
    /// Tickets with no value (no team held it, no agent, ...).
    case unassigned
    /// The total over every ticket.
    case total

    /// The key for a value as stored on a ticket (nil or blank means unassigned).
    public init(_ name: String?) {
        guard let name, !Self.isBlank(name) else { self = .unassigned; return }
        self = .named(name)
    }

    /// Whether `name.trimmingSpaces` would be empty: every character a space, tab, LF or CR
    /// (CR LF is one character, and not one of those). Read from the bytes: a report asks
    /// this for every ticket and dimension, and trimming built a new string each time.
    static func isBlank(_ name: String) -> Bool {
        var previousWasCR = false
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): previousWasCR = false
            case UInt8(ascii: "\r"): previousWasCR = true
            case UInt8(ascii: "\n"):
                if previousWasCR { return false }
            default: return false
            }
        }
        return true
    }

    /// The value's name, nil for the unassigned and total rows.
    public var name: String? {
        if case .named(let name) = self { return name }
        return nil
    }

    /// The name shown in the team table: the name, "(no team)" or "All teams".
    public var displayName: String { displayName(in: .team) }

    /// The name shown in `dimension`'s table.
    public func displayName(in dimension: Dimension) -> String {
        switch self {
        case .named(let name): return name
        case .unassigned: return dimension.unassignedLabel
        case .total: return dimension.totalLabel
        }
    }

    public var description: String { displayName }

    /// Names (case-insensitively, then exactly), then the unassigned row, then the total.
    public static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
        switch (lhs, rhs) {
        case (.named(let a), .named(let b)):
            let (la, lb) = (a.lowercased(), b.lowercased())
            return la != lb ? la < lb : a < b
        case (.named, _): return true
        case (.unassigned, .total): return true
        default: return false
        }
    }
}

/// The team table's key (a `GroupKey` of the team dimension).
public typealias TeamKey = GroupKey

/// Met and judged counts behind a compliance percentage.
public struct ComplianceCount: Hashable, Sendable {
    public var met: Int
    /// met + breached + ongoing breaches.
    public var judged: Int

    public init(met: Int = 0, judged: Int = 0) {
        self.met = met
        self.judged = judged
    }

    /// met / judged as a fraction 0 ... 1, or nil when nothing was judged.
    public var ratio: Double? { judged == 0 ? nil : Double(met) / Double(judged) }

    /// Whether the ratio is below `target` percent (false when nothing was judged). Exact.
    public func isBelow(targetPercent target: Int) -> Bool {
        judged > 0 && met * 100 < target * judged
    }
}

/// Order statistics of a set of durations in seconds (nearest-rank percentiles, see
/// `Percentile`), with the mean rounded to the nearest second.
public struct DurationStats: Hashable, Sendable {
    public var count: Int
    public var min: Int64
    public var p25: Int64
    public var median: Int64
    public var p75: Int64
    public var p90: Int64
    public var p95: Int64
    public var max: Int64
    public var mean: Int64
    public var sum: Int64

    /// The statistics of `values`, nil when there are none.
    public init?(_ values: [Int64]) {
        self.init(ascending: values.sorted())
    }

    /// The statistics of `sorted`, values in ascending order, nil when there are none.
    init?(ascending sorted: [Int64]) {
        guard !sorted.isEmpty else { return nil }
        count = sorted.count
        min = sorted[0]
        max = sorted[sorted.count - 1]
        p25 = Percentile.nearestRank(25, ofSorted: sorted)!
        median = Percentile.nearestRank(50, ofSorted: sorted)!
        p75 = Percentile.nearestRank(75, ofSorted: sorted)!
        p90 = Percentile.nearestRank(90, ofSorted: sorted)!
        p95 = Percentile.nearestRank(95, ofSorted: sorted)!
        sum = sorted.reduce(0, +)
        mean = DurationStats.roundedDivision(sum, Int64(count))
    }

    /// `a / b` rounded half away from zero (b > 0).
    static func roundedDivision(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? (2 * a + b) / (2 * b) : -((2 * -a + b) / (2 * b))
    }
}

/// One row of a breakdown table (or its total). See `ReportDefinitions` for exactly which
/// tickets each number counts.
public struct GroupSummary: Hashable, Sendable {
    public var key: GroupKey
    /// Distinct tickets behind any number in the row.
    public var tickets: Int = 0
    /// Tickets created in the period.
    public var created: Int = 0
    /// Tickets whose last resolution falls in the period.
    public var resolved: Int = 0
    /// Tickets created before the period's end and not resolved by then.
    public var openAtEnd: Int = 0
    /// Resolution verdicts in the period: resolved within target, resolved late, and still
    /// open with the due instant passed in the period.
    public var met: Int = 0
    public var breachedResolved: Int = 0
    public var breachedOngoing: Int = 0
    /// First-response verdicts in the period, by the same rules.
    public var firstResponseMet: Int = 0
    public var firstResponseBreached: Int = 0
    public var firstResponseBreachedOngoing: Int = 0
    /// Resolution due instants that passed in the period (team and agent: counted under the holder at breach).
    public var breaches: Int = 0
    /// Those of `breaches` whose ticket was resolved after the period (before as-of): judged in
    /// the period of their resolution, so this period's compliance leaves them out. Said on the
    /// compliance tile: BPIC's April 2012 read 100.0% (1 of 1 met) beside 363 breaches.
    public var breachesResolvedLater: Int = 0
    /// The other way round: tickets judged late in the period (resolved in it) whose breach came
    /// before it (BPIC's May 2012: 354 breaches beside 846 resolved late, 505 of them breached earlier).
    public var lateResolutionsBreachedEarlier: Int = 0
    /// Those of `firstResponseBreaches` whose first-response clock stopped after the period (or
    /// runs still): judged when it stopped.
    public var firstResponseBreachesStoppedLater: Int = 0
    /// First-response clocks judged late in the period whose breach came before it.
    public var lateFirstResponsesBreachedEarlier: Int = 0
    /// First-response due instants that passed in the period.
    public var firstResponseBreaches: Int = 0
    /// Seconds late of this period's resolution breaches (to resolution, or to as-of while open).
    public var late: DurationStats?
    /// Time to resolution of the tickets resolved in the period.
    public var resolutionBusiness: DurationStats?
    public var resolutionWall: DurationStats?
    /// Time to first response of the tickets first answered in the period.
    public var firstResponseBusiness: DurationStats?
    public var firstResponseWall: DurationStats?
    /// Of the tickets resolved in the period: how many were ever reopened, and their hand-offs in all.
    public var reopened: Int = 0
    public var handoffs: Int = 0
    /// Business seconds this value held the tickets whose resolution breached in the period
    /// (nil for priority and plan, which have no segments).
    public var breachedClockSeconds: Int64?
    /// The same over every value (the denominator of the share).
    public var breachedClockTotalSeconds: Int64?

    public init(key: GroupKey) { self.key = key }

    /// The dimension-independent name ("(no team)" / "All teams" wording).
    public var team: GroupKey { key }

    /// The numbers behind the resolution SLA compliance percentage.
    public var complianceCount: ComplianceCount {
        ComplianceCount(met: met, judged: met + breachedResolved + breachedOngoing)
    }

    /// The numbers behind the first-response SLA compliance percentage.
    public var firstResponseComplianceCount: ComplianceCount {
        ComplianceCount(met: firstResponseMet,
                        judged: firstResponseMet + firstResponseBreached + firstResponseBreachedOngoing)
    }

    /// Resolution SLA compliance as a fraction 0 ... 1; nil when no ticket was judged.
    public var compliance: Double? { complianceCount.ratio }
    public var firstResponseCompliance: Double? { firstResponseComplianceCount.ratio }

    /// Reopened ÷ resolved, nil when nothing was resolved.
    public var reopenRate: Double? { resolved == 0 ? nil : Double(reopened) / Double(resolved) }
    /// Hand-offs ÷ resolved, nil when nothing was resolved.
    public var handoffsPerTicket: Double? { resolved == 0 ? nil : Double(handoffs) / Double(resolved) }

    /// This value's share of the business time on breached tickets, 0 ... 1.
    public var breachedClockShare: Double? {
        guard let part = breachedClockSeconds, let whole = breachedClockTotalSeconds, whole > 0 else { return nil }
        return Double(part) / Double(whole)
    }

    public var medianResolutionBusinessSeconds: Int64? { resolutionBusiness?.median }
    public var p90ResolutionBusinessSeconds: Int64? { resolutionBusiness?.p90 }
    public var medianResolutionWallSeconds: Int64? { resolutionWall?.median }
    public var p90ResolutionWallSeconds: Int64? { resolutionWall?.p90 }
}

/// The team table's row type.
public typealias TeamSummary = GroupSummary

/// One breakdown table: a row per value, sorted, and the total.
public struct Breakdown: Hashable, Sendable {
    public var dimension: Dimension
    public var rows: [GroupSummary]
    public var total: GroupSummary

    public init(dimension: Dimension, rows: [GroupSummary], total: GroupSummary) {
        self.dimension = dimension
        self.rows = rows
        self.total = total
    }

    /// The row for `key` (the total for `.total`).
    public func row(_ key: GroupKey) -> GroupSummary? {
        key == .total ? total : rows.first { $0.key == key }
    }
}
