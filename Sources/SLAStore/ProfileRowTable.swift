import GRDB
import GRDBSQLite
import SLAModel

/// Where a profile's rows wait to be read back in order: a temporary table per import run
/// (`temp.profile_stage`), and, for a profile with several file roles, `profile_rows`, which keeps
/// every role's rows per profile and case so that a case's history is rebuilt from every file its
/// source exported.
public final class ProfileRowTable {
    private let db: Database
    private let connection: OpaquePointer?
    private let runID: Int64
    /// The first run of this import: the rows of every file it reads into one role are one log
    /// (slices of an export named together), and only older imports' rows of the role are replaced.
    private let firstRunOfImport: Int64
    private var insertStatement: Statement?
    private var fileByRun: [Int64: String] = [:]

    /// The table of the writer's database, for the run the writer is recording.
    public init(writer: TicketWriter) throws {
        guard let runID = writer.runID else {
            throw StoreError.database("profile rows are staged inside an import run (beginRun first)")
        }
        db = writer.db
        connection = db.sqliteConnection
        self.runID = runID
        firstRunOfImport = writer.firstRunID ?? runID
        // The file's rows are appended to a temporary table in file order (cheap), then read
        // back sorted by SQLite's external sorter: memory stays bounded however rows are spread.
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS profile_stage (
                case_id TEXT NOT NULL, row_group INTEGER NOT NULL, occurred_at INTEGER NOT NULL, tie_sort REAL NOT NULL,
                tie_text TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, line INTEGER NOT NULL, payload TEXT NOT NULL);
            DELETE FROM temp.profile_stage;
            """)
        // Prepared here, on the owner's thread: `stage` then only steps the raw statement.
        insertStatement = try db.makeStatement(sql: Self.insertSQL)
    }

    /// `stage` only binds and steps its prepared statement (no GRDB call), so the profile reader
    /// may stage from a second thread while it leaves the database alone.
    public var stagesOnAnotherThread: Bool { true }

    /// The database file's path: a one-role profile's sorter spills its runs beside it (nil for
    /// a database in memory).
    public var spillPath: String? {
        guard let name = sqlite3_db_filename(connection, "main") else { return nil }
        let path = String(cString: name)
        return path.isEmpty ? nil : path
    }

    static func registerMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: profile_rows, the rows of logs read through profiles with several file roles") { db in
            // The primary key is the order a case's rows are replayed in; tie_sort folds the
            // tie-break into one number (missing first, numbers, then text by tie_text).
            try db.execute(sql: """
                CREATE TABLE profile_rows (
                    profile TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    row_group INTEGER NOT NULL,           -- 0: a ticket file's row, 1: an event row
                    occurred_at INTEGER NOT NULL,
                    tie_sort REAL NOT NULL,
                    tie_text TEXT NOT NULL,
                    import_run_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,                 -- the row's position in its file
                    role TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    PRIMARY KEY (profile, case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq)
                ) WITHOUT ROWID;
                """)
        }
    }

    @inline(__always)
    private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) { bindText(statement, index, text) }

    private func fail(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    private static let insertSQL = """
        INSERT INTO temp.profile_stage (case_id, row_group, occurred_at, tie_sort, tie_text, seq, role, line, payload)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """

    /// Keeps one row of the file being read, under the current run.
    public func stage(_ row: StagedRow) throws {
        let raw = insertStatement!.sqliteStatement
        defer { sqlite3_reset(raw) }
        bind(raw, 1, row.caseID)
        sqlite3_bind_int64(raw, 2, row.isTicketRow ? 0 : 1)
        sqlite3_bind_int64(raw, 3, row.time.secondsSinceEpoch)
        sqlite3_bind_double(raw, 4, row.tieSortKey)
        bind(raw, 5, row.tieText)
        sqlite3_bind_int64(raw, 6, row.sequence)
        bind(raw, 7, row.role)
        sqlite3_bind_int64(raw, 8, Int64(row.line))
        bind(raw, 9, row.payload)
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else { throw fail(code, Self.insertSQL) }
    }

    /// Drops the staged rows of `rejectedCases` (returning how many each had); with
    /// `keepingRows`, adds the staged rows to `profile_rows` under this run, beside the role's
    /// older rows of those cases until `finishStagedRows` (other roles' rows stay).
    public func commitStagedRows(profile: String, role: String, rejectedCases: Set<String>, keepingRows: Bool) throws -> [String: Int] {
        var dropped: [String: Int] = [:]
        for caseID in rejectedCases {
            try db.execute(sql: "DELETE FROM temp.profile_stage WHERE case_id = ?", arguments: [caseID])
            dropped[caseID] = db.changesCount
        }
        guard keepingRows else { return dropped }
        try db.execute(sql: """
            INSERT INTO profile_rows (profile, case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq, role,
                line, payload)
            SELECT ?1, case_id, row_group, occurred_at, tie_sort, tie_text, ?2, seq, role, line, payload
            FROM temp.profile_stage ORDER BY case_id, row_group, occurred_at, tie_sort, tie_text, seq
            """, arguments: [profile, runID])
        return dropped
    }

    /// For the cases the file named (after `commitStagedRows`): this import's rows replace the
    /// role's rows of earlier imports (files of one role named in one import are one log), except for `rejectedCases`, whose rows from this run go instead (the
    /// older ones stay).
    public func finishStagedRows(profile: String, role: String, rejectedCases: Set<String>) throws {
        // Rejected cases are few: a statement or two each. Out of the stage too, so that the
        // delete below keeps their older rows.
        for caseID in rejectedCases {
            try db.execute(sql: "DELETE FROM profile_rows WHERE profile = ?1 AND role = ?2 AND import_run_id = ?3 AND case_id = ?4",
                           arguments: [profile, role, runID, caseID])
            try db.execute(sql: "DELETE FROM temp.profile_stage WHERE case_id = ?", arguments: [caseID])
        }
        try db.execute(sql: """
            DELETE FROM profile_rows
            WHERE profile = ?1 AND role = ?2 AND import_run_id < ?3 AND case_id IN (SELECT case_id FROM temp.profile_stage)
            """, arguments: [profile, role, firstRunOfImport])
    }

    private static let keptRowsSQL = """
        SELECT case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq, role, line, payload
        FROM profile_rows
        WHERE profile = ?1 AND case_id IN (SELECT case_id FROM temp.profile_stage)
          AND (role != ?3 OR import_run_id >= ?4)
        ORDER BY case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq
        """
    private static let stagedRowsSQL = """
        SELECT case_id, row_group, occurred_at, tie_sort, tie_text, ?2, seq, role, line, payload
        FROM temp.profile_stage
        ORDER BY case_id, row_group, occurred_at, tie_sort, tie_text, seq
        """

    /// Calls `body` with each staged case's rows, one case at a time, in replay order: with
    /// `keptRows`, all of the profile's rows (every role and run) of those cases, else this file's.
    public func forEachStagedCase(profile: String, role: String, keptRows: Bool, _ body: ([StagedRow]) throws -> Void) throws {
        let sql = keptRows ? Self.keptRowsSQL : Self.stagedRowsSQL
        let statement = try db.makeStatement(sql: sql)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        bind(raw, 1, profile)
        sqlite3_bind_int64(raw, 2, runID)
        if keptRows {
            bind(raw, 3, role)
            sqlite3_bind_int64(raw, 4, firstRunOfImport)
        }
        var rows: [StagedRow] = []
        func text(_ column: Int32) -> String {
            guard let pointer = sqlite3_column_text(raw, column) else { return "" }
            let count = Int(sqlite3_column_bytes(raw, column))
            return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
        }
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw fail(code, sql) }
            let caseID = text(0)
            if let last = rows.last, last.caseID != caseID {
                try body(rows)
                rows.removeAll(keepingCapacity: true)
            }
            let run = sqlite3_column_int64(raw, 5)
            let tieSort = sqlite3_column_double(raw, 3)
            let tieText = text(4)
            let isNumber = tieSort != -Double.greatestFiniteMagnitude && tieSort != Double.greatestFiniteMagnitude
            rows.append(StagedRow(
                profile: profile, role: text(7), isTicketRow: sqlite3_column_int64(raw, 1) == 0, caseID: caseID,
                time: Instant(secondsSinceEpoch: sqlite3_column_int64(raw, 2)), tieNumber: isNumber ? tieSort : nil,
                tieText: tieText, sequence: sqlite3_column_int64(raw, 6), file: try file(ofRun: run),
                line: Int(sqlite3_column_int64(raw, 8)), payload: text(9)))
        }
        if !rows.isEmpty { try body(rows) }
    }

    /// The file a run imported (for messages about its rows).
    private func file(ofRun run: Int64) throws -> String {
        if let file = fileByRun[run] { return file }
        let file = try String.fetchOne(db, sql: "SELECT file FROM import_runs WHERE id = ?", arguments: [run]) ?? "import run \(run)"
        fileByRun[run] = file
        return file
    }
}
