import Foundation
import Testing
import SLAModel
@testable import SLAImport

/// The profile reader's external merge sort: the same cases, rows and order whether everything
/// fits in memory or sorted runs are spilled and merged; nothing left on disk.
@Suite struct ProfileRowSorterTests {
    /// Rows of 40 cases with few distinct times, tie-breaks missing, numeric and textual, some
    /// ticket rows, and payloads with separators and line breaks, in a seeded random order.
    static func rows() -> [StagedRow] {
        var generator = Xorshift(state: 99)
        let cases = (0..<40).map { index in ["7", "70", "C-\(index)", "Ü\(index)", "c-\(index)", "\(index)"][index % 6] }
        return (0..<600).map { index in
            let caseID = cases[Int(generator.next() % 40)]
            let tie: (Double?, String)
            switch generator.next() % 4 {
            case 0: tie = (nil, "")
            case 1: tie = (Double(generator.next() % 3), "")
            case 2: tie = (-1.5, "")
            default: tie = (nil, ["a", "b", "ab", "B"][Int(generator.next() % 4)])
            }
            return StagedRow(profile: "p", role: "activities", isTicketRow: generator.next() % 25 == 0, caseID: caseID,
                             time: Instant(secondsSinceEpoch: 1_700_000_000 + Int64(generator.next() % 5) * 60),
                             tieNumber: tie.0, tieText: tie.1, sequence: Int64(index), file: "log.csv", line: index + 2,
                             payload: index % 7 == 0 ? "" : "6:status\(index % 3 == 0 ? "," : "\n")x\(index)")
        }
    }

    /// The documented order, written out independently of the sorter.
    static func expectedOrder(_ rows: [StagedRow]) -> [StagedRow] {
        rows.sorted { x, y in
            if x.caseID != y.caseID { return Array(x.caseID.utf8).lexicographicallyPrecedes(Array(y.caseID.utf8)) }
            if x.isTicketRow != y.isTicketRow { return x.isTicketRow }
            if x.time != y.time { return x.time < y.time }
            if x.tieSortKey != y.tieSortKey { return x.tieSortKey < y.tieSortKey }
            if x.tieText != y.tieText { return Array(x.tieText.utf8).lexicographicallyPrecedes(Array(y.tieText.utf8)) }
            return x.sequence < y.sequence
        }
    }

    static func sorted(_ rows: [StagedRow], budget: Int, folder: URL,
                       skipping: Set<String> = []) throws -> (cases: [[StagedRow]], skipped: [String: Int], runs: Int) {
        let sorter = ProfileRowSorter(budget: budget, spillPath: folder.appendingPathComponent("db.sqlite").path,
                                      profile: "p", role: "activities", file: "log.csv")
        for row in rows { try sorter.add(row) }
        var cases: [[StagedRow]] = []
        let skipped = try sorter.forEachCase(skipping: { skipping.contains($0) }) { cases.append($0) }
        return (cases, skipped, sorter.spilledRuns)
    }

    static func leftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("profile-sort") }
    }

    @Test func spilledRunsMergeToTheInMemoryOrder() throws {
        let scratch = try Scratch()
        let rows = Self.rows()
        let expected = Self.expectedOrder(rows)
        let inMemory = try Self.sorted(rows, budget: 1 << 20, folder: scratch.folder)
        #expect(inMemory.runs == 0)
        #expect(Array(inMemory.cases.joined()) == expected)
        // One call per case, each with all of its rows.
        #expect(inMemory.cases.allSatisfy { rows in rows.allSatisfy { $0.caseID == rows[0].caseID } })
        #expect(Set(inMemory.cases.map { $0[0].caseID }).count == inMemory.cases.count)
        // 256 bytes: a run every few rows, more runs than the merge's fan-in (runs of runs first).
        let spilled = try Self.sorted(rows, budget: 256, folder: scratch.folder)
        #expect(spilled.runs > ProfileRowSorter.mergeFanIn)
        #expect(spilled.cases == inMemory.cases)
        let few = try Self.sorted(rows, budget: 8 << 10, folder: scratch.folder)
        #expect(few.runs > 1 && few.runs <= ProfileRowSorter.mergeFanIn)
        #expect(few.cases == inMemory.cases)
        #expect(try Self.leftovers(scratch.folder).isEmpty)
    }

    /// Ids longer than the 8 bytes sorted as a number first: alike in those, ordered in full;
    /// one shorter than 8 bytes that starts another comes first.
    @Test func idsThatStartAlikeAreOrderedInFull() throws {
        let scratch = try Scratch()
        var generator = Xorshift(state: 7)
        let ids = ["INC000001234", "INC000001", "INC00000", "INC0000012", "INC000000999", "INC00001", "IN", "INC", "Ä1", "Ä", "Z"]
        let rows = (0..<400).map { index in
            StagedRow(profile: "p", role: "activities", isTicketRow: false, caseID: ids[Int(generator.next() % UInt64(ids.count))],
                      time: Instant(secondsSinceEpoch: 1_700_000_000 + Int64(generator.next() % 4) * 60), tieNumber: nil,
                      tieText: "", sequence: Int64(index), file: "log.csv", line: index + 2, payload: "")
        }
        for budget in [512, 1 << 20] {
            let result = try Self.sorted(rows, budget: budget, folder: scratch.folder)
            #expect(Array(result.cases.joined()) == Self.expectedOrder(rows))
            #expect(result.cases.map { $0[0].caseID } == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        }
    }

    @Test func skippedCasesAreCountedNotHandedOver() throws {
        let scratch = try Scratch()
        let rows = Self.rows()
        let skip: Set<String> = ["7", "C-2"]
        for budget in [256, 1 << 20] {
            let result = try Self.sorted(rows, budget: budget, folder: scratch.folder, skipping: skip)
            #expect(!result.cases.joined().contains { skip.contains($0.caseID) })
            #expect(Array(result.cases.joined()) == Self.expectedOrder(rows.filter { !skip.contains($0.caseID) }))
            #expect(result.skipped == ["7": rows.filter { $0.caseID == "7" }.count, "C-2": rows.filter { $0.caseID == "C-2" }.count])
        }
    }

    @Test func runFilesAreGoneOnErrorAndNeverTakeAnotherFilesName() throws {
        let scratch = try Scratch()
        // A file already named as the sorter's first run would be: left alone, the next name taken.
        let taken = scratch.folder.appendingPathComponent("db.sqlite.profile-sort-\(getpid())-1")
        try Data("someone else's".utf8).write(to: taken)
        struct Stop: Error {}
        let sorter = ProfileRowSorter(budget: 256, spillPath: scratch.folder.appendingPathComponent("db.sqlite").path,
                                      profile: "p", role: "activities", file: "log.csv")
        for row in Self.rows() { try sorter.add(row) }
        #expect(sorter.spilledRuns > 1)
        #expect(try Self.leftovers(scratch.folder) == [taken.lastPathComponent])
        var calls = 0
        #expect(throws: Stop.self) {
            _ = try sorter.forEachCase { _ in
                calls += 1
                if calls == 3 { throw Stop() }
            }
        }
        #expect(calls == 3)
        #expect(try Self.leftovers(scratch.folder) == [taken.lastPathComponent])
        #expect(try String(contentsOf: taken, encoding: .utf8) == "someone else's")
    }

    @Test func theReaderGivesTheSameTicketsEventsAndErrorsThroughSpilledRuns() throws {
        let scratch = try Scratch()
        let profile = snapshotProfile.replacingOccurrences(of: "  priority: Prio\n", with: "  priority: Prio\n  tie_break: Seq\n")
        var lines = ["Ticket,When,Status,Group,Owner,Prio,Seq"]
        var generator = Xorshift(state: 5)
        for ticket in 0..<30 {
            for step in 0..<6 {
                let status = ["New", "Working", "Pending customer", "Working", "Solved", "Closed"][step]
                lines.append("T\(ticket),2025-03-0\(1 + step / 3) 0\(step % 3 + 7):00:00,\(status),L\(step % 2 + 1),A\(ticket % 4),P\(ticket % 3 + 1),\(step)")
            }
        }
        let body = lines.dropFirst().shuffled(using: &generator)
        let path = try scratch.file("log.csv", ([lines[0]] + body).joined(separator: "\n") + "\n")
        let (inMemory, summary) = try scratch.read(path, profile: profile)
        let (spilled, spilledSummary) = try scratch.read(path, profile: profile, sortBudget: 512)
        #expect(summary.events == 180 && summary.tickets == 30)
        #expect(spilledSummary.events == summary.events && spilledSummary.tickets == summary.tickets)
        #expect(spilled.tickets == inMemory.tickets)
        #expect(spilled.events == inMemory.events)
        // Two rows of one case with the same time and tie-break but other values: the same error.
        let conflict = try scratch.file("conflict.csv", ([lines[0]] + body + ["T3,2025-03-01 07:00:00,Working,L1,A3,P1,0"])
            .joined(separator: "\n") + "\n")
        func error(_ budget: Int) -> String {
            do { _ = try scratch.read(conflict, profile: profile, sortBudget: budget); return "no error" } catch { return "\(error)" }
        }
        #expect(error(1 << 20).contains("expected one row per case, time and Seq"))
        #expect(error(512) == error(1 << 20))
        let (skipped, skippedSummary) = try scratch.read(conflict, profile: profile, onError: .skip, sortBudget: 512)
        #expect(skippedSummary.rowsRejected == 7 && skippedSummary.tickets == 29)
        #expect(!skipped.tickets.contains { $0.number == "T3" })
    }

    /// Rows that only pass through the sorter stage their keys by one-letter names; both those
    /// and the full names (rows staged in the database) read as the same keys, custom fields too.
    @Test func oneLetterAndFullKeysReadAlike() {
        let full = ["status", "team", "agent", "actor", "priority", "plan", "department", "subject", "requester", "category",
                    "closed", "opened", "first_response", ProfileReader.customPrefix + "Region"]
        func key(_ name: String) -> ProfileReader.StagedKey? {
            var name = name
            return name.withUTF8 { ProfileReader.StagedKey($0) }
        }
        let compact = full.map(ProfileReader.StagedKey.compactName)
        #expect(compact.allSatisfy { $0.utf8.count < 8 })
        #expect(Set(compact).count == full.count)
        for (fullName, compactName) in zip(full, compact) {
            #expect(key(fullName) != nil)
            #expect(key(compactName) == key(fullName), "\(compactName) reads as \(fullName)")
        }
        #expect(key("~Region") == .custom("Region"))
        #expect(key("z") == nil && key("statusx") == nil)
    }
}

/// Xorshift64, for seeded test data.
private struct Xorshift: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
