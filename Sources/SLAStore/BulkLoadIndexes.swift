import GRDB

/// A first import into an empty database loads every row; the events' secondary index (the one
/// no upsert needs, `events_by_time`) is then built once after the load, which sorts once instead
/// of inserting row by row into a B-tree much larger than the page cache. Later imports keep it.
///
/// The tickets' indexes are kept up to date during the load, unless the caller defers them too:
/// an osTicket export writes its tickets while the wide ticket file is parsed, and the writing
/// thread has time to spare then, while building them after the load is four more scans of the
/// tickets table on one thread (at 1,000,000 tickets 2.4 s; the whole import 40.7 and 49.6 s
/// kept, 46.5 and 54.0 s deferred, alternating runs). A mapping profile writes each ticket with
/// its events, on the busy writing thread, so its imports defer them.
extension TicketWriter {
    /// The events' indexes dropped during a bulk load and their definitions (the same as the migrations'):
    /// since `v12` only `events_by_time`.
    static let deferredEventIndexes: [(name: String, sql: String)] = [
        ("events_by_time", "CREATE INDEX IF NOT EXISTS events_by_time ON events(occurred_at)"),
    ]

    /// The tickets' indexes, dropped during a bulk load only when the caller asks.
    static let deferrableTicketIndexes: [(name: String, sql: String)] = [
        ("tickets_by_created", "CREATE INDEX IF NOT EXISTS tickets_by_created ON tickets(created_at)"),
        ("tickets_needing_replay", "CREATE INDEX IF NOT EXISTS tickets_needing_replay ON tickets(id) WHERE needs_replay = 1"),
        ("tickets_by_closed_or_created",
         "CREATE INDEX IF NOT EXISTS tickets_by_closed_or_created ON tickets(COALESCE(closed_at, created_at))"),
        ("tickets_by_updated", "CREATE INDEX IF NOT EXISTS tickets_by_updated ON tickets(last_updated_at)"),
    ]

    /// Every index a bulk load may drop; `finishBulkLoad()` builds whichever is missing.
    static var deferrableIndexes: [(name: String, sql: String)] { deferredEventIndexes + deferrableTicketIndexes }

    /// Prepares a large write: a bigger page cache (64 MB) for this transaction's connection,
    /// and when the database holds no tickets yet, the events' secondary indexes dropped until
    /// `finishBulkLoad()`, and the tickets' too with `deferringTicketIndexes`. Returns whether
    /// indexes were dropped.
    @discardableResult
    public func beginBulkLoad(deferringTicketIndexes: Bool = false) throws -> Bool {
        try db.execute(sql: "PRAGMA cache_size = -65536")
        guard try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tickets)") == 0 else { return false }
        let dropped = Self.deferredEventIndexes + (deferringTicketIndexes ? Self.deferrableTicketIndexes : [])
        for index in dropped { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        return true
    }

    /// Builds any deferrable index that is missing (after `beginBulkLoad()` dropped them), with
    /// the sorter's helper threads (`IndexBuildThreads`): the parsing thread has ended by then.
    public func finishBulkLoad() throws {
        try flushNewEvents()
        try IndexBuildThreads.building(in: db) {
            for index in Self.deferrableIndexes { try db.execute(sql: index.sql) }
        }
    }
}
