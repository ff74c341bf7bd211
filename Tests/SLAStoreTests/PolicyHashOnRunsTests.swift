import Foundation
import Testing
import SLAModel
@testable import SLAStore

/// Since `v10` the policy hash is kept once per recompute run (`recompute_runs`), not on every
/// cycle and outcome row; the views still show it, the latest run's, on every row.
@Suite struct PolicyHashOnRunsTests {
    static func columns(of table: String, in store: TicketStore) throws -> [String] {
        try store.query("SELECT name FROM pragma_table_info('\(table)')").rows.compactMap { $0[0] }
    }

    /// Every result row, in a stable order, without any policy hash column.
    static let results = """
        SELECT 'c', ticket_id, metric, cycle, plan, target_seconds, started_at, due_at, stopped_at, elapsed_seconds,
               paused_seconds, wall_seconds, status, breached_at, seconds_late, breach_team, breach_agent, reason, as_of
        FROM sla_cycles
        UNION ALL
        SELECT 'o', ticket_id, plan, priority, team, agent, department, state, first_response_at, resolved_at,
               reopens, handoffs, as_of, resolution_status, NULL, NULL, NULL, NULL, NULL
        FROM ticket_outcomes
        ORDER BY 1, 2, 3, 4
        """

    /// The distinct `policy_hash` values each view shows.
    static func viewHashes(_ store: TicketStore) throws -> [String: [String?]] {
        var hashes: [String: [String?]] = [:]
        for view in ["ticket_metrics", "v_ticket_sla", "v_breaches"] {
            hashes[view] = try store.query("SELECT DISTINCT policy_hash FROM \(view)").rows.map { $0[0] }
        }
        return hashes
    }

    @Test func resultRowsCarryNoHashAndTheViewsShowTheRunsOne() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let store = workspace.store
        #expect(!(try Self.columns(of: "sla_cycles", in: store)).contains("policy_hash"))
        #expect(!(try Self.columns(of: "ticket_outcomes", in: store)).contains("policy_hash"))
        let hash = try #require(try store.lastRecompute()).policyHash
        #expect(hash.count == 64)
        for (view, hashes) in try Self.viewHashes(store) { #expect(hashes == [hash], "\(view)") }
        #expect(try store.query("SELECT COUNT(*) FROM v_breaches").rows[0][0].flatMap { Int($0) } ?? 0 > 0)
    }

    @Test func theMigrationKeepsEveryResultAndTheViewsTheirHash() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let path = workspace.store.path
        let hash = try #require(try workspace.store.lastRecompute()).policyHash
        let resultsBefore = try workspace.store.query(Self.results).rows
        #expect(resultsBefore.count > 200)
        // Turn the database back into what `v9` left: the hash on every result row, the views reading
        // it there, `v10` not applied.
        try workspace.store.pool.write { db in
            try db.execute(sql: Schema.dropViews + """
                ALTER TABLE ticket_outcomes ADD COLUMN policy_hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE sla_cycles ADD COLUMN policy_hash TEXT NOT NULL DEFAULT '';
                """)
            try db.execute(sql: "UPDATE ticket_outcomes SET policy_hash = ?", arguments: [hash])
            try db.execute(sql: "UPDATE sla_cycles SET policy_hash = ?", arguments: [hash])
            try db.execute(sql: Schema.ticketMetricsView(policyHashOnResultRows: true)
                + Schema.analystViews(policyHashOnResultRows: true))
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v10:%'")
        }
        let old = try TicketStore(path: path, readOnly: true)
        for (view, hashes) in try Self.viewHashes(old) { #expect(hashes == [hash], "before, \(view)") }

        let migrated = try TicketStore(path: path)
        #expect(!(try Self.columns(of: "sla_cycles", in: migrated)).contains("policy_hash"))
        #expect(!(try Self.columns(of: "ticket_outcomes", in: migrated)).contains("policy_hash"))
        #expect(try migrated.query(Self.results).rows == resultsBefore)
        for (view, hashes) in try Self.viewHashes(migrated) { #expect(hashes == [hash], "after, \(view)") }
        #expect(try migrated.integrityCheck() == "ok")
    }
}
