import Foundation
import Testing
@testable import SLAReports

@Suite struct DeterminismTests {
    @Test func twoRendersOfTheSameReportAreByteIdentical() {
        let first = Fixtures.helpDeskReport(), second = Fixtures.helpDeskReport(Fixtures.helpDesk.reversed())
        #expect(first == second)
        #expect(HTMLReportRenderer.render(first) == HTMLReportRenderer.render(second))
        #expect(CSVReportWriter.teamSummary(first) == CSVReportWriter.teamSummary(second))
        #expect(CSVReportWriter.tickets(first) == CSVReportWriter.tickets(second))
    }

    @Test func writtenFilesAreByteIdenticalAcrossRuns() throws {
        let report = Fixtures.helpDeskReport()
        let a = Fixtures.temporaryDirectory("det-a"), b = Fixtures.temporaryDirectory("det-b")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let filesA = try ReportWriter.write(report, formats: [.html, .csv], to: a)
        let filesB = try ReportWriter.write(report, formats: [.html, .csv], to: b)
        #expect(filesA.map(\.lastPathComponent) == ["sla-report-2025-W32.html", "team-summary-2025-W32.csv",
                                                    "tickets-2025-W32.csv", "breakdowns-2025-W32.csv", "breaches-2025-W32.csv",
                                                    "sla-report-2025-W32.json"])
        for (x, y) in zip(filesA, filesB) {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y))
        }
        let indexA = try DashboardIndex.regenerate(in: a), indexB = try DashboardIndex.regenerate(in: b)
        #expect(try Data(contentsOf: indexA) == Data(contentsOf: indexB))
    }

    @Test func workbooksAreByteIdenticalAcrossRuns() throws {
        let report = Fixtures.helpDeskReport()
        let a = Fixtures.temporaryDirectory("xlsx-a"), b = Fixtures.temporaryDirectory("xlsx-b")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let x = try ReportWriter.write(report, formats: [.xlsx], to: a)[0]
        let y = try ReportWriter.write(report, formats: [.xlsx], to: b)[0]
        #expect(try Data(contentsOf: x) == Data(contentsOf: y))
    }
}
