import Testing
import SLAEngine
import SLAModel
@testable import SLAReports

/// `ReportAggregator.isSettled(_:before:)` decides which tickets a report read from the store
/// counts into the previous period's tables without keeping them: a ticket is settled only when
/// nothing of it falls in the period or later.
@Suite struct SettledTicketTests {
    /// Resolved on the Thursday before week 32, everything of it before the week.
    static func resolvedTheWeekBefore() -> TicketMetrics {
        Fixtures.ticket("T-1", team: "Level 1", created: Fixtures.ny(2025, 7, 29, 9), resolved: Fixtures.ny(2025, 7, 31, 15),
                        status: .met, business: 3600, wall: 7200)
    }

    @Test func aTicketDoneBeforeThePeriodIsSettled() {
        let ticket = Self.resolvedTheWeekBefore()
        #expect(ReportAggregator.isSettled(ticket, before: Fixtures.week32))
        // And it counts in no table of the period, only in the week before's.
        let report = ReportAggregator.weeklyReport(from: [ticket], period: Fixtures.week32, asOf: Fixtures.asOf,
                                                   policyHash: Fixtures.policyHash)
        #expect(report.total.tickets == 0 && report.tickets.isEmpty)
        #expect(report.previousBreakdowns.first?.total.tickets == 1)
    }

    @Test func anythingInThePeriodUnsettlesIt() {
        let start = Fixtures.week32.start
        var heldInto = Self.resolvedTheWeekBefore()
        heldInto.segments[heldInto.segments.count - 1].endedAt = start
        #expect(!ReportAggregator.isSettled(heldInto, before: Fixtures.week32))

        var answeredLater = Self.resolvedTheWeekBefore()
        answeredLater.firstResponseAt = start.adding(seconds: 60)
        #expect(!ReportAggregator.isSettled(answeredLater, before: Fixtures.week32))

        var breachedLater = Self.resolvedTheWeekBefore()
        breachedLater.firstResponseBreachedAt = start
        #expect(!ReportAggregator.isSettled(breachedLater, before: Fixtures.week32))

        var earlierBreachLater = Self.resolvedTheWeekBefore()
        earlierBreachLater.earlierResolutionBreaches = [EarlierResolutionBreach(
            cycle: 1, dueAt: nil, breachedAt: start.adding(seconds: 1), secondsLate: 1, team: nil, agent: nil, reason: nil)]
        #expect(!ReportAggregator.isSettled(earlierBreachLater, before: Fixtures.week32))

        var reopened = Self.resolvedTheWeekBefore()
        reopened.state = .open
        #expect(!ReportAggregator.isSettled(reopened, before: Fixtures.week32))

        var resolvedAtTheStart = Self.resolvedTheWeekBefore()
        resolvedAtTheStart.resolvedAt = start
        #expect(!ReportAggregator.isSettled(resolvedAtTheStart, before: Fixtures.week32))

        var neverResolved = Self.resolvedTheWeekBefore()
        neverResolved.resolvedAt = nil
        #expect(!ReportAggregator.isSettled(neverResolved, before: Fixtures.week32))
    }

    /// The previous period's tables are the same whether a ticket was counted into them ahead
    /// (as the store's read does with settled tickets) or with the others.
    @Test func talliesGivenAheadEqualTheWholeCount() {
        let settled = Self.resolvedTheWeekBefore()
        let others = [
            Fixtures.ticket("T-2", team: "Level 2", created: Fixtures.ny(2025, 7, 30, 9), resolved: Fixtures.ny(2025, 8, 5, 10),
                            status: .breached, breachedAt: Fixtures.ny(2025, 8, 1, 9), breachTeam: "Level 1", business: 40_000,
                            wall: 500_000),
            Fixtures.ticket("T-3", team: "Level 1", created: Fixtures.ny(2025, 8, 6, 9), status: .running),
        ]
        let whole = ReportAggregator.weeklyReport(from: [settled] + others, period: Fixtures.week32, asOf: Fixtures.asOf,
                                                  policyHash: Fixtures.policyHash)
        var ahead = BreakdownTallies.previous(to: Fixtures.week32)
        ahead.add(settled)
        var tally = PeriodReportTally(period: Fixtures.week32, asOf: Fixtures.asOf)
        others.forEach { tally.add($0) }
        tally.addPrevious(ahead)
        let split = tally.finish(tickets: ReportAggregator.periodTickets(others, in: Fixtures.week32), trend: whole.trend,
                                 policyHash: Fixtures.policyHash)
        #expect(split.previousBreakdowns == whole.previousBreakdowns)
        #expect(split.breakdowns == whole.breakdowns)
        #expect(split.previousBreakdowns.first?.total.tickets == 2)
    }
}

extension SettledTicketTests {
    /// Only the first table's total keeps the durations; every other table's total takes its
    /// statistics. Each table, the previous period's too, must equal the table built on its own
    /// (`breakdown(_:by:in:)`, whose total keeps its own durations), except that the previous
    /// period's rows have no duration statistics (`BreakdownTallies.previous(to:)`).
    @Test func everyTablesTotalHasItsOwnTablesFigures() {
        let report = Fixtures.helpDeskReport()
        for (breakdowns, period) in [(report.breakdowns, Fixtures.week32), (report.previousBreakdowns, Fixtures.week32.previous)] {
            #expect(breakdowns.map(\.dimension) == Dimension.allCases)
            for table in breakdowns {
                var expected = ReportAggregator.breakdown(Fixtures.helpDesk, by: table.dimension, in: period)
                if period == Fixtures.week32.previous { expected.rows = expected.rows.map(Self.withoutDurations) }
                #expect(table == expected, "\(table.dimension) \(period.label)")
            }
        }
        #expect(report.breakdowns.allSatisfy { $0.total.resolutionBusiness != nil && $0.total.late != nil })
        #expect(report.breakdowns.allSatisfy { $0.rows.contains { $0.resolutionBusiness != nil } })
        // The previous period's figures a report shows: its totals' medians (the headline tiles).
        #expect(report.previousBreakdowns.allSatisfy { $0.total.resolutionBusiness != nil && $0.total.late != nil })
        #expect(report.previousBreakdowns.allSatisfy { $0.rows.allSatisfy { $0.resolutionBusiness == nil && $0.late == nil } })
    }

    /// A previous period's row as the report counts it: its counts, no duration statistics.
    static func withoutDurations(_ row: GroupSummary) -> GroupSummary {
        var row = row
        row.late = nil
        row.resolutionBusiness = nil
        row.resolutionWall = nil
        row.firstResponseBusiness = nil
        row.firstResponseWall = nil
        return row
    }
}
