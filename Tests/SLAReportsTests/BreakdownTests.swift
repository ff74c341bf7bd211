import SLAModel
import Testing
@testable import SLAReports

/// Hand-computed numbers for the second half of the report: first response, breakdowns,
/// minutes late, share of breached clock, distribution, backlog, flow, data quality.
@Suite struct BreakdownTests {
    /// A value counts as unassigned exactly when trimming spaces, tabs, LF and CR leaves
    /// nothing (CR LF is one character, not one of those; a space with a combining mark is not a space).
    @Test(arguments: ["", " ", "\t \n", "\r", "\n\r", "\r\n", " \r\n ", " \u{301}", "a", " Level 1 ", "\u{A0}", "\n\n\r"])
    func blankValuesAreUnassignedAsTrimmingSays(_ value: String) {
        #expect(GroupKey.isBlank(value) == value.trimmingSpaces.isEmpty, "\(Array(value.unicodeScalars))")
        #expect((GroupKey(value) == .unassigned) == value.trimmingSpaces.isEmpty)
    }

    let report = Fixtures.helpDeskReport()

    func team(_ name: String) -> GroupSummary? { report.breakdown(.team).row(.named(name)) }

    @Test func firstResponseComplianceCountsClocksStoppedInTheWeek() {
        // Every fixture ticket was answered ten minutes after creation, within target:
        // the eight tickets created in W32 were answered in W32.
        #expect(report.total.firstResponseComplianceCount == ComplianceCount(met: 8, judged: 8))
        #expect(report.total.firstResponseBusiness?.median == 600)
        #expect(report.total.firstResponseBreaches == 0)
    }

    @Test func firstResponseBreachesAndOngoingBreachesCount() {
        var tickets = Fixtures.helpDesk
        let i = tickets.firstIndex { $0.number == "1004" }!   // still open
        tickets[i].firstResponseAt = nil
        tickets[i].firstResponseStoppedAt = nil
        tickets[i].firstResponseStatus = .runningBreached
        tickets[i].firstResponseBreachedAt = Fixtures.ny(2025, 8, 6, 10)
        tickets[i].firstResponseBreachTeam = "Level 1"
        let j = tickets.firstIndex { $0.number == "1005" }!
        tickets[j].firstResponseStatus = .breached
        tickets[j].firstResponseBreachedAt = Fixtures.ny(2025, 8, 7, 9, 5)
        tickets[j].firstResponseBreachTeam = "Network"
        let report = Fixtures.helpDeskReport(tickets)
        let network = report.breakdown(.team).row(.named("Network"))!
        #expect((network.firstResponseMet, network.firstResponseBreached, network.firstResponseBreachedOngoing) == (1, 1, 1))
        #expect(network.firstResponseBreaches == 1)
        #expect(report.breakdown(.team).row(.named("Level 1"))?.firstResponseBreaches == 1)
        #expect(report.total.firstResponseComplianceCount == ComplianceCount(met: 6, judged: 8))
    }

    @Test func minutesLateAreTheBreachesOfTheWeek() {
        #expect(team("Billing")?.late?.median == 86_400)               // 1002: due Tue 10:00, resolved Wed 10:00
        #expect(team("Level 1")?.late?.max == Fixtures.ny(2025, 8, 5, 12).seconds(to: Fixtures.ny(2025, 8, 7, 11)))
        // 1004 is still open: late up to the as-of instant.
        #expect(team("Network")?.late?.max == Fixtures.ny(2025, 8, 8, 9).seconds(to: Fixtures.asOf))
    }

    /// Late times in the tables are whole minutes rounded up, as the breached-tickets list's
    /// "minutes late": 28 min 12 s late reads 29 minutes everywhere.
    @Test func lateTimesAreRoundedUpToTheMinuteAsEachTicketsMinutesLate() {
        var tickets = Fixtures.helpDesk
        let i = tickets.firstIndex { $0.number == "1002" }!
        tickets[i].resolutionSecondsLate = 1_692
        let report = Fixtures.helpDeskReport(tickets)
        let listed = report.breachedTickets.first { $0.number == "1002" }
        #expect(listed?.minutesLate == 29)
        #expect(report.breakdown(.team).row(.named("Billing"))?.late?.median == Int64(29 * 60))
        #expect(report.breakdown(.team).row(.named("Billing"))?.late?.max == Int64(29 * 60))
    }

    @Test func shareOfBreachedClockSplitsTheBreachedTicketsBusinessTimeByHolder() {
        // Breached in W32: 1002 (Billing 36000), 1003 (Level 1 7200, then Network 7200), 1004 (Network 50000).
        #expect(report.total.breachedClockTotalSeconds == 100_400)
        #expect(team("Billing")?.breachedClockSeconds == 36_000)
        #expect(team("Level 1")?.breachedClockSeconds == 7_200)
        #expect(team("Network")?.breachedClockSeconds == 57_200)
        #expect(report.breakdown(.priority).total.breachedClockSeconds == nil)   // priorities have no segments
        let share = team("Network")!.breachedClockShare!
        #expect(abs(share - 57_200.0 / 100_400.0) < 1e-12)
    }

    @Test func reopenRateAndHandoffsAreOverTheTicketsResolved() {
        var tickets = Fixtures.helpDesk
        tickets[tickets.firstIndex { $0.number == "1005" }!].reopens = 2
        let network = Fixtures.helpDeskReport(tickets).breakdown(.team).row(.named("Network"))!
        #expect(network.resolved == 2)                           // 1003, 1005
        #expect(network.reopened == 1 && network.reopenRate == 0.5)
        #expect(network.handoffs == 1 && network.handoffsPerTicket == 0.5)  // 1003 came from Level 1
    }

    @Test func breakdownsCoverEveryDimensionWithTheirOwnKeys() {
        #expect(report.breakdowns.map(\.dimension) == Dimension.allCases)
        let agents = report.breakdown(.agent)
        // Breaches count under the agent holding the ticket at breach.
        #expect(agents.row(.named("li"))?.breaches == 1)
        #expect(agents.row(.named("ana"))?.breaches == 1)
        #expect(agents.row(.named("nik"))?.breaches == 1)
        #expect(agents.row(.unassigned)?.created == 8)          // no fixture ticket has an agent at the end
        let plans = report.breakdown(.plan)
        #expect(plans.rows.map(\.key) == [.named("Standard")])
        #expect(plans.total.created == report.total.created)
        #expect(GroupKey.unassigned.displayName(in: .plan) == "(no plan)")
        #expect(GroupKey.total.displayName(in: .agent) == "All agents")
    }

    @Test func prioritiesSortByUrgencyThenByName() {
        var tickets = Fixtures.helpDesk
        let names = ["Low", "Emergency", "Zebra", "High", "Alpha", nil, "Normal", "Urgent"]
        for (i, name) in names.enumerated() { tickets[i].priority = name }
        let keys = Fixtures.helpDeskReport(tickets).breakdown(.priority).rows.map(\.key)
        let expected: [GroupKey] = [.named("Emergency"), .named("Urgent"), .named("High"), .named("Normal"),
                                    .named("Low"), .named("Alpha"), .named("Zebra"), .unassigned]
        #expect(keys.filter { expected.contains($0) } == expected.filter { keys.contains($0) })
        #expect(keys.last == .unassigned)
    }

    @Test func distributionBucketsBusinessTimeBySLAVerdict() {
        let d = report.distribution
        // Resolved in W32: 0990 1800 s met, 1005 3600 met, 1001 7200 met, 1003 14400 late, 1002 36000 late; 1008 none.
        func bucket(_ label: String) -> ResolutionDistribution.Bucket { d.buckets.first { $0.label == label }! }
        #expect(bucket("< 1 h").met == 1)
        #expect(bucket("1–2 h").met == 1)
        #expect(bucket("2–4 h").met == 1)
        #expect(bucket("4–8 h").late == 1)
        #expect(bucket("8–16 h").late == 1)
        #expect(d.buckets.last!.label == "≥ 96 h")
        #expect(d.count == 5 && d.withoutBusinessTime == 1)
        #expect(d.stats?.median == 7_200 && d.stats?.p95 == 36_000)
    }

    @Test func backlogAgesOpenTicketsAtTheEndOfTheWeek() {
        let b = report.backlog
        #expect(b.measuredAt == Fixtures.week32.end)
        // 1004 opened Wed 6th (4.6 days), 1006 Fri 8th (2.6 days), 1007 Sat 9th (1.6 days).
        #expect(b.total.counts == [0, 2, 1, 0, 0])
        #expect(b.rows.map(\.key) == [.named("Billing"), .named("Network"), .unassigned])
        #expect(b.rows[1].counts == [0, 0, 1, 0, 0])
        #expect(b.total.oldestSeconds == Fixtures.ny(2025, 8, 6, 9).seconds(to: Fixtures.week32.end))
        #expect(BacklogAging.bucket(ofAgeSeconds: 86_399) == 0 && BacklogAging.bucket(ofAgeSeconds: 86_400) == 1)
        #expect(BacklogAging.bucket(ofAgeSeconds: 15 * 86_400) == 4)
    }

    @Test func flowCountsHandoffsInTheWeekAndPathsOfResolvedTickets() {
        let f = report.flow
        #expect(f.edges == [TeamFlow.Edge(from: "Level 1", to: "Network", count: 1)])
        #expect(f.paths == [TeamFlow.Path(teams: ["Level 1", "Network"], count: 1)])
        #expect(f.singleTeamResolved == 5)
        #expect(Fixtures.helpDesk.first { $0.number == "1003" }!.teamPath == ["Level 1", "Network"])
    }

    @Test func dataQualityGroupsUnmeasurableTicketsAndComparesSourceDueDates() {
        var tickets = Fixtures.helpDesk
        let open = tickets.firstIndex { $0.number == "1004" }!
        tickets[open].sourceDueAt = tickets[open].resolutionDueAt!.adding(seconds: -7_200)
        let agreeing = tickets.firstIndex { $0.number == "1006" }!
        tickets[agreeing].resolutionDueAt = Fixtures.ny(2025, 8, 11, 9)
        tickets[agreeing].sourceDueAt = Fixtures.ny(2025, 8, 11, 9).adding(seconds: 30)
        let q = Fixtures.helpDeskReport(tickets).dataQuality
        #expect(q.notMeasurable.count == 1)
        #expect(q.notMeasurable[0].metric == .resolution && q.notMeasurable[0].examples == ["1008"])
        #expect(q.notMeasurable[0].reason.contains("no resolution target"))
        #expect(q.dueDatesChecked == 2)
        #expect(q.dueDateDisagreements.map(\.number) == ["1004"])
        #expect(q.dueDateDisagreements[0].differenceSeconds == 7_200)
        #expect(q.ticketsWithoutTeam == 1)
    }

    @Test func coverageSaysWhyAPeriodIsEmpty() {
        let before = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: Fixtures.week32.adding(periods: -10),
                                                   asOf: Fixtures.asOf, policyHash: "x")
        #expect(before.coverage == .beforeData(firstTicketAt: Fixtures.ny(2025, 7, 29, 9)))
        #expect(before.emptyPeriodSentence.contains("it ends before the first ticket in the data, created 2025-07-29 09:00"))
        let after = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: Fixtures.week32.adding(periods: 5),
                                                  asOf: Fixtures.asOf, policyHash: "x")
        #expect(after.coverage == .afterAsOf)
        #expect(after.emptyPeriodSentence.contains("starts after the as-of instant"))
        #expect(report.coverage == .covered)
    }

    @Test func durationStatsUseNearestRankAndARoundedMean() {
        let stats = DurationStats([10, 20, 30, 41])!
        #expect((stats.min, stats.median, stats.p90, stats.p95, stats.max) == (10, 20, 41, 41, 41))
        #expect(stats.mean == 25)                                  // 101 / 4 = 25.25
        #expect(DurationStats([1, 2])!.mean == 2)                  // 1.5 rounds half away from zero
        #expect(DurationStats([]) == nil)
    }

    @Test func complianceBelowTargetIsExact() {
        #expect(ComplianceCount(met: 9, judged: 10).isBelow(targetPercent: 90) == false)
        #expect(ComplianceCount(met: 89, judged: 100).isBelow(targetPercent: 90))
        #expect(!ComplianceCount(met: 0, judged: 0).isBelow(targetPercent: 90))
    }
}
