import SLAModel

/// The compliance trend counted one verdict at a time, so that a report's trend needs no
/// array of its verdicts (a twelve-month trend at a million tickets is about a million of them).
public struct ComplianceTrendTally: Sendable {
    private let periods: [ReportPeriod]
    private let starts: [Instant]
    private var perTeam: [GroupKey: [ComplianceCount]] = [:]
    private var total: [ComplianceCount]

    /// A tally over `periods` (contiguous, oldest first).
    public init(periods: [ReportPeriod]) {
        self.periods = periods
        starts = periods.map(\.start)
        total = [ComplianceCount](repeating: ComplianceCount(), count: periods.count)
    }

    /// Counts `verdict` in the period its instant falls in; one outside every period is left out.
    public mutating func add(_ verdict: ResolutionVerdict) {
        guard let first = periods.first, let last = periods.last,
              verdict.judgedAt >= first.start, verdict.judgedAt < last.end else { return }
        // The last period whose start is at or before the instant.
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= verdict.judgedAt { low = mid + 1 } else { high = mid }
        }
        let index = low - 1
        guard index >= 0, periods[index].contains(verdict.judgedAt) else { return }
        // Counted where it lies: taken out and stored back, the team's array was copied per verdict.
        Self.count(verdict.met, at: index,
                   in: &perTeam[GroupKey(verdict.team), default: [ComplianceCount](repeating: ComplianceCount(), count: periods.count)])
        Self.count(verdict.met, at: index, in: &total)
    }

    private static func count(_ met: Bool, at index: Int, in counts: inout [ComplianceCount]) {
        counts[index].judged += 1
        if met { counts[index].met += 1 }
    }

    /// The trend: one series per team that had a judged ticket, sorted like the team table,
    /// then the "All teams" series.
    public func finish() -> ComplianceTrend {
        guard !periods.isEmpty else { return ComplianceTrend(periods: [], series: []) }
        let series = perTeam.keys.sorted().map { TrendSeries(team: $0, points: perTeam[$0]!) }
            + [TrendSeries(team: .total, points: total)]
        return ComplianceTrend(periods: periods, series: series)
    }
}
