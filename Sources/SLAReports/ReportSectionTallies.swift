import SLAEngine
import SLAModel

// The report's sections other than the breakdown tables, each counted a ticket at a time (the
// tickets in any order) so that a report read from the store need not hold the tickets it
// counts. `ReportAggregator`'s functions of the same sections are these run over a collection.

/// The resolution-time distribution (`ReportAggregator.resolutionDistribution`), counted a
/// ticket at a time.
struct ResolutionDistributionTally: Sendable {
    let period: ReportPeriod
    private let edges = ResolutionDistribution.edgesHours.map { $0 * 3600 }
    private var buckets: [ResolutionDistribution.Bucket]
    private var values = DurationList()
    private var withoutBusinessTime = 0

    init(period: ReportPeriod) {
        self.period = period
        let edges = self.edges
        buckets = (0 ... edges.count).map { i in
            ResolutionDistribution.Bucket(lowerSeconds: i == 0 ? 0 : edges[i - 1],
                                          upperSeconds: i < edges.count ? edges[i] : nil, met: 0, late: 0, other: 0)
        }
    }

    mutating func add(_ ticket: TicketMetrics) {
        guard period.contains(ticket.resolvedAt) else { return }
        guard let seconds = ticket.resolutionBusinessSeconds else { withoutBusinessTime += 1; return }
        values.append(seconds)
        let index = edges.firstIndex { seconds < $0 } ?? edges.count
        switch ticket.resolutionStatus {
        case .met: buckets[index].met += 1
        case .breached, .runningBreached: buckets[index].late += 1
        case .running, .notMeasurable: buckets[index].other += 1
        }
    }

    consuming func finish() -> ResolutionDistribution {
        ResolutionDistribution(buckets: buckets, stats: values.stats, withoutBusinessTime: withoutBusinessTime)
    }
}

/// The backlog's ages (`ReportAggregator.backlogAging`), counted a ticket at a time.
struct BacklogAgingTally: Sendable {
    let period: ReportPeriod
    let measuredAt: Instant
    private var rows: [GroupKey: BacklogAging.Row] = [:]
    private var total = BacklogAging.Row(key: .total, counts: Array(repeating: 0, count: BacklogAging.labels.count),
                                         oldestSeconds: 0)

    init(period: ReportPeriod, asOf: Instant) {
        self.period = period
        measuredAt = min(period.end, asOf)
    }

    mutating func add(_ ticket: TicketMetrics) {
        guard ReportAggregator.isOpen(ticket, atEndOf: period) else { return }
        let age = max(0, ticket.createdAt.seconds(to: measuredAt))
        let index = BacklogAging.bucket(ofAgeSeconds: age)
        let key = GroupKey(ticket.team)
        var row = rows[key] ?? BacklogAging.Row(key: key, counts: Array(repeating: 0, count: BacklogAging.labels.count),
                                                oldestSeconds: 0)
        row.counts[index] += 1
        row.oldestSeconds = max(row.oldestSeconds, age)
        rows[key] = row
        total.counts[index] += 1
        total.oldestSeconds = max(total.oldestSeconds, age)
    }

    func finish() -> BacklogAging {
        BacklogAging(measuredAt: measuredAt, rows: rows.keys.sorted().map { rows[$0]! }, total: total)
    }
}

/// The hand-offs and team paths (`ReportAggregator.teamFlow`), counted a ticket at a time.
struct TeamFlowTally: Sendable {
    /// A hand-off's teams, from and to.
    private struct TeamPair: Hashable { var from: String, to: String }

    let period: ReportPeriod
    private var edges: [TeamPair: Int] = [:]
    private var paths: [[String]: Int] = [:]
    private var singleTeamResolved = 0

    init(period: ReportPeriod) { self.period = period }

    mutating func add(_ ticket: TicketMetrics) {
        var holder: String?
        for segment in ticket.segments {
            guard let team = segment.team, !team.trimmingSpaces.isEmpty else { continue }
            if let previous = holder, previous != team, period.contains(segment.startedAt) {
                edges[TeamPair(from: previous, to: team), default: 0] += 1
            }
            holder = team
        }
        if period.contains(ticket.resolvedAt) {
            let path = ticket.teamPath
            if path.count >= 2 { paths[path, default: 0] += 1 } else { singleTeamResolved += 1 }
        }
    }

    func finish() -> TeamFlow {
        let edgeList = edges.map { TeamFlow.Edge(from: $0.key.from, to: $0.key.to, count: $0.value) }
            .sorted { ($1.count, $0.from, $0.to) < ($0.count, $1.from, $1.to) }
        let pathList = paths.map { TeamFlow.Path(teams: $0.key, count: $0.value) }
            .sorted { a, b in
                a.count != b.count ? a.count > b.count : a.teams.joined(separator: "\u{1}") < b.teams.joined(separator: "\u{1}")
            }
        return TeamFlow(edges: edgeList, paths: pathList, singleTeamResolved: singleTeamResolved)
    }
}

/// The data quality section's counts (`ReportAggregator.dataQuality`), a ticket at a time.
struct DataQualityTally: Sendable {
    /// A clock that could not be measured, and why.
    private struct NotMeasurableReason: Hashable { var metric: SLAMetric, reason: String }

    let period: ReportPeriod
    private var reasons: [NotMeasurableReason: [String]] = [:]
    private var withoutTeam = 0
    private var checked = 0, withoutSource = 0
    private var disagreements: [DataQuality.DueDateDisagreement] = []
    private var overridden: [String] = []

    init(period: ReportPeriod) { self.period = period }

    mutating func add(_ ticket: TicketMetrics) {
        typealias Reason = NotMeasurableReason
        let manualDue = ticket.resolutionReason?.hasPrefix(SLACycle.manualDueReasonPrefix) == true
        let relevant = period.contains(ticket.createdAt) || period.contains(ticket.resolvedAt)
            || ReportAggregator.isOpen(ticket, atEndOf: period) || ReportAggregator.breached(ticket, in: period)
        if relevant {
            if ticket.resolutionStatus == .notMeasurable {
                reasons[Reason(metric: .resolution, reason: ticket.resolutionReason ?? "no reason recorded"), default: []]
                    .append(ticket.number)
            }
            if ticket.firstResponseStatus == .notMeasurable {
                reasons[Reason(metric: .firstResponse, reason: ticket.firstResponseReason ?? "no reason recorded"), default: []]
                    .append(ticket.number)
            }
            if GroupKey(ticket.team) == .unassigned { withoutTeam += 1 }
            if manualDue { overridden.append(ticket.number) }
        }
        // An agent-set due date is not the SLA due date the export carries: nothing to compare.
        guard ticket.state == .open || ticket.state == .paused, !manualDue else { return }
        guard let source = ticket.sourceDueAt else { withoutSource += 1; return }
        checked += 1
        let difference = ticket.resolutionDueAt.map { source.seconds(to: $0) }
        if let difference, abs(difference) < DataQuality.dueDateToleranceSeconds { return }
        disagreements.append(DataQuality.DueDateDisagreement(
            number: ticket.number, team: GroupKey(ticket.team), plan: ticket.plan, sourceDueAt: source,
            recomputedDueAt: ticket.resolutionDueAt, differenceSeconds: difference))
    }

    func finish(provenance: DataProvenance) -> DataQuality {
        var notMeasurable: [DataQuality.NotMeasurable] = []
        for (key, numbers) in reasons {
            let sorted = numbers.sorted()
            notMeasurable.append(DataQuality.NotMeasurable(metric: key.metric, reason: key.reason, count: sorted.count,
                                                           examples: Array(sorted.prefix(8))))
        }
        notMeasurable.sort { (a: DataQuality.NotMeasurable, b: DataQuality.NotMeasurable) -> Bool in
            if a.metric != b.metric { return a.metric == .resolution }
            if a.count != b.count { return a.count > b.count }
            return a.reason < b.reason
        }
        let sortedDisagreements = disagreements.sorted { (a: DataQuality.DueDateDisagreement, b: DataQuality.DueDateDisagreement) -> Bool in
            let x: Int64 = a.differenceSeconds.map { abs($0) } ?? Int64.max
            let y: Int64 = b.differenceSeconds.map { abs($0) } ?? Int64.max
            return x != y ? x > y : a.number < b.number
        }
        return DataQuality(provenance: provenance, notMeasurable: notMeasurable, dueDatesChecked: checked,
                           openWithoutSourceDue: withoutSource, dueDateDisagreements: sortedDisagreements,
                           ticketsWithoutTeam: withoutTeam, manualDueOverrides: overridden.count,
                           manualDueExamples: Array(overridden.sorted().prefix(8)))
    }
}

/// The breached tickets list (`ReportAggregator.breachedTickets`), a ticket at a time.
struct BreachedTicketsTally: Sendable {
    let period: ReportPeriod
    private var entries: [BreachedTicket] = []

    init(period: ReportPeriod) { self.period = period }

    mutating func add(_ ticket: TicketMetrics) {
        // Only a ticket that breached in the period is viewed as its breaches: each view is a
        // copy of the ticket.
        guard ReportAggregator.breached(ticket, in: period) else { return }
        for (view, reopenedSince) in ReportAggregator.resolutionBreaches(of: ticket) {
            guard let breachedAt = view.resolutionBreachedAt, period.contains(breachedAt) else { continue }
            // A breach kept from an earlier plan is shown under that plan, with the due instant that passed.
            let keptPlan = SLACycle.keptBreachPlan(fromReason: view.resolutionReason)
            var entry = BreachedTicket(
                number: view.number, subject: view.subject, teamAtBreach: GroupKey(view.breachTeam),
                agentAtBreach: view.breachAgent,
                plan: keptPlan.map { "\($0) (then \(view.plan ?? "none"))" } ?? view.plan, priority: view.priority,
                dueAt: keptPlan != nil ? breachedAt : view.resolutionDueAt, breachedAt: breachedAt,
                secondsLate: view.resolutionSecondsLate,
                finalStatus: view.resolutionStatus, ticketStatus: view.status, state: view.state,
                teamPath: view.teamPath)
            entry.reopenedSince = reopenedSince
            entries.append(entry)
        }
    }

    /// By breach instant then number.
    consuming func finish() -> [BreachedTicket] {
        entries.sorted { ($0.breachedAt, $0.number) < ($1.breachedAt, $1.number) }
    }
}
