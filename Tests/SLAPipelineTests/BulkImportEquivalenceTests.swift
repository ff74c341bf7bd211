import Foundation
import Testing
import SLAModel
import SLAImport
@testable import SLAStore
import SLAPipeline

/// `ImportPipeline` into an empty database takes the bulk path (secondary indexes built after the
/// load, foreign keys not checked row by row, texts bound without SQLite's copy, no replay mark
/// per ticket that already waits for one); these tests pin that it stores exactly what a plain
/// row-by-row import does, and that a later import still marks exactly the changed tickets.
@Suite struct BulkImportEquivalenceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let tickets = packageRoot.appendingPathComponent("sample-data/osticket/generated-tickets.csv").path
    static let history = packageRoot.appendingPathComponent("sample-data/osticket/generated-history.tsv").path

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Every row of the tables an import writes, all columns, in id order; import runs without
    /// their clock times and checksums (which differ between two imports of the same files).
    static func contents(_ database: String) throws -> [[String?]] {
        let store = try TicketStore(path: database, readOnly: true)
        let runs = "SELECT id, file, format, profile, source_zone, rows_read, rows_rejected, tickets_inserted, tickets_updated, "
            + "events_inserted, events_updated, rows_skipped, skipped_kinds FROM import_runs ORDER BY id"
        var rows: [[String?]] = []
        for sql in ["SELECT * FROM tickets ORDER BY id", "SELECT * FROM events ORDER BY id", runs] {
            rows += try store.query(sql).rows + [["--"]]
        }
        return rows
    }

    /// The files imported one after the other in one transaction, row by row: foreign keys
    /// checked, every index in place, no bulk load.
    static func importRowByRow(_ files: [String], into database: String) throws {
        let store = try TicketStore(path: database)
        try store.write { writer in
            for path in files {
                var figures = ImportRunFigures(file: path, sha256: "", format: "", profile: nil,
                                               sourceZone: "America/New_York", startedAt: .now)
                try writer.beginRun(figures)
                var sink = StoreSink(writer: writer)
                let summary = try FileImporter.read(path: path, format: nil,
                                                    options: ImportOptions(sourceZone: "America/New_York"), into: &sink)
                figures.format = summary.format.rawValue
                figures.rowsRead = summary.rowsRead
                figures.rowsRejected = summary.rowsRejected
                figures.skippedByKind = summary.skipped
                _ = try writer.finishRun(figures)
            }
        }
    }

    @Test func aBulkImportStoresExactlyWhatARowByRowImportStores() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The history twice: the second copy conflicts with every event of the first inside one load.
        let files = [Self.tickets, Self.history, Self.history]
        let bulk = folder.appendingPathComponent("bulk.sqlite").path
        let outcome = try ImportPipeline.importFiles(files.map { ImportInput(path: $0) }, database: bulk,
                                                     sourceZone: "America/New_York", onError: .fail)
        #expect(outcome.files[0].run.ticketsInserted == 400)
        #expect(outcome.files[1].run.eventsInserted > 3_000)
        #expect(outcome.files[2].run.eventsInserted == 0 && outcome.files[2].run.eventsUpdated == 0)
        let plain = folder.appendingPathComponent("plain.sqlite").path
        try Self.importRowByRow(files, into: plain)

        let bulkRows = try Self.contents(bulk)
        #expect(bulkRows.count > 4_000)
        #expect(bulkRows == (try Self.contents(plain)))
        let store = try TicketStore(path: bulk, readOnly: true)
        #expect(try store.query("PRAGMA foreign_key_check").rows.isEmpty)
        // Never recomputed: the first recompute replays every ticket, so none is marked.
        #expect(try store.query("SELECT COUNT(*) FROM tickets WHERE needs_replay = 1").rows == [["0"]])
        let indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        #expect(try store.query(indexes).rows == (try TicketStore(path: plain, readOnly: true).query(indexes).rows))
    }

    @Test func aLaterImportMarksOnlyTheTicketWhoseEventChangedForReplay() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        _ = try ImportPipeline.importFiles([Self.tickets, Self.history].map { ImportInput(path: $0) }, database: database,
                                           sourceZone: "America/New_York", onError: .fail)
        // As a recompute leaves it: a recorded run, nothing waits for replay.
        try TicketStore(path: database).write { writer in
            try writer.db.execute(sql: "UPDATE tickets SET needs_replay = 0")
            try writer.db.execute(sql: """
                INSERT INTO recompute_runs (policy_name, policy_hash, as_of, tickets_replayed, started_at, finished_at)
                VALUES ('p', 'h', 1756684800, 400, 0, 0)
                """)
        }

        // The same history with one response written by someone else (ticket 100000's second
        // response: the ticket is held by then, so only that event's actor changes).
        var lines = try String(contentsOfFile: Self.history, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let changed = try #require(lines.firstIndex { $0.hasPrefix("100000\tentry\t1005\t") })
        var fields = lines[changed].split(separator: "\t", omittingEmptySubsequences: false)
        fields[6] = "Someone Else"
        lines[changed] = Substring(fields.joined(separator: "\t"))
        let edited = folder.appendingPathComponent("history-edited.tsv").path
        try lines.joined(separator: "\n").write(toFile: edited, atomically: true, encoding: .utf8)

        let unchanged = try ImportPipeline.importFiles([ImportInput(path: Self.history)], database: database,
                                                       sourceZone: "America/New_York", onError: .fail)
        #expect(unchanged.files[0].run.eventsUpdated == 0)
        let store = try TicketStore(path: database, readOnly: true)
        #expect(try store.query("SELECT number FROM tickets WHERE needs_replay = 1").rows == [])

        let outcome = try ImportPipeline.importFiles([ImportInput(path: edited)], database: database,
                                                     sourceZone: "America/New_York", onError: .fail)
        #expect(outcome.files[0].run.eventsUpdated == 1)
        #expect(try store.query("SELECT number FROM tickets WHERE needs_replay = 1").rows == [["100000"]])
    }

    /// A history imported apart from its tickets (into a database with tickets and no events,
    /// whose events are then batched as a first import's) stores the same events as one import
    /// of both, and recomputes to the same results; and it is recorded as inserts, not updates.
    @Test func aHistoryImportedApartStoresAndRecomputesAsOneImportOfBoth() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = Self.packageRoot.appendingPathComponent("sample-data/policy.yaml").path
        let together = folder.appendingPathComponent("together.sqlite").path
        _ = try ImportPipeline.importFiles([Self.tickets, Self.history].map { ImportInput(path: $0) }, database: together,
                                           sourceZone: "America/New_York", onError: .fail)
        let apart = folder.appendingPathComponent("apart.sqlite").path
        _ = try ImportPipeline.importFiles([ImportInput(path: Self.tickets)], database: apart,
                                           sourceZone: "America/New_York", onError: .fail)
        // The history twice in one import: the second copy's events are all the first's again.
        let history = try ImportPipeline.importFiles([Self.history, Self.history].map { ImportInput(path: $0) }, database: apart,
                                                     sourceZone: "America/New_York", onError: .fail)
        #expect(history.files[0].run.eventsInserted > 3_000 && history.files[0].run.eventsUpdated == 0)
        #expect(history.files[1].run.eventsInserted == 0 && history.files[1].run.eventsUpdated == 0)
        let events = """
            SELECT t.number, e.identity, e.occurred_at, e.kind, e.actor, e.team, e.agent, e.department, e.status, e.value,
                   e.previous_value, e.annulled FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY t.number, e.identity
            """
        let apartEvents = try TicketStore(path: apart, readOnly: true).query(events).rows
        #expect(apartEvents.count == history.files[0].run.eventsInserted)
        #expect(apartEvents == (try TicketStore(path: together, readOnly: true).query(events).rows))
        for database in [together, apart] {
            _ = try RecomputePipeline.recompute(database: database, policyPath: policy, zone: "America/New_York",
                                                asOf: "data", replayAll: false)
        }
        let results = [
            "SELECT t.number, o.plan, o.team, o.agent, o.state, o.first_response_at, o.resolved_at, o.reopens, o.handoffs, "
                + "o.as_of, o.resolution_status FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id ORDER BY t.number",
            "SELECT t.number, c.metric, c.cycle, c.plan, c.due_at, c.stopped_at, c.elapsed_seconds, c.paused_seconds, c.status, "
                + "c.breached_at, c.breach_team, c.breach_agent, c.reason FROM sla_cycles c JOIN tickets t ON t.id = c.ticket_id "
                + "ORDER BY t.number, c.metric, c.cycle",
            "SELECT t.number, s.seq, s.team, s.agent, s.started_at, s.ended_at, s.business_seconds FROM team_segments s "
                + "JOIN tickets t ON t.id = s.ticket_id ORDER BY t.number, s.seq",
        ]
        for sql in results {
            let apartRows = try TicketStore(path: apart, readOnly: true).query(sql).rows
            #expect(apartRows.count >= 400)
            #expect(apartRows == (try TicketStore(path: together, readOnly: true).query(sql).rows), "\(sql)")
        }
    }

    /// The header's write and read format versions (bytes 18 and 19): 2 in WAL mode.
    static func fileFormatVersions(_ path: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: path)).prefix(20).suffix(2))
    }

    @Test func aFirstImportIntoANewFileStoresWhatAnImportIntoAnExistingEmptyDatabaseStores() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [Self.tickets, Self.history, Self.history].map { ImportInput(path: $0) }
        // Built under a temporary name and renamed (nothing was at the path) ...
        let fresh = folder.appendingPathComponent("fresh.sqlite").path
        let freshOutcome = try ImportPipeline.importFiles(files, database: fresh, sourceZone: "America/New_York", onError: .fail)
        #expect(!FileManager.default.fileExists(atPath: NewDatabaseFile.temporaryPath(for: fresh)))
        // ... and into a database that exists, empty, in WAL mode (the path of every import before).
        let existing = folder.appendingPathComponent("existing.sqlite").path
        _ = try TicketStore(path: existing)
        let existingOutcome = try ImportPipeline.importFiles(files, database: existing, sourceZone: "America/New_York", onError: .fail)
        #expect(freshOutcome.files.map(\.run.ticketsInserted) == existingOutcome.files.map(\.run.ticketsInserted))
        #expect(freshOutcome.files.map(\.run.eventsInserted) == existingOutcome.files.map(\.run.eventsInserted))
        #expect(try Self.fileFormatVersions(fresh) == [2, 2], "left in WAL mode")

        let freshRows = try Self.contents(fresh)
        let ticketsAndEvents = try ["SELECT * FROM tickets ORDER BY id", "SELECT * FROM events ORDER BY id"]
            .map { try TicketStore(path: fresh, readOnly: true).query($0).rows }
        #expect(freshRows.count > 4_000)
        #expect(freshRows == (try Self.contents(existing)))
        let store = try TicketStore(path: fresh, readOnly: true)
        #expect(try store.query("PRAGMA quick_check").rows == [["ok"]])
        #expect(try store.query("PRAGMA foreign_key_check").rows.isEmpty)
        let schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
        #expect(try store.query(schema).rows == (try TicketStore(path: existing, readOnly: true).query(schema).rows))
        #expect(try store.query("SELECT identifier FROM grdb_migrations ORDER BY identifier").rows
                == (try TicketStore(path: existing, readOnly: true).query("SELECT identifier FROM grdb_migrations ORDER BY identifier").rows))

        // The next import opens the renamed file as any existing database: upserts, WAL mode.
        let again = try ImportPipeline.importFiles(files.prefix(2).map { $0 }, database: fresh,
                                                   sourceZone: "America/New_York", onError: .fail)
        #expect(again.files[0].run.ticketsInserted == 0 && again.files[0].run.ticketsUpdated == 0)
        #expect(again.files[1].run.eventsInserted == 0 && again.files[1].run.eventsUpdated == 0)
        #expect(try Self.fileFormatVersions(fresh) == [2, 2])
        #expect(try ["SELECT * FROM tickets ORDER BY id", "SELECT * FROM events ORDER BY id"].map { try store.query($0).rows }
                == ticketsAndEvents, "tickets and events unchanged")
        #expect(try store.query("SELECT COUNT(*) FROM import_runs").rows == [["5"]])
    }

    @Test func aBadInputIntoANewPathLeavesNoDatabase() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The generated queue export, then a ticket whose creation is not a date.
        let lines = try String(contentsOfFile: Self.tickets, encoding: .utf8).split(separator: "\n")
        let columns = lines[0].split(separator: ",").count
        let bad = folder.appendingPathComponent("bad.csv").path
        let badRow = ["999999", "not a date"] + Array(repeating: "x", count: columns - 2)
        try (lines.joined(separator: "\n") + "\n" + badRow.joined(separator: ",") + "\n")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("desk.sqlite").path
        #expect(throws: PipelineError.self) {
            try ImportPipeline.importFiles([ImportInput(path: Self.history), ImportInput(path: bad)], database: database,
                                           sourceZone: "America/New_York", onError: .fail)
        }
        // Only what was there: no database, so no lock file either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bad.csv"])
    }
}
