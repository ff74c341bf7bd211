import CSQLiteSetup

/// SQLite's process-wide settings, applied once before the first connection opens: no memory
/// statistics (with them SQLite takes a global mutex around every allocation, on every thread),
/// and multi-thread mode (each connection is used by one thread at a time; GRDB already opens
/// its connections without a mutex of their own, so this only makes that the default).
enum SQLiteProcessSetup {
    /// SQLite's result code for the setup: 0 when it took effect. If something initialized SQLite
    /// first (a test opening its own connection), SQLite keeps its defaults, which are safe too.
    static let resultCode: Int32 = {
        // The error log callback first (damage reports, see `SoundFileStamp.watchForDamage`):
        // like every `sqlite3_config`, it only takes effect before SQLite is initialized.
        SoundFileStamp.watchForDamage()
        return slareport_configure_sqlite()
    }()

    /// Applies the setup (and the damage watch) if it was not applied yet: before the first connection.
    static func ensureApplied() { _ = resultCode }
}
