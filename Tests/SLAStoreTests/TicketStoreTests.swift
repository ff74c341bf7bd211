import Foundation
import GRDB
import Testing
import TestScratch
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

struct WriterSink: ImportSink {
    let writer: TicketWriter
    mutating func accept(ticket: Ticket, line: Int) throws { try writer.upsert(ticket) }
    mutating func accept(event: LifecycleEvent, line: Int) throws { try writer.upsert(event) }
}

/// A fresh database in a temporary folder, with helpers to write and import small files.
struct Workspace {
    /// Removed when the last workspace holding it goes.
    let scratch: TemporaryFolder
    let store: TicketStore
    var folder: URL { scratch.url }

    init() throws {
        scratch = try TemporaryFolder("slareport-store")
        store = try TicketStore(path: scratch.path("test.sqlite"))
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @discardableResult
    func importFile(_ path: String) throws -> ImportRunFigures {
        try store.write { writer in
            var figures = ImportRunFigures(file: path, sha256: "test", format: "", profile: nil, sourceZone: "America/New_York",
                                           startedAt: Instant(secondsSinceEpoch: 0))
            try writer.beginRun(figures)
            var sink = WriterSink(writer: writer)
            let summary = try FileImporter.read(path: path, format: nil, options: ImportOptions(sourceZone: "America/New_York"),
                                                into: &sink)
            figures.format = summary.format.rawValue
            figures.rowsRead = summary.rowsRead
            figures.skippedByKind = summary.skipped
            return try writer.finishRun(figures)
        }
    }
}

let queueHeader = "\"Ticket Number\",\"Date Created\",Subject,\"Current Status\",\"SLA Plan\",\"Team Assigned\",\"Closed Date\"\n"
let historyHeader = "ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata\n"

@Suite struct TicketStoreTests {
    @Test func importingTwiceChangesNothing() throws {
        let workspace = try Workspace()
        let queue = try workspace.file("q.csv", queueHeader + "1,\"2025-08-05 10:00:00\",A,Open,\"Default SLA\",\"Level 1 Support\",\n2,\"2025-08-05 11:00:00\",B,Open,,,\n")
        let history = try workspace.file("h.tsv", historyHeader
            + "1\tevent\t10\t2025-08-05 10:00:00\tcreated\t0\tUser\tNULL\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\tNULL\n"
            + "1\tentry\t20\t2025-08-05 10:05:00\tR\t0\tAgent One\tAgent One\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\tNULL\n")
        let first = try workspace.importFile(queue)
        try workspace.importFile(history)
        let before = try workspace.store.counts()
        let again = try workspace.importFile(queue)
        let againHistory = try workspace.importFile(history)
        let after = try workspace.store.counts()
        #expect(first.ticketsInserted == 2)
        #expect(again.ticketsInserted == 0 && again.ticketsUpdated == 0)
        #expect(againHistory.eventsInserted == 0 && againHistory.eventsUpdated == 0)
        #expect(before["tickets"] == 2 && before["events"] == 2)
        #expect(after["tickets"] == before["tickets"] && after["events"] == before["events"])
        #expect(after["import_runs"] == 4)
        #expect(try workspace.store.integrityCheck() == "ok")
    }

    @Test func aLaterExportUpdatesInPlace() throws {
        let workspace = try Workspace()
        try workspace.importFile(try workspace.file("q1.csv", queueHeader + "1,\"2025-08-05 10:00:00\",A,Open,,,\n"))
        try workspace.importFile(try workspace.file("h1.tsv", historyHeader
            + "1\tevent\t10\t2025-08-05 10:00:00\tcreated\t0\tUser\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\n"))
        // The newer export: the ticket closed, one more event, the first event unchanged.
        let update = try workspace.importFile(try workspace.file("q2.csv", queueHeader + "1,\"2025-08-05 10:00:00\",A,Closed,,,\"2025-08-06 10:00:00\"\n"))
        let history = try workspace.importFile(try workspace.file("h2.tsv", historyHeader
            + "1\tevent\t10\t2025-08-05 10:00:00\tcreated\t0\tUser\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\n"
            + "1\tevent\t11\t2025-08-06 10:00:00\tclosed\t0\tAgent\tAgent\tNULL\tNULL\tClosed\tNULL\tNULL\t{\"status\":[3,\"Closed\"]}\n"))
        #expect(update.ticketsUpdated == 1 && update.ticketsInserted == 0)
        #expect(history.eventsInserted == 1 && history.eventsUpdated == 0)
        let counts = try workspace.store.counts()
        #expect(counts["tickets"] == 1 && counts["events"] == 2)
        let status = try workspace.store.query("SELECT status FROM tickets WHERE number = '1'").rows
        #expect(status == [["Closed"]])
    }

    @Test func aFailedImportLeavesTheDatabaseAsItWas() throws {
        let workspace = try Workspace()
        try workspace.importFile(try workspace.file("good.csv", queueHeader + "1,\"2025-08-05 10:00:00\",A,Open,,,\n"))
        let before = try workspace.store.counts()
        let bad = try workspace.file("bad.csv", queueHeader + "2,\"2025-08-05 10:00:00\",B,Open,,,\n3,\"not a date\",C,Open,,,\n")
        #expect(throws: ImportError.self) { try workspace.importFile(bad) }
        #expect(try workspace.store.counts() == before)
        #expect(try workspace.store.query("SELECT number FROM tickets ORDER BY number").rows == [["1"]])
    }

    @Test func historyBeforeQueueCreatesAPlaceholderThatTheQueueFills() throws {
        let workspace = try Workspace()
        try workspace.importFile(try workspace.file("h.tsv", historyHeader
            + "7\tevent\t10\t2025-08-05 10:00:00\tcreated\t0\tUser\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\n"))
        #expect(try workspace.store.query("SELECT is_placeholder FROM tickets").rows == [["1"]])
        try workspace.importFile(try workspace.file("q.csv", queueHeader + "7,\"2025-08-05 10:00:00\",Hello,Open,,,\n"))
        #expect(try workspace.store.query("SELECT is_placeholder, subject FROM tickets").rows == [["0", "Hello"]])
    }

    /// A full disk (or another SQLite failure) is one line a person can act on, without the
    /// statement SQLite ran ("Error: SQLite error 13: ... while executing `COMMIT TRANSACTION`"
    /// in a stranger's trial); the steps put their name and outcome before it.
    @Test func sqliteFailuresAreOnePlainLine() {
        let full = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full", sql: "COMMIT TRANSACTION")
        #expect(StoreError.plainDescription(of: full)
                == "a disk is full (SQLite: database or disk is full): the database's, or the temporary folder's, where SQLite sorts; free some space and run it again")
        #expect(StoreError.plainDescription(of: DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "x\ny", sql: "INSERT"))
                == "SQLite error 19: x")
        #expect(StoreError.plainDescription(of: StoreError.database("no")) == nil)
    }

    /// An open stopped by the machine is not bad input: a full disk or a failing one is exit 1,
    /// another program's SQLite lock exit 3 (all were exit 2, an operator's trial found); the
    /// rest stay "cannot open" (exit 2).
    @Test func anOpenStoppedByTheMachineIsNotBadInput() {
        func kind(_ code: ResultCode) -> String {
            switch StoreError.opening("d.sqlite", DatabaseError(resultCode: code, message: "m", sql: nil)) {
            case .unavailable(_, _, let isLock): return isLock ? "lock" : "machine"
            case .cannotOpen: return "input"
            default: return "other"
            }
        }
        #expect([ResultCode.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_IOERR_SHMSIZE, .SQLITE_BUSY, .SQLITE_CANTOPEN,
                  .SQLITE_READONLY].map(kind) == ["machine", "machine", "machine", "lock", "input", "input"])
        let full = StoreError.opening("d.sqlite", DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full", sql: nil))
        #expect(full.description.contains("the temporary folder's (TMPDIR or SQLITE_TMPDIR"))
    }

    /// A ticket known only from an events file is created at its earliest event, wherever in
    /// the file that row comes (the replay starts every clock at `created_at`).
    @Test func aTicketKnownOnlyFromEventsStartsAtItsEarliestEvent() throws {
        let workspace = try Workspace()
        try workspace.importFile(try workspace.file("events.csv", """
            ticket_number,time,kind,status
            Z9,2025-08-05T14:00:00Z,response,
            Z9,2025-08-05T13:00:00Z,message,
            Z9,2025-08-05T16:00:00Z,resolved,Resolved

            """))
        #expect(try workspace.store.query("SELECT is_placeholder, created_at FROM tickets").rows
                == [["1", "\(Instant(iso8601: "2025-08-05T13:00:00Z")!.secondsSinceEpoch)"]])
    }

    @Test func replayResultsRoundTripThroughTheStore() throws {
        let workspace = try Workspace()
        try workspace.importFile(try workspace.file("q.csv", queueHeader
            + "1,\"2025-08-05 10:00:00\",A,Closed,\"Default SLA\",\"Level 1 Support\",\"2025-08-08 10:00:00\"\n"))
        let replayer = try LifecycleReplayer(policy: BuiltIn.osTicketDefaultPolicy())
        var results: [(ticketID: Int64, replay: TicketReplay)] = []
        // A first recompute replays every ticket (nothing is marked before one).
        try workspace.store.forEachTicketWithEvents(onlyChanged: false) { id, ticket, events in
            results.append((id, replayer.replay(ticket: ticket, events: events, asOf: Instant(secondsSinceEpoch: 2_000_000_000))))
        }
        try workspace.store.saveResults(results, policyName: "p", policyHash: "h", asOf: Instant(secondsSinceEpoch: 2_000_000_000),
                                        startedAt: Instant(secondsSinceEpoch: 0))
        let metrics = try workspace.store.loadTicketMetrics()
        #expect(metrics.count == 1)
        // 18 business hours from Tue 10:00 (New York) end Thu 10:00; closed Fri 10:00: breached.
        #expect(metrics[0].resolutionStatus == .breached)
        #expect(metrics[0].team == "Level 1 Support")
        #expect(try workspace.store.query("SELECT resolution_status FROM ticket_metrics").rows == [["breached"]])
        // Nothing changed since: an incremental pass finds no ticket.
        var again = 0
        try workspace.store.forEachTicketWithEvents(onlyChanged: true) { _, _, _ in again += 1 }
        #expect(again == 0)
    }
}

/// Agent-set due dates and history rows that are no events, as stored (issue 8).
@Suite struct ManualDueDateStoreTests {
    @Test func manualDueDateAndSkippedRowsAreStored() throws {
        let workspace = try Workspace()
        let queue = try workspace.file("q.csv", """
            "Ticket Number","Date Created",Subject,"Current Status","SLA Due Date","SLA Plan","Due Date","Closed Date"
            1,"2025-09-01 10:00:00",A,Open,"2025-09-03 10:00:00","Default SLA","2025-09-02 17:00:00",

            """)
        let history = try workspace.file("h.tsv", historyHeader
            + "1\tevent\t10\t2025-09-01 10:00:00\tcreated\t0\tUser\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL\n"
            + "1\tevent\t11\t2025-09-01 10:01:00\tviewed\t0\tAgent One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL\n"
            + "1\tevent\t12\t2025-09-01 10:02:00\tedited\t0\tAgent One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\t{\"source\":[\"Web\",\"Phone\"]}\n")
        try workspace.importFile(queue)
        let run = try workspace.importFile(history)
        #expect(run.rowsSkipped == 2)
        let stored = try workspace.store.query("SELECT rows_skipped, skipped_kinds FROM import_runs ORDER BY id DESC LIMIT 1")
        #expect(stored.rows.first == ["2", "{\"edited: source\":1,\"viewed\":1}"])
        #expect(try workspace.store.skippedRowsByKind() == ["edited: source": 1, "viewed": 1])
        let (ticket, _) = try #require(try workspace.store.ticketWithEvents(number: "1"))
        #expect(ticket.manualDueAt == Instant(secondsSinceEpoch: 1_756_846_800))   // 2025-09-02 17:00 EDT
    }
}

@Suite struct OsTicketPullRecordTests {
    @Test func theLatestPullOfASourceIsItsWatermark() throws {
        let workspace = try Workspace()
        #expect(try workspace.store.lastPull(source: "mysql://u@h/osticket ost_") == nil)
        func pull(_ source: String, _ time: String, _ event: Int64) -> OsTicketPullRecord {
            OsTicketPullRecord(source: source, serverTime: time, lastEventID: event, lastEntryID: event + 100, incremental: event > 1,
                               ticketRows: 3, historyRows: 22, fetchSeconds: 0.5, sourceZone: "UTC", pulledAt: Instant(secondsSinceEpoch: 9))
        }
        try workspace.store.write { writer in
            try writer.record(pull: pull("mysql://u@h/osticket ost_", "2025-08-04 10:00:00", 1))
            try writer.record(pull: pull("mysql://u@h/osticket ost_", "2025-08-05 10:00:00", 7))
            try writer.record(pull: pull("mysql://u@other/osticket ost_", "2025-08-06 10:00:00", 9))
        }
        #expect(try workspace.store.lastPull(source: "mysql://u@h/osticket ost_") == pull("mysql://u@h/osticket ost_", "2025-08-05 10:00:00", 7))
        // A failed import records no watermark: the pull's record is written in the import's transaction.
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try workspace.store.write { writer in
                try writer.record(pull: pull("mysql://u@h/osticket ost_", "2025-08-07 10:00:00", 11))
                throw Failure()
            }
        }
        #expect(try workspace.store.lastPull(source: "mysql://u@h/osticket ost_")?.lastEventID == 7)
    }
}

/// Migrations keep distinct names in the order they landed: a database made before the direct
/// reader (v1-v3, issue 8's rules) gains profile_rows (v4) and osticket_pulls (v5) when opened.
@Suite struct SchemaMigrationTests {
    @Test func aDatabaseFromBeforeTheDirectReaderMigrates() throws {
        let workspace = try Workspace()
        let path = workspace.folder.appendingPathComponent("before.sqlite").path
        do {
            SQLiteProcessSetup.ensureApplied()   // before SQLite is initialized
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v3: agent-set due dates, history rows that are no events")
            #expect(try queue.read { try Bool.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'osticket_pulls'") } == false)
            try queue.close()
        }
        let store = try TicketStore(path: path)
        #expect(try store.lastPull(source: "mysql://u@h/osticket ost_") == nil)
        let applied = try store.query("SELECT identifier FROM grdb_migrations ORDER BY rowid").rows.map { $0.first ?? nil }
        #expect(applied == Schema.migrator.migrations)
        #expect(applied.contains("v5: osticket_pulls, the direct reader's watermark"))
        #expect(Set(Schema.migrator.migrations).count == Schema.migrator.migrations.count)
    }
}
