import Testing
import SLAModel
import SLAEngine
@testable import SLAImport

/// `osticket-tickets-sql-output.tsv` is what `sample-data/osticket/export-tickets.sql` printed under
/// `mysql --batch` on MariaDB 10.11 over osTicket 1.18.1's own schema with the rows of
/// `Tests/SLAOsTicketDatabaseTests/Fixtures/osticket-desk.sql`.
@Suite struct OsTicketTicketsReaderTests {
    @Test func theSQLOutputIsDetectedAndReadWithEveryField() throws {
        let (sink, summary) = try Fixtures.read("osticket-tickets-sql-output.tsv")
        #expect(summary.format == .osticketTickets)
        #expect(summary.rowsRead == 3 && summary.rowsRejected == 0)
        #expect(sink.tickets.map(\.number) == ["482913", "711980", "835120"])
        let zone = ZoneRules.named("America/New_York")!
        func at(_ text: String) -> Instant { TimestampParser.parse(text)!.instant(in: zone) }
        let closed = sink.tickets[0]
        #expect(closed.createdAt == at("2025-08-04 09:00:00"))
        #expect(closed.subject == "Online banking is down")
        #expect(closed.requester == "Jane Doe" && closed.requesterEmail == "jane@example.com")
        #expect(closed.priority == "Emergency" && closed.slaPlan == "Severity A")
        #expect(closed.department == "Sales" && closed.helpTopic == "General Inquiry" && closed.source == "Web")
        #expect(closed.status == "Closed" && closed.closedAt == at("2025-08-04 11:00:00"))
        #expect(closed.agent == "Agent One" && closed.team == "Online Banking")
        #expect(closed.sourceDueAt == nil && closed.sourceOverdue == false)
        // osTicket's agent-set `duedate` is the model's manual due date, not a custom field.
        #expect(closed.manualDueAt == at("2025-08-04 12:00:00"))
        #expect(closed.threadCount == 4 && closed.sourceReopenCount == 1)
        #expect(closed.customFields == [
            "Customer Ref": "ABC-17", "Region": "North",
            OsTicketTicketsReader.reopenedAtField: at("2025-08-04 10:40:00").iso8601,
        ])
        let onHold = sink.tickets[1]
        #expect(onHold.status == "On Hold" && onHold.closedAt == nil && onHold.agent == nil)
        #expect(onHold.sourceDueAt == at("2025-08-05 03:30:00") && onHold.priority == "High")
        #expect(onHold.subject == "Cannot\tlog in \\ VPN\nagain")   // mysql --batch escapes
        #expect(onHold.customFields.isEmpty && onHold.manualDueAt == nil)
        let open = sink.tickets[2]
        #expect(open.helpTopic == "Report a Problem / Access Issue" && open.sourceOverdue == true)
        #expect(open.subject == nil && open.team == nil)
    }

    @Test func theQueueCSVIsStillTheQueueFormat() throws {
        let (_, summary) = try Fixtures.read("osticket-queue-1.18.csv")
        #expect(summary.format == .osticketQueue)
    }

    @Test func badCustomFieldJSONNamesLineAndColumn() throws {
        let scratch = try Scratch()
        let path = try scratch.file("t.tsv", """
            ticket_number\tcreated\test_duedate\tcustom_fields
            1\t2025-01-02 10:00:00\tNULL\t{"a":
            
            """)
        var sink = CollectingSink()
        #expect {
            _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        } throws: { "\($0)".contains("t.tsv:2:4: column \"custom_fields\"") }
    }

    @Test func closedBeforeCreatedIsAnImpossibleTimeline() throws {
        let scratch = try Scratch()
        let path = try scratch.file("t.tsv", """
            ticket_number\tcreated\test_duedate\tclosed
            1\t2025-01-02 10:00:00\tNULL\t2025-01-01 10:00:00
            
            """)
        var sink = CollectingSink()
        #expect {
            _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        } throws: { "\($0)".contains("t.tsv:2:4") && "\($0)".contains("impossible timeline") }
    }
}
