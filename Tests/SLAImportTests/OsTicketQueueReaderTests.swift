import Foundation
import Testing
import TestScratch
import SLAModel
import SLAEngine
@testable import SLAImport

@Suite struct OsTicketQueueReaderTests {
    @Test func readsAllColumnsOfA118ExportWithBOMAndCustomField() throws {
        let (sink, summary) = try Fixtures.read("osticket-queue-1.18.csv")
        #expect(summary.format == .osticketQueue)
        #expect(summary.rowsRead == 2)
        let seed = try #require(sink.tickets.first { $0.number == "711979" })
        // 15:58:40 in New York (EDT, -4 h) is 19:58:40Z.
        #expect(seed.createdAt.iso8601 == "2025-08-05T19:58:40Z")
        #expect(seed.closedAt?.iso8601 == "2025-08-05T21:26:52Z")
        #expect(seed.slaPlan == "Severity A")
        #expect(seed.team == "Online Banking")
        #expect(seed.agent == "Agent One")
        #expect(seed.sourceOverdue == false)
        #expect(seed.sourceDueAt == nil)
        #expect(seed.sourceReopenCount == 0)
        #expect(seed.customFields == ["Customer Ref": "ABC-17"])
        let vpn = try #require(sink.tickets.first { $0.number == "482913" })
        // PHP's fputcsv leaves \" undoubled inside quotes.
        #expect(vpn.subject == #"Cannot log in to \"VPN\", again"#)
        #expect(vpn.sourceDueAt?.iso8601 == "2023-10-04T13:15:22Z")
    }

    @Test func semicolonRenamedAndReorderedColumns() throws {
        let (sink, summary) = try Fixtures.read("osticket-queue-semicolon.csv")
        #expect(summary.format == .osticketQueue)
        let ticket = try #require(sink.tickets.first)
        #expect(ticket.number == "711979")
        #expect(ticket.subject == "Online banking system outage")
        #expect(ticket.team == "Online Banking")
        #expect(ticket.status == "Resolved")
    }

    @Test func sourceZoneDecidesTheInstant() throws {
        let (utc, _) = try Fixtures.read("osticket-queue-1.18.csv", zone: "UTC")
        let (berlin, _) = try Fixtures.read("osticket-queue-1.18.csv", zone: "Europe/Berlin")
        #expect(utc.tickets[0].createdAt.iso8601 == "2025-08-05T15:58:40Z")
        #expect(berlin.tickets[0].createdAt.iso8601 == "2025-08-05T13:58:40Z")
    }
}

@Suite struct OsTicketHistoryReaderTests {
    @Test func mapsTheSeedTicketsHistory() throws {
        let (sink, summary) = try Fixtures.read("osticket-history-711979.tsv")
        #expect(summary.format == .osticketHistory)
        #expect(summary.rowsRead == 9)
        #expect(sink.events.map(\.kind) == [.created, .message, .slaChanged, .priorityChanged, .assigned, .claimed,
                                            .response, .overdue, .resolved])
        let sla = sink.events[2]
        #expect(sla.value == "Severity A")
        #expect(sla.actor == "Agent Two")
        #expect(sink.events[3].previousValue == "Normal")
        #expect(sink.events[5].agent == "Agent One")
        #expect(sink.events[8].status == "Resolved")
        #expect(sink.events[0].identity == "event:9001")
        #expect(sink.events[6].identity == "entry:7002")
        #expect(sink.events[0].agent == nil)   // NULL
    }

    @Test func mysqlBatchEscapes() throws {
        let (sink, _) = try Fixtures.read("osticket-history-escapes.tsv")
        #expect(sink.events[0].actor == "A\tB\nC\\D")
    }
}

@Suite struct NormalizedReaderTests {
    @Test func ticketsAndEventsCSV() throws {
        let (tickets, summary) = try Fixtures.read("normalized-tickets.csv")
        #expect(summary.format == .normalizedTickets)
        #expect(tickets.tickets.map(\.number) == ["N-1", "N-2"])
        #expect(tickets.tickets[0].subject == "Printer, 3rd floor")
        #expect(tickets.tickets[0].createdAt.iso8601 == "2025-08-04T13:00:00Z")
        #expect(tickets.tickets[1].slaPlan == nil)
        let (events, eventSummary) = try Fixtures.read("normalized-events.csv")
        #expect(eventSummary.format == .normalizedEvents)
        #expect(events.events.map(\.kind) == [.created, .response, .closed])
        #expect(events.events[1].identity == "id:e2")
    }

    @Test func jsonLines() throws {
        let (sink, summary) = try Fixtures.read("normalized.jsonl")
        #expect(summary.format == .normalizedJSON)
        #expect(summary.rowsRead == 2)
        #expect(sink.tickets.map(\.number) == ["J-1", "J-2"])
        #expect(sink.events.count == 3)
        #expect(sink.events[2].kind == .resolved)
    }
}

@Suite struct BadFileTests {
    @Test func truncatedQuote() {
        // The quote opened on line 3 is never closed: the file ends inside it.
        let message = Fixtures.error("bad/truncated-quote.csv")
        #expect(message?.contains("truncated-quote.csv:3:3:") == true)
        #expect(message?.contains("the file ends inside it") == true)
    }

    @Test func strayQuote() {
        let message = Fixtures.error("bad/stray-quote.csv")
        #expect(message?.contains("stray-quote.csv:2:3:") == true)
        #expect(message?.contains("after the closing quote") == true)
    }

    /// A long field that a stray quote ran on shows where it began and where the reader stopped
    /// (it showed its last 40 characters, beginning mid-word).
    @Test func aLongFieldARunawayQuoteRanOnShowsBothEnds() throws {
        let folder = try TemporaryFolder("stray-quote")
        let path = folder.path("runaway.csv")
        try Data(("\"Ticket Number\",\"Date Created\",\"Help Topic\",Source,\"Current Status\",\"Last Updated\"\n"
                  + "7,\"2025-08-05 14:45:57\",\"Report a Problem UNTERMINATED / Online Banking,Email,Resolved,\"2025-08-06 13:00:00\"\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        var sink = CollectingSink()
        #expect { _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink) } throws: {
            "\($0)".contains("runaway.csv:2:3: value \"Report a Problem UNTERMINATE…line Banking,Email,Resolved,\": "
                              + "expected a delimiter or the end of the line after the closing quote")
        }
    }

    @Test func wrongDelimiter() {
        let message = Fixtures.error("bad/wrong-delimiter.csv")
        #expect(message?.contains("wrong-delimiter.csv:2:2:") == true)
        #expect(message?.contains("4 fields as in the header, found 1") == true)
    }

    @Test func missingRequiredColumn() {
        // Without "Date Created" the header is not recognized as any format.
        let message = Fixtures.error("bad/missing-column.csv")
        #expect(message?.contains("missing-column.csv:1:") == true)
        do {
            var sink = CollectingSink()
            _ = try FileImporter.read(path: Fixtures.path("bad/missing-column.csv"), format: .osticketQueue,
                                      options: ImportOptions(), into: &sink)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("\"Date Created\" column"))
        }
    }

    @Test func badDateNamesLineColumnAndValue() {
        let message = Fixtures.error("bad/bad-date.csv")
        #expect(message == #"\#(Fixtures.path("bad/bad-date.csv")):3:2: column "Date Created": value "2025-13-45 10:00:00": expected a date-time like 2025-08-05 15:58:40 (YYYY-MM-DD HH:MM:SS, optionally with a UTC offset)"#)
    }

    @Test func invalidUTF8() {
        let message = Fixtures.error("bad/invalid-utf8.csv")
        #expect(message?.contains("invalid-utf8.csv:2:3:") == true)
        #expect(message?.contains("UTF-8") == true)
    }

    @Test func duplicateTicketWithConflictingData() {
        let message = Fixtures.error("bad/duplicate-conflict.csv")
        #expect(message?.contains("duplicate-conflict.csv:3:1:") == true)
        #expect(message?.contains("this ticket appears earlier, on line 2, with different data") == true, "\(message ?? "")")
    }

    @Test func emptyFile() {
        #expect(Fixtures.error("bad/empty.csv")?.contains("the file is empty") == true)
    }

    @Test func closedBeforeCreated() {
        #expect(Fixtures.error("bad/closed-before-created.csv")?.contains("impossible timeline") == true)
    }

    @Test func skipModeKeepsGoodRowsAndListsRejects() throws {
        let (sink, summary) = try Fixtures.read("bad/bad-date.csv", onError: .skip)
        #expect(sink.tickets.map(\.number) == ["1"])
        #expect(summary.rejected.count == 1)
        #expect(summary.rejected[0].line == 3)
    }
}

@Suite struct TimestampParserTests {
    @Test func shapes() {
        #expect(TimestampParser.parse("2025-08-05 15:58:40")?.offset == nil)
        #expect(TimestampParser.parse("2010-03-31T16:59:42+02:00")?.instant(in: .utc).iso8601 == "2010-03-31T14:59:42Z")
        #expect(TimestampParser.parse("2012/10/09 14:50:17.000")?.local.iso8601 == "2012-10-09T14:50:17")
        #expect(TimestampParser.parse("2025-08-05")?.local.iso8601 == "2025-08-05T00:00:00")
        #expect(TimestampParser.parse("2025-08-05T01:02:03Z")?.offset == 0)
        #expect(TimestampParser.parse("2025-08-05T01:02:03-0530")?.offset == -19_800)
        for bad in ["", "2025-8-5", "2025-02-30 10:00:00", "2025-08-05 24:00:00", "2025-08-05T10:00:00+", "yesterday"] {
            #expect(TimestampParser.parse(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct PolicyFileTests {
    @Test func parsesTheSamplePolicyShape() throws {
        let policy = try PolicyFile.parse("""
            name: test
            default_plan: Default SLA
            calendars:
              - name: Bank hours
                time_zone: America/New_York
                hours: {mon-fri: ["08:00-12:00", "13:00-17:00"]}
                holidays: us
                extra_holidays:
                  - {name: Eve, date: "12-24", from: "12:00", to: "24:00"}
                  - {name: Offsite, date: 2025-08-15}
                  - {name: Day after, rule: 4th friday of november}
            plans:
              - {name: Default SLA, calendar: Bank hours, first_response: 4h, resolution: 18h}
              - {name: Severity A, calendar: 24x7, first_response: 15m, resolution: 1h}
            plan_by_priority: {Emergency: Severity A}
            statuses: {On Hold: paused}
            reopen_rule: continue_clock
            """, file: "p.yaml")
        #expect(policy.calendars[0].windows.count == 10)
        #expect(policy.calendars[0].holidays.count == 12)
        #expect(policy.plans[1].resolutionTarget == 3600)
        #expect(policy.plans[0].firstResponseTarget == Int64(4 * 3600))
        #expect(policy.reopenRule == .continueClock)
        #expect(policy.state(ofStatus: "on hold") == .paused)
        #expect(policy.selectPlan(ticketPlan: nil, priority: "Emergency")?.name == "Severity A")
        #expect(PolicyFile.duration("1h30m") == 5400)
        #expect(PolicyFile.duration("18") == nil)
    }

    @Test func errorsNameTheKey() {
        #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("plans: [{name: A, calendar: nope, resolution: 1h}]", file: "p.yaml")
        }
        do {
            _ = try PolicyFile.parse("plans: [{name: A, resolution: soon}]", file: "p.yaml")
        } catch {
            #expect("\(error)" == "p.yaml:1:31: at plans[0].resolution: expected a duration greater than 0 such as 18h, 1h30m or 15m, of at most 10000h (found \"soon\")")
        }
    }

    @Test func hashChangesWithContent() throws {
        let a = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]", file: "a")
        let b = try PolicyFile.parse("plans: [{name: A, resolution: 2h}]", file: "b")
        #expect(a.contentHash != b.contentHash)
        #expect(a.contentHash == (try PolicyFile.parse("plans: [{name: A, resolution: 1h}]", file: "c")).contentHash)
    }
}
