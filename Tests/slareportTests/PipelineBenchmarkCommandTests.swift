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
    }
}
