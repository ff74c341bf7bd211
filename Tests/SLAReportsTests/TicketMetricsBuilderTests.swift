import SLAEngine
import SLAModel
import Testing
@testable import SLAReports

/// The report fields `TicketMetrics(ticket:replay:)` fills from a replay: the reports
/// depend on them (first-response compliance, team paths, share of clock, due-date checks).
@Suite struct TicketMetricsBuilderTests {
    @Test func replayFillsTheReportFields() {
        let created = Fixtures.ny(2025, 8, 4, 9)
        var ticket = Ticket(number: "42", createdAt: created)
        ticket.sourceDueAt = Fixtures.ny(2025, 8, 5, 12)
        let firstResponse = SLACycle(
            ticketNumber: "42", metric: .firstResponse, cycle: 1, plan: "Default", targetSeconds: 3600, startedAt: created,
            dueAt: created.adding(seconds: 3600), stoppedAt: created.adding(seconds: 7200), elapsedSeconds: 7200,
            pausedSeconds: 0, wallSeconds: 7200, status: .breached, breachedAt: created.adding(seconds: 3600),
            secondsLate: 3600, breachTeam: "Level 1", breachAgent: "li")
        let resolution = SLACycle(
            ticketNumber: "42", metric: .resolution, cycle: 1, plan: "Default", targetSeconds: nil, startedAt: created,
            dueAt: nil, stoppedAt: nil, elapsedSeconds: 0, pausedSeconds: 0, wallSeconds: 0, status: .notMeasurable,
            breachedAt: nil, secondsLate: nil, breachTeam: nil, breachAgent: nil, reason: "plan \"Default\" has no resolution target")
        let segments = [
            HoldingSegment(ticketNumber: "42", team: nil, agent: nil, department: "Support", startedAt: created,
                           endedAt: created.adding(seconds: 60), businessSeconds: 60, wallSeconds: 60),
            HoldingSegment(ticketNumber: "42", team: "Level 1", agent: "li", department: "Support",
                           startedAt: created.adding(seconds: 60), endedAt: created.adding(seconds: 600),
                           businessSeconds: 540, wallSeconds: 540),
            HoldingSegment(ticketNumber: "42", team: "Level 1", agent: "ana", department: "Support",
                           startedAt: created.adding(seconds: 600), endedAt: created.adding(seconds: 900),
                           businessSeconds: 300, wallSeconds: 300),
            HoldingSegment(ticketNumber: "42", team: "Online Banking", agent: "bo", department: "Support",
                           startedAt: created.adding(seconds: 900), endedAt: created.adding(seconds: 9000),
                           businessSeconds: 8100, wallSeconds: 8100),
        ]
        let replay = TicketReplay(
            ticketNumber: "42", cycles: [firstResponse, resolution], segments: segments, handoffs: 1, reopens: 0,
            finalPlan: "Default", finalPriority: "High", finalTeam: "Online Banking", finalAgent: "bo",
            finalDepartment: "Support", finalState: .open, firstResponseAt: created.adding(seconds: 7200), resolvedAt: nil)
        let metrics = TicketMetrics(ticket: ticket, replay: replay)
        #expect(metrics.firstResponseTargetSeconds == 3600)
        #expect(metrics.firstResponseStoppedAt == created.adding(seconds: 7200))
        #expect(metrics.firstResponseBreachedAt == created.adding(seconds: 3600))
        #expect(metrics.firstResponseSecondsLate == 3600)
        #expect(metrics.firstResponseBreachTeam == "Level 1" && metrics.firstResponseBreachAgent == "li")
        #expect(metrics.resolutionReason == "plan \"Default\" has no resolution target")
        #expect(metrics.firstResponseReason == nil)
        #expect(metrics.sourceDueAt == ticket.sourceDueAt)
        #expect(metrics.segments == segments)
        #expect(metrics.teamPath == ["Level 1", "Online Banking"])
    }
}
