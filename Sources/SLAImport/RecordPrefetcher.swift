import Foundation

/// Reads a delimited file's records on a second thread, a bounded number of batches ahead of
/// the caller: the profile reader's first pass splits the CSV parsing from the checking and
/// staging of each row, so both cores work while it reads (nothing is written yet then).
///
/// `next()` gives the same records and the same error, at the same point, as the reader's own
/// `next()`. The reader must not be used by anyone else until `stop()` returned.
final class RecordPrefetcher: @unchecked Sendable {
    /// Records per batch, and batches held before the reading thread waits.
    static let batchSize = 512
    static let queuedBatches = 16

    private let condition = NSCondition()
    private var batches: [[Record]] = []
    /// What ended the reading: the end of the file (nil) or the reader's error.
    private var ending: ImportError?
    private var ended = false
    private var stopped = false
    /// The reading thread returned (it no longer touches the reader).
    private var finished = false
    private var current: [Record] = []
    private var position = 0

    init(reader: DelimitedReader) {
        let handed = PipelinedFileImporter.UncheckedSendable(reader)
        let thread = Thread { [self] in read(handed.value) }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func read(_ reader: DelimitedReader) {
        defer {
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        var batch: [Record] = []
        batch.reserveCapacity(Self.batchSize)
        var failure: ImportError?
        do {
            while let record = try reader.next() {
                batch.append(record)
                if batch.count == Self.batchSize {
                    guard put(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            failure = error
        }
        if !batch.isEmpty { guard put(batch) else { return } }
        condition.lock()
        ending = failure
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands a batch over, waiting while the queue is full; false once the caller stopped.
    private func put(_ batch: [Record]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.queuedBatches && !stopped { condition.wait() }
        guard !stopped else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next record, or nil at the end of the file; throws the reader's error after the
    /// records before it.
    func next() throws(ImportError) -> Record? {
        if position < current.count {
            position += 1
            return current[position - 1]
        }
        condition.lock()
        while batches.isEmpty && !ended { condition.wait() }
        guard !batches.isEmpty else {
            let ending = ending
            condition.unlock()
            if let ending { throw ending }
            return nil
        }
        current = batches.removeFirst()
        condition.broadcast()
        condition.unlock()
        position = 1
        return current[0]
    }

    /// Stops the reading thread and waits until it no longer uses the reader (the caller may
    /// close the file then); the records not yet taken are dropped. Must be called once the
    /// caller is done, also on an error, or the reading thread waits forever.
    func stop() {
        condition.lock()
        stopped = true
        batches.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
