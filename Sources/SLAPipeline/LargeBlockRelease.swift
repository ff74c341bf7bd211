#if canImport(CMalloc) && canImport(Glibc)
import CMalloc
#endif

/// How freed memory goes back to the system while reports are written.
///
/// glibc maps a large block on its own only while it is above a threshold that it raises to
/// the size of each such block freed (up to 32 MB), and gives the heap's free top back only
/// above a threshold it raises to twice that; below them, freed space stays with the process.
/// A report frees tens of megabytes of ticket rows at times that depend on its threads, so its
/// resident peak was the sum of such leftovers: fixed thresholds of a megabyte give each large
/// block back when it is freed (the 1M week's peak 86 MB against 93 MB, in the same time), and
/// what an import and a recompute freed before the report (in `run`) is given back first.
enum LargeBlockRelease {
    /// Blocks of a megabyte or more are mapped on their own from now on, and free heap beyond
    /// a megabyte is given back (the whole process); what is free now is given back at once.
    /// Returns whether the allocator took the settings (false where it is not glibc's).
    @discardableResult
    static func start() -> Bool {
        #if canImport(CMalloc) && canImport(Glibc)
        let mapped = mallopt(M_MMAP_THRESHOLD, 1 << 20) == 1
        let trimmed = mallopt(M_TRIM_THRESHOLD, 1 << 20) == 1
        malloc_trim(0)
        return mapped && trimmed
        #else
        return false
        #endif
    }
}
