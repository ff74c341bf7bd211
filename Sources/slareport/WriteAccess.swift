import ArgumentParser
import Foundation
import SLAStore

/// Exit codes beyond 0 (success), 1 (anything else) and 2 (bad input), for cron.
enum SLAExitCode {
    /// Another slareport held the database lock for the whole `--wait`.
    static let locked: Int32 = 3
    /// The database file is damaged, empty or not SQLite; nothing was changed.
    static let damagedDatabase: Int32 = 4
}

/// Options of the commands that write (import, recompute, report): how long to wait for the
/// database lock, and the permissions of the files they create.
struct WriteOptions: ParsableArguments {
    @Option(help: "Seconds to wait while another slareport writes to the same database, then exit 3.")
    var wait: Double = WriteAccess.defaultWaitSeconds
    @Option(help: "Permissions of the files this creates (database, WAL, reports, rejects), in octal; folders get x where r. Default 0600: they hold requester names and e-mail addresses.")
    var fileMode: String = "0600"

    /// Takes the database lock and sets the creation mask.
    func begin(database: String) throws -> DatabaseLock {
        try WriteAccess.begin(database: database, waitSeconds: wait, fileMode: fileMode)
    }
}

/// What every writing command does first: owner-only creation by default, then the one
/// database lock (shared by the steps of `run`).
enum WriteAccess {
    static let defaultWaitSeconds: Double = 60

    static func begin(database: String, waitSeconds: Double, fileMode: String) throws -> DatabaseLock {
        guard waitSeconds >= 0, waitSeconds.isFinite else {
            throw UserFacingError(description: "--wait \(waitSeconds): expected a number of seconds, 0 or more", exitCode: 2)
        }
        umask(try creationMask(fileMode: fileMode))
        do {
            return try DatabaseLock.acquire(database: database, waitSeconds: waitSeconds)
        } catch {
            if case .locked = error { throw UserFacingError(description: error.description, exitCode: SLAExitCode.locked) }
            throw UserFacingError(description: error.description)
        }
    }

    /// The umask that gives new files `fileMode` (from 0666) and new folders the same
    /// plus x wherever r is set (0600 -> folders 0700, 0640 -> 0750).
    static func creationMask(fileMode text: String) throws -> mode_t {
        guard let mode = mode_t(text, radix: 8), mode <= 0o666, mode & 0o600 == 0o600 else {
            throw UserFacingError(description: "file mode \(text): expected octal permissions such as 0600 or 0640, readable and writable by the owner, without x bits", exitCode: 2)
        }
        let folderMode = mode | ((mode & 0o444) >> 2)
        return 0o777 & ~folderMode
    }
}
