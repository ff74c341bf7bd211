import Foundation
import GRDB
import GRDBSQLite
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
    /// Valid rows that became no event, by kind (see `ReadSummary.skipped`).
    public var skippedByKind: [String: Int] = [:]
    public var rowsSkipped: Int { skippedByKind.values.reduce(0, +) }
    public var ticketsInserted = 0
    public var ticketsUpdated = 0
    /// Tickets a history file named before any ticket export described them (number and
    /// creation only, `is_placeholder = 1`); not counted in `ticketsInserted`.
    public var placeholdersInserted = 0
    /// Events of a re-exported case that the newer export no longer has.
    public var eventsDeleted = 0
    /// Tickets whose row in this file was older (by its last update) than the stored one, and
    /// changed them back to the file's values: the first of them, for the note that says so.
    public var ticketsMadeOlder = 0
    public var firstMadeOlder: OlderTicketRow?
    /// Stored tickets whose row in this file starts later (a later creation instant): the file
    /// lacks their first rows, as a slice of a log imported on its own does. The first of them.
    public var ticketsStartingLater = 0
    public var firstStartingLater: LaterStartingTicketRow?
    /// Events of this file earlier than their ticket's creation (an events file read in another zone
    /// than its tickets file, or a wall time of a repeated hour): the replay counts them at the
    /// creation. The first of them, for the note that says so.
    public var eventsBeforeCreation = 0
    public var firstEventBeforeCreation: EarlyEventRow?
    public var eventsInserted = 0
    public var eventsUpdated = 0
    /// Rows that gave an event key this run had already written (the same source id twice in
    /// one file) with other values: the later row's values were kept. The first of them, for the
    /// note that says so; not counted in `eventsUpdated`.
    public var eventsRepeatedWithOtherValues = 0
    public var firstRepeatedEvent: RepeatedEventRow?
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

/// A ticket row of an import that was older than the stored row it replaced (by the source's
/// last update): an older export imported after a newer one.
public struct OlderTicketRow: Sendable, Hashable {
    public var number: String
    public var storedLastUpdate: Instant
    public var fileLastUpdate: Instant
}

/// A ticket row of an import that starts later than the stored ticket it replaced.
public struct LaterStartingTicketRow: Sendable, Hashable {
    public var number: String
    public var storedCreatedAt: Instant
    public var fileCreatedAt: Instant
}

/// An event earlier than its ticket's creation.
public struct EarlyEventRow: Sendable, Hashable {
    public var ticketNumber: String
    public var kind: EventKind
    public var time: Instant
    public var ticketCreatedAt: Instant
}

/// An event key given twice in one run (one file) with other values.
public struct RepeatedEventRow: Sendable, Hashable {
    public var ticketNumber: String
    /// The source's key of the event (`event:1002`, `entry:1001`, an events file's `id`).
    public var identity: String
}

/// Writes tickets and events inside one transaction (see `TicketStore.write`). Upserts are
/// idempotent: a ticket is keyed by its number, an event by its ticket and identity, and
/// a row whose content did not change is not touched.
///
/// The insert loop binds values with SQLite's C API on prepared statements (no per-row
/// argument arrays). A row is inserted with `INSERT ... ON CONFLICT DO NOTHING` (its id from
/// `sqlite3_last_insert_rowid`, no SELECT), and only when it already exists is an UPDATE run
/// that changes it if its content differs. Only the current ticket's id is kept between calls:
/// an event stream sorted by ticket needs one lookup per ticket at most, and memory stays flat.
public final class TicketWriter {
    let db: Database
    private let connection: OpaquePointer?
    /// The import run being recorded (rows written now point at it).
    public private(set) var runID: Int64?
    /// The first run this writer recorded: the runs of one import (one transaction) are it and
    /// the ids after it (SQLite gives a new row the highest id plus one).
    public private(set) var firstRunID: Int64?
    /// The ticket the last rows were about: its id when known (nil: not looked up yet).
    private var current: (number: String, id: Int64?, isPlaceholder: Bool, createdAt: Int64)?
    /// The number of the ticket the last `upsert(_ ticket:)` inserted (nil: it updated one).
    private var insertedTicketNumber: String?
    /// The ticket already marked for replay by a changed event in this run of its events.
    private var markedForReplay: Int64?
    public private(set) var ticketsInserted = 0
    public private(set) var ticketsUpdated = 0
    public private(set) var ticketsMadeOlder = 0
    public private(set) var firstMadeOlder: OlderTicketRow?
    public private(set) var ticketsStartingLater = 0
    public private(set) var firstStartingLater: LaterStartingTicketRow?
    public private(set) var placeholdersInserted = 0
    public private(set) var eventsBeforeCreation = 0
    public private(set) var firstEventBeforeCreation: EarlyEventRow?
    /// The tickets known only from events that this run added events to (see `finishRun`).
    private var touchedPlaceholders: Set<Int64> = []
    public private(set) var eventsInserted = 0
    public private(set) var eventsUpdated = 0
    public private(set) var eventsDeleted = 0
    public private(set) var eventsRepeatedWithOtherValues = 0
    public private(set) var firstRepeatedEvent: RepeatedEventRow?
    /// Tickets (by row id) this run inserted or changed an event of: only their stored events can
    /// be this run's, so only for them is an unchanged upsert checked for a key given twice (an
    /// unchanged re-import skips that statement; it cost 18% more CPU on every row).
    private var ticketsWithEventsOfThisRun = TicketIDSet()
    /// Tickets (by row id) whose stored events can only be this writer's (its import's
    /// transaction): those it inserted, and when the database held no events before it (a
    /// history imported apart from its tickets), every ticket it gave events to. Their events go
    /// through `newEvents`, several rows per statement.
    private var ticketsWithOnlyThisImportsEvents = TicketIDSet()
    /// Whether the database held no events when this writer was first given one. Only then are
    /// stored tickets' events batched: looking up each ticket's events instead cost an unchanged
    /// re-import 2% more time (100k).
    private lazy var heldNoEvents: Bool =
        (try? Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM events)")) ?? false
    /// Events of tickets with only this import's events, waiting to be inserted (see `flushNewEvents`); the
    /// columns are those of `insertEventSQL`, in its order (?1...?13 of the update statements too).
    private var gatheredNewEvents: MultiRowInsert?
    /// The gathered new events, prepared at the first.
    private func newEvents() throws -> MultiRowInsert {
        if let gatheredNewEvents { return gatheredNewEvents }
        let rows = try MultiRowInsert(
            // OR FAIL: see `ReplayResultWriter` (no statement journal; an error undoes the import).
            db: db, insert: "INSERT OR FAIL INTO events",
            columns: ["ticket_id", "identity", "occurred_at", "kind", "actor", "team", "agent", "department", "status", "value",
                      "previous_value", "annulled", "import_run_id"],
            onConflict: "ON CONFLICT (ticket_id, identity) DO NOTHING",
            rowsGathered: newEventsGathered, orderedByFirstColumn: true)
        gatheredNewEvents = rows
        return rows
    }
    /// How many events of tickets with only this import's events are gathered before they are inserted
    /// (in ticket order: see `MultiRowInsert.orderedByFirstColumn`); about 4 MB. Set before the
    /// first event (tests gather fewer to cross a batch's end).
    var newEventsGathered = 16_384
    /// Whether events of tickets with only this import's events are inserted in batches (off: one by one,
    /// as every other event; for tests that compare the two).
    var batchesNewEvents = true
    /// Events inserted or updated.
    public var eventChanges: Int { eventsInserted + eventsUpdated }

    private var insertTicketStatement: Statement?
    private var updateTicketStatement: Statement?
    /// Updates that leave some fields as stored, by the fields they leave (`Ticket.undescribedFields`).
    private var partialUpdateTicketStatements: [TicketFields: Statement] = [:]
    private var storedTicketDatesStatement: Statement?
    private var insertEventStatement: Statement?
    private var updateEventStatement: Statement?
    private var updateEventOfThisRunStatement: Statement?
    private var findTicketStatement: Statement?
    private var insertPlaceholderStatement: Statement?
    private var adjustPlaceholderStatement: Statement?
    private var markReplayStatement: Statement?
    /// The texts of the row being inserted or updated (bound without SQLite's copy).
    private let arena = BoundTextArena()
    /// Whether written tickets are marked for replay (`needs_replay`). Not before the first
    /// recompute, which replays every ticket anyway (no earlier policy to compare): marking them
    /// made that recompute rewrite the whole `tickets` table to clear the marks (3.43 s at
    /// 1,000,000 tickets with its commit and checkpoint) and kept a partial index of every ticket
    /// during the import. Decided once per writer (a transaction: no recompute runs inside it).
    private lazy var marksForReplay: Bool =
        (try? Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM recompute_runs)")) ?? true

    init(db: Database) {
        self.db = db
        connection = db.sqliteConnection
    }

    /// A statement prepared once per writer (on first use).
    private func prepared(_ slot: inout Statement?, _ sql: String) throws -> Statement {
        if let statement = slot { return statement }
        let statement = try db.makeStatement(sql: sql)
        slot = statement
        return statement
    }

    // Plain single-row INSERT ... DO NOTHING and UPDATE statements: an UPSERT with DO UPDATE (or
    // RETURNING, which SQLite runs as a trigger) makes SQLite keep a statement journal for every
    // row, which went to a temporary file and cost 6 writes a row at 100,000 tickets.
    private static let insertTicketSQL = """
        INSERT INTO tickets (number, subject, requester, requester_email, priority, department, help_topic, source,
            status, sla_plan, team, agent, created_at, last_updated_at, closed_at, source_due_at, source_overdue,
            source_reopen_count, thread_count, custom_fields, content_hash, import_run_id, manual_due_at, is_placeholder,
            needs_replay)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, 0, ?24)
        ON CONFLICT (number) DO NOTHING
        """
    private static let updateTicketSQL = """
        UPDATE tickets SET subject = ?2, requester = ?3, requester_email = ?4, priority = ?5, department = ?6,
            help_topic = ?7, source = ?8, status = ?9, sla_plan = ?10, team = ?11, agent = ?12, created_at = ?13,
            last_updated_at = ?14, closed_at = ?15, source_due_at = ?16, source_overdue = ?17, source_reopen_count = ?18,
            thread_count = ?19, custom_fields = ?20, content_hash = ?21, import_run_id = ?22, manual_due_at = ?23,
            is_placeholder = 0,
            needs_replay = ?24
        WHERE number = ?1 AND (content_hash IS NOT ?21 OR is_placeholder != 0)
        """
    /// The update of a ticket whose description leaves `undescribed` out: those columns keep
    /// their stored values (an export without "Team Assigned" says nothing about teams).
    private func updateStatement(keeping undescribed: TicketFields) throws -> Statement {
        if undescribed.isEmpty { return try prepared(&updateTicketStatement, Self.updateTicketSQL) }
        if let statement = partialUpdateTicketStatements[undescribed] { return statement }
        var sql = Self.updateTicketSQL
        for (field, column) in TicketFields.storedColumns where undescribed.contains(field) {
            // `column = ?N,` -> `column = column,`: the parameter stays bound, unused.
            guard let range = sql.range(of: #"\b\#(column) = \?[0-9]+"#, options: .regularExpression) else {
                preconditionFailure("the ticket update sets no \(column)")
            }
            sql.replaceSubrange(range, with: "\(column) = \(column)")
        }
        let statement = try db.makeStatement(sql: sql)
        partialUpdateTicketStatements[undescribed] = statement
        return statement
    }

    private static let insertEventSQL = """
        INSERT INTO events (ticket_id, identity, occurred_at, kind, actor, team, agent, department, status, value,
            previous_value, annulled, import_run_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (ticket_id, identity) DO NOTHING
        """
    /// Updates a stored event an earlier run wrote, when its values differ (`?13` is this run).
    private static let updateEventSQL = updateEventSQL(ofThisRun: false)
    /// Updates an event this run wrote already, when its values differ: a file giving one key twice.
    private static let updateEventOfThisRunSQL = updateEventSQL(ofThisRun: true)
    private static func updateEventSQL(ofThisRun: Bool) -> String {
        """
        UPDATE events SET occurred_at = ?3, kind = ?4, actor = ?5, team = ?6, agent = ?7, department = ?8, status = ?9,
            value = ?10, previous_value = ?11, annulled = ?12, import_run_id = ?13
        WHERE ticket_id = ?1 AND identity = ?2 AND import_run_id IS \(ofThisRun ? "" : "NOT ")?13
          AND (occurred_at IS NOT ?3 OR kind IS NOT ?4 OR actor IS NOT ?5 OR team IS NOT ?6 OR agent IS NOT ?7
               OR department IS NOT ?8 OR status IS NOT ?9 OR value IS NOT ?10 OR previous_value IS NOT ?11
               OR annulled IS NOT ?12)
        """
    }
    private static let findTicketSQL = "SELECT id, is_placeholder, needs_replay, created_at FROM tickets WHERE number = ?1"
    private static let insertPlaceholderSQL = """
        INSERT INTO tickets (number, created_at, content_hash, is_placeholder, import_run_id, needs_replay)
        VALUES (?1, ?2, '', 1, ?3, ?4)
        """
    private static let adjustPlaceholderSQL = """
        UPDATE tickets SET created_at = ?1 WHERE id = ?2 AND is_placeholder = 1 AND created_at != ?1
        """
    private static let markReplaySQL = "UPDATE tickets SET needs_replay = 1 WHERE id = ?1 AND needs_replay = 0"

    /// The scope of the events the profile called `name` derives (`ProfileEventIdentity`): its
    /// number in `profile_scopes`, given the first time the profile imports into this database.
    public func profileScope(named name: String) throws -> String {
        try db.execute(sql: "INSERT OR IGNORE INTO profile_scopes (profile) VALUES (?)", arguments: [name])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM profile_scopes WHERE profile = ?", arguments: [name]) else {
            throw DatabaseError(message: "profile_scopes has no row for the profile \"\(name)\" just given one")
        }
        return String(id)
    }

    /// Starts recording an import run; rows written afterwards point at it.
    public func beginRun(_ figures: ImportRunFigures) throws {
        try flushNewEvents()
        try db.execute(sql: """
            INSERT INTO import_runs (file, sha256, format, profile, source_zone, rows_read, rows_rejected,
                tickets_inserted, tickets_updated, events_inserted, events_updated, started_at, finished_at)
            VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?)
            """, arguments: [figures.file, figures.sha256, figures.format, figures.profile, figures.sourceZone,
                             figures.startedAt.secondsSinceEpoch, figures.startedAt.secondsSinceEpoch])
        runID = db.lastInsertedRowID
        if firstRunID == nil { firstRunID = runID }
        ticketsInserted = 0
        ticketsUpdated = 0
        ticketsMadeOlder = 0
        firstMadeOlder = nil
        ticketsStartingLater = 0
        firstStartingLater = nil
        eventsBeforeCreation = 0
        firstEventBeforeCreation = nil
        placeholdersInserted = 0
        touchedPlaceholders = []
        eventsInserted = 0
        eventsUpdated = 0
        eventsDeleted = 0
        eventsRepeatedWithOtherValues = 0
        firstRepeatedEvent = nil
        ticketsWithEventsOfThisRun = TicketIDSet()
        current = nil
        markedForReplay = nil
        insertedTicketNumber = nil
    }

    /// Completes the run's record with its figures and returns them.
    public func finishRun(_ figures: ImportRunFigures) throws -> ImportRunFigures {
        try flushNewEvents()
        var figures = figures
        figures.id = runID ?? 0
        figures.ticketsInserted = ticketsInserted
        figures.ticketsUpdated = ticketsUpdated
        figures.ticketsMadeOlder = ticketsMadeOlder
        figures.firstMadeOlder = firstMadeOlder
        figures.ticketsStartingLater = ticketsStartingLater
        figures.firstStartingLater = firstStartingLater
        figures.placeholdersInserted = placeholdersInserted
        figures.eventsBeforeCreation = eventsBeforeCreation
        figures.firstEventBeforeCreation = firstEventBeforeCreation
        figures.eventsInserted = eventsInserted
        figures.eventsUpdated = eventsUpdated
        figures.eventsRepeatedWithOtherValues = eventsRepeatedWithOtherValues
        figures.firstRepeatedEvent = firstRepeatedEvent
        figures.eventsDeleted = eventsDeleted
        if !touchedPlaceholders.isEmpty {
            // A ticket known only from events was created at its earliest event, wherever in the
            // file that came (the replay starts every clock at `created_at`). Only this run's: an
            // UPDATE over every placeholder scanned the whole tickets table on each import.
            let lower = try db.cachedStatement(sql: """
                UPDATE tickets SET created_at = (SELECT MIN(occurred_at) FROM events WHERE ticket_id = ?1)
                WHERE id = ?1 AND is_placeholder = 1 AND created_at > (SELECT MIN(occurred_at) FROM events WHERE ticket_id = ?1)
                """)
            for id in touchedPlaceholders { try lower.execute(arguments: [id]) }
        }
        try db.execute(sql: """
            UPDATE import_runs SET sha256 = ?, format = ?, profile = ?, rows_read = ?, rows_rejected = ?, tickets_inserted = ?,
                tickets_updated = ?, events_inserted = ?, events_updated = ?, finished_at = ?, rows_skipped = ?,
                skipped_kinds = ? WHERE id = ?
            """, arguments: [figures.sha256, figures.format, figures.profile, figures.rowsRead, figures.rowsRejected, figures.ticketsInserted,
                             figures.ticketsUpdated, figures.eventsInserted, figures.eventsUpdated,
                             figures.finishedAt.secondsSinceEpoch, figures.rowsSkipped,
                             figures.skippedByKind.isEmpty ? nil
                                : (try? JSONSerialization.data(withJSONObject: figures.skippedByKind, options: [.sortedKeys]))
                                    .map { String(decoding: $0, as: UTF8.self) },
                             runID])
        return figures
    }

    // MARK: Binding

    @inline(__always)
    private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String?) { bindText(statement, index, text) }

    @inline(__always)
    private func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    /// Steps a bound statement to its end; returns the first column of its first row, if any, and
    /// hands that row to `readFirstRow`. Always resets it and clears its bindings (which
    /// `BoundTextArena.startRow()` relies on).
    @discardableResult
    private func run(_ statement: Statement, readFirstRow: ((OpaquePointer) -> Void)? = nil) throws -> Int64? {
        let raw = statement.sqliteStatement
        defer {
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
        }
        var first: Int64?
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_ROW {
                if first == nil {
                    first = sqlite3_column_int64(raw, 0)
                    readFirstRow?(raw)
                }
            } else if code == SQLITE_DONE {
                return first
            } else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
            }
        }
    }

    // MARK: Tickets

    /// Counts, before the update, a stored ticket that this file's row changes back (an older
    /// export after a newer one: `ticketsMadeOlder`) or starts later (a slice of a log that lacks
    /// the case's first rows, which replace the stored ones: `ticketsStartingLater`). Either is
    /// still written (the file is what the user imported), but said. One lookup for both.
    private func noteOlderOrLaterStartingRow(of ticket: Ticket, hash: String) throws {
        let stored = try prepared(&storedTicketDatesStatement, """
            SELECT last_updated_at, created_at FROM tickets WHERE number = ?1 AND content_hash IS NOT ?2 AND is_placeholder = 0
            """)
        arena.bind(stored.sqliteStatement, 1, ticket.number)
        arena.bind(stored.sqliteStatement, 2, hash)
        var storedLastUpdate: Int64?, storedCreated: Int64?
        try run(stored) { row in
            if sqlite3_column_type(row, 0) != SQLITE_NULL { storedLastUpdate = sqlite3_column_int64(row, 0) }
            storedCreated = sqlite3_column_int64(row, 1)
        }
        if let fileLastUpdate = ticket.lastUpdatedAt, let storedLastUpdate, storedLastUpdate > fileLastUpdate.secondsSinceEpoch {
            ticketsMadeOlder += 1
            if firstMadeOlder == nil {
                firstMadeOlder = OlderTicketRow(number: ticket.number, storedLastUpdate: Instant(secondsSinceEpoch: storedLastUpdate),
                                                fileLastUpdate: fileLastUpdate)
            }
        }
        if let storedCreated, storedCreated < ticket.createdAt.secondsSinceEpoch {
            ticketsStartingLater += 1
            if firstStartingLater == nil {
                firstStartingLater = LaterStartingTicketRow(number: ticket.number, storedCreatedAt: Instant(secondsSinceEpoch: storedCreated),
                                                            fileCreatedAt: ticket.createdAt)
            }
        }
    }

    /// Inserts the ticket, or updates it when its content changed.
    /// - Parameter contentHash: the ticket's `contentHash`, when the caller has it already (the
    ///   profile reader computes it on its deriving thread, off this busier one).
    public func upsert(_ ticket: Ticket, contentHash: String? = nil) throws {
        let values = TicketValues(ticket, hash: contentHash ?? ticket.contentHash,
                                  custom: ticket.customFields.isEmpty ? nil : Self.json(ticket.customFields))
        let insert = try prepared(&insertTicketStatement, Self.insertTicketSQL)
        bind(values, to: insert.sqliteStatement)
        try run(insert)
        let inserted = sqlite3_changes(connection) > 0
        insertedTicketNumber = inserted ? ticket.number : nil
        markedForReplay = nil
        if inserted {
            ticketsInserted += 1
            let id = sqlite3_last_insert_rowid(connection)
            ticketsWithOnlyThisImportsEvents.insert(id)
            current = (ticket.number, id, false, ticket.createdAt.secondsSinceEpoch)
            markedForReplay = id                  // inserted marked for replay (or with no marks to make)
        } else {
            try noteOlderOrLaterStartingRow(of: ticket, hash: values.hash)
            let update = try updateStatement(keeping: ticket.undescribedFields)
            bind(values, to: update.sqliteStatement)
            try run(update)
            if sqlite3_changes(connection) > 0 { ticketsUpdated += 1 }
            // Its id is looked up only if events follow.
            current = (ticket.number, nil, false, ticket.createdAt.secondsSinceEpoch)
        }
    }

    /// A ticket's column values, bound as ?1...?22 of the insert and update statements.
    private struct TicketValues {
        var ticket: Ticket
        var hash: String
        var custom: String?
        init(_ ticket: Ticket, hash: String, custom: String?) {
            self.ticket = ticket
            self.hash = hash
            self.custom = custom
        }
    }

    private func bind(_ values: TicketValues, to raw: OpaquePointer) {
        let ticket = values.ticket
        arena.startRow()
        arena.bind(raw, 1, ticket.number)
        arena.bind(raw, 2, ticket.subject)
        arena.bind(raw, 3, ticket.requester)
        arena.bind(raw, 4, ticket.requesterEmail)
        arena.bind(raw, 5, ticket.priority)
        arena.bind(raw, 6, ticket.department)
        arena.bind(raw, 7, ticket.helpTopic)
        arena.bind(raw, 8, ticket.source)
        arena.bind(raw, 9, ticket.status)
        arena.bind(raw, 10, ticket.slaPlan)
        arena.bind(raw, 11, ticket.team)
        arena.bind(raw, 12, ticket.agent)
        bind(raw, 13, ticket.createdAt.secondsSinceEpoch)
        bind(raw, 14, ticket.lastUpdatedAt?.secondsSinceEpoch)
        bind(raw, 15, ticket.closedAt?.secondsSinceEpoch)
        bind(raw, 16, ticket.sourceDueAt?.secondsSinceEpoch)
        bind(raw, 17, ticket.sourceOverdue.map { $0 ? 1 : 0 })
        bind(raw, 18, ticket.sourceReopenCount.map(Int64.init))
        bind(raw, 19, ticket.threadCount.map(Int64.init))
        arena.bind(raw, 20, values.custom)
        arena.bind(raw, 21, values.hash)
        bind(raw, 22, runID)
        bind(raw, 23, ticket.manualDueAt?.secondsSinceEpoch)
        bind(raw, 24, marksForReplay ? 1 : 0)
    }

    /// Deletes the ticket's stored events that the profile of scope `profileScope` derived
    /// (`ProfileEventIdentity`) and that are not in `identities` (rows gone from a newer export of
    /// the profile's files), marking the ticket for replay. Other profiles' and formats' events stay.
    public func pruneEvents(ofTicket number: String, keeping identities: [String], profileScope: String) throws {
        // A ticket just inserted has no older events to prune.
        if insertedTicketNumber == number { return }
        try flushNewEvents()
        let identities = Set(identities)
        // substr, not LIKE: LIKE folds case and reads `_` and `%` as wildcards.
        // Cached statements: this runs once per ticket of a re-import, and compiling each
        // statement again (with GRDB's authorizer) was a tenth of a 100k re-import's writing thread.
        let stale = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT e.id, e.identity, e.ticket_id FROM events e JOIN tickets t ON t.id = e.ticket_id
            WHERE t.number = ? AND substr(e.identity, 1, 4) = 'row:'
            """), arguments: [number])
            .filter { row in
                let identity: String = row["identity"]
                return ProfileEventIdentity.belongs(identity, toScope: profileScope) && !identities.contains(identity)
            }
        guard let ticketID = stale.first?["ticket_id"] as Int64? else { return }
        for row in stale {
            try db.cachedStatement(sql: "DELETE FROM events WHERE id = ?").execute(arguments: [row["id"] as Int64])
        }
        if marksForReplay {
            try db.cachedStatement(sql: "UPDATE tickets SET needs_replay = 1 WHERE id = ?").execute(arguments: [ticketID])
        }
        eventsDeleted += stale.count
    }

    /// The id of the event's ticket, creating a placeholder row (number and creation time only)
    /// when a history file names a ticket that no ticket export has described yet.
    private func ticketID(for event: LifecycleEvent) throws -> Int64 {
        if let current, current.number == event.ticketNumber, let id = current.id {
            if current.isPlaceholder, event.kind == .created { try adjustPlaceholderCreation(id, event.time) }
            return id
        }
        let findTicket = try prepared(&findTicketStatement, Self.findTicketSQL)
        let find = findTicket.sqliteStatement
        bind(find, 1, event.ticketNumber)
        var found: (id: Int64, isPlaceholder: Bool, needsReplay: Bool, createdAt: Int64)?
        defer {
            sqlite3_reset(find)
            sqlite3_clear_bindings(find)
        }
        let code = sqlite3_step(find)
        if code == SQLITE_ROW {
            found = (sqlite3_column_int64(find, 0), sqlite3_column_int64(find, 1) != 0, sqlite3_column_int64(find, 2) != 0,
                     sqlite3_column_int64(find, 3))
        } else if code != SQLITE_DONE {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                                sql: findTicket.sql)
        }
        if let (id, isPlaceholder, needsReplay, createdAt) = found {
            current = (event.ticketNumber, id, isPlaceholder, createdAt)
            // A ticket already waiting for replay (every ticket of a first import) needs no UPDATE per changed event.
            markedForReplay = needsReplay ? id : nil
            if isPlaceholder {
                touchedPlaceholders.insert(id)
                if event.kind == .created { try adjustPlaceholderCreation(id, event.time) }
            }
            return id
        }
        let insertPlaceholder = try prepared(&insertPlaceholderStatement, Self.insertPlaceholderSQL)
        let insert = insertPlaceholder.sqliteStatement
        bind(insert, 1, event.ticketNumber)
        bind(insert, 2, event.time.secondsSinceEpoch)
        bind(insert, 3, runID)
        bind(insert, 4, marksForReplay ? 1 : 0)
        try run(insertPlaceholder)
        let id = sqlite3_last_insert_rowid(connection)
        ticketsWithOnlyThisImportsEvents.insert(id)
        placeholdersInserted += 1
        touchedPlaceholders.insert(id)
        current = (event.ticketNumber, id, true, event.time.secondsSinceEpoch)
        markedForReplay = id                      // inserted marked for replay (or with no marks to make)
        return id
    }

    private func adjustPlaceholderCreation(_ id: Int64, _ time: Instant) throws {
        let adjustPlaceholder = try prepared(&adjustPlaceholderStatement, Self.adjustPlaceholderSQL)
        let raw = adjustPlaceholder.sqliteStatement
        bind(raw, 1, time.secondsSinceEpoch)
        bind(raw, 2, id)
        try run(adjustPlaceholder)
    }

    /// Runs `action` on this writer's thread as soon as its transaction commits (not at all when it
    /// rolls back): work tied to the import's landing, such as its rejects file, marked before a
    /// signal's cleanup can look.
    public func onCommit(_ action: @escaping @Sendable () -> Void) {
        db.afterNextTransaction(onCommit: { _ in action() })
    }

    // MARK: Events

    /// Inserts the event, or updates it when an event with the same identity changed.
    public func upsert(_ event: LifecycleEvent) throws {
        _ = heldNoEvents  // looked at before this writer's first event is written
        let ticketID = try ticketID(for: event)
        // A placeholder's creation is its earliest event: none is before it.
        if let current, !current.isPlaceholder, event.time.secondsSinceEpoch < current.createdAt {
            eventsBeforeCreation += 1
            if firstEventBeforeCreation == nil {
                firstEventBeforeCreation = EarlyEventRow(ticketNumber: event.ticketNumber, kind: event.kind, time: event.time,
                                                         ticketCreatedAt: Instant(secondsSinceEpoch: current.createdAt))
            }
        }
        if batchesNewEvents, runID != nil, try hasOnlyEventsOfThisImport(ticketID) {
            // A ticket with only the events this import wrote: inserted in batches, and any key
            // among them given twice settled as below (`flushNewEvents`). (It is marked for
            // replay already, when marks are made: no mark to add.)
            let newEvents = try newEvents()
            newEvents.append(ticketID)
            newEvents.append(event.identity)
            newEvents.append(event.time.secondsSinceEpoch)
            newEvents.append(event.kind.rawValue)
            newEvents.append(event.actor)
            newEvents.append(event.team)
            newEvents.append(event.agent)
            newEvents.append(event.department)
            newEvents.append(event.status)
            newEvents.append(event.value)
            newEvents.append(event.previousValue)
            newEvents.append(Int64(event.annulled ? 1 : 0))
            newEvents.append(runID)
            ticketsWithEventsOfThisRun.insert(ticketID)
            if newEvents.isFull { try flushNewEvents() }
            return
        }
        let insert = try prepared(&insertEventStatement, Self.insertEventSQL)
        bind(event, ticketID: ticketID, to: insert.sqliteStatement)
        try run(insert)
        if sqlite3_changes(connection) > 0 {
            eventsInserted += 1
        } else {
            let update = try prepared(&updateEventStatement, Self.updateEventSQL)
            bind(event, ticketID: ticketID, to: update.sqliteStatement)
            try run(update)
            if sqlite3_changes(connection) > 0 {
                eventsUpdated += 1
            } else {
                // Unchanged, or written by this run with other values: counted and said, not passed as an update.
                guard runID == nil || ticketsWithEventsOfThisRun.contains(ticketID) else { return }
                let repeated = try prepared(&updateEventOfThisRunStatement, Self.updateEventOfThisRunSQL)
                bind(event, ticketID: ticketID, to: repeated.sqliteStatement)
                try run(repeated)
                guard sqlite3_changes(connection) > 0 else { return }
                if runID == nil {
                    eventsUpdated += 1        // written outside a run: no run to repeat a key within
                } else {
                    eventsRepeatedWithOtherValues += 1
                    // New tickets' events still waiting may hold an earlier repeat: they are settled
                    // first, so the note names the first repeat in file order, as one by one would.
                    if firstRepeatedEvent == nil { try flushNewEvents() }
                    if firstRepeatedEvent == nil {
                        firstRepeatedEvent = RepeatedEventRow(ticketNumber: event.ticketNumber, identity: event.identity)
                    }
                }
            }
        }
        ticketsWithEventsOfThisRun.insert(ticketID)
        try markForReplay(ticketID)
    }

    /// Marks the ticket for replay (`needs_replay`) once, when marks are made (see `marksForReplay`).
    private func markForReplay(_ ticketID: Int64) throws {
        guard marksForReplay && markedForReplay != ticketID else { return }
        let markReplay = try prepared(&markReplayStatement, Self.markReplaySQL)
        bind(markReplay.sqliteStatement, 1, ticketID)
        try run(markReplay)
        markedForReplay = ticketID
    }

    /// Whether the ticket's stored events can only be this import's: it created the ticket, or
    /// the database held no events before this import. A stored ticket is marked for replay at
    /// its first event, as that event's insert would mark it one by one.
    private func hasOnlyEventsOfThisImport(_ ticketID: Int64) throws -> Bool {
        if ticketsWithOnlyThisImportsEvents.contains(ticketID) { return true }
        guard heldNoEvents else { return false }
        ticketsWithOnlyThisImportsEvents.insert(ticketID)
        try markForReplay(ticketID)
        return true
    }

    /// Inserts the batched events of tickets with only this import's events, in ticket order (see
    /// `MultiRowInsert.orderedByFirstColumn`; a ticket's own events in the order they came). A
    /// key that was there already can only be this import's own (a file giving one key twice, or
    /// two files of one import giving one case): each row of a statement that skipped one is then
    /// settled as `upsert` settles an event whose INSERT did nothing, in order, before the next
    /// statement, so the stored values and the counts are the same as one by one; the note names
    /// the repeat that came first.
    func flushNewEvents() throws {
        guard batchesNewEvents, let newEvents = gatheredNewEvents, !newEvents.isEmpty else { return }
        var firstRepeatedRow: Int?
        eventsInserted += try newEvents.insert { rows in
            let update = try prepared(&updateEventStatement, Self.updateEventSQL)
            let repeated = try prepared(&updateEventOfThisRunStatement, Self.updateEventOfThisRunSQL)
            for row in rows {
                if try newEvents.run(row: row, in: update.sqliteStatement) > 0 {
                    eventsUpdated += 1
                } else if try newEvents.run(row: row, in: repeated.sqliteStatement) > 0 {
                    eventsRepeatedWithOtherValues += 1
                    firstRepeatedRow = min(firstRepeatedRow ?? row, row)
                }
            }
        }
        if firstRepeatedEvent == nil, let row = firstRepeatedRow, let ticketID = newEvents.integer(row: row, column: 0) {
            let number = try String.fetchOne(db, sql: "SELECT number FROM tickets WHERE id = ?", arguments: [ticketID])
            firstRepeatedEvent = RepeatedEventRow(ticketNumber: number ?? "", identity: newEvents.text(row: row, column: 1) ?? "")
        }
        newEvents.removeAll()
    }

    private func bind(_ event: LifecycleEvent, ticketID: Int64, to raw: OpaquePointer) {
        arena.startRow()
        bind(raw, 1, ticketID)
        arena.bind(raw, 2, event.identity)
        bind(raw, 3, event.time.secondsSinceEpoch)
        arena.bind(raw, 4, event.kind.rawValue)
        arena.bind(raw, 5, event.actor)
        arena.bind(raw, 6, event.team)
        arena.bind(raw, 7, event.agent)
        arena.bind(raw, 8, event.department)
        arena.bind(raw, 9, event.status)
        arena.bind(raw, 10, event.value)
        arena.bind(raw, 11, event.previousValue)
        bind(raw, 12, Int64(event.annulled ? 1 : 0))
        bind(raw, 13, runID)
    }

    static func json(_ fields: [String: String]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
