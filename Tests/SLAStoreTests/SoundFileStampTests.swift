import Foundation
import Testing
import TestScratch
import GRDB
@testable import SLAStore

/// The whole-file check is skipped only for a file exactly as slareport last knew it sound;
/// any write from outside, a crash mid-write or a waiting write-ahead log brings it back.
/// Serialized: damage SQLite reports removes the stamps of every database the process has open
/// (its log names no file), so the tests that cause it must not overlap the others here.
@Suite(.serialized) struct SoundFileStampTests {
    /// Each test's own folder (Swift Testing makes a suite value per test), removed after it.
    let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder("slareport-stamp") }

    func newFolder() throws -> URL {
        let folder = scratch.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Creates a database with a table of rows through a writing store, then closes it.
    static func makeDatabase(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("desk.sqlite").path
        let store = try TicketStore(path: path)
        try store.pool.write { db in
            try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
            for id in 0 ..< 2_000 {
                try db.execute(sql: "INSERT INTO filler VALUES (?, ?)", arguments: [id, String(repeating: "x", count: 200)])
            }
        }
        return path
    }

    @Test func closingAWritingStoreRecordsTheFileAsItIsNow() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        #expect(FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)))
        #expect(SoundFileStamp.matches(path))
        // Reading does not change the file: the stamp still holds after a read-only open.
        _ = try TicketStore(path: path, readOnly: true).counts()
        #expect(SoundFileStamp.matches(path))
    }

    @Test func opensOfAFileAsSlareportLeftItSkipTheCheckWritingOrNot() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        let checks = DatabaseFileCheck.checksRun(on: path)
        // A writing open starts a write-ahead log at once: the stamp is compared before it.
        for readOnly in [false, true, false] {
            _ = try TicketStore(path: path, readOnly: readOnly).counts()
            #expect(DatabaseFileCheck.checksRun(on: path) == checks, "readOnly: \(readOnly)")
            #expect(SoundFileStamp.matches(path), "readOnly: \(readOnly)")
        }
        try FileManager.default.removeItem(atPath: SoundFileStamp.stampFile(for: path))
        _ = try TicketStore(path: path).counts()
        #expect(DatabaseFileCheck.checksRun(on: path) == checks + 1, "no stamp: checked")
    }

    @Test func aWritingStoreRemovesTheStampBeforeItsFirstWrite() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        let store = try TicketStore(path: path)
        #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)),
                "a crash from here on must leave no stamp")
        withExtendedLifetime(store) {}
    }

    @Test func aWriteFromOutsideBreaksTheStampEvenWithTheSameBytes() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        #expect(SoundFileStamp.matches(path))
        // Nothing in the content changes; the status-change time still moves, and no program
        // can set it back.
        try Self.touchFromOutside(path)
        #expect(!SoundFileStamp.matches(path))
    }

    @Test func aWaitingWriteAheadLogBreaksTheStamp() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        #expect(SoundFileStamp.matches(path))
        _ = FileManager.default.createFile(atPath: path + "-wal", contents: Data(repeating: 7, count: 64))
        #expect(!SoundFileStamp.matches(path), "frames left by a crashed writer are unchecked")
        try FileManager.default.removeItem(atPath: path + "-wal")
        #expect(SoundFileStamp.matches(path))
    }

    @Test func aDamagedFileBehindAStaleStampIsRefusedAndNotStamped() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        let stampBefore = try #require(FileManager.default.contents(atPath: SoundFileStamp.stampFile(for: path)))
        var bytes = try #require(FileManager.default.contents(atPath: path))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        for page in 1 ..< bytes.count / pageSize {
            for offset in 3 ..< 12 { bytes[page * pageSize + offset] ^= 0xA5 }
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        for readOnly in [true, false] {
            #expect(throws: StoreError.self) { _ = try TicketStore(path: path, readOnly: readOnly) }
        }
        #expect(!SoundFileStamp.matches(path))
        let stampAfter = FileManager.default.contents(atPath: SoundFileStamp.stampFile(for: path))
        #expect(stampAfter == nil || stampAfter == stampBefore, "a refused file is never stamped anew")
    }

    @Test func aReadOnlyOpenThatChecksTheFileRecordsIt() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        try FileManager.default.removeItem(atPath: SoundFileStamp.stampFile(for: path))
        #expect(!SoundFileStamp.matches(path))
        _ = try TicketStore(path: path, readOnly: true).counts()
        #expect(SoundFileStamp.matches(path), "the next command need not read the whole file again")
    }

    /// The stamp takes the database's permissions whoever writes it: a read-only command (no
    /// owner-only creation mask) left it 0644 beside a 0600 database (a stranger's operations
    /// trial). Not under this process's umask, which other suites' files share.
    @Test func theStampHasTheDatabasesPermissions() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        for mode in [0o600, 0o640] as [mode_t] {
            #expect(chmod(path, mode) == 0)
            try FileManager.default.removeItem(atPath: SoundFileStamp.stampFile(for: path))
            _ = try TicketStore(path: path, readOnly: true).counts()
            let attributes = try FileManager.default.attributesOfItem(atPath: SoundFileStamp.stampFile(for: path))
            #expect((attributes[.posixPermissions] as? Int) == Int(mode), "\(mode)")
        }
    }

    @Test func anUnreadableStampIsNoStamp() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        try Data("slareport-sound-v1 1 2 three\n".utf8).write(to: URL(fileURLWithPath: SoundFileStamp.stampFile(for: path)))
        #expect(SoundFileStamp.recorded(for: path) == nil)
        #expect(!SoundFileStamp.matches(path))
    }

    /// Rewrites the main file's last byte with its own value: no change of content, a write
    /// from outside slareport all the same.
    static func touchFromOutside(_ path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: end - 1)
        let last = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: end - 1)
        try handle.write(contentsOf: last)
        try handle.close()
    }

    @Test func aWriteFromOutsideWhileAWritingStoreIsOpenIsNotVouchedFor() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        do {
            let store = try TicketStore(path: path)
            try store.pool.write { db in try db.execute(sql: "INSERT INTO filler VALUES (5000, 'late')") }
            try Self.touchFromOutside(path)
            withExtendedLifetime(store) {}
        }
        #expect(!SoundFileStamp.matches(path), "the store must not stamp a file it did not alone change")
        let checks = DatabaseFileCheck.checksRun(on: path)
        _ = try TicketStore(path: path, readOnly: true).counts()
        #expect(DatabaseFileCheck.checksRun(on: path) == checks + 1)
    }

    @Test func aFailedWriteLeavesNoStamp() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        do {
            let store = try TicketStore(path: path)
            struct Refused: Error {}
            #expect(throws: Refused.self) { try store.write { _ in throw Refused() } }
        }
        #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)))
    }

    @Test func aFileTrustedWithoutACheckInsideARunIsNotStamped() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        try TicketStore.checkingEachFileOnce {
            try FileManager.default.removeItem(atPath: SoundFileStamp.stampFile(for: path))
            _ = try TicketStore(path: path, readOnly: true).counts()  // checks; the scope now trusts it
            try Self.touchFromOutside(path)
            try FileManager.default.removeItem(atPath: SoundFileStamp.stampFile(for: path))
            _ = try TicketStore(path: path, readOnly: true).counts()  // trusted by inode, not checked
            #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)))
            _ = try TicketStore(path: path).counts()
        }
        #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)),
                "a writing store trusted without a check records nothing either")
    }

    @Test func aReaderElsewhereDoesNotHoldUpTheClose() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        SQLiteProcessSetup.ensureApplied()   // before SQLite is initialized
        let reader = try DatabaseQueue(path: path)
        try reader.read { db in
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filler")
            let started = Date()
            do {
                let store = try TicketStore(path: path)
                try store.pool.write { db in try db.execute(sql: "INSERT INTO filler VALUES (6000, 'x')") }
            }
            #expect(Date().timeIntervalSince(started) < 10, "the close waited for the reader")
        }
        #expect(!SoundFileStamp.matches(path), "the log could not be emptied: no stamp")
    }

    @Test func damageSQLiteReportsWhileAStoreIsOpenRemovesTheStamp() throws {
        let path = try Self.makeDatabase(in: try newFolder())
        do {
            let store = try TicketStore(path: path)
            #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)))
            // A stamp written meanwhile (as a reader of the file might have), then SQLite's report.
            SoundFileStamp.record(try #require(SoundFileStamp.mainFile(of: path)), for: path)
            SoundFileStamp.damageFound()
            #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)))
            withExtendedLifetime(store) {}
        }
        #expect(!FileManager.default.fileExists(atPath: SoundFileStamp.stampFile(for: path)),
                "closing after damage was reported records nothing")
    }

    @Test func aSymlinkedDatabaseSharesTheStampOfItsFile() throws {
        let folder = try newFolder()
        let path = try Self.makeDatabase(in: folder)
        let link = folder.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(SoundFileStamp.stampFile(for: link) == SoundFileStamp.stampFile(for: path))
        #expect(SoundFileStamp.matches(link))
    }
}
