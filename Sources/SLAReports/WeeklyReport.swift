import SLAEngine
import SLAModel

/// Everything one SLA report shows, computed once by `ReportAggregator` and rendered by
/// every format. A plain value: rendering the same report twice gives the same bytes.
///
/// The name says "weekly" because the ISO week is the default period; the period can
/// be any `ReportPeriod` (a month, a custom run of days).
public struct WeeklyReport: Hashable, Sendable {
    public var period: ReportPeriod
    /// The instant the SLA clocks were replayed up to.
    public var asOf: Instant
    /// Identifies the SLA policy the clocks were replayed under.
    public var policyHash: String
    /// Targets and trend length.
    public var options: ReportOptions
    /// How many tickets the aggregation looked at (all of them, not only this period's).
    public var inputTicketCount: Int
    /// The first ticket's creation in the data, if any.
    public var firstTicketAt: Instant?
    /// One table per dimension, in `Dimension.allCases` order.
    public var breakdowns: [Breakdown]
    /// The same tables for the period before, for change arrows.
    public var previousBreakdowns: [Breakdown]
    /// Tickets whose resolution breach instant is in the period, by breach instant.
    public var breachedTickets: [BreachedTicket]
    /// Tickets created, resolved or breached in the period, or open at its end, by creation
    /// (rows without holding segments: `PeriodTicket`), when the report holds them. A report
    /// read from the store for its files holds none: its rows go to the files as they are read
    /// (`PeriodTicketFeed`).
    public var tickets: [PeriodTicket]
    /// How many tickets the period's list has (`tickets.count` when the report holds them).
    public var ticketListCount: Int
    /// Resolution SLA compliance per team over the period and the ones before it.
    public var trend: ComplianceTrend
    /// Time to resolution of the tickets resolved in the period.
    public var distribution: ResolutionDistribution
    /// Open tickets at the period's end by age, per team.
    public var backlog: BacklogAging
    /// Hand-offs between teams.
    public var flow: TeamFlow
    /// Import counts, unmeasurable tickets, due-date checks.
    public var dataQuality: DataQuality
    /// Which tickets each number counts, in words.
    public var definitions: [ReportDefinition]

    public init(period: ReportPeriod, asOf: Instant, policyHash: String, options: ReportOptions,
                inputTicketCount: Int, firstTicketAt: Instant?, breakdowns: [Breakdown],
                previousBreakdowns: [Breakdown], breachedTickets: [BreachedTicket], tickets: [PeriodTicket],
                ticketListCount: Int? = nil, trend: ComplianceTrend, distribution: ResolutionDistribution, backlog: BacklogAging,
                flow: TeamFlow, dataQuality: DataQuality, definitions: [ReportDefinition]) {
        self.period = period
        self.asOf = asOf
        self.policyHash = policyHash
        self.options = options
        self.inputTicketCount = inputTicketCount
        self.firstTicketAt = firstTicketAt
        self.breakdowns = breakdowns
        self.previousBreakdowns = previousBreakdowns
        self.breachedTickets = breachedTickets
        self.tickets = tickets
        self.ticketListCount = ticketListCount ?? tickets.count
        self.trend = trend
        self.distribution = distribution
        self.backlog = backlog
        self.flow = flow
        self.dataQuality = dataQuality
        self.definitions = definitions
    }

    /// The report time zone.
    public var zone: ZoneRules { period.zone }

    /// The period before this one.
    public var previousPeriod: ReportPeriod { period.previous }

    /// The breakdown by `dimension`.
    public func breakdown(_ dimension: Dimension) -> Breakdown {
        breakdowns.first { $0.dimension == dimension }
            ?? Breakdown(dimension: dimension, rows: [], total: GroupSummary(key: .total))
    }

    /// The previous period's breakdown by `dimension`.
    public func previousBreakdown(_ dimension: Dimension) -> Breakdown {
        previousBreakdowns.first { $0.dimension == dimension }
            ?? Breakdown(dimension: dimension, rows: [], total: GroupSummary(key: .total))
    }

    /// Per-team rows, sorted by team name, "(no team)" last.
    public var teams: [GroupSummary] { breakdown(.team).rows }
    /// The "All teams" row.
    public var total: GroupSummary { breakdown(.team).total }
    public var previousTeams: [GroupSummary] { previousBreakdown(.team).rows }
    public var previousTotal: GroupSummary { previousBreakdown(.team).total }

    /// True when no ticket was created, resolved or breached in the period.
    public var isEmpty: Bool { total.created == 0 && total.resolved == 0 && total.breaches == 0 }

    /// False when the as-of instant is before the period's end (the numbers can still change).
    public var isComplete: Bool { asOf >= period.end }

    /// Where the period stands against the data.
    public var coverage: PeriodCoverage {
        guard let first = firstTicketAt else { return .noData }
        if period.end <= first { return .beforeData(firstTicketAt: first) }
        if period.start > asOf { return .afterAsOf }
        return .covered
    }

    /// The warning shown when the period had not ended at the as-of instant (nil when it had):
    /// a period that had not even started says so, and what its backlog figures are.
    public var incompletePeriodSentence: String? {
        guard !isComplete else { return nil }
        if period.start > asOf {
            return "This \(period.noun) starts after the as-of instant \(ReportText.localMinute(asOf, in: zone)): nothing in it has happened in the data yet, and the open tickets shown are those open at that instant."
        }
        return "This \(period.noun) had not ended at the as-of instant; its numbers can still change."
    }

    /// The sentence shown when the period has no tickets, saying why.
    public var emptyPeriodSentence: String {
        let noun = period.noun
        switch coverage {
        case .noData:
            return "No tickets were created, resolved or breached in this \(noun): the database holds no tickets at all."
        case .beforeData(let first):
            return "No tickets were created, resolved or breached in this \(noun): it ends before the first ticket in the data, created \(ReportText.localMinute(first, in: zone))."
        case .afterAsOf:
            return "No tickets were created, resolved or breached in this \(noun): it starts after the as-of instant \(ReportText.localMinute(asOf, in: zone)), so its clocks have not been replayed yet."
        case .covered:
            return "No tickets were created, resolved or breached in this \(noun)."
        }
    }

    /// The previous period's row for `team`, if the team had one.
    public func previous(for team: GroupKey) -> GroupSummary? {
        previousBreakdown(.team).row(team)
    }
}

/// One ticket whose resolution SLA breached in the period, with who held it at that moment.
public struct BreachedTicket: Hashable, Sendable {
    public var number: String
    public var subject: String?
    /// The team holding the ticket when the due instant passed.
    public var teamAtBreach: TeamKey
    public var agentAtBreach: String?
    public var plan: String?
    public var priority: String?
    public var dueAt: Instant?
    public var breachedAt: Instant
    /// Seconds from due to resolution (or to as-of while open).
    public var secondsLate: Int64?
    /// The resolution verdict at as-of: `breached` (resolved late) or `runningBreached` (still open).
    public var finalStatus: SLAStatus
    /// The source system's status name at as-of (e.g. "Closed").
    public var ticketStatus: String?
    public var state: LifecycleState
    /// The named teams that held the ticket, in order.
    public var teamPath: [String]
    /// The breach is an earlier resolution cycle's: the ticket was reopened since, and
    /// `finalStatus` is its last cycle's verdict.
    public var reopenedSince = false

    public init(number: String, subject: String?, teamAtBreach: TeamKey, agentAtBreach: String?, plan: String?,
                priority: String?, dueAt: Instant?, breachedAt: Instant, secondsLate: Int64?,
                finalStatus: SLAStatus, ticketStatus: String?, state: LifecycleState, teamPath: [String] = []) {
        self.number = number
        self.subject = subject
        self.teamAtBreach = teamAtBreach
        self.agentAtBreach = agentAtBreach
        self.plan = plan
        self.priority = priority
        self.dueAt = dueAt
        self.breachedAt = breachedAt
        self.secondsLate = secondsLate
        self.finalStatus = finalStatus
        self.ticketStatus = ticketStatus
        self.state = state
        self.teamPath = teamPath
    }

    /// Whole minutes late, rounded up (a breach by 20 seconds is 1 minute late).
    public var minutesLate: Int64? {
        secondsLate.map { $0 <= 0 ? 0 : ($0 + 59) / 60 }
    }

    /// The final status in words, e.g. "Closed, resolved late" or "Open, still late".
    public var finalStatusText: String {
        let verdict: String
        switch finalStatus {
        case .breached: verdict = "resolved late"
        case .runningBreached: verdict = "still late"
        case .met: verdict = "met"
        case .running: verdict = "running"
        case .notMeasurable: verdict = "not measurable"
        }
        // "Resolved, met" beside a breach would read as a contradiction: the met is a later cycle's.
        let text = reopenedSince ? "reopened since, last cycle " + verdict : verdict
        if let status = ticketStatus, !status.isEmpty { return status + ", " + text }
        return text
    }
}

/// A ticket relevant to the period, with why it is.
public struct PeriodTicket: Hashable, Sendable {
    /// The ticket, without its holding segments (set only with `teamPath`, which they make).
    public private(set) var metrics: TicketMetrics
    public var createdInPeriod: Bool
    public var resolvedInPeriod: Bool
    public var breachedInPeriod: Bool
    public var openAtEnd: Bool

    /// The named teams that held the ticket, in order (`TicketMetrics.teamPath`).
    public private(set) var teamPath: [String]

    /// The row of `metrics`. Its holding segments are not kept (`metrics.segments` is empty):
    /// the list shows only the team path they make, and at a million tickets a week's segments
    /// were 10 MB of its report's memory.
    public init(metrics: TicketMetrics, createdInPeriod: Bool, resolvedInPeriod: Bool, breachedInPeriod: Bool,
                openAtEnd: Bool) {
        teamPath = metrics.teamPath
        var listed = metrics
        listed.segments = []
        self.metrics = listed
        self.createdInPeriod = createdInPeriod
        self.resolvedInPeriod = resolvedInPeriod
        self.breachedInPeriod = breachedInPeriod
        self.openAtEnd = openAtEnd
    }

    /// Whether `row` comes before `other` in a period's list: by creation, then number.
    public static func precedes(_ row: PeriodTicket, _ other: PeriodTicket) -> Bool {
        (row.metrics.createdAt, row.metrics.number) < (other.metrics.createdAt, other.metrics.number)
    }
}

/// Resolution SLA compliance per team over consecutive periods, oldest first.
public struct ComplianceTrend: Hashable, Sendable {
    /// The periods, oldest first; the last one is the report's period.
    public var periods: [ReportPeriod]
    /// One series per team that had a judged ticket in any of the periods, sorted like
    /// the team table, then the "All teams" series last.
    public var series: [TrendSeries]

    public init(periods: [ReportPeriod], series: [TrendSeries]) {
        self.periods = periods
        self.series = series
    }

    /// Whether any period has a compliance value.
    public var hasData: Bool { series.contains { $0.points.contains { $0.judged > 0 } } }

    /// The most team lines a trend chart draws beside all teams (eight colours, each once).
    public static let chartTeams = 8

    /// The indices in `series` a chart draws, in order: every series when there are at most
    /// `chartTeams` teams, else the teams with the most tickets judged over the periods and all
    /// teams. A chart of hundreds of team lines with a legend taller than it told nothing (BPIC,
    /// 521 teams: a manager's trial); the tables keep every team.
    public var chartedSeries: [Int] {
        let teams = series.indices.filter { series[$0].team != .total }
        guard teams.count > Self.chartTeams else { return Array(series.indices) }
        func judged(_ index: Int) -> Int { series[index].points.reduce(0) { $0 + $1.judged } }
        let largest = Set(teams.sorted { (judged($0), $1) > (judged($1), $0) }.prefix(Self.chartTeams))
        return series.indices.filter { largest.contains($0) || series[$0].team == .total }
    }
}

/// One team's compliance per trend period (`points[i]` belongs to `periods[i]`).
public struct TrendSeries: Hashable, Sendable {
    public var team: TeamKey
    public var points: [ComplianceCount]

    public init(team: TeamKey, points: [ComplianceCount]) {
        self.team = team
        self.points = points
    }
}

/// A term the report uses and which tickets it counts.
public struct ReportDefinition: Hashable, Sendable {
    public var term: String
    public var text: String

    public init(term: String, text: String) {
        self.term = term
        self.text = text
    }
}
