import GRDB
import GRDBSQLite
import SLAModel

/// Events of tickets this import created, inserted `rowsPerStatement` rows per INSERT
/// statement instead of one: SQLite's cost per statement (stepping, halting, resetting, clearing
/// the bindings) is then paid once per batch. In C, 915,000 such rows took 1.53-1.72 s one per
/// statement and 1.07 s thirty-two per statement (same table and unique key).
///
/// A batch is bound when it is inserted, from its rows' bytes copied side by side here and bound
/// without SQLite's copy (SQLITE_STATIC; the buffer grows only while rows are added, never
/// while a statement holds them): nothing is retained per event. The INSERT skips a row whose
/// key is stored already (`ON CONFLICT DO NOTHING`, as `TicketWriter.upsert` does), and `insert`
/// says how many it inserted, so the writer can settle the others one by one.
final class NewEventBatch {
    static let rowsPerStatement = 32
    /// Parameters of an event row: ?1 ticket id ... ?13 import run.
    static let columnsPerRow: Int32 = 13
    private static let textsPerRow = 10
    /// Where each bound text goes among a row's parameters: identity ?2, kind ?4, actor ...
    /// previous value ?5...?11 (the ticket number, the last text, is not a column).
    private static let textParameterOffsets: [Int32] = [1, 3, 4, 5, 6, 7, 8, 9, 10]

    private let db: Database
    private var batchStatement: Statement?
    private var rowStatement: Statement?
    /// The texts of the rows, side by side: `used` bytes of `capacity`.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity = 16 << 10
    private var used = 0
    /// Per row and text: where it starts in `bytes` and its length (-1: NULL), in the order
    /// identity, kind, actor, team, agent, department, status, value, previous value, ticket
    /// number. (Fixed buffers written in place: array appends cost more than the copies.)
    private let textSpans: UnsafeMutablePointer<Int32>
    private var nextSpan = 0
    private struct Numbers {
        var ticketID: Int64
        var occurredAt: Int64
        var annulled: Bool
        var runID: Int64?
    }
    private let numbers: UnsafeMutablePointer<Numbers>
    private(set) var count = 0

    init(db: Database) {
        self.db = db
        bytes = .allocate(capacity: capacity)
        textSpans = .allocate(capacity: Self.rowsPerStatement * Self.textsPerRow * 2)
        numbers = .allocate(capacity: Self.rowsPerStatement)
    }

    deinit {
        bytes.deallocate()
        textSpans.deallocate()
        numbers.deinitialize(count: count)
        numbers.deallocate()
    }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count >= Self.rowsPerStatement }

    /// Adds a row for `event` of ticket `ticketID` (the batch must not be full).
    func add(_ event: LifecycleEvent, ticketID: Int64, runID: Int64?) {
        precondition(!isFull, "a full batch of new events is inserted before another is added")
        (numbers + count).initialize(to: Numbers(ticketID: ticketID, occurredAt: event.time.secondsSinceEpoch,
                                                 annulled: event.annulled, runID: runID))
        count += 1
        append(event.identity)
        append(event.kind.rawValue)
        append(event.actor)
        append(event.team)
        append(event.agent)
        append(event.department)
        append(event.status)
        append(event.value)
        append(event.previousValue)
        append(event.ticketNumber)
    }

    private func append(_ text: String?) {
        guard let text else {
            textSpans[nextSpan] = 0
            textSpans[nextSpan + 1] = -1
            nextSpan += 2
            return
        }
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { append($0) }   // (a text without contiguous UTF-8)
        }
    }

    private func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        if used + utf8.count > capacity {
            let grownCapacity = max(capacity * 2, used + utf8.count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: grownCapacity)
            grown.update(from: bytes, count: used)
            bytes.deallocate()
            bytes = grown
            capacity = grownCapacity
        }
        textSpans[nextSpan] = Int32(used)
        textSpans[nextSpan + 1] = Int32(utf8.count)
        nextSpan += 2
        if let source = utf8.baseAddress { (bytes + used).update(from: source, count: utf8.count) }
        used += utf8.count
    }

    /// The INSERT of `rows` rows.
    static func insertSQL(rows: Int) -> String {
        var sql = """
            INSERT INTO events (ticket_id, identity, occurred_at, kind, actor, team, agent, department, status, value,
                previous_value, annulled, import_run_id) VALUES
            """
        for row in 0..<rows {
            let first = row * Int(columnsPerRow)
            sql += (row == 0 ? " (" : ", (") + (1...Int(columnsPerRow)).map { "?\(first + $0)" }.joined(separator: ", ") + ")"
        }
        return sql + " ON CONFLICT (ticket_id, identity) DO NOTHING"
    }

    /// Inserts every row (a full batch in one statement, fewer one by one) and returns how many
    /// were inserted. The rows stay until `removeAll()`, for `run(row:in:)`.
    func insert() throws -> Int {
        guard !isEmpty else { return 0 }
        var inserted = 0
        if isFull {
            if batchStatement == nil { batchStatement = try db.makeStatement(sql: Self.insertSQL(rows: Self.rowsPerStatement)) }
            let statement = batchStatement!
            for row in 0..<count {
                bind(row: row, to: statement.sqliteStatement, firstParameter: Int32(row) * Self.columnsPerRow + 1)
            }
            try step(statement)
            inserted += Int(sqlite3_changes(db.sqliteConnection))
        } else {
            if rowStatement == nil { rowStatement = try db.makeStatement(sql: Self.insertSQL(rows: 1)) }
            for row in 0..<count { inserted += try run(row: row, in: rowStatement!) }
        }
        return inserted
    }

    /// Binds row `row` as ?1...?13 of `statement` (an INSERT or UPDATE of one event), steps it,
    /// resets it and clears its bindings; returns the rows it changed.
    func run(row: Int, in statement: Statement) throws -> Int {
        bind(row: row, to: statement.sqliteStatement, firstParameter: 1)
        try step(statement)
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    /// Row `row`'s ticket number and identity (for the note on a key given twice).
    func ticketNumberAndIdentity(ofRow row: Int) -> (ticketNumber: String, identity: String) {
        (text(row: row, index: 9) ?? "", text(row: row, index: 0) ?? "")
    }

    private func text(row: Int, index: Int) -> String? {
        let span = (row * Self.textsPerRow + index) * 2
        let start = Int(textSpans[span]), length = Int(textSpans[span + 1])
        guard length >= 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes + start, count: length), as: UTF8.self)
    }

    func removeAll() {
        used = 0
        nextSpan = 0
        numbers.deinitialize(count: count)
        count = 0
    }

    /// Binds without SQLite's copy: `step` resets the statement and clears its bindings before
    /// the bytes can move or change.
    private func bind(row: Int, to raw: OpaquePointer?, firstParameter first: Int32) {
        let values = numbers[row]
        sqlite3_bind_int64(raw, first, values.ticketID)
        sqlite3_bind_int64(raw, first + 2, values.occurredAt)
        sqlite3_bind_int64(raw, first + 11, values.annulled ? 1 : 0)
        if let runID = values.runID { sqlite3_bind_int64(raw, first + 12, runID) } else { sqlite3_bind_null(raw, first + 12) }
        var span = row * Self.textsPerRow * 2
        for offset in Self.textParameterOffsets {
            let start = Int(textSpans[span]), length = textSpans[span + 1]
            span += 2
            if length < 0 {
                sqlite3_bind_null(raw, first + offset)
            } else {
                // (An empty text is bound from a pointer into the buffer too: a NULL pointer would bind NULL.)
                (bytes + start).withMemoryRebound(to: CChar.self, capacity: max(Int(length), 1)) {
                    _ = sqlite3_bind_text(raw, first + offset, $0, length, nil)   // nil: SQLITE_STATIC
                }
            }
        }
    }

    private func step(_ statement: Statement) throws {
        let raw = statement.sqliteStatement
        defer {
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
        }
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }
}
