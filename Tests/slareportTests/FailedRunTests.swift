import Foundation
import Testing

/// What a failed `run` leaves, as the README says: each step is atomic, the run is not; a
/// failed report keeps the import and recompute and says so.
@Suite struct FailedRunTests {
    @Test func aRunWhoseReportFailsKeepsItsImportAndRecomputeAndSaysSo() throws {
        let scratch = try Scratch()
        // The output folder cannot be created: a file has its name.
        _ = try scratch.write("blocked", "not a folder\n")
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
