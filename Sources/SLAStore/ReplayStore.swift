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
    /// The zone of the policy's first business calendar (not 24x7), where it has one: the
    /// reports' default zone. Nil for runs before `v18`.
    public var calendarZone: String?
}

extension TicketStore {
    /// The most recent recompute, if any.
    public func lastRecompute() throws -> RecomputeRun? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM recompute_runs ORDER BY id DESC LIMIT 1").map { row in
                RecomputeRun(policyName: row["policy_name"], policyHash: row["policy_hash"],
                             asOf: Instant(secondsSinceEpoch: row["as_of"]), ticketsReplayed: row["tickets_replayed"],
                             finishedAt: Instant(secondsSinceEpoch: row["finished_at"]), calendarZone: row["calendar_zone"])
            }
        }
    }

    /// Streams every ticket (or only those whose data changed since the last recompute)
    /// with its events in stored order, one ticket at a time.
    public func forEachTicketWithEvents(onlyChanged: Bool,
                                        _ body: (Int64, Ticket, [LifecycleEvent]) throws -> Void) throws {
        try pool.read { db in try Self.forEachTicketWithEvents(db, onlyChanged: onlyChanged, columns: .all, body) }
    }

    /// Streams tickets with their events (see `TicketEventReader`) to `body`, one ticket at a time.
    static func forEachTicketWithEvents(_ db: Database, onlyChanged: Bool, columns: TicketEventReader.Columns,
                                        _ body: (Int64, Ticket, [LifecycleEvent]) throws -> Void) throws {
        let reader = try TicketEventReader(db, onlyChanged: onlyChanged, columns: columns)
        while let (id, ticket, events) = try reader.next() { try body(id, ticket, events) }
    }

    /// The ticket columns `ticket(from:customFields:)` reads, in its order (`id` first), each
    /// prefixed with `prefix` (a table alias and a dot, or nothing).
    static func ticketColumns(prefix: String) -> String {
        ticketColumnNames.map { prefix + $0 }.joined(separator: ", ")
    }

    /// The ticket columns `ticket(from:customFields:repeatedTexts:)` reads, in its order.
    static let ticketColumnNames = [
        "id", "number", "subject", "requester", "requester_email", "priority", "department", "help_topic", "source",
        "status", "sla_plan", "team", "agent", "created_at", "last_updated_at", "closed_at", "source_due_at",
        "source_overdue", "source_reopen_count", "thread_count", "custom_fields", "manual_due_at"]

    /// The ticket of the current row of a statement selecting `ticketColumns` first, by column
    /// index. `customFields` parses the custom fields' JSON (the replay and reports do not use it);
    /// `repeatedTexts`, when given, makes each distinct priority, department, status, plan, team
    /// and agent once (see `InternedText`), for readers of every ticket.
    static func ticket(from row: SQLiteStatement, customFields: Bool,
                       repeatedTexts: InternedText<String>? = nil) -> Ticket {
        func instant(_ column: Int32) -> Instant? { row.optionalInt64(column).map(Instant.init(secondsSinceEpoch:)) }
        func repeated(_ column: Int32) -> String? {
            if let repeatedTexts { return row.text(column, repeatedTexts) }
            return row.text(column)
        }
        // One call of the whole initializer (inlinable): assigning the fields one by one destroyed
        // each field's default first and copied the ticket (callgrind, a full recompute of the
        // 100k desk: this function 620M -> 443M instructions).
        return Ticket(
            number: row.text(1) ?? "", createdAt: Instant(secondsSinceEpoch: row.int64(13)), subject: row.text(2),
            requester: row.text(3), requesterEmail: row.text(4), priority: repeated(5), department: repeated(6),
            helpTopic: row.text(7), source: row.text(8), status: repeated(9), lastUpdatedAt: instant(14),
            closedAt: instant(15), slaPlan: repeated(10), agent: repeated(12), team: repeated(11),
            sourceDueAt: instant(16), sourceOverdue: row.optionalInt64(17).map { $0 != 0 },
            sourceReopenCount: row.optionalInt64(18).map { Int($0) }, threadCount: row.optionalInt64(19).map { Int($0) },
            customFields: customFields ? row.text(20).map(Self.customFields) ?? [:] : [:], manualDueAt: instant(21))
    }

    static func customFields(_ json: String) -> [String: String] {
        guard let data = json.data(using: .utf8),
              let fields = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return fields
    }

    /// Replays every ticket (or only those whose data changed) and stores the results as it
    /// goes, in one write transaction: memory stays flat, and a failure stores nothing.
    /// A full recompute empties the result tables first and keeps their indexes up to date as it
    /// stores: results come in ticket order, so each index's insertion point moves steadily and
    /// its pages stay in the cache, while building them after the load was three scans and sorts
    /// on one thread with the other core idle (1M desk, five alternating runs each: 18.2-18.5 s
    /// against 18.4-19.1 s; peak 118 MB against 160 MB).
    /// With `asOfMovedFrom` (the previous recompute's as-of instant, earlier than `asOf`, same
    /// policy), the tickets whose results can depend on the as-of instant are replayed too
    /// (see `markAsOfSensitiveForReplay`); the others' results hold at any later instant.
    /// `replay` and `progress` (called with the number of tickets replayed so far) run on the
    /// calling thread while other threads read and store (see `replayAndStore`); the tickets
    /// and events `replay` gets carry only what a replay uses (`TicketEventReader.Columns.replayed`).
    /// Returns how many tickets were replayed.
    @discardableResult
    public func recompute(onlyChanged: Bool, policyName: String, policyHash: String, asOf: Instant,
                          startedAt: Instant, asOfMovedFrom previousAsOf: Instant? = nil, calendarZone: String? = nil,
                          progress: ((Int) -> Void)? = nil,
                          replay: (Ticket, [LifecycleEvent]) throws -> TicketReplay) throws -> Int {
        try write(checkingForeignKeys: false) { writer in
            try Self.replayAndStore(writer.db, readers: pool, onlyChanged: onlyChanged, asOfMovedFrom: previousAsOf,
                                    policyName: policyName, policyHash: policyHash, calendarZone: calendarZone, asOf: asOf,
                                    startedAt: startedAt, progress: progress, replay: replay)
        }
    }

    /// Replays and stores on three threads: a full recompute reads on a connection of `readers`
    /// (`RecomputeReadThread`), `RecomputeStoreThread` stores on `db`'s, and the calling thread
    /// replays. A recompute of some tickets reads on `db`'s connection (what it replays is marked
    /// there, uncommitted), on the store thread.
    static func replayAndStore(_ db: Database, readers: DatabasePool, onlyChanged: Bool,
                               asOfMovedFrom previousAsOf: Instant?, policyName: String, policyHash: String,
                               calendarZone: String?, asOf: Instant, startedAt: Instant, progress: ((Int) -> Void)?,
                               replay: (Ticket, [LifecycleEvent]) throws -> TicketReplay) throws -> Int {
        try db.execute(sql: "PRAGMA cache_size = -65536")
        if onlyChanged, let previousAsOf { try Self.markAsOfSensitiveForReplay(since: previousAsOf, db: db) }
        if !onlyChanged {
            try db.execute(sql: """
                DELETE FROM sla_cycles; DELETE FROM team_segments; DELETE FROM ticket_outcomes;
                """)
        }
        let results = try ReplayResultWriter(db, replacing: onlyChanged, asOf: asOf)
        // This thread replays and leaves the database alone until the other threads have ended.
        let handOff = RecomputeHandOff(capacity: 4)
        if onlyChanged {
            let reader = try TicketEventReader(db, onlyChanged: true, columns: .replayed)
            RecomputeStoreThread.start(reader: reader, writer: results, handOff: handOff)
        } else {
            // Started inside this transaction, after it emptied only the result tables: the
            // reader sees the tickets and events this transaction sees.
            RecomputeReadThread.start(pool: readers, handOff: handOff)
            RecomputeStoreThread.start(reader: nil, writer: results, handOff: handOff)
        }
        var count = 0
        do {
            while var batch = handOff.nextToReplay() {
                // Read from arrays this loop does not change: an element of `batch`, which the loop
                // appends to, was copied for every call (a ticket's strings retained and released).
                let tickets = batch.tickets, events = batch.events
                batch.events = []
                var replays: [TicketReplay] = []
                replays.reserveCapacity(tickets.count)
                for index in tickets.indices {
                    replays.append(try replay(tickets[index], events[index]))
                    count += 1
                    progress?(count)
                }
                batch.replays = replays
                handOff.handBack(batch)
            }
        } catch {
            handOff.cancel()
            _ = handOff.waitForThreads()
            throw error
        }
        handOff.finishReplay()
        if let error = handOff.waitForThreads() { throw error }
        if !onlyChanged {
            // Nothing to do unless someone dropped one (each is `IF NOT EXISTS`): then it is built
            // here, where the reading and replaying threads have ended and the sorter may use their cores.
            try IndexBuildThreads.building(in: db) {
                try db.execute(sql: Schema.resultIndexes + Schema.unfinishedOutcomesIndex)
            }
        }
        try db.execute(sql: "UPDATE tickets SET needs_replay = 0 WHERE needs_replay = 1")
        try Self.recordRun(policyName: policyName, policyHash: policyHash, calendarZone: calendarZone, asOf: asOf,
                           tickets: count, startedAt: startedAt, db: db)
        return count
    }

    /// Replays what the stored results need under a policy, deciding *inside* the write
    /// transaction what that is: every ticket when `replayAll` is set, when nothing was
    /// recomputed yet, when the last recompute used another policy, or when the as-of instant
    /// moved back; when it moved forward, the changed tickets and those not finished at the
    /// previous as-of (see `markAsOfSensitiveForReplay`); otherwise only the changed tickets.
    /// Deciding before the transaction would let an overlapping recompute under another policy
    /// slip in between, and this one's "changed only" results would then be stored beside the
    /// other policy's hash. `replay` and `progress` run as in `recompute(onlyChanged:...)`.
    /// Returns how many tickets were replayed and whether it was a full replay.
    /// - Parameter calendarZone: the zone of the policy's first business calendar, recorded on the
    ///   run as the reports' default zone.
    @discardableResult
    public func recompute(replayAll: Bool, policyName: String, policyHash: String, asOf: Instant, startedAt: Instant,
                          calendarZone: String? = nil, progress: ((Int) -> Void)? = nil,
                          replay: (Ticket, [LifecycleEvent]) throws -> TicketReplay) throws -> (replayed: Int, full: Bool) {
        try write(checkingForeignKeys: false) { writer in
            let db = writer.db
            let last = try Row.fetchOne(db, sql: "SELECT policy_hash, as_of FROM recompute_runs ORDER BY id DESC LIMIT 1")
            let lastAsOf = last?["as_of"] as Int64?
            let samePolicy = last != nil && (last?["policy_hash"] as String?) == policyHash
            let movedForward = samePolicy && (lastAsOf ?? .max) < asOf.secondsSinceEpoch
            let full = replayAll || !samePolicy || (lastAsOf != asOf.secondsSinceEpoch && !movedForward)
            let count = try Self.replayAndStore(
                db, readers: pool, onlyChanged: !full, asOfMovedFrom: movedForward && !full ? lastAsOf.map(Instant.init(secondsSinceEpoch:)) : nil,
                policyName: policyName, policyHash: policyHash, calendarZone: calendarZone, asOf: asOf, startedAt: startedAt,
                progress: progress, replay: replay)
            return (count, full)
        }
    }

    /// Marks for replay every ticket whose stored results could differ when replayed at a later
    /// as-of instant than `previousAsOf`: not resolved or not in a resolved or closed state then
    /// (a clock still running, open, paused, or reopened), or created or with an event after it. A ticket whose clocks had all stopped by then
    /// replays to the same cycles, segments and outcome at any later instant, so it is left as is
    /// (its rows keep the as-of instant they were replayed at).
    static func markAsOfSensitiveForReplay(since previousAsOf: Instant, db: Database) throws {
        let at = previousAsOf.secondsSinceEpoch
        // Each set is read through an index (the unfinished outcomes through the small partial
        // `outcomes_unfinished`, not by scanning every outcome). A running clock implies no resolution yet
        // (`resolved_at` is the last resolution cycle's stop, and first response stops at the
        // first resolution at the latest); a queue-only ticket closed after the previous as-of was
        // open then; a ticket never replayed still needs replay.
        try db.execute(sql: """
            UPDATE tickets SET needs_replay = 1 WHERE needs_replay = 0 AND id IN (
                SELECT ticket_id FROM ticket_outcomes WHERE \(Schema.unfinishedOutcome)
                UNION SELECT id FROM tickets WHERE created_at > ?1
                UNION SELECT ticket_id FROM events WHERE occurred_at > ?1)
            """, arguments: [at])
    }

    static func ticket(from row: Row, customFields parsesCustomFields: Bool = true) -> Ticket {
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
        if parsesCustomFields, let json = row["custom_fields"] as String? { ticket.customFields = customFields(json) }
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
            let saver = try ReplayResultWriter(writer.db, replacing: true, asOf: asOf)
            for (id, replay) in results {
                try saver.save(replay, ticketID: id)
                try writer.db.cachedStatement(sql: "UPDATE tickets SET needs_replay = 0 WHERE id = ?").execute(arguments: [id])
            }
            try Self.recordRun(policyName: policyName, policyHash: policyHash, calendarZone: nil, asOf: asOf,
                               tickets: results.count, startedAt: startedAt, db: writer.db)
        }
    }

    static func recordRun(policyName: String, policyHash: String, calendarZone: String?, asOf: Instant, tickets: Int,
                          startedAt: Instant, db: Database) throws {
        let finished = Int64(Date().timeIntervalSince1970)
        try db.execute(sql: """
            INSERT INTO recompute_runs (policy_name, policy_hash, as_of, tickets_replayed, started_at, finished_at, calendar_zone)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [policyName, policyHash, asOf.secondsSinceEpoch, tickets, startedAt.secondsSinceEpoch,
                             max(finished, startedAt.secondsSinceEpoch), calendarZone])
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
    /// `--as-of data`. Each maximum is one seek in an index (`events_by_time`, and `v8`'s
    /// `tickets_by_closed_or_created` and `tickets_by_updated`), not a scan of every ticket.
    public func latestDataInstant() throws -> Instant? {
        try pool.read { db in try Int64.fetchOne(db, sql: Self.latestDataInstantSQL).map(Instant.init(secondsSinceEpoch:)) }
    }

    /// The query of `latestDataInstant()`; each `MAX` names its index's expression exactly.
    static let latestDataInstantSQL = """
        SELECT MAX(x) FROM (SELECT MAX(occurred_at) AS x FROM events
            UNION ALL SELECT MAX(COALESCE(closed_at, created_at)) FROM tickets
            UNION ALL SELECT MAX(last_updated_at) FROM tickets)
        """
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
    /// Tickets in the database.
    public func ticketCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 }
    }

    /// Tickets whose data changed since the last recompute (their stored results are older).
    public func ticketsAwaitingReplay() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE needs_replay = 1") ?? 0 }
    }
}
