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

    /// `v19` (views only): `v_ticket_sla`'s `resolution_not_measurable_reason` is the CSV's (a kept
    /// breach's explanation is `resolution_reason`), `v_breaches.breached_plan` names the earlier plan
    /// a kept breach happened under, and `first_response_week` is the first response's week.
    @Test func theViewsGiveTheBreachedPlanAndTheCSVsReasons() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let store = workspace.store
        let number = try #require(try store.query("""
            SELECT t.number FROM sla_cycles c JOIN tickets t ON t.id = c.ticket_id
            WHERE c.metric = 'resolution' AND c.cycle = 1 AND c.status = 'breached' AND c.plan = 'Default SLA'
              AND NOT EXISTS (SELECT 1 FROM sla_cycles d WHERE d.ticket_id = c.ticket_id AND d.metric = 'resolution' AND d.cycle > 1)
            ORDER BY t.number LIMIT 1
            """).rows.first?.first ?? nil)
        // A breach kept from an earlier plan, as the replay writes it (`SLACycle.keptBreachReasonPrefix`).
        let reason = #"breached under "Severity A" (due 2025-08-05T20:58:40Z), before the plan changed to "Default SLA" at 2025-08-06T13:00:00Z"#
        try store.pool.write { db in
            try db.execute(sql: """
                UPDATE sla_cycles SET reason = ? WHERE metric = 'resolution' AND cycle = 1
                    AND ticket_id = (SELECT id FROM tickets WHERE number = ?)
                """, arguments: [reason, number])
        }
        #expect(try store.query("SELECT plan, breached_plan FROM v_breaches WHERE number = '\(number)' AND metric = 'resolution' AND cycle = 1").rows
                == [["Default SLA", "Severity A"]])
        // Every other breach was under its cycle's plan.
        #expect(try store.query("SELECT COUNT(*) FROM v_breaches WHERE breached_plan IS NOT plan").rows == [["1"]])
        let reasons = try store.query("""
            SELECT resolution_not_measurable_reason IS NULL, resolution_reason FROM v_ticket_sla WHERE number = '\(number)'
            """).rows
        #expect(reasons == [["1", reason]])
        // Not measurable: both columns give why; otherwise the CSV's column is empty.
        #expect(try store.query("""
            SELECT COUNT(*) FROM v_ticket_sla
            WHERE resolution_not_measurable_reason IS NOT (CASE WHEN resolution_status = 'not_measurable' THEN resolution_reason END)
               OR first_response_not_measurable_reason IS NOT (CASE WHEN first_response_status = 'not_measurable' THEN first_response_reason END)
            """).rows == [["0"]])
        // The first response's week: there exactly when the response is, and the creation's week on the same day.
        #expect(try store.query("SELECT COUNT(*) FROM v_ticket_sla WHERE (first_response_week IS NULL) != (first_response_utc IS NULL)").rows == [["0"]])
        let sameDay = try store.query("""
            SELECT COUNT(*), SUM(first_response_week = created_week) FROM v_ticket_sla
            WHERE substr(first_response_utc, 1, 10) = substr(created_utc, 1, 10)
            """).rows.first
        #expect(sameDay?[0] == sameDay?[1] && (Int(sameDay?[0] ?? "0") ?? 0) > 10)
    }
}
