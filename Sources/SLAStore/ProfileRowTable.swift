import GRDB
import GRDBSQLite
import SLAModel

/// SQLite's "copy the bytes now" destructor for bound text.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The rows of logs read through mapping profiles (`profile_rows`), kept per profile, file
/// role and case so that each case's history can be read back in order, whatever order and
/// files its rows came in, and rebuilt from every file its source exported.
///
/// A run stages its file's rows under its `import_run_id`; committing makes them the role's
/// rows of the cases they name (the role's older rows of those cases are dropped, other roles'
/// rows stay); reading back walks the table's primary key, which is the replay order.
public final class ProfileRowTable {
    private let db: Database
    private let connection: OpaquePointer?
    private let runID: Int64
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
    }

    static func registerMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: profile_rows, the staged rows of logs read through mapping profiles") { db in
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
                CREATE INDEX profile_rows_by_run ON profile_rows (import_run_id, case_id);
                """)
        }
    }

    @inline(__always)
    private func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient)
                }
            } else {
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
            }
        }
    }

    private func fail(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    private static let insertSQL = """
        INSERT INTO profile_rows (profile, case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq, role,
            line, payload)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """

    /// Keeps one row of the file being read, under the current run.
    public func stage(_ row: StagedRow) throws {
        if insertStatement == nil { insertStatement = try db.makeStatement(sql: Self.insertSQL) }
        let raw = insertStatement!.sqliteStatement
        defer { sqlite3_reset(raw) }
        bind(raw, 1, row.profile)
        bind(raw, 2, row.caseID)
        sqlite3_bind_int64(raw, 3, row.isTicketRow ? 0 : 1)
        sqlite3_bind_int64(raw, 4, row.time.secondsSinceEpoch)
        sqlite3_bind_double(raw, 5, row.tieSortKey)
        bind(raw, 6, row.tieText)
        sqlite3_bind_int64(raw, 7, runID)
        sqlite3_bind_int64(raw, 8, row.sequence)
        bind(raw, 9, row.role)
        sqlite3_bind_int64(raw, 10, Int64(row.line))
        bind(raw, 11, row.payload)
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else { throw fail(code, Self.insertSQL) }
    }

    /// Makes this run's rows the rows of `role` for the cases they name, and drops this run's
    /// rows of `rejectedCases` (returning how many each had).
    public func commitStagedRows(profile: String, role: String, rejectedCases: Set<String>) throws -> [String: Int] {
        var dropped: [String: Int] = [:]
        for caseID in rejectedCases {
            try db.execute(sql: "DELETE FROM profile_rows WHERE import_run_id = ? AND profile = ? AND case_id = ?",
                           arguments: [runID, profile, caseID])
            dropped[caseID] = db.changesCount
        }
        try db.execute(sql: """
            DELETE FROM profile_rows
            WHERE profile = ?1 AND role = ?2 AND import_run_id != ?3
              AND case_id IN (SELECT case_id FROM profile_rows WHERE import_run_id = ?3)
            """, arguments: [profile, role, runID])
        return dropped
    }

    private static let caseRowsSQL = """
        SELECT case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq, role, line, payload
        FROM profile_rows
        WHERE profile = ?1 AND case_id IN (SELECT case_id FROM profile_rows WHERE import_run_id = ?2)
        ORDER BY case_id, row_group, occurred_at, tie_sort, tie_text, import_run_id, seq
        """

    /// Calls `body` with all of the profile's rows (every role and run) of each case this run
    /// staged, one case at a time, in replay order.
    public func forEachStagedCase(profile: String, _ body: ([StagedRow]) throws -> Void) throws {
        let statement = try db.makeStatement(sql: Self.caseRowsSQL)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        bind(raw, 1, profile)
        sqlite3_bind_int64(raw, 2, runID)
        var rows: [StagedRow] = []
        func text(_ column: Int32) -> String {
            guard let pointer = sqlite3_column_text(raw, column) else { return "" }
            let count = Int(sqlite3_column_bytes(raw, column))
            return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
        }
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw fail(code, Self.caseRowsSQL) }
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
