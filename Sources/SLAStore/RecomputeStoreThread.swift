import Foundation
import SLAModel

/// A recompute's SQLite work on the write transaction's connection, on a thread of its own:
/// it stores the replays handed back and, unless a `RecomputeReadThread` reads on another
/// connection, reads tickets with their events in batches too, while the calling thread
/// replays (see `TicketStore.replayAndStore`).
///
/// Until `RecomputeHandOff.waitForThreads()` returned, this thread is the only user of the
/// connection: the calling thread must not touch the database meanwhile.
final class RecomputeStoreThread: @unchecked Sendable {
    /// Tickets per batch.
    static let batchSize = 256

    private let reader: TicketEventReader?
    private let writer: ReplayResultWriter
    private let handOff: RecomputeHandOff

    private init(reader: TicketEventReader?, writer: ReplayResultWriter, handOff: RecomputeHandOff) {
        self.reader = reader
        self.writer = writer
        self.handOff = handOff
    }

    /// Starts the thread; with a `reader` (on the same connection as `writer`), it reads as well.
    static func start(reader: TicketEventReader?, writer: ReplayResultWriter, handOff: RecomputeHandOff) {
        let work = RecomputeStoreThread(reader: reader, writer: writer, handOff: handOff)
        handOff.startThread { try work.run() }
    }

    private func run() throws {
        while true {
            switch handOff.nextStoreWork(reads: reader != nil) {
            case .store(let batch):
                for index in batch.ids.indices { try writer.save(batch.replays[index], ticketID: batch.ids[index]) }
                // Each batch's results are all stored before the next work (a full recompute's are gathered).
                try writer.flush()
            case .read:
                guard let reader else { return }
                let batch = try reader.nextBatch(size: Self.batchSize)
                // There is room: the hand-off asked for this batch.
                if !batch.ids.isEmpty { _ = handOff.offer(batch) }
                if batch.ids.count < Self.batchSize { handOff.finishReading() }
            case .finished:
                return
            }
        }
    }
}
