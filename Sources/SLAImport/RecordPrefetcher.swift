import Foundation

/// Reads a delimited file's records on a second thread, a bounded number of batches ahead of
/// the caller: the profile reader's first pass splits the CSV parsing from the checking and
/// staging of each row, so both cores work while it reads (nothing is written yet then).
///
/// Records come as bytes (`RawRecords` batches, no `String` per field), and each batch goes
/// back to the reading thread once the caller took the next one: the same buffers go round,
/// so nothing is allocated on one thread and freed on the other per row.
///
/// `nextBatch()` gives the same records and the same error, at the same point, as the reader's
/// own `next()`. The reader must not be used by anyone else until `stop()` returned.
final class RecordPrefetcher: @unchecked Sendable {
    /// Records per batch (fewer when their bytes pass `batchBytes`), and batches held before the
    /// reading thread waits.
    static let batchSize = 512
    static let batchBytes = 1 << 20
    static let queuedBatches = 16

    private let condition = NSCondition()
    private var batches: [RawRecords] = []
    /// Batches handed back, to be filled again.
    private var free: [RawRecords] = []
    /// What ended the reading: the end of the file (nil) or the reader's error.
    private var ending: ImportError?
    private var ended = false
    private var stopped = false
    /// The reading thread returned (it no longer touches the reader).
    private var finished = false
    /// The batch the caller holds.
    private var current: RawRecords?

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
        var batch = RawRecords()
        var failure: ImportError?
        do {
            while try reader.next(into: batch) {
                if batch.count == Self.batchSize || batch.bytes.count >= Self.batchBytes {
                    guard let emptied = put(batch) else { return }
                    batch = emptied
                }
            }
        } catch {
            failure = error
        }
        if batch.count > 0 { guard put(batch) != nil else { return } }
        condition.lock()
        ending = failure
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands a batch over, waiting while the queue is full, and gives an empty batch to fill
    /// next; nil once the caller stopped.
    private func put(_ batch: RawRecords) -> RawRecords? {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.queuedBatches && !stopped { condition.wait() }
        guard !stopped else { return nil }
        batches.append(batch)
        condition.broadcast()
        guard let reused = free.popLast() else { return RawRecords() }
        reused.removeAll()
        return reused
    }

    /// The next batch of records (never empty), or nil at the end of the file; throws the
    /// reader's error after the records before it. The batch returned before is taken back:
    /// the caller must not use it any more.
    func nextBatch() throws(ImportError) -> RawRecords? {
        condition.lock()
        if let current {
            free.append(current)
            self.current = nil
        }
        while batches.isEmpty && !ended { condition.wait() }
        guard !batches.isEmpty else {
            let ending = ending
            condition.unlock()
            if let ending { throw ending }
            return nil
        }
        let batch = batches.removeFirst()
        current = batch
        condition.broadcast()
        condition.unlock()
        return batch
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
