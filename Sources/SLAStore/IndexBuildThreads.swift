import GRDB

/// Index builds after a bulk write (the deferred indexes of a first import; a result index
/// someone dropped, which a full recompute builds again) sort every row. With more rows than
/// the sorter's memory holds, SQLite's sorter writes sorted runs and merges them; with helper threads (`PRAGMA threads`) it sorts
/// and merges them on the cores the load's other threads have left idle by then. Its memory per
/// thread is the page cache's size, so the cache is made smaller while it builds: three threads
/// sorting 16 MB runs hold less than one sorting 64 MB runs, and small runs sort faster.
///
/// Measured with the `sqlite3` shell, the two event indexes of the generated desk at 1,000,000
/// tickets (9.1 M events): 4.75-4.77 s and 37-70 MB with two helpers and a 8-16 MB cache,
/// 7.2-8.0 s and 138 MB with none and the bulk load's 64 MB (two helpers with 64 MB: 331 MB
/// peak for the whole import). At 100,000 tickets the rows fit one in-memory sort either way.
enum IndexBuildThreads {
    /// Helper threads the sorter may start during an index build.
    static let helpers = 2
    /// The page cache (and so each sorting thread's memory) during an index build, in KiB.
    static let cacheKiB = 16 << 10

    /// Runs `body` (index builds) with the sorter's helper threads and the smaller cache, and
    /// the connection back to no helpers and its own cache size after, whether `body` throws or
    /// not: other statements keep one thread.
    static func building<T>(in db: Database, _ body: () throws -> T) throws -> T {
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
        try db.execute(sql: "PRAGMA threads = \(helpers)")
        defer {
            try? db.execute(sql: "PRAGMA threads = 0")
            try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
        }
        return try body()
    }
}
