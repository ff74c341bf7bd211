import Testing
import SLAModel
import SLAEngine

@Suite struct WhatIfComparisonTests {
    func metrics(_ number: String, team: String, status: SLAStatus, resolved: Instant?, breachedAt: Instant? = nil) -> TicketMetrics {
        TicketMetrics(number: number, subject: nil, priority: nil, plan: nil, department: nil, team: team, agent: nil,
                      status: nil, state: resolved == nil ? .open : .closed, createdAt: Fixture.ny(2025, 8, 1),
                      firstResponseAt: nil, resolvedAt: resolved, resolutionStatus: status, resolutionDueAt: nil,
                      resolutionTargetSeconds: nil, resolutionBusinessSeconds: nil, resolutionWallSeconds: nil,
                      resolutionBreachedAt: breachedAt, resolutionSecondsLate: nil, breachTeam: nil, breachAgent: nil,
                      everBreached: status.isBreach, firstResponseStatus: .notMeasurable, firstResponseDueAt: nil,
                      firstResponseBusinessSeconds: nil, firstResponseWallSeconds: nil, reopens: 0, handoffs: 0)
    }

    @Test func isoWeeks() {
        #expect(WhatIfComparison.isoWeek(of: CivilDate(year: 2025, month: 8, day: 5)) == "2025-W32")
        #expect(WhatIfComparison.isoWeek(of: CivilDate(year: 2024, month: 12, day: 30)) == "2025-W01")
        #expect(WhatIfComparison.isoWeek(of: CivilDate(year: 2021, month: 1, day: 3)) == "2020-W53")
    }

    @Test func complianceAndFlips() {
        let tuesday = Fixture.ny(2025, 8, 5, 12)
        let now = [
            metrics("1", team: "A", status: .met, resolved: tuesday),
            metrics("2", team: "A", status: .breached, resolved: tuesday),
            metrics("3", team: "B", status: .runningBreached, resolved: nil, breachedAt: tuesday),
            metrics("4", team: "B", status: .running, resolved: nil),
        ]
        var draft = now
        draft[1].resolutionStatus = .met   // the draft policy forgives ticket 2
        let comparison = WhatIfComparison(now: now, draft: draft, zone: Fixture.newYork)
        #expect(comparison.rows.map(\.team) == ["A", "B"])
        #expect(comparison.rows[0].now == .init(met: 1, judged: 2))
        #expect(comparison.rows[0].draft == .init(met: 2, judged: 2))
        #expect(comparison.rows[0].difference == 50)
        #expect(comparison.rows[1].now.judged == 1)   // the running ticket is not judged yet
        #expect(comparison.flips.map(\.number) == ["2"])
        #expect(comparison.flips[0].now == .breached && comparison.flips[0].draft == .met)
    }
}
