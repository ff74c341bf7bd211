import Foundation
import Testing
import SLAModel
import SLAEngine
@testable import SLAImport

/// Instants outside the accepted years (1970 up to 2100 unless widened) are bad values with
/// file, line and column in every reader, and extreme unix times do not trap.
@Suite struct InstantBoundsTests {
    func error(_ path: String, options: ImportOptions = ImportOptions()) -> ImportError? {
        var sink = CollectingSink()
        do { _ = try FileImporter.read(path: path, format: nil, options: options, into: &sink); return nil } catch let error as ImportError {
            return error
        } catch { Issue.record("unexpected \(error)"); return nil }
    }

    func issue(_ error: ImportError?) -> ImportIssue? {
        if case .malformed(let issue) = error { return issue }
        return nil
    }

    @Test func queueExportTicketDatedYearOneOr9999() throws {
        let scratch = try Scratch()
        let header = "\"Ticket Number\",\"Date Created\",Subject,\"Current Status\",\"Last Updated\""
        for date in ["0001-01-01 00:00:00", "9999-12-31 23:59:59", "1969-12-31 23:59:59", "2100-01-01 00:00:00"] {
            let path = try scratch.file("q.csv", "\(header)\n1,\"2025-08-05 15:58:40\",A,Open,\n2,\"\(date)\",B,Open,\n")
            let found = issue(error(path))
            #expect(found?.line == 3 && found?.column == 2, "\(date)")
            #expect(found?.expected.contains("1970-01-01 up to 2100-01-01") == true, "\(date)")
        }
    }

    @Test func historyNormalizedCSVAndJSON() throws {
        let scratch = try Scratch()
        let history = try scratch.file("h.tsv", """
            ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata
            7\tevent\t1\t9999-01-01 00:00:00\tcreated\t0\tU\tNULL\tT\tD\tNULL\tNULL\tNULL\tNULL

            """)
        #expect(issue(error(history))?.line == 2)
        #expect(issue(error(history))?.column == 4)
        let tickets = try scratch.file("t.csv", "number,created_at\nN-1,2025-08-04T09:00:00Z\nN-2,0001-01-01T00:00:00Z\n")
        #expect(issue(error(tickets))?.line == 3)
        let events = try scratch.file("e.csv", "ticket_number,time,kind\nN-1,2200-08-04T09:00:00Z,created\n")
        #expect(issue(error(events))?.line == 2 && issue(error(events))?.column == 2)
        let json = try scratch.file("j.jsonl", """
            {"number":"J-1","created_at":"2025-08-04T09:00:00Z","events":[]}
            {"number":"J-2","created_at":"9999-08-04T09:00:00Z","events":[]}

            """)
        let jsonIssue = issue(error(json))
        #expect(jsonIssue?.line == 2 && jsonIssue?.columnName == "created_at")
        #expect(jsonIssue?.expected.contains("accepted years") == true)
    }

    @Test func profileUnixTimesIncludingInt64Min() throws {
        let scratch = try Scratch()
        let profile = """
            time: {format: unix}
            columns: {case: id, time: t, status: s}
            statuses: {New: open}
            """
        for value in ["100000000000000", "-9223372036854775808", "9223372036854775807", "-1"] {
            let path = try scratch.file("p.csv", "id,t,s\nA,1754423920,New\nB,\(value),New\n")
            let mapping = try MappingProfile.parse(profile, file: "p.yaml")
            let found = issue(error(path, options: ImportOptions(profile: mapping)))
            #expect(found?.line == 3 && found?.column == 2, "\(value)")
        }
    }

    @Test func widerRangeIsConfigurable() throws {
        let scratch = try Scratch()
        let path = try scratch.file("t.csv", "number,created_at\nN-1,1960-08-04T09:00:00Z\n")
        #expect(error(path) != nil)
        let wide = try #require(AcceptedYears("1900-2200"))
        #expect(error(path, options: ImportOptions(acceptedYears: wide)) == nil)
        #expect(AcceptedYears("2100-1970") == nil && AcceptedYears("0-10000") == nil && AcceptedYears("1970") == nil)
    }

    @Test func rangeEdgesAreUTC() throws {
        let years = AcceptedYears.standard
        let zone = try #require(ZoneRules.named("America/New_York"))
        // 1969-12-31 20:00 in New York is 1970-01-01 01:00 UTC: inside.
        let inside = try #require(TimestampParser.parse("1969-12-31 20:00:00"))
        #expect(years.instant(of: inside, in: zone) != nil)
        let outside = try #require(TimestampParser.parse("2099-12-31T23:00:00-02:00"))
        #expect(years.instant(of: outside, in: zone) == nil)
    }
}
