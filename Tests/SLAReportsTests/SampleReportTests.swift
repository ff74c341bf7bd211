import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// A larger deterministic help desk over twelve weeks, for looking at the rendered report.
/// Set `SLAREPORTS_SAMPLE_DIR` to keep the files (`scripts/screenshot-report.sh` shows them).
@Suite struct SampleReportTests {
    static func sampleTickets() -> [TicketMetrics] {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let teams = ["Billing", "Level 1 Support", "Network & Infra", "Online Banking"]
        let agents = ["ana", "bo", "chen", "dara", "eli", "fatima"]
        let subjects = ["Cannot log in to online banking", "Card payment declined twice", "VPN drops every hour",
                        "Statement PDF is empty", "Password reset mail never arrives", "Wire transfer stuck in review",
                        "Printer on 3rd floor offline", "<script>alert(1)</script>", "=HYPERLINK(\"http://evil\")",
                        "Mobile app crashes on launch"]
        var tickets: [TicketMetrics] = []
        let firstMonday = Fixtures.ny(2025, 5, 19)
        for i in 0 ..< 420 {
            let created = firstMonday.adding(seconds: Int64(i) * 2_064 * 3_600 / 420 + Int64(next(3600)))
            guard created < Fixtures.asOf else { continue }
            let team = next(25) == 0 ? nil : teams[(i + next(3)) % teams.count]
            let target: Int64 = [4, 8, 24][next(3)] * 3600
            let business = Int64(600 + next(Int(target) * 3 / 2))
            let wall = business + Int64(next(200_000))
            var resolved: Instant? = created.adding(seconds: wall)
            if resolved! > Fixtures.asOf || next(12) == 0 { resolved = nil }
            let late = business > target
            let breachedAt: Instant? = late ? created.adding(seconds: target + Int64(next(7200))) : nil
            let status: SLAStatus = resolved == nil ? (late && breachedAt! <= Fixtures.asOf ? .runningBreached : .running)
                : (late ? .breached : .met)
            let escalated = late && next(3) == 0
            let breachTeam = escalated ? "Level 1 Support" : team
            var ticket = Fixtures.ticket(
                "T-\(10_000 + i)", team: team, created: created, resolved: resolved, status: status,
                breachedAt: status == .running ? nil : breachedAt, breachTeam: late ? breachTeam : nil,
                breachAgent: late ? agents[next(agents.count)] : nil,
                business: business, wall: resolved == nil ? nil : wall, subject: subjects[next(subjects.count)],
                plan: ["Severity A", "Standard", "Low"][next(3)], priority: ["Emergency", "High", "Normal", "Low"][next(4)],
                agent: agents[next(agents.count)])
            // First response: within its one-hour target most of the time, late otherwise, and
            // sometimes never (still running at as-of, or closed without a response).
            let responseBusiness = Int64(60 + next(5400))
            let responseAt = created.adding(seconds: responseBusiness + Int64(next(3 * 3600)))
            ticket.firstResponseDueAt = created.adding(seconds: 3600)
            if next(15) == 0 || responseAt > Fixtures.asOf || (resolved.map { responseAt > $0 } ?? false) {
                ticket.firstResponseAt = nil
                ticket.firstResponseWallSeconds = nil
                ticket.firstResponseBusinessSeconds = resolved == nil ? 3_000 : 2_000
                ticket.firstResponseStoppedAt = resolved
                ticket.firstResponseStatus = resolved == nil ? .runningBreached : .met
                if resolved == nil {
                    ticket.firstResponseBreachedAt = ticket.firstResponseDueAt
                    ticket.firstResponseSecondsLate = ticket.firstResponseDueAt!.seconds(to: Fixtures.asOf)
                    ticket.firstResponseBreachTeam = team
                }
            } else {
                ticket.firstResponseAt = responseAt
                ticket.firstResponseStoppedAt = responseAt
                ticket.firstResponseBusinessSeconds = responseBusiness
                ticket.firstResponseWallSeconds = created.seconds(to: responseAt)
                ticket.firstResponseStatus = responseBusiness > 3600 ? .breached : .met
                if responseBusiness > 3600 {
                    ticket.firstResponseBreachedAt = ticket.firstResponseDueAt
                    ticket.firstResponseSecondsLate = ticket.firstResponseDueAt!.seconds(to: responseAt)
                    ticket.firstResponseBreachTeam = escalated ? "Level 1 Support" : team
                }
            }
            ticket.reopens = next(9) == 0 ? 1 : 0
            if i == 380 {
                // A team with a single ticket.
                ticket.team = "Fraud Desk"
                ticket.segments = ticket.segments.map { var s = $0; s.team = "Fraud Desk"; return s }
            }
            tickets.append(ticket)
        }
        return tickets
    }

    /// The records of an RFC 4180 text (quoted fields with doubled quotes, CRLF line ends).
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { record.append(field); field = ""
            } else if c == "\r\n" || c == "\n" { record.append(field); records.append(record); record = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// Why a period's breaches and its misses differ, as the tiles say: breaches count where the
    /// due instant passed, compliance where the clock stopped. Misses = breaches, less those of
    /// clocks that stopped after the period, plus late ones that breached before it (a manager's
    /// trial found the gap unexplained on the first-response tile).
    @Test func theTilesNotesAccountForEveryMiss() {
        var checked = 0
        for weeks in -6 ... 0 {
            let report = ReportAggregator.weeklyReport(from: Self.sampleTickets(), period: Fixtures.week32.adding(periods: weeks),
                                                       asOf: Fixtures.asOf, policyHash: "sha256:9c1e4b7d2a")
            let t = report.total
            #expect(t.breachedResolved + t.breachedOngoing == t.breaches - t.breachesResolvedLater + t.lateResolutionsBreachedEarlier,
                    "\(report.period.label)")
            #expect(t.firstResponseBreached + t.firstResponseBreachedOngoing
                    == t.firstResponseBreaches - t.firstResponseBreachesStoppedLater + t.lateFirstResponsesBreachedEarlier,
                    "\(report.period.label)")
            if t.breachesResolvedLater + t.lateResolutionsBreachedEarlier > 0 { checked += 1 }
        }
        // Periods where the resolution notes are needed (the first-response ones are checked on the
        // sample desk: `PeriodReportBuilderTests.theFirstResponseTilesNotesAccountForEveryMiss`).
        #expect(checked > 0)
    }

    /// With more teams than colours, the trend chart draws the teams with the most judged tickets
    /// and all teams, and says so; its table keeps every team (BPIC's 521 teams drew a legend
    /// taller than the chart: a manager's trial).
    @Test func aTrendOfManyTeamsDrawsTheLargest() throws {
        let tickets = Self.sampleTickets().enumerated().map { index, ticket in
            var ticket = ticket
            ticket.team = "Team \(index % 12)"
            return ticket
        }
        let report = ReportAggregator.weeklyReport(from: tickets, period: Fixtures.week32, asOf: Fixtures.asOf, policyHash: "sha256:0")
        #expect(report.trend.series.count == 13)
        let html = HTMLReportRenderer.render(report)
        let figure = html.components(separatedBy: "id=\"trend-heading\"").last?.components(separatedBy: "</figure>").first ?? ""
        #expect(figure.components(separatedBy: "<li><svg class=\"swatch\"").count - 1 == 8 + 2)   // eight teams, all teams, target
        #expect(html.contains("The chart draws the 8 teams with the most tickets judged in these weeks, of 12, and all teams"))
        let table = html.components(separatedBy: "class=\"trend-table\"").last?.components(separatedBy: "</table>").first ?? ""
        #expect(table.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 13)
        // The workbook's chart likewise (477 series hid its plot under the legend).
        let (directory, file) = try XLSXReportWriterTests.writeWorkbook(report)
        defer { try? FileManager.default.removeItem(at: directory) }
        let charts = XLSXReportWriterTests.run(["unzip", "-p", file.path, "xl/charts/chart1.xml"])
        #expect(charts.output.contains("the 8 largest teams and all teams"))
        #expect(charts.output.components(separatedBy: "<c:ser>").count - 1 == 9)
    }

    @Test func sampleReportRendersInEveryFormat() throws {
        let report = ReportAggregator.weeklyReport(from: Self.sampleTickets(), period: Fixtures.week32,
                                                   asOf: Fixtures.asOf, policyHash: "sha256:9c1e4b7d2a")
        #expect(report.trend.hasData)
        #expect(!report.breachedTickets.isEmpty)
        let keep = ProcessInfo.processInfo.environment["SLAREPORTS_SAMPLE_DIR"]
        let directory = keep.map { URL(fileURLWithPath: $0) } ?? Fixtures.temporaryDirectory()
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }
        let files = try ReportWriter.write(report, formats: Set(ReportFormat.allCases), to: directory)
        #expect(files.count == 7)
        // The breaches CSV has a row per breach of the period, under the team at breach: grouped,
        // it gives the team summary's breaches (the per-ticket CSV cannot: an analyst's trial).
        let breaches = try String(contentsOf: directory.appendingPathComponent(ReportFileNames(period: report.period).breachesCSV),
                                  encoding: .utf8)
        let records = Self.csvRecords(breaches)
        let column = try #require(records.first?.firstIndex(of: "team_at_breach"))
        let rows = records.dropFirst()
        #expect(rows.count == report.breachedTickets.count)
        var byTeam: [String: Int] = [:]
        for row in rows { byTeam[row[column], default: 0] += 1 }
        #expect(byTeam.count > 1)
        for row in report.teams {
            #expect(row.breaches == byTeam[row.key.name ?? "", default: 0], "\(row.key)")
        }
        #expect(report.total.breaches == rows.count)
        let empty = ReportAggregator.weeklyReport(from: Self.sampleTickets(), period: Fixtures.week32.adding(periods: -20),
                                                  asOf: Fixtures.asOf, policyHash: "sha256:9c1e4b7d2a")
        #expect(empty.isEmpty)
        if keep != nil { _ = try ReportWriter.write(empty, formats: [.html], to: directory) }
    }
}
