import Foundation
import GRDB
import Testing
import SLAModel
@testable import SLAStore

@Suite struct IndexBuildThreadsTests {
    struct BuildFailed: Error {}

    static func sortingThreads(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA threads") ?? -1 }
    static func cacheSize(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0 }

    @Test func indexBuildsGetHelperThreadsAndASmallerCacheAndTheConnectionItsOwnBackEvenOnAnError() throws {
        SQLiteProcessSetup.ensureApplied()   // before SQLite is initialized (SQLiteProcessSetupTests checks it took effect)
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536")
            #expect(try Self.sortingThreads(db) == 0)
            let during = try IndexBuildThreads.building(in: db) { (try Self.sortingThreads(db), try Self.cacheSize(db)) }
            #expect(during.0 == IndexBuildThreads.helpers)
            #expect(during.1 == -IndexBuildThreads.cacheKiB)
            #expect(try Self.sortingThreads(db) == 0)
            #expect(try Self.cacheSize(db) == -65536)
            #expect(throws: BuildFailed.self) {
                try IndexBuildThreads.building(in: db) { throw BuildFailed() }
            }
            #expect(try Self.sortingThreads(db) == 0)
            #expect(try Self.cacheSize(db) == -65536)
        }
    }

    @Test func aBulkLoadWritesWithOneSortingThreadAndLeavesTheConnectionWithNone() throws {
        let workspace = try Workspace()
        var threadsAfter = -1
        try workspace.store.write { writer in
            #expect(try writer.beginBulkLoad())
            try writer.upsert(Ticket(number: "1", createdAt: Instant(secondsSinceEpoch: 1_754_400_000)))
            // The connection sorts with one thread while rows are written.
            #expect(try Self.sortingThreads(writer.db) == 0)
            try writer.finishBulkLoad()
            threadsAfter = try Self.sortingThreads(writer.db)
        }
        #expect(threadsAfter == 0)
        #expect(try BulkLoadIndexesTests.indexes(workspace.store).contains("events_by_time"))
    }
}
