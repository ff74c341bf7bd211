import Testing
import SLAModel
import SLAEngine
@testable import SLAImport

let historyHeading = "ticket_number\tsource\tsource_id\ttimestamp\tevent\tannulled\tusername\tagent\tteam\tdepartment\tstatus\tsla_plan\tpriority\tdata\n"

@Suite struct HistoryReaderHolderTests {
    @Test func autoClaimAndTheSnapshotRule() throws {
        let scratch = try Scratch()
        // 1: an agent edits the unassigned ticket: osTicket's snapshot stores the acting agent as staff.
        // 2: Agent Two replies to the unassigned ticket: auto-claim, no assigned event.
        // 3: a later note by someone else keeps Agent Two as holder.
        // 4: ticket 2: claimed, then a response by another agent does not take it over.
        let path = try scratch.file("h.tsv", historyHeading + """
            1\tevent\t1\t2025-01-02 10:00:00\tcreated\t0\tUser One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            1\tevent\t2\t2025-01-02 10:01:00\tedited\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tHigh\t{"fields":{"priority":[["Normal",2],["High",3]]}}
            1\tentry\t3\t2025-01-02 10:02:00\tR\t0\tAgent Two\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            1\tentry\t4\t2025-01-02 10:03:00\tN\t0\tAgent One\tAgent Two\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            1\tevent\t5\t2025-01-02 10:04:00\tclosed\t1\tAgent Two\tAgent Two\tNULL\tSupport\tClosed\tNULL\tNULL\t{"status":[3,"Closed"]}
            1\tevent\t6\t2025-01-02 10:05:00\treopened\t0\tUser One\tAgent Two\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            1\tevent\t7\t2025-01-02 10:06:00\toverdue\t0\tSYSTEM\tAgent Two\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            2\tevent\t8\t2025-01-02 11:00:00\tcreated\t0\tUser One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            2\tevent\t9\t2025-01-02 11:01:00\tassigned\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"claim":true}
            2\tentry\t10\t2025-01-02 11:02:00\tR\t0\tAgent Two\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL

            """)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        let one = sink.events.filter { $0.ticketNumber == "1" }
        #expect(one.map(\.kind) == [.created, .priorityChanged, .response, .note, .closed, .reopened, .overdue])
        #expect(one[1].agent == nil)                  // the acting agent, not a holder
        #expect(one[1].previousValue == "Normal")     // [name, id] shape
        #expect(one[2].agent == "Agent Two")          // auto-claim
        #expect(one[3].agent == "Agent Two")
        #expect(one[4].annulled)                      // kept, flagged
        #expect(one[6].kind == .overdue && one[6].actor == "SYSTEM")
        let two = sink.events.filter { $0.ticketNumber == "2" }
        #expect(two.map(\.kind) == [.created, .claimed, .response])
        #expect(two[2].agent == "Agent One")
        #expect(two[2].actor == "Agent Two")
    }

    @Test func previousPriorityShapes() {
        #expect(OsTicketHistoryReader.previousPriority(["fields": ["priority": ["Normal", "High"]]]) == "Normal")
        #expect(OsTicketHistoryReader.previousPriority(["fields": ["22": [["Low", 1], ["High", 3]]]]) == "Low")
        #expect(OsTicketHistoryReader.previousPriority(["fields": ["priority": [["2": "Normal"], ["3": "High"]]]]) == "Normal")
        #expect(OsTicketHistoryReader.previousPriority(["fields": ["priority": ["2", "3"]]]) == nil)
        #expect(OsTicketHistoryReader.previousPriority(["sla_id": [1, 2]]) == nil)
    }
}

@Suite struct ImpossibleTimelineTests {
    @Test func historyRowBeforeTheTicketsCreation() {
        let message = Fixtures.error("bad/event-before-created.tsv")
        #expect(message == "\(Fixtures.path("bad/event-before-created.tsv")):2:4: column \"timestamp\": value \"2025-01-02 09:59:00\": expected a time at or after ticket 7's creation (2025-01-02 10:00:00): this message is before the ticket was created (impossible timeline)")
    }

    @Test func historySkipModeLeavesOutOnlyTheImpossibleRow() throws {
        let (sink, summary) = try Fixtures.read("bad/event-before-created.tsv", onError: .skip)
        #expect(sink.events.map(\.identity) == ["event:71", "event:80"])
        #expect(summary.rejected.map(\.line) == [2])
    }

    @Test func jsonEventBeforeCreation() {
        let message = Fixtures.error("bad/event-before-created.jsonl")
        #expect(message?.contains("event-before-created.jsonl:1: column \"events[0].time\"") == true)
        #expect(message?.contains("impossible timeline: a response before the ticket was created") == true)
    }
}

/// Agent-set due dates and history rows that become no event (issue 8).
@Suite struct HistoryReaderDueDateTests {
    @Test func dueDateEditsBecomeEventsAndOtherRowsAreCountedByKind() throws {
        let scratch = try Scratch()
        let path = try scratch.file("h.tsv", historyHeading + """
            5\tevent\t1\t2025-09-01 10:00:00\tcreated\t0\tUser One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            5\tevent\t2\t2025-09-01 10:05:00\tedited\t0\tAgent One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\t{"duedate":[null,"2025-09-03 17:00:00"]}
            5\tevent\t3\t2025-09-01 10:06:00\tedited\t0\tAgent One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\t{"topic_id":[1,2]}
            5\tevent\t4\t2025-09-01 10:07:00\tviewed\t0\tAgent One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            5\tevent\t5\t2025-09-02 09:00:00\tedited\t0\tAgent One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\t{"duedate":["2025-09-03 17:00:00",null]}

            """)
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path, format: nil,
                                            options: ImportOptions(sourceZone: "America/New_York"), into: &sink)
        let due = sink.events.filter { $0.kind == .dueDateChanged }
        #expect(due.count == 2)
        #expect(due.first?.value == "2025-09-03T21:00:00Z")     // the database's wall clock, in the source zone
        #expect(due.first?.previousValue == nil)
        #expect(due.last?.value == nil && due.last?.previousValue == "2025-09-03T21:00:00Z")
        #expect(summary.skipped == ["edited: topic_id": 1, "viewed": 1])
        #expect(summary.rowsSkipped == 2)
        #expect(summary.rowsRead == 5)
    }
}

/// Who held the ticket, as osTicket's snapshots must be read (issue 8).
@Suite struct HistoryReaderHolderRuleTests {
    @Test func phoneTicketsAreHeldByNobodyUntilAssignedAndReleaseClearsTheAgent() throws {
        let scratch = try Scratch()
        // Ticket 9: Agent One opens it by phone (osTicket's snapshots name him: nobody holds it);
        // the user's message copies that snapshot; Agent Two is assigned, then released by Agent One
        // (logged after the release, so its snapshot is the releasing agent); a later message.
        let path = try scratch.file("h.tsv", historyHeading + """
            9\tevent\t1\t2025-09-01 10:00:00\tcreated\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            9\tentry\t2\t2025-09-01 10:00:00\tM\t0\tJane Doe\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            9\tevent\t3\t2025-09-01 10:05:00\tassigned\t0\tAgent One\tAgent Two\tNULL\tSupport\tNULL\tNULL\tNULL\t{"staff":[2,"Agent Two"]}
            9\tentry\t4\t2025-09-01 10:06:00\tM\t0\tJane Doe\tAgent Two\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            9\tevent\t5\t2025-09-01 10:10:00\treleased\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"staff":[2,"Agent Two"]}
            9\tentry\t6\t2025-09-01 10:11:00\tM\t0\tJane Doe\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            9\tentry\t7\t2025-09-01 10:12:00\tR\t0\tAgent Three\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            9\tentry\t8\t2025-09-01 10:13:00\tM\t0\tJane Doe\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL

            """)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(sink.events.map(\.agent) == [nil, nil, "Agent Two", "Agent Two", nil, nil, "Agent Three", "Agent Three"])
    }
}

/// Every history row is an event, a reject, or counted (issue 8).
@Suite struct HistoryRowAccountingTests {
    @Test func rowsThatGiveNoEventAreCountedByKind() throws {
        let scratch = try Scratch()
        // Two due-date edits and an SLA edit (events), a topic edit, a view and a collaborator (no
        // lifecycle event: counted by kind in ReadSummary.skipped).
        let path = try scratch.file("h.tsv", historyHeading + """
            1\tevent\t1\t2025-01-02 10:00:00\tcreated\t0\tUser One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            1\tevent\t2\t2025-01-02 10:01:00\tedited\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"duedate":[null,"2025-01-03 12:00:00"]}
            1\tevent\t3\t2025-01-02 10:02:00\tedited\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"duedate":["2025-01-03 12:00:00","2025-01-04 12:00:00"]}
            1\tevent\t4\t2025-01-02 10:03:00\tedited\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"topic_id":[1,2]}
            1\tevent\t5\t2025-01-02 10:04:00\tviewed\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
            1\tevent\t6\t2025-01-02 10:05:00\tcollab\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"add":{"3":"Sam"}}
            1\tevent\t7\t2025-01-02 10:06:00\tedited\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tSeverity A\tNULL\t{"sla_id":[1,2]}

            """)
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        #expect(sink.events.map(\.kind) == [.created, .dueDateChanged, .dueDateChanged, .slaChanged])
        #expect(summary.skipped == ["edited: topic_id": 1, "viewed": 1, "collab": 1])
        // Every row read is either an event or counted (each of these rows gives at most one event).
        #expect(summary.rowsRead == sink.events.count + summary.rowsSkipped)
    }
}

/// A history export cut mid-row (a file still being written) was imported with exit 0: a claim's
/// `{"claim` made an assignment to nobody, a last agent "Agent Tw" would have been a new agent (a
/// stranger's operations trial). `mysql --batch` ends every row with a newline, so a last row
/// without one is an error at its place. A `data` value cut inside the file is osTicket's own
/// varchar(1024) at work (MySQL cuts it outside strict mode): no data, as before (a review).
@Suite struct HistoryCutShortTests {
    static let rows = """
        1\tevent\t1\t2025-01-02 10:00:00\tcreated\t0\tUser One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL
        1\tevent\t2\t2025-01-02 11:01:00\tassigned\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{"claim":true}
        """

    static func read(_ text: String, in scratch: Scratch) throws -> [LifecycleEvent] {
        let path = try scratch.file("h.tsv", text)
        var sink = CollectingSink()
        _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        return sink.events
    }

    @Test func aRowCutShortIsAnErrorAtItsPlace() throws {
        let scratch = try Scratch()
        #expect(try Self.read(historyHeading + Self.rows + "\n", in: scratch).map(\.kind) == [.created, .claimed])
        let longEdit = String(#"{"fields":{"notes":[""# + String(repeating: "x", count: 1100)).prefix(1024)
        let cutByMySQL = historyHeading + Self.rows + "\n"
            + "1\tevent\t3\t2025-01-02 12:00:00\tedited\t0\tAgent One\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t\(longEdit)\n"
        #expect(try Self.read(cutByMySQL, in: scratch).map(\.kind) == [.created, .claimed])
        let cutRow = historyHeading + Self.rows.replacingOccurrences(of: "\tAgent One\tNULL\tSupport\tNULL\tNULL\tNULL\t{\"claim\":true}", with: "\tAgent Tw")
        #expect { _ = try Self.read(cutRow, in: scratch) } throws: { error in
            "\(error)".contains(":3:8:") && "\(error)".contains("the file ends in the middle of it")
        }
    }
}

/// The history is read from bytes (`RecordPrefetcher`), a `RowReader` made only for a bad row:
/// each bad value gives `RowReader`'s error, checked in the order the rows were always checked
/// (ticket, time, source, its id, then whether the source is known), so a row with several bad
/// values names the same column as before (a review found an unknown source named before an
/// empty id).
@Suite struct HistoryBadValueTests {
    static func error(_ row: String) throws -> String {
        let scratch = try Scratch()
        let path = try scratch.file("h.tsv", historyHeading
            + "1\tevent\t1\t2025-01-02 10:00:00\tcreated\t0\tUser One\tNULL\tNULL\tSupport\tNULL\tNULL\tNULL\tNULL\n" + row + "\n")
        var sink = CollectingSink()
        do {
            _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink)
        } catch {
            return "\(error)".replacingOccurrences(of: path, with: "h.tsv")
        }
        return "no error"
    }

    @Test func eachBadValueNamesItsColumnInTheOrderTheyAreChecked() throws {
        let good = ["1", "event", "2", "2025-01-02 11:00:00", "closed", "0", "Agent One", "NULL", "NULL", "Support", "NULL", "NULL", "NULL", "NULL"]
        func row(_ changes: [Int: String]) -> String {
            good.enumerated().map { changes[$0.offset] ?? $0.element }.joined(separator: "\t")
        }
        #expect(try Self.error(row([:])) == "no error")
        #expect(try Self.error(row([0: ""])) == "h.tsv:3:1: column \"ticket_number\": value \"\": expected a ticket number")
        #expect(try Self.error(row([3: "2025-01-02 1x:00:00", 1: "thread"]))
                == "h.tsv:3:4: column \"timestamp\": value \"2025-01-02 1x:00:00\": expected a date-time like 2025-08-05 15:58:40 (YYYY-MM-DD HH:MM:SS, optionally with a UTC offset)")
        #expect(try Self.error(row([1: "thread", 2: ""])) == "h.tsv:3:3: column \"source_id\": value \"\": expected the event's or entry's id")
        #expect(try Self.error(row([1: ""])) == "h.tsv:3:2: column \"source\": value \"\": expected event or entry")
        #expect(try Self.error(row([1: "thread"]))
                == "h.tsv:3:2: column \"source\": value \"thread\": expected event (ost_thread_event) or entry (ost_thread_entry)")
        #expect(try Self.error(row([5: "maybe"])) == "h.tsv:3:6: column \"annulled\": value \"maybe\": expected Yes or No (or 1/0)")
        #expect(try Self.error(row([4: "exploded"])).hasPrefix("h.tsv:3:5: column \"event\": value \"exploded\": expected an osTicket event name"))
    }
}
