import Foundation
import Testing
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

/// The `v8` indexes: the tickets a later as-of instant can change are found in the
/// partial index of unfinished outcomes (which a full recompute rebuilds), and `--as-of data`
/// takes its maxima by index; both give what the scans gave.
@Suite struct AsOfSensitiveIndexTests {
    static let day: Int64 = 86_400
    static let start = Instant(secondsSinceEpoch: 1_754_400_000)  // 2025-08-05

    /// Three tickets: "done" resolved and closed within two days, "open" never resolved,
    /// "paused" on hold since its second day.
    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.store.write { writer in
            func at(_ days: Int64, _ hours: Int64 = 0) -> Instant { start.adding(seconds: days * day + hours * 3600) }
            for number in ["done", "open", "paused"] {
                try writer.upsert(Ticket(number: number, createdAt: at(0), team: "Level 1"))
                try writer.upsert(LifecycleEvent(ticketNumber: number, time: at(0), kind: .created, team: "Level 1",
                                                 identity: "\(number)-created"))
            }
            try writer.upsert(LifecycleEvent(ticketNumber: "done", time: at(1), kind: .resolved, status: "Resolved",
                                             identity: "done-resolved"))
            try writer.upsert(LifecycleEvent(ticketNumber: "done", time: at(2), kind: .closed, status: "Closed",
                                             identity: "done-closed"))
            try writer.upsert(LifecycleEvent(ticketNumber: "paused", time: at(1), kind: .statusChanged, status: "On Hold",
                                             identity: "paused-hold"))
        }
        return workspace
    }

    static func recompute(_ store: TicketStore, at asOf: Instant) throws -> (replayed: Int, full: Bool) {
        let policy = try PolicyFile.load(path: SampleDataTests.packageRoot.appendingPathComponent("sample-data/policy.yaml").path)
        let replayer = try LifecycleReplayer(policy: policy)
        return try store.recompute(replayAll: false, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                                   startedAt: asOf) { ticket, events in
            replayer.replay(ticket: ticket, events: events, asOf: asOf)
        }
    }

    static func plan(_ store: TicketStore, _ sql: String) throws -> String {
        try store.query("EXPLAIN QUERY PLAN " + sql).rows.compactMap { $0.last ?? nil }.joined(separator: "; ")
    }

    @Test func aLaterAsOfReplaysTheUnfinishedTicketsFromThePartialIndex() throws {
        let workspace = try Self.workspace()
        let store = workspace.store
        let first = try Self.recompute(store, at: Self.start.adding(seconds: 5 * Self.day))
        #expect(first == (replayed: 3, full: true))
        // The full recompute dropped and rebuilt the index: it holds exactly the unfinished outcomes.
        let unfinished = try store.query("""
            SELECT t.number FROM ticket_outcomes o INDEXED BY outcomes_unfinished JOIN tickets t ON t.id = o.ticket_id
            WHERE \(Schema.unfinishedOutcome) ORDER BY t.number
            """).rows.map { $0[0] }
        #expect(unfinished == ["open", "paused"])
        #expect(try Self.plan(store, "SELECT ticket_id FROM ticket_outcomes WHERE \(Schema.unfinishedOutcome)")
            .contains("outcomes_unfinished"))

        // Nothing changed in the data, the as-of instant moved a day: "done" (finished before the
        // previous as-of) keeps its results, the two unfinished tickets are replayed.
        let later = Self.start.adding(seconds: 6 * Self.day)
        let second = try Self.recompute(store, at: later)
        #expect(second == (replayed: 2, full: false))
        let asOfs = try store.query("""
            SELECT t.number, o.as_of FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id ORDER BY t.number
            """).rows
        #expect(asOfs == [["done", String(Self.start.adding(seconds: 5 * Self.day).secondsSinceEpoch)],
                          ["open", String(later.secondsSinceEpoch)], ["paused", String(later.secondsSinceEpoch)]])

        // "open" is resolved after that: the incremental recompute keeps the partial index in step.
        try store.write { writer in
            try writer.upsert(LifecycleEvent(ticketNumber: "open", time: Self.start.adding(seconds: 6 * Self.day + 3600),
                                             kind: .resolved, status: "Resolved", identity: "open-resolved"))
        }
        _ = try Self.recompute(store, at: Self.start.adding(seconds: 7 * Self.day))
        let stillUnfinished = try store.query("""
            SELECT t.number FROM ticket_outcomes o INDEXED BY outcomes_unfinished JOIN tickets t ON t.id = o.ticket_id
            WHERE \(Schema.unfinishedOutcome) ORDER BY t.number
            """).rows.map { $0[0] }
        #expect(stillUnfinished == ["paused"])
    }

    @Test func theLatestDataInstantIsTheLargestOfEveryDateAndReadByIndex() throws {
        let workspace = try Self.workspace()
        let store = workspace.store
        let scan = """
            SELECT MAX(x) FROM (SELECT MAX(occurred_at) AS x FROM events NOT INDEXED
                UNION ALL SELECT MAX(COALESCE(closed_at, created_at)) FROM tickets NOT INDEXED
                UNION ALL SELECT MAX(last_updated_at) FROM tickets NOT INDEXED)
            """
        func scanned() throws -> String? { try store.query(scan).rows.first?.first ?? nil }
        #expect(try store.latestDataInstant().map { String($0.secondsSinceEpoch) } == scanned())
        #expect(try store.latestDataInstant() == Self.start.adding(seconds: 2 * Self.day))
        // A ticket closed "before" it was created (bad data) counts by its close, as the scan did;
        // a later update time wins over every event.
        try store.write { writer in
            try writer.upsert(Ticket(number: "odd", createdAt: Self.start.adding(seconds: 9 * Self.day),
                                     closedAt: Self.start.adding(seconds: 3 * Self.day)))
        }
        #expect(try store.latestDataInstant() == Self.start.adding(seconds: 3 * Self.day))
        try store.write { writer in
            try writer.upsert(Ticket(number: "touched", createdAt: Self.start,
                                     lastUpdatedAt: Self.start.adding(seconds: 4 * Self.day)))
        }
        #expect(try store.latestDataInstant() == Self.start.adding(seconds: 4 * Self.day))
        #expect(try store.latestDataInstant().map { String($0.secondsSinceEpoch) } == scanned())
        let plan = try Self.plan(store, TicketStore.latestDataInstantSQL)
        #expect(plan.contains("tickets_by_closed_or_created") && plan.contains("tickets_by_updated")
            && plan.contains("events_by_time"), "\(plan)")
        #expect(!plan.contains("SCAN"), "\(plan)")
    }
}
