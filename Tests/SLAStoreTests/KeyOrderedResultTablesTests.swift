import Foundation
import Testing
import SLAModel
@testable import SLAStore

/// Since `v11` `sla_cycles` and `team_segments` are kept in their primary key's order (`WITHOUT
/// ROWID`): one b-tree per table instead of a table and its key's index.
@Suite struct KeyOrderedResultTablesTests {
    /// Whether `table` is a `WITHOUT ROWID` table (`pragma_table_list`'s `wr`).
    static func isWithoutRowID(_ table: String, in store: TicketStore) throws -> Bool {
        try store.query("SELECT wr FROM pragma_table_list WHERE name = '\(table)' AND schema = 'main'").rows.first?[0] == "1"
    }

    /// The indexes SQLite keeps on `table`, its own (`sqlite_autoindex_*`) included.
    static func indexes(on table: String, in store: TicketStore) throws -> [String] {
        try store.query("SELECT name FROM pragma_index_list('\(table)') ORDER BY name").rows.compactMap { $0[0] }
    }

    /// Every cycle and segment row, in a stable order.
    static let results = """
        SELECT 'c', ticket_id, metric, cycle, plan, target_seconds, started_at, due_at, stopped_at, elapsed_seconds,
               paused_seconds, wall_seconds, status, breached_at, seconds_late, breach_team, breach_agent, reason, as_of
        FROM sla_cycles
        UNION ALL
        SELECT 's', ticket_id, seq, team, agent, department, started_at, ended_at, business_seconds, wall_seconds,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM team_segments
        ORDER BY 1, 2, 3, 4
        """

    @Test func cyclesAndSegmentsHaveNoRowIDAndNoSeparateKeyIndex() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let store = workspace.store
        #expect(try Self.isWithoutRowID("sla_cycles", in: store))
        #expect(try Self.isWithoutRowID("team_segments", in: store))
        #expect(try Self.indexes(on: "sla_cycles", in: store) == ["sqlite_autoindex_sla_cycles_1"])
        #expect(try Self.indexes(on: "team_segments", in: store) == ["segments_by_start", "sqlite_autoindex_team_segments_1"])
        // `pragma_index_list` names the primary key either way; for a WITHOUT ROWID table it is the
        // table's own b-tree, not a second one (what `isWithoutRowID` checks).
        #expect(try store.query("SELECT COUNT(*) FROM sla_cycles").rows[0][0].flatMap { Int($0) } ?? 0 > 200)
        #expect(try store.query("SELECT COUNT(*) FROM v_team_time").rows[0][0].flatMap { Int($0) } ?? 0 > 0)
    }

    @Test func theMigrationKeepsEveryRowTheForeignKeysAndTheViews() throws {
        let workspace = try OutcomeResolutionStatusTests.recomputedSampleDesk()
        let path = workspace.store.path
        let resultsBefore = try workspace.store.query(Self.results).rows
        let breachesBefore = try workspace.store.query("SELECT * FROM v_breaches ORDER BY 1, 2, 3").rows
        #expect(resultsBefore.count > 300)
        #expect(breachesBefore.count > 0)
        // Turn both tables back into what `v10` left (rowid tables with the same columns), `v11` not applied.
        try workspace.store.pool.write { db in
            try db.execute(sql: Schema.dropViews + """
                DROP INDEX segments_by_start;
                CREATE TABLE sla_cycles_rowid AS SELECT * FROM sla_cycles; DROP TABLE sla_cycles;
                CREATE TABLE sla_cycles (
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    metric TEXT NOT NULL, cycle INTEGER NOT NULL, plan TEXT, target_seconds INTEGER,
                    started_at INTEGER NOT NULL, due_at INTEGER, stopped_at INTEGER,
                    elapsed_seconds INTEGER NOT NULL, paused_seconds INTEGER NOT NULL, wall_seconds INTEGER NOT NULL,
                    status TEXT NOT NULL, breached_at INTEGER, seconds_late INTEGER, breach_team TEXT,
                    breach_agent TEXT, reason TEXT, as_of INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, metric, cycle));
                INSERT INTO sla_cycles SELECT * FROM sla_cycles_rowid; DROP TABLE sla_cycles_rowid;
                CREATE TABLE team_segments_rowid AS SELECT * FROM team_segments; DROP TABLE team_segments;
                CREATE TABLE team_segments (
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL, team TEXT, agent TEXT, department TEXT,
                    started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL,
                    business_seconds INTEGER NOT NULL, wall_seconds INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, seq));
                INSERT INTO team_segments SELECT * FROM team_segments_rowid; DROP TABLE team_segments_rowid;
                CREATE INDEX segments_by_start ON team_segments(started_at);
                """ + Schema.ticketMetricsView(policyHashOnResultRows: false)
                + Schema.analystViews(policyHashOnResultRows: false))
            // (`v19` made the views of today from the ones `v11` makes again.)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v11:%' OR identifier LIKE 'v19:%'")
        }
        let old = try TicketStore(path: path, readOnly: true)
        #expect(!(try Self.isWithoutRowID("sla_cycles", in: old)))
        #expect(try old.query(Self.results).rows == resultsBefore)

        let migrated = try TicketStore(path: path)
        #expect(try Self.isWithoutRowID("sla_cycles", in: migrated))
        #expect(try Self.isWithoutRowID("team_segments", in: migrated))
        #expect(try Self.indexes(on: "team_segments", in: migrated).contains("segments_by_start"))
        #expect(try migrated.query(Self.results).rows == resultsBefore)
        #expect(try migrated.query("SELECT * FROM v_breaches ORDER BY 1, 2, 3").rows == breachesBefore)
        #expect(try migrated.integrityCheck() == "ok")
        #expect(try migrated.query("SELECT COUNT(*) FROM pragma_foreign_key_check").rows[0][0] == "0")
        // The rebuilt tables still follow their tickets: deleting one removes its cycles and segments.
        let ticket = try #require(try migrated.query("SELECT ticket_id FROM sla_cycles LIMIT 1").rows.first?[0])
        try migrated.pool.write { db in try db.execute(sql: "DELETE FROM tickets WHERE id = ?", arguments: [ticket]) }
        for table in ["sla_cycles", "team_segments"] {
            #expect(try migrated.query("SELECT COUNT(*) FROM \(table) WHERE ticket_id = \(ticket)").rows[0][0] == "0")
        }
    }
}
