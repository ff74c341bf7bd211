import Foundation
import CFileWriteback
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// While a long write goes on, asks the kernel every `interval` to start writing the dirty pages
/// of the database's files to disk, so that an `fsync` at the end waits for the last pages only
/// instead of all of them. Without it the kernel writes nothing back during a write of a few
/// seconds (its thresholds are a share of memory, or 30 s): the final `fsync` of a new
/// 100,000-ticket database took 0.30-0.35 s of a 3.9-4.5 s import (0.17-0.19 s with it).
///
/// A file that does not exist yet (a write-ahead log before the first write) is opened at a
/// later tick. Best effort: a file it cannot open, or a kernel that refuses, only leaves the
/// work to the `fsync`, which still decides whether the write succeeded. Its owner calls `stop()`:
/// the thread holds the instance until then.
final class BackgroundWriteback: @unchecked Sendable {
    private let paths: [String]
    private var descriptors: [Int32]
    private let interval: TimeInterval
    private let stopped = NSCondition()
    private var stopping = false
    private var running = true

    /// Starts on a thread of its own.
    init(paths: [String], interval: TimeInterval = 0.1) {
        self.paths = paths
        descriptors = Array(repeating: -1, count: paths.count)
        self.interval = interval
        let thread = Thread { [self] in run() }
        thread.name = "slareport writeback"
        thread.start()
    }

    private func run() {
        stopped.lock()
        defer {
            for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
            running = false
            stopped.broadcast()
            stopped.unlock()
        }
        while !stopping {
            for index in paths.indices {
                if descriptors[index] < 0 { descriptors[index] = open(paths[index], O_RDONLY | O_CLOEXEC) }
                // Queued, not waited for: the call returns at once.
                if descriptors[index] >= 0 { _ = slareport_start_writeback(descriptors[index]) }
            }
            _ = stopped.wait(until: Date(timeIntervalSinceNow: interval))
        }
    }

    /// Stops the thread, waiting for it (its files are closed); a second call does nothing.
    func stop() {
        stopped.lock()
        defer { stopped.unlock() }
        stopping = true
        stopped.broadcast()
        while running { stopped.wait() }
    }
}
