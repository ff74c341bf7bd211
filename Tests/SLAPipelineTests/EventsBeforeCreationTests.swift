import Foundation
import Testing
import TestScratch
import SLAImport
import SLAPipeline

/// An events file whose rows come before their tickets' creation (read in another zone than the
/// tickets file, or wall times of a repeated hour) was imported without a word, and the replay
/// counted a response there as a first response in 0 s (a stranger's trial). The import says so.
@Suite struct EventsBeforeCreationTests {
    @Test func eventsBeforeTheirTicketsCreationAreSaid() throws {
        let folder = try TemporaryFolder("early-events")
        let database = folder.path("desk.sqlite")
        let tickets = folder.path("tickets.csv"), events = folder.path("events.csv")
        try "number,created_at\nS1,2025-11-02T05:50:00Z\nS2,2025-11-03T10:00:00Z\n".write(toFile: tickets, atomically: true, encoding: .utf8)
        try "ticket_number,time,kind\nS1,2025-11-02T05:10:00Z,response\nS1,2025-11-02T05:30:00Z,note\nS2,2025-11-03T10:05:00Z,response\n"
            .write(toFile: events, atomically: true, encoding: .utf8)
        let outcome = try ImportPipeline.importFiles([ImportInput(path: tickets), ImportInput(path: events)], database: database,
                                                     sourceZone: "UTC", onError: .fail)
        #expect(outcome.notes == ["\(events): 2 events come before their ticket's creation (ticket S1: response at "
                                  + "2025-11-02T05:10:00Z, created 2025-11-02T05:50:00Z); the replay counts them at the creation: check "
                                  + "that each file is read in the zone it was written in (--source-zone), and write the times of an hour "
                                  + "a fall-back repeats with their UTC offset"], "\(outcome.notes)")
        // Events in order say nothing.
        let later = folder.path("later.csv")
        try "ticket_number,time,kind\nS2,2025-11-03T11:00:00Z,resolved\n".write(toFile: later, atomically: true, encoding: .utf8)
        #expect(try ImportPipeline.importFiles([ImportInput(path: later)], database: database, sourceZone: "UTC", onError: .fail).notes.isEmpty)
    }
}
