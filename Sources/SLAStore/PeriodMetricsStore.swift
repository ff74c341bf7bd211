import GRDB
import SLAModel
import SLAEngine

/// Reads for one report that touch only the rows of its period (and the trend's periods),
/// through the `v7` and `v8` indexes, instead of every ticket in the database.
extension TicketStore {
    /// The ids of every ticket a report of `period` (and the period before it, `window` covering
    /// both) can count: created before the window's end and not resolved before its start (so
    /// created, resolved, breached or answered in it, or open at its ends), still open or paused
    /// at as-of (the due-date check looks at those), or handed to another holder during `period`
    /// (the team flow; under `first_cycle_only` a reopened ticket's resolution can be older than
    /// its later hand-offs). Read by index, in two parts, each in order: `resolvedBefore` the
    /// tickets found only as resolved before `split` (for a report, the start of its own period:
    /// these can matter only to the period before it, `ReportAggregator.isSettled(_:before:)`
    /// says for sure), `others` the rest.
    public func ticketIDs(relevantTo window: Range<Instant>, handoffsIn period: Range<Instant>,
                          splitAt split: Instant) throws -> (resolvedBefore: [Int64], others: [Int64]) {
        try pool.read { db in
            var resolvedBefore = Set<Int64>(), others = Set<Int64>()
            let start = window.lowerBound.secondsSinceEpoch, end = window.upperBound.secondsSinceEpoch
            // Resolved in or after the window (or never), created before its end.
            let resolved = try SQLiteStatement(db, """
                SELECT o.ticket_id, o.resolved_at FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id
                WHERE o.resolved_at >= ? AND t.created_at < ?
                """)
            resolved.bind(1, start)
            resolved.bind(2, end)
            while try resolved.step() {
                if resolved.int64(1) < split.secondsSinceEpoch {
                    resolvedBefore.insert(resolved.int64(0))
                } else {
                    others.insert(resolved.int64(0))
                }
            }
            for id in try Int64.fetchAll(db, sql: """
                SELECT o.ticket_id FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id
                WHERE o.resolved_at IS NULL AND t.created_at < ?
                """, arguments: [end]) { others.insert(id) }
            // Open and paused are unfinished: repeating the partial index's condition reads them
            // from `outcomes_unfinished` instead of scanning every outcome.
            for id in try Int64.fetchAll(db, sql: """
                SELECT ticket_id FROM ticket_outcomes WHERE (\(Schema.unfinishedOutcome)) AND state IN ('open', 'paused')
                """) {
                others.insert(id)
            }
            for id in try Int64.fetchAll(db, sql: """
                SELECT DISTINCT s.ticket_id FROM team_segments s JOIN ticket_outcomes o ON o.ticket_id = s.ticket_id
                WHERE s.started_at >= ? AND s.started_at < ?
                """, arguments: [period.lowerBound.secondsSinceEpoch, period.upperBound.secondsSinceEpoch]) {
                others.insert(id)
            }
            return (resolvedBefore.subtracting(others).sorted(), others.sorted())
        }
    }

    /// `ids` in the order of a period's ticket list: by creation, then number (as
    /// `PeriodTicket.precedes` orders the rows read), so that a report can read its tickets in that
    /// order and hand its list to its files as read. Ids without a ticket are left out.
    public func inListOrder(_ ids: [Int64]) throws -> [Int64] {
        try pool.read { db in
            let ticket = try SQLiteStatement(db, "SELECT created_at, number FROM tickets WHERE id = ?")
            var keyed: [(createdAt: Int64, number: String, id: Int64)] = []
            keyed.reserveCapacity(ids.count)
            for id in ids {
                ticket.bind(1, id)
                defer { ticket.reset() }
                // The same values as the metrics read has (`TicketStore.ticket(from:)`).
                if try ticket.step() { keyed.append((ticket.int64(0), ticket.text(1) ?? "", id)) }
            }
            keyed.sort { ($0.createdAt, $0.number) < ($1.createdAt, $1.number) }
            return keyed.map(\.id)
        }
    }

    /// The metrics of the tickets `ids` that have stored results, in the order given
    /// (`forEachTicketMetrics(ids:_:)`, held in an array).
    public func loadTicketMetrics<IDs: Collection<Int64>>(ids: IDs) throws -> [TicketMetrics] {
        var result: [TicketMetrics] = []
        result.reserveCapacity(ids.count)
        try forEachTicketMetrics(ids: ids) { result.append($0) }
        return result
    }

    /// Hands `body` the metrics of the tickets `ids` that have stored results, one at a time in
    /// the order given, read by their primary keys, so that a caller need not hold them all. Safe
    /// to call from several threads at once (each read has a connection of its own), which a
    /// report does: the tickets resolved in the period before its own are read beside the others.
    public func forEachTicketMetrics<IDs: Collection<Int64>>(ids: IDs, _ body: (TicketMetrics) throws -> Void) throws {
        try pool.read { db in
            let reader = try TicketMetricsReader(db)
            for id in ids {
                if let metrics = try reader.metrics(id: id) { try body(metrics) }
            }
        }
    }

    /// Every resolution verdict falling in `window` (by the compliance cohort's rule: the last
    /// resolution cycle's status at the ticket's resolution, or its breach instant while the
    /// ticket is open and already late), with the team the ticket counts under. Light rows for
    /// the compliance trend, read through the index on `ticket_outcomes.resolved_at`.
    public func resolutionVerdicts(in window: Range<Instant>) throws -> [ResolutionVerdict] {
        var verdicts: [ResolutionVerdict] = []
        try forEachResolutionVerdict(in: window) { verdicts.append($0) }
        return verdicts
    }

    /// Hands `body` every verdict `resolutionVerdicts(in:)` returns, one at a time as read (a
    /// report's trend counts them without holding them: about a million over twelve months at a
    /// million tickets).
    public func forEachResolutionVerdict(in window: Range<Instant>, _ body: (ResolutionVerdict) throws -> Void) throws {
        try pool.read { db in
            // Resolved in the window: one row per outcome in the index range, with the last
            // resolution cycle's status stored on it (`v9`; a database a read-only command finds
            // not yet migrated has it only in `sla_cycles`, one seek per row), and the ticket's
            // row read only when the outcome has no team. The status is filtered here, not in SQL.
            let stored = try db.columns(in: "ticket_outcomes").contains { $0.name == "resolution_status" }
            let status = stored ? "o.resolution_status" : """
                (SELECT status FROM sla_cycles WHERE ticket_id = o.ticket_id AND metric = 'resolution'
                 ORDER BY cycle DESC LIMIT 1)
                """
            let resolved = try SQLiteStatement(db, """
                SELECT COALESCE(o.team, (SELECT team FROM tickets WHERE id = o.ticket_id)), o.resolved_at, \(status)
                FROM ticket_outcomes o WHERE o.resolved_at >= ?1 AND o.resolved_at < ?2
                """)
            resolved.bind(1, window.lowerBound.secondsSinceEpoch)
            resolved.bind(2, window.upperBound.secondsSinceEpoch)
            while try resolved.step() {
                guard let status = resolved.text(2).flatMap(SLAStatus.init(rawValue:)),
                      status == .met || status.isBreach else { continue }
                try body(ResolutionVerdict(team: resolved.text(0), judgedAt: Instant(secondsSinceEpoch: resolved.int64(1)),
                                           met: status == .met))
            }
            // Still open and already late: few rows, through the index's NULL range.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT COALESCE(o.team, t.team), r.breached_at FROM ticket_outcomes o
                JOIN tickets t ON t.id = o.ticket_id
                JOIN sla_cycles r ON r.ticket_id = o.ticket_id AND r.metric = 'resolution'
                     AND r.cycle = (SELECT MAX(cycle) FROM sla_cycles WHERE ticket_id = o.ticket_id AND metric = 'resolution')
                WHERE o.resolved_at IS NULL AND r.status = 'running_breached' AND r.breached_at >= ?1 AND r.breached_at < ?2
                """, arguments: [window.lowerBound.secondsSinceEpoch, window.upperBound.secondsSinceEpoch])
            while let row = try rows.next() {
                try body(ResolutionVerdict(team: row[0], judgedAt: Instant(secondsSinceEpoch: row[1]), met: false))
            }
        }
    }

    /// How many tickets have stored results (what a report built from every ticket looked at).
    public func replayedTicketCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_outcomes") ?? 0 }
    }

    /// The earliest creation among the tickets with stored results.
    public func earliestReplayedTicketInstant() throws -> Instant? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT t.created_at FROM tickets t JOIN ticket_outcomes o ON o.ticket_id = t.id ORDER BY t.created_at LIMIT 1
                """).map(Instant.init(secondsSinceEpoch:))
        }
    }
}
