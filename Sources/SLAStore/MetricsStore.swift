import GRDB
import SLAModel
import SLAEngine

extension TicketStore {
    /// Every replayed ticket as a flat metrics row, rebuilt from the stored outcomes and cycles.
    public func loadTicketMetrics() throws -> [TicketMetrics] {
        try pool.read { db in
            let tickets = try Row.fetchCursor(db, sql: """
                SELECT t.*, o.plan AS o_plan, o.priority AS o_priority, o.team AS o_team, o.agent AS o_agent,
                       o.department AS o_department, o.state AS o_state, o.first_response_at AS o_first_response_at,
                       o.resolved_at AS o_resolved_at, o.reopens AS o_reopens, o.handoffs AS o_handoffs
                FROM tickets t JOIN ticket_outcomes o ON o.ticket_id = t.id ORDER BY t.id
                """)
            let cycles = try Row.fetchCursor(db, sql: "SELECT * FROM sla_cycles ORDER BY ticket_id, metric, cycle")
            var pending = try cycles.next()
            var result: [TicketMetrics] = []
            while let row = try tickets.next() {
                let id: Int64 = row["id"]
                let ticket = Self.ticket(from: row)
                var ticketCycles: [SLACycle] = []
                while let cycle = pending, (cycle["ticket_id"] as Int64) <= id {
                    if (cycle["ticket_id"] as Int64) == id { ticketCycles.append(Self.cycle(from: cycle, number: ticket.number)) }
                    pending = try cycles.next()
                }
                func instant(_ column: String) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
                let replay = TicketReplay(
                    ticketNumber: ticket.number, cycles: ticketCycles, segments: [], handoffs: row["o_handoffs"],
                    reopens: row["o_reopens"], finalPlan: row["o_plan"], finalPriority: row["o_priority"],
                    finalTeam: row["o_team"], finalAgent: row["o_agent"], finalDepartment: row["o_department"],
                    finalState: LifecycleState(rawValue: row["o_state"]) ?? .open,
                    firstResponseAt: instant("o_first_response_at"), resolvedAt: instant("o_resolved_at"))
                result.append(TicketMetrics(ticket: ticket, replay: replay))
            }
            return result
        }
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
