import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// The per-team numbers of a rendered report, recomputed independently from its per-ticket
/// CSV: the files are written, parsed back with `TestSupport.parseCSV`, and every count,
/// compliance percentage and median is derived again from the ticket rows by the rules the
/// README states (period bounds from the CSV, not the writer's flags).
@Suite struct RecomputeFromCSVTests {
    struct Recount {
        var created = 0, resolved = 0, openAtEnd = 0
        var met = 0, breached = 0, ongoing = 0
        var frMet = 0, frBreached = 0, frOngoing = 0
        var breaches = 0, frBreaches = 0
        var business: [Int64] = [], wall: [Int64] = [], firstResponse: [Int64] = [], late: [Int64] = []
    }

    static func recount(tickets: [[String: String]], start: Int64, end: Int64,
                        key: (([String: String]) -> String), breachKey: (([String: String]) -> String),
                        frBreachKey: (([String: String]) -> String)) -> [String: Recount] {
        func inPeriod(_ text: String?) -> Bool {
            guard let text, let t = TestSupport.epoch(text) else { return false }
            return start <= t && t < end
        }
        var result: [String: Recount] = [:]
        for t in tickets {
            let k = key(t)
            if inPeriod(t["created_at"]) { result[k, default: Recount()].created += 1 }
            if inPeriod(t["resolved_at"]) {
                result[k, default: Recount()].resolved += 1
                if let v = Int64(t["resolution_business_seconds"]!) { result[k, default: Recount()].business.append(v) }
                if let v = Int64(t["resolution_wall_seconds"]!) { result[k, default: Recount()].wall.append(v) }
            }
            let created = TestSupport.epoch(t["created_at"]!)!
            if created < end {
                if let resolved = TestSupport.epoch(t["resolved_at"]!) {
                    if resolved >= end { result[k, default: Recount()].openAtEnd += 1 }
                } else if t["state"] == "open" || t["state"] == "paused" {
                    result[k, default: Recount()].openAtEnd += 1
                }
            }
            // Resolution verdicts.
            let status = t["resolution_status"]!
            if !t["resolved_at"]!.isEmpty {
                if inPeriod(t["resolved_at"]) {
                    if status == "met" { result[k, default: Recount()].met += 1 }
                    if status == "breached" || status == "running_breached" { result[k, default: Recount()].breached += 1 }
                }
            } else if status == "running_breached", inPeriod(t["resolution_breached_at"]) {
                result[k, default: Recount()].ongoing += 1
            }
            if inPeriod(t["resolution_breached_at"]) {
                let b = breachKey(t)
                result[b, default: Recount()].breaches += 1
                if let late = Int64(t["resolution_seconds_late"]!) { result[b, default: Recount()].late.append(late) }
            }
            // First-response verdicts: stopped at the response, or at the resolution when none came.
            let frStatus = t["first_response_status"]!
            let frStop = t["first_response_at"]!.isEmpty ? t["resolved_at"]! : t["first_response_at"]!
            if (frStatus == "met" || frStatus == "breached"), inPeriod(frStop) {
                if frStatus == "met" { result[k, default: Recount()].frMet += 1 } else { result[k, default: Recount()].frBreached += 1 }
            }
            if frStatus == "running_breached", inPeriod(t["first_response_breached_at"]) {
                result[k, default: Recount()].frOngoing += 1
            }
            if inPeriod(t["first_response_breached_at"]) { result[frBreachKey(t), default: Recount()].frBreaches += 1 }
            if inPeriod(t["first_response_at"]), let v = Int64(t["first_response_business_seconds"]!) {
                result[k, default: Recount()].firstResponse.append(v)
            }
        }
        return result
    }

    static func check(_ row: [String: String], against r: Recount, label: String) {
        func field(_ name: String) -> String { row[name] ?? "<missing \(name)>" }
        #expect(field("created") == String(r.created), "\(label) created")
        #expect(field("resolved") == String(r.resolved), "\(label) resolved")
        #expect(field("open_at_end") == String(r.openAtEnd), "\(label) open_at_end")
        #expect(field("resolution_met") == String(r.met), "\(label) met")
        #expect(field("resolution_breached") == String(r.breached), "\(label) breached")
        #expect(field("resolution_breached_ongoing") == String(r.ongoing), "\(label) ongoing")
        #expect(field("resolution_judged") == String(r.met + r.breached + r.ongoing), "\(label) judged")
        #expect(field("resolution_compliance_percent") == TestSupport.percent(r.met, r.met + r.breached + r.ongoing),
                "\(label) compliance")
        #expect(field("first_response_met") == String(r.frMet), "\(label) fr met")
        #expect(field("first_response_compliance_percent")
                == TestSupport.percent(r.frMet, r.frMet + r.frBreached + r.frOngoing), "\(label) fr compliance")
        #expect(field("breaches") == String(r.breaches), "\(label) breaches")
        #expect(field("first_response_breaches") == String(r.frBreaches), "\(label) fr breaches")
        #expect(field("ttr_business_median_seconds") == (TestSupport.median(r.business).map(String.init) ?? ""),
                "\(label) business median")
        #expect(field("ttr_wall_median_seconds") == (TestSupport.median(r.wall).map(String.init) ?? ""),
                "\(label) wall median")
        #expect(field("ttfr_business_median_seconds") == (TestSupport.median(r.firstResponse).map(String.init) ?? ""),
                "\(label) first-response median")
        #expect(field("minutes_late_median") == (TestSupport.median(r.late).map { String(($0 + 59) / 60) } ?? ""),
                "\(label) minutes late")
    }

    @Test func perTeamNumbersMatchARecountOfThePerTicketCSV() throws {
        let report = ReportAggregator.weeklyReport(from: SampleReportTests.sampleTickets(), period: Fixtures.week32,
                                                   asOf: Fixtures.asOf, policyHash: "sha256:9c1e4b7d2a")
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ReportWriter.write(report, formats: [.csv], to: directory)
        let teams = TestSupport.csvRows(try String(contentsOf: directory.appendingPathComponent("team-summary-2025-W32.csv"), encoding: .utf8))
        let tickets = TestSupport.csvRows(try String(contentsOf: directory.appendingPathComponent("tickets-2025-W32.csv"), encoding: .utf8))
        #expect(tickets.count == report.tickets.count)
        #expect(teams.count >= 4)
        let start = TestSupport.epoch(teams[0]["period_start"]!)!, end = TestSupport.epoch(teams[0]["period_end"]!)!
        let recount = Self.recount(tickets: tickets, start: start, end: end,
                                   key: { $0["team"]!.isEmpty ? "" : $0["team"]! },
                                   breachKey: { $0["breach_team"]! }, frBreachKey: { $0["first_response_breach_team"]! })
        var total = Recount()
        for (_, r) in recount {
            total.created += r.created; total.resolved += r.resolved; total.openAtEnd += r.openAtEnd
            total.met += r.met; total.breached += r.breached; total.ongoing += r.ongoing
            total.frMet += r.frMet; total.frBreached += r.frBreached; total.frOngoing += r.frOngoing
            total.breaches += r.breaches; total.frBreaches += r.frBreaches
            total.business += r.business; total.wall += r.wall; total.firstResponse += r.firstResponse; total.late += r.late
        }
        var seen: Set<String> = []
        for row in teams {
            switch row["row"] {
            case "team":
                let name = row["team"]!
                seen.insert(name)
                Self.check(row, against: recount[name] ?? Recount(), label: name)
            case "no_team":
                seen.insert("")
                Self.check(row, against: recount[""] ?? Recount(), label: "(no team)")
            default:
                Self.check(row, against: total, label: "total")
            }
        }
        // Every team the tickets mention has a row (breach-only teams included).
        let mentioned = Set(recount.filter { $0.value.created + $0.value.resolved + $0.value.openAtEnd + $0.value.breaches
                                             + $0.value.frBreaches + $0.value.met + $0.value.ongoing > 0 }.keys)
        #expect(mentioned.isSubset(of: seen), "\(mentioned.subtracting(seen))")
        // The sample has the single-ticket team, a real spread and ongoing breaches.
        #expect(teams.contains { $0["team"] == "Fraud Desk" && $0["tickets"] == "1" })
        #expect(total.ongoing > 0 && total.breached > 0 && total.frBreached > 0)
    }

    @Test func perPriorityNumbersMatchARecountOfThePerTicketCSV() throws {
        let report = ReportAggregator.weeklyReport(from: SampleReportTests.sampleTickets(), period: Fixtures.week32,
                                                   asOf: Fixtures.asOf, policyHash: "sha256:9c1e4b7d2a")
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ReportWriter.write(report, formats: [.csv], to: directory)
        let rows = TestSupport.csvRows(try String(contentsOf: directory.appendingPathComponent("breakdowns-2025-W32.csv"), encoding: .utf8))
        let tickets = TestSupport.csvRows(try String(contentsOf: directory.appendingPathComponent("tickets-2025-W32.csv"), encoding: .utf8))
        #expect(Set(rows.map { $0["dimension"]! }) == ["team", "priority", "plan", "agent", "department"])
        let start = TestSupport.epoch(rows[0]["period_start"]!)!, end = TestSupport.epoch(rows[0]["period_end"]!)!
        let recount = Self.recount(tickets: tickets, start: start, end: end, key: { $0["priority"]! },
                                   breachKey: { $0["priority"]! }, frBreachKey: { $0["priority"]! })
        let priorities = rows.filter { $0["dimension"] == "priority" && $0["row"] == "value" }
        #expect(priorities.map { $0["value"]! } == ["Emergency", "High", "Normal", "Low"])
        for row in priorities { Self.check(row, against: recount[row["value"]!]!, label: row["value"]!) }
        // The team rows of the breakdowns file are the team-summary rows.
        let teamSummary = TestSupport.csvRows(try String(contentsOf: directory.appendingPathComponent("team-summary-2025-W32.csv"), encoding: .utf8))
        let teamRows = rows.filter { $0["dimension"] == "team" }
        #expect(teamRows.count == teamSummary.count)
        for (a, b) in zip(teamRows, teamSummary) {
            for column in CSVReportWriter.metricColumns { #expect(a[column] == b[column], "\(column)") }
        }
    }
}
