import SLAModel

/// Time to resolution (business time) of the tickets resolved in the period, counted
/// into fixed buckets and split by the SLA verdict.
public struct ResolutionDistribution: Hashable, Sendable {
    /// One bucket: `[lowerSeconds, upperSeconds)`; the last has no upper bound.
    public struct Bucket: Hashable, Sendable {
        public var lowerSeconds: Int64
        public var upperSeconds: Int64?
        /// Resolved within target.
        public var met: Int
        /// Resolved after the due instant.
        public var late: Int
        /// Resolved, no verdict (not measurable).
        public var other: Int

        public var total: Int { met + late + other }

        /// "< 1 h", "1–2 h", "≥ 96 h".
        public var label: String {
            let lower = lowerSeconds / 3600
            guard let upper = upperSeconds.map({ $0 / 3600 }) else { return "≥ \(lower) h" }
            return lower == 0 ? "< \(upper) h" : "\(lower)–\(upper) h"
        }
    }

    /// Bucket edges in hours of business time.
    public static let edgesHours: [Int64] = [1, 2, 4, 8, 16, 24, 48, 96]

    public var buckets: [Bucket]
    /// Statistics of the same values.
    public var stats: DurationStats?
    /// Resolved tickets without a business time (not measurable), left out of the buckets.
    public var withoutBusinessTime: Int

    public init(buckets: [Bucket], stats: DurationStats?, withoutBusinessTime: Int) {
        self.buckets = buckets
        self.stats = stats
        self.withoutBusinessTime = withoutBusinessTime
    }

    public var count: Int { buckets.reduce(0) { $0 + $1.total } }
}

/// Tickets open at the end of the period by age (wall clock since creation), per team.
public struct BacklogAging: Hashable, Sendable {
    /// Bucket edges in days: < 1, 1–3, 3–7, 7–14, > 14.
    public static let edgesDays: [Int64] = [1, 3, 7, 14]
    public static let labels = ["< 1 day", "1–3 days", "3–7 days", "7–14 days", "> 14 days"]

    public struct Row: Hashable, Sendable {
        public var key: GroupKey
        /// One count per label.
        public var counts: [Int]
        /// Age of the oldest ticket, seconds.
        public var oldestSeconds: Int64

        public init(key: GroupKey, counts: [Int], oldestSeconds: Int64) {
            self.key = key
            self.counts = counts
            self.oldestSeconds = oldestSeconds
        }

        public var total: Int { counts.reduce(0, +) }
    }

    /// The instant ages are measured at: the period's end, or the as-of instant when the
    /// period had not ended.
    public var measuredAt: Instant
    public var rows: [Row]
    public var total: Row

    public init(measuredAt: Instant, rows: [Row], total: Row) {
        self.measuredAt = measuredAt
        self.rows = rows
        self.total = total
    }

    /// The bucket index of an age in seconds.
    public static func bucket(ofAgeSeconds age: Int64) -> Int {
        edgesDays.firstIndex { age < $0 * 86_400 } ?? edgesDays.count
    }
}

/// Tickets moving between teams.
public struct TeamFlow: Hashable, Sendable {
    /// Hand-offs from one team to another in the period.
    public struct Edge: Hashable, Sendable {
        public var from: String
        public var to: String
        public var count: Int

        public init(from: String, to: String, count: Int) {
            self.from = from
            self.to = to
            self.count = count
        }
    }

    /// The teams a ticket passed through, and how many tickets resolved in the period took that path.
    public struct Path: Hashable, Sendable {
        public var teams: [String]
        public var count: Int

        public init(teams: [String], count: Int) {
            self.teams = teams
            self.count = count
        }
    }

    /// Hand-offs whose receiving team took the ticket in the period, most frequent first.
    public var edges: [Edge]
    /// Paths of the tickets resolved in the period that passed through two teams or more, most frequent first.
    public var paths: [Path]
    /// Tickets resolved in the period that stayed with one team (or none).
    public var singleTeamResolved: Int

    public init(edges: [Edge], paths: [Path], singleTeamResolved: Int) {
        self.edges = edges
        self.paths = paths
        self.singleTeamResolved = singleTeamResolved
    }

    public var handoffCount: Int { edges.reduce(0) { $0 + $1.count } }
}

/// Checks on the data behind the report.
public struct DataQuality: Hashable, Sendable {
    /// Tickets of the period whose clock could not be judged, grouped by metric and reason.
    public struct NotMeasurable: Hashable, Sendable {
        public var metric: SLAMetric
        public var reason: String
        public var count: Int
        /// The first few ticket numbers, sorted.
        public var examples: [String]

        public init(metric: SLAMetric, reason: String, count: Int, examples: [String]) {
            self.metric = metric
            self.reason = reason
            self.count = count
            self.examples = examples
        }
    }

    /// An open ticket whose recomputed resolution due instant differs from the source's.
    public struct DueDateDisagreement: Hashable, Sendable {
        public var number: String
        public var team: GroupKey
        public var plan: String?
        public var sourceDueAt: Instant
        public var recomputedDueAt: Instant?
        /// recomputed − source, seconds (nil when there is no recomputed due instant).
        public var differenceSeconds: Int64?

        public init(number: String, team: GroupKey, plan: String?, sourceDueAt: Instant, recomputedDueAt: Instant?,
                    differenceSeconds: Int64?) {
            self.number = number
            self.team = team
            self.plan = plan
            self.sourceDueAt = sourceDueAt
            self.recomputedDueAt = recomputedDueAt
            self.differenceSeconds = differenceSeconds
        }
    }

    /// Differences below this many seconds count as agreement (exports often show minutes).
    public static let dueDateToleranceSeconds: Int64 = 60
    /// How many disagreements the report lists.
    public static let listedDisagreements = 25

    public var provenance: DataProvenance
    public var notMeasurable: [NotMeasurable]
    /// Open tickets at the as-of instant whose export carried a due date.
    public var dueDatesChecked: Int
    /// Open tickets at the as-of instant without a source due date.
    public var openWithoutSourceDue: Int
    /// All disagreements, largest difference first.
    public var dueDateDisagreements: [DueDateDisagreement]
    /// Tickets of the period that no team held at the end.
    public var ticketsWithoutTeam: Int
    /// Tickets of the period whose resolution was judged against an agent-set due date
    /// (osTicket's "Due Date") instead of their plan's (`manual_due_dates: honor`).
    public var manualDueOverrides: Int
    /// The first few of them, sorted.
    public var manualDueExamples: [String]

    public init(provenance: DataProvenance, notMeasurable: [NotMeasurable], dueDatesChecked: Int,
                openWithoutSourceDue: Int, dueDateDisagreements: [DueDateDisagreement], ticketsWithoutTeam: Int,
                manualDueOverrides: Int = 0, manualDueExamples: [String] = []) {
        self.manualDueOverrides = manualDueOverrides
        self.manualDueExamples = manualDueExamples
        self.provenance = provenance
        self.notMeasurable = notMeasurable
        self.dueDatesChecked = dueDatesChecked
        self.openWithoutSourceDue = openWithoutSourceDue
        self.dueDateDisagreements = dueDateDisagreements
        self.ticketsWithoutTeam = ticketsWithoutTeam
    }
}

/// Where the period stands against the data, for the sentences an empty report shows.
public enum PeriodCoverage: Hashable, Sendable {
    /// The database holds no tickets at all.
    case noData
    /// The period ends before the first ticket was created.
    case beforeData(firstTicketAt: Instant)
    /// The period starts after the as-of instant: its clocks have not been replayed.
    case afterAsOf
    /// Tickets exist around the period (it may still be empty).
    case covered
}
