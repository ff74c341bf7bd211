import CSQLiteSetup

/// SQLite's process-wide settings, applied once before the first connection opens: multi-thread
/// mode (each connection is used by one thread at a time: GRDB's queues, and the import's and
/// recompute's threads take turns on the writer's, so SQLite need not lock a mutex around every
/// bind, step and column call) and no memory statistics (a global mutex on every allocation).
enum SQLiteProcessSetup {
    /// SQLite's result code for the setup: 0 when it took effect. If something initialized SQLite
    /// first (a test opening its own connection), SQLite keeps its defaults, which are safe too.
    static let resultCode: Int32 = {
        // The error log callback first (damage reports, see `SoundFileStamp.watchForDamage`):
        // like every `sqlite3_config`, it only takes effect before SQLite is initialized.
        SoundFileStamp.watchForDamage()
        return slareport_configure_sqlite()
    }()

    /// Applies the setup if it was not applied yet.
    static func ensureApplied() { _ = resultCode }

    /// Whether connections opened from now on have no mutex of their own.
    static var isMultiThreaded: Bool { ensureApplied(); return slareport_sqlite_multithreaded() == 1 }
}
