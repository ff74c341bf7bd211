import SLAModel
import Testing
@testable import SLAReports

/// Hand-computed numbers for `Fixtures.helpDesk` in 2025-W32.
@Suite struct AggregationTests {
    let report = Fixtures.helpDeskReport()

    func row(_ team: TeamKey) -> TeamSummary? { report.teams.first { $0.team == team } }

    @Test func teamsAreSortedByNameWithNoTeamLast() {
        #expect(report.teams.map(\.team) == [.named("Billing"), .named("Level 1"), .named("Network"), .unassigned])
        #expect(report.total.team == .total)
    }

    @Test func createdCountsTicketsCreatedInTheWeekUnderTheirTeam() {
        #expect(report.total.created == 8)
        #expect(row(.named("Billing"))?.created == 3)   // 1001, 1002, 1007 (0990 was created in W31)
        #expect(row(.named("Network"))?.created == 3)
        #expect(row(.named("Level 1"))?.created == 1)
        #expect(row(.unassigned)?.created == 1)
    }

    @Test func resolvedCountsTicketsResolvedInTheWeek() {
        #expect(report.total.resolved == 6)
        #expect(row(.named("Billing"))?.resolved == 3)  // 1001, 1002, 0990 (1007 resolved in W33)
        #expect(row(.named("Network"))?.resolved == 2)
        #expect(row(.named("Level 1"))?.resolved == 1)
        #expect(row(.unassigned)?.resolved == 0)
    }

    @Test func openAtEndCountsTicketsUnresolvedAtTheWeeksEnd() {
        #expect(report.total.openAtEnd == 3)            // 1004, 1006, and 1007 resolved only in W33
        #expect(row(.named("Billing"))?.openAtEnd == 1)
        #expect(row(.unassigned)?.openAtEnd == 1)
    }

    @Test func complianceCountsOngoingBreachesAndSkipsUnjudgedTickets() {
        let billing = row(.named("Billing"))!
        #expect((billing.met, billing.breachedResolved, billing.breachedOngoing) == (2, 1, 0))
        #expect(ReportText.percent(billing.complianceCount) == "66.7%")
        let network = row(.named("Network"))!
        #expect((network.met, network.breachedResolved, network.breachedOngoing) == (1, 1, 1))
        #expect(ReportText.percent(network.complianceCount) == "33.3%")
        // 1008 is not measurable, 1006 is still running within target: nothing to judge.
        #expect(row(.named("Level 1"))?.compliance == nil)
        #expect(row(.unassigned)?.compliance == nil)
        #expect(report.total.complianceCount == ComplianceCount(met: 3, judged: 6))
        #expect(report.total.compliance == 0.5)
    }

    /// A breach in the week of a ticket resolved after it is judged in the week of its
    /// resolution: counted apart, and said on the compliance tile (BPIC's April 2012 read 100.0%,
    /// 1 of 1 met, beside 363 breaches, all of tickets resolved in May).
    @Test func breachesOfTicketsResolvedAfterTheWeekAreCountedApartAndSaid() throws {
        let later = Fixtures.ticket("2100", team: "Billing", created: Fixtures.ny(2025, 8, 4, 9), resolved: Fixtures.ny(2025, 8, 12, 9),
                                    status: .breached, breachedAt: Fixtures.ny(2025, 8, 6, 9), business: 36_000, wall: 36_000)
        let week = ReportAggregator.weeklyReport(from: Fixtures.helpDesk + [later], period: Fixtures.week32, asOf: Fixtures.asOf,
                                                 policyHash: "p")
        #expect(week.total.breaches == report.total.breaches + 1)
        #expect(week.total.breachesResolvedLater == 1)
        #expect(week.total.complianceCount == report.total.complianceCount)  // judged in W33, not here
        let html = HTMLReportRenderer.render(week)
        #expect(html.contains("1 of the week’s breaches is of a ticket resolved after it, judged then"))
        #expect(report.total.breachesResolvedLater == 0)
        #expect(!HTMLReportRenderer.render(report).contains("resolved after it, judged then"))
    }

    @Test func breachesCountUnderTheTeamHoldingTheTicketAtBreach() {
        // 1003 breached while Level 1 held it; Network resolved it.
        #expect(row(.named("Level 1"))?.breaches == 1)
        #expect(row(.named("Level 1"))?.resolved == 1)
        #expect(row(.named("Billing"))?.breaches == 1)
        #expect(row(.named("Network"))?.breaches == 1)   // 1004, not 1003
        #expect(report.total.breaches == 3)
    }

    @Test func medianAndP90OfTimeToResolutionUseNearestRank() {
        let billing = row(.named("Billing"))!           // business [1800, 7200, 36000]
        #expect(billing.medianResolutionBusinessSeconds == 7_200)
        #expect(billing.p90ResolutionBusinessSeconds == 36_000)
        let network = row(.named("Network"))!           // business [3600, 14400]
        #expect(network.medianResolutionBusinessSeconds == 3_600)
        #expect(network.p90ResolutionBusinessSeconds == 14_400)
        let level1 = row(.named("Level 1"))!            // no business time, wall 600
        #expect(level1.medianResolutionBusinessSeconds == nil)
        #expect(level1.medianResolutionWallSeconds == 600)
        // All teams: business [1800, 3600, 7200, 14400, 36000]; wall [600, 86400, 90000, 172800, 259200, 500000].
        #expect(report.total.medianResolutionBusinessSeconds == 7_200)
        #expect(report.total.p90ResolutionBusinessSeconds == 36_000)
        #expect(report.total.medianResolutionWallSeconds == 90_000)
        #expect(report.total.p90ResolutionWallSeconds == 500_000)
    }

    @Test func breachedTicketsListWhoHeldThemAtBreachInBreachOrder() {
        #expect(report.breachedTickets.map(\.number) == ["1002", "1003", "1004"])
        let escalated = report.breachedTickets[1]
        #expect(escalated.teamAtBreach == .named("Level 1"))
        #expect(escalated.agentAtBreach == "li")
        #expect(escalated.finalStatus == .breached)
        #expect(escalated.minutesLate == Int64(2_820))       // due Tue 12:00, resolved Thu 11:00
        #expect(report.breachedTickets[2].finalStatus == .runningBreached)
    }

    @Test func previousWeekTotalsAreComputedByTheSameRules() {
        #expect(report.previousTotal.created == 3)       // 0980, 0981, 0990
        #expect(report.previousTotal.resolved == 2)
        #expect(report.previousTotal.complianceCount == ComplianceCount(met: 1, judged: 2))
        #expect(report.previousTotal.breaches == 1)
        #expect(report.previous(for: .named("Network"))?.breaches == 1)
    }

    @Test func trendCoversTwelveWeeksEndingWithTheReportWeek() {
        let trend = report.trend
        #expect(trend.periods.count == 12)
        #expect(trend.periods.last == report.period)
        #expect(trend.series.map(\.team) == [.named("Billing"), .named("Network"), .total])
        let total = trend.series.last!
        #expect(total.points[11] == report.total.complianceCount)
        #expect(total.points[10] == ComplianceCount(met: 1, judged: 2))
        #expect(total.points[0...9].allSatisfy { $0.judged == 0 })
        #expect(trend.series[1].points[11] == ComplianceCount(met: 1, judged: 3))
    }

    @Test func ticketListHoldsTicketsRelevantToTheWeek() {
        // Everything created in W32 plus 0990 (resolved in W32); not 0980 and 0981.
        #expect(report.tickets.map(\.metrics.number) == ["0990", "1001", "1002", "1003", "1008", "1004", "1005", "1006", "1007"])
        let carried = report.tickets[0]
        #expect(!carried.createdInPeriod && carried.resolvedInPeriod && !carried.openAtEnd)
    }

    @Test func emptyWeekHasNoRowsAndSaysSo() {
        let empty = ReportAggregator.weeklyReport(from: [], period: Fixtures.week32, asOf: Fixtures.asOf,
                                                  policyHash: "none")
        #expect(empty.isEmpty)
        #expect(empty.teams.isEmpty)
        #expect(empty.total.compliance == nil)
        #expect(empty.emptyPeriodSentence == "No tickets were created, resolved or breached in this week: the database holds no tickets at all.")
        #expect(!empty.trend.hasData)
    }

    @Test func definitionsStateTheCohortRules() {
        let text = report.definitions.map { $0.term + ": " + $0.text }.joined(separator: "\n")
        #expect(text.contains("nearest-rank"))
        #expect(text.contains("ongoing breaches"))
        #expect(text.contains("held the ticket at that moment"))
        #expect(text.contains("America/New_York"))
    }
}

@Suite struct BacklogRuleTests {
    @Test func aResolvedTicketWhoseClockRunsOnIsBacklog() {
        // A desk that stops the resolution clock only at closed: the ticket is "Resolved" but
        // its clock has not stopped (no resolvedAt), so it is still open for the SLA.
        var ticket = SampleReportTests.sampleTickets()[0]
        ticket.createdAt = Fixtures.week32.start
        ticket.resolvedAt = nil
        ticket.state = .resolved
        #expect(ReportAggregator.isOpen(ticket, atEndOf: Fixtures.week32))
        ticket.resolvedAt = Fixtures.week32.start.adding(seconds: 3600)
        #expect(!ReportAggregator.isOpen(ticket, atEndOf: Fixtures.week32))
    }
}
