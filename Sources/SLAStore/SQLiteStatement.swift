import Foundation
import GRDB
import GRDBSQLite
import SLAModel

/// A statement prepared on the connection of a GRDB `Database` and driven through SQLite's C
/// API: columns read by index and values bound without per-row argument arrays, for the loops
/// that touch every row (recompute reads every event and writes every cycle).
final class SQLiteStatement {
    let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, _ sql: String) throws {
        connection = db.sqliteConnection
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StoreError.database(String(cString: sqlite3_errmsg(db.sqliteConnection)) + " in " + sql)
        }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// The next row: true when there is one, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.database(String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// Runs a statement that returns no rows, then resets it for the next bindings.
    func execute() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    func reset() { sqlite3_reset(handle) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInt64(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A text column's UTF-8 bytes, valid until the next step or reset; nil for NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// A text column through `interned` (see `InternedText`); nil for NULL.
    func text<Value>(_ column: Int32, _ interned: InternedText<Value>) -> Value? {
        bytes(column).map { interned.value($0) }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

    func bind(_ index: Int32, _ text: String?) { bindText(handle, index, text) }
}

/// Binds `text` (NULL for nil) to parameter `index` of a prepared statement, through SQLite's C
/// API: the loops that write every row use it instead of GRDB's argument arrays. SQLite copies
/// the bytes (SQLITE_TRANSIENT), so the Swift string's storage need not outlive the call.
@inline(__always)
func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
    guard var text else { sqlite3_bind_null(statement, index); return }
    text.withUTF8 { bytes in
        if let base = bytes.baseAddress {
            _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), sqliteTransient)
            }
        } else {
            _ = sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
        }
    }
}

/// SQLite's "copy the bytes now" destructor for bound text.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
