import SLAEngine
import SLAModel

/// Builds a `WeeklyReport` from per-ticket metrics. Pure functions: the same input always
/// gives the same report, whatever the order of the input. The cohort rules are written
/// out in `ReportDefinitions`.
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
    ///   - provenance: import facts from the store (data freshness, rejected rows).
    ///   - options: compliance target and trend length.
    public static func weeklyReport(from metrics: [TicketMetrics], period: ReportPeriod, asOf: Instant,
                                    policyHash: String, provenance: DataProvenance = .unknown,
                                    options: ReportOptions = .standard) -> WeeklyReport {
        var tally = PeriodReportTally(period: period, asOf: asOf, options: options)
        metrics.forEach { tally.add($0) }
        return tally.finish(tickets: periodTickets(metrics, in: period),
                            trend: complianceTrend(metrics, periods: period.trailing(options.trendLength)),
                            policyHash: policyHash, provenance: provenance)
    }

    /// Kept for callers of the first version: `weeklyReport` with a trend length.
    public static func weeklyReport(from metrics: [TicketMetrics], period: ReportPeriod, asOf: Instant,
                                    policyHash: String, trendLength: Int) -> WeeklyReport {
        weeklyReport(from: metrics, period: period, asOf: asOf, policyHash: policyHash,
                     options: ReportOptions(trendLength: trendLength))
    }

    // MARK: - Breakdowns

    /// Per-team rows (sorted, "(no team)" last) and the "All teams" total for `period`.
    public static func summarize(_ metrics: [TicketMetrics],
                                 in period: ReportPeriod) -> (teams: [GroupSummary], total: GroupSummary) {
        let table = breakdown(metrics, by: .team, in: period)
        return (table.rows, table.total)
    }

    /// One breakdown table for `period`.
    public static func breakdown(_ metrics: [TicketMetrics], by dimension: Dimension,
                                 in period: ReportPeriod) -> Breakdown {
        var tally = BreakdownTally(dimension: dimension, period: period)
        for ticket in metrics {
            let facts = PeriodFacts(ticket, in: period)
            if facts.countsAnywhere { tally.add(ticket, facts) }
        }
        return tally.finish()
    }

    /// Whether nothing of the ticket falls in `period` or after it: resolved before the period
    /// starts (its last resolution), neither open nor paused, and created, answered, breached
    /// (every cycle) and held (every segment's start and end) before it. No part of the
    /// period's report counts such a ticket; only the period before's breakdown tables can, so a
    /// report read from the store counts it into those as read, without keeping it.
    public static func isSettled(_ ticket: TicketMetrics, before period: ReportPeriod) -> Bool {
        let start = period.start
        func before(_ instant: Instant?) -> Bool { instant.map { $0 < start } ?? true }
        guard let resolved = ticket.resolvedAt, resolved < start, ticket.state != .open, ticket.state != .paused,
              ticket.createdAt < start, before(ticket.firstResponseAt), before(ticket.firstResponseStoppedAt),
              before(ticket.firstResponseBreachedAt), before(ticket.resolutionBreachedAt) else { return false }
        return ticket.earlierResolutionBreaches.allSatisfy { $0.breachedAt < start }
            && ticket.segments.allSatisfy { $0.startedAt < start && $0.endedAt < start }
    }

    /// Whether the ticket was created before the period's end and not resolved by then
    /// (judged by its last resolution; a ticket still open at as-of counts).
    public static func isOpen(_ ticket: TicketMetrics, atEndOf period: ReportPeriod) -> Bool {
        guard ticket.createdAt < period.end else { return false }
        if let resolved = ticket.resolvedAt { return resolved >= period.end }
        // No stop yet: the resolution clock still runs, whatever the status is called (a desk
        // that stops the clock only at closed keeps "Resolved" tickets in its backlog).
        return true
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

    /// The same for the first-response clock: judged when it stopped (the first response,
    /// or the resolution when none came), or at its breach instant while still running.
    static func firstResponseEntry(_ ticket: TicketMetrics) -> (instant: Instant, outcome: ComplianceOutcome)? {
        switch ticket.firstResponseStatus {
        case .met, .breached:
            guard let stopped = ticket.firstResponseStoppedAt ?? ticket.firstResponseAt else { return nil }
            return (stopped, ticket.firstResponseStatus == .met ? .met : .breachedResolved)
        case .runningBreached:
            guard let breachedAt = ticket.firstResponseBreachedAt else { return nil }
            return (breachedAt, .breachedOngoing)
        case .running, .notMeasurable:
            return nil
        }
    }

    /// The resolution verdict of a ticket for the compliance cohort (see `complianceEntry`).
    public static func resolutionVerdict(_ ticket: TicketMetrics) -> ResolutionVerdict? {
        complianceEntry(ticket).map { ResolutionVerdict(team: ticket.team, judgedAt: $0.instant, met: $0.outcome == .met) }
    }

    /// Compliance per team over `periods` (contiguous, oldest first), in one pass.
    public static func complianceTrend(_ metrics: [TicketMetrics], periods: [ReportPeriod]) -> ComplianceTrend {
        complianceTrend(metrics.compactMap(resolutionVerdict), periods: periods)
    }

    /// Compliance per team over `periods` from the verdicts (any order; those outside the
    /// periods are left out).
    public static func complianceTrend(_ verdicts: [ResolutionVerdict], periods: [ReportPeriod]) -> ComplianceTrend {
        var tally = ComplianceTrendTally(periods: periods)
        for verdict in verdicts { tally.add(verdict) }
        return tally.finish()
    }

    // MARK: - Distribution, backlog, flow

    /// Business time to resolution of the tickets resolved in the period, in buckets.
    public static func resolutionDistribution(_ metrics: some Sequence<TicketMetrics>,
                                              in period: ReportPeriod) -> ResolutionDistribution {
        var tally = ResolutionDistributionTally(period: period)
        for ticket in metrics { tally.add(ticket) }
        return tally.finish()
    }

    /// Tickets open at the end of the period (or at as-of, if earlier) by wall-clock age,
    /// per team holding them at resolution or as-of (the team table's rule).
    public static func backlogAging(_ metrics: some Sequence<TicketMetrics>, in period: ReportPeriod,
                                    asOf: Instant) -> BacklogAging {
        var tally = BacklogAgingTally(period: period, asOf: asOf)
        for ticket in metrics { tally.add(ticket) }
        return tally.finish()
    }

    /// Hand-offs between teams in the period, and the team paths of the tickets resolved in it.
    public static func teamFlow(_ metrics: some Sequence<TicketMetrics>, in period: ReportPeriod) -> TeamFlow {
        var tally = TeamFlowTally(period: period)
        for ticket in metrics { tally.add(ticket) }
        return tally.finish()
    }

    // MARK: - Data quality

    /// Unmeasurable clocks among the period's tickets, and source due dates of open tickets.
    public static func dataQuality(_ metrics: some Sequence<TicketMetrics>, in period: ReportPeriod,
                                   provenance: DataProvenance) -> DataQuality {
        var tally = DataQualityTally(period: period)
        for ticket in metrics { tally.add(ticket) }
        return tally.finish(provenance: provenance)
    }

    // MARK: - Ticket lists

    /// The ticket as each of its resolution breaches: a copy per earlier cycle's breach carrying
    /// that breach's due and breach instants, lateness and holder (`reopenedSince`), then the
    /// ticket itself when its last cycle breached. The final status stays the ticket's.
    static func resolutionBreaches(of ticket: TicketMetrics) -> [(view: TicketMetrics, reopenedSince: Bool)] {
        var breaches = ticket.earlierResolutionBreaches.map { breach -> (view: TicketMetrics, reopenedSince: Bool) in
            var view = ticket
            view.resolutionDueAt = breach.dueAt
            view.resolutionBreachedAt = breach.breachedAt
            view.resolutionSecondsLate = breach.secondsLate
            view.breachTeam = breach.team
            view.breachAgent = breach.agent
            view.resolutionReason = breach.reason
            return (view, true)
        }
        if ticket.resolutionBreachedAt != nil { breaches.append((ticket, false)) }
        return breaches
    }

    /// Whether any resolution cycle of the ticket breached in the period.
    static func breached(_ ticket: TicketMetrics, in period: ReportPeriod) -> Bool {
        period.contains(ticket.resolutionBreachedAt) || ticket.earlierResolutionBreaches.contains { period.contains($0.breachedAt) }
    }

    /// Resolution breaches whose instant is in the period (an earlier cycle's of a reopened
    /// ticket too), by breach instant then number.
    public static func breachedTickets(_ metrics: some Sequence<TicketMetrics>, in period: ReportPeriod) -> [BreachedTicket] {
        var tally = BreachedTicketsTally(period: period)
        for ticket in metrics { tally.add(ticket) }
        return tally.finish()
    }

    /// Tickets created, resolved or breached in the period, or open at its end, by creation then
    /// number, as rows without their holding segments (`PeriodTicket`).
    public static func periodTickets(_ metrics: [TicketMetrics], in period: ReportPeriod) -> [PeriodTicket] {
        metrics.compactMap { periodTicket($0, in: period) }.sorted(by: PeriodTicket.precedes)
    }

    /// The ticket as a row of the period's ticket list, or nil when it is none of the period's
    /// tickets (created, resolved or breached in it, or open at its end).
    public static func periodTicket(_ ticket: TicketMetrics, in period: ReportPeriod) -> PeriodTicket? {
        let row = PeriodTicket(
            metrics: ticket, createdInPeriod: period.contains(ticket.createdAt),
            resolvedInPeriod: period.contains(ticket.resolvedAt), breachedInPeriod: breached(ticket, in: period),
            openAtEnd: isOpen(ticket, atEndOf: period))
        return row.createdInPeriod || row.resolvedInPeriod || row.breachedInPeriod || row.openAtEnd ? row : nil
    }
}

/// Running counts for one breakdown row.
private struct Accumulator {
    var summary: GroupSummary
    var late = DurationList()
    var resolutionBusiness = DurationList()
    var resolutionWall = DurationList()
    var firstResponseBusiness = DurationList()
    var firstResponseWall = DurationList()
    var breachedClock: Int64 = 0
    /// Whether the row keeps the durations its statistics are made of (see `BreakdownTally`).
    let keepsDurations: Bool

    init(key: GroupKey, keepsDurations: Bool = true) {
        summary = GroupSummary(key: key)
        self.keepsDurations = keepsDurations
    }

    mutating func addResolved(_ ticket: TicketMetrics) {
        summary.resolved += 1
        if keepsDurations {
            if let seconds = ticket.resolutionBusinessSeconds { resolutionBusiness.append(seconds) }
            if let seconds = ticket.resolutionWallSeconds { resolutionWall.append(seconds) }
        }
        if ticket.reopens > 0 { summary.reopened += 1 }
        summary.handoffs += ticket.handoffs
    }

    mutating func addFirstResponseTime(_ ticket: TicketMetrics) {
        guard keepsDurations else { return }
        if let seconds = ticket.firstResponseBusinessSeconds { firstResponseBusiness.append(seconds) }
        if let seconds = ticket.firstResponseWallSeconds { firstResponseWall.append(seconds) }
    }

    mutating func addBreach(_ ticket: TicketMetrics) {
        summary.breaches += 1
        // Whole minutes, rounded up, as each breached ticket's own "minutes late" (and the views'
        // minutes_late): a table's median then never reads less than the list's figure.
        if keepsDurations, let seconds = ticket.resolutionSecondsLate {
            late.append(seconds <= 0 ? 0 : (seconds + 59) / 60 * 60)
        }
    }

    mutating func addResolution(_ outcome: ReportAggregator.ComplianceOutcome) {
        switch outcome {
        case .met: summary.met += 1
        case .breachedResolved: summary.breachedResolved += 1
        case .breachedOngoing: summary.breachedOngoing += 1
        }
    }

    mutating func addFirstResponse(_ outcome: ReportAggregator.ComplianceOutcome) {
        switch outcome {
        case .met: summary.firstResponseMet += 1
        case .breachedResolved: summary.firstResponseBreached += 1
        case .breachedOngoing: summary.firstResponseBreachedOngoing += 1
        }
    }

    /// Adds the counts and durations of `other`, a row of the same key counted from other tickets.
    mutating func merge(_ other: Accumulator) {
        summary.addCounts(of: other.summary)
        if keepsDurations {
            late.append(contentsOf: other.late)
            resolutionBusiness.append(contentsOf: other.resolutionBusiness)
            resolutionWall.append(contentsOf: other.resolutionWall)
            firstResponseBusiness.append(contentsOf: other.firstResponseBusiness)
            firstResponseWall.append(contentsOf: other.firstResponseWall)
        }
        breachedClock += other.breachedClock
    }

    /// The row; `durationsOf` gives the statistics of a row that kept no durations (without
    /// it, such a row has none).
    func finish(clockTotal: Int64?, durationsOf shared: GroupSummary? = nil) -> GroupSummary {
        var result = summary
        if keepsDurations {
            result.late = late.stats
            result.resolutionBusiness = resolutionBusiness.stats
            result.resolutionWall = resolutionWall.stats
            result.firstResponseBusiness = firstResponseBusiness.stats
            result.firstResponseWall = firstResponseWall.stats
        } else if let shared {
            result.late = shared.late
            result.resolutionBusiness = shared.resolutionBusiness
            result.resolutionWall = shared.resolutionWall
            result.firstResponseBusiness = shared.firstResponseBusiness
            result.firstResponseWall = shared.firstResponseWall
        }
        if let clockTotal {
            result.breachedClockSeconds = breachedClock
            result.breachedClockTotalSeconds = clockTotal
        }
        return result
    }
}

/// What one ticket did in one period, judged once for all of the period's breakdown tables.
private struct PeriodFacts {
    var created, resolved, openAtEnd, answered, resolutionBreached, firstResponseBreached: Bool
    /// The resolution and first-response verdicts falling in the period, if any.
    var resolution, firstResponse: ReportAggregator.ComplianceOutcome?

    init(_ ticket: TicketMetrics, in period: ReportPeriod) {
        created = period.contains(ticket.createdAt)
        resolved = period.contains(ticket.resolvedAt)
        openAtEnd = ReportAggregator.isOpen(ticket, atEndOf: period)
        resolution = ReportAggregator.complianceEntry(ticket).flatMap { period.contains($0.instant) ? $0.outcome : nil }
        firstResponse = ReportAggregator.firstResponseEntry(ticket).flatMap { period.contains($0.instant) ? $0.outcome : nil }
        answered = ticket.firstResponseAt.map(period.contains) ?? false
        resolutionBreached = ReportAggregator.breached(ticket, in: period)
        firstResponseBreached = period.contains(ticket.firstResponseBreachedAt)
    }

    /// Whether the ticket counts in any row of the period's tables.
    var countsAnywhere: Bool {
        created || resolved || openAtEnd || resolution != nil || firstResponse != nil || answered
            || resolutionBreached || firstResponseBreached
    }
}

/// Every dimension's breakdown table of one period, counted a ticket at a time (the tickets in
/// any order), so that the tickets need not all be held at once.
public struct BreakdownTallies: Sendable {
    /// The period the tables count.
    public let period: ReportPeriod
    /// Whether the rows (not only the totals) get duration statistics.
    public let keepsRowDurations: Bool
    private var tallies: [BreakdownTally]

    /// - Parameter keepsRowDurations: false: only the totals get duration statistics (the rows'
    ///   are nil), and the rows keep no durations while counting.
    public init(period: ReportPeriod, keepsRowDurations: Bool = true) {
        self.period = period
        self.keepsRowDurations = keepsRowDurations
        // The total row counts every ticket the same way in each dimension's table, so only the
        // first table's keeps the total's durations (at a million tickets, a month's five
        // totals kept about 40 MB of the same values, each sorted for its statistics).
        tallies = Dimension.allCases.enumerated().map { index, dimension in
            BreakdownTally(dimension: dimension, period: period, keepsTotalDurations: index == 0,
                           keepsRowDurations: keepsRowDurations)
        }
    }

    /// The tallies of the period before `period` as its report counts them: a report shows that
    /// period's counts and compliance (the headline tiles, the team table's change) and its
    /// total's medians, never a row's duration statistics, so its rows keep no durations (with
    /// that alone and each period's tallies then let go once finished, a 1M week's report peaked
    /// at 94 MB, not 105; both periods' tallies are now held while the tickets are read).
    public static func previous(to period: ReportPeriod) -> BreakdownTallies {
        BreakdownTallies(period: period.previous, keepsRowDurations: false)
    }

    /// Counts `ticket` in every table it belongs in. One pass for all dimensions: each pass over a
    /// report's tickets copies every ticket (528 bytes, and a retain and a release of each string
    /// and array), which cost more than the counting when each of the twenty tables made its own
    /// pass. What the ticket did in the period is judged once for the five tables.
    public mutating func add(_ ticket: TicketMetrics) {
        let facts = PeriodFacts(ticket, in: period)
        guard facts.countsAnywhere else { return }
        for dimension in tallies.indices { tallies[dimension].add(ticket, facts) }
    }

    /// Counts each of `metrics`, in any order.
    public mutating func add(contentsOf metrics: some Sequence<TicketMetrics>) {
        for ticket in metrics { add(ticket) }
    }

    /// Adds `other`'s counts: tallies of the same period, made the same way, from other tickets
    /// (so that two threads can each count some of a period's tickets).
    public mutating func merge(_ other: consuming BreakdownTallies) {
        precondition(other.period == period && other.keepsRowDurations == keepsRowDurations,
                     "the tallies merged are not of the same period and kind")
        for index in tallies.indices { tallies[index].merge(other.tallies[index]) }
    }

    /// The tables, in `Dimension.allCases` order.
    public func finish() -> [Breakdown] {
        guard let first = tallies.first?.finish() else { return [] }
        return [first] + tallies.dropFirst().map { $0.finish(totalDurationsOf: first.total) }
    }
}

/// The running counts of one breakdown table: its rows by group and the total.
private struct BreakdownTally {
    let dimension: Dimension
    let period: ReportPeriod
    var rows: [GroupKey: Accumulator] = [:]
    var total: Accumulator
    let keepsRowDurations: Bool
    /// The rows the current ticket counted in (at most three: its own, its two breaches').
    var touched: [GroupKey] = []

    /// `keepsTotalDurations` false: the total's duration statistics are another table's,
    /// given to `finish`. `keepsRowDurations` false: the rows have none.
    init(dimension: Dimension, period: ReportPeriod, keepsTotalDurations: Bool = true, keepsRowDurations: Bool = true) {
        self.dimension = dimension
        self.period = period
        self.keepsRowDurations = keepsRowDurations
        total = Accumulator(key: .total, keepsDurations: keepsTotalDurations)
    }

    /// Counts into `key`'s row, and the ticket among the row's tickets the first time.
    private mutating func add(_ key: GroupKey, _ body: (inout Accumulator) -> Void) {
        let firstTouch = !touched.contains(key)
        if firstTouch { touched.append(key) }
        func update(_ row: inout Accumulator) {
            body(&row)
            if firstTouch { row.summary.tickets += 1 }
        }
        let keepsDurations = keepsRowDurations
        update(&rows[key, default: Accumulator(key: key, keepsDurations: keepsDurations)])
    }

    /// Counts `ticket` in the rows `facts` (what it did in this tally's period) puts it in, and
    /// in the total; `facts.countsAnywhere` must hold.
    mutating func add(_ ticket: TicketMetrics, _ facts: PeriodFacts) {
        touched.removeAll(keepingCapacity: true)
        let key = dimension.key(of: ticket)
        if facts.created {
            add(key) { $0.summary.created += 1 }
            total.summary.created += 1
        }
        if facts.resolved {
            add(key) { $0.addResolved(ticket) }
            total.addResolved(ticket)
        }
        if facts.openAtEnd {
            add(key) { $0.summary.openAtEnd += 1 }
            total.summary.openAtEnd += 1
        }
        if let outcome = facts.resolution {
            add(key) { $0.addResolution(outcome) }
            total.addResolution(outcome)
            if outcome == .breachedResolved, let breached = ticket.resolutionBreachedAt, breached < period.start {
                total.summary.lateResolutionsBreachedEarlier += 1
            }
        }
        if let outcome = facts.firstResponse {
            add(key) { $0.addFirstResponse(outcome) }
            total.addFirstResponse(outcome)
            if outcome == .breachedResolved, let breached = ticket.firstResponseBreachedAt, breached < period.start {
                total.summary.lateFirstResponsesBreachedEarlier += 1
            }
        }
        if facts.answered {
            add(key) { $0.addFirstResponseTime(ticket) }
            total.addFirstResponseTime(ticket)
        }
        if facts.resolutionBreached {
            // Each breach in the period counts, under whoever held the ticket at that breach.
            for (breach, _) in ReportAggregator.resolutionBreaches(of: ticket) where period.contains(breach.resolutionBreachedAt) {
                add(dimension.resolutionBreachKey(of: breach)) { $0.addBreach(breach) }
                total.addBreach(breach)
                if let resolved = ticket.resolvedAt, resolved >= period.end { total.summary.breachesResolvedLater += 1 }
            }
            if dimension.hasSegments {
                for segment in ticket.segments {
                    guard let holder = dimension.key(of: segment) else { continue }
                    // Holding time alone does not make the ticket one of the row's tickets.
                    rows[holder, default: Accumulator(key: holder, keepsDurations: keepsRowDurations)].breachedClock
                        += segment.businessSeconds
                    total.breachedClock += segment.businessSeconds
                }
            }
        }
        if facts.firstResponseBreached {
            add(dimension.firstResponseBreachKey(of: ticket)) { $0.summary.firstResponseBreaches += 1 }
            total.summary.firstResponseBreaches += 1
            if let stopped = ticket.firstResponseStoppedAt, stopped >= period.end { total.summary.firstResponseBreachesStoppedLater += 1 }
        }
        total.summary.tickets += 1
    }

    /// Adds the rows and total of `other`, the same table counted from other tickets.
    mutating func merge(_ other: BreakdownTally) {
        for (key, row) in other.rows {
            rows[key, default: Accumulator(key: key, keepsDurations: keepsRowDurations)].merge(row)
        }
        total.merge(other.total)
    }

    func finish(totalDurationsOf shared: GroupSummary? = nil) -> Breakdown {
        precondition(total.keepsDurations || shared != nil, "a total that kept no durations takes another's")
        let clockTotal = dimension.hasSegments ? total.breachedClock : nil
        let sortedKeys = rows.keys.sorted { dimension.ordered($0, $1) }
        return Breakdown(dimension: dimension,
                         rows: sortedKeys.map { rows[$0]!.finish(clockTotal: clockTotal) },
                         total: total.finish(clockTotal: clockTotal, durationsOf: shared))
    }
}

private extension GroupSummary {
    /// Adds the counts of `other` (not its statistics, which a tally sets only when finished).
    mutating func addCounts(of other: GroupSummary) {
        tickets += other.tickets
        created += other.created
        resolved += other.resolved
        openAtEnd += other.openAtEnd
        met += other.met
        breachedResolved += other.breachedResolved
        breachedOngoing += other.breachedOngoing
        firstResponseMet += other.firstResponseMet
        firstResponseBreached += other.firstResponseBreached
        firstResponseBreachedOngoing += other.firstResponseBreachedOngoing
        breaches += other.breaches
        breachesResolvedLater += other.breachesResolvedLater
        lateResolutionsBreachedEarlier += other.lateResolutionsBreachedEarlier
        firstResponseBreachesStoppedLater += other.firstResponseBreachesStoppedLater
        lateFirstResponsesBreachedEarlier += other.lateFirstResponsesBreachedEarlier
        firstResponseBreaches += other.firstResponseBreaches
        reopened += other.reopened
        handoffs += other.handoffs
    }
}
