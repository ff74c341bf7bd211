import Foundation
import GRDB
import GRDBSQLite
import SLAModel

/// Why the store could not do what was asked.
public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// The machine, not the input, stopped the open: a full or failing disk (`isLock` false), or
    /// another program holding SQLite's lock on the database for the whole busy timeout (`isLock`).
    case unavailable(path: String, reason: String, isLock: Bool)
    case database(String)
    /// The file is empty, not SQLite, or fails `PRAGMA quick_check`; nothing was changed.
    case damaged(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason), .unavailable(let path, let reason, _):
            return "\(path): cannot open the database: \(reason)"
        case .database(let message): return "database error: \(message)"
        case .damaged(let path, let reason): return "\(path): refusing to use the database: \(reason)"
        }
    }
}

extension StoreError {
    /// SQLite's busy timeout for another program's lock (slareport's own writers wait for each
    /// other through the lock file and `--wait`).
    static let busyTimeoutSeconds = 30

    /// An open of `path` that SQLite failed with `error`: a full disk, a failing one or another
    /// program's lock is the machine's doing (exit 1, or 3 for the lock), not bad input (they were
    /// all exit 2, "bad input", an operator's trial found; a full temporary folder was blamed on the
    /// database's disk). `hint` says more about access; `outcome`, what became of the database.
    static func opening(_ path: String, _ error: DatabaseError, hint: String = "", outcome: String = "") -> StoreError {
        let message = DatabaseFileCheck.oneLine(error) + outcome
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            return .unavailable(path: path, reason: "\(message): a disk is full, the database's or the temporary folder's "
                                + "(TMPDIR or SQLITE_TMPDIR, where SQLite keeps its temporary files); free some space and run it again",
                                isLock: false)
        case .SQLITE_IOERR:
            return .unavailable(path: path, reason: message + hint, isLock: false)
        case .SQLITE_BUSY:
            return .unavailable(path: path, reason: "\(message): another program (not slareport, whose runs wait for each other "
                                + "with --wait) held SQLite's lock on it for \(busyTimeoutSeconds) s, such as a sqlite3 shell inside "
                                + "a transaction or a backup tool; run again when it is done", isLock: true)
        default:
            return .cannotOpen(path: path, reason: message + hint)
        }
    }

    /// A SQLite failure as one line a person can act on (without the statement SQLite was
    /// running), or nil when `error` is not one.
    public static func plainDescription(of error: Error) -> String? {
        guard let error = error as? DatabaseError else { return nil }
        let message = DatabaseFileCheck.oneLine(error)
        switch error.resultCode {
        case .SQLITE_FULL:
            return "a disk is full (SQLite: \(message)): the database's, or the temporary folder's, where SQLite sorts; free some space and run it again"
        case .SQLITE_IOERR: return "the disk failed a read or write (SQLite: \(message))"
        case .SQLITE_READONLY: return "the database cannot be written (SQLite: \(message))"
        default: return "SQLite error \(error.resultCode.rawValue): \(message)"
        }
    }
}

/// The SQLite database of tickets, events, import runs and SLA results.
public final class TicketStore {
    public let path: String
    let pool: DatabasePool
    /// For a writing store whose file passed its check (or was unchanged since it last did):
    /// the main file as it was then. The writer never checkpoints before closing
    /// (`wal_autocheckpoint = 0`), so if the main file is still exactly so at close, only this
    /// store changed the database (through its log) and closing may record it as sound. Nil
    /// when closing must record nothing: no check vouched for the file, or a write failed.
    private var soundMainFile: SoundFileStamp?
    /// The migrations this writable open applied to a database an older slareport made (not to a
    /// new one), by identifier (`v17: outcomes count under ...`), for the note that says so.
    public private(set) var upgradedBy: [String] = []

    /// The migrations this version has that the database lacks, when an older slareport made it
    /// (empty for a new or up-to-date database): a read-only open leaves them to the next writer.
    public func migrationsPending() throws -> [String] {
        let applied = try pool.read { db -> Set<String> in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return try Schema.migrator.appliedIdentifiers(db)
        }
        guard !applied.isEmpty else { return [] }
        return Schema.migrator.migrations.filter { !applied.contains($0) }
    }

    /// Whether this store is counted among the open ones `SoundFileStamp` tells about damage.
    private var registeredForDamage = false
    /// A writing store's log and file written back during its writes and its close's checkpoint
    /// (`BackgroundWriteback`): the checkpoint's `fsync`s then wait for the last pages only.
    private var writeback: BackgroundWriteback?

    /// Opens (creating and migrating if needed) the database at `path`, in WAL mode. An
    /// existing file that is empty, not SQLite or fails `PRAGMA quick_check` is refused
    /// with `StoreError.damaged` before anything reads or writes it (once inside
    /// `checkingEachFileOnce`; not at all when the file is exactly as it was when slareport
    /// last knew it sound, see `SoundFileStamp`).
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        SQLiteProcessSetup.ensureApplied()
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(TimeInterval(StoreError.busyTimeoutSeconds))
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // The main file changes only at this store's close (see `soundMainFile`).
            if !readOnly { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            // Takes effect only for a file that has no page yet (a new database).
            if !readOnly { try db.execute(sql: "PRAGMA page_size = \(Schema.newDatabasePageSize)") }
        }
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.cannotOpen(path: path, reason: "no such database; run `slareport import` first")
        }
        try DatabaseFileCheck.checkHeader(path: path)
        try Self.refuseOtherApplications(path: path, readOnly: readOnly)
        // Looked at before SQLite opens the file: a writing connection starts a write-ahead log.
        let stateBeforeOpen = SoundFileStamp.current(of: path)
        let unchangedSinceSound = stateBeforeOpen != nil && SoundFileStamp.recorded(for: path) == stateBeforeOpen
        var verified = unchangedSinceSound
        // A file to write is checked before the writable pool opens, which writes to it (see
        // `quickCheckOnceBeforeWriting`); a missing or empty one is a new database.
        var checkedBeforeOpen = false
        if !readOnly && !unchangedSinceSound && Self.hasContent(path),
           let checked = try DatabaseFileCheck.quickCheckOnceBeforeWriting(path: path) {
            verified = checked
            checkedBeforeOpen = true
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                // Damage no write announced (a failing disk): no stamp may vouch for it any more.
                SoundFileStamp.remove(for: path)
                throw StoreError.damaged(path: path, reason: DatabaseFileCheck.oneLine(error))
            }
            throw StoreError.opening(path, error, hint: Self.accessHint(path))
        }
        if !unchangedSinceSound && !checkedBeforeOpen {
            // A file trusted inside `checkingEachFileOnce` without a check is not vouched for.
            verified = try DatabaseFileCheck.quickCheckOnce(pool, path: path)
            if verified, readOnly, let stateBeforeOpen, SoundFileStamp.current(of: path) == stateBeforeOpen {
                SoundFileStamp.record(stateBeforeOpen, for: path)
            }
        }
        SoundFileStamp.opened(path)
        registeredForDamage = true
        guard !readOnly else { return }
        // Gone before the first write. What protects against a crash is the log itself: it
        // holds frames until the close empties it, and a stamp needs an empty log.
        let stampRemoved = SoundFileStamp.remove(for: path)
        do {
            let pending = try migrationsPending()
            try Schema.migrator.migrate(pool)
            upgradedBy = pending
        } catch let error as DatabaseError {
            throw StoreError.opening(path, error, hint: error.resultCode == .SQLITE_READONLY ? Self.accessHint(path) : "")
        }
        if verified && stampRemoved { soundMainFile = SoundFileStamp.mainFile(of: path) }
        writeback = BackgroundWriteback(paths: [path + "-wal", path])
    }

    /// Whether a database file exists at `path` with something in it.
    private static func hasContent(_ path: String) -> Bool {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0) > 0
    }

    /// Why an open failed when a file it needs is not writable: SQLite's own message ("attempt
    /// to write a readonly database", even for a SELECT) does not say which. A write-ahead log's
    /// files left read-only by a run on a read-only database kept it unwritable after the database
    /// itself was made writable again (a stranger's operations trial).
    static func accessHint(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        var space = statvfs()
        if statvfs(folder.isEmpty ? "." : folder, &space) == 0, space.f_bavail == 0 {
            // SQLite's "disk I/O error" read as failing hardware (a stranger's operations trial).
            return " (the disk holding it is full, and SQLite needs room beside the database for its shared-memory file even to read it; free some space and run it again)"
        }
        if FileManager.default.fileExists(atPath: path), access(path, R_OK) != 0 {
            // Checked first: an unreadable file was blamed on its folder or called unwritable (a stranger's trial).
            return " (the database file is not readable for this user: run as its owner, or give this user read access "
                + "(and write access for import, recompute and report))"
        }
        if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
            return " (its folder is not writable, and SQLite needs to create the write-ahead log's files beside the database, even to read it; copy the database to a folder you can write to)"
        }
        if FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 {
            return " (the database file is not writable for this user: make it writable for import, recompute and report; query, which only reads, needs it readable only)"
        }
        let readOnlyLog = ["-wal", "-shm"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) && access($0, W_OK) != 0 }
        guard !readOnlyLog.isEmpty else { return "" }
        return " (\(readOnlyLog.joined(separator: " and ")) \(readOnlyLog.count == 1 ? "is" : "are") not writable for this user, "
            + "left by a run that could not write the database: while no slareport runs, remove "
            + "\(path)-wal and \(path)-shm, or give them the database file's owner and mode)"
    }

    /// Refuses another application's SQLite file (tables, but not slareport's), before a read
    /// fails on a missing table or a write adds slareport's tables to it; and, for reading, a
    /// file without any table yet. Looked at through a read-only connection of its own, before
    /// the pool opens: a writing pool would already turn the file to WAL mode.
    private static func refuseOtherApplications(path: String, readOnly: Bool) throws {
        guard hasContent(path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        // Opening problems (a folder it may not write to) are the pool's to report.
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration),
              let names = try? queue.read({ db in
                  try String.fetchSet(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
              }) else { return }
        let tables = names.count
        // GRDB creates grdb_migrations before the first migration's transaction: a creation
        // killed in between leaves it alone, and the next writable open migrates the file.
        let ours = names.isSuperset(of: ["import_runs", "grdb_migrations"]) || names == ["grdb_migrations"]
        if tables > 0 && !ours {
            throw StoreError.cannotOpen(path: path, reason: "not a slareport database (it has \(tables) table\(tables == 1 ? "" : "s"), none of them slareport's); name a new file for slareport's own")
        }
        if tables == 0 && readOnly {
            throw StoreError.cannotOpen(path: path, reason: "the database is empty; run `slareport import` first")
        }
    }

    /// Records the file as sound when this (writing) store changed it only through SQLite
    /// after its check: when nothing else wrote the main file meanwhile, the log is folded into
    /// the file and emptied, so the stamp describes the file as the next open will find it.
    deinit {
        defer { writeback?.stop() }
        let damageSeen = registeredForDamage && SoundFileStamp.closed(path)
        guard let soundMainFile, !damageSeen, SoundFileStamp.mainFile(of: path) == soundMainFile else { return }
        do {
            // No waiting: a reader elsewhere (an analyst's sqlite3) that keeps the log from being
            // emptied only means no stamp this time, not a close that hangs for the busy timeout.
            _ = try pool.writeWithoutTransaction { db in
                sqlite3_busy_timeout(db.sqliteConnection, 0)
                return try db.checkpoint(.truncate)
            }
        } catch {
            return
        }
        if let now = SoundFileStamp.current(of: path) { SoundFileStamp.record(now, for: path) }
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
            do {
                return try Self.writeTransaction(db, checkingForeignKeys: checkingForeignKeys, body)
            } catch {
                // A failed write may have met damage the check did not see (a SQLite error, or one
                // of the C-API statements' `StoreError`s): the next open checks the whole file.
                soundMainFile = nil
                throw error
            }
        }
    }

    /// `body` in one immediate transaction on `db`, committed when it returns (see `write`);
    /// shared with `NewDatabaseFile`, which builds a first import's file.
    static func writeTransaction<T>(_ db: Database, checkingForeignKeys: Bool,
                                    _ body: (TicketWriter) throws -> T) throws -> T {
        // The pragma has no effect inside a transaction, so it is set around it.
        if !checkingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
        defer { if !checkingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
        var result: T?
        try db.inTransaction(.immediate) {
            let writer = TicketWriter(db: db)
            result = try body(writer)
            // Events still gathered are written before the commit, whatever the body called.
            try writer.flushNewEvents()
            CrashPoint.reach("before-commit")
            return .commit
        }
        CrashPoint.reach("after-commit")
        return result!
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
