import GRDB
import GRDBSQLite

/// Rows for one table's INSERT, gathered and inserted `rowsPerStatement` rows per statement
/// instead of one: SQLite's cost per statement (stepping, halting, resetting, clearing the
/// bindings) is then paid once per batch. In C, 915,000 rows of the events table took
/// 1.53-1.72 s one per statement and 1.07 s thirty-two per statement.
///
/// A batch may gather more rows than one statement holds (`rowsGathered`), and insert them in
/// the order of their first column (`orderedByFirstColumn`, rows of one value kept in the order
/// they came): the events of a first osTicket import come ticket by ticket in the opposite order
/// of the tickets' ids (the queue export lists the newest ticket first, the history the oldest),
/// and inserted so, every key of the `(ticket_id, identity)` index went in front of all the
/// others, which left its pages half empty (500 MB at 1M tickets, 50% unused); 16,384 rows in
/// ticket order per batch fill them as an ascending load does (280 MB, 14% unused).
///
/// Values are appended column by column (`append`), a row's in the order of `columns`. Texts are
/// copied side by side into a buffer of the batch's own and bound from it without SQLite's copy
/// (SQLITE_STATIC): the buffer grows only while values are appended, never while a statement
/// is stepped, and SQLite reads bound values only in a step. Every statement is reset right after
/// its step; a caller's statement (`run(row:in:)`) has its bindings cleared too, while this
/// batch's own two statements keep theirs, since every one of their parameters is bound again
/// before each step (clearing them was about 2% of a writing thread's instructions).
/// Nothing is retained per row. The rows stay until `removeAll()`, so a caller may bind one of
/// them again into a statement of its own (`run(row:in:)`).
final class MultiRowInsert {
    static let rowsPerStatement = 32
    /// Rows gathered before `isFull` (a multiple of `rowsPerStatement` or not).
    let rowsGathered: Int
    /// Whether `insert()` inserts the rows in the order of their first column's integers.
    let orderedByFirstColumn: Bool
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
    ///   - rowsGathered: the rows a batch holds before it is full.
    ///   - orderedByFirstColumn: whether the rows are inserted in the order of their first
    ///     column's integers (rows of one value, and rows whose first value is not an integer,
    ///     in the order they came), not in the order they came.
    init(db: Database, insert: String, columns: [String], onConflict: String = "",
         rowsGathered: Int = MultiRowInsert.rowsPerStatement, orderedByFirstColumn: Bool = false) throws {
        precondition(rowsGathered > 0)
        connection = db.sqliteConnection
        self.columns = columns.count
        self.rowsGathered = rowsGathered
        self.orderedByFirstColumn = orderedByFirstColumn
        sqlHead = insert + " (" + columns.joined(separator: ", ") + ") VALUES"
        sqlTail = onConflict.isEmpty ? "" : " " + onConflict
        values = .allocate(capacity: rowsGathered * columns.count)
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
    var isFull: Bool { appended >= rowsGathered * columns }

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

    /// Inserts every whole row, `rowsPerStatement` rows per statement and the rest one by one,
    /// and returns the rows SQLite changed. After each statement that changed fewer rows than it
    /// inserted (a conflict clause skipped or replaced one), `settle` is called with its rows
    /// (their indexes, as `run(row:in:)` takes them), in the order they were inserted, before
    /// the next statement runs. The rows stay until `removeAll()`.
    @discardableResult
    func insert(settle: (ArraySlice<Int>) throws -> Void = { _ in }) throws -> Int {
        precondition(appended % columns == 0, "every row has a value for each column")
        guard !isEmpty else { return 0 }
        let order = insertionOrder()
        var changed = 0, start = 0
        while start < order.count {
            let rows: ArraySlice<Int>
            let changedNow: Int
            if order.count - start >= Self.rowsPerStatement {
                rows = order[start..<start + Self.rowsPerStatement]
                for (position, row) in rows.enumerated() {
                    bind(row: row, to: batchStatement, firstParameter: Int32(position * columns) + 1)
                }
                try step(batchStatement, clearingBindings: false)
                changedNow = Int(sqlite3_changes(connection))
            } else {
                rows = order[start..<start + 1]
                changedNow = try run(row: rows.first!, in: rowStatement)
            }
            if changedNow < rows.count { try settle(rows) }
            changed += changedNow
            start = rows.endIndex
        }
        return changed
    }

    /// The rows in the order `insert()` inserts them.
    private func insertionOrder() -> [Int] {
        guard orderedByFirstColumn else { return Array(0..<count) }
        // Runs of consecutive rows with one value (a ticket's events mostly come together),
        // sorted by (value, first row): the rows of one value stay in the order they came.
        // Sorting the rows one by one took 250 instructions an event (callgrind, a first import
        // of 100,000 tickets whose queue lists the newest first).
        var runs: [(key: Int64, start: Int, end: Int)] = []
        for row in 0..<count {
            let key = integer(row: row, column: 0) ?? .max
            if let last = runs.last, last.key == key, last.end == row {
                runs[runs.count - 1].end = row + 1
            } else {
                runs.append((key, row, row + 1))
            }
        }
        runs.sort { $0.key != $1.key ? $0.key < $1.key : $0.start < $1.start }
        var order: [Int] = []
        order.reserveCapacity(count)
        for run in runs { order.append(contentsOf: run.start..<run.end) }
        return order
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
        try step(statement, clearingBindings: statement != rowStatement)
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

    /// Binds without SQLite's copy: the bytes stay where they are until the statement's step is
    /// done (see the type's notes).
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

    private func step(_ statement: OpaquePointer, clearingBindings: Bool) throws {
        defer {
            sqlite3_reset(statement)
            if clearingBindings { sqlite3_clear_bindings(statement) }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                                sql: sqlite3_sql(statement).map { String(cString: $0) })
        }
    }
}
