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

    /// Two statements: the rule, not the library's advice to call `Database.execute(sql:)`;
    /// nothing runs (the DELETE least of all).
    @Test func twoStatementsAreRefusedWithTheRule() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let result = try scratch.run(["query", "-d", "desk.sqlite", "SELECT 1; DELETE FROM tickets"])
        #expect(result.status == 2)
        #expect(result.error == "slareport: query failed: more than one statement; query runs one SELECT (or WITH ... SELECT) at a time\n", "\(result.error)")
        #expect(try scratch.run(["query", "-d", "desk.sqlite", "--format", "csv", "SELECT COUNT(*) > 0 FROM tickets"]).output
                .hasSuffix("1\r\n"))
        // A write is refused in the same one-line form (it read "query failed: database error: ...").
        let write = try scratch.run(["query", "-d", "desk.sqlite", "DELETE FROM tickets"])
        #expect(write.status == 2)
        #expect(write.error == "slareport: query failed: only read-only statements are allowed\n", "\(write.error)")
    }
}
