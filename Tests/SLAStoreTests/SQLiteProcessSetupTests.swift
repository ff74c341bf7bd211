import Foundation
import Testing
@testable import SLAStore

@Suite struct SQLiteProcessSetupTests {
    /// The setup either took effect (multi-thread mode from then on) or found SQLite already
    /// initialized by another test's own connection (SQLITE_MISUSE: SQLite keeps its defaults);
    /// anything else would be a setup SQLite refused.
    @Test func theSetupTookEffectOrFoundSQLiteInitialized() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("setup-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", ".checked", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try TicketStore(path: path)
        let code = SQLiteProcessSetup.resultCode
        let ok: Int32 = 0, misuse: Int32 = 21   // SQLITE_OK, SQLITE_MISUSE
        #expect(code == ok || code == misuse)
        #expect(SQLiteProcessSetup.isMultiThreaded == (code == ok))
    }
}
