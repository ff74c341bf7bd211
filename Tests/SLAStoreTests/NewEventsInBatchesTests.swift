import Foundation
import GRDB
import Testing
import TestScratch
import SLAModel
@testable import SLAStore

/// The events of tickets an import created are gathered (16,384 by default) and inserted in
/// ticket order, 32 rows per statement (`MultiRowInsert`); every other event one by one. Both
/// ways must store the same rows, each ticket's in the same order, and count the same changes,
/// whatever the keys: these tests run one script of writes both ways.
@Suite struct NewEventsInBatchesTests {
    private static func at(_ minutes: Int) -> Instant { Instant(secondsSinceEpoch: 1_760_000_000 + Int64(minutes) * 60) }

    private static func event(_ ticket: String, _ identity: String, _ minute: Int, team: String? = "Level 1",
                              status: String? = "Open", value: String? = nil) -> LifecycleEvent {
        LifecycleEvent(ticketNumber: ticket, time: at(minute), kind: .statusChanged, actor: "Agent One", team: team,
                       agent: nil, department: "", status: status, value: value, identity: identity)
    }

    private static func run(_ writer: TicketWriter, _ name: String, _ body: () throws -> Void) throws -> ImportRunFigures {
        let figures = ImportRunFigures(file: name, sha256: name, format: "test", profile: nil, sourceZone: "UTC",
                                       startedAt: at(0))
        try writer.beginRun(figures)
        try body()
        return try writer.finishRun(figures)
    }

    /// A ticket known before (written one by one later), one created by the import with 40 events
    /// (over a batch's 32) whose keys repeat within a batch and across batches, with other and with
    /// the same values, a ticket known only from events, and a second run of the same import giving
    /// the created ticket's keys again; then a later import giving them once more.
    private static func script(in store: TicketStore, batching: Bool) throws -> [ImportRunFigures] {
        var figures: [ImportRunFigures] = []
        try store.write { writer in
            writer.batchesNewEvents = batching
            writer.newEventsGathered = MultiRowInsert.rowsPerStatement
            figures.append(try run(writer, "before") {
                try writer.upsert(Ticket(number: "known", createdAt: at(0)))
                try writer.upsert(event("known", "a", 1))
            })
        }
        try store.write { writer in
            writer.batchesNewEvents = batching
            writer.newEventsGathered = MultiRowInsert.rowsPerStatement
            figures.append(try run(writer, "first file") {
                try writer.upsert(Ticket(number: "new", createdAt: at(0), team: "Level 1"))
                for index in 0..<40 {
                    switch index {
                    case 6: try writer.upsert(event("new", "k5", 6, status: "Other"))      // k5 again, other values
                    case 8: try writer.upsert(event("new", "k7", 7))                       // k7 again, the same values
                    case 35: try writer.upsert(event("new", "k3", 35, team: nil))          // k3 again, in the next batch
                    case 20: try writer.upsert(event("new", "k20", 20, team: "", status: nil, value: "ä ✓ 工单"))
                    default: try writer.upsert(event("new", "k\(index)", index))
                    }
                    if index == 10 { try writer.upsert(event("known", "b", 10)) }          // one by one, between them
                    if index == 12 { try writer.upsert(event("orphan", "o1", 12)) }        // a placeholder's
                    // The known ticket's key again with other values, after k5's repeat and before
                    // its batch is written: the note names k5, the first in file order.
                    if index == 13 { try writer.upsert(event("known", "b", 10, status: "Other")) }
                }
                try writer.upsert(event("orphan", "o2", 41))
            })
            figures.append(try run(writer, "second file") {
                try writer.upsert(Ticket(number: "new", createdAt: at(0), team: "Level 2"))
                try writer.upsert(event("new", "k1", 1))                          // as the first file had it
                try writer.upsert(event("new", "k2", 2, status: "Changed"))       // changed since
                try writer.upsert(event("new", "k50", 50))                        // new
            })
        }
        try store.write { writer in
            writer.batchesNewEvents = batching
            writer.newEventsGathered = MultiRowInsert.rowsPerStatement
            figures.append(try run(writer, "later import") {
                try writer.upsert(Ticket(number: "new", createdAt: at(0), team: "Level 2"))
                try writer.upsert(event("new", "k1", 1))
                try writer.upsert(event("new", "k2", 2, status: "Changed again"))
            })
        }
        return figures
    }

    private struct Counts: Equatable {
        var inserted, updated, repeated: Int
        var firstRepeated: RepeatedEventRow?
        var placeholders: Int
        init(_ figures: ImportRunFigures) {
            inserted = figures.eventsInserted
            updated = figures.eventsUpdated
            repeated = figures.eventsRepeatedWithOtherValues
            firstRepeated = figures.firstRepeatedEvent
            placeholders = figures.placeholdersInserted
        }
    }

    /// An in-memory database, opened after SQLite's process setup: a connection opened first
    /// initializes SQLite and keeps the setup from taking effect (`SQLiteProcessSetupTests`
    /// failed whenever one of these tests ran before any store had opened).
    private static func memoryQueue() throws -> DatabaseQueue {
        SQLiteProcessSetup.ensureApplied()
        return try DatabaseQueue()
    }

    private static func storedEvents(_ path: String) throws -> [[String]] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.number, e.identity, e.occurred_at, e.kind, e.actor, e.team, e.agent, e.department, e.status,
                       e.value, e.previous_value, e.annulled, r.file
                FROM events e JOIN tickets t ON t.id = e.ticket_id JOIN import_runs r ON r.id = e.import_run_id
                ORDER BY t.number, e.identity
                """).map { row in (0..<row.count).map { index in
                    // NULL and empty apart: both occur here.
                    let value: DatabaseValue = row[index]
                    switch value.storage {
                    case .null: return "NULL"
                    case .string(let text): return "'" + text + "'"
                    default: return String(describing: value)
                    }
                } }
        }
    }

    /// Each ticket's identities in the order its events were stored (`events.id`).
    private static func storedOrder(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: """
                SELECT t.number || ':' || group_concat(e.identity, ',') FROM
                    (SELECT * FROM events ORDER BY id) e JOIN tickets t ON t.id = e.ticket_id
                GROUP BY t.number ORDER BY t.number
                """)
        }
    }

    /// Three tickets in one file, listed newest first as osTicket's queue export lists them (so
    /// their ids run the other way of the history's order), then their events oldest ticket
    /// first, a key repeated with other values in "a" before one in "c": the rows are inserted in
    /// ticket order ("c" first), and the note must still name "a"'s repeat, the first in the file.
    private static func reversedTickets(in store: TicketStore, gathered: Int?) throws -> ImportRunFigures {
        try store.write { writer in
            writer.batchesNewEvents = gathered != nil
            if let gathered { writer.newEventsGathered = gathered }
            return try run(writer, "reversed") {
                for number in ["c", "b", "a"] { try writer.upsert(Ticket(number: number, createdAt: at(0))) }
                for number in ["a", "b", "c"] {
                    for index in 0..<7 { try writer.upsert(event(number, "k\(9 - index)", index)) }
                    if number != "b" { try writer.upsert(event(number, "k9", 8, status: "Other")) }
                    try writer.upsert(event(number, "k7", 2))                       // the same values again
                }
            }
        }
    }

    @Test(arguments: [4, 5, 32, 16_384])
    func ticketsInReverseOrderStoreAndCountAsOneByOne(gathered: Int) throws {
        let scratch = try TemporaryFolder("slareport-new-event-order")
        let batchedPath = scratch.path("batched.sqlite"), oneByOnePath = scratch.path("one-by-one.sqlite")
        let batched = Counts(try Self.reversedTickets(in: try TicketStore(path: batchedPath), gathered: gathered))
        let oneByOne = Counts(try Self.reversedTickets(in: try TicketStore(path: oneByOnePath), gathered: nil))
        #expect(batched == oneByOne)
        #expect(batched.inserted == 21 && batched.repeated == 2)
        #expect(batched.firstRepeated == RepeatedEventRow(ticketNumber: "a", identity: "k9"))
        #expect(try Self.storedEvents(batchedPath) == Self.storedEvents(oneByOnePath))
        let order = try Self.storedOrder(batchedPath)
        #expect(order == (try Self.storedOrder(oneByOnePath)))
        #expect(order.first == "a:k9,k8,k7,k6,k5,k4,k3")
    }

    @Test func aBatchIsInsertedInTicketOrder() throws {
        let ids = try Self.memoryQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, ticket INTEGER, seq INTEGER)")
            let rows = try MultiRowInsert(db: db, insert: "INSERT INTO t", columns: ["ticket", "seq"], rowsGathered: 40,
                                          orderedByFirstColumn: true)
            for seq in 0..<40 {
                rows.append(Int64(3 - seq / 10))     // tickets 3, 2, 1, 0, ten rows each
                rows.append(Int64(seq))
            }
            #expect(rows.isFull)
            #expect(try rows.insert() == 40)
            return try Int64.fetchAll(db, sql: "SELECT seq FROM t ORDER BY id")
        }
        #expect(ids == Array(30..<40) + Array(20..<30) + Array(10..<20) + Array(0..<10))
    }

    /// Rows of one ticket apart from each other (tickets interleaved) keep the order they came.
    @Test func interleavedTicketsKeepTheirRowsInTheOrderTheyCame() throws {
        let seqs = try Self.memoryQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, ticket INTEGER, seq INTEGER)")
            let rows = try MultiRowInsert(db: db, insert: "INSERT INTO t", columns: ["ticket", "seq"], rowsGathered: 8,
                                          orderedByFirstColumn: true)
            for (seq, ticket) in [2, 1, 2, 2, 1, 3, 1, 2].enumerated() {
                rows.append(Int64(ticket))
                rows.append(Int64(seq))
            }
            try rows.insert()
            return try Int64.fetchAll(db, sql: "SELECT seq FROM t ORDER BY id")
        }
        #expect(seqs == [1, 4, 6, 0, 2, 3, 7, 5])
    }

    @Test func batchedAndOneByOneStoreAndCountTheSame() throws {
        let scratch = try TemporaryFolder("slareport-new-event-batch")
        let batchedPath = scratch.path("batched.sqlite"), oneByOnePath = scratch.path("one-by-one.sqlite")
        let batched = try Self.script(in: try TicketStore(path: batchedPath), batching: true)
        let oneByOne = try Self.script(in: try TicketStore(path: oneByOnePath), batching: false)
        #expect(batched.map(Counts.init) == oneByOne.map(Counts.init))
        #expect(try Self.storedEvents(batchedPath) == Self.storedEvents(oneByOnePath))

        // And what they agree on is right: 37 distinct keys of "new", 2 of "orphan", 1 of "known".
        let first = Counts(batched[1])
        #expect(first.inserted == 37 + 2 + 1)
        #expect(first.repeated == 3)                                   // k5, known's b and k3 (k7 came with the same values)
        #expect(first.firstRepeated == RepeatedEventRow(ticketNumber: "new", identity: "k5"))
        #expect(first.placeholders == 1)
        let second = Counts(batched[2])
        #expect(second.inserted == 1 && second.updated == 1 && second.repeated == 0)
        let later = Counts(batched[3])
        #expect(later.inserted == 0 && later.updated == 1)
        let events = try Self.storedEvents(batchedPath)
        let k5 = try #require(events.first { $0[0] == "'new'" && $0[1] == "'k5'" })
        #expect(k5[8] == "'Other'")                                     // the later row's values were kept
        let k20 = try #require(events.first { $0[1] == "'k20'" })
        #expect(k20[5] == "''" && k20[7] == "''" && k20[8] == "NULL" && k20[9] == "'ä ✓ 工单'")
    }

    /// Tickets imported alone (no events anywhere yet, and with `recomputed` a recompute since,
    /// so changes mark tickets for replay), then their history apart: two files of one import,
    /// the tickets' events interleaved, keys repeated within a batch and across the files, and a
    /// ticket known only from the history.
    private static func historyApart(in store: TicketStore, batching: Bool, recomputed: Bool) throws -> [ImportRunFigures] {
        var figures: [ImportRunFigures] = []
        try store.write { writer in
            figures.append(try run(writer, "tickets") {
                for number in ["x", "y", "z"] { try writer.upsert(Ticket(number: number, createdAt: at(0))) }
            })
            if recomputed {
                try writer.db.execute(sql: """
                    INSERT INTO recompute_runs (policy_name, policy_hash, as_of, tickets_replayed, started_at, finished_at)
                    VALUES ('test', 'hash', 0, 3, 0, 0)
                    """)
            }
        }
        try store.write { writer in
            writer.batchesNewEvents = batching
            writer.newEventsGathered = MultiRowInsert.rowsPerStatement
            figures.append(try run(writer, "history") {
                for index in 0..<40 {
                    try writer.upsert(event("x", "k\(index)", index))
                    try writer.upsert(event("y", "k\(index)", index, team: index == 7 ? "Level 2" : "Level 1"))
                    if index == 9 { try writer.upsert(event("x", "k3", 9, status: "Other")) }     // within the batch
                    if index == 30 { try writer.upsert(event("y", "k3", 30, status: "Other")) }   // in a later batch
                }
                try writer.upsert(event("orphan", "o1", 41))
            })
            figures.append(try run(writer, "history again") {
                try writer.upsert(event("x", "k1", 1))                           // as the first file had it
                try writer.upsert(event("y", "k2", 2, status: "Changed"))        // changed since
                try writer.upsert(event("x", "k50", 50))                         // new
            })
        }
        return figures
    }

    /// The tickets' numbers in the order their events were stored.
    private static func ticketsInStoredOrder(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT t.number FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY e.id")
        }
    }

    /// A history imported apart from its tickets, into a database with no events yet, is
    /// inserted in batches like a first import's, and stores, counts and marks for replay what
    /// one by one does.
    @Test(arguments: [false, true])
    func aHistoryImportedApartIsBatchedAndStoresTheSame(recomputed: Bool) throws {
        let scratch = try TemporaryFolder("slareport-history-apart")
        let batchedPath = scratch.path("batched.sqlite"), oneByOnePath = scratch.path("one-by-one.sqlite")
        let batched = try Self.historyApart(in: try TicketStore(path: batchedPath), batching: true, recomputed: recomputed)
        let oneByOne = try Self.historyApart(in: try TicketStore(path: oneByOnePath), batching: false, recomputed: recomputed)
        #expect(batched.map(Counts.init) == oneByOne.map(Counts.init))
        #expect(try Self.storedEvents(batchedPath) == Self.storedEvents(oneByOnePath))
        #expect(try Self.storedOrder(batchedPath) == Self.storedOrder(oneByOnePath))
        let history = Counts(batched[1])
        #expect(history.inserted == 81 && history.repeated == 2 && history.placeholders == 1)
        #expect(history.firstRepeated == RepeatedEventRow(ticketNumber: "x", identity: "k3"))
        let again = Counts(batched[2])
        #expect(again.inserted == 1 && again.updated == 1)
        let marks = { (path: String) in
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT number || '=' || needs_replay FROM tickets ORDER BY number")
            }
        }
        #expect(try marks(batchedPath) == marks(oneByOnePath))
        #expect(try marks(batchedPath) == (recomputed ? ["orphan=1", "x=1", "y=1", "z=0"] : ["orphan=0", "x=0", "y=0", "z=0"]))
        // Batched: a batch's rows are stored ticket by ticket (the first batch of 32 holds x's
        // k0...k15 and its repeat of k3, then y's k0...k14); one by one, interleaved as they came.
        let batchedOrder = try Self.ticketsInStoredOrder(batchedPath), oneByOneOrder = try Self.ticketsInStoredOrder(oneByOnePath)
        #expect(Array(batchedOrder.prefix(31)) == Array(repeating: "x", count: 16) + Array(repeating: "y", count: 15))
        #expect(Array(oneByOneOrder.prefix(4)) == ["x", "y", "x", "y"])
    }

    @Test func aFullBatchIsOneStatementOfThirtyTwoRows() throws {
        let sql = try Self.memoryQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (" + (1...13).map { "c\($0)" }.joined(separator: ", ") + ", UNIQUE (c1, c2))")
            return try MultiRowInsert(db: db, insert: "INSERT INTO t", columns: (1...13).map { "c\($0)" },
                           onConflict: "ON CONFLICT (c1, c2) DO NOTHING").sql(rows: MultiRowInsert.rowsPerStatement)
        }
        #expect(sql.hasPrefix("INSERT INTO t (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13) VALUES (?1, ?2,"))
        #expect(sql.contains("(?404, ?405, ?406, ?407, ?408, ?409, ?410, ?411, ?412, ?413, ?414, ?415, ?416)") && !sql.contains("?417"))
        #expect(sql.hasSuffix("?416) ON CONFLICT (c1, c2) DO NOTHING"))
    }
}
