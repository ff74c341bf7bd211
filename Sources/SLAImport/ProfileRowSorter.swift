import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SLAModel

/// Orders one file's staged rows for the profile reader's second pass: an external merge sort
/// of compact byte records. Rows are appended to a buffer in memory; when the buffer passes half
/// the budget it is sorted and written out as a sorted run to a temporary file beside the
/// database, on another thread, while rows fill a second buffer (the other half); at the end the
/// runs are merged (when nothing spilled, the buffer is just sorted). Memory
/// stays bounded by the budget however a file spreads a case's rows, and no SQLite statement is
/// stepped per row, so the second pass can derive on one thread while the database writes on another.
///
/// The order is `ProfileRowStore.forEachStagedCase`'s: case id (bytes), ticket rows first, then
/// time, tie-break (missing first, numbers, then text by bytes), file order.
///
/// Spilled runs are opened with `O_EXCL` and unlinked at once (only the open descriptor keeps
/// them), so they are gone on success, on error and even when the process is killed.
final class ProfileRowSorter {
    /// Runs merged at once; more are first merged into longer runs (bounded open files).
    static let mergeFanIn = 32

    private let budget: Int
    private let spillPath: String
    private let profile: String
    private let role: String
    private let file: String
    /// Records in append order, and where each starts in `arena`.
    private var arena: ByteBuffer
    private var offsets: [Int] = []
    private var runs: [RunFile] = []
    private var spillCount = 0
    /// The run being sorted and written on another thread while rows go on filling the other buffer.
    private var pending: SpillJob?
    /// The thread runs are spilled on, started at the first spill: one thread for every run, so
    /// its allocations (the sort's) reuse one malloc arena instead of one per thread.
    private var spillWorker: SpillWorker?

    /// Sorted runs written to disk so far (0: everything was sorted in memory).
    /// (Counted when a run's file is made, before the run is written on the spilling thread.)
    var spilledRuns: Int { spillCount }

    /// - Parameters:
    ///   - budget: bytes of records held in memory before a sorted run is spilled.
    ///   - spillPath: spilled runs are named after it (`<spillPath>.profile-sort-<pid>-<n>`).
    init(budget: Int, spillPath: String, profile: String, role: String, file: String) {
        self.budget = max(budget, 1)
        self.spillPath = spillPath
        self.profile = profile
        self.role = role
        self.file = file
        // Reserved up front (pages are only touched as rows come), so the buffer never doubles
        // past its half of the budget (the other half is the run being spilled meanwhile).
        arena = ByteBuffer(capacity: self.budget / 2 + 4096)
    }

    deinit {
        _ = try? finishSpill()
        spillWorker?.stop()
        for run in runs { close(run.descriptor) }
    }

    // MARK: Records

    // A record: u32 length of the whole record, u8 flags (1: ticket row, 2: the tie-break is a
    // number), i64 time, f64 tie sort key, i64 file order, i64 line, u32 lengths of the case id,
    // tie text and payload, then their bytes.
    private static let headerSize = 49

    /// Appends one row (its profile, role and file are the sorter's).
    func add(_ row: StagedRow) throws {
        var caseID = row.caseID, tieText = row.tieText
        let payload = Array(row.payload.utf8)
        try caseID.withUTF8 { caseBytes in
            try tieText.withUTF8 { tieBytes in
                try payload.withUnsafeBytes { payloadBytes in
                    try add(isTicketRow: row.isTicketRow, caseID: caseBytes, time: row.time, tieNumber: row.tieNumber,
                            tieText: tieBytes, sequence: row.sequence, line: row.line, payload: payloadBytes)
                }
            }
        }
    }

    /// Appends one row from its parts' bytes: `payload` is its values encoded by `StagedFields`
    /// (the reader builds them in one reused buffer, no string per row).
    func add(isTicketRow: Bool, caseID: UnsafeBufferPointer<UInt8>, time: Instant, tieNumber: Double?,
             tieText: UnsafeBufferPointer<UInt8>, sequence: Int64, line: Int, payload: UnsafeRawBufferPointer) throws {
        let length = Self.headerSize + caseID.count + tieText.count + payload.count
        offsets.append(arena.count)
        var flags: UInt8 = isTicketRow ? 1 : 0
        if tieNumber != nil { flags |= 2 }
        let tieSortKey = tieNumber ?? (tieText.isEmpty ? -Double.greatestFiniteMagnitude : Double.greatestFiniteMagnitude)
        // One capacity check, the header stored in place, then the three parts copied.
        arena.reserve(length)
        let start = arena.count
        arena.appendUninitialized(Self.headerSize)
        arena.store(UInt32(length), at: start)
        arena.store(flags, at: start + 4)
        arena.store(time.secondsSinceEpoch, at: start + 5)
        arena.store(tieSortKey.bitPattern, at: start + 13)
        arena.store(sequence, at: start + 21)
        arena.store(Int64(line), at: start + 29)
        arena.store(UInt32(caseID.count), at: start + 37)
        arena.store(UInt32(tieText.count), at: start + 41)
        arena.store(UInt32(payload.count), at: start + 45)
        arena.append(caseID)
        arena.append(tieText)
        arena.append(payload)
        if arena.count + offsets.count * MemoryLayout<Int>.stride >= budget / 2 { try startSpill() }
    }

    @inline(__always)
    private static func load<T: FixedWidthInteger>(_ base: UnsafeRawPointer, _ offset: Int, as type: T.Type) -> T {
        T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Whether the record at `a` comes before the record at `b`.
    @inline(__always)
    private static func precedes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Bool {
        let caseA = Int(load(a, 37, as: UInt32.self)), caseB = Int(load(b, 37, as: UInt32.self))
        let order = memcmp(a + headerSize, b + headerSize, min(caseA, caseB))
        if order != 0 { return order < 0 }
        if caseA != caseB { return caseA < caseB }
        let ticketA = load(a, 4, as: UInt8.self) & 1, ticketB = load(b, 4, as: UInt8.self) & 1
        if ticketA != ticketB { return ticketA > ticketB }
        let timeA = load(a, 5, as: Int64.self), timeB = load(b, 5, as: Int64.self)
        if timeA != timeB { return timeA < timeB }
        let tieA = Double(bitPattern: load(a, 13, as: UInt64.self)), tieB = Double(bitPattern: load(b, 13, as: UInt64.self))
        if tieA < tieB { return true }
        if tieB < tieA { return false }
        let textA = Int(load(a, 41, as: UInt32.self)), textB = Int(load(b, 41, as: UInt32.self))
        let textOrder = memcmp(a + headerSize + caseA, b + headerSize + caseB, min(textA, textB))
        if textOrder != 0 { return textOrder < 0 }
        if textA != textB { return textA < textB }
        return load(a, 21, as: Int64.self) < load(b, 21, as: Int64.self)
    }

    /// The record at `base` as a row.
    private func row(at base: UnsafeRawPointer) -> StagedRow {
        let caseCount = Int(Self.load(base, 37, as: UInt32.self))
        let tieCount = Int(Self.load(base, 41, as: UInt32.self))
        let payloadCount = Int(Self.load(base, 45, as: UInt32.self))
        func text(_ offset: Int, _ count: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(start: base + offset, count: count), as: UTF8.self)
        }
        let flags = Self.load(base, 4, as: UInt8.self)
        return StagedRow(
            profile: profile, role: role, isTicketRow: flags & 1 != 0, caseID: text(Self.headerSize, caseCount),
            time: Instant(secondsSinceEpoch: Self.load(base, 5, as: Int64.self)),
            tieNumber: flags & 2 != 0 ? Double(bitPattern: Self.load(base, 13, as: UInt64.self)) : nil,
            tieText: text(Self.headerSize + caseCount, tieCount), sequence: Self.load(base, 21, as: Int64.self), file: file,
            line: Int(Self.load(base, 29, as: Int64.self)),
            payload: text(Self.headerSize + caseCount + tieCount, payloadCount))
    }

    /// The buffer's record offsets, sorted. Each is sorted with its case id's first 8 bytes as
    /// a number beside it: rows of different cases (nearly every comparison) are ordered without
    /// reading the records, and only rows whose ids start alike are compared in full.
    private static func sortedOffsets(_ arena: ByteBuffer, _ offsets: [Int]) -> [Int] {
        do {
            let base = UnsafeRawPointer(arena.base)
            var keyed = offsets.map { (prefix: casePrefix(base + $0), offset: $0) }
            keyed.sort { a, b in a.prefix != b.prefix ? a.prefix < b.prefix : precedes(base + a.offset, base + b.offset) }
            return keyed.map(\.offset)
        }
    }

    /// The record's case id's first 8 bytes, big-endian, zero after a shorter id: ordered as
    /// `precedes` orders the ids (an id has no NUL byte, so a shorter id that is the other's
    /// start comes first here too); equal numbers say nothing.
    @inline(__always)
    private static func casePrefix(_ record: UnsafeRawPointer) -> UInt64 {
        let count = min(8, Int(load(record, 37, as: UInt32.self)))
        var prefix: UInt64 = 0
        for index in 0..<8 {
            prefix <<= 8
            if index < count { prefix |= UInt64(record.load(fromByteOffset: headerSize + index, as: UInt8.self)) }
        }
        return prefix
    }

    // MARK: Runs

    /// A sorted run on disk: an unlinked file, read back through its descriptor.
    private struct RunFile {
        var descriptor: Int32
        var size: Int
    }

    /// Creates an unlinked run file beside the database.
    private func createRunFile() throws -> Int32 {
        while true {
            spillCount += 1
            let path = "\(spillPath).profile-sort-\(getpid())-\(spillCount)"
            let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 {
                let code = errno
                if code == EEXIST { continue }   // a file left by someone else: take the next name
                throw ImportError.unreadable(file: path, reason: "cannot create a temporary file to sort the rows in (\(String(cString: strerror(code)))); free disk space or make the database's folder writable")
            }
            // Only the descriptor keeps it from now on: nothing is left behind, however the import ends.
            unlink(path)
            return descriptor
        }
    }

    /// Writes the buffer's records, sorted, as a run and empties the buffer (on this thread).
    private func spill() throws {
        guard !offsets.isEmpty else { return }
        let descriptor = try createRunFile()
        runs.append(try Self.writeRun(arena, offsets, to: descriptor, path: spillPath))
        arena.removeAll()
        offsets.removeAll(keepingCapacity: true)
    }

    /// Sorts the records and writes them to the (new, empty) run file; closes it on an error.
    private static func writeRun(_ arena: ByteBuffer, _ offsets: [Int], to descriptor: Int32, path: String) throws -> RunFile {
        let order = sortedOffsets(arena, offsets)
        var writer = RunWriter(descriptor: descriptor, path: path)
        do {
            let base = UnsafeRawPointer(arena.base)
            for offset in order {
                let length = Int(Self.load(base + offset, 0, as: UInt32.self))
                try writer.write(UnsafeRawBufferPointer(start: base + offset, count: length))
            }
            try writer.flush()
        } catch {
            close(descriptor)
            throw error
        }
        return RunFile(descriptor: descriptor, size: writer.written)
    }

    /// Hands the full buffer to a thread that sorts and writes it as a run, and goes on with the
    /// other buffer (the one the previous run was written from, once it is done): sorting and
    /// writing leave the reading thread, and the two buffers together stay within the budget.
    private func startSpill() throws {
        guard !offsets.isEmpty else { return }
        let (nextArena, nextOffsets) = try finishSpill() ?? (ByteBuffer(capacity: budget / 2 + 4096), [])
        // The file is made here: its name and the count are this thread's.
        let descriptor = try createRunFile()
        let job = SpillJob(arena: arena, offsets: offsets)
        arena = nextArena
        offsets = nextOffsets
        let path = spillPath
        let worker = spillWorker ?? SpillWorker()
        spillWorker = worker
        worker.run { job.finish(Result { try Self.writeRun(job.arena, job.offsets, to: descriptor, path: path) }) }
        pending = job
    }

    /// Waits for the run being spilled, keeps it, and gives back its buffers emptied for reuse;
    /// nil when none was being spilled. Throws the spill's error.
    @discardableResult
    private func finishSpill() throws -> (ByteBuffer, [Int])? {
        guard let job = pending else { return nil }
        pending = nil
        let run = try job.wait()
        runs.append(run)
        let (arena, emptied) = job.takeBuffers()
        var offsets = emptied
        arena.removeAll()
        offsets.removeAll(keepingCapacity: true)
        return (arena, offsets)
    }

    /// A thread that runs one piece of work at a time, until stopped.
    private final class SpillWorker: @unchecked Sendable {
        private let condition = NSCondition()
        private var work: (() -> Void)?
        private var stopped = false

        init() {
            let thread = Thread { [self] in loop() }
            thread.stackSize = 1 << 20
            thread.start()
        }

        /// Runs `body` on the thread (the previous work must be done: the sorter waits for it).
        func run(_ body: @escaping () -> Void) {
            condition.lock()
            work = body
            condition.broadcast()
            condition.unlock()
        }

        /// Ends the thread once its work is done.
        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
        }

        private func loop() {
            while true {
                condition.lock()
                while work == nil && !stopped { condition.wait() }
                guard let body = work else {
                    condition.unlock()
                    return
                }
                work = nil
                condition.unlock()
                body()
            }
        }
    }

    /// A buffer being sorted and written on another thread, and how that ended.
    private final class SpillJob: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<RunFile, Error>?
        /// Read by the spilling thread only until it finished.
        private(set) var arena: ByteBuffer
        private(set) var offsets: [Int]

        init(arena: ByteBuffer, offsets: [Int]) {
            self.arena = arena
            self.offsets = offsets
        }

        func finish(_ result: Result<RunFile, Error>) {
            condition.lock()
            self.result = result
            condition.broadcast()
            condition.unlock()
        }

        func wait() throws -> RunFile {
            condition.lock()
            while result == nil { condition.wait() }
            let result = result!
            condition.unlock()
            return try result.get()
        }

        /// The buffers, once `wait()` returned.
        func takeBuffers() -> (ByteBuffer, [Int]) {
            defer { offsets = [] }
            return (arena, offsets)
        }
    }

    /// Buffered appends to a run file.
    private struct RunWriter {
        let descriptor: Int32
        let path: String
        var buffer: [UInt8] = []
        var written = 0

        init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
            buffer.reserveCapacity(1 << 20)
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
        }

        mutating func flush() throws {
            var done = 0
            while done < buffer.count {
                let count = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, $0.count - done, off_t(written + done)) }
                guard count > 0 else {
                    throw ImportError.unreadable(file: path, reason: "cannot write a temporary file to sort the rows in (\(String(cString: strerror(errno)))); free disk space")
                }
                done += count
            }
            written += done
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Reads a run back record by record, through a buffer of its own (a class, so the merge's
    /// heap can hold pointers into it that stay valid until the run advances).
    private final class RunReader {
        let run: RunFile
        let path: String
        private var buffer: UnsafeMutableRawPointer
        private var capacity: Int
        /// The buffer's first byte's position in the file, the bytes it holds, and the current record's start in it.
        private var bufferStart = 0
        private var filled = 0
        private var position = 0

        init(run: RunFile, path: String, bufferSize: Int) {
            self.run = run
            self.path = path
            capacity = bufferSize
            buffer = .allocate(byteCount: bufferSize, alignment: 8)
        }

        deinit { buffer.deallocate() }

        /// The current record (valid until the next `advance`).
        var current: UnsafeRawPointer { UnsafeRawPointer(buffer + position) }

        /// Moves past the current record (`length` 0 before the first) and makes the next one
        /// whole in the buffer; false at the end of the run.
        func advance(past length: Int) throws -> Bool {
            position += length
            guard bufferStart + position < run.size else { return false }
            if position + 4 > filled { try refill(needing: 4) }
            let recordLength = Int(ProfileRowSorter.load(buffer, position, as: UInt32.self))
            if position + recordLength > filled { try refill(needing: recordLength) }
            return true
        }

        /// Reads on from the current record's start, growing the buffer for a long record.
        private func refill(needing count: Int) throws {
            bufferStart += position
            position = 0
            if capacity < count {
                buffer.deallocate()
                capacity = count
                buffer = .allocate(byteCount: count, alignment: 8)
            }
            let wanted = min(capacity, run.size - bufferStart)
            var done = 0
            while done < wanted {
                let read = pread(run.descriptor, buffer + done, wanted - done, off_t(bufferStart + done))
                guard read > 0 else {
                    throw ImportError.unreadable(file: path, reason: "cannot read back a temporary file of sorted rows (\(String(cString: strerror(errno))))")
                }
                done += read
            }
            filled = done
            guard filled >= count else {
                throw ImportError.unreadable(file: path, reason: "a temporary file of sorted rows ended early")
            }
        }
    }

    /// Calls `body` with every record of `runs`, merged in order (a binary heap of the runs' heads).
    private func merge(_ runs: [RunFile], _ body: (UnsafeRawPointer) throws -> Void) throws {
        // Half the budget for the readers' buffers together: spilling in halves makes twice the
        // runs, and the merge's memory stays what it was with whole-budget runs.
        let bufferSize = max(64 << 10, min(1 << 20, budget / 2 / max(runs.count, 1)))
        let readers = runs.map { RunReader(run: $0, path: spillPath, bufferSize: bufferSize) }
        // Each run's head with its case prefix: heads of different cases (most comparisons) are
        // ordered without reading the records. No two records of one file are equal (file order
        // differs), so the order is strict and the merge stable.
        struct Head {
            var prefix: UInt64
            var record: UnsafeRawPointer
            var run: Int
        }
        @inline(__always) func precedes(_ a: Head, _ b: Head) -> Bool {
            a.prefix != b.prefix ? a.prefix < b.prefix : Self.precedes(a.record, b.record)
        }
        var heap: [Head] = []
        heap.reserveCapacity(readers.count)
        for (index, reader) in readers.enumerated() where try reader.advance(past: 0) {
            heap.append(Head(prefix: Self.casePrefix(reader.current), record: reader.current, run: index))
        }
        try heap.withUnsafeMutableBufferPointer { heap in
            var count = heap.count
            func siftDown(_ start: Int) {
                var parent = start
                let moving = heap[parent]
                while true {
                    let left = 2 * parent + 1
                    guard left < count else { break }
                    var child = left
                    if left + 1 < count && precedes(heap[left + 1], heap[left]) { child = left + 1 }
                    guard precedes(heap[child], moving) else { break }
                    heap[parent] = heap[child]
                    parent = child
                }
                heap[parent] = moving
            }
            for index in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(index) }
            while count > 0 {
                let top = heap[0]
                try body(top.record)
                let reader = readers[top.run]
                if try reader.advance(past: Int(Self.load(top.record, 0, as: UInt32.self))) {
                    heap[0] = Head(prefix: Self.casePrefix(reader.current), record: reader.current, run: top.run)
                } else {
                    count -= 1
                    heap[0] = heap[count]
                }
                if count > 0 { siftDown(0) }
            }
        }
    }

    // MARK: Reading back

    /// Calls `body` with each case's rows, one case at a time, in order; `skip` says which
    /// cases to leave out (their rows are counted in the result instead).
    func forEachCase(skipping skip: (String) -> Bool = { _ in false }, _ body: ([StagedRow]) throws -> Void) throws -> [String: Int] {
        var skipped: [String: Int] = [:]
        var rows: [StagedRow] = []
        func take(_ record: UnsafeRawPointer) throws {
            let row = row(at: record)
            if let last = rows.last, last.caseID != row.caseID {
                try body(rows)
                rows.removeAll(keepingCapacity: true)
            }
            if skip(row.caseID) {
                skipped[row.caseID, default: 0] += 1
                return
            }
            rows.append(row)
        }
        try finishSpill()
        spillWorker?.stop()
        spillWorker = nil
        if runs.isEmpty {
            let order = Self.sortedOffsets(arena, offsets)
            let base = UnsafeRawPointer(arena.base)
            for offset in order { try take(base + offset) }
        } else {
            try spill()
            // The buffer is not needed while merging: its memory goes back before the writes grow.
            arena = ByteBuffer(capacity: 16)
            offsets = []
            // Long runs first, from at most `mergeFanIn` at a time, so few files are open at once.
            while runs.count > Self.mergeFanIn {
                let group = Array(runs.prefix(Self.mergeFanIn))
                let descriptor = try createRunFile()
                var writer = RunWriter(descriptor: descriptor, path: spillPath)
                do {
                    try merge(group) { record in
                        try writer.write(UnsafeRawBufferPointer(start: record, count: Int(Self.load(record, 0, as: UInt32.self))))
                    }
                    try writer.flush()
                } catch {
                    close(descriptor)
                    throw error
                }
                for run in group { close(run.descriptor) }
                runs.removeFirst(group.count)
                runs.append(RunFile(descriptor: descriptor, size: writer.written))
            }
            try merge(runs, take)
        }
        if !rows.isEmpty { try body(rows) }
        return skipped
    }
}
