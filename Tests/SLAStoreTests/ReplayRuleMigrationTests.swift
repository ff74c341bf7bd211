import Foundation
import GRDB
import Testing
import SLAModel
@testable import SLAStore

/// `v14` and `v15`: a database recomputed before them has every ticket replayed again by the next
/// recompute (the replay's rules changed under the same policy hash), and `v_breaches.due_utc`
/// becomes the due instant that was breached.
@Suite struct ReplayRuleMigrationTests {
    @Test func aRecomputedDatabaseIsReplayedAgainAndItsBreachesShowTheBreachedDue() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let path = workspace.store.path
        #expect(try workspace.store.query("SELECT COUNT(*) FROM tickets WHERE needs_replay = 1").rows == [["0"]])
        // As before v14 and v15: the old view, and one breach kept from an earlier plan (its cycle's
        // due is the later plan's, a day after the breach).
        try workspace.store.pool.write { db in
            try db.execute(sql: "DROP VIEW v_breaches;\n" + Schema.breachesView(policyHashOnResultRows: false, dueOfTheBreach: false))
            try db.execute(sql: """
                UPDATE sla_cycles SET due_at = breached_at + 86400
                WHERE (ticket_id, metric, cycle) = (SELECT ticket_id, metric, cycle FROM sla_cycles
                                                    WHERE status = 'breached' AND metric = 'resolution' LIMIT 1)
                """)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v14:%' OR identifier LIKE 'v15:%'")
        }
        let old = try TicketStore(path: path, readOnly: true)
        let kept = "SELECT COUNT(*) FROM v_breaches WHERE due_utc != breached_utc"
        #expect(try old.query(kept).rows == [["1"]])

        let migrated = try TicketStore(path: path)
        #expect(try migrated.query(kept).rows == [["0"]])
        #expect(try migrated.query("SELECT COUNT(*) = SUM(needs_replay) FROM tickets").rows == [["1"]])
        #expect(try migrated.ticketsAwaitingReplay() == (try migrated.ticketCount()))
    }

    /// `v17`: outcomes recomputed before it counted a resolved ticket under its last holder and
    /// plan; the next recompute replays every ticket to count it under those at its resolution.
    @Test func aRecomputedDatabaseIsReplayedAgainForTheHolderAtResolution() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let path = workspace.store.path
        try workspace.store.pool.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v17:%'")
        }
        #expect(try TicketStore(path: path, readOnly: true).query("SELECT SUM(needs_replay) FROM tickets").rows == [["0"]])
        let migrated = try TicketStore(path: path)
        #expect(try migrated.ticketsAwaitingReplay() == (try migrated.ticketCount()))
    }
}
