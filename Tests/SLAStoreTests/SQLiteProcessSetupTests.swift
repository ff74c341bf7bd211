import Foundation
import Testing
import GRDB
@testable import SLAStore

@Suite struct SQLiteProcessSetupTests {
    /// Every connection in this test process is opened after the setup (stores apply it; the
    /// tests that open their own connections apply it first), so it must have taken effect.
    @Test func theSetupTookEffectBeforeSQLiteWasInitialized() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("setup-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", ".checked", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try TicketStore(path: path)
        #expect(SQLiteProcessSetup.resultCode == 0)   // SQLITE_OK: both settings took effect
    }

    /// The setup must leave SQLite uninitialized, or the error log callback that reports damage
    /// (`SoundFileStamp.watchForDamage`) would never be installed: an error SQLite logs reaches it.
    @Test func errorsSQLiteLogsReachTheDamageWatch() throws {
        SQLiteProcessSetup.ensureApplied()
        let queue = try DatabaseQueue()
        let before = SoundFileStamp.loggedErrorCount
        #expect(throws: DatabaseError.self) {
            try queue.read { db in try db.execute(sql: "SELECT * FROM no_such_table") }
        }
        #expect(SoundFileStamp.loggedErrorCount > before)
    }
}
