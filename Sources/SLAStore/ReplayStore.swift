import Foundation
import GRDB
import SLAModel

/// The last recompute: which policy and as-of instant the stored results were made with.
public struct RecomputeRun: Sendable, Hashable {
    public var policyName: String
    public var policyHash: String
    public var asOf: Instant
    public var ticketsReplayed: Int
    public var finishedAt: Instant
}

extension TicketStore {
    /// The most recent recompute, if any.
    public func lastRecompute() throws -> RecomputeRun? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM recompute_runs ORDER BY id DESC LIMIT 1").map { row in
                RecomputeRun(policyName: row["policy_name"], policyHash: row["policy_hash"],
                             asOf: Instant(secondsSinceEpoch: row["as_of"]), ticketsReplayed: row["tickets_replayed"],
                             finishedAt: Instant(secondsSinceEpoch: row["finished_at"]))
            }
        }
    }

    /// Streams every ticket (or only those whose data changed since the last recompute)
    /// with its events in stored order, one ticket at a time.
    public func forEachTicketWithEvents(onlyChanged: Bool,
                                        _ body: (Int64, Ticket, [LifecycleEvent]) throws -> Void) throws {
        try pool.read { db in try Self.forEachTicketWithEvents(db, onlyChanged: onlyChanged, body) }
    }

    /// Merges a tickets cursor and an events cursor (both by ticket id), one ticket at a time.
    static func forEachTicketWithEvents(_ db: Database, onlyChanged: Bool,
                                        _ body: (Int64, Ticket, [LifecycleEvent]) throws -> Void) throws {
        let filter = onlyChanged ? "WHERE needs_replay = 1" : ""
        let tickets = try Row.fetchCursor(db, sql: "SELECT * FROM tickets \(filter) ORDER BY id")
        let events = try Row.fetchCursor(db, sql: """
            SELECT e.* FROM events e \(onlyChanged ? "JOIN tickets t ON t.id = e.ticket_id AND t.needs_replay = 1" : "")
            ORDER BY e.ticket_id, e.occurred_at, e.id
            """)
        var pending: Row? = try events.next()
        while let row = try tickets.next() {
            let id: Int64 = row["id"]
            let ticket = Self.ticket(from: row)
            var ticketEvents: [LifecycleEvent] = []
            while let event = pending, (event["ticket_id"] as Int64) <= id {
                if (event["ticket_id"] as Int64) == id { ticketEvents.append(Self.event(from: event, number: ticket.number)) }
                pending = try events.next()
            }
            try body(id, ticket, ticketEvents)
        }
    }

    /// Replays every ticket (or only those whose data changed) and stores the results as it
    /// goes, in one write transaction: memory stays flat, and a failure stores nothing.
    /// Returns how many tickets were replayed.
    @discardableResult
    public func recompute(onlyChanged: Bool, policyName: String, policyHash: String, asOf: Instant,
                          startedAt: Instant, replay: (Ticket, [LifecycleEvent]) throws -> TicketReplay) throws -> Int {
        try write { writer in
            let db = writer.db
            var count = 0
            try Self.forEachTicketWithEvents(db, onlyChanged: onlyChanged) { id, ticket, events in
                try Self.save(try replay(ticket, events), ticketID: id, policyHash: policyHash, asOf: asOf, db: db)
                count += 1
            }
            try db.execute(sql: "UPDATE tickets SET needs_replay = 0 WHERE needs_replay = 1")
            try Self.recordRun(policyName: policyName, policyHash: policyHash, asOf: asOf, tickets: count,
                               startedAt: startedAt, db: db)
            return count
        }
    }

    /// Replays what the stored results need under a policy, deciding *inside* the write
    /// transaction what that is: every ticket when `replayAll` is set, when nothing was
    /// recomputed yet, or when the last recompute used another policy or as-of instant;
    /// otherwise only the tickets whose data changed. Deciding before the transaction would
    /// let an overlapping recompute under another policy slip in between, and this one's
    /// "changed only" results would then be stored beside the other policy's hash.
    /// Returns how many tickets were replayed and whether it was a full replay.
    @discardableResult
    public func recompute(replayAll: Bool, policyName: String, policyHash: String, asOf: Instant, startedAt: Instant,
                          replay: (Ticket, [LifecycleEvent]) throws -> TicketReplay) throws -> (replayed: Int, full: Bool) {
        try write { writer in
            let db = writer.db
            let last = try Row.fetchOne(db, sql: "SELECT policy_hash, as_of FROM recompute_runs ORDER BY id DESC LIMIT 1")
            let full = replayAll || last == nil || (last?["policy_hash"] as String?) != policyHash
                || (last?["as_of"] as Int64?) != asOf.secondsSinceEpoch
            var count = 0
            try Self.forEachTicketWithEvents(db, onlyChanged: !full) { id, ticket, events in
                try Self.save(try replay(ticket, events), ticketID: id, policyHash: policyHash, asOf: asOf, db: db)
                count += 1
            }
            try db.execute(sql: "UPDATE tickets SET needs_replay = 0 WHERE needs_replay = 1")
            try Self.recordRun(policyName: policyName, policyHash: policyHash, asOf: asOf, tickets: count,
                               startedAt: startedAt, db: db)
            return (count, full)
        }
    }

    static func ticket(from row: Row) -> Ticket {
        func instant(_ column: String) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
        var ticket = Ticket(number: row["number"], createdAt: Instant(secondsSinceEpoch: row["created_at"]))
        ticket.subject = row["subject"]
        ticket.requester = row["requester"]
        ticket.requesterEmail = row["requester_email"]
        ticket.priority = row["priority"]
        ticket.department = row["department"]
        ticket.helpTopic = row["help_topic"]
        ticket.source = row["source"]
        ticket.status = row["status"]
        ticket.slaPlan = row["sla_plan"]
        ticket.team = row["team"]
        ticket.agent = row["agent"]
        ticket.lastUpdatedAt = instant("last_updated_at")
        ticket.closedAt = instant("closed_at")
        ticket.sourceDueAt = instant("source_due_at")
        ticket.manualDueAt = instant("manual_due_at")
        ticket.sourceOverdue = (row["source_overdue"] as Int?).map { $0 != 0 }
        ticket.sourceReopenCount = row["source_reopen_count"]
        ticket.threadCount = row["thread_count"]
        if let json = row["custom_fields"] as String?, let data = json.data(using: .utf8),
           let fields = try? JSONSerialization.jsonObject(with: data) as? [String: String] {
            ticket.customFields = fields
        }
        return ticket
    }

    static func event(from row: Row, number: String) -> LifecycleEvent {
        LifecycleEvent(
            ticketNumber: number, time: Instant(secondsSinceEpoch: row["occurred_at"]),
            kind: EventKind(rawValue: row["kind"]) ?? .note, actor: row["actor"], team: row["team"], agent: row["agent"],
            department: row["department"], status: row["status"], value: row["value"],
            previousValue: row["previous_value"], identity: row["identity"], annulled: (row["annulled"] as Int) != 0)
    }

    /// Replaces the stored results of the given tickets in one transaction and records the run.
    public func saveResults(_ results: [(ticketID: Int64, replay: TicketReplay)], policyName: String,
                            policyHash: String, asOf: Instant, startedAt: Instant) throws {
        try write { writer in
            for (id, replay) in results {
                try Self.save(replay, ticketID: id, policyHash: policyHash, asOf: asOf, db: writer.db)
                try writer.db.cachedStatement(sql: "UPDATE tickets SET needs_replay = 0 WHERE id = ?").execute(arguments: [id])
            }
            try Self.recordRun(policyName: policyName, policyHash: policyHash, asOf: asOf, tickets: results.count,
                               startedAt: startedAt, db: writer.db)
        }
    }

    static func recordRun(policyName: String, policyHash: String, asOf: Instant, tickets: Int, startedAt: Instant,
                          db: Database) throws {
        let finished = Int64(Date().timeIntervalSince1970)
        try db.execute(sql: """
            INSERT INTO recompute_runs (policy_name, policy_hash, as_of, tickets_replayed, started_at, finished_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [policyName, policyHash, asOf.secondsSinceEpoch, tickets, startedAt.secondsSinceEpoch,
                             max(finished, startedAt.secondsSinceEpoch)])
    }

    /// Replaces one ticket's stored outcome, cycles and segments.
    static func save(_ replay: TicketReplay, ticketID id: Int64, policyHash: String, asOf: Instant, db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM sla_cycles WHERE ticket_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM team_segments WHERE ticket_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO ticket_outcomes (ticket_id, plan, priority, team, agent, department, state,
                first_response_at, resolved_at, reopens, handoffs, policy_hash, as_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, replay.finalPlan, replay.finalPriority, replay.finalTeam, replay.finalAgent,
                replay.finalDepartment, replay.finalState.rawValue, replay.firstResponseAt?.secondsSinceEpoch,
                replay.resolvedAt?.secondsSinceEpoch, replay.reopens, replay.handoffs, policyHash,
                asOf.secondsSinceEpoch,
            ])
        for cycle in replay.cycles {
            try db.cachedStatement(sql: """
                INSERT INTO sla_cycles (ticket_id, metric, cycle, plan, target_seconds, started_at, due_at,
                    stopped_at, elapsed_seconds, paused_seconds, wall_seconds, status, breached_at, seconds_late,
                    breach_team, breach_agent, reason, policy_hash, as_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    id, cycle.metric.rawValue, cycle.cycle, cycle.plan, cycle.targetSeconds,
                    cycle.startedAt.secondsSinceEpoch, cycle.dueAt?.secondsSinceEpoch,
                    cycle.stoppedAt?.secondsSinceEpoch, cycle.elapsedSeconds, cycle.pausedSeconds,
                    cycle.wallSeconds, cycle.status.rawValue, cycle.breachedAt?.secondsSinceEpoch,
                    cycle.secondsLate, cycle.breachTeam, cycle.breachAgent, cycle.reason, policyHash,
                    asOf.secondsSinceEpoch,
                ])
        }
        for (seq, segment) in replay.segments.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO team_segments (ticket_id, seq, team, agent, department, started_at, ended_at,
                    business_seconds, wall_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    id, seq + 1, segment.team, segment.agent, segment.department,
                    segment.startedAt.secondsSinceEpoch, segment.endedAt.secondsSinceEpoch,
                    segment.businessSeconds, segment.wallSeconds,
                ])
        }
    }

    /// Import-run totals for a report's data-quality section.
    public func importTotals() throws -> (runs: Int, rowsRead: Int, rowsRejected: Int, lastImport: Instant?) {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS runs, COALESCE(SUM(rows_read), 0) AS read, COALESCE(SUM(rows_rejected), 0) AS rejected,
                       MAX(finished_at) AS last FROM import_runs
                """)!
            return (row["runs"], row["read"], row["rejected"], (row["last"] as Int64?).map(Instant.init(secondsSinceEpoch:)))
        }
    }
}

extension TicketStore {
    /// Rows of all import runs that carried no lifecycle event, summed by kind (`import_runs.skipped_kinds`).
    public func skippedRowsByKind() throws -> [String: Int] {
        try pool.read { db in
            var totals: [String: Int] = [:]
            for json in try String.fetchAll(db, sql: "SELECT skipped_kinds FROM import_runs WHERE skipped_kinds IS NOT NULL") {
                guard let data = json.data(using: .utf8),
                      let kinds = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else { continue }
                for (kind, count) in kinds { totals[kind, default: 0] += count }
            }
            return totals
        }
    }

    /// The latest instant the data mentions (ticket creation, update, close, or event), for
    /// `--as-of data`.
    public func latestDataInstant() throws -> Instant? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MAX(x) FROM (SELECT MAX(occurred_at) AS x FROM events
                    UNION ALL SELECT MAX(COALESCE(closed_at, created_at)) FROM tickets
                    UNION ALL SELECT MAX(last_updated_at) FROM tickets)
                """).map(Instant.init(secondsSinceEpoch:))
        }
    }
}

extension TicketStore {
    /// The earliest ticket creation in the database.
    public func earliestTicketInstant() throws -> Instant? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(created_at) FROM tickets").map(Instant.init(secondsSinceEpoch:))
        }
    }
}

extension TicketStore {
    /// One ticket and its events, by ticket number.
    public func ticketWithEvents(number: String) throws -> (Ticket, [LifecycleEvent])? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tickets WHERE number = ?", arguments: [number]) else {
                return nil
            }
            let ticket = Self.ticket(from: row)
            let events = try Row.fetchAll(db, sql: "SELECT * FROM events WHERE ticket_id = ? ORDER BY occurred_at, id",
                                          arguments: [row["id"] as Int64])
                .map { Self.event(from: $0, number: number) }
            return (ticket, events)
        }
    }
}

extension TicketStore {
    /// Tickets whose data changed since the last recompute (their stored results are older).
    public func ticketsAwaitingReplay() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE needs_replay = 1") ?? 0 }
    }
}
