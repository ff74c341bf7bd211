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

    static func expectRefused(_ scratch: Scratch, _ bytes: Data, _ what: String) throws {
        for arguments in commands {
            let result = try scratch.run(arguments)
            #expect(result.status == 4, "\(arguments[0]) on \(what): \(result.status) \(result.error)")
            #expect(result.error.contains("refusing to use the database"), "\(arguments[0]) on \(what): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(arguments[0]) on \(what): \(result.error)")
            #expect(FileManager.default.contents(atPath: scratch.path("desk.sqlite")) == bytes, "\(arguments[0]) changed \(what)")
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

    @Test func anEmptyFileIsRefusedNotRecreated() throws {
        let scratch = try Scratch()
        FileManager.default.createFile(atPath: scratch.path("desk.sqlite"), contents: Data())
        try Self.expectRefused(scratch, Data(), "an empty file")
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let scratch = try Scratch()
        let text = Data(String(repeating: "ticket,created\n", count: 500).utf8)
        FileManager.default.createFile(atPath: scratch.path("desk.sqlite"), contents: text)
        try Self.expectRefused(scratch, text, "a CSV file")
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
}
