import Foundation
import Testing
import SLAModel
import SLAImport
import SLAReports
import SLAStore
import SLAPipeline

/// The pipeline driven as a library, as `import`, `recompute` and `report` drive it, on the
/// seed's osTicket export (three tickets, 711979 among them) without spawning the executable.
@Suite struct PipelineEndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let seedFiles = ["seed-tickets.csv", "seed-history.tsv"].map {
        packageRoot.appendingPathComponent("sample-data/osticket/\($0)").path
    }
    static let policy = packageRoot.appendingPathComponent("sample-data/policy.yaml").path

    /// A fresh folder for one test's database and reports.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-pipeline-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func importSeed(into database: String) throws -> ImportOutcome {
        try ImportPipeline.importFiles(seedFiles.map { ImportInput(path: $0) }, database: database,
                                       sourceZone: "America/New_York", onError: .fail)
    }

    @Test func importRecomputeAndReportTheSeed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("seed.sqlite").path

        let imported = try Self.importSeed(into: database)
        #expect(imported.files.count == 2)
        #expect(imported.files.allSatisfy { $0.formatDetected && $0.run.rowsRejected == 0 })
        #expect(imported.files[0].run.ticketsInserted == 3)
        #expect(imported.files[1].run.eventsInserted > 0)
        #expect(imported.rejectedRows == 0)
        #expect(!FileManager.default.fileExists(atPath: imported.rejectsPath))

        let recomputed = try RecomputePipeline.recompute(database: database, policyPath: Self.policy,
                                                         zone: "America/New_York", asOf: "data", replayAll: false)
        #expect(recomputed.full)
        #expect(recomputed.ticketsReplayed == 3)
        #expect(recomputed.previous == nil)
        #expect(recomputed.events == 20)
        #expect(recomputed.resolutionCycles == 3)
        #expect(recomputed.breached == 1)
        let store = try TicketStore(path: database, readOnly: true)
        // Severity A, 1 h on 24x7 from 19:58:40Z; resolved 21:26:52Z: 28 min 12 s late, held by Online Banking.
        #expect(try store.query("SELECT breach_team, seconds_late FROM ticket_metrics WHERE number = '711979'").rows
                == [["Online Banking", "1692"]])

        // Nothing changed: a second recompute replays nothing.
        let again = try RecomputePipeline.recompute(database: database, policyPath: Self.policy,
                                                    zone: "America/New_York", asOf: "data", replayAll: false)
        #expect(!again.full)
        #expect(again.ticketsReplayed == 0)

        let output = folder.appendingPathComponent("reports")
        var announced: [String] = []
        let reported = try ReportPipeline.write(
            database: database, request: ReportRequest(periods: .week("2025-W32"), output: output.path),
            onPeriodWritten: { period, _ in announced.append(period.label) })
        #expect(reported.ticketsAwaitingReplay == 0)
        #expect(reported.periods.count == 1)
        #expect(announced == reported.periods.map(\.period.label))
        let files = try #require(reported.periods.first?.files)
        #expect(Set(files.map(\.pathExtension)).isSuperset(of: ["html", "csv", "xlsx"]))
        for file in files { #expect(FileManager.default.fileExists(atPath: file.path)) }
        let index = try #require(reported.index)
        #expect(FileManager.default.fileExists(atPath: index.path))
        let html = try String(contentsOf: try #require(files.first { $0.pathExtension == "html" }), encoding: .utf8)
        #expect(html.contains("Online Banking"))

        // The same policy as a draft flips no verdict, judged at the stored results' instant.
        let whatIf = try WhatIfPipeline.compare(database: database, draftPath: Self.policy, zone: "America/New_York",
                                                asOf: "now")
        #expect(whatIf.asOf == recomputed.asOf)
        #expect(whatIf.comparison.flips.isEmpty)
        #expect(!whatIf.comparison.rows.isEmpty)
        #expect(whatIf.zoneName == "America/New_York")   // the draft's business calendar's
        // --zone counts the weeks in another zone (it was ignored); an unknown one is refused.
        let inUTC = try WhatIfPipeline.compare(database: database, draftPath: Self.policy, zone: "America/New_York",
                                               asOf: "now", weeksZone: "UTC")
        #expect(inUTC.zoneName == "UTC" && inUTC.comparison.flips.isEmpty)
        #expect(throws: PipelineError.self) {
            try WhatIfPipeline.compare(database: database, draftPath: Self.policy, zone: "America/New_York", asOf: "now",
                                       weeksZone: "Mars/Olympus")
        }
    }

    @Test func aBadFileLeavesTheDatabaseUnchanged() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("seed.sqlite").path
        _ = try Self.importSeed(into: database)
        let before = try TicketStore(path: database, readOnly: true)
        let (tickets, runs) = (try before.ticketCount(), try before.importTotals().runs)

        // The seed's queue export with one creation date that is no date, and a ticket of its own.
        let seed = try String(contentsOfFile: Self.seedFiles[0], encoding: .utf8)
        let bad = seed.replacingOccurrences(of: "\"2025-08-05 15:58:40\"", with: "\"not a date\"")
            .replacingOccurrences(of: "835120,", with: "835121,")
        #expect(bad != seed)
        let badPath = folder.appendingPathComponent("bad-tickets.csv").path
        try bad.write(toFile: badPath, atomically: true, encoding: .utf8)

        #expect {
            _ = try ImportPipeline.importFiles([ImportInput(path: badPath)], database: database,
                                               sourceZone: "America/New_York", onError: .fail)
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.exitCode == 2 && error.description.hasPrefix("import failed, the database is unchanged:")
        }
        let after = try TicketStore(path: database, readOnly: true)
        #expect(try after.ticketCount() == tickets)
        #expect(try after.importTotals().runs == runs)
        #expect(!FileManager.default.fileExists(atPath: RejectsFile.path(forDatabase: database)))

        // Skipping imports the good rows and writes the bad one beside the database.
        let skipped = try ImportPipeline.importFiles([ImportInput(path: badPath)], database: database,
                                                     sourceZone: "America/New_York", onError: .skip)
        #expect(skipped.rejectedRows == 1)
        #expect(FileManager.default.fileExists(atPath: skipped.rejectsPath))
    }

    @Test func aBadFirstImportSaysNoDatabaseWasCreated() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("new.sqlite").path
        let badPath = folder.appendingPathComponent("bad.csv").path
        let seed = try String(contentsOfFile: Self.seedFiles[0], encoding: .utf8)
        try seed.replacingOccurrences(of: "\"2025-08-05 15:58:40\"", with: "\"not a date\"").write(toFile: badPath, atomically: true, encoding: .utf8)
        #expect {
            _ = try ImportPipeline.importFiles([ImportInput(path: badPath)], database: database,
                                               sourceZone: "America/New_York", onError: .fail)
        } throws: { error in
            "\(error)".hasPrefix("import failed, no database was created at \(database):\n\(badPath):")
        }
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    /// The same export read in another zone than before moves its tickets' instants: the import
    /// says so (and how to read it as before), and says nothing when the zone is the same.
    @Test func aFileReadInAnotherZoneThanBeforeIsNoted() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let tickets = Self.seedFiles[0]
        func importTickets(_ zone: String?) throws -> ImportOutcome {
            try ImportPipeline.importFiles([ImportInput(path: tickets)], database: database, sourceZone: zone, onError: .fail)
        }
        #expect(try importTickets(nil).notes.isEmpty)
        let moved = try importTickets("America/New_York")
        #expect(moved.notes == ["\(tickets) was read in America/New_York, its previous import in UTC: the local times of 3 updated tickets and 0 updated events now mean other instants (import it with the source zone UTC to read it as before)"])
        #expect(try importTickets("America/New_York").notes.isEmpty)

        // The same content under another name, and a newer export typed as another spelling of
        // the same path, are the same file.
        let copy = folder.appendingPathComponent("tickets.csv").path
        try FileManager.default.copyItem(atPath: tickets, toPath: copy)
        let copied = try ImportPipeline.importFiles([ImportInput(path: copy)], database: database, sourceZone: "UTC", onError: .fail)
        #expect(copied.notes.count == 1 && copied.notes[0].hasPrefix("\(copy) was read in UTC, its previous import in America/New_York"))
        let seed = try String(contentsOfFile: tickets, encoding: .utf8)
        let newer = seed.replacingOccurrences(of: "\"2025-08-05 15:58:40\"", with: "\"2025-08-05 15:59:40\"")
        #expect(newer != seed)
        try newer.write(toFile: copy, atomically: true, encoding: .utf8)
        let respelled = folder.appendingPathComponent(".").appendingPathComponent("tickets.csv").path
        #expect(respelled != copy)
        let renamed = try ImportPipeline.importFiles([ImportInput(path: respelled)], database: database,
                                                     sourceZone: "America/New_York", onError: .fail)
        #expect(renamed.notes.count == 1 && renamed.notes[0].contains("its previous import in UTC"), "\(renamed.notes)")
    }

    /// An older queue export imported after a newer one changes its tickets back (a resolved
    /// ticket open again, its close gone) with exit 0 and "1 updated" only. It is still imported
    /// (the file is what the user gave), and now said, naming a ticket and both last updates.
    @Test func anOlderExportAfterANewerOneIsSaid() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let seed = try String(contentsOfFile: Self.seedFiles[0], encoding: .utf8)
        // Ticket 711979 as an export taken at 16:30, before it was resolved at 17:26:52.
        let older = seed.replacingOccurrences(
            of: #"Web,Resolved,"2025-08-05 17:26:52",,"Severity A",,"2025-08-05 17:26:52""#,
            with: #"Web,Open,"2025-08-05 16:30:00",,"Severity A",,"#)
        #expect(older != seed)
        let olderPath = folder.appendingPathComponent("older-tickets.csv").path
        try older.write(toFile: olderPath, atomically: true, encoding: .utf8)
        func importFile(_ path: String) throws -> ImportOutcome {
            try ImportPipeline.importFiles([ImportInput(path: path)], database: database, sourceZone: "America/New_York", onError: .fail)
        }
        #expect(try importFile(Self.seedFiles[0]).notes.isEmpty)
        let rolledBack = try importFile(olderPath)
        #expect(rolledBack.files.map(\.run.ticketsUpdated) == [1])
        #expect(rolledBack.notes == ["\(olderPath): 1 ticket row was older than the stored one by its last update (ticket 711979: 2025-08-05T20:30:00Z in the file, 2025-08-05T21:26:52Z stored): the ticket now holds the file's older values; if this export is older than the last one imported, import the newest one again"])
        let store = try TicketStore(path: database, readOnly: true)
        #expect(try store.query("SELECT status, closed_at FROM tickets WHERE number = '711979'").rows == [["Open", nil]])
        // The same older file again changes nothing, and the newest export is newer: no note.
        #expect(try importFile(olderPath).notes.isEmpty)
        let restored = try importFile(Self.seedFiles[0])
        #expect(restored.notes.isEmpty && restored.files.map(\.run.ticketsUpdated) == [1])
        #expect(try store.query("SELECT status FROM tickets WHERE number = '711979'").rows == [["Resolved"]])
    }

    /// One osTicket event id on two rows of one history file: with other values, the later row
    /// replaced the earlier one with exit 0 and "1 updated" (a first import: nothing was stored
    /// before). Now counted apart and said, naming the ticket and the id; the same values again
    /// change nothing and say nothing.
    @Test func anEventIDOnTwoRowsOfOneFileIsSaid() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let header = "ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata\n"
        let rows = [
            "100006\tevent\t1000\t2025-06-23 06:18:11\tcreated\t0\tMaria Patel\tNULL\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\tNULL",
            "100006\tevent\t1002\t2025-06-23 09:44:02\tassigned\t0\tAgent Five\tAgent Five\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\t{\"claim\":true}",
            "100006\tentry\t1003\t2025-06-23 11:53:11\tR\t0\tAgent Five\tAgent Five\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\tNULL",
        ]
        let sameAgain = rows[1]
        let otherValues = rows[1].replacingOccurrences(of: "\tLevel 1 Support\t", with: "\tOnline Banking\t")
        let path = folder.appendingPathComponent("history.tsv").path
        try (header + (rows + [sameAgain, otherValues]).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try ImportPipeline.importFiles([ImportInput(path: path)], database: database, sourceZone: "UTC", onError: .fail)
        #expect(outcome.files.map { [$0.run.eventsInserted, $0.run.eventsUpdated, $0.run.eventsRepeatedWithOtherValues] } == [[3, 0, 1]])
        #expect(outcome.notes == ["\(path): 1 row repeated an event of an earlier row with other values (the same source id; first: ticket 100006, event:1002): the later row's values were kept and the earlier row's are not in the database"])
        let store = try TicketStore(path: database, readOnly: true)
        #expect(try store.query("SELECT identity, team FROM events ORDER BY id").rows
                == [["event:1000", "Level 1 Support"], ["event:1002", "Online Banking"], ["entry:1003", "Level 1 Support"]])

        // Repeated with the same values only: one event, nothing said.
        let clean = folder.appendingPathComponent("clean.sqlite").path
        try (header + (rows + [sameAgain]).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let repeated = try ImportPipeline.importFiles([ImportInput(path: path)], database: clean, sourceZone: "UTC", onError: .fail)
        #expect(repeated.notes.isEmpty)
        #expect(repeated.files.map { [$0.run.eventsInserted, $0.run.eventsUpdated, $0.run.eventsRepeatedWithOtherValues] } == [[3, 0, 0]])
        // And imported again: every row unchanged.
        let again = try ImportPipeline.importFiles([ImportInput(path: path)], database: clean, sourceZone: "UTC", onError: .fail)
        #expect(again.notes.isEmpty)
        #expect(again.files.map { [$0.run.eventsInserted, $0.run.eventsUpdated, $0.run.eventsRepeatedWithOtherValues] } == [[0, 0, 0]])
    }

    /// An export with a header and no rows imported nothing with exit 0 and no word, so a cron
    /// job whose export came out empty went unnoticed (a stranger's operations trial): a note says so.
    @Test func anExportWithNoRowsIsSaid() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let seed = try String(contentsOfFile: Self.seedFiles[0], encoding: .utf8)
        let empty = folder.appendingPathComponent("empty.csv").path
        try (String(seed.prefix { $0 != "\n" }) + "\n").write(toFile: empty, atomically: true, encoding: .utf8)
        func importFile(_ path: String) throws -> ImportOutcome {
            try ImportPipeline.importFiles([ImportInput(path: path)], database: database, sourceZone: "America/New_York", onError: .fail)
        }
        #expect(try importFile(Self.seedFiles[0]).notes.isEmpty)
        #expect(try importFile(empty).notes == ["\(empty): no rows after its header, so nothing was imported from it; if the export should have had rows, check the job that wrote it"])
    }

    /// Two files through a profile without `files:` (slices of a split audit log): the second
    /// replaced the first one's rows of the cases both had, exit 0 (a stranger's trial). Now
    /// refused before anything is written, naming both ways to say what the files are.
    @Test func twoFilesThroughAProfileWithoutFileRolesAreRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try MappingProfile.parse("""
            name: audit
            time: {format: iso, zone: UTC}
            columns: {case: Ticket, time: When, status: Status}
            statuses: {New: open, Solved: resolved}
            """, file: "audit.yaml")
        let paths = try ["audit-1.csv", "audit-2.csv"].map { name in
            let path = folder.appendingPathComponent(name).path
            try "Ticket,When,Status\nT1,2025-03-03 09:00:00,New\n".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let database = folder.appendingPathComponent("desk.sqlite").path
        #expect(throws: PipelineError.badInput("""
            the profile "audit" has no files: roles, so it reads each file as the whole export, and this import names 2 \
            (\(paths[0]), \(paths[1])): each would replace the others' rows of the cases they share. If they are slices of one \
            log, give the profile a role that matches them all (files: {log: {match: "*.csv"}}) and they are read as one; if \
            each is a newer copy of the whole export, import only the newest
            """)) {
            try ImportPipeline.importFiles(paths.map { ImportInput(path: $0, profile: profile) }, database: database,
                                           sourceZone: nil, onError: .fail)
        }
        #expect(!FileManager.default.fileExists(atPath: database))
        // One file named twice through a profile with file roles would count its rows twice: refused.
        var withRoles = profile
        withRoles.roles = [MappingProfile.FileRole(name: "log", kind: .activities, match: "audit-*", columns: profile.columns,
                                                   customFields: [])]
        #expect(throws: PipelineError.badInput("\(paths[0]): named twice in one import through the profile \"audit\", whose files of one role are read as one log")) {
            try ImportPipeline.importFiles([paths[0], paths[0]].map { ImportInput(path: $0, profile: withRoles) }, database: database,
                                           sourceZone: nil, onError: .fail)
        }
        // One file at a time is the documented newer copy.
        let one = try ImportPipeline.importFiles([ImportInput(path: paths[0], profile: profile)], database: database,
                                                 sourceZone: nil, onError: .fail)
        #expect(one.files.map(\.run.eventsInserted) == [1])
    }

    /// A resolve or close with a label the policy does not list still stops the clock by its kind,
    /// so the note does not list it as counted open (it did, a stranger's trial); a status change
    /// to such a label does count as open, and is listed.
    @Test func unlistedLabelsOfResolvesAreNotSaidToCountAsOpen() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let tickets = folder.appendingPathComponent("t.csv").path
        let events = folder.appendingPathComponent("e.csv").path
        try "number,created_at\nD-1,2025-03-03T08:00:00Z\n".write(toFile: tickets, atomically: true, encoding: .utf8)
        try """
            ticket_number,time,kind,status
            D-1,2025-03-03T08:00:00Z,created,Open
            D-1,2025-03-03T09:00:00Z,status_changed,Wartet auf Kunde
            D-1,2025-03-03T10:00:00Z,resolved,Gelöst
            D-1,2025-03-04T10:00:00Z,closed,Geschlossen

            """.write(toFile: events, atomically: true, encoding: .utf8)
        _ = try ImportPipeline.importFiles([ImportInput(path: tickets), ImportInput(path: events)], database: database,
                                           sourceZone: "UTC", onError: .fail)
        let outcome = try RecomputePipeline.recompute(database: database, policyPath: nil, zone: "UTC", asOf: "data", replayAll: true)
        #expect(outcome.unlistedStatuses == ["Wartet auf Kunde": 1])
        #expect(outcome.resolutionCycles == 1)
    }

    /// Statuses the policy does not list count as open; the recompute says which, so a waiting
    /// status meant to pause the clock is not silently a running one.
    @Test func statusesThePolicyDoesNotListAreCounted() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let osticket = Self.packageRoot.appendingPathComponent("sample-data/osticket")
        _ = try ImportPipeline.importFiles(["generated-tickets.csv", "generated-history.tsv"].map {
            ImportInput(path: osticket.appendingPathComponent($0).path) }, database: database, sourceZone: "America/New_York", onError: .fail)
        // osTicket's defaults know Open, Resolved and Closed; the sample's "On Hold" is the policy's to say.
        let defaults = try RecomputePipeline.recompute(database: database, policyPath: nil, zone: "America/New_York",
                                                       asOf: "data", replayAll: true)
        let store = try TicketStore(path: database, readOnly: true)
        // Counted where the status decides the state: its changes (and openings), not a resolve's label.
        let onHold = try store.query("SELECT COUNT(*) FROM events WHERE status = 'On Hold' AND kind IN ('status_changed', 'created')")
            .rows.first?.first ?? nil
        #expect(defaults.unlistedStatuses == ["On Hold": Int(onHold ?? "") ?? -1])
        #expect((defaults.unlistedStatuses["On Hold"] ?? 0) > 0)
        let listed = try RecomputePipeline.recompute(database: database, policyPath: Self.policy, zone: "America/New_York",
                                                     asOf: "data", replayAll: true)
        #expect(listed.unlistedStatuses.isEmpty)
        // Likewise plans: osTicket's defaults have only Default SLA, so the sample's Severity A
        // tickets fell back to it, silently until a stranger's trial.
        let severityA = try store.query("""
            SELECT COUNT(*) FROM tickets t WHERE t.sla_plan = 'Severity A'
               OR EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.kind = 'sla_changed' AND e.value = 'Severity A')
            """).rows.first?.first ?? nil
        #expect(defaults.unknownPlans == ["Severity A": Int(severityA ?? "") ?? -1])
        #expect((defaults.unknownPlans["Severity A"] ?? 0) > 0)
        #expect(listed.unknownPlans.isEmpty)
    }

    @Test func stepsOutOfOrderSayWhatToRunFirst() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("seed.sqlite").path
        #expect(throws: PipelineError.badInput("\(database): no such database; run `slareport import` first")) {
            _ = try RecomputePipeline.recompute(database: database, policyPath: nil, zone: "America/New_York",
                                                asOf: "now", replayAll: false)
        }
        _ = try Self.importSeed(into: database)
        #expect(throws: PipelineError.badInput("\(database): no SLA results yet; run `slareport recompute` first")) {
            _ = try ReportPipeline.write(database: database, request: ReportRequest(output: folder.path))
        }
        #expect(throws: PipelineError.badInput("--as-of yesterday: expected now, data, or an ISO 8601 instant with an offset such as 2025-09-01T00:00:00-04:00")) {
            _ = try RecomputePipeline.recompute(database: database, policyPath: nil, zone: "America/New_York",
                                                asOf: "yesterday", replayAll: false)
        }
        // A file where the reports folder (or one of its parents) should be is a mistyped option, exit 2
        // before any ticket is read or file written; it was exit 1, "cannot create the report directory", like a full disk.
        _ = try RecomputePipeline.recompute(database: database, policyPath: nil, zone: "America/New_York",
                                            asOf: "data", replayAll: false)
        let file = folder.appendingPathComponent("notes.txt")
        try Data("x".utf8).write(to: file)
        #expect(throws: PipelineError.badInput("--output: '\(file.path)' is a file; expected a folder for the reports (it is created if missing)")) {
            _ = try ReportPipeline.write(database: database, request: ReportRequest(output: file.path))
        }
        let beneath = file.appendingPathComponent("weekly").path
        #expect(throws: PipelineError.badInput("--output: '\(beneath)' is under the file \(file.path); expected a folder for the reports (it is created if missing)")) {
            _ = try ReportPipeline.write(database: database, request: ReportRequest(output: beneath))
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
    }

    @Test func errorsMapToTheExitCodesCronSees() {
        #expect(PipelineError.badInput("x").exitCode == 2)
        #expect(PipelineError.locked("x").exitCode == 3)
        #expect(PipelineError.failed("x").exitCode == 1)
        #expect(PipelineError.locked("held").withMessage { "report failed: " + $0 } == .locked("report failed: held"))
    }
}
