import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// A week with no tickets, a team with one ticket and a period before any data each
/// render in every format and say so in words.
@Suite struct EmptyStatesTests {
    /// Writes every format and returns the HTML, the team CSV and the Summary sheet's XML.
    static func render(_ report: WeeklyReport) throws -> (html: String, csv: String, summarySheet: String) {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try ReportWriter.write(report, formats: Set(ReportFormat.allCases), to: directory)
        #expect(files.count == 7)
        let stem = report.period.fileStem
        let html = try String(contentsOf: directory.appendingPathComponent("sla-report-\(stem).html"), encoding: .utf8)
        let csv = try String(contentsOf: directory.appendingPathComponent("team-summary-\(stem).csv"), encoding: .utf8)
        let xlsx = directory.appendingPathComponent("sla-report-\(stem).xlsx").path
        let sheet = TestSupport.run(["unzip", "-p", xlsx, "xl/worksheets/sheet1.xml"])
        #expect(sheet.status == 0, "\(sheet.output)")
        return (html, csv, sheet.output)
    }

    /// Fixture tickets moved so that W32 has none: everything else stays around it.
    static func ticketsWithAnEmptyWeek() -> [TicketMetrics] {
        Fixtures.helpDesk.filter { $0.number == "0980" || $0.number == "0981" } + [
            Fixtures.ticket("2001", team: "Billing", created: Fixtures.ny(2025, 8, 12, 9), resolved: Fixtures.ny(2025, 8, 12, 11),
                            status: .met, business: 7_200, wall: 7_200),
        ]
    }

    @Test func aWeekWithNoTicketsSaysSoInEveryFormat() throws {
        let report = ReportAggregator.weeklyReport(from: Self.ticketsWithAnEmptyWeek(), period: Fixtures.week32,
                                                   asOf: Fixtures.asOf, policyHash: "p")
        #expect(report.isEmpty && report.coverage == .covered)
        let (html, csv, sheet) = try Self.render(report)
        let sentence = "No tickets were created, resolved or breached in this week."
        #expect(html.contains(sentence))
        #expect(html.contains("No ticket breached its resolution SLA in this week."))
        #expect(html.contains("No ticket was open at the end of this week: the backlog was empty."))
        #expect(html.contains("No ticket moved from one team to another in this week."))
        #expect(html.contains("so there is no distribution to show"))
        #expect(html.contains("</html>") && !html.contains("<script"))
        // The team CSV still has its header and the total row.
        let rows = TestSupport.csvRows(csv)
        #expect(rows.count == 1 && rows[0]["row"] == "total" && rows[0]["created"] == "0")
        #expect(sheet.contains(sentence))
    }

    @Test func aTeamWithOneTicketRendersAndSaysItIsOneTicket() throws {
        var tickets = Fixtures.helpDesk
        tickets.append(Fixtures.ticket("3001", team: "Fraud Desk", created: Fixtures.ny(2025, 8, 6, 9),
                                       resolved: Fixtures.ny(2025, 8, 6, 12), status: .met, business: 10_800, wall: 10_800))
        let report = Fixtures.helpDeskReport(tickets)
        let fraud = report.breakdown(.team).row(.named("Fraud Desk"))!
        #expect(fraud.tickets == 1 && fraud.resolved == 1)
        #expect(fraud.resolutionBusiness?.median == 10_800 && fraud.resolutionBusiness?.p95 == 10_800)
        let (html, csv, _) = try Self.render(report)
        #expect(html.contains("<strong>Fraud Desk</strong> and <strong>(no team)</strong> each had a single ticket in this week: their percentages and times describe that one ticket, not a trend."))
        let row = TestSupport.csvRows(csv).first { $0["team"] == "Fraud Desk" }!
        #expect(row["tickets"] == "1" && row["resolution_compliance_percent"] == "100.00")
    }

    @Test func aPeriodBeforeAnyDataSaysSo() throws {
        let period = ReportPeriod.isoWeek(ISOWeek(year: 2025, week: 20)!, in: Fixtures.newYork)
        let report = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                   policyHash: "p")
        let (html, _, sheet) = try Self.render(report)
        let sentence = "No tickets were created, resolved or breached in this week: it ends before the first ticket in the data, created 2025-07-29 09:00."
        #expect(html.contains(sentence))
        #expect(sheet.contains(sentence))
        #expect(html.contains("No tickets were judged against a resolution target in the last 12 weeks"))
    }

    /// A week after the as-of instant had not even started: its warning says so and what the
    /// backlog figures are (it said the week "had not ended"), in the page and the workbook.
    @Test func aWeekAfterTheAsOfInstantSaysItHadNotStarted() throws {
        let period = ReportPeriod.isoWeek(ISOWeek(year: 2025, week: 40)!, in: Fixtures.newYork)
        let report = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                   policyHash: "p")
        let (html, _, sheet) = try Self.render(report)
        let warning = "This week starts after the as-of instant 2025-08-13 12:00: nothing in it has happened in the data yet, and the open tickets shown are those open at that instant."
        #expect(html.contains(warning))
        #expect(sheet.contains(warning))
        #expect(!html.contains("<p class=\"notice warn\">This week had not ended"))
        let current = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: ReportPeriod.isoWeek(ISOWeek(year: 2025, week: 33)!, in: Fixtures.newYork),
                                                    asOf: Fixtures.asOf, policyHash: "p")
        #expect(current.incompletePeriodSentence == "This week had not ended at the as-of instant; its numbers can still change.")
        #expect(Fixtures.helpDeskReport().incompletePeriodSentence == nil)
    }

    @Test func aDatabaseWithNoTicketsSaysSo() throws {
        let report = ReportAggregator.weeklyReport(from: [], period: Fixtures.week32, asOf: Fixtures.asOf, policyHash: "p")
        let (html, _, _) = try Self.render(report)
        #expect(html.contains("the database holds no tickets at all"))
        #expect(html.contains("No import runs are recorded"))
    }

    @Test func aMonthAndACustomPeriodRender() throws {
        let month = try ReportPeriod.month(parsing: "2025-08", in: Fixtures.newYork)
        let days = try ReportPeriod.days(parsingFrom: "2025-08-04", through: "2025-08-06", in: Fixtures.newYork)
        for period in [month, days] {
            let report = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: period, asOf: Fixtures.asOf,
                                                       policyHash: "p")
            let (html, _, _) = try Self.render(report)
            #expect(html.contains(period.title))
        }
    }
}
