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

    /// The list is put in order where it lies: for any permutation, each position ends up with
    /// the element the order names (strings, so that a lost or doubled reference would show).
    @Test func permutingInPlaceGivesTheElementsTheOrderNames() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 10, 257] {
            for _ in 0 ..< 20 {
                let elements = (0 ..< count).map { "ticket \($0) " + String(repeating: "x", count: $0 % 40) }
                let order = Array(elements.indices).shuffled(using: &generator)
                var permuted = elements
                ReportTickets.permute(&permuted, into: order)
                #expect(permuted == order.map { elements[$0] })
            }
        }
    }

    /// Tickets given in any order make the same list, in the report's order.
    @Test func theListsOrderDoesNotDependOnTheOrderGiven() {
        let ordered = ReportTickets(Fixtures.helpDesk, in: Fixtures.week32).periodTickets
        #expect(ordered.count > 2)
        #expect(ordered.map(\.metrics.createdAt) == ordered.map(\.metrics.createdAt).sorted())
        for _ in 0 ..< 10 {
            #expect(ReportTickets(Fixtures.helpDesk.shuffled(), in: Fixtures.week32).periodTickets == ordered)
        }
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
