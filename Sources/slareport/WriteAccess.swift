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
    @Option(help: "Seconds to wait while another slareport writes to the same database, then exit 3.")
    var wait: Double = WriteAccess.defaultWaitSeconds
    @Option(help: "Permissions of the files this creates (database, WAL, reports, rejects), in octal; folders get x where r. Default 0600: they hold requester names and e-mail addresses.")
    var fileMode: String = "0600"

    /// Takes the database lock and sets the creation mask.
    func begin(database: String) throws -> DatabaseLock {
        try WriteAccess.begin(database: database, waitSeconds: wait, fileMode: fileMode)
    }
}
