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
