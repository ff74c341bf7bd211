import Foundation
import GRDB
import SLAModel

/// Figures of one import run, as recorded in `import_runs`.
public struct ImportRunFigures: Sendable, Hashable {
    public var id: Int64 = 0
    public var file: String
    public var sha256: String
    public var format: String
    public var profile: String?
    public var sourceZone: String
    public var rowsRead = 0
    public var rowsRejected = 0
    public var ticketsInserted = 0
    public var ticketsUpdated = 0
    public var eventsInserted = 0
    public var eventsUpdated = 0
    public var startedAt: Instant
    public var finishedAt: Instant

    public init(file: String, sha256: String, format: String, profile: String?, sourceZone: String, startedAt: Instant) {
        self.file = file
        self.sha256 = sha256
        self.format = format
        self.profile = profile
        self.sourceZone = sourceZone
        self.startedAt = startedAt
        self.finishedAt = startedAt
    }
}

/// Writes tickets and events inside one transaction (see `TicketStore.write`). Upserts are
/// idempotent: a ticket is keyed by its number, an event by its ticket and identity, and
/// a row whose content did not change is not touched.
public final class TicketWriter {
    let db: Database
    private var runID: Int64?
    private var lastTicket: (number: String, id: Int64)?
    public private(set) var ticketsInserted = 0
    public private(set) var ticketsUpdated = 0
    public private(set) var eventChanges = 0
    private var eventsBefore = 0

    init(db: Database) {
        self.db = db
    }

    /// Starts recording an import run; rows written afterwards point at it.
    public func beginRun(_ figures: ImportRunFigures) throws {
        try db.execute(sql: """
            INSERT INTO import_runs (file, sha256, format, profile, source_zone, rows_read, rows_rejected,
                tickets_inserted, tickets_updated, events_inserted, events_updated, started_at, finished_at)
            VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?)
            """, arguments: [figures.file, figures.sha256, figures.format, figures.profile, figures.sourceZone,
                             figures.startedAt.secondsSinceEpoch, figures.startedAt.secondsSinceEpoch])
        runID = db.lastInsertedRowID
        ticketsInserted = 0
        ticketsUpdated = 0
        eventChanges = 0
        eventsBefore = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
    }

    /// Completes the run's record with its figures and returns them.
    public func finishRun(_ figures: ImportRunFigures) throws -> ImportRunFigures {
        var figures = figures
        let eventsAfter = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
        figures.id = runID ?? 0
        figures.ticketsInserted = ticketsInserted
        figures.ticketsUpdated = ticketsUpdated
        figures.eventsInserted = eventsAfter - eventsBefore
        figures.eventsUpdated = eventChanges - figures.eventsInserted
        try db.execute(sql: """
            UPDATE import_runs SET format = ?, rows_read = ?, rows_rejected = ?, tickets_inserted = ?, tickets_updated = ?,
                events_inserted = ?, events_updated = ?, finished_at = ? WHERE id = ?
            """, arguments: [figures.format, figures.rowsRead, figures.rowsRejected, figures.ticketsInserted, figures.ticketsUpdated,
                             figures.eventsInserted, figures.eventsUpdated, figures.finishedAt.secondsSinceEpoch, runID])
        return figures
    }

    /// Inserts the ticket, or updates it when its content changed.
    public func upsert(_ ticket: Ticket) throws {
        let hash = Self.contentHash(ticket)
        let custom = ticket.customFields.isEmpty ? nil : Self.json(ticket.customFields)
        let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, content_hash, is_placeholder FROM tickets WHERE number = ?"),
                                        arguments: [ticket.number])
        let values: [DatabaseValueConvertible?] = [
            ticket.subject, ticket.requester, ticket.requesterEmail, ticket.priority, ticket.department,
            ticket.helpTopic, ticket.source, ticket.status, ticket.slaPlan, ticket.team, ticket.agent,
            ticket.createdAt.secondsSinceEpoch, ticket.lastUpdatedAt?.secondsSinceEpoch,
            ticket.closedAt?.secondsSinceEpoch, ticket.sourceDueAt?.secondsSinceEpoch,
            ticket.sourceOverdue.map { $0 ? 1 : 0 }, ticket.sourceReopenCount, ticket.threadCount, custom, hash, runID,
        ]
        if let existing {
            let id: Int64 = existing["id"]
            lastTicket = (ticket.number, id)
            if existing["content_hash"] as String == hash && existing["is_placeholder"] as Int == 0 { return }
            try db.cachedStatement(sql: """
                UPDATE tickets SET subject = ?, requester = ?, requester_email = ?, priority = ?, department = ?,
                    help_topic = ?, source = ?, status = ?, sla_plan = ?, team = ?, agent = ?, created_at = ?,
                    last_updated_at = ?, closed_at = ?, source_due_at = ?, source_overdue = ?, source_reopen_count = ?,
                    thread_count = ?, custom_fields = ?, content_hash = ?, import_run_id = ?, is_placeholder = 0,
                    needs_replay = 1
                WHERE id = ?
                """).execute(arguments: StatementArguments(values + [id]))
            ticketsUpdated += 1
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO tickets (subject, requester, requester_email, priority, department, help_topic, source,
                    status, sla_plan, team, agent, created_at, last_updated_at, closed_at, source_due_at, source_overdue,
                    source_reopen_count, thread_count, custom_fields, content_hash, import_run_id, number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: StatementArguments(values + [ticket.number]))
            lastTicket = (ticket.number, db.lastInsertedRowID)
            ticketsInserted += 1
        }
    }

    /// The id of a ticket, creating a placeholder row (number and creation time only) when a
    /// history file names a ticket that no ticket export has described yet.
    private func ticketID(for event: LifecycleEvent) throws -> Int64 {
        if let lastTicket, lastTicket.number == event.ticketNumber {
            if event.kind == .created { try adjustPlaceholderCreation(lastTicket.id, event.time) }
            return lastTicket.id
        }
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM tickets WHERE number = ?"),
                                       arguments: [event.ticketNumber]) {
            lastTicket = (event.ticketNumber, id)
            if event.kind == .created { try adjustPlaceholderCreation(id, event.time) }
            return id
        }
        try db.cachedStatement(sql: """
            INSERT INTO tickets (number, created_at, content_hash, is_placeholder, import_run_id) VALUES (?, ?, '', 1, ?)
            """).execute(arguments: [event.ticketNumber, event.time.secondsSinceEpoch, runID])
        let id = db.lastInsertedRowID
        lastTicket = (event.ticketNumber, id)
        return id
    }

    private func adjustPlaceholderCreation(_ id: Int64, _ time: Instant) throws {
        try db.cachedStatement(sql: "UPDATE tickets SET created_at = ? WHERE id = ? AND is_placeholder = 1 AND created_at != ?")
            .execute(arguments: [time.secondsSinceEpoch, id, time.secondsSinceEpoch])
    }

    /// Inserts the event, or updates it when an event with the same identity changed.
    public func upsert(_ event: LifecycleEvent) throws {
        let ticketID = try ticketID(for: event)
        try db.cachedStatement(sql: """
            INSERT INTO events (ticket_id, identity, occurred_at, kind, actor, team, agent, department, status, value,
                previous_value, annulled, import_run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (ticket_id, identity) DO UPDATE SET
                occurred_at = excluded.occurred_at, kind = excluded.kind, actor = excluded.actor, team = excluded.team,
                agent = excluded.agent, department = excluded.department, status = excluded.status,
                value = excluded.value, previous_value = excluded.previous_value, annulled = excluded.annulled,
                import_run_id = excluded.import_run_id
            WHERE events.occurred_at IS NOT excluded.occurred_at OR events.kind IS NOT excluded.kind
               OR events.actor IS NOT excluded.actor OR events.team IS NOT excluded.team
               OR events.agent IS NOT excluded.agent OR events.department IS NOT excluded.department
               OR events.status IS NOT excluded.status OR events.value IS NOT excluded.value
               OR events.previous_value IS NOT excluded.previous_value OR events.annulled IS NOT excluded.annulled
            """).execute(arguments: [
                ticketID, event.identity, event.time.secondsSinceEpoch, event.kind.rawValue, event.actor, event.team,
                event.agent, event.department, event.status, event.value, event.previousValue, event.annulled ? 1 : 0,
                runID,
            ])
        if db.changesCount > 0 {
            eventChanges += 1
            try db.cachedStatement(sql: "UPDATE tickets SET needs_replay = 1 WHERE id = ? AND needs_replay = 0")
                .execute(arguments: [ticketID])
        }
    }

    /// A stable 64-bit FNV-1a hash of everything an export says about a ticket.
    static func contentHash(_ ticket: Ticket) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String?) {
            for byte in (text ?? "\u{0}").utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        for field in [ticket.subject, ticket.requester, ticket.requesterEmail, ticket.priority, ticket.department,
                      ticket.helpTopic, ticket.source, ticket.status, ticket.slaPlan, ticket.team, ticket.agent,
                      String(ticket.createdAt.secondsSinceEpoch), ticket.lastUpdatedAt.map { String($0.secondsSinceEpoch) },
                      ticket.closedAt.map { String($0.secondsSinceEpoch) },
                      ticket.sourceDueAt.map { String($0.secondsSinceEpoch) }, ticket.sourceOverdue.map { $0 ? "1" : "0" },
                      ticket.sourceReopenCount.map(String.init), ticket.threadCount.map(String.init)] {
            mix(field)
        }
        for key in ticket.customFields.keys.sorted() {
            mix(key)
            mix(ticket.customFields[key])
        }
        return String(hash, radix: 16)
    }

    static func json(_ fields: [String: String]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
