import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// A period's list handed from the thread reading it to the threads writing it.
@Suite struct PeriodTicketFeedTests {
    /// `count` rows made from the fixture desk's list, numbered so that a lost, doubled or
    /// reordered row shows.
    static func rows(_ count: Int) -> [PeriodTicket] {
        let listed = ReportAggregator.periodTickets(Fixtures.helpDesk, in: Fixtures.week32)
        return (0 ..< count).map { index in
            var metrics = listed[index % listed.count].metrics
            metrics.number = "R-\(index)"
            return PeriodTicket(metrics: metrics, createdInPeriod: true, resolvedInPeriod: false, breachedInPeriod: false,
                                openAtEnd: index % 2 == 0)
        }
    }

    /// Reads `feed` as reader `reader` on a thread of its own.
    static func read(_ feed: PeriodTicketFeed, reader: Int) -> BackgroundResult<(rows: [String], complete: Bool)> {
        BackgroundResult {
            var numbers: [String] = []
            let complete = feed.forEach(reader: reader) { numbers.append($0.metrics.number) }
            return (numbers, complete)
        }
    }

    /// Each reader gets every row once, in order, whatever the batch edges.
    @Test(arguments: [0, 1, PeriodTicketFeed.batchSize - 1, PeriodTicketFeed.batchSize, 5 * PeriodTicketFeed.batchSize + 7])
    func everyReaderGetsEveryRowInOrder(count: Int) throws {
        let rows = Self.rows(count)
        let feed = PeriodTicketFeed(readers: 2)
        let readers = [Self.read(feed, reader: 0), Self.read(feed, reader: 1)]
        rows.forEach(feed.append)
        feed.finish()
        #expect(feed.count == count)
        for reader in readers {
            let read = try reader.value()
            #expect(read.complete)
            #expect(read.rows == rows.map(\.metrics.number))
        }
    }

    /// While a reader waits, the producer gets at most a few batches ahead of it, then goes on
    /// once the reader reads.
    @Test func theProducerWaitsForTheSlowestReader() throws {
        let feed = PeriodTicketFeed(readers: 2)
        let fast = Self.read(feed, reader: 0)
        let gate = DispatchSemaphore(value: 0)
        let slow = BackgroundResult { () -> Int in
            gate.wait()
            var read = 0
            _ = feed.forEach(reader: 1) { _ in read += 1 }
            return read
        }
        let total = 20 * PeriodTicketFeed.batchSize
        let rows = Self.rows(total)
        let appended = Counter()
        let producer = BackgroundResult { () -> Void in
            for row in rows {
                feed.append(row)
                appended.increment()
            }
            feed.finish()
        }
        // The slow reader has read nothing: the producer stops within its batches ahead and the
        // one it fills (looked at for half a second).
        let most = (PeriodTicketFeed.batchesAhead + 1) * PeriodTicketFeed.batchSize
        #expect(most < total)
        var seen = 0
        for _ in 0 ..< 50 {
            seen = max(seen, appended.value)
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(seen <= most)
        #expect(seen >= PeriodTicketFeed.batchesAhead * PeriodTicketFeed.batchSize)
        gate.signal()
        try producer.value()
        #expect(appended.value == total)
        #expect(try slow.value() == total)
        #expect(try fast.value().rows.count == total)
    }

    /// A count shared between threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    /// An abandoned feed stops its readers, which say the list is incomplete; a reader that
    /// stops reading early does not hold the producer up; with no readers nothing waits.
    @Test func abandoningStopsReadersAndAStoppedReaderHoldsNothingUp() throws {
        let feed = PeriodTicketFeed(readers: 1)
        let reader = Self.read(feed, reader: 0)
        Self.rows(3 * PeriodTicketFeed.batchSize).forEach(feed.append)
        feed.abandon()
        #expect(try reader.value().complete == false)

        let stopped = PeriodTicketFeed(readers: 2)
        let other = Self.read(stopped, reader: 1)
        stopped.stopReading(0)  // as a writer that failed before reading does
        let total = 10 * PeriodTicketFeed.batchSize
        Self.rows(total).forEach(stopped.append)
        stopped.finish()
        #expect(try other.value().rows.count == total)

        let unread = PeriodTicketFeed(readers: 0)
        Self.rows(total).forEach(unread.append)
        unread.finish()
        #expect(unread.count == total)
    }

    /// The CSV written from a feed is the CSV of the list held; abandoned, it is refused.
    @Test func theCSVFromAFeedIsTheCSVOfTheListHeld() throws {
        let rows = Self.rows(2 * PeriodTicketFeed.batchSize + 3)
        let zone = Fixtures.week32.zone
        let feed = PeriodTicketFeed(readers: 1)
        let written = BackgroundResult { () throws -> String in
            var text = ""
            _ = try CSVReportWriter.tickets(.fed(feed, reader: 0), zone: zone, inPiecesOf: 4096) { piece in
                text += piece
                return true
            }
            return text
        }
        rows.forEach(feed.append)
        feed.finish()
        #expect(try written.value() == CSVReportWriter.tickets(rows, zone: zone))

        let abandoned = PeriodTicketFeed(readers: 1)
        let refused = BackgroundResult { () -> Bool in
            do {
                _ = try CSVReportWriter.tickets(.fed(abandoned, reader: 0), zone: zone, inPiecesOf: 4096) { _ in true }
                return false
            } catch {
                return true
            }
        }
        rows.prefix(10).forEach(abandoned.append)
        abandoned.abandon()
        #expect(try refused.value())
    }
}
