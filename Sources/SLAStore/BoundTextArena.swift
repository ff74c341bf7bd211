import GRDB
import GRDBSQLite

/// One row's bound texts, copied side by side into a buffer that lives as long as the writer,
/// and bound without SQLite's own copy (SQLITE_STATIC). With SQLITE_TRANSIENT SQLite allocates,
/// copies and frees every text of every row (about ten per event); here that is one copy into
/// memory that is reused row after row. (Rows inserted in batches go through `MultiRowInsert`,
/// whose buffer holds a whole batch.)
///
/// The rule that makes SQLITE_STATIC safe: `startRow()` reuses the buffer, so it may be called
/// only once the statements bound through the arena were stepped and reset *with their bindings
/// cleared* (`sqlite3_clear_bindings`), as `TicketWriter.run` does. The buffer never grows: a
/// text that does not fit in what is left is bound with SQLITE_TRANSIENT instead.
final class BoundTextArena {
    private let storage: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0

    /// `capacity` bytes (default 64 KiB: the texts of a ticket or an event are far shorter).
    init(capacity: Int = 64 << 10) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Starts binding a new row: the previous row's bindings must be cleared (see the type's rule).
    func startRow() { used = 0 }

    /// Binds `text` (NULL for nil) to parameter `index` of `statement`.
    func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String?) {
        guard var text else { sqlite3_bind_null(statement, index); return }
        let fits = text.utf8.count <= capacity - used
        guard fits, !text.isEmpty else {
            bindText(statement, index, text)
            return
        }
        text.withUTF8 { bytes in
            let count = bytes.count
            guard let source = bytes.baseAddress else { return }
            let target = storage + used
            target.update(from: source, count: count)
            used += count
            _ = target.withMemoryRebound(to: CChar.self, capacity: count) {
                sqlite3_bind_text(statement, index, $0, Int32(count), nil)   // nil: SQLITE_STATIC
            }
        }
    }
}
