import SLAEngine
import SLAModel

/// Builds a `WeeklyReport` from per-ticket metrics. Pure functions: the same input always
/// gives the same report. The cohort rules are written out in `ReportDefinitions`.
public enum ReportAggregator {
    /// How many periods the compliance trend covers (the report's and the ones before it).
    public static let defaultTrendLength = 12

    /// The report for `period`.
    ///
    /// - Parameters:
    ///   - metrics: every ticket's metrics as replayed up to `asOf` (tickets outside the
    ///     period are fine; they feed the trend, the backlog and the previous period).
    ///   - period: the period to report; its zone is the report time zone.
    ///   - asOf: the instant the SLA clocks were replayed up to.
    ///   - policyHash: identifies the SLA policy used, printed in the report header.
    ///   - trendLength: number of periods in the compliance trend, ending with `period`.
    public static func weeklyReport(from metrics: [TicketMetrics], period: ReportPeriod, asOf: Instant,
                                    policyHash: String, trendLength: Int = defaultTrendLength) -> WeeklyReport {
        let current = summarize(metrics, in: period)
        let previous = summarize(metrics, in: period.previous)
        return WeeklyReport(
            period: period, asOf: asOf, policyHash: policyHash, inputTicketCount: metrics.count,
            teams: current.teams, total: current.total,
            previousTeams: previous.teams, previousTotal: previous.total,
            breachedTickets: breachedTickets(metrics, in: period),
            tickets: periodTickets(metrics, in: period),
            trend: complianceTrend(metrics, periods: period.trailing(trendLength)),
            definitions: ReportDefinitions.all(for: period))
    }

    // MARK: - Per-team rows

    /// Per-team rows (sorted, "(no team)" last) and the "All teams" total for `period`.
    public static func summarize(_ metrics: [TicketMetrics],
                                 in period: ReportPeriod) -> (teams: [TeamSummary], total: TeamSummary) {
        var rows: [TeamKey: Accumulator] = [:]
        var total = Accumulator(team: .allTeams)
        for ticket in metrics {
            let holder = TeamKey(ticket.team)
            if period.contains(ticket.createdAt) {
                rows[holder, default: Accumulator(team: holder)].created += 1
                total.created += 1
            }
            if period.contains(ticket.resolvedAt) {
                rows[holder, default: Accumulator(team: holder)].addResolved(ticket)
                total.addResolved(ticket)
            }
            if isOpen(ticket, atEndOf: period) {
                rows[holder, default: Accumulator(team: holder)].openAtEnd += 1
                total.openAtEnd += 1
            }
            if let entry = complianceEntry(ticket), period.contains(entry.instant) {
                rows[holder, default: Accumulator(team: holder)].add(entry.outcome)
                total.add(entry.outcome)
            }
            if period.contains(ticket.resolutionBreachedAt) {
                let breachHolder = TeamKey(ticket.breachTeam)
                rows[breachHolder, default: Accumulator(team: breachHolder)].breaches += 1
                total.breaches += 1
            }
        }
        let teams = rows.keys.sorted().map { rows[$0]!.summary }
        return (teams, total.summary)
    }

    /// Whether the ticket was created before the period's end and not resolved by then
    /// (judged by its last resolution; a ticket still open at as-of counts).
    public static func isOpen(_ ticket: TicketMetrics, atEndOf period: ReportPeriod) -> Bool {
        guard ticket.createdAt < period.end else { return false }
        if let resolved = ticket.resolvedAt { return resolved >= period.end }
        return ticket.state == .open || ticket.state == .paused
    }

    // MARK: - Compliance

    enum ComplianceOutcome { case met, breachedResolved, breachedOngoing }

    /// The instant a ticket's resolution verdict falls at, for the compliance cohort: its
    /// resolution when resolved; its breach instant when still open and already breached.
    /// Nil for tickets that are not judged (running, not measurable).
    static func complianceEntry(_ ticket: TicketMetrics) -> (instant: Instant, outcome: ComplianceOutcome)? {
        if let resolved = ticket.resolvedAt {
            switch ticket.resolutionStatus {
            case .met: return (resolved, .met)
            case .breached, .runningBreached: return (resolved, .breachedResolved)
            case .running, .notMeasurable: return nil
            }
        }
        if ticket.resolutionStatus == .runningBreached, let breachedAt = ticket.resolutionBreachedAt {
            return (breachedAt, .breachedOngoing)
        }
        return nil
    }

    /// Compliance per team over `periods` (contiguous, oldest first), in one pass.
    public static func complianceTrend(_ metrics: [TicketMetrics], periods: [ReportPeriod]) -> ComplianceTrend {
        guard let first = periods.first, let last = periods.last else {
            return ComplianceTrend(periods: [], series: [])
        }
        var perTeam: [TeamKey: [ComplianceCount]] = [:]
        var total = [ComplianceCount](repeating: ComplianceCount(), count: periods.count)
        let starts = periods.map(\.start)
        for ticket in metrics {
            guard let entry = complianceEntry(ticket), entry.instant >= first.start, entry.instant < last.end
            else { continue }
            // The last period whose start is at or before the instant.
            var low = 0, high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] <= entry.instant { low = mid + 1 } else { high = mid }
            }
            let index = low - 1
            guard index >= 0, periods[index].contains(entry.instant) else { continue }
            let key = TeamKey(ticket.team)
            var counts = perTeam[key] ?? [ComplianceCount](repeating: ComplianceCount(), count: periods.count)
            counts[index].judged += 1
            total[index].judged += 1
            if entry.outcome == .met {
                counts[index].met += 1
                total[index].met += 1
            }
            perTeam[key] = counts
        }
        let series = perTeam.keys.sorted().map { TrendSeries(team: $0, points: perTeam[$0]!) }
            + [TrendSeries(team: .allTeams, points: total)]
        return ComplianceTrend(periods: periods, series: series)
    }

    // MARK: - Ticket lists

    /// Tickets whose resolution breach instant is in the period, by breach instant then number.
    public static func breachedTickets(_ metrics: [TicketMetrics], in period: ReportPeriod) -> [BreachedTicket] {
        metrics.compactMap { ticket -> BreachedTicket? in
            guard let breachedAt = ticket.resolutionBreachedAt, period.contains(breachedAt) else { return nil }
            return BreachedTicket(
                number: ticket.number, subject: ticket.subject, teamAtBreach: TeamKey(ticket.breachTeam),
                agentAtBreach: ticket.breachAgent, plan: ticket.plan, priority: ticket.priority,
                dueAt: ticket.resolutionDueAt, breachedAt: breachedAt, secondsLate: ticket.resolutionSecondsLate,
                finalStatus: ticket.resolutionStatus, ticketStatus: ticket.status, state: ticket.state)
        }
        .sorted { ($0.breachedAt, $0.number) < ($1.breachedAt, $1.number) }
    }

    /// Tickets created, resolved or breached in the period, or open at its end, by creation then number.
    public static func periodTickets(_ metrics: [TicketMetrics], in period: ReportPeriod) -> [PeriodTicket] {
        metrics.compactMap { ticket -> PeriodTicket? in
            let row = PeriodTicket(
                metrics: ticket, createdInPeriod: period.contains(ticket.createdAt),
                resolvedInPeriod: period.contains(ticket.resolvedAt),
                breachedInPeriod: period.contains(ticket.resolutionBreachedAt),
                openAtEnd: isOpen(ticket, atEndOf: period))
            return row.createdInPeriod || row.resolvedInPeriod || row.breachedInPeriod || row.openAtEnd ? row : nil
        }
        .sorted { ($0.metrics.createdAt, $0.metrics.number) < ($1.metrics.createdAt, $1.metrics.number) }
    }
}

/// Running counts for one team row.
private struct Accumulator {
    var team: TeamKey
    var created = 0
    var resolved = 0
    var openAtEnd = 0
    var met = 0
    var breachedResolved = 0
    var breachedOngoing = 0
    var breaches = 0
    var businessSeconds: [Int64] = []
    var wallSeconds: [Int64] = []

    init(team: TeamKey) { self.team = team }

    mutating func addResolved(_ ticket: TicketMetrics) {
        resolved += 1
        if let seconds = ticket.resolutionBusinessSeconds { businessSeconds.append(seconds) }
        if let seconds = ticket.resolutionWallSeconds { wallSeconds.append(seconds) }
    }

    mutating func add(_ outcome: ReportAggregator.ComplianceOutcome) {
        switch outcome {
        case .met: met += 1
        case .breachedResolved: breachedResolved += 1
        case .breachedOngoing: breachedOngoing += 1
        }
    }

    var summary: TeamSummary {
        let business = businessSeconds.sorted(), wall = wallSeconds.sorted()
        return TeamSummary(
            team: team, created: created, resolved: resolved, openAtEnd: openAtEnd, met: met,
            breachedResolved: breachedResolved, breachedOngoing: breachedOngoing, breaches: breaches,
            medianResolutionBusinessSeconds: Percentile.nearestRank(50, ofSorted: business),
            p90ResolutionBusinessSeconds: Percentile.nearestRank(90, ofSorted: business),
            medianResolutionWallSeconds: Percentile.nearestRank(50, ofSorted: wall),
            p90ResolutionWallSeconds: Percentile.nearestRank(90, ofSorted: wall))
    }
}
