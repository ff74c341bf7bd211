import Foundation
import Testing
import SLAModel
@testable import SLAStore

/// A full recompute keeps the result tables' indexes (`v7`, `v8`) up to date as it stores, and
/// builds one again when it is missing.
@Suite struct ResultIndexesTests {
    static let names = ["outcomes_by_resolved", "segments_by_start", "outcomes_unfinished"]

    static func indexes(_ store: TicketStore) throws -> [String] {
        try store.query("""
            SELECT name FROM sqlite_schema WHERE type = 'index'
              AND name IN (\(names.map { "'\($0)'" }.joined(separator: ", "))) ORDER BY name
            """).rows.compactMap { $0[0] }
    }

    /// Rows each index holds, counted through the index itself (`INDEXED BY`), beside the table's rows it must hold.
    static func counts(_ store: TicketStore) throws -> [String?] {
        try store.query("""
            SELECT (SELECT COUNT(*) FROM ticket_outcomes INDEXED BY outcomes_by_resolved WHERE resolved_at > -1e18)
                       + (SELECT COUNT(*) FROM ticket_outcomes WHERE resolved_at IS NULL),
                   (SELECT COUNT(*) FROM ticket_outcomes),
                   (SELECT COUNT(*) FROM team_segments INDEXED BY segments_by_start WHERE started_at > -1e18),
                   (SELECT COUNT(*) FROM team_segments),
                   (SELECT COUNT(*) FROM ticket_outcomes INDEXED BY outcomes_unfinished WHERE \(Schema.unfinishedOutcome)),
                   (SELECT COUNT(*) FROM ticket_outcomes NOT INDEXED WHERE \(Schema.unfinishedOutcome))
            """).rows[0]
    }

    @Test func aFullRecomputeLeavesEveryResultIndexWholeAndConsistent() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let store = workspace.store
        // A second full recompute (another as-of instant, earlier) replaces every result with the indexes in place.
        let replay = try AsOfSensitiveIndexTests.recompute(store, at: Instant(secondsSinceEpoch: 1_755_000_000))
        #expect(replay.full)
        #expect(try Self.indexes(store) == Self.names.sorted())
        let counts = try Self.counts(store)
        #expect(counts[0] == counts[1] && counts[2] == counts[3] && counts[4] == counts[5], "\(counts)")
        #expect(Int(counts[1] ?? "") ?? 0 > 100 && Int(counts[4] ?? "") ?? 0 > 0, "\(counts)")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aFullRecomputeBuildsAMissingOneAgain() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let store = workspace.store
        try store.pool.write { db in try db.execute(sql: "DROP INDEX segments_by_start; DROP INDEX outcomes_unfinished") }
        #expect(try Self.indexes(store) == ["outcomes_by_resolved"])
        _ = try AsOfSensitiveIndexTests.recompute(store, at: Instant(secondsSinceEpoch: 1_755_000_000))
        #expect(try Self.indexes(store) == Self.names.sorted())
        let counts = try Self.counts(store)
        #expect(counts[2] == counts[3] && counts[4] == counts[5], "\(counts)")
        #expect(try store.integrityCheck() == "ok")
    }
}
