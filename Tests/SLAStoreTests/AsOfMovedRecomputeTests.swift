import Foundation
import Testing
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

/// A recompute at a later as-of instant under the same policy replays only the tickets the
/// instant can change; the stored results must equal a full recompute at that instant.
@Suite struct AsOfMovedRecomputeTests {
    static func sampleWorkspace() throws -> Workspace {
        let workspace = try Workspace()
        for name in ["seed-tickets.csv", "seed-history.tsv", "generated-tickets.csv", "generated-history.tsv"] {
            try workspace.importFile(SampleDataTests.packageRoot.appendingPathComponent("sample-data/osticket/\(name)").path)
        }
        return workspace
    }

    static func results(_ store: TicketStore) throws -> [[[String?]]] {
        try [
            store.query("""
                SELECT ticket_id, metric, cycle, plan, target_seconds, started_at, due_at, stopped_at, elapsed_seconds,
                       paused_seconds, wall_seconds, status, breached_at, seconds_late, breach_team, breach_agent, reason
                FROM sla_cycles ORDER BY ticket_id, metric, cycle
                """).rows,
            store.query("SELECT * FROM team_segments ORDER BY ticket_id, seq").rows,
            store.query("""
                SELECT ticket_id, plan, priority, team, agent, department, state, first_response_at, resolved_at, reopens,
                       handoffs FROM ticket_outcomes ORDER BY ticket_id
                """).rows,
        ]
    }

    @Test(arguments: [ReopenRule.newCycle, .continueClock, .firstCycleOnly])
    func laterAsOfReplaysOnlyWhatItCanChange(reopenRule: ReopenRule) throws {
        var policy = try PolicyFile.load(path: SampleDataTests.packageRoot.appendingPathComponent("sample-data/policy.yaml").path)
        policy.reopenRule = reopenRule
        let replayer = try LifecycleReplayer(policy: policy)
        let incremental = try Self.sampleWorkspace()
        let latest = try #require(try incremental.store.latestDataInstant())
        let earlier = latest.adding(seconds: -14 * 86_400)
        func recompute(_ store: TicketStore, full: Bool, at asOf: Instant, movedFrom: Instant?) throws -> Int {
            try store.recompute(onlyChanged: !full, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                                startedAt: asOf, asOfMovedFrom: movedFrom) { ticket, events in
                replayer.replay(ticket: ticket, events: events, asOf: asOf)
            }
        }
        let all = try recompute(incremental.store, full: true, at: earlier, movedFrom: nil)
        let replayed = try recompute(incremental.store, full: false, at: latest, movedFrom: earlier)
        #expect(replayed > 0 && replayed < all / 2, "replayed \(replayed) of \(all)")

        let full = try Self.sampleWorkspace()
        _ = try recompute(full.store, full: true, at: latest, movedFrom: nil)
        let expected = try Self.results(full.store)
        let actual = try Self.results(incremental.store)
        #expect(expected[0].count > 500)
        for (table, name) in ["sla_cycles", "team_segments", "ticket_outcomes"].enumerated() {
            #expect(actual[table] == expected[table], "\(name)")
        }
    }
}
