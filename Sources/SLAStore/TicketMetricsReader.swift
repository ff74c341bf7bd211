import GRDB
import SLAModel
import SLAEngine

/// Reads one ticket's stored metrics (ticket, outcome, cycles, holding segments) by id through
/// three statements prepared once and read by column index through SQLite's C API: a report
/// reads tens of thousands of tickets this way, and GRDB's rows looked every column up by name
/// (most of the report's reading time at 1M tickets). Builds the same `TicketMetrics` as
/// `TicketStore.metrics(ticket:outcome:cycles:segments:)` from named rows.
final class TicketMetricsReader {
    private let ticket: SQLiteStatement
    private let cycles: SQLiteStatement
    private let segments: SQLiteStatement

    init(_ db: Database) throws {
        ticket = try SQLiteStatement(db, """
            SELECT \(TicketStore.ticketColumns(prefix: "t.")),
                   o.plan, o.priority, o.team, o.agent, o.department, o.state, o.first_response_at, o.resolved_at,
                   o.reopens, o.handoffs
            FROM tickets t JOIN ticket_outcomes o ON o.ticket_id = t.id WHERE t.id = ?
            """)
        cycles = try SQLiteStatement(db, """
            SELECT metric, cycle, plan, target_seconds, started_at, due_at, stopped_at, elapsed_seconds, paused_seconds,
                   wall_seconds, status, breached_at, seconds_late, breach_team, breach_agent, reason
            FROM sla_cycles WHERE ticket_id = ? ORDER BY metric, cycle
            """)
        segments = try SQLiteStatement(db, """
            SELECT team, agent, department, started_at, ended_at, business_seconds, wall_seconds
            FROM team_segments WHERE ticket_id = ? ORDER BY seq
            """)
    }

    /// The metrics of ticket `id`, or nil when it has no stored outcome.
    func metrics(id: Int64) throws -> TicketMetrics? {
        ticket.bind(1, id)
        defer { ticket.reset() }
        guard try ticket.step() else { return nil }
        let s = ticket
        func instant(_ column: Int32) -> Instant? { s.optionalInt64(column).map(Instant.init(secondsSinceEpoch:)) }
        // Metrics carry no custom fields: their JSON is not parsed.
        let record = TicketStore.ticket(from: s, customFields: false)
        // The outcome's columns follow the ticket's 22.
        let replay = TicketReplay(
            ticketNumber: record.number, cycles: try cycles(id: id, number: record.number),
            segments: try segments(id: id, number: record.number), handoffs: Int(s.int64(31)), reopens: Int(s.int64(30)),
            finalPlan: s.text(22), finalPriority: s.text(23), finalTeam: s.text(24), finalAgent: s.text(25),
            finalDepartment: s.text(26), finalState: s.text(27).flatMap(LifecycleState.init(rawValue:)) ?? .open,
            firstResponseAt: instant(28), resolvedAt: instant(29))
        return TicketMetrics(ticket: record, replay: replay)
    }

    private func cycles(id: Int64, number: String) throws -> [SLACycle] {
        let s = cycles
        s.bind(1, id)
        defer { s.reset() }
        func instant(_ column: Int32) -> Instant? { s.optionalInt64(column).map(Instant.init(secondsSinceEpoch:)) }
        var result: [SLACycle] = []
        while try s.step() {
            result.append(SLACycle(
                ticketNumber: number, metric: s.text(0).flatMap(SLAMetric.init(rawValue:)) ?? .resolution,
                cycle: Int(s.int64(1)), plan: s.text(2), targetSeconds: s.optionalInt64(3),
                startedAt: Instant(secondsSinceEpoch: s.int64(4)), dueAt: instant(5), stoppedAt: instant(6),
                elapsedSeconds: s.int64(7), pausedSeconds: s.int64(8), wallSeconds: s.int64(9),
                status: s.text(10).flatMap(SLAStatus.init(rawValue:)) ?? .notMeasurable, breachedAt: instant(11),
                secondsLate: s.optionalInt64(12), breachTeam: s.text(13), breachAgent: s.text(14), reason: s.text(15)))
        }
        return result
    }

    private func segments(id: Int64, number: String) throws -> [HoldingSegment] {
        let s = segments
        s.bind(1, id)
        defer { s.reset() }
        var result: [HoldingSegment] = []
        while try s.step() {
            result.append(HoldingSegment(
                ticketNumber: number, team: s.text(0), agent: s.text(1), department: s.text(2),
                startedAt: Instant(secondsSinceEpoch: s.int64(3)), endedAt: Instant(secondsSinceEpoch: s.int64(4)),
                businessSeconds: s.int64(5), wallSeconds: s.int64(6)))
        }
        return result
    }
}
