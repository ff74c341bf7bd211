import Foundation
import Testing
@testable import SLAImport

/// The profile reader's first pass parses the CSV on a second thread: the same records and the
/// same error at the same point as the reader alone, and an early stop never leaves it waiting.
@Suite struct RecordPrefetcherTests {
    static func reader(_ path: String) throws -> DelimitedReader {
        DelimitedReader(source: try ByteSource(path: path), dialect: Dialect(delimiter: UInt8(ascii: ","), quoted: true,
                                                                             phpBackslash: false, mysqlBatch: false))
    }

    /// Every record (or the error) of a file, read directly or through the prefetcher.
    static func records(_ path: String, prefetched: Bool) throws -> ([[String?]], [Int], String?) {
        let reader = try reader(path)
        var fields: [[String?]] = [], lines: [Int] = []
        guard prefetched else {
            do {
                while let record = try reader.next() {
                    fields.append(record.fields)
                    lines.append(record.line)
                }
            } catch {
                return (fields, lines, "\(error)")
            }
            return (fields, lines, nil)
        }
        let prefetcher = RecordPrefetcher(reader: reader)
        defer { prefetcher.stop() }
        do {
            while let batch = try prefetcher.nextBatch() {
                #expect(batch.count > 0 && batch.count <= RecordPrefetcher.batchSize)
                batch.forEachRow { row in
                    fields.append(row.record.fields)
                    lines.append(row.line)
                }
            }
        } catch {
            return (fields, lines, "\(error)")
        }
        return (fields, lines, nil)
    }

    @Test func sameRecordsAndTheSameErrorAfterThem() throws {
        let scratch = try Scratch()
        // More records than the queue holds, quoted line breaks, then a quote that never closes.
        var text = "a,b\n"
        for index in 0..<(RecordPrefetcher.batchSize * RecordPrefetcher.queuedBatches * 2 + 7) {
            text += index % 9 == 0 ? "\(index),\"two\nlines\"\n" : "\(index),x\n"
        }
        let clean = try scratch.file("clean.csv", text)
        let direct = try Self.records(clean, prefetched: false)
        let prefetched = try Self.records(clean, prefetched: true)
        #expect(direct.0.count == RecordPrefetcher.batchSize * RecordPrefetcher.queuedBatches * 2 + 8 && direct.2 == nil)
        #expect(prefetched.0 == direct.0 && prefetched.1 == direct.1 && prefetched.2 == nil)
        let broken = try scratch.file("broken.csv", text + "9,\"never closed\n")
        let directError = try Self.records(broken, prefetched: false)
        let prefetchedError = try Self.records(broken, prefetched: true)
        #expect(directError.2?.contains("a closing quote") == true, "\(directError.2 ?? "no error")")
        #expect(prefetchedError.0 == directError.0 && prefetchedError.2 == directError.2)
    }

    @Test func stoppingEarlyEndsTheReadingThread() throws {
        let scratch = try Scratch()
        let path = try scratch.file("long.csv", "a,b\n" + String(repeating: "1,2\n", count: 100_000))
        for _ in 0..<20 {
            let prefetcher = RecordPrefetcher(reader: try Self.reader(path))
            #expect(try prefetcher.nextBatch()?.record(0).fields == ["a", "b"])
            // Returns only once the reading thread let go of the reader (it was waiting on a full queue).
            prefetcher.stop()
        }
    }
}
