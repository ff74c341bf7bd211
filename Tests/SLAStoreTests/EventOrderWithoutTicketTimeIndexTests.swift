import Foundation
import GRDB
import Testing
import SLAModel
@testable import SLAStore

/// Since `v12` there is no `events_by_ticket_time`: the replay's reader takes each ticket's events
/// from the unique index `(ticket_id, identity)` and puts them in stored order itself (by time, then
/// by the order they were stored in), which must be exactly the order SQL gives.
@Suite struct EventOrderWithoutTicketTimeIndexTests {
    /// Each ticket's events as `number|time|identity`, in the order SQL sorts them.
    static func orderBySQL(_ store: TicketStore) throws -> [String] {
        try store.query("""
            SELECT t.number || '|' || e.occurred_at || '|' || e.identity FROM events e JOIN tickets t ON t.id = e.ticket_id
            ORDER BY e.ticket_id, e.occurred_at, e.id
            """).rows.map { $0[0] ?? "" }
    }

    /// The same, in the order `TicketEventReader` hands them to the replay.
    static func orderByReader(_ store: TicketStore, onlyChanged: Bool) throws -> [String] {
        var lines: [String] = []
        try store.pool.read { db in
            let reader = try TicketEventReader(db, onlyChanged: onlyChanged, columns: .all)
            while let (_, ticket, events) = try reader.next() {
                lines += events.map { "\(ticket.number)|\($0.time.secondsSinceEpoch)|\($0.identity)" }
            }
        }
        return lines
    }

    @Test(arguments: [false, true])
    func theReaderGivesEachTicketsEventsInStoredOrder(onlyChanged: Bool) throws {
        let workspace = try AsOfMovedRecomputeTests.sampleWorkspace()
        let store = workspace.store
        if onlyChanged { try ThreadedRecomputeTests.markEveryTicketForReplay(store) }
        #expect(!(try BulkLoadIndexesTests.indexes(store)).contains("events_by_ticket_time"))
        // The desk must make the ordering do something: tickets whose events' identities sort
        // otherwise than their times, and events of one ticket that share an instant.
        let outOfOrder = try store.query("""
            SELECT COUNT(*) FROM events a JOIN events b ON a.ticket_id = b.ticket_id
            WHERE a.identity < b.identity AND a.occurred_at > b.occurred_at
            """).rows[0][0].flatMap { Int($0) } ?? 0
        let sharedInstants = try store.query("""
            SELECT COUNT(*) FROM (SELECT 1 FROM events GROUP BY ticket_id, occurred_at HAVING COUNT(*) > 1)
            """).rows[0][0].flatMap { Int($0) } ?? 0
        #expect(outOfOrder > 100)
        #expect(sharedInstants > 10)
        let expected = try Self.orderBySQL(store)
        #expect(expected.count > 1000)
        #expect(try Self.orderByReader(store, onlyChanged: onlyChanged) == expected)
    }

    @Test func sortingKeepsTiesInTheOrderTheyWereStored() {
        func event(_ time: Int64, _ identity: String) -> LifecycleEvent {
            LifecycleEvent(ticketNumber: "1", time: Instant(secondsSinceEpoch: time), kind: .note, identity: identity)
        }
        var events = [event(30, "a"), event(10, "b"), event(20, "c"), event(10, "d"), event(20, "e")]
        var order: [(time: Int64, id: Int64)] = [(30, 1), (10, 5), (20, 3), (10, 2), (20, 4)]
        TicketEventReader.sortByTimeThenID(&events, order: &order)
        #expect(events.map(\.identity) == ["d", "b", "c", "e", "a"])
        #expect(order.map(\.id) == [2, 5, 3, 4, 1])
    }
}
