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
    /// the report is assembled, so that files can be started from them meanwhile.
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
        // this thread, every other ticket of the two periods, counted as read. Each read is its
        // own snapshot; they agree because the report holds the database's write lock throughout.
        // Only this period's list is held: a month at a million tickets held both periods'
        // tickets before (175,000), about half of its memory.
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
        // Each ticket is counted into the report as it is read, and kept only when the period's
        // list shows it (without its holding segments); the list can hold at most every ticket read.
        var tally = PeriodReportTally(period: period, asOf: asOf, options: options)
        let tickets = try PeriodTicketList.collect(in: period, capacity: ids.others.count + ids.resolvedBefore.count) { list in
            func add(_ ticket: TicketMetrics) {
                tally.add(ticket)
                list(ticket)
            }
            try store.forEachTicketMetrics(ids: ids.others) { add(redact?($0) ?? $0) }
            let earlier = try earlierRead.take()
            tally.addPrevious(earlier.tallies)
            earlier.unsettled.forEach(add)
        }
        try onPeriodTickets?(tickets)
        var report = tally.finish(tickets: tickets, trend: try trendRead.value(), policyHash: policyHash,
                                  provenance: provenance)
        report.inputTicketCount = ticketCount
        report.firstTicketAt = firstTicketAt
        return report
    }
}
