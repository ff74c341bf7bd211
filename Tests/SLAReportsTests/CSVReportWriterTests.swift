import SLAEngine
import SLAModel
import Testing
@testable import SLAReports

@Suite struct CSVReportWriterTests {
    @Test func fieldsWithCommasQuotesAndLineBreaksAreQuoted() {
        #expect(CSVReportWriter.quoted("plain") == "plain")
        #expect(CSVReportWriter.quoted("a,b") == "\"a,b\"")
        #expect(CSVReportWriter.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReportWriter.quoted("two\nlines") == "\"two\nlines\"")
        #expect(CSVReportWriter.quoted("cr\rhere") == "\"cr\rhere\"")
        // A quote followed by a combining mark is one Character but still a quote scalar.
        #expect(CSVReportWriter.quoted("x\"\u{301}") == "\"x\"\"\u{301}\"")
        #expect(CSVReportWriter.record(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
    }

    @Test func dataThatWouldStartAFormulaIsNeutralized() {
        #expect(CSVReportWriter.dataField("=1+2") == "'=1+2")
        #expect(CSVReportWriter.dataField("+CMD") == "'+CMD")
        #expect(CSVReportWriter.dataField("-2") == "'-2")
        #expect(CSVReportWriter.dataField("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVReportWriter.dataField("\tx") == "'\tx")
        #expect(CSVReportWriter.dataField("\r\nx") == "'\r\nx")
        #expect(CSVReportWriter.dataField("a=b") == "a=b")
        #expect(CSVReportWriter.dataField(nil) == "")
    }

    @Test func ticketsCSVNeutralizesAndQuotesSubjectsButNotComputedNumbers() {
        var tickets = Fixtures.helpDesk
        tickets[0].subject = "=HYPERLINK(\"http://x\",\"click\"), now"
        tickets[1].subject = "-5 degrees\r\nin the server room"
        let csv = CSVReportWriter.tickets(Fixtures.helpDeskReport(tickets))
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\"), now\","))
        #expect(csv.contains(",\"'-5 degrees\r\nin the server room\","))
        // A negative number the report computes is left as a number (none here are data).
        #expect(!csv.contains("'0"))
    }

    @Test func teamSummaryHasOneRowPerTeamAndATotal() {
        let csv = CSVReportWriter.teamSummary(Fixtures.helpDeskReport())
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.count == 7)                      // header, 4 teams, total, "" after the final CRLF
        #expect(lines.last == "")
        #expect(lines[0].hasPrefix("period,period_start,period_end,row,team,created,resolved"))
        // The first version's columns keep their place; new columns follow them.
        #expect(lines[1].hasPrefix("2025-W32,2025-08-04T00:00:00-04:00,2025-08-11T00:00:00-04:00,team,Billing,3,3,1,2,1,0,3,66.67,1,7200,2.00,36000,10.00,172800,48.00,500000,138.89,"))
        let header = lines[0].components(separatedBy: ",")
        let billing = lines[1].components(separatedBy: ",")
        let field = Dictionary(uniqueKeysWithValues: zip(header, billing))
        #expect(field["tickets"] == "4")
        #expect(field["minutes_late_median"] == "1440")          // 1002: due Tue 10:00, resolved Wed 10:00
        #expect(field["ttr_business_mean_seconds"] == "15000")   // (1800 + 7200 + 36000) / 3
        #expect(field["first_response_compliance_percent"] == "100.00")
        #expect(field["compliance_target_percent"] == "90")
        #expect(field["resolution_below_target"] == "true")
        #expect(lines[4].hasPrefix("2025-W32,2025-08-04T00:00:00-04:00,2025-08-11T00:00:00-04:00,no_team,,1,0,1,0,0,0,0,,0,"))
        #expect(lines[5].hasPrefix("2025-W32,2025-08-04T00:00:00-04:00,2025-08-11T00:00:00-04:00,total,,8,6,3,3,2,1,6,50.00,3,"))
    }

    @Test func instantsCarryTheReportZonesOffset() {
        let csv = CSVReportWriter.tickets(Fixtures.helpDeskReport())
        let row = csv.components(separatedBy: "\r\n").first { $0.hasPrefix("1003,") }!
        #expect(row.contains(",2025-08-04T11:00:00-04:00,"))
        #expect(row.contains(",2025-08-05T12:00:00-04:00,169200,Level 1,li,true,"))
        #expect(row.contains(",14400,4.00,259200,72.00,"))
    }

    @Test func noByteOrderMark() {
        let csv = CSVReportWriter.teamSummary(Fixtures.helpDeskReport())
        #expect(Array(csv.utf8.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(csv.hasPrefix("period,"))
    }

    /// Two due instants an hour apart in the hour a fall-back repeats read the same without their
    /// offset (a stranger's trial of the HTML's breached tickets); other times keep the short form.
    @Test func aWallTimeOfTheRepeatedHourShowsItsOffset() throws {
        let zone = try #require(ZoneRules.named("America/New_York"))
        #expect(ReportText.localMinute(Instant(secondsSinceEpoch: 1_762_061_400), in: zone) == "2025-11-02 01:30 -04:00")
        #expect(ReportText.localMinute(Instant(secondsSinceEpoch: 1_762_065_000), in: zone) == "2025-11-02 01:30 -05:00")
        #expect(ReportText.localMinute(Instant(secondsSinceEpoch: 1_762_072_200), in: zone) == "2025-11-02 03:30")
    }

    /// Dropping one leading `'` gives every value back: a value that starts with `'` is escaped too.
    @Test func theFormulaGuardCanBeUndone() {
        for value in ["=1+1", "'=1+1", "-", "'", "plain", "@x", "''"] {
            let field = CSVReportWriter.dataField(value)
            #expect(!["=", "+", "-", "@"].contains(field.first.map(String.init) ?? ""))
            #expect((field.hasPrefix("'") ? String(field.dropFirst()) : field) == value, "\(value)")
        }
        #expect(CSVReportWriter.dataField("'=1+1") != CSVReportWriter.dataField("=1+1"))
    }

    @Test func fixedDecimalRoundsHalfAwayFromZero() {
        #expect(ReportText.fixed(7, 3, decimals: 2) == "2.33")
        #expect(ReportText.fixed(5, 1000, decimals: 2) == "0.01")
        #expect(ReportText.fixed(-5400, 3600, decimals: 2) == "-1.50")
        #expect(ReportText.fixed(-1, 1000, decimals: 2) == "0.00")
        #expect(ReportText.hours(169_200) == "47.00")
    }

    /// The HTML header's "As of" and "Data freshness" as a person reads them (they were ISO 8601
    /// text), with the offset in force: summer and winter in New York, and India's half hour.
    @Test func readableInstantsSayTheDayTheTimeAndTheOffset() {
        let newYork = ZoneRules.named("America/New_York")!
        #expect(ReportText.readableInstant(Instant(secondsSinceEpoch: 1_756_649_265), in: newYork)
                == "Sun 31 Aug 2025, 10:07:45 (UTC-04:00)")
        #expect(ReportText.readableInstant(Instant(secondsSinceEpoch: 1_764_941_857), in: newYork)
                == "Fri 5 Dec 2025, 08:37:37 (UTC-05:00)")
        #expect(ReportText.readableInstant(Instant(secondsSinceEpoch: 0), in: ZoneRules.named("Asia/Kolkata")!)
                == "Thu 1 Jan 1970, 05:30:00 (UTC+05:30)")
        // The index reads them back from the summaries' ISO 8601 text; anything else stays as it is.
        #expect(ReportText.readableInstant(iso8601: "2025-08-31T10:07:45-04:00") == "Sun 31 Aug 2025, 10:07:45 (UTC-04:00)")
        #expect(ReportText.readableInstant(iso8601: "2025-08-31 10:07") == "2025-08-31 10:07")
        #expect(ReportText.readableInstant(iso8601: "2025-13-31T10:07:45-04:00") == "2025-13-31T10:07:45-04:00")
    }
}
