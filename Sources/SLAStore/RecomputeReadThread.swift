import Foundation
import GRDB
import SLAModel

/// Reads every ticket with its events for a full recompute on a connection of its own (a
/// third thread beside the replay and `RecomputeStoreThread`), in batches through the hand-off.
///
/// It must start after the write transaction began: that transaction holds the write lock, so
/// no commit lands between its start and this read transaction's, and this reader sees what the
/// writer sees of tickets and events, provided the writer has changed neither (a full recompute
/// changes only the result tables before it has replayed everything).
final class RecomputeReadThread: @unchecked Sendable {
    private let pool: DatabasePool
    private let handOff: RecomputeHandOff

    private init(pool: DatabasePool, handOff: RecomputeHandOff) {
        self.pool = pool
        self.handOff = handOff
    }

    /// Starts the thread.
    static func start(pool: DatabasePool, handOff: RecomputeHandOff) {
        let work = RecomputeReadThread(pool: pool, handOff: handOff)
        handOff.startThread { try work.run() }
    }

    private func run() throws {
        try pool.read { db in
            let reader = try TicketEventReader(db, onlyChanged: false, columns: .replayed)
            while true {
                let batch = try reader.nextBatch(size: RecomputeStoreThread.batchSize)
                if !batch.ids.isEmpty, !handOff.offer(batch) { return }
                if batch.ids.count < RecomputeStoreThread.batchSize { break }
            }
        }
        handOff.finishReading()
    }
}
