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
                       redact: ((TicketMetrics) -> TicketMetrics)? = nil,
                       onPeriodTickets: (([PeriodTicket]) throws -> Void)? = nil) throws -> WeeklyReport {
        let previous = period.previous
        let trend = period.trailing(options.trendLength)
        let trendWindow = (trend.first?.start ?? period.start) ..< period.end
        // The trend's verdicts and the second half of the tickets are read on other threads
        // (connections of their own) while this one reads the first half. Each read is its own
        // snapshot; they agree because the report holds the database's write lock throughout.
        let store = self.store
        let verdictRead = BackgroundResult { try store.resolutionVerdicts(in: trendWindow) }
        // On every way out, no read outlives this call (a failed one included).
        defer { _ = try? verdictRead.value() }
        let ids = try store.ticketIDs(relevantTo: previous.start ..< period.end, handoffsIn: period.start ..< period.end)
        let secondHalf = ids[(ids.count / 2)...]
        let secondHalfRead = BackgroundResult { try store.loadTicketMetrics(ids: secondHalf) }
        defer { secondHalfRead.wait() }
        var metrics: [TicketMetrics] = []
        metrics.reserveCapacity(ids.count)
        metrics += try store.loadTicketMetrics(ids: ids[..<(ids.count / 2)])
        // Taken, not kept by the read: its array goes once copied into `metrics`.
        metrics += try secondHalfRead.take()
        if let redact { metrics = metrics.map(redact) }
        let tickets = ReportAggregator.periodTickets(metrics, in: period)
        try onPeriodTickets?(tickets)
        let verdicts = try verdictRead.value()
        return ReportAggregator.weeklyReport(
            periodMetrics: metrics, verdicts: verdicts, ticketCount: ticketCount, firstTicketAt: firstTicketAt,
            period: period, asOf: asOf, policyHash: policyHash, provenance: provenance, options: options,
            periodTickets: tickets)
    }
}
