import Testing
import SLAModel
import SLAEngine
@testable import SLAImport

@Suite struct QueueExportVersionTests {
    @Test func pre111ExportHas18ColumnsAndDueDateIsTheSLADueDate() throws {
        let (sink, summary) = try Fixtures.read("osticket-queue-1.10.csv")
        #expect(summary.format == .osticketQueue)
        #expect(summary.rowsRead == 2)
        let closed = try #require(sink.tickets.first { $0.number == "204518" })
        // "Due Date" held est_duedate before 1.11; Overdue and Answered were 0/1.
        #expect(closed.sourceDueAt?.iso8601 == "2017-03-16T14:02:11Z")
        #expect(closed.sourceOverdue == false)
        #expect(closed.threadCount == 4)
        #expect(closed.slaPlan == nil)
        // No "Closed Date" before 1.11: a closed ticket's last update stands in, and says so.
        #expect(closed.closedAt?.iso8601 == "2017-03-15T20:40:00Z")
        #expect(closed.customFields["closed_at_from"] == "Last Updated (the export has no Closed Date)")
        let open = try #require(sink.tickets.first { $0.number == "204519" })
        #expect(open.sourceOverdue == true)
        #expect(open.closedAt == nil)
        #expect(open.agent == nil)
        #expect(open.customFields.isEmpty)
    }

    @Test func export114Has24ColumnsAndNoSLAPlan() throws {
        let (sink, _) = try Fixtures.read("osticket-queue-1.14.csv")
        let ticket = try #require(sink.tickets.first)
        #expect(ticket.slaPlan == nil)
        #expect(ticket.sourceDueAt == nil)         // cleared by the close
        #expect(ticket.closedAt?.iso8601 == "2021-06-01T19:10:00Z")
        #expect(ticket.sourceReopenCount == 1)
        #expect(ticket.customFields.isEmpty)        // "Due Date" is the manual due date here, a known column
    }

    @Test(arguments: [("osticket-queue-de.csv", "300117", "Anna Müller", "Geschlossen"),
                      ("osticket-queue-fr.csv", "300118", nil, "Ouvert"),
                      ("osticket-queue-es.csv", "300119", "Lucía Pérez", "Cerrado")])
    func translatedHeadings(file: String, number: String, agent: String?, status: String) throws {
        let (sink, summary) = try Fixtures.read(file)
        #expect(summary.format == .osticketQueue)
        let ticket = try #require(sink.tickets.first)
        #expect(ticket.number == number)
        #expect(ticket.agent == agent)
        #expect(ticket.status == status)
        #expect(ticket.team == "Level I Support")
        #expect(ticket.slaPlan == "Default SLA")
        #expect(ticket.requesterEmail?.contains("@example.") == true)
        #expect(ticket.customFields.isEmpty, "every heading is known: \(ticket.customFields.keys.sorted())")
        #expect(ticket.createdAt > Instant(secondsSinceEpoch: 0))
    }

    @Test func synonymTableIsNormalizedAndUnambiguous() {
        #expect(OsTicketQueueReader.synonymConflicts.isEmpty)
        for key in OsTicketQueueReader.synonyms.keys {
            #expect(HeaderMap<OsTicketQueueReader.Column>.normalize(key) == key, "\(key)")
        }
        // Every column has an English heading and a German, French and Spanish one.
        #expect(Set(OsTicketQueueReader.synonyms.values).count == OsTicketQueueReader.Column.allCases.count)
        #expect(HeaderMap<Int>.normalize("  SLA-Fälligkeitsdatum ") == "sla falligkeitsdatum")
        // Decomposed accents (NFD, as macOS file names and some exports have them) match too.
        #expect(HeaderMap<Int>.normalize("Priorita\u{0308}t")
                == HeaderMap<Int>.normalize("Priorität"))
    }
}
