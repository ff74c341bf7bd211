import SLAModel

/// One period's report counted a ticket at a time, the tickets in any order: each ticket the
/// report counts is added once and can then be let go. Only counts, the durations statistics
/// are made of and the breached tickets' entries are kept, so a report read from the store need
/// not hold the tickets it counts with their holding segments (at a million tickets, a week's
/// 24 MB of rows and segments).
public struct PeriodReportTally: Sendable {
    /// The period reported; its zone is the report time zone.
    public let period: ReportPeriod
    /// The instant the SLA clocks were replayed up to.
    public let asOf: Instant
    public let options: ReportOptions
    private var current: BreakdownTallies
    private var previous: BreakdownTallies
    private var breaches: BreachedTicketsTally
    private var distribution: ResolutionDistributionTally
    private var backlog: BacklogAgingTally
    private var flow: TeamFlowTally
    private var quality: DataQualityTally
    /// How many tickets were added.
    public private(set) var ticketCount = 0
    /// The first creation among the tickets added.
    public private(set) var firstTicketAt: Instant?

    public init(period: ReportPeriod, asOf: Instant, options: ReportOptions = .standard) {
        self.period = period
        self.asOf = asOf
        self.options = options
        current = BreakdownTallies(period: period)
        previous = BreakdownTallies.previous(to: period)
        breaches = BreachedTicketsTally(period: period)
        distribution = ResolutionDistributionTally(period: period)
        backlog = BacklogAgingTally(period: period, asOf: asOf)
        flow = TeamFlowTally(period: period)
        quality = DataQualityTally(period: period)
    }

    /// Counts `ticket` in every part of the report it belongs in (tickets of other periods are
    /// fine: they count where they belong, such as the period before's tables, the backlog, the
    /// due-date check of open tickets or the team flow's hand-offs, or nowhere).
    public mutating func add(_ ticket: TicketMetrics) {
        ticketCount += 1
        firstTicketAt = min(firstTicketAt ?? ticket.createdAt, ticket.createdAt)
        previous.add(ticket)
        current.add(ticket)
        breaches.add(ticket)
        distribution.add(ticket)
        backlog.add(ticket)
        flow.add(ticket)
        quality.add(ticket)
    }

    /// Adds the period before's tables counted from other tickets, which must not be added here
    /// too (`BreakdownTallies.previous(to:)`: a report read from the store counts the tickets
    /// that matter only to them on another thread). They count towards nothing else.
    public mutating func addPrevious(_ tallies: consuming BreakdownTallies) {
        previous.merge(tallies)
    }

    /// The report: `tickets` is the period's list when held (`ReportAggregator.periodTickets`),
    /// `trend` the compliance trend counted from the verdicts. The report's ticket count and first ticket are those
    /// added; a report of part of the database sets the whole database's.
    public consuming func finish(tickets: [PeriodTicket], trend: ComplianceTrend, policyHash: String,
                                 provenance: DataProvenance = .unknown) -> WeeklyReport {
        WeeklyReport(
            period: period, asOf: asOf, policyHash: policyHash, options: options,
            inputTicketCount: ticketCount, firstTicketAt: firstTicketAt,
            breakdowns: current.finish(), previousBreakdowns: previous.finish(),
            breachedTickets: breaches.finish(), tickets: tickets, trend: trend,
            distribution: distribution.finish(), backlog: backlog.finish(), flow: flow.finish(),
            dataQuality: quality.finish(provenance: provenance),
            definitions: ReportDefinitions.all(for: period, options: options))
    }
}
