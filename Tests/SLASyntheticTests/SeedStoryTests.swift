import Foundation
import Testing
import SLAModel
import SLAEngine
@testable import SLASynthetic

@Suite struct SeedStoryTests {
    let newYork = ZoneRules.named("America/New_York")!

    var outage: SyntheticTicket { SeedStory.tickets()[1] }

    @Test func theOutageHistoryIsTheSeedsStory() {
        var out: [UInt8] = []
        LifecycleHistoryTSV(zone: newYork).appendRows(of: outage, to: &out)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
        let expected = [
            "711979\tevent\t201\t2025-08-05 15:58:40\tcreated\t0\tUser One\tNULL\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\tNULL",
            "711979\tentry\t202\t2025-08-05 15:58:40\tM\t0\tUser One\tNULL\tLevel 1 Support\tSupport\tNULL\tNULL\tNULL\tNULL",
            "711979\tevent\t203\t2025-08-05 16:02:13\tedited\t0\tAgent Two\tNULL\tLevel 1 Support\tSupport\tNULL\tSeverity A\tNULL\t{\"sla_id\":[1,2]}",
            "711979\tevent\t204\t2025-08-05 16:02:30\tedited\t0\tAgent Two\tNULL\tLevel 1 Support\tSupport\tNULL\tNULL\tEmergency\t{\"fields\":{\"priority\":[\"Normal\",\"Emergency\"]}}",
            "711979\tevent\t205\t2025-08-05 16:03:05\tassigned\t0\tAgent Two\tNULL\tOnline Banking\tSupport\tNULL\tNULL\tNULL\t{\"team\":2}",
            "711979\tevent\t206\t2025-08-05 16:10:47\tassigned\t0\tAgent One\tAgent One\tOnline Banking\tSupport\tNULL\tNULL\tNULL\t{\"claim\":true}",
            "711979\tentry\t207\t2025-08-05 16:12:30\tR\t0\tAgent One\tAgent One\tOnline Banking\tSupport\tNULL\tNULL\tNULL\tNULL",
            "711979\tevent\t208\t2025-08-05 16:58:41\toverdue\t0\tSYSTEM\tAgent One\tOnline Banking\tSupport\tNULL\tNULL\tNULL\tNULL",
            "711979\tevent\t209\t2025-08-05 17:26:52\tclosed\t0\tAgent One\tAgent One\tOnline Banking\tSupport\tResolved\tNULL\tNULL\t{\"status\":[2,\"Resolved\"]}",
        ]
        #expect(lines == expected)
    }

    @Test func theOutageQueueRowShowsWhatOsTicketKeeps() {
        let fields = OsTicketQueueCSV(zone: newYork).fields(of: outage)
        let row = Dictionary(uniqueKeysWithValues: zip(OsTicketQueueCSV.headings, fields))
        #expect(row["Ticket Number"] == "711979")
        #expect(row["Date Created"] == "2025-08-05 15:58:40")
        #expect(row["Current Status"] == "Resolved")
        #expect(row["Closed Date"] == "2025-08-05 17:26:52")
        #expect(row["SLA Due Date"] == "")  // cleared on close: it was in the past
        #expect(row["Overdue"] == "No")
        #expect(row["SLA Plan"] == "Severity A")
        #expect(row["Priority"] == "Emergency")
        #expect(row["Team Assigned"] == "Online Banking")
        #expect(row["Agent Assigned"] == "Agent One")
        #expect(row["Reopen Count"] == "0")
        #expect(row["Thread Count"] == "2")
        #expect(row["Department"] == "Support")
    }

    @Test func theOtherSeedTicketsKeepTheirDueDates() {
        let tickets = SeedStory.tickets()
        #expect(tickets.map(\.number) == SeedStory.ticketNumbers.map(String.init))
        let csv = OsTicketQueueCSV(zone: newYork)
        // The password reset met its 18 business hours: the due date survives the close.
        #expect(csv.fields(of: tickets[0])[11] == "2025-08-07 15:41:26")
        // The mobile-app ticket is still open, not overdue.
        #expect(csv.fields(of: tickets[2])[9] == "Open")
        #expect(csv.fields(of: tickets[2])[11] == "2025-08-07 16:10:02")
        #expect(tickets.allSatisfy { newYork.localTime(of: $0.created).secondOfDay < 16 * 3600 + 37 * 60 })
    }

    /// `sample-data/osticket/seed-*` are the seed story in the two formats, byte for byte.
    @Test func sampleSeedFilesMatchTheStory() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data/osticket")
        let tickets = SeedStory.tickets()
        let csv = try Data(contentsOf: root.appendingPathComponent("seed-tickets.csv"))
        let tsv = try Data(contentsOf: root.appendingPathComponent("seed-history.tsv"))
        #expect(Array(csv) == OsTicketQueueCSV(zone: newYork).render(tickets.reversed()))
        #expect(Array(tsv) == LifecycleHistoryTSV(zone: newYork).render(tickets))
    }
}
