import Foundation
import Testing
import GRDB
import TestScratch
@testable import SLAStore

/// Databases slareport creates have 16 KiB pages, whichever way they are made; a database made
/// before keeps its own page size.
@Suite struct NewDatabasePageSizeTests {
    /// The page size in the file's header (bytes 16-17, big-endian; 1 means 65536).
    static func pageSize(_ path: String) throws -> Int {
        let header = Array(try #require(FileManager.default.contents(atPath: path)).prefix(18))
        let size = Int(header[16]) << 8 | Int(header[17])
        return size == 1 ? 65536 : size
    }

    @Test func aFirstImportsNewFileHasTheChosenPageSize() throws {
        let scratch = try TemporaryFolder("slareport-page-size")
        let path = scratch.path("new.sqlite")
        let newFile = try #require(try NewDatabaseFile.begin(at: path))
        try NewDatabaseFileTests.recordOneRun(in: newFile)
        try newFile.finish()
        #expect(try Self.pageSize(path) == Schema.newDatabasePageSize)
    }

    @Test func aStoreOpenedOnNoFileMakesItWithTheChosenPageSize() throws {
        let scratch = try TemporaryFolder("slareport-page-size")
        let path = scratch.path("store.sqlite")
        do {
            let store = try TicketStore(path: path)
            _ = try store.counts()
        }
        #expect(try Self.pageSize(path) == Schema.newDatabasePageSize)
    }

    @Test func anOlderDatabaseKeepsItsPageSize() throws {
        let scratch = try TemporaryFolder("slareport-page-size")
        let path = scratch.path("old.sqlite")
        do {
            // As an earlier version made it: SQLite's default page size.
            SQLiteProcessSetup.ensureApplied()
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue)
            try queue.close()
        }
        #expect(try Self.pageSize(path) == 4096)
        do {
            let store = try TicketStore(path: path)
            try store.write { writer in
                try writer.beginRun(ImportRunFigures(file: "a.csv", sha256: "00", format: "osticket-tickets", profile: nil,
                                                     sourceZone: "UTC", startedAt: .init(secondsSinceEpoch: 0)))
            }
            #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
        }
        #expect(try Self.pageSize(path) == 4096)
    }
}
