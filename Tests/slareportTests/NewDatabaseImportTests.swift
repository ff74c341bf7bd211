import Foundation
import Testing

/// `import` into a path where no database is yet builds the file under `desk.sqlite.importing`
/// and renames it into place: a bad input or a kill leaves no database, and while the build
/// runs no other slareport sees a half-built one.
@Suite(.serialized) struct NewDatabaseImportTests {
    static let importArguments = ["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", "--quiet",
                                  Scratch.seedTickets, Scratch.seedHistory]

    static func names(_ scratch: Scratch) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).sorted()
    }

    @Test func aBadInputExitsTwoAndLeavesNoDatabase() throws {
        let scratch = try Scratch()
        let seed = try String(contentsOfFile: Scratch.seedTickets, encoding: .utf8).split(separator: "\n").prefix(2)
        let columns = seed[0].split(separator: ",").count
        let badRow = ["999", "not a date"] + Array(repeating: "x", count: columns - 2)
        let bad = try scratch.write("bad.csv", seed.joined(separator: "\n") + "\n" + badRow.joined(separator: ",") + "\n")
        let result = try scratch.run(["import", "-d", "desk.sqlite", "--quiet", Scratch.seedHistory, bad])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("not a date"), "\(result.error)")
        #expect(try Self.names(scratch) == ["bad.csv"])
    }

    @Test(arguments: ["before-commit", "before-rename"])
    func aKilledBuildLeavesNoDatabaseAndNoOneSeesItHalfBuilt(point: String) throws {
        let scratch = try Scratch()
        // Stopped there by `SLAREPORT_CRASH_POINT`, looked at from outside, then killed.
        let stopped = try CrashHarnessTests.killAt(point, scratch, Self.importArguments) {
            #expect(!FileManager.default.fileExists(atPath: scratch.path("desk.sqlite")))
            #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.importing")))
            // A reader finds no database; a writer waits for the build's lock.
            let query = try scratch.run(["query", "-d", "desk.sqlite", "SELECT COUNT(*) FROM tickets"])
            #expect(query.status == 2 && query.error.contains("no such database"), "\(query.error)")
            let other = try scratch.run(["import", "-d", "desk.sqlite", "--wait", "0", "--quiet", Scratch.seedTickets])
            #expect(other.status == 3, "\(other.error)")
        }
        #expect(stopped, "import never reached \(point)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("desk.sqlite")))
        // The next import removes what the killed one left and builds the database.
        let result = try scratch.run(Self.importArguments)
        #expect(result.status == 0, "\(result.error)")
        #expect(try Self.names(scratch) == ["desk.sqlite", "desk.sqlite.checked", "desk.sqlite.lock"])
        let check = try scratch.run(["query", "-d", "desk.sqlite", "--format", "csv",
                                     "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM import_runs)"])
        #expect(check.output.split(whereSeparator: \.isNewline).last == "3,2", "\(check.output)\(check.error)")
    }
}
