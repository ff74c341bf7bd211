import Foundation
import SLAModel

/// Tickets with their events on their way to the replay, and then their replays on the way
/// to the store.
struct ReplayBatch {
    var ids: [Int64] = []
    var tickets: [Ticket] = []
    var events: [[LifecycleEvent]] = []
    var replays: [TicketReplay] = []
}

/// The two hand-offs of a recompute's threads: batches to replay (from the thread that reads,
/// `RecomputeReadThread` or `RecomputeStoreThread`) and replayed batches to store (to
/// `RecomputeStoreThread`). Each side waits while `capacity` batches wait for the next stage
/// (the store thread, when it also reads, stores whatever is replayed before it reads more),
/// so at most about twice `capacity` batches are in memory at once, whichever stage is slowest.
final class RecomputeHandOff: @unchecked Sendable {
    /// What the SQLite thread does next.
    enum StoreWork {
        case store(ReplayBatch)
        case read
        case finished
    }

    private let condition = NSCondition()
    private let capacity: Int
    private var toReplay: [ReplayBatch] = []
    private var toStore: [ReplayBatch] = []
    private var readingDone = false
    private var replayDone = false
    private var cancelled = false
    private var threadsRunning = 0
    private var threadError: Error?

    init(capacity: Int) { self.capacity = capacity }

    // MARK: The SQLite thread

    /// Waits until there is something to do: store a replayed batch, read another one (when
    /// `reads`, while fewer than `capacity` wait), or end (everything stored, or cancelled).
    func nextStoreWork(reads: Bool) -> StoreWork {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return .finished }
            if !toStore.isEmpty {
                condition.broadcast()
                return .store(toStore.removeFirst())
            }
            if reads && !readingDone && toReplay.count < capacity { return .read }
            if readingDone && replayDone { return .finished }
            condition.wait()
        }
    }

    /// Hands a batch over to the replay, waiting while `capacity` batches wait for it; false
    /// when the work was cancelled.
    func offer(_ batch: ReplayBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while toReplay.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        toReplay.append(batch)
        condition.broadcast()
        return true
    }

    /// No more batches will be offered.
    func finishReading() {
        condition.lock()
        readingDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` (reading or storing) on a thread of its own, which `waitForThreads()` waits
    /// for; when it throws, all the work stops. `body`, and the prepared statements it holds,
    /// is released before the thread counts as ended: Foundation may keep a finished thread's
    /// closure alive, and a statement left unfinalized keeps the connection from closing.
    func startThread(_ body: @escaping @Sendable () throws -> Void) {
        condition.lock()
        threadsRunning += 1
        condition.unlock()
        let work = ThreadWork(body)
        let thread = Thread { [self] in threadEnded(error: work.runOnce()) }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// A thread's body, dropped as soon as it has run.
    private final class ThreadWork: @unchecked Sendable {
        private var body: (() throws -> Void)?

        init(_ body: @escaping () throws -> Void) { self.body = body }

        /// Runs the body once and releases it; the error it threw, if any.
        func runOnce() -> Error? {
            guard let body else { return nil }
            self.body = nil
            do { try body(); return nil } catch { return error }
        }
    }

    private func threadEnded(error: Error?) {
        condition.lock()
        threadsRunning -= 1
        if threadError == nil { threadError = error }
        if error != nil { cancelLocked() }
        condition.broadcast()
        condition.unlock()
    }

    // MARK: The replaying thread

    /// The next batch to replay, waiting for one; nil when all were handed over or the work was cancelled.
    func nextToReplay() -> ReplayBatch? {
        condition.lock()
        defer { condition.unlock() }
        while toReplay.isEmpty && !readingDone && !cancelled { condition.wait() }
        guard !cancelled, !toReplay.isEmpty else { return nil }
        let batch = toReplay.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Hands a replayed batch back to be stored, waiting while `capacity` batches wait for the
    /// store thread (when it is the slowest, the replay must not run ahead of it).
    func handBack(_ batch: ReplayBatch) {
        condition.lock()
        defer { condition.unlock() }
        while toStore.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return }
        toStore.append(batch)
        condition.broadcast()
    }

    /// Every batch was replayed and handed back.
    func finishReplay() {
        condition.lock()
        replayDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the work (the replay failed): the other threads end without reading or storing more.
    func cancel() {
        condition.lock()
        cancelLocked()
        condition.broadcast()
        condition.unlock()
    }

    /// Marks the work cancelled and drops the waiting batches; the caller holds the lock.
    private func cancelLocked() {
        cancelled = true
        toReplay.removeAll()
        toStore.removeAll()
    }

    /// Waits for the threads that read or store to end; the first error of theirs, if any.
    func waitForThreads() -> Error? {
        condition.lock()
        defer { condition.unlock() }
        while threadsRunning > 0 { condition.wait() }
        return threadError
    }
}
