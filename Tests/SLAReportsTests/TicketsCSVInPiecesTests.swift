import Foundation
import Testing
@testable import SLAReports

/// The per-ticket CSV is written to its file in pieces (`BackgroundTicketsCSV`), never held
/// whole: the pieces must make exactly the text the report's CSV is, each ending a line.
@Suite struct TicketsCSVInPiecesTests {
    @Test(arguments: [1, 300, 1 << 20])
    func piecesMakeTheWholeTextAndEndLines(pieceSize: Int) {
        let report = Fixtures.helpDeskReport()
        let whole = CSVReportWriter.tickets(report)
        var pieces: [String] = []
        let wroteAll = CSVReportWriter.tickets(report.tickets, zone: report.zone, inPiecesOf: pieceSize) { piece in
            pieces.append(piece)
            return true
        }
        #expect(wroteAll)
        #expect(pieces.joined() == whole)
        #expect(pieces.allSatisfy { $0.hasSuffix(CSVReportWriter.lineEnding) })
        // At the smallest size a ticket's line per piece (the header goes with the first).
        if pieceSize == 1 { #expect(pieces.count == report.tickets.count && pieces.count > 2) }
        if pieceSize == 1 << 20 { #expect(pieces.count == 1) }
    }

    @Test func aPieceThatCannotBeWrittenStopsTheRest() {
        let report = Fixtures.helpDeskReport()
        var calls = 0
        let wroteAll = CSVReportWriter.tickets(report.tickets, zone: report.zone, inPiecesOf: 1) { _ in
            calls += 1
            return calls < 2
        }
        #expect(!wroteAll)
        #expect(calls == 2)
    }

    /// The report's tickets CSV file, written in the background, is the whole text, and no
    /// temporary file is left beside it.
    @Test func theWrittenFileIsTheWholeText() throws {
        let report = Fixtures.helpDeskReport()
        let folder = Fixtures.temporaryDirectory("tickets-csv-pieces")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try ReportWriter.write(report, formats: [.csv], to: folder)
        let tickets = try #require(files.first { $0.lastPathComponent == "tickets-2025-W32.csv" })
        #expect(try String(contentsOf: tickets, encoding: .utf8) == CSVReportWriter.tickets(report))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }
}
