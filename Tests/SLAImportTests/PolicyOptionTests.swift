import Testing
import SLAModel
import SLAImport

/// The policy options that make a replay agree with osTicket (issue 8).
@Suite struct PolicyOptionTests {
    @Test func planChangeBreachesAndManualDueDatesDefaultsFollowTheDueDateRule() throws {
        let exact = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]", file: "p.yaml")
        #expect(exact.planChangeBreaches == .keep)
        #expect(exact.manualDueDates == nil && exact.effectiveManualDueDates == .ignore)
        let osTicket = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]\ndue_date_rule: osticket", file: "p.yaml")
        #expect(osTicket.effectiveManualDueDates == .honor)
        let set = try PolicyFile.parse("""
            plans: [{name: A, resolution: 1h}]
            due_date_rule: osticket
            manual_due_dates: ignore
            plan_change_breaches: forget
            """, file: "p.yaml")
        #expect(set.effectiveManualDueDates == .ignore)
        #expect(set.planChangeBreaches == .forget)
        #expect(throws: PolicyFileError.self) {
            _ = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]\nmanual_due_dates: sometimes", file: "p.yaml")
        }
    }

    @Test func a24x7CalendarCanNameItsTimeZone() throws {
        let policy = try PolicyFile.parse("""
            calendars: [{name: 24x7, time_zone: America/New_York}]
            plans: [{name: A, calendar: 24x7, resolution: 24h}]
            due_date_rule: osticket
            """, file: "p.yaml")
        #expect(policy.calendar(named: "24x7")?.isAlwaysOpen == true)
        #expect(policy.calendar(named: "24x7")?.timeZone == "America/New_York")
    }
}

/// osTicket's "Due Date" column (1.11+) is the agent-set due date.
@Suite struct QueueManualDueDateTests {
    @Test func dueDateColumnIsReadAsTheManualDueDate() throws {
        let scratch = try Scratch()
        let path = try scratch.file("q.csv", """
            "Ticket Number","Date Created",Subject,"Current Status","SLA Due Date","SLA Plan","Due Date","Closed Date"
            100,"2025-09-01 10:00:00",Hi,Open,"2025-09-03 10:00:00","Default SLA","2025-09-02 17:00:00",
            101,"2025-09-01 10:00:00",Hi,Open,"2025-09-03 10:00:00","Default SLA",,

            """)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(sourceZone: "UTC"), into: &sink)
        #expect(sink.tickets[0].manualDueAt?.iso8601 == "2025-09-02T17:00:00Z")
        #expect(sink.tickets[0].sourceDueAt?.iso8601 == "2025-09-03T10:00:00Z")
        #expect(sink.tickets[1].manualDueAt == nil)
    }
}

/// The normalized format's agent-set due dates.
@Suite struct NormalizedManualDueDateTests {
    @Test func manualDueAtColumnAndDueDateChangedEvents() throws {
        let scratch = try Scratch()
        let tickets = try scratch.file("t.csv", "number,created_at,manual_due_at\n7,2025-09-01 10:00:00,2025-09-02 17:00:00\n")
        let events = try scratch.file("e.csv", """
            ticket_number,time,kind,value,previous_value
            7,2025-09-01 10:05:00,due_date_changed,2025-09-02 17:00:00,
            7,2025-09-01 10:06:00,due_date_changed,soon,

            """)
        var sink = CollectingSink()
        let options = ImportOptions(sourceZone: "America/New_York", onError: .skip)
        _ = try FileImporter.read(path: tickets, format: nil, options: options, into: &sink)
        let summary = try FileImporter.read(path: events, format: nil, options: options, into: &sink)
        #expect(sink.tickets.first?.manualDueAt?.iso8601 == "2025-09-02T21:00:00Z")
        #expect(sink.events.map(\.value) == ["2025-09-02T21:00:00Z"])
        #expect(summary.rejected.count == 1)          // "soon" is no instant: rejected, with its line
        #expect(summary.rejected.first?.line == 3)
    }
}
