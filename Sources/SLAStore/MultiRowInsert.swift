import GRDB
import GRDBSQLite

/// Rows for one table's INSERT, gathered and inserted `rowsPerStatement` rows per statement
/// instead of one: SQLite's cost per statement (stepping, halting, resetting, clearing the
/// bindings) is then paid once per batch. In C, 915,000 rows of the events table took
/// 1.53-1.72 s one per statement and 1.07 s thirty-two per statement.
///
/// Values are appended column by column (`append`), a row's in the order of `columns`. Texts are
/// copied side by side into a buffer of the batch's own and bound from it without SQLite's copy
/// (SQLITE_STATIC): the buffer grows only while values are appended, never while a statement
/// holds them, and every statement is reset and its bindings cleared right after its step.
/// Nothing is retained per row. The rows stay until `removeAll()`, so a caller may bind one of
/// them again into a statement of its own (`run(row:in:)`).
final class MultiRowInsert {
    static let rowsPerStatement = 32
    /// An empty C string (a static string's bytes: never freed, never written).
    private static let emptyText: StaticString = ""

    /// The parameters of one row.
    let columns: Int
    private let connection: OpaquePointer?
    private let sqlHead: String
    private let sqlTail: String
    /// Prepared when made, on the thread that makes it: they may then be stepped on another
    /// (GRDB checks that its own statements are used on the database's thread).
    private var batchStatement: OpaquePointer!
    private var rowStatement: OpaquePointer!

    private enum Kind: UInt8 { case null, integer, text }
    /// A value: an integer, or where a text starts in `bytes` (high 32 bits) and its length.
    private struct Value {
        var kind: Kind
        var payload: Int64
    }
    private let values: UnsafeMutablePointer<Value>
    private var appended = 0
    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity = 16 << 10
    private var used = 0

    /// - Parameters:
    ///   - insert: the statement's start up to the table, as `INSERT INTO events` or `INSERT OR
    ///     REPLACE INTO ticket_outcomes`.
    ///   - columns: the columns, in the order values are appended.
    ///   - onConflict: what follows the rows, as `ON CONFLICT (ticket_id, identity) DO NOTHING`.
    init(db: Database, insert: String, columns: [String], onConflict: String = "") throws {
        connection = db.sqliteConnection
        self.columns = columns.count
        sqlHead = insert + " (" + columns.joined(separator: ", ") + ") VALUES"
        sqlTail = onConflict.isEmpty ? "" : " " + onConflict
        values = .allocate(capacity: Self.rowsPerStatement * columns.count)
        bytes = .allocate(capacity: capacity)
        batchStatement = try prepare(sql(rows: Self.rowsPerStatement))
        rowStatement = try prepare(sql(rows: 1))
    }

    deinit {
        sqlite3_finalize(batchStatement)
        sqlite3_finalize(rowStatement)
        values.deallocate()
        bytes.deallocate()
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        return statement
    }

    /// Whole rows appended.
    var count: Int { appended / columns }
    var isEmpty: Bool { appended == 0 }
    /// Full: `insert()` before appending another row.
    var isFull: Bool { appended >= Self.rowsPerStatement * columns }

    func append(_ integer: Int64?) {
        precondition(!isFull, "a full batch is inserted before another row is added")
        values[appended] = integer.map { Value(kind: .integer, payload: $0) } ?? Value(kind: .null, payload: 0)
        appended += 1
    }

    func append(_ integer: Int?) { append(integer.map(Int64.init)) }

    func append(_ text: String?) {
        precondition(!isFull, "a full batch is inserted before another row is added")
        guard let text else {
            values[appended] = Value(kind: .null, payload: 0)
            appended += 1
            return
        }
        if text.utf8.withContiguousStorageIfAvailable({ append(textBytes: $0) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { append(textBytes: $0) }   // (a text without contiguous UTF-8)
        }
    }

    private func append(textBytes utf8: UnsafeBufferPointer<UInt8>) {
        if used + utf8.count > capacity {
            let grownCapacity = max(capacity * 2, used + utf8.count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: grownCapacity)
            grown.update(from: bytes, count: used)
            bytes.deallocate()
            bytes = grown
            capacity = grownCapacity
        }
        if let source = utf8.baseAddress { (bytes + used).update(from: source, count: utf8.count) }
        values[appended] = Value(kind: .text, payload: Int64(used) << 32 | Int64(utf8.count))
        appended += 1
        used += utf8.count
    }

    /// The statement inserting `rows` rows.
    func sql(rows: Int) -> String {
        var sql = sqlHead
        for row in 0..<rows {
            let first = row * columns
            sql += (row == 0 ? " (" : ", (") + (1...columns).map { "?\(first + $0)" }.joined(separator: ", ") + ")"
        }
        return sql + sqlTail
    }

    /// Inserts every whole row (a full batch in one statement, fewer one by one) and returns the
    /// rows SQLite changed. The rows stay until `removeAll()`.
    @discardableResult
    func insert() throws -> Int {
        precondition(appended % columns == 0, "every row has a value for each column")
        guard !isEmpty else { return 0 }
        if isFull {
            for row in 0..<count { bind(row: row, to: batchStatement, firstParameter: Int32(row * columns) + 1) }
            try step(batchStatement)
            return Int(sqlite3_changes(connection))
        }
        var changed = 0
        for row in 0..<count { changed += try run(row: row, in: rowStatement) }
        return changed
    }

    /// Inserts the rows and forgets them when the batch is full, so another row can be appended
    /// (for callers that need no count of what was inserted).
    func makeRoom() throws {
        guard isFull else { return }
        try insert()
        removeAll()
    }

    /// Binds row `row` as ?1...?columns of `statement` (prepared on the same connection), steps
    /// it, resets it and clears its bindings; returns the rows it changed.
    @discardableResult
    func run(row: Int, in statement: OpaquePointer) throws -> Int {
        bind(row: row, to: statement, firstParameter: 1)
        try step(statement)
        return Int(sqlite3_changes(connection))
    }

    /// Row `row`'s text in column `column` (nil: NULL or not a text).
    func text(row: Int, column: Int) -> String? {
        let value = values[row * columns + column]
        guard value.kind == .text else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes + Int(value.payload >> 32), count: Int(value.payload & 0xFFFF_FFFF)),
                      as: UTF8.self)
    }

    /// Row `row`'s integer in column `column` (nil: NULL or not an integer).
    func integer(row: Int, column: Int) -> Int64? {
        let value = values[row * columns + column]
        return value.kind == .integer ? value.payload : nil
    }

    func removeAll() {
        appended = 0
        used = 0
    }

    /// Binds without SQLite's copy: `step` resets the statement and clears its bindings before
    /// the bytes can move or change.
    private func bind(row: Int, to raw: OpaquePointer?, firstParameter first: Int32) {
        let rowValues = values + row * columns
        for column in 0..<columns {
            let value = rowValues[column], parameter = first + Int32(column)
            switch value.kind {
            case .null: sqlite3_bind_null(raw, parameter)
            case .integer: sqlite3_bind_int64(raw, parameter, value.payload)
            case .text:
                let length = Int(value.payload & 0xFFFF_FFFF)
                guard length > 0 else {
                    // An empty text from a static empty string (a NULL pointer would bind NULL, and
                    // the buffer's end may be just past its allocation).
                    Self.emptyText.utf8Start.withMemoryRebound(to: CChar.self, capacity: 1) {
                        _ = sqlite3_bind_text(raw, parameter, $0, 0, nil)
                    }
                    continue
                }
                (bytes + Int(value.payload >> 32)).withMemoryRebound(to: CChar.self, capacity: length) {
                    _ = sqlite3_bind_text(raw, parameter, $0, Int32(length), nil)   // nil: SQLITE_STATIC
                }
            }
        }
    }

    private func step(_ statement: OpaquePointer) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                                sql: sqlite3_sql(statement).map { String(cString: $0) })
        }
    }
}
