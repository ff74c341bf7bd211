/// One ticket's SLA outcome in a single flat row: what reports aggregate and what the
/// per-ticket CSV and the `ticket_metrics` view show. Built from a `Ticket` and its
/// `TicketReplay`; "resolution" and "first response" describe the ticket's last cycle.
public struct TicketMetrics: Hashable, Sendable {
    public var number: String
    public var subject: String?
    public var priority: String?
    public var plan: String?
    public var department: String?
    /// The team holding the ticket at resolution, or at the as-of instant while open.
    public var team: String?
    public var agent: String?
    public var status: String?
    public var state: LifecycleState
    public var createdAt: Instant
    public var firstResponseAt: Instant?
    public var resolvedAt: Instant?

    public var resolutionStatus: SLAStatus
    public var resolutionDueAt: Instant?
    public var resolutionTargetSeconds: Int64?
    /// Business seconds to resolution (last cycle), pauses excluded; to as-of while open.
    public var resolutionBusinessSeconds: Int64?
    /// Wall-clock seconds from creation to resolution; nil while open.
    public var resolutionWallSeconds: Int64?
    public var resolutionBreachedAt: Instant?
    public var resolutionSecondsLate: Int64?
    public var breachTeam: String?
    public var breachAgent: String?
    /// True when any resolution cycle breached (JSM's `everBreached`).
    public var everBreached: Bool

    public var firstResponseStatus: SLAStatus
    public var firstResponseDueAt: Instant?
    public var firstResponseBusinessSeconds: Int64?
    public var firstResponseWallSeconds: Int64?

    public var reopens: Int
    public var handoffs: Int

    /// Why the last resolution cycle is not measurable (nil when it is).
    public var resolutionReason: String?
    /// First-response target in business seconds (nil when the plan has none).
    public var firstResponseTargetSeconds: Int64?
    /// When the first-response clock stopped: the first public agent response, or the
    /// resolution when none came; nil while it runs.
    public var firstResponseStoppedAt: Instant?
    public var firstResponseBreachedAt: Instant?
    /// Seconds from the first-response due instant to the response (or as-of while running).
    public var firstResponseSecondsLate: Int64?
    /// The team and agent holding the ticket when the first-response due instant passed.
    public var firstResponseBreachTeam: String?
    public var firstResponseBreachAgent: String?
    /// Why the first-response cycle is not measurable (nil when it is).
    public var firstResponseReason: String?
    /// The source system's own due date ("SLA Due Date" in an osTicket export), if it carried one.
    public var sourceDueAt: Instant?
    /// Who held the ticket when, in order (the store's `team_segments`): the open life of
    /// the ticket split at every change of team, agent or department.
    public var segments: [HoldingSegment]
    /// Breaches of resolution cycles before the last (the ticket was reopened since); the fields
    /// above describe the last cycle. Each counts in the period its breach instant falls in.
    public var earlierResolutionBreaches: [EarlierResolutionBreach] = []

    /// The named teams that held the ticket, in order, repeats of the same team merged
    /// (`["Level 1 Support", "Online Banking"]` for an escalation). Stretches with no team
    /// are skipped.
    public var teamPath: [String] {
        var path: [String] = []
        for segment in segments {
            guard let team = segment.team, !team.isEmpty else { continue }
            if path.last != team { path.append(team) }
        }
        return path
    }

    public init(number: String, subject: String?, priority: String?, plan: String?, department: String?,
                team: String?, agent: String?, status: String?, state: LifecycleState, createdAt: Instant,
                firstResponseAt: Instant?, resolvedAt: Instant?, resolutionStatus: SLAStatus,
                resolutionDueAt: Instant?, resolutionTargetSeconds: Int64?, resolutionBusinessSeconds: Int64?,
                resolutionWallSeconds: Int64?, resolutionBreachedAt: Instant?, resolutionSecondsLate: Int64?,
                breachTeam: String?, breachAgent: String?, everBreached: Bool, firstResponseStatus: SLAStatus,
                firstResponseDueAt: Instant?, firstResponseBusinessSeconds: Int64?,
                firstResponseWallSeconds: Int64?, reopens: Int, handoffs: Int,
                resolutionReason: String? = nil, firstResponseTargetSeconds: Int64? = nil,
                firstResponseStoppedAt: Instant? = nil, firstResponseBreachedAt: Instant? = nil,
                firstResponseSecondsLate: Int64? = nil, firstResponseBreachTeam: String? = nil,
                firstResponseBreachAgent: String? = nil, firstResponseReason: String? = nil,
                sourceDueAt: Instant? = nil, segments: [HoldingSegment] = []) {
        self.number = number
        self.subject = subject
        self.priority = priority
        self.plan = plan
        self.department = department
        self.team = team
        self.agent = agent
        self.status = status
        self.state = state
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.resolutionStatus = resolutionStatus
        self.resolutionDueAt = resolutionDueAt
        self.resolutionTargetSeconds = resolutionTargetSeconds
        self.resolutionBusinessSeconds = resolutionBusinessSeconds
        self.resolutionWallSeconds = resolutionWallSeconds
        self.resolutionBreachedAt = resolutionBreachedAt
        self.resolutionSecondsLate = resolutionSecondsLate
        self.breachTeam = breachTeam
        self.breachAgent = breachAgent
        self.everBreached = everBreached
        self.firstResponseStatus = firstResponseStatus
        self.firstResponseDueAt = firstResponseDueAt
        self.firstResponseBusinessSeconds = firstResponseBusinessSeconds
        self.firstResponseWallSeconds = firstResponseWallSeconds
        self.reopens = reopens
        self.handoffs = handoffs
        self.resolutionReason = resolutionReason
        self.firstResponseTargetSeconds = firstResponseTargetSeconds
        self.firstResponseStoppedAt = firstResponseStoppedAt
        self.firstResponseBreachedAt = firstResponseBreachedAt
        self.firstResponseSecondsLate = firstResponseSecondsLate
        self.firstResponseBreachTeam = firstResponseBreachTeam
        self.firstResponseBreachAgent = firstResponseBreachAgent
        self.firstResponseReason = firstResponseReason
        self.sourceDueAt = sourceDueAt
        self.segments = segments
    }
}

/// A breach of a resolution cycle that is not the ticket's last.
public struct EarlierResolutionBreach: Hashable, Sendable {
    public var cycle: Int
    public var dueAt: Instant?
    public var breachedAt: Instant
    public var secondsLate: Int64?
    /// Who held the ticket at the breach instant.
    public var team: String?
    public var agent: String?
    public var reason: String?

    public init(cycle: Int, dueAt: Instant?, breachedAt: Instant, secondsLate: Int64?, team: String?, agent: String?,
                reason: String?) {
        self.cycle = cycle
        self.dueAt = dueAt
        self.breachedAt = breachedAt
        self.secondsLate = secondsLate
        self.team = team
        self.agent = agent
        self.reason = reason
    }
}
