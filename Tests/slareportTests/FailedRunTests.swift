import Foundation
import Testing

/// What a failed `run` leaves, as the README says: each step is atomic, the run is not; a
/// failed report keeps the import and recompute and says so.
@Suite struct FailedRunTests {
    @Test func aRunWhoseReportFailsKeepsItsImportAndRecomputeAndSaysSo() throws {
        let scratch = try Scratch()
        // The index cannot be put in place: a folder has its name. (A file where the output folder
        // should be is refused before the import, as a mistake in the configuration.)
        try FileManager.default.createDirectory(atPath: scratch.path("blocked/weekly/index.html/kept"),
                                                withIntermediateDirectories: true)
        let config = try scratch.write("run.yaml", """
            database: desk.sqlite
            source_zone: America/New_York
            imports: [\(Scratch.seedTickets), \(Scratch.seedHistory)]
            as_of: data
            report: {output: blocked/weekly}
            """)
        let result = try scratch.run(["run", "--config", config])
        #expect(result.status != 0)
        #expect(result.error.contains("report failed (the import and recompute were kept"), "\(result.error)")
        let tickets = try scratch.run(["query", "-d", "desk.sqlite", "--format", "csv",
                                       "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM recompute_runs)"])
        let counts = tickets.output.split(separator: "\r\n").last.map { $0.split(separator: ",").map(String.init) }
        #expect(counts?.count == 2)
        #expect(Int(counts?[0] ?? "") ?? 0 > 0)
        #expect(counts?[1] == "1")
    }

    /// A report of several periods that fails after writing some rebuilds the index for them: it
    /// kept the earlier run's figures and links (a stranger's trial on a full disk).
    @Test func aReportFailingAfterSomePeriodsRebuildsTheIndexForThem() throws {
        let scratch = try Scratch()
        #expect(try scratch.importAndRecomputeSampleDesk())
        // A folder where week 30's page should go: weeks 26 to 29 are written, then week 30 fails.
        try FileManager.default.createDirectory(atPath: scratch.path("reports/sla-report-2025-W30.html/kept"),
                                                withIntermediateDirectories: true)
        let result = try scratch.run(["report", "-d", "desk.sqlite", "--all-weeks", "--output", "reports", "--quiet"])
        #expect(result.status == 1)
        #expect(result.error.contains("the files of 4 periods, 2025-W26 to 2025-W29 were written (replacing any earlier ones); then ")
                && result.error.hasSuffix("; index.html lists them\n"), "\(result.error)")
        let index = try String(contentsOfFile: scratch.path("reports/index.html"), encoding: .utf8)
        #expect(index.contains("href=\"sla-report-2025-W29.html\"") && !index.contains("href=\"sla-report-2025-W31.html\""))
    }

    /// `on_error: skip` lets a nightly run import the good rows past a bad one (one bad row
    /// blocked the whole job), says so on standard error, and writes the rejects file; a wrong
    /// value is named at its line.
    @Test func aRunWithOnErrorSkipImportsTheGoodRowsAndSaysWhatItLeftOut() throws {
        let scratch = try Scratch()
        let seed = try String(contentsOfFile: Scratch.seedTickets, encoding: .utf8)
        var lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The second ticket's creation date is no date.
        lines[2] = lines[2].replacingOccurrences(of: "2025-08-05", with: "2025-13-05")
        #expect(lines[2].contains("2025-13-05"))
        let tickets = try scratch.write("tickets.csv", lines.joined(separator: "\n"))
        let config = try scratch.write("run.yaml", """
            database: desk.sqlite
            source_zone: America/New_York
            on_error: skip
            imports: [\(tickets)]
            as_of: data
            report: {output: out}
            """)
        let result = try scratch.run(["run", "--config", config])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.isEmpty)
        #expect(result.error.contains("slareport: note: 1 reject (on_error: skip) written to "), "\(result.error)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.rejects.csv")))
        let count = try scratch.run(["query", "-d", "desk.sqlite", "--format", "csv", "SELECT COUNT(*) FROM tickets"])
        #expect(count.output.hasSuffix("2\r\n"), "\(count.output)")
        // A missing input is named at its line too (the message named only the file).
        let missing = try scratch.write("missing.yaml", "database: desk.sqlite\nimports:\n  - {path: gone.csv}\n")
        let gone = try scratch.run(["run", "--config", missing])
        #expect(gone.status == 2 && gone.error.contains("missing.yaml:3:12: at imports[0].path: ") && gone.error.hasSuffix("gone.csv: no such file\n"),
                "\(gone.error)")
        let wrong = try scratch.write("wrong.yaml", "database: desk.sqlite\non_error: ignore\n")
        let refused = try scratch.run(["run", "--config", wrong])
        #expect(refused.status == 2 && refused.error.contains("wrong.yaml:2:11: at on_error: expected fail"), "\(refused.error)")
    }

    @Test func aRunWhoseImportFailsLeavesTheDatabaseAsItWas() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let snapshot = ["query", "-d", "desk.sqlite", "--format", "csv",
                        "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM import_runs)"]
        let before = try scratch.run(snapshot).output
        let bad = try scratch.write("bad.csv", "garbage\n")
        let config = try scratch.write("run.yaml", "database: desk.sqlite\nimports: [\(bad)]\nreport: {output: out}\n")
        let result = try scratch.run(["run", "--config", config])
        #expect(result.status == 2)
        #expect(try scratch.run(snapshot).output == before)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }
}
