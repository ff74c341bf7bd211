import Foundation
import GRDB
import Testing
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

/// Recompute reads, replays and stores on separate threads (`RecomputeReadThread`,
/// `RecomputeStoreThread`); what it stores must be what replaying every ticket on its own and
/// storing it ticket by ticket stores, and a failure part-way must store nothing.
@Suite struct ThreadedRecomputeTests {
    struct ReplayFailed: Error {}

    static func policy() throws -> SLAPolicy {
        try PolicyFile.load(path: SampleDataTests.packageRoot.appendingPathComponent("sample-data/policy.yaml").path)
    }

    /// Every stored column of the three result tables, in key order.
    static func storedResults(_ store: TicketStore) throws -> [[[String?]]] {
        try [
            store.query("SELECT * FROM sla_cycles ORDER BY ticket_id, metric, cycle").rows,
            store.query("SELECT * FROM team_segments ORDER BY ticket_id, seq").rows,
            store.query("SELECT * FROM ticket_outcomes ORDER BY ticket_id").rows,
        ]
    }

    /// Marks every ticket as changed, as imports after a recompute would.
    static func markEveryTicketForReplay(_ store: TicketStore) throws {
        try store.write { try $0.db.execute(sql: "UPDATE tickets SET needs_replay = 1") }
    }

    @Test(arguments: [false, true])
    func threadedRecomputeStoresWhatPerTicketReplaysStore(onlyChanged: Bool) throws {
        let policy = try Self.policy()
        let replayer = try LifecycleReplayer(policy: policy)
        // The seed and the generated desk: about 400 tickets, more than one batch.
        let threaded = try AsOfMovedRecomputeTests.sampleWorkspace()
        let asOf = try #require(try threaded.store.latestDataInstant())
        // Every ticket marked (nothing is before a first recompute), so "only changed" replays
        // every ticket too, reading on the write connection instead of a second one.
        if onlyChanged { try Self.markEveryTicketForReplay(threaded.store) }
        let replayed = try threaded.store.recompute(onlyChanged: onlyChanged, policyName: policy.name,
                                                    policyHash: policy.contentHash, asOf: asOf, startedAt: asOf) {
            replayer.replay(ticket: $0, events: $1, asOf: asOf)
        }

        // The same tickets read one at a time as GRDB rows (every column), replayed, and stored
        // ticket by ticket on the calling thread.
        let perTicket = try AsOfMovedRecomputeTests.sampleWorkspace()
        var results: [(ticketID: Int64, replay: TicketReplay)] = []
        for row in try perTicket.store.query("SELECT id, number FROM tickets ORDER BY id").rows {
            let id = try #require(row[0].flatMap { Int64($0) })
            let number = try #require(row[1])
            let (ticket, events) = try #require(try perTicket.store.ticketWithEvents(number: number))
            results.append((id, replayer.replay(ticket: ticket, events: events, asOf: asOf)))
        }
        try perTicket.store.saveResults(results, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                                        startedAt: asOf)

        #expect(replayed == results.count)
        #expect(results.count > RecomputeStoreThread.batchSize)
        let expected = try Self.storedResults(perTicket.store)
        let actual = try Self.storedResults(threaded.store)
        #expect(expected[0].count > 500)
        for (table, name) in ["sla_cycles", "team_segments", "ticket_outcomes"].enumerated() {
            #expect(actual[table] == expected[table], "\(name)")
        }
        #expect(try threaded.store.ticketsAwaitingReplay() == 0)
        #expect(try threaded.store.query("PRAGMA foreign_key_check").rows.isEmpty)
    }

    @Test(arguments: [false, true])
    func aReplayFailingInALaterBatchStoresNothing(onlyChanged: Bool) throws {
        let policy = try Self.policy()
        let replayer = try LifecycleReplayer(policy: policy)
        let workspace = try AsOfMovedRecomputeTests.sampleWorkspace()
        let latest = try #require(try workspace.store.latestDataInstant())
        let earlier = latest.adding(seconds: -7 * 86_400)
        if !onlyChanged {
            // Stored results at an earlier instant, which the failed full recompute must leave as they are.
            try workspace.store.recompute(onlyChanged: false, policyName: policy.name, policyHash: policy.contentHash,
                                          asOf: earlier, startedAt: earlier) {
                replayer.replay(ticket: $0, events: $1, asOf: earlier)
            }
        }
        if onlyChanged { try Self.markEveryTicketForReplay(workspace.store) }
        let before = try Self.storedResults(workspace.store)
        var calls = 0
        #expect(throws: ReplayFailed.self) {
            try workspace.store.recompute(onlyChanged: onlyChanged, policyName: policy.name,
                                          policyHash: policy.contentHash, asOf: latest, startedAt: latest) {
                calls += 1
                if calls == RecomputeStoreThread.batchSize + 10 { throw ReplayFailed() }
                return replayer.replay(ticket: $0, events: $1, asOf: latest)
            }
        }
        #expect(calls == RecomputeStoreThread.batchSize + 10)
        #expect(try Self.storedResults(workspace.store) == before)
        #expect(try workspace.store.query("SELECT COUNT(*) FROM recompute_runs").rows == [[onlyChanged ? "0" : "1"]])
        // The connection is usable again, with its foreign-key checks back on.
        #expect(try workspace.store.write { try Int.fetchOne($0.db, sql: "PRAGMA foreign_keys") } == 1)
        try workspace.store.recompute(onlyChanged: false, policyName: policy.name, policyHash: policy.contentHash,
                                      asOf: latest, startedAt: latest) {
            replayer.replay(ticket: $0, events: $1, asOf: latest)
        }
        #expect(try workspace.store.query("SELECT COUNT(*) FROM ticket_outcomes").rows
                == workspace.store.query("SELECT COUNT(*) FROM tickets").rows)
    }

    @Test func internedTextGivesTheValueOfTheSameBytes() {
        var made = 0
        let interned = InternedText { text -> String in
            made += 1
            return text
        }
        func value(_ text: String) -> String {
            Array(text.utf8).withUnsafeBufferPointer { interned.value($0) }
        }
        #expect(value("Level 1 Support") == "Level 1 Support")
        #expect(value("Level 1 Support") == "Level 1 Support")
        #expect(value("") == "")
        #expect(made == 2)
        // Past its capacity and past its longest text, values are still right, just made afresh.
        let many = (0 ..< 2 * InternedText<String>.slots).map { "team \($0)" }
        for text in many { #expect(value(text) == text) }
        for text in many { #expect(value(text) == text) }
        let long = String(repeating: "x", count: InternedText<String>.longest + 1)
        #expect(value(long) == long)
        #expect(value(long) == long)
        #expect(value("Level 1 Support") == "Level 1 Support")
    }
}
