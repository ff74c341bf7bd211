import Foundation
import Testing
import GRDB
import SLAModel
@testable import SLAStore

/// A first import's database is built under a temporary name and renamed into place: only
/// where nothing is there to lose, finished in WAL mode, stamped as sound, and nothing left
/// behind when the build fails.
@Suite struct NewDatabaseFileTests {
    static func newFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// The header's write and read format versions (bytes 18 and 19): 2 in WAL mode, 1 in
    /// rollback-journal mode. Read from the file: a `DatabasePool` would switch it to WAL itself.
    static func fileFormatVersions(_ path: String) throws -> [UInt8] {
        let header = try #require(FileManager.default.contents(atPath: path)).prefix(20)
        return Array(header.suffix(2))
    }

    /// Records one import run in a database being built.
    static func recordOneRun(in newFile: NewDatabaseFile) throws {
        try newFile.write(checkingForeignKeys: false) { writer in
            try writer.beginRun(ImportRunFigures(file: "tickets.csv", sha256: "00", format: "osticket-tickets",
                                                 profile: nil, sourceZone: "UTC", startedAt: Instant(secondsSinceEpoch: 1_754_000_000)))
        }
    }

    /// Builds `path` with one import run recorded in it.
    static func build(_ path: String) throws {
        let newFile = try #require(try NewDatabaseFile.begin(at: path))
        try recordOneRun(in: newFile)
        #expect(!FileManager.default.fileExists(atPath: path), "nothing at the path before the rename")
        try newFile.finish()
    }

    @Test func aSecondBuildOfThePathInTheSameProcessIsRefusedUntilTheFirstEnds() throws {
        let folder = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let first = try #require(try NewDatabaseFile.begin(at: path))
        // The database lock is shared within a process: the claim on the temporary file is not.
        #expect(try NewDatabaseFile.begin(at: path) == nil)
        try Self.recordOneRun(in: first)
        try first.finish()
        let store = try TicketStore(path: path, readOnly: true)
        #expect(try store.query("SELECT COUNT(*) FROM import_runs").rows.first?.first == "1")
        // Once it ended, the claim is gone: the same path, emptied, can be built again.
        for suffix in ["", "-wal", "-shm", ".checked"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try Self.build(path)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aFinishedBuildIsAnOrdinaryDatabaseInWALModeStampedAsSound() throws {
        let folder = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        try Self.build(path)
        #expect(try Self.names(in: folder) == ["desk.sqlite", "desk.sqlite.checked", "desk.sqlite.lock"])
        #expect(SoundFileStamp.matches(path))
        #expect(try Self.fileFormatVersions(path) == [2, 2], "WAL mode, in the file's header")
        let checks = DatabaseFileCheck.checksRun(on: path)
        let store = try TicketStore(path: path)
        #expect(DatabaseFileCheck.checksRun(on: path) == checks, "the stamp spares the next open its check")
        #expect(try store.query("PRAGMA quick_check").rows == [["ok"]])
        #expect(try store.query("SELECT file FROM import_runs").rows == [["tickets.csv"]])
        // Migrated like any other database: an open finds nothing left to migrate.
        #expect(try store.pool.read { try Schema.migrator.hasCompletedMigrations($0) })
    }

    @Test func aFailedBuildLeavesNothingBehind() throws {
        let folder = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        struct Refused: Error {}
        do {
            let newFile = try #require(try NewDatabaseFile.begin(at: path))
            #expect(FileManager.default.fileExists(atPath: newFile.temporaryPath))
            #expect(throws: Refused.self) {
                try newFile.write { writer in
                    try writer.beginRun(ImportRunFigures(file: "f", sha256: "00", format: "x", profile: nil,
                                                         sourceZone: "UTC", startedAt: Instant(secondsSinceEpoch: 1_754_000_000)))
                    throw Refused()
                }
            }
        }
        #expect(try Self.names(in: folder).isEmpty)
        // The lock went with the build: the next one starts at once.
        try Self.build(path)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func onlyWhereNothingIsThereToLose() throws {
        let folder = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        try Self.build(path)
        #expect(try NewDatabaseFile.begin(at: path) == nil, "an existing database")
        for leftover in ["-wal", "-journal"] {
            let other = folder.appendingPathComponent("without-its-file\(leftover).sqlite").path
            // A log or journal without its database: SQLite would replay it into a new file there.
            FileManager.default.createFile(atPath: other + leftover, contents: Data("log".utf8))
            #expect(try NewDatabaseFile.begin(at: other) == nil, "\(leftover)")
        }
        let link = folder.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.appendingPathComponent("gone").path)
        #expect(try NewDatabaseFile.begin(at: link) == nil, "a dangling symlink is not replaced")
    }

    @Test func whatAKilledBuildLeftIsRemovedByTheNext() throws {
        let folder = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let temporary = NewDatabaseFile.temporaryPath(for: path)
        for suffix in ["", "-journal"] {
            FileManager.default.createFile(atPath: temporary + suffix, contents: Data("half-built".utf8))
        }
        try Self.build(path)
        #expect(try Self.names(in: folder) == ["desk.sqlite", "desk.sqlite.checked", "desk.sqlite.lock"])
        #expect(try TicketStore(path: path, readOnly: true).query("PRAGMA quick_check").rows == [["ok"]])
    }
}
