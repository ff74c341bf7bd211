import Foundation
import Testing
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

/// The seed's help desk end to end: the shipped osTicket exports, imported, replayed under
/// the shipped policy, read back from the database.
@Suite struct SampleDataTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func importSeed(into workspace: Workspace) throws {
        for name in ["seed-tickets.csv", "seed-history.tsv"] {
            try workspace.importFile(Self.packageRoot.appendingPathComponent("sample-data/osticket/\(name)").path)
        }
    }

    @Test func ticket711979UnderOnlineBankingBreachesSeverityA() throws {
        let workspace = try Workspace()
        try importSeed(into: workspace)
        let policy = try PolicyFile.load(path: Self.packageRoot.appendingPathComponent("sample-data/policy.yaml").path)
        let replayer = try LifecycleReplayer(policy: policy)
        let asOf = try #require(try workspace.store.latestDataInstant())
        var results: [(ticketID: Int64, replay: TicketReplay)] = []
        try workspace.store.forEachTicketWithEvents(onlyChanged: false) { id, ticket, events in
            results.append((id, replayer.replay(ticket: ticket, events: events, asOf: asOf)))
        }
        try workspace.store.saveResults(results, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                                        startedAt: asOf)
        let seed = try #require(try workspace.store.loadTicketMetrics().first { $0.number == "711979" })
        #expect(seed.team == "Online Banking")
        #expect(seed.plan == "Severity A")
        #expect(seed.priority == "Emergency")
        // Created 15:58:40 EDT (19:58:40Z); Severity A = 1 h on 24x7 from creation -> due 20:58:40Z.
        // Resolved 17:26:52 EDT (21:26:52Z): breached, 28 min 12 s late, held by Online Banking / Agent One.
        #expect(seed.resolutionDueAt?.iso8601 == "2025-08-05T20:58:40Z")
        #expect(seed.resolutionStatus == .breached)
        #expect(seed.resolutionSecondsLate == Int64(28 * 60 + 12))
        #expect(seed.breachTeam == "Online Banking")
        #expect(seed.breachAgent == "Agent One")
        #expect(seed.firstResponseStatus == .met)
        #expect(try workspace.store.query("SELECT breach_team, seconds_late FROM ticket_metrics WHERE number = '711979'").rows
                == [["Online Banking", "1692"]])
        #expect(try workspace.store.integrityCheck() == "ok")
        // The analyst views say the same.
        #expect(try workspace.store.query(
            "SELECT team_at_breach, agent_at_breach, minutes_late, breached_week FROM v_breaches WHERE number = '711979' AND metric = 'resolution'"
        ).rows == [["Online Banking", "Agent One", "29", "2025-W32"]])
        #expect(try workspace.store.query(
            "SELECT breaches, resolution_judged FROM v_team_week WHERE team = 'Online Banking' AND week = '2025-W32'").rows
                == [["1", "1"]])
        let held = try workspace.store.query("SELECT team, tickets FROM v_team_time ORDER BY team").rows
        #expect(held.contains(["Online Banking", "1"]))
        #expect(held.contains(["Level 1 Support", "3"]))
    }

    @Test func importingTheSampleTwiceKeepsTheCounts() throws {
        let workspace = try Workspace()
        try importSeed(into: workspace)
        let first = try workspace.store.counts()
        try importSeed(into: workspace)
        let second = try workspace.store.counts()
        #expect(first["tickets"] == 3 && first["events"] == 20)
        #expect(second["tickets"] == first["tickets"] && second["events"] == first["events"])
        #expect(try workspace.store.integrityCheck() == "ok")
    }
}
