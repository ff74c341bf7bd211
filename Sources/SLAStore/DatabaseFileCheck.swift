import Foundation
import GRDB

/// Refuses a database file that is not a sound SQLite database before anything uses it:
/// an empty file (SQLite would silently treat it as a new, empty database), a file of
/// another kind, or one that fails `PRAGMA quick_check`.
public enum DatabaseFileCheck {
    /// Every SQLite 3 database file starts with these 16 bytes.
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// What is wrong with a database path that names a folder (SQLite would call it an empty file).
    public static func folderReason(_ path: String) -> String { "\(path): is " + folderAdvice(path) }

    private static func folderAdvice(_ path: String) -> String {
        "a folder, not a database file; name a file, such as " + (path as NSString).appendingPathComponent("desk.sqlite")
    }

    /// Checks the file's first bytes; a missing file passes (it will be created).
    public static func checkHeader(path: String) throws(StoreError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .cannotOpen(path: path, reason: "it is " + folderAdvice(path))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: header.count)) ?? Data()
        if start.isEmpty {
            throw .damaged(path: path, reason: "the file is empty (0 bytes), not a database; restore it from a backup, or remove it to start a new database")
        }
        guard Array(start) == header else {
            throw .damaged(path: path, reason: "not an SQLite database (the file does not start with SQLite's header)")
        }
    }

    /// Files (device and inode) that passed `quickCheck` inside the current `trustingChecked`:
    /// task-local (a thread's, outside tasks), so only the code that asked for it trusts them,
    /// not whatever else the process runs meanwhile; nil outside it, when every open checks.
    @TaskLocal static var checkedFiles: CheckedFiles?

    /// The set behind `checkedFiles`.
    final class CheckedFiles: @unchecked Sendable {
        private var files: Set<FileIdentity> = []
        private let lock = NSLock()

        func contains(_ file: FileIdentity) -> Bool { lock.withLock { files.contains(file) } }
        func insert(_ file: FileIdentity) { _ = lock.withLock { files.insert(file) } }
    }

    /// A file as the kernel knows it: the same file under any path, a new one after a replace.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Runs `body` with each file checked at most once, by its first open inside it (see
    /// `TicketStore.checkingEachFileOnce`). Outside it a file's inode could be reused by another
    /// file after a delete, so nothing is remembered.
    static func trustingChecked<T>(_ body: () throws -> T) rethrows -> T {
        if checkedFiles != nil { return try body() }
        return try $checkedFiles.withValue(CheckedFiles()) { try body() }
    }

    /// Whether the file at `path` passed `quickCheck` inside the current `trustingChecked`.
    static func trusts(_ path: String) -> Bool {
        guard let checkedFiles, let identity = FileIdentity(path: path) else { return false }
        return checkedFiles.contains(identity)
    }

    /// Runs `quickCheck` unless the same file already passed it inside `trustingChecked`;
    /// returns whether it ran (and passed), false when the file was trusted without one.
    @discardableResult
    static func quickCheckOnce(_ pool: some DatabaseReader, path: String) throws(StoreError) -> Bool {
        if trusts(path) { return false }
        let identity = FileIdentity(path: path)
        try quickCheck(pool, path: path)
        if let identity { checkedFiles?.insert(identity) }
        return true
    }

    /// `quickCheckOnce` through a read-only connection of its own, for a file about to be opened
    /// for writing: opening a writable pool writes (GRDB makes the write-ahead log non-empty with a
    /// CREATE and DROP TABLE, checkpointed into the file at its close), so a damaged database was
    /// written to before it was refused (a stranger's operations trial: its header and a new page).
    /// Nil when no read-only connection opens (a folder it may not write to): the writable open
    /// then fails with the reason, or checks the file itself.
    static func quickCheckOnceBeforeWriting(path: String) throws(StoreError) -> Bool? {
        if trusts(path) { return false }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw .damaged(path: path, reason: oneLine(error))
        } catch {
            return nil
        }
        return try quickCheckOnce(queue, path: path)
    }

    private static let checksLock = NSLock()
    nonisolated(unsafe) private static var checksByPath: [String: Int] = [:]

    /// How many whole-file checks this process ran on `path` (tests see when one was skipped).
    static func checksRun(on path: String) -> Int {
        checksLock.withLock { checksByPath[path, default: 0] }
    }

    /// Runs `PRAGMA quick_check` (checks every page and record, not that indexes match
    /// their tables; linear in the file size).
    static func quickCheck(_ pool: some DatabaseReader, path: String) throws(StoreError) {
        checksLock.withLock { checksByPath[path, default: 0] += 1 }
        let answer: [String]
        do {
            answer = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(10)") }
        } catch {
            throw .damaged(path: path, reason: "PRAGMA quick_check failed: \(Self.oneLine(error))")
        }
        guard answer == ["ok"] else {
            // One line: a row of SQLite's answer may span several ("*** in database main ***\nPage 9: ...").
            let found = answer.prefix(3).map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.joined(separator: "; ")
            let more = answer.count > 3 ? "; ..." : ""
            throw .damaged(path: path, reason: "PRAGMA quick_check found damage: \(found)\(more). Restore it from a backup")
        }
    }

    /// The SQLite message of a database error, on one line.
    static func oneLine(_ error: Error) -> String {
        let text = (error as? DatabaseError)?.message ?? "\(error)"
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    }
}
