import SLAModel

extension TicketMetrics {
    /// The flat per-ticket row for a ticket and its replay: the last resolution cycle and
    /// the first-response cycle, the team holding it at the end, and whether any cycle breached.
    public init(ticket: Ticket, replay: TicketReplay) {
        let resolutions = replay.cycles.filter { $0.metric == .resolution }
        let resolution: SLACycle? = resolutions.last
        let firstResponse: SLACycle? = replay.cycles.first { $0.metric == .firstResponse }
        let created = ticket.createdAt
        let wallToResolution: Int64? = replay.resolvedAt.map { created.seconds(to: $0) }
        let wallToResponse: Int64? = replay.firstResponseAt.map { created.seconds(to: $0) }
        var responseBusiness: Int64?
        if let firstResponse, firstResponse.status != .notMeasurable { responseBusiness = firstResponse.elapsedSeconds }
        let everBreached = resolutions.contains { $0.status.isBreach }
        let priority: String? = replay.finalPriority ?? ticket.priority
        let department: String? = replay.finalDepartment ?? ticket.department
        let team: String? = replay.finalTeam ?? ticket.team
        let agent: String? = replay.finalAgent ?? ticket.agent
        self.init(
            number: ticket.number, subject: ticket.subject, priority: priority, plan: replay.finalPlan,
            department: department, team: team, agent: agent, status: ticket.status, state: replay.finalState,
            createdAt: created, firstResponseAt: replay.firstResponseAt, resolvedAt: replay.resolvedAt,
            resolutionStatus: resolution?.status ?? .notMeasurable, resolutionDueAt: resolution?.dueAt,
            resolutionTargetSeconds: resolution?.targetSeconds, resolutionBusinessSeconds: resolution?.elapsedSeconds,
            resolutionWallSeconds: wallToResolution, resolutionBreachedAt: resolution?.breachedAt,
            resolutionSecondsLate: resolution?.secondsLate, breachTeam: resolution?.breachTeam,
            breachAgent: resolution?.breachAgent, everBreached: everBreached,
            firstResponseStatus: firstResponse?.status ?? .notMeasurable, firstResponseDueAt: firstResponse?.dueAt,
            firstResponseBusinessSeconds: responseBusiness, firstResponseWallSeconds: wallToResponse,
            reopens: replay.reopens, handoffs: replay.handoffs)
        // Report fields, assigned one by one (a single long initializer call is too much
        // for the type checker under load).
        resolutionReason = resolution == nil ? "no resolution cycle in the replay" : resolution?.reason
        earlierResolutionBreaches = resolutions.dropLast().compactMap { cycle in
            guard cycle.status.isBreach, let breachedAt = cycle.breachedAt else { return nil }
            return EarlierResolutionBreach(cycle: cycle.cycle, dueAt: cycle.dueAt, breachedAt: breachedAt,
                                           secondsLate: cycle.secondsLate, team: cycle.breachTeam, agent: cycle.breachAgent,
                                           reason: cycle.reason)
        }
        firstResponseTargetSeconds = firstResponse?.targetSeconds
        firstResponseStoppedAt = firstResponse?.stoppedAt
        firstResponseBreachedAt = firstResponse?.breachedAt
        firstResponseSecondsLate = firstResponse?.secondsLate
        firstResponseBreachTeam = firstResponse?.breachTeam
        firstResponseBreachAgent = firstResponse?.breachAgent
        firstResponseReason = firstResponse == nil ? "no first-response cycle in the replay" : firstResponse?.reason
        sourceDueAt = ticket.sourceDueAt
        segments = replay.segments
    }
}
