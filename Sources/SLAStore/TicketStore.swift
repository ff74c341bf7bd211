import Foundation
import GRDB
import SLAModel

/// Why the store could not do what was asked.
public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case database(String)
    /// The file is empty, not SQLite, or fails `PRAGMA quick_check`; nothing was changed.
    case damaged(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open the database: \(reason)"
        case .database(let message): return "database error: \(message)"
        case .damaged(let path, let reason): return "\(path): refusing to use the database: \(reason)"
        }
    }
}

/// The SQLite database of tickets, events, import runs and SLA results.
public final class TicketStore {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating if needed) the database at `path`, in WAL mode. An
    /// existing file that is empty, not SQLite or fails `PRAGMA quick_check` is refused
    /// with `StoreError.damaged` before anything reads or writes it (once inside
    /// `checkingEachFileOnce`).
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.cannotOpen(path: path, reason: "no such database; run `slareport import` first")
        }
        try DatabaseFileCheck.checkHeader(path: path)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                throw StoreError.damaged(path: path, reason: DatabaseFileCheck.oneLine(error))
            }
            throw StoreError.cannotOpen(path: path, reason: DatabaseFileCheck.oneLine(error))
        }
        try DatabaseFileCheck.quickCheckOnce(pool, path: path)
        do {
            if !readOnly { try Schema.migrator.migrate(pool) }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: DatabaseFileCheck.oneLine(error))
        }
    }

    /// Runs `body` with every database file checked (`PRAGMA quick_check`) by its first open
    /// only. For `run`, which opens the database once per step (import, recompute, report)
    /// under one write lock: what changed the file after its check were the run's own
    /// transactions, and checking it again cost a whole read of the file per step (about 6 s
    /// of CPU each at 1M tickets).
    public static func checkingEachFileOnce<T>(_ body: () throws -> T) rethrows -> T {
        try DatabaseFileCheck.trustingChecked(body)
    }

    /// Runs `body` in one write transaction: everything it does lands, or (when it throws) nothing.
    public func write<T>(_ body: (TicketWriter) throws -> T) throws -> T {
        try write(checkingForeignKeys: true, body)
    }

    /// `write`, optionally without SQLite's foreign-key checks (a lookup of the parent row for
    /// every row inserted): for a recompute, whose result rows name only tickets it read in
    /// the same transaction, and for an import through `TicketWriter`, whose events name the
    /// ticket it found or inserted just before and whose rows name the run it began in the same
    /// transaction. The checks are back on for the connection's next use.
    public func write<T>(checkingForeignKeys: Bool, _ body: (TicketWriter) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            // The pragma has no effect inside a transaction, so it is set around it.
            if !checkingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if !checkingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(TicketWriter(db: db))
                CrashPoint.reach("before-commit")
                return .commit
            }
            CrashPoint.reach("after-commit")
            return result!
        }
    }

    /// Row counts of the main tables.
    public func counts() throws -> [String: Int] {
        try pool.read { db in
            var result: [String: Int] = [:]
            for table in ["tickets", "events", "import_runs", "sla_cycles", "team_segments", "ticket_outcomes"] {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return result
        }
    }

    /// `PRAGMA integrity_check`'s answer (`ok` when the file is sound).
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    /// Runs a read-only query and returns column names and rows as text (nil = NULL);
    /// `typedQuery` keeps SQLite's storage classes.
    public func query(_ sql: String) throws -> (columns: [String], rows: [[String?]]) {
        let result = try typedQuery(sql)
        return (result.columns, result.rows.map { $0.map(\.text) })
    }
}
