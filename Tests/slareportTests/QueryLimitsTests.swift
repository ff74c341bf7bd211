import Foundation
import Testing

/// `query` stops a runaway statement at `--timeout` and reports SQLite's errors in one line.
@Suite struct QueryLimitsTests {
    @Test func aRecursiveQueryIsStoppedAtItsTimeLimit() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let started = Date()
        let result = try scratch.run(["query", "-d", "desk.sqlite", "--timeout", "1",
                                      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1, "\(result.error)")
        #expect(result.error.contains("time limit"), "\(result.error)")
        #expect(result.error.split(separator: "\n").count == 1)
        #expect(elapsed >= 1 && elapsed < 60)
    }

    @Test func aFailingStatementIsOneLineWithoutTheSQL() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let result = try scratch.run(["query", "-d", "desk.sqlite", "SELECT\n    nope\nFROM tickets\nWHERE 1"])
        #expect(result.status == 2)
        #expect(result.error == "slareport: query failed: no such column: nope\n", "\(result.error)")
    }
}
