import Foundation
import Testing

/// A database file that is empty, not SQLite or damaged is refused with exit 4 and left
/// as it was, by the commands that write and by those that read.
@Suite struct DamagedDatabaseTests {
    static let commands: [[String]] = [
        ["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", Scratch.seedTickets],
        ["recompute", "-d", "desk.sqlite", "--as-of", "data"],
        ["report", "-d", "desk.sqlite", "--output", "out"],
        ["query", "-d", "desk.sqlite", "SELECT COUNT(*) FROM tickets"],
    ]

    /// - Parameter byItsHeader: refused by its first bytes, before a writer locks it: nothing is made beside it.
    static func expectRefused(_ scratch: Scratch, _ bytes: Data, _ what: String, byItsHeader: Bool = false) throws {
        for arguments in commands {
            let result = try scratch.run(arguments)
            #expect(result.status == 4, "\(arguments[0]) on \(what): \(result.status) \(result.error)")
            #expect(result.error.contains("refusing to use the database"), "\(arguments[0]) on \(what): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(arguments[0]) on \(what): \(result.error)")
            #expect(FileManager.default.contents(atPath: scratch.path("desk.sqlite")) == bytes, "\(arguments[0]) changed \(what)")
            if byItsHeader {
                #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).filter { $0.hasPrefix("desk.sqlite") }
                        == ["desk.sqlite"], "\(arguments[0]) on \(what) made a file beside it")
            }
        }
    }

    @Test func aMissingDatabaseIsBadInputAndLeavesNoLockFile() throws {
        let scratch = try Scratch()
        for arguments in Self.commands.dropFirst() {
            let result = try scratch.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.error)")
            #expect(result.error.contains("no such database"), "\(arguments[0]): \(result.error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).isEmpty)
    }

    /// A folder where the database should be is bad input (exit 2), said as such: it was called
    /// an empty, damaged file to restore from a backup (exit 4). No lock file is made in or beside it.
    @Test func aFolderAtTheDatabasesPathIsBadInputSaidAsSuch() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("desk.sqlite"), withIntermediateDirectories: false)
        for arguments in Self.commands {
            let result = try scratch.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.status) \(result.error)")
            #expect(result.error.contains("desk.sqlite: ") && result.error.contains("is a folder, not a database file; "
                                          + "name a file, such as desk.sqlite/desk.sqlite\n"), "\(arguments[0]): \(result.error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) == ["desk.sqlite"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("desk.sqlite")).isEmpty)
    }

    @Test func anEmptyFileIsRefusedNotRecreated() throws {
        let scratch = try Scratch()
        FileManager.default.createFile(atPath: scratch.path("desk.sqlite"), contents: Data())
        try Self.expectRefused(scratch, Data(), "an empty file", byItsHeader: true)
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let scratch = try Scratch()
        let text = Data(String(repeating: "ticket,created\n", count: 500).utf8)
        FileManager.default.createFile(atPath: scratch.path("desk.sqlite"), contents: text)
        try Self.expectRefused(scratch, text, "a CSV file", byItsHeader: true)
    }

    /// Another application's SQLite file is neither read ("no such table" with the statement) nor
    /// given slareport's tables; a file with no table yet is empty for the reading commands.
    @Test func anotherApplicationsDatabaseIsRefusedAndLeftAsItWas() throws {
        let scratch = try Scratch()
        try scratch.startProgram("/usr/bin/sqlite3", ["desk.sqlite", "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);"])
            .waitUntilExit()
        let bytes = try #require(FileManager.default.contents(atPath: scratch.path("desk.sqlite")))
        for arguments in Self.commands {
            let result = try scratch.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.status) \(result.error)")
            #expect(result.error == "slareport: desk.sqlite: cannot open the database: not a slareport database (it has 1 table, none of them slareport's); name a new file for slareport's own\n", "\(arguments[0])")
        }
        #expect(FileManager.default.contents(atPath: scratch.path("desk.sqlite")) == bytes)
        // A creation killed after GRDB made its migrations table (before the first migration's
        // transaction) leaves only that table: slareport's, migrated by the next import.
        let half = try Scratch()
        try half.startProgram("/usr/bin/sqlite3", ["desk.sqlite", "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);"])
            .waitUntilExit()
        let imported = try half.importSeed()
        #expect(imported.status == 0, "\(imported.error)")
    }

    @Test func aDatabaseFailingQuickCheckIsRefused() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        #expect(try scratch.run(["recompute", "-d", "desk.sqlite", "--as-of", "data", "--quiet"]).status == 0)
        var bytes = try #require(FileManager.default.contents(atPath: scratch.path("desk.sqlite")))
        // The last connection checkpointed the WAL into the file on close.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: scratch.path("desk.sqlite-wal")))?[.size] as? Int
        #expect(walSize == nil || walSize == 0)
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        // Damage the b-tree header (cell count, cell offsets) of every page after the schema.
        for page in 1 ..< bytes.count / pageSize {
            for offset in 3 ..< 12 { bytes[page * pageSize + offset] ^= 0xA5 }
        }
        try bytes.write(to: URL(fileURLWithPath: scratch.path("desk.sqlite")))
        try Self.expectRefused(scratch, bytes, "a damaged database")
    }

    /// Damage in the middle of the file, the rest sound: import and recompute wrote to it before
    /// refusing it (the writable pool's open commits a CREATE and DROP TABLE, checkpointed into the
    /// header and a new page at the close; a stranger's operations trial). Now left as it was.
    @Test func aDatabaseDamagedInTheMiddleIsLeftAsItWas() throws {
        let scratch = try Scratch()
        // A few megabytes, so the damage lies away from the pages any open touches.
        #expect(try scratch.run(["generate", "--output", "gen", "--tickets", "3000"]).status == 0)
        #expect(try scratch.run(["import", "-d", "desk.sqlite", "--quiet", scratch.path("gen/osticket-tickets.csv"),
                                 scratch.path("gen/osticket-history.tsv")]).status == 0)
        #expect(try scratch.run(["recompute", "-d", "desk.sqlite", "--as-of", "data", "--quiet"]).status == 0)
        var bytes = try #require(FileManager.default.contents(atPath: scratch.path("desk.sqlite")))
        let middle = bytes.count / 2
        for offset in middle ..< min(bytes.count, middle + 8192) { bytes[offset] = [0xDE, 0xAD, 0xBE, 0xEF][offset % 4] }
        try bytes.write(to: URL(fileURLWithPath: scratch.path("desk.sqlite")))
        try Self.expectRefused(scratch, bytes, "a database damaged in the middle")
    }

    /// Damage that came without a write (a failing disk) behind a stamp that still matches:
    /// the check is skipped, SQLite meets the damage as it opens or reads the file, the command
    /// fails and the stamp goes, so the next command checks the whole file and refuses it.
    @Test func damageBehindAMatchingStampRemovesItAndTheNextCommandRefusesTheFile() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let path = scratch.path("desk.sqlite")
        var bytes = try #require(FileManager.default.contents(atPath: path))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        for page in 1 ..< bytes.count / pageSize {
            for offset in 3 ..< 12 { bytes[page * pageSize + offset] ^= 0xA5 }
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        // The stamp a failing disk would leave: the file's state as it is now.
        var info = stat()
        #expect(stat(path, &info) == 0)
        let stamp = "slareport-sound-v1 \(info.st_dev) \(info.st_ino) \(info.st_size) "
            + "\(Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)) "
            + "\(Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))\n"
        try stamp.write(toFile: path + ".checked", atomically: false, encoding: .utf8)
        let read = try scratch.run(["query", "-d", "desk.sqlite", "SELECT COUNT(*), SUM(LENGTH(identity)) FROM events"])
        #expect(read.status != 0, "\(read.output)")
        #expect(!FileManager.default.fileExists(atPath: path + ".checked"), "the stamp outlived the damage")
        let next = try scratch.run(["query", "-d", "desk.sqlite", "SELECT 1"])
        #expect(next.status == 4, "\(next.error)")
    }
}
