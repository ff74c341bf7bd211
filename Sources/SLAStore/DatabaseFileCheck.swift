import Foundation
import GRDB

/// Refuses a database file that is not a sound SQLite database before anything uses it:
/// an empty file (SQLite would silently treat it as a new, empty database), a file of
/// another kind, or one that fails `PRAGMA quick_check`.
enum DatabaseFileCheck {
    /// Every SQLite 3 database file starts with these 16 bytes.
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// Checks the file's first bytes; a missing file passes (it will be created).
    static func checkHeader(path: String) throws(StoreError) {
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

    /// Files (device and inode) that passed `quickCheck` in this process, under `passedLock`.
    nonisolated(unsafe) private static var passed: Set<FileIdentity> = []
    private static let passedLock = NSLock()

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

    /// Runs `quickCheck` unless the same file already passed it in this process. `run` opens
    /// the database once per step (import, recompute, report) under one write lock, so what
    /// changed the file since its check were this process's own transactions; checking it
    /// again cost a whole read of the file per step (about 6 s of CPU each at 1M tickets).
    static func quickCheckOnce(_ pool: DatabasePool, path: String) throws(StoreError) {
        let identity = FileIdentity(path: path)
        if let identity, passedLock.withLock({ passed.contains(identity) }) { return }
        try quickCheck(pool, path: path)
        if let identity { _ = passedLock.withLock { passed.insert(identity) } }
    }

    /// Runs `PRAGMA quick_check` (checks every page and record, not that indexes match
    /// their tables; linear in the file size).
    static func quickCheck(_ pool: DatabasePool, path: String) throws(StoreError) {
        let answer: [String]
        do {
            answer = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(10)") }
        } catch {
            throw .damaged(path: path, reason: "PRAGMA quick_check failed: \(Self.oneLine(error))")
        }
        guard answer == ["ok"] else {
            let found = answer.prefix(3).joined(separator: "; ")
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
