import GRDB
import SLAModel
import SLAEngine

/// Reads for one report that touch only the rows of its period (and the trend's periods),
/// through the `v5` indexes, instead of every ticket in the database.
extension TicketStore {
    /// The metrics of every ticket a report of `period` (and the period before it, `window`
    /// covering both) can count: created before the window's end and not resolved before its
    /// start (so created, resolved, breached or answered in it, or open at its ends), still open
    /// or paused at as-of (the due-date check looks at those), or handed to another holder
    /// during `period` (the team flow; under `first_cycle_only` a reopened ticket's resolution
    /// can be older than its later hand-offs). Read by index, one ticket at a time.
    public func loadTicketMetrics(relevantTo window: Range<Instant>, handoffsIn period: Range<Instant>) throws
        -> [TicketMetrics] {
        try pool.read { db in
            var ids = Set<Int64>()
            let start = window.lowerBound.secondsSinceEpoch, end = window.upperBound.secondsSinceEpoch
            // Resolved in or after the window (or never), created before its end.
            for id in try Int64.fetchAll(db, sql: """
                SELECT o.ticket_id FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id
                WHERE o.resolved_at >= ? AND t.created_at < ?
                """, arguments: [start, end]) { ids.insert(id) }
            for id in try Int64.fetchAll(db, sql: """
                SELECT o.ticket_id FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id
                WHERE o.resolved_at IS NULL AND t.created_at < ?
                """, arguments: [end]) { ids.insert(id) }
            for id in try Int64.fetchAll(db, sql: "SELECT ticket_id FROM ticket_outcomes WHERE state IN ('open', 'paused')") {
                ids.insert(id)
            }
            for id in try Int64.fetchAll(db, sql: """
                SELECT DISTINCT s.ticket_id FROM team_segments s JOIN ticket_outcomes o ON o.ticket_id = s.ticket_id
                WHERE s.started_at >= ? AND s.started_at < ?
                """, arguments: [period.lowerBound.secondsSinceEpoch, period.upperBound.secondsSinceEpoch]) {
                ids.insert(id)
            }
            let ticketStatement = try db.cachedStatement(sql: """
                SELECT \(Self.outcomeColumns) FROM tickets t JOIN ticket_outcomes o ON o.ticket_id = t.id WHERE t.id = ?
                """)
            let cycleStatement = try db.cachedStatement(sql: "SELECT * FROM sla_cycles WHERE ticket_id = ? ORDER BY metric, cycle")
            let segmentStatement = try db.cachedStatement(sql: "SELECT * FROM team_segments WHERE ticket_id = ? ORDER BY seq")
            var result: [TicketMetrics] = []
            result.reserveCapacity(ids.count)
            for id in ids.sorted() {
                guard let row = try Row.fetchOne(ticketStatement, arguments: [id]) else { continue }
                // Metrics carry no custom fields: their JSON is not parsed.
                let ticket = Self.ticket(from: row, customFields: false)
                let cycles = try Row.fetchAll(cycleStatement, arguments: [id]).map { Self.cycle(from: $0, number: ticket.number) }
                let segments = try Row.fetchAll(segmentStatement, arguments: [id])
                    .map { Self.segment(from: $0, number: ticket.number) }
                result.append(Self.metrics(ticket: ticket, outcome: row, cycles: cycles, segments: segments))
            }
            return result
        }
    }

    /// Every resolution verdict falling in `window` (by the compliance cohort's rule: the last
    /// resolution cycle's status at the ticket's resolution, or its breach instant while the
    /// ticket is open and already late), with the team the ticket counts under. Light rows for
    /// the compliance trend, read through the index on `ticket_outcomes.resolved_at`.
    public func resolutionVerdicts(in window: Range<Instant>) throws -> [ResolutionVerdict] {
        try pool.read { db in
            let lastResolution = """
                JOIN tickets t ON t.id = o.ticket_id
                JOIN sla_cycles r ON r.ticket_id = o.ticket_id AND r.metric = 'resolution'
                     AND r.cycle = (SELECT MAX(cycle) FROM sla_cycles WHERE ticket_id = o.ticket_id AND metric = 'resolution')
                """
            let rows = try Row.fetchCursor(db, sql: """
                SELECT COALESCE(o.team, t.team), o.resolved_at, r.status = 'met' FROM ticket_outcomes o \(lastResolution)
                WHERE o.resolved_at >= ?1 AND o.resolved_at < ?2 AND r.status IN ('met', 'breached', 'running_breached')
                UNION ALL
                SELECT COALESCE(o.team, t.team), r.breached_at, 0 FROM ticket_outcomes o \(lastResolution)
                WHERE o.resolved_at IS NULL AND r.status = 'running_breached' AND r.breached_at >= ?1 AND r.breached_at < ?2
                """, arguments: [window.lowerBound.secondsSinceEpoch, window.upperBound.secondsSinceEpoch])
            var verdicts: [ResolutionVerdict] = []
            while let row = try rows.next() {
                verdicts.append(ResolutionVerdict(team: row[0], judgedAt: Instant(secondsSinceEpoch: row[1]), met: row[2]))
            }
            return verdicts
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
