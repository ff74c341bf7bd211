import Foundation
import SLAEngine
import SLAImport

/// Where the last pull stopped: the server's clock when it started and the highest thread event
/// and entry ids it saw. The next pull fetches the tickets that changed after it.
public struct OsTicketWatermark: Sendable, Hashable {
    /// The server's wall clock at the start of the pull, `YYYY-MM-DD HH:MM:SS`.
    public var serverTime: String
    public var lastEventID: Int64
    public var lastEntryID: Int64

    public init(serverTime: String, lastEventID: Int64, lastEntryID: Int64) {
        self.serverTime = serverTime
        self.lastEventID = lastEventID
        self.lastEntryID = lastEntryID
    }
}

/// What one pull fetched: two files in `mysql --batch` form, ready for the `osticket-tickets` and
/// `osticket-history` readers, and the figures to report and store.
public struct OsTicketPull: Sendable {
    public var ticketsFile: String
    public var historyFile: String
    public var ticketRows: Int
    public var historyRows: Int
    /// The zone osTicket's times are in, and where it came from (`--source-zone`, `@@time_zone`, ...).
    public var zone: String
    public var zoneOrigin: String
    /// The watermark this pull started from (nil: a full pull) and the one to store after it.
    public var since: OsTicketWatermark?
    public var watermark: OsTicketWatermark
    /// Wall-clock seconds the two queries took, fetching included.
    public var seconds: Double
}

/// Pulls tickets and history from osTicket's database with the two shipped queries.
public enum OsTicketPuller {
    /// Tickets changed up to this long before the last pull's start are fetched again, so a change
    /// stamped just before the last pull but committed after it is never missed.
    public static let overlapSeconds = 300

    /// Connects, reads the server's zone (unless `sourceZone` is given), and writes the tickets and
    /// history that changed since `since` (everything when nil) into `folder`. Reads one consistent
    /// snapshot of the database; changes nothing there.
    public static func pull(address: OsTicketDatabaseAddress, credentials: OsTicketCredentials, tablePrefix: String = "ost_",
                            sourceZone: String?, since: OsTicketWatermark?, into folder: String) throws(OsTicketDatabaseError) -> OsTicketPull {
        guard OsTicketQueries.isValidPrefix(tablePrefix) else {
            throw .badAddress(address.description, reason: "table prefix \(tablePrefix): expected letters, digits and _ only")
        }
        let started = Date()
        let connection = try MariaDBConnection(address: address, credentials: credentials, prefix: tablePrefix)
        try connection.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", name: "isolation level")
        try connection.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", name: "snapshot")
        let state = try connection.firstRow("""
            SELECT @@time_zone, @@system_time_zone, DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s'),
                   (SELECT COALESCE(MAX(id), 0) FROM \(tablePrefix)thread_event),
                   (SELECT COALESCE(MAX(id), 0) FROM \(tablePrefix)thread_entry)
            """, name: "server state")
        guard let state, state.count == 5, let now = state[2] else {
            throw .queryFailed(address: address.description, query: "server state", serverMessage: "no row")
        }
        let watermark = OsTicketWatermark(serverTime: now, lastEventID: Int64(state[3] ?? "0") ?? 0,
                                          lastEntryID: Int64(state[4] ?? "0") ?? 0)
        let (zone, origin) = try resolveZone(given: sourceZone, timeZone: state[0], systemTimeZone: state[1],
                                             connection: connection)
        if let since {
            guard isWallClock(since.serverTime) else {
                throw .queryFailed(address: address.description, query: "incremental", serverMessage: "stored watermark \(since.serverTime) is not a date-time")
            }
            try connection.execute("""
                SET @slareport_changed_since = CAST('\(since.serverTime)' AS DATETIME) - INTERVAL \(overlapSeconds) SECOND,
                    @slareport_after_event_id = \(since.lastEventID), @slareport_after_entry_id = \(since.lastEntryID)
                """, name: "incremental")
        } else {
            try connection.execute("SET @slareport_changed_since = NULL, @slareport_after_event_id = NULL, @slareport_after_entry_id = NULL",
                                   name: "full pull")
        }
        let ticketsFile = folder + "/tickets.tsv"
        let historyFile = folder + "/history.tsv"
        let ticketRows = try fetch(OsTicketQueries.withPrefix(OsTicketQueries.ticketsSQL, tablePrefix), name: "tickets",
                                   connection: connection, into: ticketsFile)
        let historyRows = try fetch(OsTicketQueries.withPrefix(OsTicketQueries.historySQL, tablePrefix), name: "history",
                                    connection: connection, into: historyFile)
        try connection.execute("COMMIT", name: "end of snapshot")
        return OsTicketPull(ticketsFile: ticketsFile, historyFile: historyFile, ticketRows: ticketRows, historyRows: historyRows,
                            zone: zone, zoneOrigin: origin, since: since, watermark: watermark,
                            seconds: Date().timeIntervalSince(started))
    }

    private static func fetch(_ sql: String, name: String, connection: MariaDBConnection,
                              into path: String) throws(OsTicketDatabaseError) -> Int {
        let file = try MySQLBatchFile(path: path)
        let rows = try connection.query(sql, name: name, columns: { names throws(OsTicketDatabaseError) in try file.write(names) },
                                        row: { values throws(OsTicketDatabaseError) in try file.write(values) })
        try file.finish()
        return rows
    }

    /// The zone of osTicket's stored times: the one given, else the server's `@@time_zone` when it
    /// names a zone, else `@@system_time_zone` when that is an IANA name or UTC, else (a SYSTEM zone
    /// known only by an abbreviation such as `EST`, which does not say when daylight saving time
    /// starts) the one IANA zone whose offsets match those the server reports across 1990-2037
    /// (`ServerZoneMatcher`), else the zone osTicket itself stored (`ost_config` core `db_timezone`).
    static func resolveZone(given: String?, timeZone: String?, systemTimeZone: String?,
                            connection: MariaDBConnection) throws(OsTicketDatabaseError) -> (String, String) {
        if let given { return (given, "--source-zone") }
        if let zone = usableZone(timeZone) { return (zone, "the server's @@time_zone") }
        if timeZone == "SYSTEM", let zone = usableZone(systemTimeZone) { return (zone, "the server's @@system_time_zone") }
        var matchNote = ""
        if timeZone == "SYSTEM" {
            let match = try ServerZoneMatcher.match { (instants: [Int64]) throws(OsTicketDatabaseError) -> [Int] in
                try serverOffsets(at: instants, connection: connection)
            }
            switch match {
            case .zone(let zone, _):
                return (zone, "the server's UTC offsets 1990-2037, @@system_time_zone \(systemTimeZone ?? "?")")
            case .none:
                matchNote = "; no IANA zone has the server's UTC offsets over 1990-2037"
            case .ambiguous(let zones):
                matchNote = "; the server's UTC offsets fit several zones that differ (\(zones.joined(separator: ", ")))"
            }
        }
        let configured = try connection.firstRow(
            "SELECT value FROM \(connection.prefix)config WHERE namespace = 'core' AND `key` = 'db_timezone'",
            name: "osTicket's db_timezone")?.first ?? nil
        if let zone = configured.flatMap(usableZone) { return (zone, "osTicket's db_timezone setting") }
        throw .unknownServerZone(address: connection.address.description,
                                 found: [timeZone, systemTimeZone].compactMap { $0 }.joined(separator: " / ") + matchNote)
    }

    /// The server's UTC offset (seconds east) at each instant: the wall clock `FROM_UNIXTIME` shows in
    /// the session's zone, less the instant. Asked in batches to keep each statement short.
    static func serverOffsets(at instants: [Int64], connection: MariaDBConnection) throws(OsTicketDatabaseError) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(instants.count)
        var start = 0
        while start < instants.count {
            let batch = instants[start..<min(start + 200, instants.count)]
            let columns = batch.map { "DATE_FORMAT(FROM_UNIXTIME(\($0)), '%Y-%m-%d %H:%i:%s')" }.joined(separator: ", ")
            let row = try connection.firstRow("SELECT " + columns, name: "the server's UTC offsets")
            guard let row, row.count == batch.count else {
                throw .queryFailed(address: connection.address.description, query: "the server's UTC offsets", serverMessage: "no row")
            }
            for (instant, text) in zip(batch, row) {
                guard let text, let wall = TimestampParser.parse(text) else {
                    throw .queryFailed(address: connection.address.description, query: "the server's UTC offsets",
                                       serverMessage: "FROM_UNIXTIME(\(instant)) gave \(text ?? "NULL")")
                }
                offsets.append(Int(wall.local.secondsSinceLocalEpoch - instant))
            }
            start += batch.count
        }
        return offsets
    }

    /// A zone name we can use: an IANA name (`Europe/Berlin`), `UTC`, or `+00:00`.
    static func usableZone(_ name: String?) -> String? {
        guard let name, !name.isEmpty, name != "SYSTEM" else { return nil }
        if name == "UTC" || name == "+00:00" || name == "-00:00" || name == "Etc/UTC" { return "UTC" }
        guard name.contains("/"), ZoneRules.named(name) != nil else { return nil }
        return name
    }

    static func isWallClock(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 19 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 7: if byte != UInt8(ascii: "-") { return false }
            case 10: if byte != UInt8(ascii: " ") { return false }
            case 13, 16: if byte != UInt8(ascii: ":") { return false }
            default: if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { return false }
            }
        }
        return true
    }
}
