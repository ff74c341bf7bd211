import Testing
import SLAModel
import SLAEngine
@testable import SLASynthetic

@Suite struct ExportFormatTests {
    let newYork = ZoneRules.named("America/New_York")!

    @Test func fputcsvQuotesOnlyWhenNeeded() {
        #expect(OsTicketQueueCSV.field("Normal") == "Normal")
        #expect(OsTicketQueueCSV.field("jane@example.com") == "jane@example.com")
        #expect(OsTicketQueueCSV.field("") == "")
        #expect(OsTicketQueueCSV.field("Jane Doe") == "\"Jane Doe\"")
        #expect(OsTicketQueueCSV.field("a,b") == "\"a,b\"")
        #expect(OsTicketQueueCSV.field("tab\there") == "\"tab\there\"")
        #expect(OsTicketQueueCSV.field("line\nbreak") == "\"line\nbreak\"")
        // A quote is doubled ...
        #expect(OsTicketQueueCSV.field(#"say "hi""#) == #""say ""hi""""#)
        // ... a backslash is not, and it keeps the quote after it from being doubled (PHP's escape char).
        #expect(OsTicketQueueCSV.field(#"C:\dir"#) == #""C:\dir""#)
        #expect(OsTicketQueueCSV.field(#"a\"b"#) == #""a\"b""#)
        #expect(OsTicketQueueCSV.field(#"a\x"b"#) == #""a\x""b""#)
        // The delimiter decides: with ';' a comma needs no quotes, a semicolon does.
        #expect(OsTicketQueueCSV.field("a,b", delimiter: UInt8(ascii: ";")) == "a,b")
        #expect(OsTicketQueueCSV.field("a;b", delimiter: UInt8(ascii: ";")) == "\"a;b\"")
    }

    @Test func queueCSVStartsWithTheBOMAndThe25Headings() {
        let bytes = OsTicketQueueCSV(zone: newYork).render([SyntheticTicket]())
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == #""Ticket Number","Date Created",Subject,From,"From Email",Priority,Department,"Help Topic",Source,"Current Status","Last Updated","SLA Due Date","SLA Plan","Due Date","Closed Date",Overdue,Merged,Linked,Answered,"Agent Assigned","Team Assigned","Thread Count","Reopen Count","Attachment Count","Task Count""# + "\n")
        #expect(OsTicketQueueCSV.headings.count == 25)
    }

    @Test func mysqlBatchEscapes() {
        #expect(LifecycleHistoryTSV.value(nil) == "NULL")
        #expect(LifecycleHistoryTSV.value("") == "")
        #expect(LifecycleHistoryTSV.value("a\tb") == #"a\tb"#)
        #expect(LifecycleHistoryTSV.value("a\nb") == #"a\nb"#)
        #expect(LifecycleHistoryTSV.value(#"C:\dir"#) == #"C:\\dir"#)
        #expect(LifecycleHistoryTSV.value("nul\u{0}") == #"nul\0"#)
        #expect(LifecycleHistoryTSV.value(#"{"dept":"Online Banking Services"}"#) == #"{"dept":"Online Banking Services"}"#)
    }

    @Test func historyRowLayout() {
        let time = newYork.instant(of: LocalDateTime(year: 2025, month: 8, day: 5, hour: 9, minute: 5, second: 7))
        let row = OsTicketHistoryRow(ticketNumber: "100001", kind: .note, sourceId: 42, time: time,
                                     username: "Agent\tOne", agent: "Agent One", team: nil,
                                     department: "Support", data: "line\\one\nline two")
        var out: [UInt8] = []
        LifecycleHistoryTSV(zone: newYork).appendRow(row, to: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == "100001\tentry\t42\t2025-08-05 09:05:07\tN\t0\tAgent\\tOne\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tline\\\\one\\nline two\n")
        var header: [UInt8] = []
        LifecycleHistoryTSV(zone: newYork).appendHeader(to: &header)
        #expect(String(decoding: header, as: UTF8.self)
            == "ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata\n")
    }

    @Test func phpJSONEscapesLikeJsonEncode() {
        #expect(PHPJSON.string("Agent One") == #""Agent One""#)
        #expect(PHPJSON.string("a/b \"c\"") == #""a\/b \"c\"""#)
        #expect(PHPJSON.string("Zoë") == #""Zo\u00eb""#)
    }

    @Test func spelledOutNames() {
        #expect(spelledOut(1) == "One")
        #expect(spelledOut(12) == "Twelve")
        #expect(spelledOut(40) == "Forty")
        #expect(spelledOut(21) == "Twenty-One")
        #expect(spelledOut(105) == "One Hundred Five")
        #expect(HelpDeskDirectory.bank(agentCount: 3).agents.map(\.fullName) == ["Agent One", "Agent Two", "Agent Three"])
    }
}
