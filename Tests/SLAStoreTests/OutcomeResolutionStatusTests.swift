import Foundation
import Testing
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

/// `ticket_outcomes.resolution_status` (`v9`) is the status of the ticket's last resolution
/// cycle, whether a recompute wrote it or the migration filled it in from the cycles.
@Suite struct OutcomeResolutionStatusTests {
    /// Each outcome's stored status next to the one read from its cycles.
    static let comparison = """
        SELECT t.number, o.resolution_status,
               (SELECT status FROM sla_cycles c WHERE c.ticket_id = o.ticket_id AND c.metric = 'resolution'
                ORDER BY c.cycle DESC LIMIT 1)
        FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id ORDER BY t.number
        """

    static func recomputedSampleDesk() throws -> Workspace {
        let workspace = try Workspace()
        let folder = SampleDataTests.packageRoot.appendingPathComponent("sample-data/osticket")
        try workspace.importFile(folder.appendingPathComponent("generated-tickets.csv").path)
        try workspace.importFile(folder.appendingPathComponent("generated-history.tsv").path)
        _ = try AsOfSensitiveIndexTests.recompute(workspace.store, at: Instant(secondsSinceEpoch: 1_756_684_800))
        return workspace
    }

    static func expectStatusesMatchTheCycles(_ store: TicketStore) throws {
        let rows = try store.query(comparison).rows
        #expect(rows.count > 100)
        #expect(rows.contains { $0[2] != nil && $0[2] != "met" }, "the desk has breached or running cycles too")
        for row in rows { #expect(row[1] == row[2], "ticket \(row[0] ?? "?")") }
    }

    @Test func aRecomputeStoresTheLastResolutionCyclesStatus() throws {
        let workspace = try Self.recomputedSampleDesk()
        try Self.expectStatusesMatchTheCycles(workspace.store)
    }

    @Test func theMigrationFillsItInForResultsStoredBefore() throws {
        let workspace = try Self.recomputedSampleDesk()
        let path = workspace.store.path
        // Turn the database back into what `v8` left: no column, `v9` not applied.
        try workspace.store.pool.write { db in
            try db.execute(sql: "ALTER TABLE ticket_outcomes DROP COLUMN resolution_status")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%'")
        }
        // A read-only command (a report) does not migrate: it reads the statuses from the cycles.
        let window = Instant(secondsSinceEpoch: 1_750_000_000) ..< Instant(secondsSinceEpoch: 1_760_000_000)
        let verdictsBefore = try TicketStore(path: path, readOnly: true).resolutionVerdicts(in: window)
        #expect(verdictsBefore.count > 50)
        let reopened = try TicketStore(path: path)
        try Self.expectStatusesMatchTheCycles(reopened)
        #expect(try reopened.resolutionVerdicts(in: window) == verdictsBefore)
    }
}
