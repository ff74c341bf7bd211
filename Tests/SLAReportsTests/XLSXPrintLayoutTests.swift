import Foundation
import Testing
@testable import SLAReports

/// The Summary sheet printed (one page wide, A4 landscape): its second row of charts starts a
/// page, so no chart or legend is cut across two (LibreOffice's PDF of the sample desk's week
/// put the lower charts' legends on the next page).
@Suite struct XLSXPrintLayoutTests {
    @Test func theSecondRowOfChartsStartsAPage() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = Fixtures.helpDeskReport()
        _ = try ReportWriter.write(report, formats: [.xlsx], to: directory)
        let xlsx = directory.appendingPathComponent("sla-report-\(report.period.fileStem).xlsx").path
        let sheet = TestSupport.run(["unzip", "-p", xlsx, "xl/worksheets/sheet1.xml"]).output
        let drawing = TestSupport.run(["unzip", "-p", xlsx, "xl/drawings/drawing1.xml"]).output
        // Each chart's top-left cell, in order: two charts on a row, two on the next.
        let rows = drawing.components(separatedBy: "<xdr:from>").dropFirst().compactMap { anchor -> Int? in
            guard let start = anchor.range(of: "<xdr:row>"), let end = anchor.range(of: "</xdr:row>") else { return nil }
            return Int(anchor[start.upperBound ..< end.lowerBound])
        }
        #expect(rows.count == 4, "\(drawing.prefix(400))")
        let secondRow = try #require(rows.last)
        #expect(rows.first.map { $0 < secondRow } == true)
        // A manual break after the row above it (OOXML's break id is the last row of the page, from 1).
        #expect(sheet.contains("<rowBreaks count=\"1\" manualBreakCount=\"1\"><brk id=\"\(secondRow)\" "), "\(sheet.suffix(300))")
    }
}
