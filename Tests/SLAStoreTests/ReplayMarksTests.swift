import Foundation
import Testing
import SLAModel
@testable import SLAStore

/// `needs_replay` marks the tickets changed since the last recompute; before the first one,
/// which replays every ticket, nothing is marked (clearing a mark on every ticket rewrote the
/// whole `tickets` table).
@Suite struct ReplayMarksTests {
    static func marked(_ store: TicketStore) throws -> [[String?]] {
        try store.query("SELECT number FROM tickets WHERE needs_replay = 1 ORDER BY number").rows
    }

    @Test func ticketsAreMarkedOnlyOnceARecomputeHasRun() throws {
        let workspace = try Workspace()
        try workspace.importFile(try workspace.file("q1.csv", queueHeader + "1,\"2025-08-05 10:00:00\",A,Open,,,\n"))
        // A ticket only a history names (a placeholder) is not marked either.
        try workspace.importFile(try workspace.file("h1.tsv", historyHeader
            + "2\tevent\t10\t2025-08-05 11:00:00\tcreated\t0\tUser\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\n"))
        #expect(try Self.marked(workspace.store) == [])

        let asOf = Instant(secondsSinceEpoch: 1_756_684_800)
        _ = try AsOfSensitiveIndexTests.recompute(workspace.store, at: asOf)
        #expect(try Self.marked(workspace.store) == [])

        // After it: a new ticket, a changed ticket and a new event of a known ticket are marked.
        try workspace.importFile(try workspace.file("q2.csv", queueHeader
            + "1,\"2025-08-05 10:00:00\",A changed,Open,,,\n3,\"2025-08-06 10:00:00\",C,Open,,,\n"))
        try workspace.importFile(try workspace.file("h2.tsv", historyHeader
            + "2\tevent\t11\t2025-08-05 12:00:00\tclosed\t0\tUser\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL\n"))
        #expect(try Self.marked(workspace.store) == [["1"], ["2"], ["3"]])
    }
}
