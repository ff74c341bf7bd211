import SLAModel
import Testing
@testable import SLAReports

@Suite struct HTMLReportRendererTests {
    @Test func escapesScriptInASubject() {
        var tickets = Fixtures.helpDesk
        tickets[1].subject = "<script>alert(1)</script>"
        tickets[1].breachAgent = "O'Brien & \"Sons\""
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport(tickets))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("O&#39;Brien &amp; &quot;Sons&quot;"))
    }

    /// The first period of data compares with nothing: its tiles said "▲ +13 vs 0" in red
    /// against an empty period before the first ticket (a manager's trial); in print, a table's
    /// total row comes once, at its end, not at the foot of every page.
    @Test func theFirstPeriodOfDataHasNoChangeArrowsAndTotalsPrintOnce() {
        var report = Fixtures.helpDeskReport()
        let compared = HTMLReportRenderer.render(report)
        #expect(compared.contains(" in 2025-W31</div>"))
        report.firstTicketAt = report.period.start
        let first = HTMLReportRenderer.render(report)
        // The tiles (the fixture's teams still have last week's rows to compare with; a real first week has none).
        let tiles = first.components(separatedBy: "<div class=\"tiles\">").last?.components(separatedBy: "</section>").first ?? ""
        #expect(tiles.contains("tile-value") && !tiles.contains(" in 2025-W31</div>") && !tiles.contains("▲") && !tiles.contains("▼"))
        #expect(first.contains(">no data before this week (2025-W31 is empty)</div>"))
        #expect(HTMLStyles.css.contains("tfoot{display:table-row-group}"))
    }

    /// The trend says its last point is of a period that had not ended.
    @Test func aPartialPeriodsTrendPointIsSaidToBePartial() {
        let partial = ReportAggregator.weeklyReport(from: Fixtures.helpDesk, period: Fixtures.week32.adding(periods: 1),
                                                    asOf: Fixtures.asOf, policyHash: Fixtures.policyHash)
        #expect(!partial.isComplete && partial.trend.hasData)
        #expect(HTMLReportRenderer.render(partial).contains("The last point, 2025-W33, is of a week that had not ended at the as-of instant."))
        #expect(!HTMLReportRenderer.render(Fixtures.helpDeskReport()).contains("The last point,"))
    }

    /// A desk without first responses (BPIC's log has none) gets a sentence, not a table of dashes.
    @Test func noFirstResponsesIsASentence() {
        let tickets = Fixtures.helpDesk.map { ticket in
            var ticket = ticket
            ticket.firstResponseAt = nil
            ticket.firstResponseBusinessSeconds = nil
            ticket.firstResponseWallSeconds = nil
            return ticket
        }
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport(tickets))
        #expect(html.contains("<p class=\"note\"><strong>Time to first response (tickets first answered in the week):</strong> none in this week.</p>"))
        #expect(html.contains("<caption>Time to resolution (tickets resolved in the week)</caption>"))
    }

    @Test func escapesTeamNamesEverywhereTheyAppear() {
        var tickets = Fixtures.helpDesk
        for i in tickets.indices where tickets[i].team == "Billing" { tickets[i].team = "<b>Billing</b>" }
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport(tickets))
        #expect(!html.contains("<b>Billing"))
        #expect(html.contains("&lt;b&gt;Billing&lt;/b&gt;"))
    }

    @Test func escapingCoversAllFiveCharactersAndControls() {
        #expect(HTMLEscaping.escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;")
        #expect(HTMLEscaping.escape("a\u{0}b") == "a\u{FFFD}b")
        #expect(HTMLEscaping.escape("<\u{338}") == "&lt;\u{338}")
    }

    @Test func emptyWeekRendersAndSaysSoInWords() {
        let empty = ReportAggregator.weeklyReport(from: [], period: Fixtures.week32, asOf: Fixtures.asOf,
                                                  policyHash: "none")
        let html = HTMLReportRenderer.render(empty)
        #expect(html.contains("No tickets were created, resolved or breached in this week: the database holds no tickets at all."))
        #expect(html.contains("</html>"))
        #expect(!html.contains("<svg class=\"chart\""))
    }

    @Test func pageIsSelfContained() {
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        #expect(html.contains("@media print"))
        #expect(html.contains("size:A4"))
        #expect(html.contains("prefers-color-scheme:dark"))
    }

    @Test func headerStatesPeriodZoneAsOfAndPolicy() {
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport())
        #expect(html.contains("Week 32, 2025"))
        #expect(html.contains("Mon 4 Aug 2025 – Sun 10 Aug 2025"))
        #expect(html.contains("America/New_York"))
        #expect(html.contains("2025-08-13T12:00:00-04:00"))
        #expect(html.contains(Fixtures.policyHash))
        #expect(html.contains("id=\"definitions\""))
    }

    @Test func trendChartHasTextAlternatives() {
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport())
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("aria-labelledby=\"trend-chart-title trend-chart-desc\""))
        #expect(html.contains("<title id=\"trend-chart-title\">"))
        #expect(html.contains("class=\"trend-table\""))
    }

    @Test func tilesShowChangeAgainstThePreviousWeek() {
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport())
        // Compliance 50.0% both weeks; breaches 3 vs 1; created 8 vs 3.
        #expect(html.contains("same as 50.0% in 2025-W31"))
        #expect(html.contains("+2 vs 1 in 2025-W31"))
        #expect(html.contains("+5 vs 3 in 2025-W31"))
    }

    @Test func everyDataValueIsEscapedInEverySection() {
        let evil = "<img src=x onerror=alert(1)>"
        var tickets = Fixtures.helpDesk
        for i in tickets.indices {
            tickets[i].subject = evil + "subject"
            tickets[i].priority = evil + "priority"
            tickets[i].plan = evil + "plan"
            tickets[i].department = evil + "dept"
            tickets[i].agent = evil + "agent"
            tickets[i].breachAgent = tickets[i].breachAgent.map { _ in evil + "breach-agent" }
            tickets[i].resolutionReason = tickets[i].resolutionReason.map { _ in evil + "reason" }
            tickets[i].segments = tickets[i].segments.map { var s = $0; s.team = s.team.map { evil + $0 }; return s }
            tickets[i].team = tickets[i].team.map { evil + $0 }
            tickets[i].breachTeam = tickets[i].breachTeam.map { evil + $0 }
            tickets[i].status = evil + "status"
        }
        let open = tickets.firstIndex { $0.number == "1004" }!
        tickets[open].sourceDueAt = Fixtures.ny(2025, 8, 1)
        let provenance = DataProvenance(importRuns: 1, rowsRead: 10, rowsRejected: 1, lastImportAt: Fixtures.asOf,
                                        policyName: evil + "policy",
                                        recentFiles: [.init(file: evil + ".csv", format: evil, rowsRead: 10, rowsRejected: 1,
                                                            finishedAt: Fixtures.asOf)])
        let report = ReportAggregator.weeklyReport(from: tickets, period: Fixtures.week32, asOf: Fixtures.asOf,
                                                   policyHash: evil, provenance: provenance)
        let html = HTMLReportRenderer.render(report)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script"))
        for part in ["subject", "priority", "plan", "dept", "agent", "breach-agent", "reason", "status", "policy", ".csv", "Network"] {
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;" + part), "\(part)")
        }
    }

    /// The last x label of a monthly trend is centred on the last point and must fit inside the
    /// chart ("Aug 2025" was cut to "Aug 202"). Its width is estimated at 0.6 em a character,
    /// about what DejaVu Sans takes at the charts' 11 px.
    @Test func theLastMonthLabelOfATrendFitsInTheChart() throws {
        let labels = ["Sep 2024", "Oct 2024", "Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025", "Mar 2025",
                      "Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025"]
        let chart = SVGLineChart(id: "trend", title: "t", summary: "s", xLabels: labels,
                                 series: [.init(name: "All teams", values: labels.map { _ in 0.9 }, cssClass: "series-total")])
        let svg = chart.render()
        let last = try #require(svg.components(separatedBy: "<text x=\"").last { $0.contains(">Aug 2025</text>") })
        let x = try #require(Double(last.prefix { $0 != "\"" }))
        #expect(x + 0.6 * 11 * Double("Aug 2025".count) / 2 <= Double(chart.width))
    }

    /// A breached ticket that stayed with one team shows that team as its path, as the CSV and the
    /// workbook do (it showed a dash).
    @Test func aBreachedTicketWithOneTeamShowsThatTeamAsItsPath() {
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport())
        let row = html.components(separatedBy: "<tr><td class=\"nowrap\">1002</td>").dropFirst().first ?? ""
        #expect(row.hasPrefix("<td class=\"subject\">"))
        #expect(row.components(separatedBy: "</tr>")[0].contains("<td class=\"path\">Billing</td>"))
        let moved = html.components(separatedBy: "<tr><td class=\"nowrap\">1003</td>").dropFirst().first ?? ""
        #expect(moved.components(separatedBy: "</tr>")[0].contains("<td class=\"path\">Level 1 → Network</td>"))
    }

    /// On a phone (390 px) the charts' labels were 3-4 px and the tables' scrolling invisible:
    /// charts keep 600 px and scroll, tables show a shadow at their scrolling edge, and the
    /// period label in the title stays whole.
    @Test func narrowScreensKeepChartsLegibleAndShowThatTablesScroll() {
        let html = HTMLReportRenderer.render(Fixtures.helpDeskReport())
        #expect(HTMLStyles.css.contains("@media (max-width:640px){body{padding:16px 12px 32px}figure{overflow-x:auto}.chart{min-width:600px}"))
        #expect(html.contains("<h1>Week 32, 2025 <span class=\"muted nowrap\">2025-W32</span></h1>"))
    }
}
