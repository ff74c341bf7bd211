#if canImport(CMalloc) && os(Linux)
import CMalloc
#endif

/// How freed memory goes back to the system while reports are written.
///
/// glibc maps a large block on its own only while it is above a threshold that it raises to
/// the size of each such block freed (up to 32 MB); below it, blocks come from the heap, whose
/// freed space stays with the process. A report frees tens of megabytes of ticket rows at
/// times that depend on its threads, so its resident peak was the sum of such leftovers: a
/// fixed threshold of a megabyte gives each large block back when it is freed (the 1M week's
/// peak 86 MB against 93 MB, in the same time).
enum LargeBlockRelease {
    /// Blocks of a megabyte or more are mapped on their own from now on (the whole process).
    /// Returns whether the allocator took the setting (false where it is not glibc's).
    @discardableResult
    static func start() -> Bool {
        #if canImport(CMalloc) && os(Linux)
        return mallopt(M_MMAP_THRESHOLD, 1 << 20) == 1
        #else
        return false
        #endif
    }
}
