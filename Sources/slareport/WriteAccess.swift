import ArgumentParser
import Foundation
import SLAStore
import SLAPipeline

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
    // Unconditional: `--wait -1` is a value to refuse with its reason, not a missing value.
    @Option(parsing: .unconditional, help: "Seconds to wait while another slareport writes to the same database, then exit 3.")
    var wait: Double = WriteAccess.defaultWaitSeconds
    @Option(help: "Permissions of the files this creates (database, WAL, reports, rejects), in octal; folders get x where r. Default 0600: they hold requester names and e-mail addresses.")
    var fileMode: String = "0600"

    /// Takes the database lock and sets the creation mask.
    func begin(database: String) throws -> DatabaseLock {
        try WriteAccess.begin(database: database, waitSeconds: wait, fileMode: fileMode)
    }

    /// `begin` for a step that needs the database to exist (recompute, report). A first import
    /// holds the lock while it builds the database under another name: such a step waits for it,
    /// as for any other writer (a lock file says one may be running), and only then finds no database.
    func beginExisting(database: String) throws -> DatabaseLock {
        let missing = UserFacingError(description: "\(database): no such database; run `slareport import` first", exitCode: 2)
        guard FileManager.default.fileExists(atPath: database)
                || FileManager.default.fileExists(atPath: DatabaseLock.lockFile(for: database)) else { throw missing }
        let lock = try begin(database: database)
        guard FileManager.default.fileExists(atPath: database) else {
            lock.release()
            throw missing
        }
        return lock
    }
}
