import Foundation
import SLAModel
import Testing
@testable import SLAReports

@Suite struct DashboardIndexTests {
    /// W31, W32 and August 2025 written into one folder.
    static func folder() throws -> URL {
        let directory = Fixtures.temporaryDirectory()
        for period in [Fixtures.week32.previous, Fixtures.week32,
                       try ReportPeriod.month(parsing: "2025-08", in: Fixtures.newYork)] {
            let report = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                       policyHash: Fixtures.policyHash)
            _ = try ReportWriter.write(report, formats: Set(ReportFormat.allCases), to: directory)
        }
        return directory
    }

    @Test func summaryJSONRoundTripsWithSortedKeys() throws {
        let summary = PeriodSummary(Fixtures.helpDeskReport())
        let json = summary.json()
        #expect(PeriodSummary.parse(Data(json.utf8)) == summary)
        #expect(json.contains("\"as_of\" : \"2025-08-13T12:00:00-04:00\""))
        #expect(json.contains("\"resolution_judged\" : 6"))
        let keys = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
        #expect(PeriodSummary.parse(Data("{\"schema\":\"other\"}".utf8)) == nil)
    }

    /// Scripts read the summary file by the README's table: it must name every key the file has
    /// (a ticket with a first response and a resolution, so that no optional key is left out) and no other.
    @Test func readmeDocumentsEverySummaryKey() throws {
        let summary = PeriodSummary(Fixtures.helpDeskReport())
        #expect(summary.lastImport == nil)
        var complete = summary
        complete.lastImport = "2025-08-13T12:00:00-04:00"
        let object = try #require(try JSONSerialization.jsonObject(with: Data(complete.json().utf8)) as? [String: Any])
        #expect(object["ttr_business_median_seconds"] != nil && object["ttfr_business_median_seconds"] != nil)
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "**`sla-report-PERIOD.json`**").dropFirst().first)
        let table = section.components(separatedBy: "\n\n")[1]
        // The first cell of each row, after the header: each key in backquotes.
        var documented: Set<String> = []
        for row in table.split(separator: "\n").dropFirst(2) {
            let cell = row.split(separator: "|", omittingEmptySubsequences: true)[0]
            for (index, part) in cell.split(separator: "`", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
                documented.insert(String(part))
            }
        }
        #expect(documented == Set(object.keys))
        #expect(object["schema"] as? String == PeriodSummary.schemaName && readme.contains("| `schema` | `\(PeriodSummary.schemaName)` |"))
    }

    @Test func indexListsEveryPeriodNewestFirstWithLinksToExistingFiles() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("sla-report-2025-W31.xlsx"))
        let index = try DashboardIndex.regenerate(in: directory)
        let html = try String(contentsOf: index, encoding: .utf8)
        // In the table (the chart labels its first week in full, oldest first).
        let table = html[html.range(of: "Weeks</h2>")!.upperBound...]
        let w32 = table.range(of: ">2025-W32<")!, w31 = table.range(of: ">2025-W31<")!
        #expect(w32.lowerBound < w31.lowerBound)                     // newest first
        #expect(html.contains("<h2 id=\"month-heading\">Months</h2>"))
        #expect(html.contains("href=\"sla-report-2025-W32.xlsx\""))
        #expect(!html.contains("href=\"sla-report-2025-W31.xlsx\""))  // removed: no link
        #expect(html.contains("href=\"breakdowns-2025-08.csv\""))
        #expect(html.contains("50.0%"))                                // W32 resolution compliance
        #expect(!html.contains("<script"))
        #expect(html.contains("Weekly compliance, all teams"))
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.hasSuffix(".tmp") })
    }

    /// The chart puts weeks on a calendar axis, a gap where the folder has no week (2025-W40 was
    /// drawn right after W36), and leaves partial weeks out of the line (two tickets judged read
    /// as a collapse): a stranger's trial.
    @Test func theChartsWeeksKeepTheirGapsAndLeavePartialWeeksOut() throws {
        func week(_ label: String, complete: Bool = true) -> PeriodSummary {
            var summary = PeriodSummary(Fixtures.helpDeskReport())
            summary.period = label
            summary.complete = complete
            return summary
        }
        let timeline = DashboardIndex.timeline([week("2025-W52"), week("2026-W01"), week("2026-W04", complete: false)])
        #expect(timeline.map(\.label) == ["2025-W52", "2026-W01", "2026-W02", "2026-W03", "2026-W04"])
        #expect(timeline.map { $0.summary?.period } == ["2025-W52", "2026-W01", nil, nil, "2026-W04"])
        var html = ""
        DashboardIndex.trendChart([week("2025-W52"), week("2026-W01"), week("2026-W04", complete: false)], into: &html)
        #expect(html.contains("Partial weeks (marked in the table) and weeks without a report are left out; the line breaks there."))
        #expect(!html.contains("2026-W04 "))   // not in the chart's summary: left out of the line
        #expect(html.contains(">2025-W52<") && html.contains(">2026-W01<") && html.contains(">W02<"))
        // More than a year apart: the weeks listed, side by side, as before.
        #expect(DashboardIndex.timeline([week("2024-W10"), week("2025-W40")]).map(\.label) == ["2024-W10", "2025-W40"])
    }

    /// A custom period's label may break after its `..` (the row overflowed a 1280 px window);
    /// week and month labels stay on one line.
    @Test func aCustomPeriodLabelMayBreakBetweenItsDates() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let period = try ReportPeriod.days(parsingFrom: "2025-08-04", through: "2025-08-17", in: Fixtures.newYork)
        let report = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                   policyHash: Fixtures.policyHash)
        _ = try ReportWriter.write(report, formats: [.html], to: directory)
        let html = try String(contentsOf: DashboardIndex.regenerate(in: directory), encoding: .utf8)
        #expect(html.contains("<th scope=\"row\" class=\"wraps\"><a href=\"sla-report-2025-08-04_2025-08-17.html\" "))
        #expect(html.contains("><span class=\"nowrap\">2025-08-04</span>..<wbr><span class=\"nowrap\">2025-08-17</span></a>"))
        #expect(html.contains("<th scope=\"row\"><a href=\"sla-report-2025-W32.html\" "))
        #expect(HTMLStyles.css.contains("tbody th.wraps{white-space:normal}"))
    }

    /// A partial newest week points to the last complete one, and a compliance judged on a few
    /// tickets shows its count (100.0% of 1 beside 363 breaches read as a perfect month: a
    /// manager's trial).
    @Test func thePartialNewestWeekPointsToTheLastCompleteOneAndFewJudgedShowTheirCount() throws {
        func week(_ label: String, title: String, complete: Bool, judged: Int) -> PeriodSummary {
            var summary = PeriodSummary(Fixtures.helpDeskReport())
            summary.period = label
            summary.title = title
            summary.complete = complete
            summary.resolutionMet = judged
            summary.resolutionJudged = judged
            summary.files["html"] = "sla-report-\(label).html"
            return summary
        }
        let html = DashboardIndex.render([week("2025-W35", title: "Week 35, 2025", complete: false, judged: 1),
                                          week("2025-W34", title: "Week 34, 2025", complete: true, judged: 40)],
                                         present: ["sla-report-2025-W34.html", "sla-report-2025-W35.html"], unreadable: [])
        #expect(html.contains("<h1>SLA reports</h1>"))
        #expect(html.contains("Week 35, 2025</a> (partial), as of"))
        #expect(html.contains(" Last complete week: <a href=\"sla-report-2025-W34.html\">Week 34, 2025</a>."))
        #expect(html.contains("100.0%</span><br><span class=\"muted\">1 of 1</span>"))
        #expect(!html.contains("40 of 40</span>"))
    }

    /// A report written without HTML gets no link to an HTML page, in the heading either.
    @Test func theNewestReportIsLinkedOnlyWhenItsPageExists() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ReportWriter.write(Fixtures.helpDeskReport(), formats: [.csv], to: directory)
        let html = try String(contentsOf: DashboardIndex.regenerate(in: directory), encoding: .utf8)
        #expect(!html.contains("href=\"sla-report-2025-W32.html\""))
        #expect(html.contains("Newest: Week 32, 2025, as of"))
    }

    @Test func indexIsByteIdenticalAcrossRegenerationsAndSkipsUnreadableSummaries() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("not json".utf8).write(to: directory.appendingPathComponent("sla-report-broken.json"))
        let first = try Data(contentsOf: DashboardIndex.regenerate(in: directory))
        let second = try Data(contentsOf: DashboardIndex.regenerate(in: directory))
        #expect(first == second)
        let html = String(decoding: first, as: UTF8.self)
        #expect(html.contains("Skipped 1 summary file that could not be read: <code>sla-report-broken.json</code>"))
    }

    @Test func emptyFolderSaysThereAreNoReports() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = try String(contentsOf: DashboardIndex.regenerate(in: directory), encoding: .utf8)
        #expect(html.contains("No reports in this folder yet."))
    }

    @Test func summariesSortByStartThenKind() {
        let week = PeriodSummary(Fixtures.helpDeskReport())
        var month = week
        month.kind = "month"; month.period = "2025-08"
        var older = week
        older.period = "2025-W31"; older.periodStartEpoch -= 7 * 86_400
        #expect(DashboardIndex.sorted([older, month, week]).map(\.period) == ["2025-W32", "2025-08", "2025-W31"])
    }
}
