import SLAModel
import Testing
@testable import SLAReports

/// A report counted a ticket at a time, as a report read from the store is.
@Suite struct PeriodReportTallyTests {
    static let periods = [Fixtures.week32.previous, Fixtures.week32, Fixtures.week32.adding(periods: 1)]

    /// The tickets in any order make the same report, every section of it.
    @Test(arguments: periods) func theOrderOfTheTicketsDoesNotChangeTheReport(period: ReportPeriod) {
        let whole = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                  policyHash: Fixtures.policyHash)
        #expect(!whole.breachedTickets.isEmpty || period != Fixtures.week32)
        for _ in 0 ..< 5 {
            let shuffled = Fixtures.helpDesk.shuffled()
            var tally = PeriodReportTally(period: period, asOf: Fixtures.asOf)
            shuffled.forEach { tally.add($0) }
            let report = tally.finish(tickets: ReportAggregator.periodTickets(shuffled, in: period), trend: whole.trend,
                                      policyHash: Fixtures.policyHash)
            #expect(report == whole)
        }
    }

    /// Tables counted in two parts and merged are the tables counted whole: the counts, the
    /// rows' and totals' statistics and the breached clock, for the period and the one before.
    @Test(arguments: [true, false]) func mergedTalliesAreTheWholeCount(keepsRowDurations: Bool) {
        var generator = SystemRandomNumberGenerator()
        let period = Fixtures.week32
        var whole = BreakdownTallies(period: period, keepsRowDurations: keepsRowDurations)
        whole.add(contentsOf: Fixtures.helpDesk)
        let expected = whole.finish()
        #expect(expected.contains { $0.total.breaches > 0 && $0.total.resolved > 0 })
        for _ in 0 ..< 10 {
            var first = BreakdownTallies(period: period, keepsRowDurations: keepsRowDurations)
            var second = BreakdownTallies(period: period, keepsRowDurations: keepsRowDurations)
            for ticket in Fixtures.helpDesk {
                if Bool.random(using: &generator) { first.add(ticket) } else { second.add(ticket) }
            }
            first.merge(second)
            #expect(first.finish() == expected)
        }
    }

    /// The report's ticket count and first ticket are those of the tickets added.
    @Test func theTicketCountAndFirstTicketAreTheTicketsAdded() {
        var tally = PeriodReportTally(period: Fixtures.week32, asOf: Fixtures.asOf)
        Fixtures.helpDesk.reversed().forEach { tally.add($0) }
        #expect(tally.ticketCount == Fixtures.helpDesk.count)
        #expect(tally.firstTicketAt == Fixtures.helpDesk.map(\.createdAt).min())
    }
}
