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
        #expect(try Self.names(scratch) == ["bad.csv", "desk.sqlite.lock"])
    }

    /// Stops `import` at `point` (`SLAREPORT_CRASH_POINT`, the process stops itself there),
    /// runs `whileStopped`, then kills it.
    static func killImport(at point: String, _ scratch: Scratch, whileStopped: () throws -> Void) throws {
        let process = Process()
        process.executableURL = CommandLine_.executable
        process.arguments = importArguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SLAREPORT_CRASH_POINT": point]) { $1 }
        process.currentDirectoryURL = scratch.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(60)
        var stopped = false
        while process.isRunning && Date() < deadline && !stopped {
            // /proc/PID/stat: "pid (comm) STATE ..."; T is stopped.
            if let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")") {
                stopped = stat[stat.index(close, offsetBy: 2)] == "T"
            }
            if !stopped { Thread.sleep(forTimeInterval: 0.01) }
        }
        try #require(stopped, "import never reached \(point)")
        try whileStopped()
    }

    @Test(arguments: ["before-commit", "before-rename"])
    func aKilledBuildLeavesNoDatabaseAndNoOneSeesItHalfBuilt(point: String) throws {
        let scratch = try Scratch()
        try Self.killImport(at: point, scratch) {
            #expect(!FileManager.default.fileExists(atPath: scratch.path("desk.sqlite")))
            #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.importing")))
            // A reader finds no database; a writer waits for the build's lock.
            let query = try scratch.run(["query", "-d", "desk.sqlite", "SELECT COUNT(*) FROM tickets"])
            #expect(query.status == 2 && query.error.contains("no such database"), "\(query.error)")
            let other = try scratch.run(["import", "-d", "desk.sqlite", "--wait", "0", "--quiet", Scratch.seedTickets])
            #expect(other.status == 3, "\(other.error)")
        }
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
