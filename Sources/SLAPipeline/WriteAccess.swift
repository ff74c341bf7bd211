import Foundation
import SLAImport
import SLAStore

/// What every writing step does first: owner-only creation by default, then the one
/// database lock (shared by the steps of `run`).
public enum WriteAccess {
    /// Seconds to wait for the lock unless told otherwise.
    public static let defaultWaitSeconds: Double = 60

    /// Sets the creation mask for `fileMode` and takes the database's lock, waiting up to `waitSeconds`.
    /// - Throws: `PipelineError.badInput` for a bad wait or mode, `.locked` when the wait ran out.
    public static func begin(database: String, waitSeconds: Double, fileMode: String) throws -> DatabaseLock {
        guard waitSeconds >= 0, waitSeconds.isFinite else {
            throw PipelineError.badInput("--wait \(waitSeconds): expected a number of seconds, 0 or more")
        }
        umask(try creationMask(fileMode: fileMode))
        // A database in a folder that does not exist is bad input (exit 2), said as such: the lock
        // file's "No such file or directory" sent users looking for a missing lock.
        let folder = (database as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw PipelineError.badInput("\(database): the folder \(folder) does not exist; create it, or name a database in a folder that does")
        }
        // Refused before its lock file is made beside it (the store refuses them too, for readers):
        // a refused database is left as it was, nothing beside it.
        if FileManager.default.fileExists(atPath: database, isDirectory: &isFolder), isFolder.boolValue {
            throw PipelineError.badInput(DatabaseFileCheck.folderReason(database))
        }
        try DatabaseFileCheck.checkHeader(path: database)
        do {
            return try DatabaseLock.acquire(database: database, waitSeconds: waitSeconds)
        } catch {
            if case .locked = error { throw PipelineError.locked(error.description) }
            throw PipelineError.failed(error.description)
        }
    }

    /// The umask that gives new files `fileMode` (from 0666) and new folders the same
    /// plus x wherever r is set (0600 -> folders 0700, 0640 -> 0750).
    public static func creationMask(fileMode text: String) throws -> mode_t {
        guard let permissions = RunConfiguration.permissions(fileMode: text) else {
            throw PipelineError.badInput("file mode \(text): \(RunConfiguration.fileModeExpectation)")
        }
        let mode = mode_t(permissions)
        let folderMode = mode | ((mode & 0o444) >> 2)
        return 0o777 & ~folderMode
    }
}
