#ifndef SLAREPORT_SQLITE_SETUP_H
#define SLAREPORT_SQLITE_SETUP_H

/// Configures SQLite for this process before its first connection (sqlite3_config is variadic, so
/// Swift cannot call it): no memory statistics, whose global mutex is taken on every allocation;
/// and multi-thread mode (every connection is used by one thread at a time; GRDB opens them
/// without a mutex of their own anyway). Returns 0 when both took effect, else SQLite's error code
/// (SQLITE_MISUSE: SQLite was already initialized, and keeps its defaults). It does not
/// initialize SQLite, so settings made after it (the error log callback) still take effect.
int slareport_configure_sqlite(void);

#endif
