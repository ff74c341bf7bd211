import Foundation
import SLAModel

/// Stages a profile file's rows on a second thread while the calling thread parses and checks
/// the next ones: CSV parsing and SQLite's inserts each get a core (the osTicket path gets the
/// same from `PipelinedFileImporter`). Rows cross in batches through a bounded queue, so memory
/// stays flat; they are staged in the order they were handed over.
///
/// The caller must not use the store's database until `finish()` returned: until then the
/// staging thread is the only user of the connection.
final class StagingThread: @unchecked Sendable {
    /// Rows per batch, and batches held before the parsing side waits.
    static let batchSize = 1024
    static let queuedBatches = 8

    /// Released on the staging thread before `finish()` returns: the thread outlives that, and
    /// were it the store's last holder, the store's statements would be finalized there while the
    /// caller uses the connection again.
    private var store: ProfileRowStore?
    private let condition = NSCondition()
    private var batches: [[StagedRow]] = []
    private var closed = false
    private var failure: Error?
    private var done = false
    private var pending: [StagedRow] = []

    init(store: ProfileRowStore) {
        self.store = store
        pending.reserveCapacity(Self.batchSize)
        let thread = Thread { [self] in drain() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Hands a row over; throws the staging thread's error, if it failed.
    func stage(_ row: StagedRow) throws {
        pending.append(row)
        guard pending.count >= Self.batchSize else { return }
        try put(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Stages what is left, waits for the staging thread to end, and throws its error, if any.
    func finish() throws {
        if !pending.isEmpty { try? put(pending) }
        pending = []
        condition.lock()
        closed = true
        condition.broadcast()
        while !done { condition.wait() }
        let failure = failure
        condition.unlock()
        if let failure { throw failure }
    }

    private func put(_ batch: [StagedRow]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.queuedBatches && failure == nil { condition.wait() }
        if let failure { throw failure }
        batches.append(batch)
        condition.broadcast()
    }

    private func drain() {
        while true {
            condition.lock()
            while batches.isEmpty && !closed { condition.wait() }
            guard !batches.isEmpty else {
                store = nil
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = batches.removeFirst()
            condition.broadcast()
            condition.unlock()
            guard failure == nil else { continue }   // after an error, only drain
            do {
                for row in batch { try store?.stage(row) }
            } catch {
                condition.lock()
                failure = error
                batches.removeAll()
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
