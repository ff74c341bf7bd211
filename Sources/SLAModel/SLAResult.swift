/// The SLA metrics the replay measures.
public enum SLAMetric: String, Hashable, Sendable, Codable, CaseIterable {
    case firstResponse = "first_response"
    case resolution
}

/// The verdict of one SLA cycle.
public enum SLAStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Stopped within its target (see `LifecycleReplayer` for the rules per policy).
    case met
    /// Stopped after using more than its target (or past an agent-set due date, or breached
    /// under an earlier plan).
    case breached
    /// Still running at the as-of instant, not yet due.
    case running
    /// Still running at the as-of instant and already past due.
    case runningBreached = "running_breached"
    /// Cannot be judged from the data; `SLACycle.reason` says why.
    case notMeasurable = "not_measurable"

    /// Whether this verdict counts as a breach (JSM counts ongoing breaches too).
    public var isBreach: Bool { self == .breached || self == .runningBreached }
}

/// One cycle of one metric of one ticket: from the clock's start to its stop (or the as-of instant).
public struct SLACycle: Hashable, Sendable {
    public var ticketNumber: String
    public var metric: SLAMetric
    /// 1 for the first cycle; reopens under `newCycle` add more.
    public var cycle: Int
    public var plan: String?
    /// Target in business seconds (nil when the plan has none for this metric).
    public var targetSeconds: Int64?
    public var startedAt: Instant
    public var dueAt: Instant?
    public var stoppedAt: Instant?
    /// Business seconds the clock ran (pauses excluded), up to the stop or the as-of instant.
    public var elapsedSeconds: Int64
    /// Business seconds during which the clock was paused.
    public var pausedSeconds: Int64
    /// Wall-clock seconds from start to stop (or as-of).
    public var wallSeconds: Int64
    public var status: SLAStatus
    public var breachedAt: Instant?
    /// Seconds between the due instant and the stop (or the as-of instant), when breached.
    public var secondsLate: Int64?
    public var breachTeam: String?
    public var breachAgent: String?
    /// Why a cycle is not measurable; on a judged cycle, what judged it besides its plan: an
    /// agent-set due date (`manualDueReasonPrefix`) or a breach kept from an earlier plan.
    public var reason: String?

    /// How `reason` begins when an agent-set due date replaced the plan's due date.
    public static let manualDueReasonPrefix = "due date set by an agent"
    /// How `reason` begins when the cycle keeps a breach under an earlier plan:
    /// `breached under "Severity A" (due …), before the plan changed to "Default SLA" at …`.
    public static let keptBreachReasonPrefix = "breached under "

    /// The earlier plan a kept breach happened under, read from `reason`.
    public static func keptBreachPlan(fromReason reason: String?) -> String? {
        guard let reason, reason.hasPrefix(keptBreachReasonPrefix) else { return nil }
        let quoted = reason.dropFirst(keptBreachReasonPrefix.count)
        guard quoted.first == "\"", let close = quoted.dropFirst().firstIndex(of: "\"") else { return nil }
        return String(quoted[quoted.index(after: quoted.startIndex)..<close])
    }

    public init(ticketNumber: String, metric: SLAMetric, cycle: Int, plan: String?, targetSeconds: Int64?,
                startedAt: Instant, dueAt: Instant?, stoppedAt: Instant?, elapsedSeconds: Int64,
                pausedSeconds: Int64, wallSeconds: Int64, status: SLAStatus, breachedAt: Instant?,
                secondsLate: Int64?, breachTeam: String?, breachAgent: String?, reason: String? = nil) {
        self.ticketNumber = ticketNumber
        self.metric = metric
        self.cycle = cycle
        self.plan = plan
        self.targetSeconds = targetSeconds
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.stoppedAt = stoppedAt
        self.elapsedSeconds = elapsedSeconds
        self.pausedSeconds = pausedSeconds
        self.wallSeconds = wallSeconds
        self.status = status
        self.breachedAt = breachedAt
        self.secondsLate = secondsLate
        self.breachTeam = breachTeam
        self.breachAgent = breachAgent
        self.reason = reason
    }
}

/// A stretch of a ticket's open life during which one team and agent held it.
public struct HoldingSegment: Hashable, Sendable {
    public var ticketNumber: String
    public var team: String?
    public var agent: String?
    public var department: String?
    public var startedAt: Instant
    public var endedAt: Instant
    /// Working seconds of the resolution plan's calendar inside the segment, pauses excluded.
    public var businessSeconds: Int64
    public var wallSeconds: Int64

    public init(ticketNumber: String, team: String?, agent: String?, department: String?, startedAt: Instant,
                endedAt: Instant, businessSeconds: Int64, wallSeconds: Int64) {
        self.ticketNumber = ticketNumber
        self.team = team
        self.agent = agent
        self.department = department
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.businessSeconds = businessSeconds
        self.wallSeconds = wallSeconds
    }
}

/// Everything the replay of one ticket yields.
public struct TicketReplay: Hashable, Sendable {
    public var ticketNumber: String
    public var cycles: [SLACycle]
    public var segments: [HoldingSegment]
    /// Number of times the holding team changed from one team to another.
    public var handoffs: Int
    public var reopens: Int
    /// The plan, priority, team, agent and department the ticket had when its last resolution
    /// cycle stopped (`resolvedAt`), or at the end of the replay (as-of) while that cycle runs:
    /// what reports and `ticket_outcomes` count a ticket under. (`finalState` is the end's.)
    public var finalPlan: String?
    public var finalPriority: String?
    public var finalTeam: String?
    public var finalAgent: String?
    public var finalDepartment: String?
    public var finalState: LifecycleState
    public var firstResponseAt: Instant?
    /// When the last resolution cycle stopped (nil while it runs): the resolve or close, or
    /// under `first_cycle_only` the first one even if the ticket was reopened since.
    public var resolvedAt: Instant?

    public init(ticketNumber: String, cycles: [SLACycle], segments: [HoldingSegment], handoffs: Int, reopens: Int,
                finalPlan: String?, finalPriority: String?, finalTeam: String?, finalAgent: String?,
                finalDepartment: String?, finalState: LifecycleState, firstResponseAt: Instant?,
                resolvedAt: Instant?) {
        self.ticketNumber = ticketNumber
        self.cycles = cycles
        self.segments = segments
        self.handoffs = handoffs
        self.reopens = reopens
        self.finalPlan = finalPlan
        self.finalPriority = finalPriority
        self.finalTeam = finalTeam
        self.finalAgent = finalAgent
        self.finalDepartment = finalDepartment
        self.finalState = finalState
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
    }
}
