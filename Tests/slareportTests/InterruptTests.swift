import Foundation
import Testing

/// Stopped by SIGTERM or SIGINT (a `timeout` in cron, Ctrl-C), slareport removes the temporary
/// files of what it had not committed, says so and ends by that signal; what was committed stays
/// (a report set whose manifest is in place is finished by the next report). The process is
/// held at a crash point (`SLAREPORT_CRASH_POINT=NAME+sleep`) and signalled there.
@Suite struct InterruptTests {
    /// `slareport arguments` started in `scratch` with the crash point armed; returns once it
    /// says it reached the point, with the process and its standard error read so far.
    /// Its standard output goes to `output` (a file, as cron's log), else nowhere.
    static func startHeld(at point: String, _ arguments: [String], in scratch: Scratch,
                          ignoringHangUps: Bool = false, output: FileHandle? = nil) throws -> (Process, Pipe) {
        let process = Process()
        if ignoringHangUps {
            // As `nohup` starts it: SIGHUP ignored, which slareport leaves so.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "trap '' HUP; exec \"$0\" \"$@\"", CommandLine_.executable.path] + arguments
        } else {
            process.executableURL = CommandLine_.executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = scratch.folder
        process.environment = ProcessInfo.processInfo.environment.merging(["SLAREPORT_CRASH_POINT": point + "+sleep"]) { $1 }
        let err = Pipe()
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = err
        try process.run()
        killLater(process, after: 180)
        var said = ""
        let deadline = Date().addingTimeInterval(120)
        while !said.contains("crash point \(point) reached"), Date() < deadline, process.isRunning {
            said += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(said.contains("crash point \(point) reached"), "\(said)")
        return (process, err)
    }

    /// Signals the held process and returns the signal that ended it (nil when it exited) and
    /// the rest of its standard error.
    static func stop(_ process: Process, _ err: Pipe, with signal: Int32) -> (endedBy: Int32?, error: String) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        // A signal that is not handled (held pending) fails the test instead of hanging it.
        killLater(process, after: 60)
        let rest = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil,
                String(decoding: rest, as: UTF8.self))
    }

    /// SIGKILL for `process` if it still runs after `seconds` (never another that took its pid).
    static func killLater(_ process: Process, after seconds: Double) {
        nonisolated(unsafe) let held = process
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if held.isRunning { kill(held.processIdentifier, SIGKILL) }
        }
    }

    static func inode(_ path: String) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64) ?? nil
    }

    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The sample desk with week 32's report written once: the scratch, the report's arguments,
    /// its folder and the folder's entries.
    static func deskWithAReport() throws -> (Scratch, [String], String, [String]) {
        let scratch = try Scratch()
        #expect(try scratch.importAndRecomputeSampleDesk())
        let report = ["report", "-d", "desk.sqlite", "--week", "2025-W32", "--output", "reports", "--quiet"]
        #expect(try scratch.run(report).status == 0)
        return (scratch, report, scratch.path("reports"), entries(scratch.path("reports")))
    }

    @Test func aReportStoppedBeforeItsManifestLeavesTheOldFilesAndNoTemporaries() throws {
        let (scratch, report, reports, before) = try Self.deskWithAReport()
        let inodes = before.map { Self.inode(reports + "/" + $0) }

        let (process, err) = try Self.startHeld(at: "before-manifest", report, in: scratch)
        let temporaries = Self.entries(reports).filter { $0.hasSuffix(".tmp") }
        #expect(temporaries.count == 7, "\(temporaries)")  // html, json, four CSVs, xlsx
        let (endedBy, error) = Self.stop(process, err, with: SIGTERM)
        #expect(endedBy == SIGTERM)
        #expect(error.contains("slareport: stopped by SIGTERM before it finished; what it had not committed was not kept "
                               + "(removed \(temporaries.count) temporary files or folders)."), "\(error)")
        #expect(Self.entries(reports) == before)
        #expect(before.map { Self.inode(reports + "/" + $0) } == inodes)
    }

    /// Stopped after writing a period (or while renaming its files into place), it rebuilds the
    /// index for what it wrote: `--all-weeks` stopped half-way left the earlier run's figures and
    /// links to files the new periods had removed (a stranger's trial).
    @Test(arguments: ["period-written", "after-manifest"])
    func aReportStoppedAfterAPeriodRebuildsTheIndexForWhatItWrote(at point: String) throws {
        let (scratch, _, reports, _) = try Self.deskWithAReport()
        let index = reports + "/index.html"
        try "an earlier run's index".write(toFile: index, atomically: true, encoding: .utf8)
        let (process, err) = try Self.startHeld(at: point, ["report", "-d", "desk.sqlite", "--from", "2025-08-04",
                                                                         "--to", "2025-08-10", "--output", "reports", "--quiet"],
                                                in: scratch)
        let (endedBy, _) = Self.stop(process, err, with: SIGTERM)
        #expect(endedBy == SIGTERM)
        let rebuilt = try String(contentsOfFile: index, encoding: .utf8)
        #expect(rebuilt.contains("sla-report-2025-08-04_2025-08-10.html") && rebuilt.contains("sla-report-2025-W32.html"), "\(rebuilt.prefix(200))")
        #expect(Self.entries(reports).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    /// Stopped just after its commit, an import with rejects puts their file in place: it removed the
    /// new one and left the previous import's beside the new rows (a review).
    @Test func anImportStoppedAfterItsCommitKeepsItsRejectsFile() throws {
        let scratch = try Scratch()
        let seed = try String(contentsOfFile: Scratch.seedTickets, encoding: .utf8)
        var lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "2025-08-05", with: "2025-13-05")
        let first = try scratch.write("first.csv", lines.joined(separator: "\n"))
        #expect(try scratch.run(["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", "--on-error", "skip",
                                 "--quiet", first]).status == 0)
        let rejects = scratch.path("desk.sqlite.rejects.csv")
        #expect(try String(contentsOfFile: rejects, encoding: .utf8).contains("first.csv"))
        let second = try scratch.write("second.csv", lines.joined(separator: "\n"))
        let (process, err) = try Self.startHeld(at: "after-commit", ["import", "-d", "desk.sqlite", "--source-zone", "America/New_York",
                                                                      "--on-error", "skip", "--quiet", second], in: scratch)
        let (endedBy, _) = Self.stop(process, err, with: SIGTERM)
        #expect(endedBy == SIGTERM)
        let kept = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(kept.contains("second.csv") && !kept.contains("first.csv"), "\(kept)")
        #expect(Self.entries(scratch.path("")).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    /// Stopped while it renames a period's files into place, it finishes them first.
    @Test func aReportStoppedAfterItsManifestFinishesItsRenamesFirst() throws {
        let (scratch, report, reports, before) = try Self.deskWithAReport()
        let inodes = before.map { Self.inode(reports + "/" + $0) }
        let (process, err) = try Self.startHeld(at: "after-manifest", report, in: scratch)
        let (endedBy, error) = Self.stop(process, err, with: SIGTERM)
        #expect(endedBy == SIGTERM)
        #expect(error.contains("slareport: stopped by SIGTERM before it finished; what it had not committed was not kept.\n"), "\(error)")
        // Every file of the period is new; no temporary and no manifest is left.
        let after = Self.entries(reports)
        #expect(after.filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".pending") }.isEmpty, "\(after)")
        let periodFiles = before.filter { $0.contains("2025-W32") }
        #expect(periodFiles.count == 7)
        for name in periodFiles {
            #expect(Self.inode(reports + "/" + name) != inodes[before.firstIndex(of: name)!], "\(name)")
        }
    }

    /// Started with SIGHUP ignored (`nohup`), it stays ignored; SIGTERM still stops it.
    @Test func aHangUpIgnoredByTheParentStaysIgnored() throws {
        let scratch = try Scratch()
        let (process, err) = try Self.startHeld(
            at: "before-rename", ["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", "--quiet",
                                  Scratch.seedTickets, Scratch.seedHistory], in: scratch, ignoringHangUps: true)
        kill(process.processIdentifier, SIGHUP)
        Thread.sleep(forTimeInterval: 1)
        #expect(process.isRunning)
        let (endedBy, error) = Self.stop(process, err, with: SIGTERM)
        #expect(endedBy == SIGTERM)
        #expect(error.contains("slareport: stopped by SIGTERM before it finished"), "\(error)")
    }

    /// A nightly `run --verbose` into a log file, stopped in its report: the log keeps the lines
    /// of the import and recompute it had committed (standard output, buffered on a file, was
    /// lost with the process), then the stop.
    @Test func aRunStoppedInItsReportKeepsTheLinesOfWhatItCommittedInTheLog() throws {
        let scratch = try Scratch()
        let config = try scratch.write("run.yaml", """
            database: desk.sqlite
            source_zone: America/New_York
            imports: [\(Scratch.seedTickets), \(Scratch.seedHistory)]
            as_of: data
            report: {output: out, periods: 2025-W32}
            """)
        let logPath = scratch.path("nightly.log")
        #expect(FileManager.default.createFile(atPath: logPath, contents: nil))
        let log = try #require(FileHandle(forWritingAtPath: logPath))
        let (process, err) = try Self.startHeld(at: "before-manifest", ["run", "--config", config, "--verbose"],
                                                in: scratch, output: log)
        let (endedBy, error) = Self.stop(process, err, with: SIGTERM)
        try log.close()
        #expect(endedBy == SIGTERM)
        #expect(error.contains("slareport: stopped by SIGTERM before it finished"), "\(error)")
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4, "\(lines)")  // the two files, the due dates' agreement, the replay
        #expect(lines.first?.hasPrefix(Scratch.seedTickets + ": osticket-queue") == true, "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix(Scratch.seedHistory + ": osticket-history") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("replayed ") == true, "\(lines)")
    }

    @Test func anImportStoppedBeforeItsNewDatabaseIsInPlaceLeavesNothing() throws {
        let scratch = try Scratch()
        let (process, err) = try Self.startHeld(
            at: "before-rename", ["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", "--quiet",
                                  Scratch.seedTickets, Scratch.seedHistory], in: scratch)
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.importing")))
        let (endedBy, error) = Self.stop(process, err, with: SIGINT)
        #expect(endedBy == SIGINT)
        #expect(error.contains("slareport: stopped by SIGINT before it finished; what it had not committed was not kept "
                               + "(removed 1 temporary file or folder)."), "\(error)")
        #expect(Self.entries(scratch.folder.path).filter { $0.hasPrefix("desk.sqlite") && $0 != "desk.sqlite.lock" }.isEmpty,
                "\(Self.entries(scratch.folder.path))")
        // The next import builds it.
        #expect(try scratch.importSeed().status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite")))
    }
}
