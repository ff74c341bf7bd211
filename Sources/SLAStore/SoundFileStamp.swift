import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a database file looked like when slareport last knew it sound: after it passed
/// `PRAGMA quick_check`, or when a writing store closes having changed it only through its own
/// log since its open was vouched for (see `TicketStore.deinit`). Kept in `<database>.checked`
/// beside the real file; an open that finds the file exactly so (device, inode, size,
/// modification and status-change times to the nanosecond, no write-ahead log holding frames)
/// skips the whole-file check, which at a million tickets reads 2.7 GB (about 6 s of CPU).
///
/// Anything that writes the file outside slareport (a copy over it, an editor, a disk tool,
/// a truncation) changes its status-change time, which no program can set back, so the
/// check runs again. A crash or kill mid-write leaves frames in the log, which no stamp
/// accepts. Damage that comes without a write (a failing disk) is found by SQLite as it
/// reads; `watchForDamage` then removes the stamps of the databases the process has open.
struct SoundFileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedNanoseconds: Int64
    var changedNanoseconds: Int64

    /// The database's real path: SQLite names the log after it, not after a symlink to it,
    /// and two names of one file must share one stamp.
    static func resolved(_ database: String) -> String {
        realPath(database) ?? database
    }

    /// The stamp file beside `database`.
    static func stampFile(for database: String) -> String { resolved(database) + ".checked" }

    /// The file's state now, or nil when it has none to trust: missing, or with a
    /// write-ahead log holding frames (a writer is open, or one crashed).
    static func current(of database: String) -> SoundFileStamp? {
        let database = resolved(database)
        var wal = stat()
        if stat(database + "-wal", &wal) == 0 && wal.st_size > 0 { return nil }
        return state(ofResolved: database)
    }

    /// The main file's state now, whatever its log holds; nil when it is missing.
    static func mainFile(of database: String) -> SoundFileStamp? {
        state(ofResolved: resolved(database))
    }

    private static func state(ofResolved database: String) -> SoundFileStamp? {
        var info = stat()
        guard stat(database, &info) == 0 else { return nil }
        return SoundFileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changedNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }

    /// The stamp last written for `database`, nil when there is none or it cannot be read.
    static func recorded(for database: String) -> SoundFileStamp? {
        guard let data = FileManager.default.contents(atPath: stampFile(for: database)),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 6, fields[0] == "slareport-sound-v1",
              let device = UInt64(fields[1]), let inode = UInt64(fields[2]), let size = Int64(fields[3]),
              let modified = Int64(fields[4]), let changed = Int64(fields[5]) else { return nil }
        return SoundFileStamp(device: device, inode: inode, size: size,
                              modifiedNanoseconds: modified, changedNanoseconds: changed)
    }

    /// Whether `database` is exactly as it was when last known sound.
    static func matches(_ database: String) -> Bool {
        guard let now = current(of: database) else { return false }
        return recorded(for: database) == now
    }

    /// Records `stamp` for `database`. Best effort: a folder slareport cannot write to only
    /// means the next open checks the whole file again.
    static func record(_ stamp: SoundFileStamp, for database: String) {
        let text = "slareport-sound-v1 \(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modifiedNanoseconds) \(stamp.changedNanoseconds)\n"
        let path = stampFile(for: database)
        // O_NOFOLLOW: a symlink planted at the stamp's name is refused, not followed.
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // The database's own permissions, whoever wrote the stamp: a read-only command runs
        // without the writers' owner-only creation mask, and left it 0644 beside a 0600 database.
        var info = stat()
        if stat(resolved(database), &info) == 0 { fchmod(descriptor, info.st_mode & 0o666) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count { unlink(path) }
    }

    /// Forgets the stamp of `database` (before a write); false when a stamp is still there
    /// (a folder that refuses the unlink), and then nothing may be recorded for this write.
    @discardableResult
    static func remove(for database: String) -> Bool {
        unlink(stampFile(for: database)) == 0 || errno == ENOENT
    }

    // MARK: Damage SQLite finds after the check

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var openStores: [String: Int] = [:]
    nonisolated(unsafe) private static var damaged: Set<String> = []

    /// Has SQLite report what it logs: a page it finds corrupt (or a file that is no
    /// database) while a store is open removes the stamp of every database this process has
    /// open, so the next open checks the whole file. Once per process, before the first
    /// connection (SQLite takes its log callback only before it initializes).
    static func watchForDamage() { _ = damageWatch }

    nonisolated(unsafe) private static var loggedErrors = 0
    /// Errors SQLite reported through its log since the watch began (tests check the callback took effect).
    static var loggedErrorCount: Int { registryLock.withLock { loggedErrors } }

    private static let damageWatch: Void = {
        Database.logError = { code, _ in
            registryLock.withLock { loggedErrors += 1 }
            guard code.primaryResultCode == .SQLITE_CORRUPT || code.primaryResultCode == .SQLITE_NOTADB else { return }
            SoundFileStamp.damageFound()
        }
    }()

    static func damageFound() {
        registryLock.withLock {
            for path in openStores.keys {
                remove(for: path)
                damaged.insert(path)
            }
        }
    }

    /// A store of `database` opened (after its check).
    static func opened(_ database: String) {
        let key = resolved(database)
        registryLock.withLock { openStores[key, default: 0] += 1 }
    }

    /// A store of `database` closes; true when SQLite reported damage while it was open.
    static func closed(_ database: String) -> Bool {
        let key = resolved(database)
        return registryLock.withLock {
            let seen = damaged.contains(key)
            let count = openStores[key, default: 1] - 1
            openStores[key] = count > 0 ? count : nil
            if count <= 0 { damaged.remove(key) }
            return seen
        }
    }
}
