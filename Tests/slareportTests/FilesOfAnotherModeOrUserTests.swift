import Foundation
import Testing

/// Files a writer cannot write, named in its message. A writer refused by a read-only database
/// leaves the write-ahead log's files read-only too, and
/// they kept the database unwritable after its own mode was fixed, with the same message ("attempt
/// to write a readonly database") that named neither (a stranger's operations trial). The message
/// now names the file to fix. Run as `nobody` (root writes anything), so only where the tests run
/// as root with setpriv(1).
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                "needs root and /usr/bin/setpriv to run slareport as nobody"))
struct FilesOfAnotherModeOrUserTests {
    static func runAsNobody(_ arguments: [String], in scratch: Scratch) throws -> (status: Int32, error: String) {
        let result = try scratch.run(["--reuid=nobody", "--regid=nogroup", "--clear-groups", CommandLine_.executable.path] + arguments,
                                     program: URL(fileURLWithPath: "/usr/bin/setpriv"))
        return (result.status, result.error)
    }

    @Test func theFileThatIsNotWritableIsNamed() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let database = scratch.path("desk.sqlite")
        for leftover in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + leftover) }
        guard let nobody = getpwnam("nobody")?.pointee else { Issue.record("no user nobody"); return }
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) + [""] {
            #expect(chown(scratch.path(name), nobody.pw_uid, nobody.pw_gid) == 0)
        }
        #expect(chmod(database, 0o400) == 0)
        let importing = ["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", Scratch.seedTickets]
        let refused = try Self.runAsNobody(importing, in: scratch)
        #expect(refused.status == 2)
        #expect(refused.error.contains("the database file is not writable for this user"), "\(refused.error)")
        #expect(chmod(database, 0o600) == 0)
        let stale = try Self.runAsNobody(importing, in: scratch)
        #expect(stale.status == 2)
        #expect(stale.error.contains("desk.sqlite-shm is not writable for this user"), "\(stale.error)")
        try FileManager.default.removeItem(atPath: database + "-shm")
        #expect(try Self.runAsNobody(importing, in: scratch).status == 0)
    }

    /// A database this user cannot read is said to be unreadable: it was called unwritable, with
    /// a hint that `query` does not need what it had just blamed (a stranger's trial).
    @Test func aDatabaseThisUserCannotReadIsSaidToBeUnreadable() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let database = scratch.path("desk.sqlite")
        for leftover in ["-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: database + leftover) }
        #expect(chmod(scratch.folder.path, 0o777) == 0)
        #expect(chmod(database, 0o600) == 0)  // root's, as the import left it
        for arguments in [["query", "-d", "desk.sqlite", "SELECT 1"], ["report", "-d", "desk.sqlite", "--output", "out"]] {
            let refused = try Self.runAsNobody(arguments, in: scratch)
            #expect(refused.status == 2, "\(arguments[0])")
            #expect(refused.error.contains("(the database file is not readable for this user: run as its owner, or give this "
                                           + "user read access (and write access for import, recompute and report))"),
                    "\(arguments[0]): \(refused.error)")
        }
    }

    /// A report whose index cannot be rebuilt (its lock file is root's, from a report run by hand)
    /// says that its period's files were written: a nightly run said "earlier reports are
    /// unchanged" of files it had just replaced (a stranger's trial).
    @Test func aRunWhoseIndexFailsSaysItsPeriodsWereWritten() throws {
        let scratch = try Scratch()
        #expect(try scratch.importAndRecomputeSampleDesk())
        #expect(try scratch.run(["report", "-d", "desk.sqlite", "--week", "2025-W31", "--output", "reports", "--quiet"]).status == 0)
        guard let nobody = getpwnam("nobody")?.pointee else { Issue.record("no user nobody"); return }
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) + [""] where !name.hasSuffix(".lock") {
            #expect(chown(scratch.path(name), nobody.pw_uid, nobody.pw_gid) == 0)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path("reports")) where name != ".index.lock" {
            #expect(chown(scratch.path("reports/" + name), nobody.pw_uid, nobody.pw_gid) == 0)
        }
        #expect(chown(scratch.path("reports"), nobody.pw_uid, nobody.pw_gid) == 0)
        #expect(chmod(scratch.path("reports/.index.lock"), 0o600) == 0)
        #expect(chmod(scratch.path("desk.sqlite.lock"), 0o666) == 0)
        let config = try scratch.write("run.yaml", """
            database: desk.sqlite
            as_of: data
            report: {output: reports, periods: 2025-W32}
            """)
        #expect(chown(config, nobody.pw_uid, nobody.pw_gid) == 0)
        let failed = try Self.runAsNobody(["run", "--config", config], in: scratch)
        #expect(failed.status == 1)
        #expect(failed.error.contains("slareport: report failed (the import and recompute were kept; rerun after fixing this): "
                                      + "the files of 2025-W32 were written (replacing any earlier ones); then index.html was not rebuilt: "),
                "\(failed.error)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("reports/sla-report-2025-W32.html")))
    }

    /// A lock file another user's run left (root's, by hand) refused cron's user with "Permission
    /// denied" alone (a stranger's operations trial); the message names its owner and what to do.
    @Test func aLockFileOfAnotherUserIsNamedWithItsOwner() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        guard let nobody = getpwnam("nobody")?.pointee else { Issue.record("no user nobody"); return }
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) + [""]
            where !name.hasSuffix(".lock") {
            #expect(chown(scratch.path(name), nobody.pw_uid, nobody.pw_gid) == 0)
        }
        #expect(chmod(scratch.path("desk.sqlite.lock"), 0o600) == 0)
        let refused = try Self.runAsNobody(["recompute", "-d", "desk.sqlite", "--as-of", "data"], in: scratch)
        #expect(refused.status == 1)
        #expect(refused.error.contains("the lock file belongs to root (mode 600)"), "\(refused.error)")
    }
}

