import SLAModel

extension TicketMetrics {
    /// The flat per-ticket row for a ticket and its replay: the last resolution cycle and
    /// the first-response cycle, the team holding it at the end, and whether any cycle breached.
    public init(ticket: Ticket, replay: TicketReplay) {
        let resolutions = replay.cycles.filter { $0.metric == .resolution }
        let resolution = resolutions.last
        let firstResponse = replay.cycles.first { $0.metric == .firstResponse }
        self.init(
            number: ticket.number, subject: ticket.subject, priority: replay.finalPriority ?? ticket.priority,
            plan: replay.finalPlan, department: replay.finalDepartment ?? ticket.department,
            team: replay.finalTeam ?? ticket.team, agent: replay.finalAgent ?? ticket.agent, status: ticket.status,
            state: replay.finalState, createdAt: ticket.createdAt, firstResponseAt: replay.firstResponseAt,
            resolvedAt: replay.resolvedAt, resolutionStatus: resolution?.status ?? .notMeasurable,
            resolutionDueAt: resolution?.dueAt, resolutionTargetSeconds: resolution?.targetSeconds,
            resolutionBusinessSeconds: resolution?.elapsedSeconds,
            resolutionWallSeconds: replay.resolvedAt.map { ticket.createdAt.seconds(to: $0) },
            resolutionBreachedAt: resolution?.breachedAt, resolutionSecondsLate: resolution?.secondsLate,
            breachTeam: resolution?.breachTeam, breachAgent: resolution?.breachAgent,
            everBreached: resolutions.contains { $0.status.isBreach },
            firstResponseStatus: firstResponse?.status ?? .notMeasurable, firstResponseDueAt: firstResponse?.dueAt,
            firstResponseBusinessSeconds: firstResponse.flatMap { $0.status == .notMeasurable ? nil : $0.elapsedSeconds },
            firstResponseWallSeconds: replay.firstResponseAt.map { ticket.createdAt.seconds(to: $0) },
            reopens: replay.reopens, handoffs: replay.handoffs,
            resolutionReason: resolution?.reason ?? (resolution == nil ? "no resolution cycle in the replay" : nil),
            firstResponseTargetSeconds: firstResponse?.targetSeconds, firstResponseStoppedAt: firstResponse?.stoppedAt,
            firstResponseBreachedAt: firstResponse?.breachedAt, firstResponseSecondsLate: firstResponse?.secondsLate,
            firstResponseBreachTeam: firstResponse?.breachTeam, firstResponseBreachAgent: firstResponse?.breachAgent,
            firstResponseReason: firstResponse?.reason ?? (firstResponse == nil ? "no first-response cycle in the replay" : nil),
            sourceDueAt: ticket.sourceDueAt, segments: replay.segments)
    }
}
