import Foundation
import Testing
import SLAStore
import SLAPipeline

/// The Kaggle "Customer Support Ticket Dataset" in `../shared/datasets` through a ticket-list
/// profile ("A ticket list alone" in the README). Its SOURCE.md says it is synthetic: it has no
/// creation time (only a purchase date, which this test maps as the opening so that the file
/// can be read at all), and 1,365 of its 2,769 closed tickets were closed before their first
/// response. So this checks the reading, not SLA figures: 8,469 tickets whose descriptions span
/// 29,808 physical lines (quoted line breaks), every cell accounted for, and the rule for a
/// first reply after the close (it counts as none; the response event is still stored).
@Suite struct KaggleTicketListTests {
    static let dataset = ProfileCatalogueFiguresTests.shared
        .appendingPathComponent("kaggle-customer-support-tickets/customer_support_tickets.csv").path
    static let available: Bool = {
        let present = FileManager.default.fileExists(atPath: dataset)
        if !present { print("skipping KaggleTicketListTests: \(dataset) is missing (the shared datasets are not checked out beside the package)") }
        return present
    }()

    static let profile = """
        name: kaggle-tickets
        time: {format: iso, zone: UTC}
        statuses: {Open: open, Pending Customer Response: paused, Closed: closed}
        files:
          tickets:
            kind: tickets
            columns: {case: Ticket ID, opened: Date of Purchase, first_response: First Response Time,
                      closed: Time to Resolution, status: Ticket Status, priority: Ticket Priority}
            custom_fields: [Ticket Channel, Customer Satisfaction Rating]
        """
    static let policy = """
        name: round the clock
        default_plan: Standard
        plans:
          - {name: Standard, calendar: 24x7, first_response: 4h, resolution: 24h}
        """

    @Test(.enabled(if: available))
    func everyTicketAndEveryTimestampIsAccountedFor() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profilePath = folder.appendingPathComponent("kaggle.yaml").path
        let policyPath = folder.appendingPathComponent("policy.yaml").path
        try Self.profile.write(toFile: profilePath, atomically: true, encoding: .utf8)
        try Self.policy.write(toFile: policyPath, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("kaggle.sqlite").path

        let imported = try ImportPipeline.importFiles([ImportInput(path: Self.dataset, profile: try ProfileSource.load(profilePath))],
                                                      database: database, sourceZone: nil, onError: .fail)
        let run = try #require(imported.files.first?.run)
        // One row per ticket although 6,150 descriptions hold line breaks inside quotes.
        #expect(run.rowsRead == 8_469)
        #expect(run.rowsRejected == 0)
        #expect(run.ticketsInserted == 8_469)
        // created + opening message per ticket, a response per filled First Response Time (5,650),
        // a close per filled Time to Resolution (2,769).
        #expect(run.eventsInserted == 8_469 * 2 + 5_650 + 2_769)

        let store = try TicketStore(path: database, readOnly: true)
        let kinds = try store.query("SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind").rows
        #expect(kinds == [["closed", "2769"], ["created", "8469"], ["message", "8469"], ["response", "5650"]])
        let statuses = try store.query("SELECT status, count(*) FROM tickets GROUP BY status ORDER BY status").rows
        #expect(statuses == [["Closed", "2769"], ["Open", "2819"], ["Pending Customer Response", "2881"]])
        let kept = try store.query("""
            SELECT count(*) FROM tickets WHERE json_extract(custom_fields, '$."Ticket Channel"') IS NOT NULL
            """).rows
        #expect(kept == [["8469"]])

        _ = try RecomputePipeline.recompute(database: database, policyPath: policyPath, zone: "UTC",
                                            asOf: "2023-06-05T00:00:00Z", replayAll: false)
        let recomputed = try TicketStore(path: database, readOnly: true)
        // No first response: the 2,819 open tickets never answered, and the 1,365 closed before the
        // reply (the close stopped the first-response clock without a response).
        let outcomes = try recomputed.query("""
            SELECT count(*), sum(first_response_at IS NULL), sum(resolved_at IS NOT NULL) FROM ticket_outcomes
            """).rows
        #expect(outcomes == [["8469", String(2_819 + 1_365), "2769"]])
        let repliedAfterClose = try recomputed.query("""
            SELECT count(*) FROM tickets t
            WHERE (SELECT min(occurred_at) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'response')
                > (SELECT min(occurred_at) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'closed')
            """).rows
        #expect(repliedAfterClose == [["1365"]])
    }
}
