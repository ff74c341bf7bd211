import GRDB
import SLAModel

/// Writes replay results (outcome, cycles, segments of one ticket at a time) through
/// statements prepared once and bound with SQLite's C API. With `replacing`, a ticket's
/// earlier results are deleted first and its rows inserted one by one; a full recompute empties
/// the tables beforehand instead and gathers each table's rows, inserted 32 per statement
/// (`MultiRowInsert`, through `flush()`). The as-of instant, the same in every row, is bound
/// once (SQLite keeps bindings across executions); the policy hash is the run's
/// (`recompute_runs`), not the rows' (`v10`).
final class ReplayResultWriter {
    private let replacing: Bool
    private let deleteCycles: SQLiteStatement
    private let deleteSegments: SQLiteStatement
    private let insertOutcome: SQLiteStatement
    private let insertCycle: SQLiteStatement
    private let insertSegment: SQLiteStatement
    /// The texts of the ticket being stored, bound without SQLite's own copy (about 28 a ticket;
    /// each was a malloc, a copy and a free). Every text parameter bound through it is bound
    /// again before its statement's next step, so no step reads a text of an earlier ticket.
    private let arena = BoundTextArena()
    private let asOf: Instant
    /// Each table's rows, gathered (a full recompute's).
    private let gathered: (outcomes: MultiRowInsert, cycles: MultiRowInsert, segments: MultiRowInsert)?

    private static let outcomeColumns = ["ticket_id", "plan", "priority", "team", "agent", "department", "state",
                                         "first_response_at", "resolved_at", "reopens", "handoffs", "as_of", "resolution_status"]
    private static let cycleColumns = ["ticket_id", "metric", "cycle", "plan", "target_seconds", "started_at", "due_at",
                                       "stopped_at", "elapsed_seconds", "paused_seconds", "wall_seconds", "status", "breached_at",
                                       "seconds_late", "breach_team", "breach_agent", "reason", "as_of"]
    private static let segmentColumns = ["ticket_id", "seq", "team", "agent", "department", "started_at", "ended_at",
                                         "business_seconds", "wall_seconds"]

    init(_ db: Database, replacing: Bool, asOf: Instant) throws {
        self.replacing = replacing
        self.asOf = asOf
        gathered = replacing ? nil : (
            try MultiRowInsert(db: db, insert: "INSERT OR REPLACE INTO ticket_outcomes", columns: Self.outcomeColumns),
            try MultiRowInsert(db: db, insert: "INSERT INTO sla_cycles", columns: Self.cycleColumns),
            try MultiRowInsert(db: db, insert: "INSERT INTO team_segments", columns: Self.segmentColumns))
        deleteCycles = try SQLiteStatement(db, "DELETE FROM sla_cycles WHERE ticket_id = ?1")
        deleteSegments = try SQLiteStatement(db, "DELETE FROM team_segments WHERE ticket_id = ?1")
        insertOutcome = try SQLiteStatement(db, """
            INSERT OR REPLACE INTO ticket_outcomes (ticket_id, plan, priority, team, agent, department, state,
                first_response_at, resolved_at, reopens, handoffs, as_of, resolution_status)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
        insertCycle = try SQLiteStatement(db, """
            INSERT INTO sla_cycles (ticket_id, metric, cycle, plan, target_seconds, started_at, due_at,
                stopped_at, elapsed_seconds, paused_seconds, wall_seconds, status, breached_at, seconds_late,
                breach_team, breach_agent, reason, as_of)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
            """)
        insertSegment = try SQLiteStatement(db, """
            INSERT INTO team_segments (ticket_id, seq, team, agent, department, started_at, ended_at,
                business_seconds, wall_seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        insertOutcome.bind(12, asOf.secondsSinceEpoch)
        insertCycle.bind(18, asOf.secondsSinceEpoch)
    }

    /// The status of the ticket's last resolution cycle (`ticket_outcomes.resolution_status`).
    static func lastResolutionStatus(of replay: TicketReplay) -> SLAStatus? {
        replay.cycles.lazy.filter { $0.metric == .resolution }.max { $0.cycle < $1.cycle }?.status
    }

    /// Stores one ticket's outcome, cycles and segments (replacing what it had); in a full
    /// recompute they are gathered, and stored by `flush()` at the latest.
    func save(_ replay: TicketReplay, ticketID id: Int64) throws {
        if let gathered {
            try gather(replay, ticketID: id, into: gathered)
            return
        }
        arena.startRow()
        if replacing {
            deleteCycles.bind(1, id)
            try deleteCycles.execute()
            deleteSegments.bind(1, id)
            try deleteSegments.execute()
        }
        let outcome = insertOutcome
        outcome.bind(1, id)
        arena.bind(outcome.handle, 2, replay.finalPlan)
        arena.bind(outcome.handle, 3, replay.finalPriority)
        arena.bind(outcome.handle, 4, replay.finalTeam)
        arena.bind(outcome.handle, 5, replay.finalAgent)
        arena.bind(outcome.handle, 6, replay.finalDepartment)
        arena.bind(outcome.handle, 7, replay.finalState.rawValue)
        outcome.bind(8, replay.firstResponseAt?.secondsSinceEpoch)
        outcome.bind(9, replay.resolvedAt?.secondsSinceEpoch)
        outcome.bind(10, replay.reopens)
        outcome.bind(11, replay.handoffs)
        arena.bind(outcome.handle, 13, Self.lastResolutionStatus(of: replay)?.rawValue)
        try outcome.execute()
        for cycle in replay.cycles {
            let statement = insertCycle
            statement.bind(1, id)
            arena.bind(statement.handle, 2, cycle.metric.rawValue)
            statement.bind(3, cycle.cycle)
            arena.bind(statement.handle, 4, cycle.plan)
            statement.bind(5, cycle.targetSeconds)
            statement.bind(6, cycle.startedAt.secondsSinceEpoch)
            statement.bind(7, cycle.dueAt?.secondsSinceEpoch)
            statement.bind(8, cycle.stoppedAt?.secondsSinceEpoch)
            statement.bind(9, cycle.elapsedSeconds)
            statement.bind(10, cycle.pausedSeconds)
            statement.bind(11, cycle.wallSeconds)
            arena.bind(statement.handle, 12, cycle.status.rawValue)
            statement.bind(13, cycle.breachedAt?.secondsSinceEpoch)
            statement.bind(14, cycle.secondsLate)
            arena.bind(statement.handle, 15, cycle.breachTeam)
            arena.bind(statement.handle, 16, cycle.breachAgent)
            arena.bind(statement.handle, 17, cycle.reason)
            try statement.execute()
        }
        for (seq, segment) in replay.segments.enumerated() {
            let statement = insertSegment
            statement.bind(1, id)
            statement.bind(2, seq + 1)
            arena.bind(statement.handle, 3, segment.team)
            arena.bind(statement.handle, 4, segment.agent)
            arena.bind(statement.handle, 5, segment.department)
            statement.bind(6, segment.startedAt.secondsSinceEpoch)
            statement.bind(7, segment.endedAt.secondsSinceEpoch)
            statement.bind(8, segment.businessSeconds)
            statement.bind(9, segment.wallSeconds)
            try statement.execute()
        }
    }

    /// Stores the rows gathered so far (nothing to do when replacing).
    func flush() throws {
        guard let gathered else { return }
        for rows in [gathered.outcomes, gathered.cycles, gathered.segments] {
            try rows.insert()
            rows.removeAll()
        }
    }

    /// The same rows as `save` stores one by one, in the same column order.
    private func gather(_ replay: TicketReplay, ticketID id: Int64,
                        into tables: (outcomes: MultiRowInsert, cycles: MultiRowInsert, segments: MultiRowInsert)) throws {
        let asOf = asOf.secondsSinceEpoch
        let outcome = tables.outcomes
        try outcome.makeRoom()
        outcome.append(id)
        outcome.append(replay.finalPlan)
        outcome.append(replay.finalPriority)
        outcome.append(replay.finalTeam)
        outcome.append(replay.finalAgent)
        outcome.append(replay.finalDepartment)
        outcome.append(replay.finalState.rawValue)
        outcome.append(replay.firstResponseAt?.secondsSinceEpoch)
        outcome.append(replay.resolvedAt?.secondsSinceEpoch)
        outcome.append(replay.reopens)
        outcome.append(replay.handoffs)
        outcome.append(asOf)
        outcome.append(Self.lastResolutionStatus(of: replay)?.rawValue)
        let cycles = tables.cycles
        for cycle in replay.cycles {
            try cycles.makeRoom()
            cycles.append(id)
            cycles.append(cycle.metric.rawValue)
            cycles.append(cycle.cycle)
            cycles.append(cycle.plan)
            cycles.append(cycle.targetSeconds)
            cycles.append(cycle.startedAt.secondsSinceEpoch)
            cycles.append(cycle.dueAt?.secondsSinceEpoch)
            cycles.append(cycle.stoppedAt?.secondsSinceEpoch)
            cycles.append(cycle.elapsedSeconds)
            cycles.append(cycle.pausedSeconds)
            cycles.append(cycle.wallSeconds)
            cycles.append(cycle.status.rawValue)
            cycles.append(cycle.breachedAt?.secondsSinceEpoch)
            cycles.append(cycle.secondsLate)
            cycles.append(cycle.breachTeam)
            cycles.append(cycle.breachAgent)
            cycles.append(cycle.reason)
            cycles.append(asOf)
        }
        let segments = tables.segments
        for (seq, segment) in replay.segments.enumerated() {
            try segments.makeRoom()
            segments.append(id)
            segments.append(seq + 1)
            segments.append(segment.team)
            segments.append(segment.agent)
            segments.append(segment.department)
            segments.append(segment.startedAt.secondsSinceEpoch)
            segments.append(segment.endedAt.secondsSinceEpoch)
            segments.append(segment.businessSeconds)
            segments.append(segment.wallSeconds)
        }
    }
}
