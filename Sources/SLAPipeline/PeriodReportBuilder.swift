import SLAModel
import SLAReports
import SLAStore

/// Builds one period's report from the store reading only what the period needs: the
/// tickets of the period and the one before it (plus the backlog), and the light resolution
/// verdicts of the trend's periods. Memory and time follow the period, not the database.
public struct PeriodReportBuilder {
    let store: TicketStore
    let ticketCount: Int
    let firstTicketAt: Instant?

    /// Reads the whole-database facts a report states (ticket count, first ticket) once.
    public init(store: TicketStore) throws {
        self.store = store
        ticketCount = try store.replayedTicketCount()
        firstTicketAt = try store.earliestReplayedTicketInstant()
    }

    /// The report of `period`; the same as `ReportAggregator.weeklyReport(from:)` given every
    /// ticket's metrics. `redact` rewrites each ticket's metrics before aggregating (the
    /// trend's verdicts carry only a team, an instant and met or not). `onPeriodTickets` is
    /// given the report's tickets (`WeeklyReport.tickets`) as soon as they are known, before
    /// the aggregation, so that files can be started from them meanwhile.
    public func report(for period: ReportPeriod, asOf: Instant, policyHash: String,
                       provenance: DataProvenance, options: ReportOptions,
                       redact: (@Sendable (TicketMetrics) -> TicketMetrics)? = nil,
                       onPeriodTickets: (([PeriodTicket]) throws -> Void)? = nil) throws -> WeeklyReport {
        let previous = period.previous
        let trend = period.trailing(options.trendLength)
        let trendWindow = (trend.first?.start ?? period.start) ..< period.end
        // Three reads at once, each on a connection of its own: the trend, counted from its
        // verdicts as they are read; the tickets resolved in the previous period, counted into its
        // breakdown tables and dropped unless something of theirs falls in this period; and, on
        // this thread, every other ticket of the two periods, kept for the report. Each read is
        // its own snapshot; they agree because the report holds the database's write lock
        // throughout. Only this period's tickets are held: a month at a million tickets held both
        // periods' before (175,000 tickets), about half of its memory.
        let store = self.store
        let trendRead = BackgroundResult {
            var tally = ComplianceTrendTally(periods: trend)
            try store.forEachResolutionVerdict(in: trendWindow) { tally.add($0) }
            return tally.finish()
        }
        // On every way out, no read outlives this call (a failed one included).
        defer { _ = try? trendRead.value() }
        let ids = try store.ticketIDs(relevantTo: previous.start ..< period.end, handoffsIn: period.start ..< period.end,
                                      splitAt: period.start)
        let earlierRead = BackgroundResult { () throws -> (tallies: BreakdownTallies, unsettled: [TicketMetrics]) in
            var tallies = BreakdownTallies.previous(to: period)
            var unsettled: [TicketMetrics] = []
            try store.forEachTicketMetrics(ids: ids.resolvedBefore) { read in
                let ticket = redact?(read) ?? read
                if ReportAggregator.isSettled(ticket, before: period) {
                    tallies.add(ticket)
                } else {
                    unsettled.append(ticket)
                }
            }
            return (tallies, unsettled)
        }
        defer { earlierRead.wait() }
        // Each ticket goes to the period's list or to the others as it is read; the list can hold
        // at most every ticket read.
        var earlierTallies: BreakdownTallies?
        let tickets = try ReportTickets.collect(in: period, capacity: ids.others.count + ids.resolvedBefore.count) { add in
            try store.forEachTicketMetrics(ids: ids.others) { add(redact?($0) ?? $0) }
            let earlier = try earlierRead.take()
            earlierTallies = earlier.tallies
            earlier.unsettled.forEach(add)
        }
        try onPeriodTickets?(tickets.periodTickets)
        return ReportAggregator.weeklyReport(
            tickets: tickets, trend: try trendRead.value(), previousTallies: consume earlierTallies,
            ticketCount: ticketCount, firstTicketAt: firstTicketAt,
            period: period, asOf: asOf, policyHash: policyHash, provenance: provenance, options: options)
    }
}
