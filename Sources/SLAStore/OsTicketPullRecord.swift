import GRDB
import SLAModel

/// One pull from an osTicket database, as `osticket_pulls` records it. The latest record of a
/// source is the watermark the next pull starts from.
public struct OsTicketPullRecord: Sendable, Hashable {
    /// The database's address without secrets, and the table prefix (`mysql://u@h/osticket ost_`).
    public var source: String
    /// The server's wall clock when the pull started (`YYYY-MM-DD HH:MM:SS`).
    public var serverTime: String
    public var lastEventID: Int64
    public var lastEntryID: Int64
    public var incremental: Bool
    public var ticketRows: Int
    public var historyRows: Int
    public var fetchSeconds: Double
    public var sourceZone: String
    public var pulledAt: Instant

    public init(source: String, serverTime: String, lastEventID: Int64, lastEntryID: Int64, incremental: Bool,
                ticketRows: Int, historyRows: Int, fetchSeconds: Double, sourceZone: String, pulledAt: Instant) {
        self.source = source
        self.serverTime = serverTime
        self.lastEventID = lastEventID
        self.lastEntryID = lastEntryID
        self.incremental = incremental
        self.ticketRows = ticketRows
        self.historyRows = historyRows
        self.fetchSeconds = fetchSeconds
        self.sourceZone = sourceZone
        self.pulledAt = pulledAt
    }
}

extension TicketWriter {
    /// Records a pull (in the import's transaction: it lands only with the rows it fetched).
    public func record(pull: OsTicketPullRecord) throws {
        try db.execute(sql: """
            INSERT INTO osticket_pulls (source, server_time, last_event_id, last_entry_id, incremental, ticket_rows,
                history_rows, fetch_seconds, source_zone, pulled_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [pull.source, pull.serverTime, pull.lastEventID, pull.lastEntryID, pull.incremental,
                             pull.ticketRows, pull.historyRows, pull.fetchSeconds, pull.sourceZone,
                             pull.pulledAt.secondsSinceEpoch])
    }
}

extension TicketStore {
    /// The latest pull recorded for `source`, if any.
    public func lastPull(source: String) throws -> OsTicketPullRecord? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT source, server_time, last_event_id, last_entry_id, incremental, ticket_rows, history_rows,
                       fetch_seconds, source_zone, pulled_at
                FROM osticket_pulls WHERE source = ? ORDER BY id DESC LIMIT 1
                """, arguments: [source]) else { return nil }
            return OsTicketPullRecord(
                source: row[0], serverTime: row[1], lastEventID: row[2], lastEntryID: row[3], incremental: row[4],
                ticketRows: row[5], historyRows: row[6], fetchSeconds: row[7], sourceZone: row[8],
                pulledAt: Instant(secondsSinceEpoch: row[9]))
        }
    }
}
