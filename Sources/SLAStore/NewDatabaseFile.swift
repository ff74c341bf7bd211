import Foundation
import GRDB
import SLAModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A first import's database, built where nothing can be lost: under a temporary name beside
/// its path (`<database>.importing`, same folder, so the rename is atomic), with SQLite's
/// rollback journal in memory and no `fsync` during the load, then synced once, switched to
/// WAL like every database `TicketStore` opens, and renamed into place.
///
/// Why: in WAL mode a load writes every page to the log, the checkpoint reads them back and
/// writes them again into the file, and at 1M tickets that is gigabytes of extra I/O. A new
/// file has no earlier state to protect, so the only journal it needs is one that can undo a
/// statement; a failure or a kill before the rename leaves nothing at the database's path (a
/// failure removes the temporary file too; a killed build's is removed by the next one, under
/// the lock).
///
/// Other processes never see a half-built database: readers find no file at the path, and
/// writers wait for the database's lock (`DatabaseLock`), which the build holds until the file
/// is in place. The sound-file stamp (`SoundFileStamp`) is recorded for the renamed file, so
/// the next open (a `run`'s recompute and report) skips the whole-file check as it does after
/// any slareport write.
public final class NewDatabaseFile {
    /// Where the database will be once `finish()` renames it there.
    public let path: String
    /// Where it is built until then.
    public let temporaryPath: String
    private var queue: DatabaseQueue?
    private let lock: DatabaseLock
    /// Renamed into place or discarded: nothing is left to do (and the lock is released).
    private var done = false
    /// Gets the file's pages written to disk during the load, for a short `fsync` at the end.
    private var writeback: BackgroundWriteback?
    /// Removes the file under its temporary name if the process is interrupted before the rename.
    private let cleanup: InterruptCleanup.Key

    /// The name a build of `database` uses until its rename.
    public static func temporaryPath(for database: String) -> String { database + ".importing" }

    /// Starts a new database for `path` when there is nothing there to lose: no file (nor a
    /// symlink) at the path and no log or journal SQLite would replay into a file there. Nil
    /// when there is, or when another process holds the database's lock (it may be building
    /// the same file): the caller then opens the path as a `TicketStore`, as before.
    /// Takes the database's lock (without waiting; shared when this process holds it already).
    public static func begin(at path: String) throws -> NewDatabaseFile? {
        guard nothingAt(path) else { return nil }
        guard let lock = try? DatabaseLock.acquire(database: path, waitSeconds: 0) else { return nil }
        // Looked at again under the lock: another writer may have just finished its own build.
        // The lock is shared within a process, so a build this process runs already is looked
        // up too (a second one would remove the first one's file and rename its own half).
        guard nothingAt(path), claim(temporaryPath(for: path)) else {
            lock.release()
            return nil
        }
        do {
            return try NewDatabaseFile(path: path, lock: lock)
        } catch {
            unclaim(temporaryPath(for: path))
            throw error
        }
    }

    /// The temporary paths this process is building now.
    nonisolated(unsafe) private static var building: Set<String> = []
    private static let buildingLock = NSLock()

    private static func claim(_ temporaryPath: String) -> Bool {
        buildingLock.withLock { building.insert(temporaryPath).inserted }
    }

    private static func unclaim(_ temporaryPath: String) {
        buildingLock.withLock { _ = building.remove(temporaryPath) }
    }

    /// Whether nothing at `path` would be lost (or replayed into a new file) by creating one.
    static func nothingAt(_ path: String) -> Bool {
        [path, path + "-wal", path + "-journal"].allSatisfy { name in
            var info = stat()
            return lstat(name, &info) != 0 && errno == ENOENT
        }
    }

    private init(path: String, lock: DatabaseLock) throws {
        self.path = path
        self.temporaryPath = Self.temporaryPath(for: path)
        self.lock = lock
        let temporaryPath = temporaryPath
        cleanup = InterruptCleanup.add { Self.removeFiles(of: temporaryPath) }
        // Whatever a killed build left under the temporary name (the lock says no build runs now).
        removeTemporaryFiles()
        SQLiteProcessSetup.ensureApplied()
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Before anything is written: a new file's page size is chosen once.
            try db.execute(sql: "PRAGMA page_size = \(Schema.newDatabasePageSize)")
            // Undoing a statement needs a journal; undoing the load does not (the file goes).
            try db.execute(sql: "PRAGMA journal_mode = MEMORY")
            // One fsync in `finish()` instead of one per commit.
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        do {
            let queue = try DatabaseQueue(path: temporaryPath, configuration: configuration)
            self.queue = queue
            try Schema.migrator.migrate(queue)
            writeback = BackgroundWriteback(paths: [temporaryPath])
        } catch let error as DatabaseError {
            discard()
            // Named by the database's path: the temporary one is slareport's business.
            throw StoreError.opening(path, error, outcome: " (while building it beside, as \((temporaryPath as NSString).lastPathComponent); no database was created)")
        }
    }

    /// Runs `body` in one write transaction on the new file (see `TicketStore.write`).
    public func write<T>(checkingForeignKeys: Bool = true, _ body: (TicketWriter) throws -> T) throws -> T {
        guard let queue, !done else { throw StoreError.database("\(temporaryPath): the new database is already finished") }
        return try queue.writeWithoutTransaction { db in
            try TicketStore.writeTransaction(db, checkingForeignKeys: checkingForeignKeys, body)
        }
    }

    /// Makes the file what `TicketStore` expects (WAL mode), syncs it to disk, renames it to
    /// `path`, syncs the folder, records it as sound and releases the lock.
    /// - Throws: `StoreError` when a step fails or something appeared at `path` meanwhile
    ///   (the build is then discarded; the path is left as it was).
    public func finish() throws {
        guard let queue, !done else { return }
        do {
            try queue.writeWithoutTransaction { db in
                // Stored in the file's header: later opens behave exactly as after an import in WAL mode.
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw StoreError.database("\(temporaryPath): SQLite would not switch the new database to WAL mode")
                }
            }
            // The last connection's close folds the (empty) log into the file and removes it.
            try queue.close()
        } catch {
            discard()
            throw error
        }
        self.queue = nil
        writeback?.stop()
        guard Self.sync(temporaryPath, flags: O_RDONLY) else {
            let reason = String(cString: strerror(errno))
            discard()
            throw StoreError.cannotOpen(path: temporaryPath, reason: "cannot write the new database to disk (\(reason))")
        }
        CrashPoint.reach("before-rename")
        // Only a program that ignores the lock could have put something there since `begin`.
        guard Self.nothingAt(path) else {
            discard()
            throw StoreError.cannotOpen(path: path, reason: "a database appeared at this path while the import built a new one; nothing was changed, import again")
        }
        // Interrupted before it, the build is removed; during it, the rename ends first.
        let renameFailure = InterruptCleanup.committing(removing: [cleanup]) {
            rename(temporaryPath, path) == 0 ? nil : String(cString: strerror(errno))
        }
        if let reason = renameFailure {
            discard()
            throw StoreError.cannotOpen(path: path, reason: "cannot rename the new database into place (\(reason))")
        }
        done = true
        Self.unclaim(temporaryPath)
        // The rename itself lasts once the folder's entry is on disk (best effort: some file systems refuse).
        _ = Self.sync(URL(fileURLWithPath: path).deletingLastPathComponent().path, flags: O_RDONLY | O_DIRECTORY)
        // Stamped after the rename, which changes the file's status-change time.
        if let stamp = SoundFileStamp.current(of: path) { SoundFileStamp.record(stamp, for: path) }
        lock.release()
    }

    /// `fsync(2)` of the file or folder at `path`; false (with `errno` set) when it failed.
    private static func sync(_ path: String, flags: Int32) -> Bool {
        let descriptor = open(path, flags | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return fsync(descriptor) == 0
    }

    /// Closes the new file and removes it: the database's path stays as it was (absent).
    private func discard() {
        guard !done else { return }
        done = true
        writeback?.stop()
        try? queue?.close()
        queue = nil
        removeTemporaryFiles()
        InterruptCleanup.remove(cleanup)
        Self.unclaim(temporaryPath)
        lock.release()
    }

    private func removeTemporaryFiles() {
        Self.removeFiles(of: temporaryPath)
    }

    /// Removes the build's file at `temporaryPath` and SQLite's beside it; returns how many there were.
    @discardableResult
    private static func removeFiles(of temporaryPath: String) -> Int {
        ["", "-journal", "-wal", "-shm"].reduce(0) { $0 + (unlink(temporaryPath + $1) == 0 ? 1 : 0) }
    }

    deinit { discard() }
}
