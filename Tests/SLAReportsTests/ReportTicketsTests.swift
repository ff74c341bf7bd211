import SLAModel
import Testing
@testable import SLAReports

/// A report's tickets held once: the period's ticket list and the other tickets it counts.
@Suite struct ReportTicketsTests {
    /// The tickets of the fixture desk and of the weeks around week 32, so that both groups
    /// have tickets in them.
    static let periods = [Fixtures.week32.previous, Fixtures.week32, Fixtures.week32.adding(periods: 1)]

    @Test(arguments: periods) func theListIsThePeriodsTicketsAndTheRestFollowInTheirOrder(period: ReportPeriod) {
        let metrics = Fixtures.helpDesk
        let tickets = ReportTickets(metrics, in: period)
        let listed = ReportAggregator.periodTickets(metrics, in: period)
        #expect(tickets.periodTickets == listed)
        let listedNumbers = Set(listed.map(\.metrics.number))
        #expect(tickets.others == metrics.filter { !listedNumbers.contains($0.number) })
        #expect(tickets.count == metrics.count)
        #expect(Array(tickets) == listed.map(\.metrics) + tickets.others)
    }

    @Test func bothGroupsHoldTicketsInTheFixturePeriods() {
        let sizes = Self.periods.map { ReportTickets(Fixtures.helpDesk, in: $0) }.map { ($0.periodTickets.count, $0.others.count) }
        #expect(sizes.contains { $0.0 > 0 && $0.1 > 0 })
    }

    @Test func theReportFromTheSplitTicketsIsTheReportFromTheMetrics() {
        let period = Fixtures.week32
        let whole = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                  policyHash: Fixtures.policyHash)
        let split = ReportAggregator.weeklyReport(
            tickets: ReportTickets(Fixtures.helpDesk, in: period), trend: whole.trend,
            ticketCount: Fixtures.helpDesk.count, firstTicketAt: Fixtures.helpDesk.map(\.createdAt).min(),
            period: period, asOf: Fixtures.asOf, policyHash: Fixtures.policyHash)
        #expect(split == whole)
    }
}
