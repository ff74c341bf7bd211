import GRDB
import SLAModel

/// Writes replay results (outcome, cycles, segments of one ticket at a time). Each table's rows
/// are gathered and inserted 32 per statement (`MultiRowInsert`): a full recompute (the tables
/// emptied beforehand) stores them by `flush()` at the latest; with `replacing`, a ticket's
/// earlier results are deleted first and its own rows stored at once. The policy hash is the
/// run's (`recompute_runs`), not the rows' (`v10`).
final class ReplayResultWriter {
    private let replacing: Bool
    private let deleteOutcome: SQLiteStatement
    private let deleteCycles: SQLiteStatement
    private let deleteSegments: SQLiteStatement
    private let asOf: Instant
    private let outcomes: MultiRowInsert
    private let cycles: MultiRowInsert
    private let segments: MultiRowInsert

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
        // OR FAIL, not the default ABORT: a statement that may abort halfway through its rows
        // makes SQLite copy every page it changes to a statement journal first (a temporary
        // file once it grew past 64 KiB), so that only that statement can be undone. Any error
        // here undoes the whole transaction anyway. At 1M tickets those copies were 6.0M of the
        // recompute's 6.6M write calls.
        outcomes = try MultiRowInsert(db: db, insert: "INSERT OR FAIL INTO ticket_outcomes", columns: Self.outcomeColumns)
        cycles = try MultiRowInsert(db: db, insert: "INSERT OR FAIL INTO sla_cycles", columns: Self.cycleColumns)
        segments = try MultiRowInsert(db: db, insert: "INSERT OR FAIL INTO team_segments", columns: Self.segmentColumns)
        deleteOutcome = try SQLiteStatement(db, "DELETE FROM ticket_outcomes WHERE ticket_id = ?1")
        deleteCycles = try SQLiteStatement(db, "DELETE FROM sla_cycles WHERE ticket_id = ?1")
        deleteSegments = try SQLiteStatement(db, "DELETE FROM team_segments WHERE ticket_id = ?1")
    }

    /// The status of the ticket's last resolution cycle (`ticket_outcomes.resolution_status`).
    static func lastResolutionStatus(of replay: TicketReplay) -> SLAStatus? {
        replay.cycles.lazy.filter { $0.metric == .resolution }.max { $0.cycle < $1.cycle }?.status
    }

    /// Stores one ticket's outcome, cycles and segments, replacing what it had; in a full
    /// recompute they are gathered, and stored by `flush()` at the latest.
    func save(_ replay: TicketReplay, ticketID id: Int64) throws {
        guard replacing else { return try gather(replay, ticketID: id) }
        deleteOutcome.bind(1, id)
        try deleteOutcome.execute()
        deleteCycles.bind(1, id)
        try deleteCycles.execute()
        deleteSegments.bind(1, id)
        try deleteSegments.execute()
        try gather(replay, ticketID: id)
        try flush()
    }

    /// Stores the rows gathered so far.
    func flush() throws {
        for rows in [outcomes, cycles, segments] {
            try rows.insert()
            rows.removeAll()
        }
    }

    /// Appends the ticket's rows to each table's (inserting a full batch first).
    private func gather(_ replay: TicketReplay, ticketID id: Int64) throws {
        let asOf = asOf.secondsSinceEpoch
        let outcome = outcomes
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
