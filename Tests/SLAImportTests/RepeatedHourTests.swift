import Foundation
import Testing
import TestScratch
@testable import SLAImport
import SLAEngine
import SLAModel

/// Wall times of the hour a fall-back repeats (New York, 2025-11-02: 01:00-02:00 EDT, then again
/// EST; 01:30 EDT is 05:30Z, 01:30 EST 06:30Z), as a stranger's trial of local-time exports
/// found them misread, and times a spring-forward skipped.
@Suite struct RepeatedHourTests {
    let scratch: TemporaryFolder
    init() throws { scratch = try TemporaryFolder("repeated-hour") }

    func read(_ name: String, _ text: String, zone: String = "America/New_York", profile: MappingProfile? = nil) throws -> CollectingSink {
        let path = scratch.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(sourceZone: zone, profile: profile), into: &sink)
        return sink
    }

    /// A 30-minute ticket created at 01:50 EDT and answered and resolved in the repeated hour (EST):
    /// the queue's Closed Date and the history's rows (sorted by wall time, so before the creation)
    /// are the second occurrence. The import failed with "impossible timeline".
    @Test func anOsTicketTicketAcrossTheRepeatedHourIsReadInOrder() throws {
        let queue = try read("queue.csv", """
            "Ticket Number","Date Created",Subject,"Current Status","Last Updated","Closed Date"
            500002,"2025-11-02 01:50:00",S,Resolved,"2025-11-02 01:20:00","2025-11-02 01:20:00"
            """)
        #expect(queue.tickets.first?.closedAt?.iso8601 == "2025-11-02T06:20:00Z")
        #expect(queue.tickets.first?.lastUpdatedAt?.iso8601 == "2025-11-02T06:20:00Z")
        let history = try read("history.tsv", [
            "ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata",
            "500002\tentry\t11\t2025-11-02 01:05:00\tR\t0\tAgent One\tAgent One\tL1\tSupport\tNULL\tNULL\tNULL\tNULL",
            "500002\tevent\t12\t2025-11-02 01:20:00\tclosed\t0\tAgent One\tAgent One\tL1\tSupport\tResolved\tNULL\tNULL\t{\"status\":[2,\"Resolved\"]}",
            "500002\tevent\t10\t2025-11-02 01:50:00\tcreated\t0\tUser A\tNULL\tL1\tSupport\tNULL\tNULL\tNULL\tNULL",
        ].joined(separator: "\n") + "\n")
        let times = Dictionary(uniqueKeysWithValues: history.events.map { ($0.kind.rawValue, $0.time.iso8601) })
        #expect(times == ["created": "2025-11-02T05:50:00Z", "response": "2025-11-02T06:05:00Z", "resolved": "2025-11-02T06:20:00Z"])
        // A time written with its offset says which occurrence it is: before the creation, it is refused.
        #expect {
            _ = try read("offset.tsv", [
                "ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata",
                "500002\tentry\t11\t2025-11-02 01:05:00-04:00\tR\t0\tAgent One\tAgent One\tL1\tSupport\tNULL\tNULL\tNULL\tNULL",
                "500002\tevent\t10\t2025-11-02 01:50:00-04:00\tcreated\t0\tUser A\tNULL\tL1\tSupport\tNULL\tNULL\tNULL\tNULL",
            ].joined(separator: "\n") + "\n")
        } throws: { error in "\(error)".contains("impossible timeline") }
    }

    /// A ticket's closed date that would come before its creation is of the second occurrence, in
    /// the normalized CSV and JSON as in osTicket's exports.
    @Test func aClosedDateInTheRepeatedHourIsNotBeforeTheCreation() throws {
        let csv = try read("t.csv", "number,created_at,closed_at\nA,2025-11-02 01:30:00,2025-11-02 01:20:00\n")
        #expect(csv.tickets.first?.closedAt?.iso8601 == "2025-11-02T06:20:00Z")
        let json = try read("t.json", #"[{"number": "J", "created_at": "2025-11-02 01:30:00", "closed_at": "2025-11-02 01:20:00"}]"#)
        #expect(json.tickets.first?.closedAt?.iso8601 == "2025-11-02T06:20:00Z")
    }

    /// The times of `ticket`'s events read from an events CSV of these rows, in file order.
    func eventTimes(_ rows: [String], of ticket: String) throws -> [String] {
        try read("e-\(ticket).csv", (["ticket_number,time,kind"] + rows).joined(separator: "\n") + "\n")
            .events.filter { $0.ticketNumber == ticket }.map(\.time.iso8601)
    }

    /// Rows of a ticket listed newest first, before the repeated hour's.
    static let newestFirstTicket = ["R2,2025-11-01 10:55:00,resolved", "R2,2025-11-01 10:40:00,response", "R2,2025-11-01 10:30:00,created"]

    /// A newest-first log (each ticket's rows latest first, as audit logs often come): once its
    /// earlier rows show that order, a row that goes back in time is not moved to the second
    /// occurrence (the response was stored at 06:20Z, after the 05:40Z resolution it preceded).
    @Test func aNewestFirstLogKeepsTheFirstOccurrence() throws {
        #expect(try eventTimes(Self.newestFirstTicket + ["R1,2025-11-02 01:40:00,resolved", "R1,2025-11-02 01:20:00,response",
                                                          "R1,2025-11-02 01:05:00,created"], of: "R1")
                == ["2025-11-02T05:40:00Z", "2025-11-02T05:20:00Z", "2025-11-02T05:05:00Z"])
        let profile = try MappingProfile.parse("""
            name: newest-first
            time: {format: "%Y-%m-%d %H:%M", zone: America/New_York}
            columns: {case: case, time: time, status: status}
            statuses: {New: {state: open}, Working: {state: open}, Solved: {state: resolved}}
            """, file: "p.yaml")
        let rows = try read("log.csv", """
            case,time,status
            P0,2025-11-01 10:40,Solved
            P0,2025-11-01 10:05,New
            P1,2025-11-02 01:40,Solved
            P1,2025-11-02 01:20,Working
            P1,2025-11-02 01:05,New
            """, profile: profile)
        let p1 = rows.events.filter { $0.ticketNumber == "P1" }.sorted { $0.time < $1.time }
        #expect(p1.map(\.time.iso8601) == ["2025-11-02T05:05:00Z", "2025-11-02T05:20:00Z", "2025-11-02T05:40:00Z"])
        #expect(p1.last?.kind == .resolved)
    }

    /// A `created` row that comes first anchors its ticket's later rows, whatever order the file's
    /// earlier rows showed: nothing of the ticket is before its creation.
    @Test func aCreatedRowAnchorsTheRowsAfterIt() throws {
        #expect(try eventTimes(Self.newestFirstTicket + ["A,2025-11-02 01:50:00,created", "A,2025-11-02 01:10:00,response"], of: "A")
                == ["2025-11-02T05:50:00Z", "2025-11-02T06:10:00Z"])
        // Oldest first, the previous row is enough: 01:50 then 01:10 is twenty minutes later.
        #expect(try eventTimes(["B,2025-11-02 01:50:00,note", "B,2025-11-02 01:10:00,response"], of: "B")
                == ["2025-11-02T05:50:00Z", "2025-11-02T06:10:00Z"])
    }

    /// A fraction belongs to the seconds: `01:30.5` was read as 01:30:00 (in ISO 8601 it is half a minute).
    @Test func aFractionOfAMinuteIsRefused() {
        #expect(TimestampParser.parse("2025-11-02T01:30.5") == nil)
        #expect(TimestampParser.parse("2025-11-02 01:30:00.5")?.local.secondOfDay == 5400)
        #expect(TimestampParser.parse("2025-11-02 01:30")?.local.secondOfDay == 5400)
    }

    /// A creation the clocks skipped is said so when an event is refused for coming before it
    /// (the message read as if 03:10 came before 02:30).
    @Test func aCreationInTheSpringGapIsNamedInTheError() throws {
        #expect {
            _ = try read("gap.json", #"[{"number": "G", "created_at": "2025-03-30 02:30:00", "events": [{"time": "2025-03-30 03:10:00", "kind": "response"}]}]"#,
                         zone: "Europe/Berlin")
        } throws: { error in
            "\(error)".contains("created_at 2025-03-30 02:30:00, a time the clocks skipped in Europe/Berlin, read as 2025-03-30 03:30:00")
        }
    }

    @Test func theZoneKnowsTheRepeatedHour() throws {
        let zone = try #require(ZoneRules.named("America/New_York"))
        let firstOccurrence = Instant(secondsSinceEpoch: 1_762_061_400)   // 2025-11-02T05:30:00Z, 01:30 EDT
        #expect(zone.secondOccurrence(of: firstOccurrence)?.iso8601 == "2025-11-02T06:30:00Z")
        #expect(zone.secondOccurrence(of: Instant(secondsSinceEpoch: 1_762_065_000)) == nil)  // 06:30Z is the second
        #expect(zone.isRepeatedWallTime(Instant(secondsSinceEpoch: 1_762_065_000)))
        #expect(!zone.isRepeatedWallTime(Instant(secondsSinceEpoch: 1_762_072_200)))            // 08:30Z, 03:30 EST
    }
}
