import GRDB

/// A first import into an empty database loads every row; its secondary indexes (those no
/// upsert needs) are then built once after the load, which sorts once instead of inserting
/// row by row into B-trees much larger than the page cache. Later imports keep them.
extension TicketWriter {
    /// The indexes dropped during a bulk load and their definitions (the same as the migrations').
    static let deferrableIndexes: [(name: String, sql: String)] = [
        ("events_by_ticket_time", "CREATE INDEX IF NOT EXISTS events_by_ticket_time ON events(ticket_id, occurred_at)"),
        ("events_by_time", "CREATE INDEX IF NOT EXISTS events_by_time ON events(occurred_at)"),
        ("tickets_by_created", "CREATE INDEX IF NOT EXISTS tickets_by_created ON tickets(created_at)"),
        ("tickets_needing_replay", "CREATE INDEX IF NOT EXISTS tickets_needing_replay ON tickets(id) WHERE needs_replay = 1"),
        ("tickets_by_closed_or_created",
         "CREATE INDEX IF NOT EXISTS tickets_by_closed_or_created ON tickets(COALESCE(closed_at, created_at))"),
        ("tickets_by_updated", "CREATE INDEX IF NOT EXISTS tickets_by_updated ON tickets(last_updated_at)"),
    ]

    /// Prepares a large write: a bigger page cache (64 MB) for this transaction's connection,
    /// and when the database holds no tickets yet, the deferrable indexes dropped until
    /// `finishBulkLoad()`. Returns whether indexes were dropped.
    @discardableResult
    public func beginBulkLoad() throws -> Bool {
        try db.execute(sql: "PRAGMA cache_size = -65536")
        guard try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tickets)") == 0 else { return false }
        for index in Self.deferrableIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        return true
    }

    /// Builds any deferrable index that is missing (after `beginBulkLoad()` dropped them).
    public func finishBulkLoad() throws {
        for index in Self.deferrableIndexes { try db.execute(sql: index.sql) }
    }
}
