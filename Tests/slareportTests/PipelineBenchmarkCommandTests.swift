import Foundation
import Testing

/// `slareport benchmark pipeline` on a tiny desk: every stage measured at both sizes, each
/// yardstick run by the `sqlite3` shell on the same data (the recompute's reads every event the
/// recompute read and writes every result row it stored), and the ratios and the scaling table printed.
@Suite struct PipelineBenchmarkCommandTests {
    static let hasSQLite3 = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")

    @Test(.enabled(if: hasSQLite3, "needs the sqlite3 shell (apt-get install sqlite3)"))
    func everyStageIsMeasuredBesideSQLitesOwnWork() throws {
        let scratch = try Scratch()
        let kept = scratch.path("kept")
        let result = try scratch.run(["benchmark", "pipeline", "--tickets", "300,1000", "--policy", Scratch.samplePolicy,
                                      "--keep", kept])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        for stage in ["generate", "sqlite3 .import", "import", "recompute", "sqlite3 read+write", "report (1 week)",
                      "run (end to end)", "run (+1 day)"] {
            // One row per size and one in the scaling table.
            #expect(lines.filter { $0.hasPrefix(stage + "  ") }.count == 3, "\(stage): \(result.output)")
        }
        #expect(lines.filter { $0.hasPrefix("recompute / sqlite3 reading its events and writing its results: ") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("import / sqlite3 .import of the same files: ") }.count == 2)
        // The yardstick's rows at 1,000 tickets: the desk's events and its three result tables.
        let yardstick = try #require(lines.last { $0.hasPrefix("sqlite3 read+write  ") && $0.contains(" rows ") })
        let count = yardstick.split(separator: " ").compactMap { Int($0) }.first
        let desk = kept + "/1000/desk.sqlite"
        let query = try scratch.run(["query", "--database", desk, "--format", "csv",
                                     "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM ticket_outcomes)"
                                     + " + (SELECT count(*) FROM sla_cycles) + (SELECT count(*) FROM team_segments) AS total"])
        // CSV: a header line, then the value (CRLF line ends).
        let expected = query.output.split(whereSeparator: \.isNewline).compactMap { Int($0) }.first
        #expect(count != nil && count == expected, "\(yardstick) against \(query.output)")
        #expect((expected ?? 0) > 9_000)

        // The yardstick's inserts build every record and index entry, as the recompute must:
        // SQLite's plan for them has no `RowData`, the opcode of its transfer optimization
        // (records copied whole from a table of the same shape, about half the work).
        let script = try String(contentsOfFile: kept + "/1000/sqlite3-recompute.txt", encoding: .utf8)
        let inserts = script.split(separator: "\n").filter { $0.hasPrefix("INSERT INTO ") }
        #expect(inserts.count == 3)
        let explained = script.split(separator: "\n").map { $0.hasPrefix("INSERT INTO ") ? "EXPLAIN " + $0 : String($0) }
        let plans = try Self.sqlite3(scratch.path("explain.sqlite"), input: explained.joined(separator: "\n") + "\n")
        #expect(plans.contains("MakeRecord") && plans.contains("IdxInsert"), "\(plans)")
        #expect(!plans.contains("RowData"), "\(plans)")
    }

    /// A size the disk cannot hold is refused before anything is generated (a stage that filled
    /// the disk failed without a word), saying what it needs and has, and the folder goes.
    @Test func aSizeTheDiskCannotHoldIsRefusedFirst() throws {
        let scratch = try Scratch()
        let temporary = scratch.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let result = try scratch.run(["TMPDIR=\(temporary)/", CommandLine_.executable.path, "benchmark", "pipeline",
                                      "--tickets", "100000000000"], program: URL(fileURLWithPath: "/usr/bin/env"))
        let message = result.error
        #expect(result.status == 1)
        #expect(message.contains("benchmark pipeline: 100000000000 tickets need about 500000.0 GB of disk in \(temporary)/slareport-pipeline-")
                && message.contains(" GB free. Free some, or work on a larger disk (TMPDIR=/larger/disk)."), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)

        let kept = scratch.path("kept")
        let keeping = try scratch.run(["benchmark", "pipeline", "--tickets", "100000000000", "--keep", kept])
        #expect(keeping.status == 1)
        #expect(keeping.error.contains("need about 860000.0 GB of disk in \(kept)")
                && keeping.error.contains("(--keep /larger/disk/folder)"), "\(keeping.error)")
        #expect(!FileManager.default.fileExists(atPath: kept + "/100000000000"))
    }

    /// The `sqlite3` shell's standard output for `input` on `database`.
    static func sqlite3(_ database: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
