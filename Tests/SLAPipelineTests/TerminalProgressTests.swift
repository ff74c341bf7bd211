import Foundation
import Testing
@testable import SLAPipeline

@Suite struct TerminalProgressTests {
    @Test func lineShowsDoneRateShareAndTimeLeft() {
        let line = TerminalProgress.line(label: "recompute", done: 400_000, total: 1_000_000, unit: "events", elapsed: 2)
        #expect(line == "recompute  400,000 / 1,000,000 events  200,000 events/s  40%  3.0 s left")
    }

    @Test func lineWithoutTotalHasNoShareOrTimeLeft() {
        let line = TerminalProgress.line(label: "import", done: 1_234_567, total: nil, unit: "rows", elapsed: 10)
        #expect(line == "import  1,234,567 rows  123,457 rows/s")
    }

    @Test func longWaitsInMinutesAndHours() {
        #expect(TerminalProgress.duration(185) == "3m 05s")
        #expect(TerminalProgress.duration(3720) == "1h 02m")
        #expect(TerminalProgress.grouped(999) == "999")
        #expect(TerminalProgress.grouped(1000) == "1,000")
    }

    @Test func shownOnlyOnATerminalAndNeverWhenQuiet() {
        #expect(TerminalProgress.shouldShow(quiet: false, standardErrorIsTerminal: true))
        #expect(!TerminalProgress.shouldShow(quiet: false, standardErrorIsTerminal: false))
        #expect(!TerminalProgress.shouldShow(quiet: true, standardErrorIsTerminal: true))
    }

    @Test func redrawsInPlaceAtMostFourTimesASecondAndErasesAtTheEnd() {
        var now = 0.0
        var written: [String] = []
        let progress = TerminalProgress(label: "import", unit: "rows", total: 10_000, enabled: true,
                                        write: { written.append($0) }, clock: { now })
        for row in 1 ... 10_000 {
            now = Double(row) / 10_000  // one second for the whole run
            progress.update(row)
        }
        progress.finish()
        // At most four redraws (0.25 s apart at least), then the erase.
        #expect((3 ... 5).contains(written.count))
        #expect(written.allSatisfy { $0.hasPrefix("\r") && $0.hasSuffix("\u{1B}[K") })
        #expect(written.first == "\rimport  2,500 / 10,000 rows  10,000 rows/s  25%  0.8 s left\u{1B}[K")
        #expect(written.last == "\r\u{1B}[K")
    }

    @Test func estimatesAFilesRowsFromItsFirstLines() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = "number,created_at\n" + (0 ..< 100_000).map { "T\($0 % 10),2025-08-05T10:00:00Z\n" }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let estimate = try #require(TerminalProgress.estimatedRows(ofFile: path))
        #expect(abs(estimate - 100_000) < 2_000)
        #expect(TerminalProgress.estimatedRows(ofFile: path + ".missing") == nil)
    }

    @Test func disabledWritesNothing() {
        var written: [String] = []
        var now = 0.0
        let progress = TerminalProgress(label: "import", unit: "rows", total: 10, enabled: false,
                                        write: { written.append($0) }, clock: { now })
        for row in 1 ... 1000 { now += 1; progress.update(row) }
        progress.finish()
        #expect(written.isEmpty)
    }
}
