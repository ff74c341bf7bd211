import Foundation

/// A period's ticket list handed, in its order and in batches as it is read, from the thread
/// that reads the report's tickets to the threads that write it (the per-ticket CSV and the
/// workbook's Tickets sheet), so that the list is never held whole: at a million tickets a
/// week's list is 14 MB of rows, a month's about 60 MB.
///
/// One producer appends rows and finishes (or abandons); each of `readers` reads every row once,
/// in order, on a thread of its own (`rows(reader:)`). A batch is let go once every reader has
/// read it, and the producer waits while `batchesAhead` batches wait for the slowest reader.
public final class PeriodTicketFeed: @unchecked Sendable {
    /// Rows per batch: large enough that the lock is taken rarely, small enough to hold little.
    public static let batchSize = 1024
    /// Batches that may wait for the slowest reader before the producer waits.
    static let batchesAhead = 4

    private let condition = NSCondition()
    /// The batches not yet read by every reader; `batches[0]` is batch number `firstBatch`.
    private var batches: [[PeriodTicket]] = []
    private var firstBatch = 0
    /// Per reader: the number of the next batch it reads; `Int.max` once it stopped reading.
    private var cursors: [Int]
    private var finished = false
    private var abandoned = false
    /// The producer's batch being filled (the producer's own; not under the lock).
    private var filling: [PeriodTicket] = []
    /// How many rows were appended (the producer's own).
    public private(set) var count = 0

    /// A feed read by `readers` readers, numbered from 0. With none, rows are let go as appended.
    public init(readers: Int) {
        cursors = Array(repeating: 0, count: readers)
        filling.reserveCapacity(Self.batchSize)
    }

    // MARK: Producer

    /// Appends the list's next row; may wait for the readers.
    public func append(_ row: PeriodTicket) {
        filling.append(row)
        count += 1
        if filling.count == Self.batchSize { publish() }
    }

    /// Whether the list was finished (`finish()`).
    public var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    /// Says the list is complete: readers read to its end.
    public func finish() {
        publish(last: true)
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Says the list will not be completed: readers stop early. Call it on every way out of a
    /// producer that did not finish, or readers would wait for good; after `finish()`, nothing.
    public func abandon() {
        condition.lock()
        if !finished {
            abandoned = true
            batches = []
        }
        condition.broadcast()
        condition.unlock()
    }

    private func publish(last: Bool = false) {
        guard !filling.isEmpty else { return }
        condition.lock()
        while !abandoned && batches.count >= Self.batchesAhead { condition.wait() }
        if !abandoned {
            batches.append(filling)
            dropBatchesRead()
            condition.broadcast()
        }
        condition.unlock()
        filling = []
        if !last { filling.reserveCapacity(Self.batchSize) }
    }

    /// Lets go of the batches every reader has read; under the lock.
    private func dropBatchesRead() {
        let slowest = cursors.min() ?? .max
        let read = min(batches.count, max(0, slowest - firstBatch))
        guard read > 0 else { return }
        batches.removeFirst(read)
        firstBatch += read
    }

    // MARK: Readers

    /// Hands `body` every row of the list in order, on the reader's thread, as batches come;
    /// false when the producer abandoned the list first. A reader that throws stops reading (the
    /// producer no longer waits for it). Once per reader.
    public func forEach<Failure: Error>(reader: Int, _ body: (PeriodTicket) throws(Failure) -> Void) throws(Failure) -> Bool {
        var next = 0
        defer { stopReading(reader) }
        while true {
            condition.lock()
            while !abandoned && !finished && next >= firstBatch + batches.count { condition.wait() }
            if abandoned {
                condition.unlock()
                return false
            }
            guard next < firstBatch + batches.count else {
                condition.unlock()
                return true
            }
            let batch = batches[next - firstBatch]
            condition.unlock()
            for row in batch { try body(row) }
            next += 1
            condition.lock()
            cursors[reader] = next
            dropBatchesRead()
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Says `reader` reads no more (it may not have started): the producer no longer waits for
    /// it. Every reader's thread calls it on its way out, whether it read the list or failed first.
    public func stopReading(_ reader: Int) {
        condition.lock()
        cursors[reader] = .max
        dropBatchesRead()
        condition.broadcast()
        condition.unlock()
    }
}

/// The rows of a period's ticket list as a file writer reads them: held by the report, or
/// fed to the writer as they are read (`PeriodTicketFeed`).
public enum PeriodTicketRows: Sendable {
    case held([PeriodTicket])
    case fed(PeriodTicketFeed, reader: Int)

    /// The feed was abandoned before its end: the report failed, and so does this file.
    struct Abandoned: Error {}

    /// Hands `body` every row in order; throws `abandoned()` when a feed was abandoned before
    /// its end.
    func forEach<Failure: Error>(_ body: (PeriodTicket) throws(Failure) -> Void,
                                 abandoned: () -> Failure) throws(Failure) {
        switch self {
        case .held(let rows):
            for row in rows { try body(row) }
        case .fed(let feed, let reader):
            guard try feed.forEach(reader: reader, body) else { throw abandoned() }
        }
    }

    /// Says this reader reads no more (see `PeriodTicketFeed.stopReading`); nothing when held.
    func stopReading() {
        if case .fed(let feed, let reader) = self { feed.stopReading(reader) }
    }

    /// About how many rows one piece of work sees (for reserving room).
    var sizeHint: Int {
        switch self {
        case .held(let rows): return rows.count
        case .fed: return PeriodTicketFeed.batchSize
        }
    }
}
