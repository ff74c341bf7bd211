import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// Renders a report whose ticket subject is `<script>alert(1)</script>` and runs
/// `scripts/check-report-screenshot.sh` on it: headless Chromium takes a screenshot (a
/// non-blank PNG of the window's size), the charts are present, and the subject shows as
/// text in the HTML and in the DOM Chromium built. Runs only where Chromium is installed.
@Suite struct ScreenshotTests {
    static let hasChromium: Bool = TestSupport.hasProgram("chromium") || TestSupport.hasProgram("chromium-browser")
        || TestSupport.hasProgram("google-chrome")

    @Test(.enabled(if: hasChromium, "Chromium is not installed (Debian: apt-get install -y chromium)"))
    func hostileSubjectRendersAsTextInHeadlessChromium() throws {
        var tickets = SampleReportTests.sampleTickets()
        for i in tickets.indices where tickets[i].resolutionBreachedAt.map(Fixtures.week32.contains) == true {
            tickets[i].subject = "<script>alert(1)</script>"
            break
        }
        let report = ReportAggregator.weeklyReport(from: tickets, period: Fixtures.week32, asOf: Fixtures.asOf,
                                                   policyHash: "sha256:9c1e4b7d2a")
        #expect(report.breachedTickets.contains { $0.subject == "<script>alert(1)</script>" })
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = try ReportWriter.write(report, formats: [.html], to: directory)[0]
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/check-report-screenshot.sh").path
        let result = TestSupport.run(["sh", script, html.path, directory.appendingPathComponent("shot").path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS"), "\(result.output)")
    }
}
