import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the database lock could not be taken.
public enum DatabaseLockError: Error, CustomStringConvertible, Equatable {
    /// Another process held the lock for the whole wait.
    case locked(lockFile: String, database: String, holder: String?, waitedSeconds: Double)
    /// The lock file could not be created or locked at all.
    case cannotLock(lockFile: String, reason: String)

    public var description: String {
        switch self {
        case .locked(_, let database, let holder, let waited):
            let who = holder.map { "another slareport (pid \($0))" } ?? "another slareport"
            return "\(database): \(who) is writing to this database; gave up after waiting \(Self.seconds(waited)) (--wait SECONDS or config lock_wait to wait longer)"
        case .cannotLock(let lockFile, let reason):
            return "\(lockFile): cannot lock the database (\(reason))"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// The one lock every command that writes (import, recompute, report, run) holds while it
/// works: an exclusive `flock(2)` on `<database>.lock`. The kernel drops a `flock` when its
/// holder dies, so a crashed or killed run never blocks the next one. The lock is taken
/// once per process and database: nested takers (as `run` calls import, recompute and
/// report) share it.
public final class DatabaseLock: @unchecked Sendable {
    /// The lock file beside `database`'s real file: a database reached through a symlink and by
    /// its own path is one database with one lock (two lock files let a writer through the link
    /// pass another's lock, `--wait` and all; a stranger's operations trial). A database not
    /// made yet is named through its folder's real path.
    public static func lockFile(for database: String) -> String {
        if let real = realPath(database) { return real + ".lock" }
        // A symlink to a database not made yet: named after its target, as once the first import
        // has made it (a review: the link's own name gave the first import a lock of its own).
        var database = database
        for _ in 0 ..< 8 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(database, &buffer, buffer.count - 1)
            guard length > 0 else { break }
            let target = String(decoding: buffer[0 ..< length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            database = target.hasPrefix("/") ? target
                : ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        let folder = (database as NSString).deletingLastPathComponent
        guard let real = realPath(folder.isEmpty ? "." : folder) else { return database + ".lock" }
        return real + "/" + (database as NSString).lastPathComponent + ".lock"
    }

    private static let registry = NSLock()
    nonisolated(unsafe) private static var held: [String: (descriptor: Int32, count: Int)] = [:]

    private let key: String
    private var released = false

    private init(key: String) { self.key = key }

    /// Takes the lock of `database`, polling for up to `waitSeconds` while another process
    /// holds it; throws `.locked` when the wait runs out.
    public static func acquire(database: String, waitSeconds: Double) throws(DatabaseLockError) -> DatabaseLock {
        let path = lockFile(for: database)
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        registry.lock()
        defer { registry.unlock() }
        if let entry = held[key] {
            held[key] = (entry.descriptor, entry.count + 1)
            return DatabaseLock(key: key)
        }
        // O_NOFOLLOW: a symlink planted at the lock's name is refused, not followed.
        var descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o666)
        if descriptor < 0 && (errno == EACCES || errno == EROFS) {
            let refused = errno
            // A folder we may not write to: flock works on an existing lock file opened to read.
            descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            // No lock file to fall back on: the first refusal is the cause ("No such file or
            // directory" from the fallback sent users looking for a missing file).
            if descriptor < 0 && errno == ENOENT {
                let folder = (path as NSString).deletingLastPathComponent
                throw .cannotLock(lockFile: path, reason: "\(String(cString: strerror(refused))): slareport needs to create this lock file beside the database; make \(folder.isEmpty ? "the current folder" : folder) writable, or copy the database to a folder you can write to")
            }
        }
        guard descriptor >= 0 else {
            let code = errno
            var info = stat()
            if code == EACCES, stat(path, &info) == 0, info.st_uid != geteuid() {
                // Left by another user's run (root's, by hand): cron's user may not open it.
                let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(info.st_uid)"
                throw .cannotLock(lockFile: path, reason: "\(String(cString: strerror(code))): the lock file belongs to \(owner) "
                                  + "(mode \(String(info.st_mode & 0o777, radix: 8))), left by a run as that user; give it to the user "
                                  + "that runs slareport (chown), or remove it while no slareport runs")
            }
            throw .cannotLock(lockFile: path, reason: String(cString: strerror(code)))
        }
        let started = Date()
        // Locked, but the file was unlinked meanwhile (its holder removed it: see `release`):
        // lock the file now at the path instead, or two processes would each hold "the" lock.
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 || !isStill(descriptor, at: path) {
            let code = errno
            if !isStill(descriptor, at: path) {
                close(descriptor)
                descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o666)
                guard descriptor >= 0 else { throw .cannotLock(lockFile: path, reason: String(cString: strerror(errno))) }
                continue
            }
            guard code == EWOULDBLOCK || code == EINTR else {
                close(descriptor)
                throw .cannotLock(lockFile: path, reason: String(cString: strerror(code)))
            }
            if Date().timeIntervalSince(started) >= waitSeconds {
                let holder = readHolder(descriptor)
                close(descriptor)
                throw .locked(lockFile: path, database: database, holder: holder, waitedSeconds: waitSeconds)
            }
            usleep(50_000)
        }
        // Record who holds it, for the message another waiter prints.
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        held[key] = (descriptor, 1)
        return DatabaseLock(key: key)
    }

    /// Releases this holder's share; the lock itself goes when the last share does.
    public func release() {
        Self.registry.lock()
        defer { Self.registry.unlock() }
        guard !released, let entry = Self.held[key] else { return }
        released = true
        if entry.count > 1 {
            Self.held[key] = (entry.descriptor, entry.count - 1)
        } else {
            Self.held[key] = nil
            // No database beside it (a first import that failed before creating one): the lock
            // file goes too, still locked, so a waiter sees it unlinked and locks a new one.
            let database = String(key.dropLast(".lock".count))
            var info = stat()
            if stat(database, &info) != 0 && errno == ENOENT { unlink(key) }
            flock(entry.descriptor, LOCK_UN)
            close(entry.descriptor)
        }
    }

    /// Whether `descriptor` is the file at `path` now (not one unlinked or replaced since it was opened).
    private static func isStill(_ descriptor: Int32, at path: String) -> Bool {
        var opened = stat(), named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }

    deinit { release() }

    private static func readHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0 ..< count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}
