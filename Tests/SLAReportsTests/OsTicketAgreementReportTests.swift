import Testing
import SLAModel
@testable import SLAReports

/// How the report shows agent-set due dates and breaches kept from an earlier plan (issue 8).
@Suite struct OsTicketAgreementReportTests {
    typealias F = Fixtures

    @Test func dataQualityCountsTicketsJudgedAgainstAnAgentSetDueDate() {
        var overridden = F.ticket("2001", team: "Billing", created: F.ny(2025, 8, 5, 9), resolved: F.ny(2025, 8, 6, 9),
                                  status: .met, business: 3_600, wall: 86_400)
        overridden.resolutionReason = SLACycle.manualDueReasonPrefix + ": 2025-08-07T21:00:00Z"
        let report = F.helpDeskReport(F.helpDesk + [overridden])
        #expect(report.dataQuality.manualDueOverrides == 1)
        #expect(report.dataQuality.manualDueExamples == ["2001"])
        #expect(F.helpDeskReport().dataQuality.manualDueOverrides == 0)
        let html = HTMLReportRenderer.render(report)
        #expect(html.contains("judged against a due date an agent set"))
    }

    @Test func aBreachKeptFromAnEarlierPlanIsListedUnderThatPlan() {
        var kept = F.ticket("2002", team: "Billing", created: F.ny(2025, 8, 5, 9), resolved: F.ny(2025, 8, 5, 15),
                            status: .breached, breachedAt: F.ny(2025, 8, 5, 10), breachTeam: "Billing",
                            business: 21_600, wall: 21_600, plan: "Default SLA")
        kept.resolutionDueAt = F.ny(2025, 8, 6, 9)
        kept.resolutionReason = "breached under \"Severity A\" (due 2025-08-05T14:00:00Z), before the plan changed to \"Default SLA\" at 2025-08-05T15:00:00Z"
        let listed = F.helpDeskReport(F.helpDesk + [kept]).breachedTickets.first { $0.number == "2002" }
        #expect(listed?.plan == "Severity A (then Default SLA)")
        #expect(listed?.dueAt == F.ny(2025, 8, 5, 10))
    }

    @Test func dataQualitySaysHowManyRowsCarriedNoLifecycleEvent() {
        var provenance = DataProvenance(importRuns: 2, rowsRead: 30, rowsRejected: 0, lastImportAt: F.asOf)
        provenance.skippedByKind = ["edited: topic_id": 2, "viewed": 5]
        let report = ReportAggregator.weeklyReport(from: F.helpDesk, period: F.week32, asOf: F.asOf,
                                                   policyHash: F.policyHash, provenance: provenance)
        let html = HTMLReportRenderer.render(report)
        #expect(html.contains("7 valid rows carried no lifecycle event"))
        #expect(html.contains("viewed 5, edited: topic_id 2"))
    }
}
