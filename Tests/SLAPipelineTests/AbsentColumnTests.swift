import Foundation
import Testing
import SLAModel
import SLAImport
import SLAStore
import SLAPipeline

/// An export without some of the known columns (an osTicket agent unticks columns in the export
/// dialog; a normalized tickets file gives only some) describes nothing about those fields: the
/// tickets it updates keep what earlier imports stored, and the import says which columns were
/// missing. (Until 2026-12-05 every stored team was blanked by a queue export without "Team
/// Assigned", exit 0: a stranger's trial.)
@Suite struct AbsentColumnTests {
    static let seedTickets = PipelineEndToEndTests.seedFiles[0]

    /// The seed's queue export without the columns named, written into `folder`.
    static func seedExport(without removed: Set<String>, in folder: URL, named name: String) throws -> String {
        let text = try String(contentsOfFile: seedTickets, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "")
        let headings = header.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        let kept = headings.indices.filter { !removed.contains(headings[$0]) }
        #expect(kept.count == headings.count - removed.count)
        lines = lines.map { line in
            let fields = Self.fields(of: line.replacingOccurrences(of: "\u{FEFF}", with: ""))
            return kept.map { fields[$0] }.joined(separator: ",")
        }
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A line's fields as written (quotes kept), split at commas outside quotes.
    static func fields(of line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    static func importFile(_ path: String, into database: String) throws -> ImportOutcome {
        try ImportPipeline.importFiles([ImportInput(path: path)], database: database, sourceZone: "America/New_York", onError: .fail)
    }

    static func teamsAndStatuses(_ database: String) throws -> [[String?]] {
        try TicketStore(path: database, readOnly: true)
            .query("SELECT number, COALESCE(team, '-'), COALESCE(status, '-') FROM tickets ORDER BY number").rows
    }

    @Test func aQueueExportWithoutTeamAndStatusKeepsTheStoredOnesAndSaysSo() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        #expect(try Self.importFile(Self.seedTickets, into: database).notes.isEmpty)
        let stored = try Self.teamsAndStatuses(database)
        #expect(stored.count == 3)
        #expect(stored.allSatisfy { $0[1] != "-" && $0[2] != "-" }, "\(stored)")

        let partial = try Self.seedExport(without: ["Team Assigned", "Current Status"], in: folder, named: "partial.csv")
        let outcome = try Self.importFile(partial, into: database)
        #expect(outcome.notes == ["\(partial): no \"Current Status\" or \"Team Assigned\" column; the tickets it updated keep "
                                  + "the values earlier imports stored for them, and tickets new to the database have none"])
        #expect(try Self.teamsAndStatuses(database) == stored)
        // Read again, it changes nothing.
        #expect(try Self.importFile(partial, into: database).files[0].run.ticketsUpdated == 0)
        #expect(try Self.teamsAndStatuses(database) == stored)
    }

    /// After an export that left the team out, a full export whose team is blank does blank it:
    /// leaving a column out and giving it empty are different descriptions (the content hash tells them apart).
    @Test func aBlankTeamAfterAnExportWithoutTheColumnIsStored() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        _ = try Self.importFile(Self.seedTickets, into: database)
        let partial = try Self.seedExport(without: ["Team Assigned"], in: folder, named: "partial.csv")
        _ = try Self.importFile(partial, into: database)
        // The full export again, every team blank.
        let text = try String(contentsOfFile: Self.seedTickets, encoding: .utf8)
        let blanked = text.split(separator: "\n").enumerated().map { index, line -> String in
            guard index > 0 else { return String(line) }
            var fields = Self.fields(of: String(line))
            fields[20] = ""
            return fields.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let blank = folder.appendingPathComponent("blank-team.csv").path
        try blanked.write(toFile: blank, atomically: true, encoding: .utf8)
        #expect(try Self.importFile(blank, into: database).notes.isEmpty)
        #expect(try Self.teamsAndStatuses(database).map { $0[1] } == ["-", "-", "-"])
    }

    @Test func aQueueExportWithoutClosedDateSaysItsClosedDatesComeFromLastUpdated() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        let partial = try Self.seedExport(without: ["Closed Date"], in: folder, named: "no-closed.csv")
        let outcome = try Self.importFile(partial, into: database)
        #expect(outcome.notes == ["\(partial): closed dates from \"Last Updated\" for tickets in a closed status "
                                  + "(osTicket before 1.11 exported no \"Closed Date\")"])
        let closed = try TicketStore(path: database, readOnly: true)
            .query("SELECT number, closed_at = last_updated_at FROM tickets WHERE closed_at IS NOT NULL ORDER BY number DESC").rows
        #expect(closed == [["711979", "1"], ["480263", "1"]], "\(closed)")  // the two closed ones
    }

    /// A normalized tickets file with only some columns updates those and keeps the others,
    /// including what its format has no column for (osTicket's reopen and thread counts).
    @Test func aNormalizedTicketsFileWithSomeColumnsKeepsTheOthers() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("desk.sqlite").path
        _ = try Self.importFile(Self.seedTickets, into: database)
        let columns = "team, agent, priority, thread_count, source_reopen_count, subject"
        let before = try TicketStore(path: database, readOnly: true)
            .query("SELECT \(columns) FROM tickets WHERE number = '835120'").rows
        let normalized = folder.appendingPathComponent("status.csv").path
        try "number,created_at,status\n835120,2025-08-05T16:10:02-04:00,Closed\n"
            .write(toFile: normalized, atomically: true, encoding: .utf8)
        let outcome = try Self.importFile(normalized, into: database)
        #expect(outcome.files[0].run.ticketsUpdated == 1)
        let store = try TicketStore(path: database, readOnly: true)
        #expect(try store.query("SELECT status FROM tickets WHERE number = '835120'").rows == [["Closed"]])
        #expect(try store.query("SELECT \(columns) FROM tickets WHERE number = '835120'").rows == before)
        #expect(before.first?.contains(nil) == false, "\(before)")
    }
}
