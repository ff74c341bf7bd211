import SLAModel
import SLAReports
import SLAStore

/// Builds one period's report from the store reading only what the period needs: the
/// tickets of the period and the one before it (plus the backlog), and the light resolution
/// verdicts of the trend's periods. Memory and time follow the period, not the database.
public struct PeriodReportBuilder {
    /// A ticket of the period before belongs in the period's list before rows already handed
    /// to the files (`report(for:…feed:)`); made again without a feed, the report holds its list
    /// and takes it. Not seen from a consistent replay.
    public struct ListFedOutOfOrder: Error, Hashable, Sendable {
        public var period: ReportPeriod
    }

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
    /// trend's verdicts carry only a team, an instant and met or not); it must keep each ticket's
    /// number and creation, which order the list.
    ///
    /// - Parameter feed: where the period's ticket list goes, a row at a time in its order as the
    ///   tickets are read (the files started by `ReportWriter.start(period:formats:in:)`); it is
    ///   finished when the list is complete and abandoned when the report fails. The report
    ///   then holds no list (`WeeklyReport.tickets` is empty, `ticketListCount` says how many).
    ///   Without one, the report holds its list. Throws `ListFedOutOfOrder` when a ticket of the
    ///   period before turns out to belong before rows already fed.
    public func report(for period: ReportPeriod, asOf: Instant, policyHash: String,
                       provenance: DataProvenance, options: ReportOptions,
                       redact: (@Sendable (TicketMetrics) -> TicketMetrics)? = nil,
                       feed: PeriodTicketFeed? = nil) throws -> WeeklyReport {
        var listComplete = false
        defer { if !listComplete { feed?.abandon() } }
        let previous = period.previous
        let trend = period.trailing(options.trendLength)
        let trendWindow = (trend.first?.start ?? period.start) ..< period.end
        // Three reads at once, each on a connection of its own: the trend, counted from its
        // verdicts as they are read; the tickets resolved in the previous period, counted into its
        // breakdown tables and dropped unless something of theirs falls in this period; and, on
        // this thread, every other ticket of the two periods, counted as read, in the list's
        // order. Each read is its own snapshot; they agree because the report holds the
        // database's write lock throughout.
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
        let others = try store.inListOrder(ids.others)

        var tally = PeriodReportTally(period: period, asOf: asOf, options: options)
        var list = ListInOrder(feed: feed, capacity: ids.others.count + ids.resolvedBefore.count)
        // Each ticket is counted as read and kept only as a row of the list, which goes out in
        // the list's order.
        try store.forEachTicketMetrics(ids: others) { read in
            let ticket = redact?(read) ?? read
            tally.add(ticket)
            if let row = ReportAggregator.periodTicket(ticket, in: period) { list.append(row) }
        }
        // The earlier read's tickets can be listed too, though nothing of a consistent replay is
        // (each was resolved before the period, and a breach comes before its resolution): rows
        // that come after the list's last go at its end; a list held takes any; a list already
        // fed cannot, and the caller makes the report again holding it.
        let earlier = try earlierRead.take()
        tally.addPrevious(earlier.tallies)
        var earlierRows: [PeriodTicket] = []
        for ticket in earlier.unsettled {
            tally.add(ticket)
            if let row = ReportAggregator.periodTicket(ticket, in: period) { earlierRows.append(row) }
        }
        try list.append(contentsOf: earlierRows.sorted(by: PeriodTicket.precedes), in: period)
        let tickets = list.finish()
        listComplete = true
        var report = tally.finish(tickets: tickets, trend: try trendRead.value(), policyHash: policyHash,
                                  provenance: provenance)
        report.ticketListCount = list.count
        report.inputTicketCount = ticketCount
        report.firstTicketAt = firstTicketAt
        return report
    }
}

/// A period's ticket list as the report reads it, in its order: handed to the files' feed a
/// row at a time, or held when there is none.
private struct ListInOrder {
    let feed: PeriodTicketFeed?
    private var held: [PeriodTicket] = []
    private var last: PeriodTicket?
    private(set) var count = 0

    init(feed: PeriodTicketFeed?, capacity: Int) {
        self.feed = feed
        if feed == nil { held.reserveCapacity(capacity) }
    }

    mutating func append(_ row: PeriodTicket) {
        // The tickets were read in the list's order (`TicketStore.inListOrder`); a row out of it
        // would be a misordered file, so it stops the report.
        if let last { precondition(!PeriodTicket.precedes(row, last), "the period's list is out of order") }
        last = row
        count += 1
        if let feed { feed.append(row) } else { held.append(row) }
    }

    /// Adds `rows` (in the list's order) wherever they go: at the end, or, when some go before
    /// the last row, into the list held; a list fed cannot take those.
    mutating func append(contentsOf rows: [PeriodTicket], in period: ReportPeriod) throws(PeriodReportBuilder.ListFedOutOfOrder) {
        guard let first = rows.first else { return }
        if let last, PeriodTicket.precedes(first, last) {
            guard feed == nil else { throw PeriodReportBuilder.ListFedOutOfOrder(period: period) }
            held.append(contentsOf: rows)
            held.sort(by: PeriodTicket.precedes)
            count += rows.count
            self.last = held.last
            return
        }
        for row in rows { append(row) }
    }

    /// The rows held (none when they went to the feed, which is finished).
    mutating func finish() -> [PeriodTicket] {
        feed?.finish()
        return held
    }
}
