import Foundation
import Testing

/// `slareport import` through two profiles feeding the same ticket numbers: the second never
/// removes the first's events, and a newer export through the first says how many of its own it removed.
@Suite struct ProfileScopeCommandTests {
    @Test func aSecondProfileKeepsTheFirstsEventsAndANewerExportSaysWhatItRemoved() throws {
        let scratch = try Scratch()
        let log = try scratch.write("log.yaml", """
            name: desk-log
            time: {format: iso, zone: UTC}
            columns: {case: Ticket, time: When, status: Status}
            statuses: {New: open, Working: open, Solved: resolved}
            """)
        let tickets = try scratch.write("tickets.yaml", """
            name: desk-tickets
            time: {format: iso, zone: UTC}
            columns: {case: Ticket, time: When, status: Status}
            statuses: {New: open}
            files:
              tickets: {kind: tickets, columns: {case: Number, opened: Opened, priority: Priority}}
            """)
        let header = "Ticket,When,Status\n"
        let first = try scratch.write("log-1.csv", header + """
            T1,2025-03-03 09:00:00,New
            T1,2025-03-03 10:00:00,Working
            T1,2025-03-03 11:00:00,Solved

            """)
        let ticketFile = try scratch.write("tickets.csv", "Number,Opened,Priority\nT1,2025-03-03 08:00:00,High\n")
        let newer = try scratch.write("log-2.csv", header + "T1,2025-03-03 09:00:00,New\n")
        #expect(try scratch.run(["import", "-d", "desk.sqlite", "--profile", log, first]).output.contains("events 3 new"))
        let second = try scratch.run(["import", "-d", "desk.sqlite", "--profile", tickets, ticketFile])
        #expect(second.status == 0)
        #expect(second.output.contains("events 0 new, 0 updated") && !second.output.contains("removed"), "\(second.output)")
        let third = try scratch.run(["import", "-d", "desk.sqlite", "--profile", log, newer])
        #expect(third.output.contains("events 0 new, 0 updated, 2 gone from the source and removed"), "\(third.output)")
        let count = try scratch.run(["query", "-d", "desk.sqlite", "--format", "csv", "SELECT count(*) AS n FROM events"])
        #expect(count.output.contains("\n1"), "\(count.output)")
    }
}
