import Foundation
import SLAModel

/// Reads a file on a second thread while the caller's sink (the database writer) consumes
/// what was parsed on the calling thread: parsing and SQLite each get a core. Records cross
/// in batches through a bounded queue, so memory stays flat whatever the file's size.
/// Same results and errors as `FileImporter.read`: the sink sees the same calls in the same
/// order, a bad row's error is thrown after the rows before it were handed over, and an error
/// from the sink stops the reader.
public enum PipelinedFileImporter {
    /// Records per batch, and batches the queue holds before the reader waits.
    static let batchSize = 2048
    static let queuedBatches = 8

    public static func read<Sink: ImportSink>(path: String, format: ImportFormat?, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        // A mapping profile stages its rows through the sink's own store (the database), which
        // only the calling thread may use: read it there (the profile reader pipelines its second pass itself).
        if format == .profile || options.profile != nil {
            return try FileImporter.read(path: path, format: format, options: options, into: &sink)
        }
        return try produce(into: &sink) { forward in
            try FileImporter.read(path: path, format: format, options: options, into: &forward)
        }
    }

    /// Runs `producer` on a second thread with a sink that hands its calls over in batches, and
    /// makes the same calls on `sink` on the calling thread; returns what `producer` returned.
    /// The producer's error is thrown after the calls it made before it were handed over; an
    /// error from `sink` stops the producer (its next call throws) and is thrown instead.
    /// The producer must leave everything the calling thread uses alone.
    static func produce<Sink: ImportSink, Value>(into sink: inout Sink,
                                                 _ producer: @escaping (inout ForwardingSink) throws -> Value) throws -> Value {
        let queue = RecordQueue(capacity: queuedBatches)
        let outcome = ProducerOutcome<Value>()
        let work = UncheckedSendable(producer)
        let thread = Thread {
            var forward = ForwardingSink(queue: queue)
            do {
                let value = try work.value(&forward)
                forward.flush()
                outcome.set(.success(value))
            } catch {
                forward.flush()
                outcome.set(.failure(error))
            }
            queue.close()
        }
        thread.stackSize = 8 << 20
        thread.start()
        var sinkError: Error?
        while let batch = queue.next() {
            guard sinkError == nil else { continue }
            do {
                try batch.deliver(into: &sink)
            } catch {
                // Stop the producer; keep draining so it is never left waiting on a full queue.
                sinkError = error
                queue.cancel()
            }
            queue.giveBack(consume batch)
        }
        let result = outcome.wait()
        if let sinkError { throw sinkError }
        return try result.get()
    }

    /// Hands a value that only one thread at a time uses to the producer's thread.
    struct UncheckedSendable<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// The calls the reader made on its sink, in order: each kind's values in an array of its own,
    /// so the writing thread hands each value to its sink where it lies. (An array of enum cases
    /// with the values as payloads was copied out case by case: a retain and a release of each
    /// of an event's texts on the busier thread.)
    struct RecordBatch: Sendable {
        enum Kind: UInt8, Sendable { case ticket, event, complete }
        private(set) var kinds: [Kind] = []
        private var tickets: [Ticket] = []
        /// Each ticket's `contentHash`, when the reader handed it over.
        private var ticketHashes: [String?] = []
        private var events: [LifecycleEvent] = []
        /// The line of each ticket and event, in call order.
        private var lines: [Int] = []
        private var completions: [(number: String, identities: [String], profileScope: String)] = []

        var count: Int { kinds.count }
        var isEmpty: Bool { kinds.isEmpty }

        mutating func reserveCapacity(_ count: Int) {
            kinds.reserveCapacity(count)
            events.reserveCapacity(count)
            lines.reserveCapacity(count)
        }

        mutating func removeAll() {
            kinds.removeAll(keepingCapacity: true)
            tickets.removeAll(keepingCapacity: true)
            ticketHashes.removeAll(keepingCapacity: true)
            events.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            completions.removeAll(keepingCapacity: true)
        }

        mutating func append(ticket: Ticket, contentHash: String?, line: Int) {
            kinds.append(.ticket)
            tickets.append(ticket)
            ticketHashes.append(contentHash)
            lines.append(line)
        }

        mutating func append(event: consuming LifecycleEvent, line: Int) {
            kinds.append(.event)
            events.append(event)
            lines.append(line)
        }

        mutating func appendCompletion(ofTicket number: String, identities: [String], profileScope: String) {
            kinds.append(.complete)
            completions.append((number, identities, profileScope))
        }

        /// Makes the same calls on `sink`, in the same order.
        func deliver<Sink: ImportSink>(into sink: inout Sink) throws {
            // Through buffer pointers, whose elements are lent where they lie (an array's
            // subscript copied each event here).
            try tickets.withUnsafeBufferPointer { tickets in
                try events.withUnsafeBufferPointer { events in
                    var ticket = 0, event = 0, line = 0, completion = 0
                    for kind in kinds {
                        switch kind {
                        case .ticket:
                            if let hash = ticketHashes[ticket] {
                                try sink.accept(ticket: tickets[ticket], contentHash: hash, line: lines[line])
                            } else {
                                try sink.accept(ticket: tickets[ticket], line: lines[line])
                            }
                            ticket += 1
                            line += 1
                        case .event:
                            try sink.accept(event: events[event], line: lines[line])
                            event += 1
                            line += 1
                        case .complete:
                            let call = completions[completion]
                            try sink.completeHistory(ofTicket: call.number, identities: call.identities, profileScope: call.profileScope)
                            completion += 1
                        }
                    }
                }
            }
        }
    }

    /// Why the reader stopped early: the consuming side failed.
    struct Cancelled: Error {}

    /// The reader's side: collects records into batches and hands them over.
    struct ForwardingSink: ImportSink {
        let queue: RecordQueue
        var batch = RecordBatch()

        init(queue: RecordQueue) {
            self.queue = queue
            batch.reserveCapacity(PipelinedFileImporter.batchSize)
        }

        /// Hands the batch over once it is full.
        mutating func handOverWhenFull() throws {
            if batch.count >= PipelinedFileImporter.batchSize {
                guard queue.put(batch) else { throw Cancelled() }
                // Refill a batch the consumer is done with: its records are freed here, on the
                // reader's thread, instead of on the writer's (which is the busier one).
                batch = queue.takeSpent() ?? RecordBatch()
                batch.removeAll()
                batch.reserveCapacity(PipelinedFileImporter.batchSize)
            }
        }

        mutating func flush() {
            if !batch.isEmpty { _ = queue.put(batch) }
            batch.removeAll()
        }

        mutating func accept(ticket: Ticket, line: Int) throws {
            batch.append(ticket: ticket, contentHash: nil, line: line)
            try handOverWhenFull()
        }
        mutating func accept(ticket: Ticket, contentHash: String, line: Int) throws {
            batch.append(ticket: ticket, contentHash: contentHash, line: line)
            try handOverWhenFull()
        }
        mutating func accept(event: consuming LifecycleEvent, line: Int) throws {
            batch.append(event: event, line: line)
            try handOverWhenFull()
        }
        mutating func completeHistory(ofTicket number: String, identities: [String], profileScope: String) throws {
            batch.appendCompletion(ofTicket: number, identities: identities, profileScope: profileScope)
            try handOverWhenFull()
        }
    }

    /// A bounded first-in first-out queue of batches between the two threads.
    final class RecordQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var batches: [RecordBatch] = []
        private let capacity: Int
        private var closed = false
        private var cancelled = false
        /// Batches the consumer is done with, for the reader to empty and reuse.
        private var spent: [RecordBatch] = []

        init(capacity: Int) { self.capacity = capacity }

        /// Adds a batch, waiting while the queue is full; false when the consumer cancelled.
        func put(_ batch: RecordBatch) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= capacity && !cancelled { condition.wait() }
            if cancelled { return false }
            batches.append(batch)
            condition.broadcast()
            return true
        }

        /// The next batch, waiting for one; nil once the reader closed the queue and it is empty.
        func next() -> RecordBatch? {
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty && !closed { condition.wait() }
            guard !batches.isEmpty else { return nil }
            // At most `capacity` batches are held: a consumed one is dropped at once.
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }

        /// Takes back a batch the consumer is done with (kept for the reader while it reads and
        /// fewer than `capacity` wait; otherwise it is freed when this returns).
        func giveBack(_ batch: consuming RecordBatch) {
            condition.lock()
            let keep = !closed && !cancelled && spent.count < capacity
            if keep { spent.append(batch) }
            condition.unlock()
        }

        /// A batch the consumer is done with, if any: still holding its records.
        func takeSpent() -> RecordBatch? {
            condition.lock()
            defer { condition.unlock() }
            return spent.popLast()
        }

        func close() {
            condition.lock()
            closed = true
            spent.removeAll()
            condition.broadcast()
            condition.unlock()
        }

        func cancel() {
            condition.lock()
            cancelled = true
            batches.removeAll()
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The producer's value or error, handed to the calling thread.
    final class ProducerOutcome<Value>: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<Value, Error>?

        func set(_ value: Result<Value, Error>) {
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }

        func wait() -> Result<Value, Error> {
            condition.lock()
            defer { condition.unlock() }
            while result == nil { condition.wait() }
            return result!
        }
    }
}
