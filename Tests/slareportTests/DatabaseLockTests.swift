import Foundation
import Testing

/// Every command that writes takes the one database lock, waits `--wait` seconds, then
/// exits 3 with one line; a lock whose holder died does not block.
@Suite(.serialized) struct DatabaseLockTests {
    /// Holds `desk.sqlite.lock` from another process until killed (one process: perl, not
    /// flock(1), whose forked command would keep the lock after flock itself is killed).
    static func holdLock(in scratch: Scratch) throws -> Process {
        let holder = try scratch.startProgram("/usr/bin/perl", [
            "-e", "use Fcntl ':flock'; open(my $f, '>>', $ARGV[0]) or die; flock($f, LOCK_EX) or die; sleep 120",
            scratch.path("desk.sqlite.lock"),
        ])
        if try waitUntilHeld(scratch.path("desk.sqlite.lock"), in: scratch) { return holder }
        holder.terminate()
        throw CancellationError()
    }

    /// Waits (up to 20 s) until another process holds `lockFile`, not merely made it; false if none did.
    static func waitUntilHeld(_ lockFile: String, in scratch: Scratch) throws -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let probe = try scratch.startProgram("/usr/bin/flock", ["-n", lockFile, "true"])
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// As a first import does: holds `database`'s lock for 3 s, then renames the finished
    /// database `built` into place at `database`. Returns once the lock is held.
    static func buildInPlace(_ built: String, as database: String, in scratch: Scratch) throws -> Process {
        let importing = try scratch.startProgram("/usr/bin/perl", [
            "-e", "use Fcntl ':flock'; open(my $f, '>>', $ARGV[0]) or die; flock($f, LOCK_EX) or die; sleep 3; "
                + "rename($ARGV[1], $ARGV[2]) or die; exit 0",
            scratch.path(database + ".lock"), scratch.path(built), scratch.path(database),
        ])
        #expect(try waitUntilHeld(scratch.path(database + ".lock"), in: scratch))
        return importing
    }

    /// While a first import builds the database under another name and holds the lock,
    /// `recompute` and `report` wait for it instead of saying there is no database (a stranger's
    /// trial, then a review: report did not wait either).
    @Test func recomputeWaitsForAFirstImportInProgress() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["import", "-d", "built.sqlite", "--source-zone", "America/New_York", "--quiet",
                                 Scratch.seedTickets, Scratch.seedHistory]).status == 0)
        let importing = try Self.buildInPlace("built.sqlite", as: "desk.sqlite", in: scratch)
        defer { importing.waitUntilExit() }
        // The database is not there yet when the steps start (the holder renames it after 3 s).
        #expect(!FileManager.default.fileExists(atPath: scratch.path("desk.sqlite")))
        let result = try scratch.run(["recompute", "-d", "desk.sqlite", "--wait", "30", "--as-of", "data", "--quiet"])
        #expect(result.status == 0, "\(result.error)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite")))
        // report waits the same way: the recomputed database appears as late.sqlite after 3 s.
        let second = try Self.buildInPlace("desk.sqlite", as: "late.sqlite", in: scratch)
        defer { second.waitUntilExit() }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("late.sqlite")))
        let reported = try scratch.run(["report", "-d", "late.sqlite", "--wait", "30", "--week", "2025-W32", "--output", "out", "--quiet"])
        #expect(reported.status == 0, "\(reported.error)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("out/sla-report-2025-W32.html")))
    }

    @Test func everyWriterWaitsThenExitsThreeWithOneLine() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        #expect(try scratch.run(["recompute", "-d", "desk.sqlite", "--as-of", "data", "--quiet"]).status == 0)
        let config = try scratch.write("run.yaml", "database: desk.sqlite\nlock_wait: 0.3\nas_of: data\nreport: {output: out}\n")
        let holder = try Self.holdLock(in: scratch)
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        let attempts: [[String]] = [
            ["import", "-d", "desk.sqlite", "--wait", "0.3", Scratch.seedTickets],
            ["recompute", "-d", "desk.sqlite", "--wait", "0.3", "--as-of", "data"],
            ["report", "-d", "desk.sqlite", "--wait", "0.3", "--output", "out"],
            ["run", "--config", config],
        ]
        for arguments in attempts {
            let started = Date()
            let result = try scratch.run(arguments)
            #expect(result.status == 3, "\(arguments[0]): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(arguments[0]): \(result.error)")
            #expect(result.error.contains("is writing to this database"), "\(arguments[0]): \(result.error)")
            #expect(Date().timeIntervalSince(started) >= 0.3)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test func aLockWhoseHolderWasKilledDoesNotBlock() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let holder = try Self.holdLock(in: scratch)
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        // The lock file stays behind; the kernel dropped the lock with its holder.
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.lock")))
        let result = try scratch.run(["recompute", "-d", "desk.sqlite", "--wait", "0", "--as-of", "data", "--quiet"])
        #expect(result.status == 0, "\(result.error)")
    }

    @Test func aWriterWaitsForTheLockToBeReleased() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let holder = try Self.holdLock(in: scratch)
        let (waiter, _, err) = try scratch.start(["recompute", "-d", "desk.sqlite", "--wait", "60", "--as-of", "data", "--quiet"])
        Thread.sleep(forTimeInterval: 0.5)
        #expect(waiter.isRunning)
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        waiter.waitUntilExit()
        #expect(waiter.terminationStatus == 0, "\(String(decoding: error, as: UTF8.self))")
    }

    /// A first import that fails before creating its database leaves no lock file behind (a
    /// stranger's trial found `nodb.sqlite.lock` beside no database); one that succeeds keeps it.
    @Test func aFailedFirstImportLeavesNoLockFile() throws {
        let scratch = try Scratch()
        let failed = try scratch.run(["import", "-d", "new.sqlite", scratch.path("missing.csv")])
        #expect(failed.status == 2)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("new.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("new.sqlite.lock")))
        #expect(try scratch.importSeed().status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.lock")))
    }

    /// A writer waiting on a lock file its holder removes (the holder's database was never made)
    /// locks the file at the path afterwards, not the removed one: one holder at a time.
    @Test func aWaiterOnARemovedLockFileTakesTheNewOne() throws {
        let scratch = try Scratch()
        // Holds the lock 1 s, then removes the file while holding it, as a failed first import does.
        let holder = try scratch.startProgram("/usr/bin/perl", [
            "-e", "use Fcntl ':flock'; open(my $f, '>>', $ARGV[0]) or die; flock($f, LOCK_EX) or die; sleep 1; unlink($ARGV[0]); sleep 1; exit 0",
            scratch.path("desk.sqlite.lock"),
        ])
        #expect(try Self.waitUntilHeld(scratch.path("desk.sqlite.lock"), in: scratch))
        let importing = try scratch.run(["import", "-d", "desk.sqlite", "--wait", "30", "--quiet", Scratch.seedTickets])
        holder.waitUntilExit()
        #expect(importing.status == 0, "\(importing.error)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("desk.sqlite.lock")))
    }

    /// A database reached through a symlink in another folder and by its own path has one lock:
    /// the lock file was named after the path given (`other/desk.sqlite.lock`), so a writer through
    /// the link passed another's lock (a stranger's operations trial).
    @Test func aDatabaseThroughASymlinkSharesItsLock() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        try FileManager.default.createDirectory(atPath: scratch.path("other"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("other/desk.sqlite"), withDestinationPath: scratch.path("desk.sqlite"))
        let holder = try Self.holdLock(in: scratch)
        defer { holder.terminate() }
        let through = try scratch.run(["import", "-d", "other/desk.sqlite", "--wait", "0.2", "--quiet", Scratch.seedTickets])
        #expect(through.status == 3, "\(through.error)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("other/desk.sqlite.lock")))
    }

    /// A database in a folder that does not exist is bad input, said as such (it was exit 1 with
    /// "desk.sqlite.lock: cannot lock the database (No such file or directory)").
    @Test func aDatabaseInAMissingFolderIsBadInput() throws {
        let scratch = try Scratch()
        let result = try scratch.run(["import", "-d", "no/such/desk.sqlite", Scratch.seedTickets])
        #expect(result.status == 2)
        #expect(result.error.contains("the folder no/such does not exist"), "\(result.error)")
    }

    /// A negative wait is refused with its reason (`--wait -1` read as a missing value: "Missing
    /// value for '--wait'"), like `nan` and `inf`.
    @Test func aNegativeWaitIsRefusedWithItsReason() throws {
        let scratch = try Scratch()
        for value in ["-1", "nan", "inf"] {
            let result = try scratch.run(["import", "-d", "desk.sqlite", "--wait", value, Scratch.seedTickets])
            #expect(result.status == 2)
            #expect(result.error.contains("expected a number of seconds, 0 or more"), "\(value): \(result.error)")
        }
    }

    /// A symlink to a database not made yet takes the lock its target will have: named after the
    /// link, the first import through it held a lock of its own (a review).
    @Test func aSymlinkToADatabaseNotMadeYetSharesItsTargetsLock() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("real"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.sqlite"), withDestinationPath: "real/desk.sqlite")
        let holder = try scratch.startProgram("/usr/bin/perl", [
            "-e", "use Fcntl ':flock'; open(my $f, '>>', $ARGV[0]) or die; flock($f, LOCK_EX) or die; sleep 120",
            scratch.path("real/desk.sqlite.lock"),
        ])
        defer { holder.terminate() }
        #expect(try Self.waitUntilHeld(scratch.path("real/desk.sqlite.lock"), in: scratch))
        let through = try scratch.run(["import", "-d", "link.sqlite", "--wait", "0.2", "--quiet", Scratch.seedTickets])
        #expect(through.status == 3, "\(through.error)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("link.sqlite.lock")))
    }
}

