import Foundation
import SLAEngine
import SLAModel
@testable import SLAReports

/// Hand-made tickets for report tests. Times are New York wall-clock times (EDT, -4 h in August).
enum Fixtures {
    static let newYork = ZoneRules.named("America/New_York")!
    static let week32 = ReportPeriod.isoWeek(ISOWeek(year: 2025, week: 32)!, in: newYork)
    /// Wednesday of the week after: clocks were replayed up to here.
    static let asOf = ny(2025, 8, 13, 12)
    static let policyHash = "sha256:4f2a9c"

    /// The instant of a New York wall-clock time.
    static func ny(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Instant {
        newYork.instant(of: LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    /// A ticket with every field not named left empty. The first response comes ten
    /// minutes after creation (met); the holding segments follow the teams: the team at
    /// breach, then the final team when they differ, each with half the business time.
    static func ticket(_ number: String, team: String?, created: Instant, resolved: Instant? = nil,
                       status: SLAStatus, breachedAt: Instant? = nil, breachTeam: String? = nil,
                       breachAgent: String? = nil, business: Int64? = nil, wall: Int64? = nil,
                       subject: String? = nil, plan: String? = "Standard", priority: String? = "Normal",
                       agent: String? = nil) -> TicketMetrics {
        let open = resolved == nil
        let due = breachedAt
        let end = resolved ?? asOf
        let held = business ?? 0
        var segments: [HoldingSegment]
        if let breachTeam, breachTeam != team, let breachedAt {
            let handoff = min(breachedAt.adding(seconds: 3600), end)
            segments = [
                HoldingSegment(ticketNumber: number, team: breachTeam, agent: breachAgent, department: "Support",
                               startedAt: created, endedAt: handoff, businessSeconds: held / 2,
                               wallSeconds: created.seconds(to: handoff)),
                HoldingSegment(ticketNumber: number, team: team, agent: agent, department: "Support",
                               startedAt: handoff, endedAt: end, businessSeconds: held - held / 2,
                               wallSeconds: handoff.seconds(to: end)),
            ]
        } else {
            segments = [HoldingSegment(ticketNumber: number, team: team, agent: agent, department: "Support",
                                       startedAt: created, endedAt: end, businessSeconds: held,
                                       wallSeconds: created.seconds(to: end))]
        }
        return TicketMetrics(
            number: number, subject: subject ?? "Ticket \(number)", priority: priority, plan: plan,
            department: "Support", team: team, agent: agent, status: open ? "Open" : "Closed",
            state: open ? .open : .closed, createdAt: created, firstResponseAt: created.adding(seconds: 600),
            resolvedAt: resolved,
            resolutionStatus: status, resolutionDueAt: due, resolutionTargetSeconds: 28_800,
            resolutionBusinessSeconds: business, resolutionWallSeconds: wall, resolutionBreachedAt: breachedAt,
            resolutionSecondsLate: breachedAt.map { $0.seconds(to: resolved ?? asOf) }, breachTeam: breachTeam,
            breachAgent: breachAgent, everBreached: breachedAt != nil, firstResponseStatus: .met,
            firstResponseDueAt: created.adding(seconds: 3600), firstResponseBusinessSeconds: 600,
            firstResponseWallSeconds: 600, reopens: 0, handoffs: breachTeam != nil && breachTeam != team ? 1 : 0,
            resolutionReason: status == .notMeasurable ? "plan \"Standard\" has no resolution target" : nil,
            firstResponseTargetSeconds: 3600, firstResponseStoppedAt: created.adding(seconds: 600),
            segments: segments)
    }

    /// A small help desk around 2025-W32 (see the numbers in `AggregationTests`).
    static let helpDesk: [TicketMetrics] = [
        // Billing: two met, one breached by itself.
        ticket("1001", team: "Billing", created: ny(2025, 8, 4, 9), resolved: ny(2025, 8, 5, 10),
               status: .met, business: 7_200, wall: 90_000),
        ticket("1002", team: "Billing", created: ny(2025, 8, 4, 10), resolved: ny(2025, 8, 6, 10),
               status: .breached, breachedAt: ny(2025, 8, 5, 10), breachTeam: "Billing", breachAgent: "ana",
               business: 36_000, wall: 172_800),
        // Created the week before, resolved in W32.
        ticket("0990", team: "Billing", created: ny(2025, 7, 30, 9), resolved: ny(2025, 8, 4, 12),
               status: .met, business: 1_800, wall: 500_000),
        // Created in W32, resolved in W33: open at the end of W32.
        ticket("1007", team: "Billing", created: ny(2025, 8, 9, 9), resolved: ny(2025, 8, 12, 9),
               status: .met, business: 3_000, wall: 259_200),
        // Breached while Level 1 held it, resolved by Network.
        ticket("1003", team: "Network", created: ny(2025, 8, 4, 11), resolved: ny(2025, 8, 7, 11),
               status: .breached, breachedAt: ny(2025, 8, 5, 12), breachTeam: "Level 1", breachAgent: "li",
               business: 14_400, wall: 259_200),
        // Still open at as-of, breached in W32: an ongoing breach.
        ticket("1004", team: "Network", created: ny(2025, 8, 6, 9), status: .runningBreached,
               breachedAt: ny(2025, 8, 8, 9), breachTeam: "Network", breachAgent: "nik", business: 50_000),
        ticket("1005", team: "Network", created: ny(2025, 8, 7, 9), resolved: ny(2025, 8, 8, 9),
               status: .met, business: 3_600, wall: 86_400),
        // No team, still running within target.
        ticket("1006", team: nil, created: ny(2025, 8, 8, 9), status: .running, business: 1_000),
        // Resolved but not measurable (no business time).
        ticket("1008", team: "Level 1", created: ny(2025, 8, 5, 9), resolved: ny(2025, 8, 5, 9, 10),
               status: .notMeasurable, wall: 600),
        // The week before (W31).
        ticket("0980", team: "Billing", created: ny(2025, 7, 29, 9), resolved: ny(2025, 7, 30, 9),
               status: .met, business: 3_600, wall: 86_400),
        ticket("0981", team: "Network", created: ny(2025, 7, 29, 10), resolved: ny(2025, 7, 31, 10),
               status: .breached, breachedAt: ny(2025, 7, 30, 10), breachTeam: "Network",
               business: 40_000, wall: 172_800),
    ]

    static func helpDeskReport(_ metrics: [TicketMetrics] = helpDesk) -> WeeklyReport {
        ReportAggregator.weeklyReport(from: metrics, period: week32, asOf: asOf, policyHash: policyHash)
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory(_ name: String = #function) -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("slareports-tests-\(safe)-\(UInt32.random(in: 0 ... .max))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
