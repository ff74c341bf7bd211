import GRDB
import SLAModel
import SLAEngine

extension TicketStore {
    /// Every replayed ticket as a flat metrics row, rebuilt from the stored outcomes, cycles
    /// and holding segments (`team_segments`, which reports use for team paths and each
    /// team's share of the clock).
    public func loadTicketMetrics() throws -> [TicketMetrics] {
        try pool.read { db in
            let tickets = try Row.fetchCursor(db, sql: """
                SELECT \(Self.outcomeColumns) FROM tickets t JOIN ticket_outcomes o ON o.ticket_id = t.id ORDER BY t.id
                """)
            let cycles = try Row.fetchCursor(db, sql: "SELECT * FROM sla_cycles ORDER BY ticket_id, metric, cycle")
            var pending = try cycles.next()
            let segmentRows = try Row.fetchCursor(db, sql: "SELECT * FROM team_segments ORDER BY ticket_id, seq")
            var pendingSegment = try segmentRows.next()
            var result: [TicketMetrics] = []
            while let row = try tickets.next() {
                let id: Int64 = row["id"]
                let ticket = Self.ticket(from: row)
                var ticketCycles: [SLACycle] = []
                while let cycle = pending, (cycle["ticket_id"] as Int64) <= id {
                    if (cycle["ticket_id"] as Int64) == id { ticketCycles.append(Self.cycle(from: cycle, number: ticket.number)) }
                    pending = try cycles.next()
                }
                var ticketSegments: [HoldingSegment] = []
                while let segment = pendingSegment, (segment["ticket_id"] as Int64) <= id {
                    if (segment["ticket_id"] as Int64) == id {
                        ticketSegments.append(Self.segment(from: segment, number: ticket.number))
                    }
                    pendingSegment = try segmentRows.next()
                }
                result.append(Self.metrics(ticket: ticket, outcome: row, cycles: ticketCycles, segments: ticketSegments))
            }
            return result
        }
    }

    /// The columns `metrics(ticket:outcome:...)` reads, for a query of `tickets t JOIN ticket_outcomes o`.
    static let outcomeColumns = """
        t.*, o.plan AS o_plan, o.priority AS o_priority, o.team AS o_team, o.agent AS o_agent,
        o.department AS o_department, o.state AS o_state, o.first_response_at AS o_first_response_at,
        o.resolved_at AS o_resolved_at, o.reopens AS o_reopens, o.handoffs AS o_handoffs
        """

    /// One ticket's metrics from its row (with the `o_` outcome columns), cycles and segments.
    static func metrics(ticket: Ticket, outcome row: Row, cycles: [SLACycle], segments: [HoldingSegment]) -> TicketMetrics {
        func instant(_ column: String) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
        let replay = TicketReplay(
            ticketNumber: ticket.number, cycles: cycles, segments: segments, handoffs: row["o_handoffs"],
            reopens: row["o_reopens"], finalPlan: row["o_plan"], finalPriority: row["o_priority"],
            finalTeam: row["o_team"], finalAgent: row["o_agent"], finalDepartment: row["o_department"],
            finalState: LifecycleState(rawValue: row["o_state"]) ?? .open,
            firstResponseAt: instant("o_first_response_at"), resolvedAt: instant("o_resolved_at"))
        return TicketMetrics(ticket: ticket, replay: replay)
    }

    static func segment(from row: Row, number: String) -> HoldingSegment {
        HoldingSegment(
            ticketNumber: number, team: row["team"], agent: row["agent"], department: row["department"],
            startedAt: Instant(secondsSinceEpoch: row["started_at"]), endedAt: Instant(secondsSinceEpoch: row["ended_at"]),
            businessSeconds: row["business_seconds"], wallSeconds: row["wall_seconds"])
    }

    static func cycle(from row: Row, number: String) -> SLACycle {
        func instant(_ column: String) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
        return SLACycle(
            ticketNumber: number, metric: SLAMetric(rawValue: row["metric"]) ?? .resolution, cycle: row["cycle"],
            plan: row["plan"], targetSeconds: row["target_seconds"], startedAt: Instant(secondsSinceEpoch: row["started_at"]),
            dueAt: instant("due_at"), stoppedAt: instant("stopped_at"), elapsedSeconds: row["elapsed_seconds"],
            pausedSeconds: row["paused_seconds"], wallSeconds: row["wall_seconds"],
            status: SLAStatus(rawValue: row["status"]) ?? .notMeasurable, breachedAt: instant("breached_at"),
            secondsLate: row["seconds_late"], breachTeam: row["breach_team"], breachAgent: row["breach_agent"],
            reason: row["reason"])
    }
}

/// One recorded import run, for a report's data-quality section.
public struct ImportRunSummary: Sendable, Hashable {
    public var file: String
    public var format: String
    public var rowsRead: Int
    public var rowsRejected: Int
    public var finishedAt: Instant
}

extension TicketStore {
    /// The most recent import runs, newest first.
    public func recentImportRuns(limit: Int = 10) throws -> [ImportRunSummary] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT file, format, rows_read, rows_rejected, finished_at FROM import_runs
                ORDER BY finished_at DESC, id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                ImportRunSummary(file: row["file"], format: row["format"], rowsRead: row["rows_read"],
                                 rowsRejected: row["rows_rejected"],
                                 finishedAt: Instant(secondsSinceEpoch: row["finished_at"]))
            }
        }
    }
}

/// A value from `TicketStore.typedQuery`, with SQLite's storage class.
public enum QueryValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Int)

    /// The value as text for tables and CSV (nil for NULL).
    public var text: String? {
        switch self {
        case .null: return nil
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return value
        case .blob(let count): return "<\(count) bytes>"
        }
    }
}

extension TicketStore {
    /// Runs one read-only statement (SELECT, WITH, read-only PRAGMA) and returns column
    /// names and typed values. Statements that would write are refused before they run.
    public func typedQuery(_ sql: String) throws -> (columns: [String], rows: [[QueryValue]]) {
        try pool.read { db in
            let statement = try db.makeStatement(sql: sql)
            guard statement.isReadonly else { throw StoreError.database("only read-only statements are allowed") }
            let columns = statement.columnNames
            var rows: [[QueryValue]] = []
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() {
                rows.append((0 ..< row.count).map { index in
                    switch (row[index] as DatabaseValue).storage {
                    case .null: return .null
                    case .int64(let value): return .integer(value)
                    case .double(let value): return .real(value)
                    case .string(let value): return .text(value)
                    case .blob(let data): return .blob(data.count)
                    }
                })
            }
            return (columns, rows)
        }
    }
}
