import SLAModel
import Testing
@testable import SLAReports

/// A period's ticket list (`ReportAggregator.periodTickets`).
@Suite struct PeriodTicketListTests {
    /// The weeks around week 32 of the fixture desk, so that some tickets are listed and some not.
    static let periods = [Fixtures.week32.previous, Fixtures.week32, Fixtures.week32.adding(periods: 1)]

    /// The list keeps exactly the period's tickets (created, resolved or breached in it, or open
    /// at its end), each once, and some of the desk's tickets are left out.
    @Test(arguments: periods) func theListKeepsThePeriodsTicketsOnly(period: ReportPeriod) {
        let listed = ReportAggregator.periodTickets(Fixtures.helpDesk, in: period)
        let expected = Fixtures.helpDesk.filter { ticket in
            period.contains(ticket.createdAt) || period.contains(ticket.resolvedAt)
                || ReportAggregator.breached(ticket, in: period) || ReportAggregator.isOpen(ticket, atEndOf: period)
        }
        #expect(Set(listed.map(\.metrics.number)) == Set(expected.map(\.number)))
        #expect(listed.count == expected.count)
        #expect(listed.count > 0 && listed.count < Fixtures.helpDesk.count)
    }

    /// A row keeps the ticket's team path but not the holding segments it was made of.
    @Test func aRowKeepsTheTeamPathNotTheSegments() throws {
        let listed = ReportAggregator.periodTickets(Fixtures.helpDesk, in: Fixtures.week32)
        let byNumber = Dictionary(uniqueKeysWithValues: Fixtures.helpDesk.map { ($0.number, $0) })
        #expect(listed.contains { byNumber[$0.metrics.number]!.teamPath.count >= 2 })
        for row in listed {
            let ticket = try #require(byNumber[row.metrics.number])
            #expect(row.teamPath == ticket.teamPath)
            #expect(row.metrics.segments.isEmpty)
            var withoutSegments = ticket
            withoutSegments.segments = []
            #expect(row.metrics == withoutSegments)
        }
    }

    /// Tickets given in any order make the same list, in the report's order.
    @Test func theListsOrderDoesNotDependOnTheOrderGiven() {
        let ordered = ReportAggregator.periodTickets(Fixtures.helpDesk, in: Fixtures.week32)
        #expect(ordered.count > 2)
        #expect(ordered.map(\.metrics.createdAt) == ordered.map(\.metrics.createdAt).sorted())
        for _ in 0 ..< 10 {
            #expect(ReportAggregator.periodTickets(Fixtures.helpDesk.shuffled(), in: Fixtures.week32) == ordered)
        }
    }
}
