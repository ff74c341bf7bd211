import Foundation
import Testing
import SLAModel
@testable import SLAStore

@Suite struct BulkLoadIndexesTests {
    static func indexes(_ store: TicketStore) throws -> Set<String> {
        Set(try store.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").rows
            .compactMap { $0.first ?? nil })
    }

    static let eventIndexes: Set = ["events_by_time"]
    static let ticketIndexes: Set = ["tickets_by_created", "tickets_needing_replay", "tickets_by_closed_or_created",
                                     "tickets_by_updated"]

    /// The indexes a bulk load into an empty database dropped, and checks that it built them again.
    static func droppedDuringLoad(deferringTicketIndexes: Bool) throws -> Set<String> {
        let workspace = try Workspace()
        let before = try Self.indexes(workspace.store)
        #expect(before.isSuperset(of: eventIndexes.union(ticketIndexes)))
        var dropped: Set<String> = []
        try workspace.store.write { writer in
            #expect(try writer.beginBulkLoad(deferringTicketIndexes: deferringTicketIndexes))
            dropped = before.subtracting(Set(try String.fetchAll(writer.db, sql:
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")))
            try writer.upsert(Ticket(number: "1", createdAt: Instant(secondsSinceEpoch: 1_754_400_000)))
            try writer.finishBulkLoad()
        }
        #expect(try Self.indexes(workspace.store) == before)
        // A database with tickets keeps its indexes during the next import.
        try workspace.store.write { writer in
            #expect(try !writer.beginBulkLoad(deferringTicketIndexes: true))
            try writer.finishBulkLoad()
        }
        #expect(try Self.indexes(workspace.store) == before)
        return dropped
    }

    @Test func anEmptyDatabaseBuildsTheEventsSecondaryIndexesAfterTheLoad() throws {
        #expect(try Self.droppedDuringLoad(deferringTicketIndexes: false) == Self.eventIndexes)
    }

    @Test func theTicketsIndexesAreDeferredTooWhenTheCallerAsks() throws {
        #expect(try Self.droppedDuringLoad(deferringTicketIndexes: true) == Self.eventIndexes.union(Self.ticketIndexes))
    }
}
