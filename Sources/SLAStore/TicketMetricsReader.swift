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
            SELECT t.number, t.subject, t.requester, t.requester_email, t.priority, t.department, t.help_topic, t.source,
                   t.status, t.sla_plan, t.team, t.agent, t.created_at, t.last_updated_at, t.closed_at, t.source_due_at,
                   t.source_overdue, t.source_reopen_count, t.thread_count, t.manual_due_at,
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
        // Metrics carry no custom fields: their JSON is not read.
        var record = Ticket(number: s.text(0) ?? "", createdAt: Instant(secondsSinceEpoch: s.int64(12)))
        record.subject = s.text(1)
        record.requester = s.text(2)
        record.requesterEmail = s.text(3)
        record.priority = s.text(4)
        record.department = s.text(5)
        record.helpTopic = s.text(6)
        record.source = s.text(7)
        record.status = s.text(8)
        record.slaPlan = s.text(9)
        record.team = s.text(10)
        record.agent = s.text(11)
        record.lastUpdatedAt = instant(13)
        record.closedAt = instant(14)
        record.sourceDueAt = instant(15)
        record.sourceOverdue = s.optionalInt64(16).map { $0 != 0 }
        record.sourceReopenCount = s.optionalInt64(17).map { Int($0) }
        record.threadCount = s.optionalInt64(18).map { Int($0) }
        record.manualDueAt = instant(19)
        let replay = TicketReplay(
            ticketNumber: record.number, cycles: try cycles(id: id, number: record.number),
            segments: try segments(id: id, number: record.number), handoffs: Int(s.int64(29)), reopens: Int(s.int64(28)),
            finalPlan: s.text(20), finalPriority: s.text(21), finalTeam: s.text(22), finalAgent: s.text(23),
            finalDepartment: s.text(24), finalState: s.text(25).flatMap(LifecycleState.init(rawValue:)) ?? .open,
            firstResponseAt: instant(26), resolvedAt: instant(27))
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
