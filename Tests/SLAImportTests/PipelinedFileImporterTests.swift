import Foundation
import Testing
import SLAModel
@testable import SLAImport

/// Parsing on a second thread must hand the sink exactly what the plain reader does.
@Suite struct PipelinedFileImporterTests {
    /// Records every call, in order, as text.
    struct RecordingSink: ImportSink {
        var calls: [String] = []
        var failAfter: Int?
        mutating func accept(ticket: Ticket, line: Int) throws {
            try record("ticket \(ticket.number) \(ticket.createdAt.secondsSinceEpoch) \(ticket.status ?? "-") @\(line)")
        }
        mutating func accept(event: LifecycleEvent, line: Int) throws {
            try record("event \(event.ticketNumber) \(event.identity) \(event.kind.rawValue) \(event.time.secondsSinceEpoch) @\(line)")
        }
        mutating func completeHistory(ofTicket number: String, identities: [String], profileScope: String) throws {
            try record("complete \(number) \(identities.sorted()) \(profileScope)")
        }
        mutating func record(_ call: String) throws {
            if let failAfter, calls.count >= failAfter { throw StoreFailure() }
            calls.append(call)
        }
    }

    struct StoreFailure: Error {}

    @Test(arguments: ["osticket-history-711979.tsv", "osticket-queue-1.18.csv", "normalized-events.csv", "normalized.jsonl"])
    func sameCallsInTheSameOrder(name: String) throws {
        let options = ImportOptions(sourceZone: "America/New_York")
        var plain = RecordingSink()
        let plainSummary = try FileImporter.read(path: Fixtures.path(name), format: nil, options: options, into: &plain)
        var pipelined = RecordingSink()
        let summary = try PipelinedFileImporter.read(path: Fixtures.path(name), format: nil, options: options, into: &pipelined)
        #expect(!plain.calls.isEmpty)
        #expect(pipelined.calls == plain.calls)
        #expect(summary.rowsRead == plainSummary.rowsRead && summary.format == plainSummary.format)
    }

    @Test func manyBatchesCrossTheQueueInOrder() throws {
        // More rows than a few batches, so the bounded queue fills and the reader waits.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipelined-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "number,created_at,status\n"
        for index in 0 ..< 40_000 { text += "T\(index),2025-08-05T10:00:00Z,Open\n" }
        let path = folder.appendingPathComponent("tickets.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var sink = RecordingSink()
        let summary = try PipelinedFileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(summary.rowsRead == 40_000)
        #expect(sink.calls.count == 40_000)
        #expect(sink.calls.first?.hasPrefix("ticket T0 ") == true && sink.calls.last?.hasPrefix("ticket T39999 ") == true)
        // Spent batches go back to the reader and are refilled: each record once, in order.
        let outOfPlace = sink.calls.enumerated().first { !$0.element.hasPrefix("ticket T\($0.offset) ") }
        #expect(outOfPlace == nil)
    }

    @Test func aFailingSinkStopsTheReaderAndItsErrorIsThrown() throws {
        var text = "number,created_at,status\n"
        for index in 0 ..< 30_000 { text += "T\(index),2025-08-05T10:00:00Z,Open\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipelined-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var sink = RecordingSink(failAfter: 5000)
        #expect(throws: StoreFailure.self) {
            try PipelinedFileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        }
        #expect(sink.calls.count == 5000)
    }

    @Test func aBadRowIsThrownAsTheReaderThrowsIt() throws {
        let name = "bad/" + (try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("bad")).sorted().first!)
        let plain = Fixtures.error(name)
        #expect(plain != nil)
        var sink = RecordingSink()
        do {
            _ = try PipelinedFileImporter.read(path: Fixtures.path(name), format: nil,
                                               options: ImportOptions(sourceZone: "America/New_York"), into: &sink)
            Issue.record("expected \(plain ?? "an error")")
        } catch {
            #expect("\(error)" == plain)
        }
    }
}
