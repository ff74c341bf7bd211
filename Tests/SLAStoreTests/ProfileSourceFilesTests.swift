import Foundation
import Testing
import SLAModel
import SLAImport
@testable import SLAStore

/// One source exporting several files: a ticket file and overlapping "open" and "closed"
/// activity exports, declared as roles of one profile.
@Suite struct ProfileSourceFilesTests {
    static let profile = """
        name: desk
        time: {format: iso, zone: UTC}
        columns: {case: Ticket, time: When, status: Status, team: Group, agent: Owner}
        statuses: {New: open, Working: open, Solved: resolved, Closed: closed}
        files:
          tickets:
            kind: tickets
            match: "*tickets*"
            columns: {case: Number, opened: Opened, closed: Closed, priority: Priority, category: Category}
            custom_fields: [Region]
          open: {match: "*open*"}
          closed: {match: "*closed*"}
        """
    static let ticketsCSV = """
        Number,Opened,Closed,Priority,Category,Region
        T1,2025-03-03 08:00:00,2025-03-03 12:00:00,High,Network,EU
        T2,2025-03-03 09:00:00,,Low,Mail,US

        """
    static let activityHeader = "Ticket,When,Status,Group,Owner\n"
    static let openCSV = activityHeader + """
        T1,2025-03-03 09:00:00,New,L1,
        T1,2025-03-03 10:00:00,Working,L2,Ann
        T2,2025-03-03 09:00:00,New,L1,

        """
    static let closedCSV = activityHeader + """
        T1,2025-03-03 09:00:00,New,L1,
        T1,2025-03-03 10:00:00,Working,L2,Ann
        T1,2025-03-03 11:00:00,Solved,L2,Ann
        T1,2025-03-03 12:00:00,Closed,L2,Ann

        """

    struct Files {
        var tickets, open, closed: String
    }

    func files(_ harness: ProfileHarness) throws -> Files {
        Files(tickets: try harness.workspace.file("desk-tickets.csv", Self.ticketsCSV),
              open: try harness.workspace.file("desk-open.csv", Self.openCSV),
              closed: try harness.workspace.file("desk-closed.csv", Self.closedCSV))
    }

    @Test func aTicketFileAndOverlappingExportsMakeOneHistoryInAnyImportOrder() throws {
        var results: [[String: [[String?]]]] = []
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]] {
            let harness = try ProfileHarness(yaml: Self.profile)
            let paths = try files(harness)
            let list = [paths.tickets, paths.open, paths.closed]
            var events = 0
            for index in order {
                let (run, _) = try harness.importFile(list[index])
                #expect(run.eventsDeleted == 0, "order \(order): importing \(list[index]) deleted events")
                let now = try harness.eventCount()
                #expect(now >= events, "order \(order): events went from \(events) to \(now)")
                events = now
            }
            // Importing everything again changes nothing.
            for path in list {
                let (again, _) = try harness.importFile(path)
                #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0)
                #expect(again.ticketsInserted == 0 && again.ticketsUpdated == 0)
            }
            results.append(try harness.tables())
        }
        for result in results.dropFirst() { #expect(result == results[0]) }
        let events = try #require(results.first?["events"])
        // T1: opened at 08:00 by the ticket file, before its first row: created (row:0); the
        // rows both exports share count once; T2 opened at its first row's time. (`@1`: the
        // profile's number, the first to import into this database.)
        #expect(events.map { [$0[0], $0[1], $0[3]] } == [
            ["T1", "row:0@1", "created"], ["T1", "row:1@1", "assigned"], ["T1", "row:2@1", "assigned"],
            ["T1", "row:3@1", "resolved"], ["T1", "row:4@1", "closed"], ["T2", "row:1@1", "created"],
        ])
        let tickets = try #require(results.first?["tickets"])
        // number, subject, requester, priority, department, help_topic, status, plan, team, agent, created, updated, closed, custom
        #expect(tickets[0] == ["T1", nil, nil, "High", nil, "Network", "Closed", nil, "L2", "Ann",
                               "1740988800", "1741003200", "1741003200", "{\"Region\":\"EU\"}"])
        #expect(tickets[1][3] == "Low" && tickets[1][12] == nil)
    }

    @Test func aNewerCopyOfOneRoleRemovesOnlyTheRowsGoneFromThatRole() throws {
        let harness = try ProfileHarness(yaml: Self.profile)
        let paths = try files(harness)
        for path in [paths.tickets, paths.open, paths.closed] { try harness.importFile(path) }
        let before = try harness.tables()["events"]!
        // A newer open export: T1 closed since and left it; T2 got a row.
        let newerOpen = try harness.workspace.file("desk-open-2.csv", Self.activityHeader + """
            T2,2025-03-03 09:00:00,New,L1,
            T2,2025-03-03 09:30:00,Working,L1,Bob

            """)
        let (open, _) = try harness.importFile(newerOpen)
        #expect(open.eventsDeleted == 0)
        #expect(open.eventsInserted == 1)
        let afterOpen = try harness.tables()["events"]!
        #expect(afterOpen.filter { $0[0] == "T1" } == before.filter { $0[0] == "T1" })
        // A newer copy of the closed export without T1's 11:00 row (and the open export no longer
        // has it either): its event goes, and the import says so.
        let newerClosed = try harness.workspace.file("desk-closed-2.csv", Self.activityHeader + """
            T1,2025-03-03 09:00:00,New,L1,
            T1,2025-03-03 10:00:00,Working,L2,Ann
            T1,2025-03-03 12:00:00,Closed,L2,Ann

            """)
        let (closed, _) = try harness.importFile(newerClosed)
        #expect(closed.eventsDeleted == 1)
        let t1 = try harness.tables()["events"]!.filter { $0[0] == "T1" }.map { $0[3] }
        #expect(t1 == ["created", "assigned", "assigned", "closed"])
        // The first open export again: to the tool a newer copy of the open role, so T2's 09:30
        // row, which only the open role had, goes (and is counted); T1 loses nothing.
        let (older, _) = try harness.importFile(paths.open)
        #expect(older.eventsDeleted == 1)
        #expect(try harness.tables()["events"]!.filter { $0[0] == "T1" }.count == 4)
    }

    /// Slices of one log (an audit export split in two, cases running across both) named in one
    /// import through a role that matches them all are one log: the same tickets and events as
    /// the whole file. Before, the second slice was a newer copy of the role and replaced the
    /// first one's rows of the cases both had (a stranger's trial: "8 gone from the source and
    /// removed", a ticket starting at its resolution). Imported separately, the later file is
    /// still a newer copy of the role (README).
    @Test func slicesOfOneRoleNamedInOneImportAreOneLog() throws {
        let yaml = """
            name: audit
            time: {format: iso, zone: UTC}
            columns: {case: Ticket, time: When, status: Status, team: Group, agent: Owner}
            statuses: {New: open, Working: open, Solved: resolved, Closed: closed}
            files:
              log: {match: "audit*"}
            """
        let rows = [
            "T1,2025-03-03 09:00:00,New,L1,", "T2,2025-03-03 09:30:00,New,L1,", "T1,2025-03-03 10:00:00,Working,L2,Ann",
            "T2,2025-03-03 11:00:00,Working,L1,Bob", "T1,2025-03-03 12:00:00,Solved,L2,Ann", "T1,2025-03-03 13:00:00,Closed,L2,Ann",
        ]
        let whole = try ProfileHarness(yaml: yaml)
        try whole.importFile(try whole.workspace.file("audit-all.csv", Self.activityHeader + rows.joined(separator: "\n") + "\n"))
        let expected = try whole.tables()

        let sliced = try ProfileHarness(yaml: yaml)
        let first = try sliced.workspace.file("audit-1.csv", Self.activityHeader + rows[3...].joined(separator: "\n") + "\n")
        // The slices share a boundary row (rows[3] is in both): it counts once.
        let second = try sliced.workspace.file("audit-2.csv", Self.activityHeader + rows[..<4].joined(separator: "\n") + "\n")
        let runs = try sliced.importFiles([first, second])
        #expect(runs.map(\.eventsDeleted) == [0, 0])
        #expect(try sliced.tables() == expected)
        #expect(expected["events"]?.map { $0[3] } == ["created", "assigned", "resolved", "closed", "created", "assigned"])

        // In two imports, the second is a newer copy of the role: the rows only the first had go
        // (T1 keeps its two rows of the second file, T2 its two).
        let apart = try ProfileHarness(yaml: yaml)
        try apart.importFile(first)
        try apart.importFile(second)
        #expect(try apart.tables()["events"]?.map { [$0[0], $0[3]] } == [["T1", "created"], ["T1", "assigned"], ["T2", "created"], ["T2", "assigned"]])
    }

    /// Under `--on-error skip`, a file's rows that contradict another file's (an activity before
    /// the ticket file's opened time) are skipped and not kept: the case stays as the other file
    /// left it, later imports of either file are not refused over them, and the reject counts
    /// only the file's own rows. Before, the rejected row stayed in `profile_rows` and every later
    /// import of the case failed with an error about a file it was not importing.
    @Test func rowsRejectedUnderSkipAreNotKeptAndDoNotPoisonLaterImports() throws {
        let harness = try ProfileHarness(yaml: Self.profile)
        let tickets = try harness.workspace.file("desk-tickets.csv", Self.ticketsCSV)
        // T2 opened at 09:00 by the ticket file; this export has it at 08:30.
        let early = try harness.workspace.file("desk-open.csv", Self.activityHeader + """
            T1,2025-03-03 09:00:00,New,L1,
            T2,2025-03-03 08:30:00,New,L1,

            """)
        try harness.importFile(tickets)
        let before = try harness.tables()
        let (run, summary) = try harness.importFile(early, onError: .skip)
        #expect(summary.rowsRejected == 1 && summary.rejected.count == 1)
        #expect(summary.rejected.first?.expected.contains("the case's 1 row was skipped (from \(early); the case stays as its other files' earlier imports left it)") == true,
                "\(summary.rejected)")
        #expect(run.eventsInserted > 0)
        #expect(try harness.workspace.store.query("SELECT COUNT(*) FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = 'T2'").rows
                == [["0"]])
        let after = try harness.tables()
        #expect(after["tickets"]?.first { $0[0] == "T2" } == before["tickets"]?.first { $0[0] == "T2" })
        #expect(try harness.workspace.store.query("SELECT case_id, role FROM profile_rows WHERE role = 'open'").rows == [["T1", "open"]])
        // The ticket file again, without skip: nothing changes, nothing is refused.
        let (again, _) = try harness.importFile(tickets)
        #expect(again.eventsInserted == 0 && again.eventsDeleted == 0 && again.ticketsUpdated == 0)
        // A corrected export lands in full.
        let fixed = try harness.workspace.file("desk-open-2.csv", Self.activityHeader + """
            T1,2025-03-03 09:00:00,New,L1,
            T2,2025-03-03 09:00:00,New,L1,

            """)
        let (corrected, fixedSummary) = try harness.importFile(fixed)
        #expect(fixedSummary.rowsRejected == 0 && corrected.eventsDeleted == 0)
        #expect(try harness.workspace.store.query("SELECT case_id FROM profile_rows WHERE role = 'open' ORDER BY case_id").rows
                == [["T1"], ["T2"]])
    }

    /// `skip_rows` on an activity column filters the activity files; a ticket file without that
    /// column is read as it is, and an activity file without it is still an error.
    @Test func skipRowsOnAnActivityColumnLeavesTheTicketFileAlone() throws {
        let yaml = Self.profile + "\nskip_rows: [{column: Status, values: [Working]}]\n"
        let harness = try ProfileHarness(yaml: yaml)
        let paths = try files(harness)
        let (tickets, _) = try harness.importFile(paths.tickets)
        #expect(tickets.ticketsInserted == 2)
        let (closed, summary) = try harness.importFile(paths.closed)
        #expect(summary.skipped == [ProfileReader.skipRowsKind: 1] && closed.rowsRead == 4, "\(summary.skipped)")
        // A filter on a column no file has: the ticket file reads, an activity file is an error.
        let typo = try ProfileHarness(yaml: Self.profile + "\nskip_rows: [{column: Channel, values: [Spam]}]\n")
        let typoPaths = try files(typo)
        #expect(try typo.importFile(typoPaths.tickets).0.ticketsInserted == 2)
        #expect { try typo.importFile(typoPaths.closed) } throws: { "\($0)".contains("\"Channel\" column, which the profile \"desk\" names in skip_rows") }
    }

    @Test func aFileNoRoleMatchesIsAnErrorNamingTheRoles() throws {
        let harness = try ProfileHarness(yaml: Self.profile)
        let path = try harness.workspace.file("desk-archive.csv", Self.closedCSV)
        #expect(throws: ImportError.self) { try harness.importFile(path) }
        do { try harness.importFile(path) } catch {
            #expect("\(error)".contains("desk-archive.csv: cannot read: the profile \"desk\" has no file role whose match fits this file's name; its roles: closed (*closed*), open (*open*), tickets (*tickets*)"))
        }
        #expect(try harness.eventCount() == 0)
    }

    @Test func ticketFileMistakesNameTheKey() {
        func error(_ yaml: String) -> String {
            do { _ = try MappingProfile.parse(yaml, file: "p.yaml"); return "" } catch { return "\(error)" }
        }
        let base = "columns: {case: A, time: B, status: C}\nstatuses: {X: open}\n"
        #expect(error(base + "files: {t: {kind: tickets, columns: {case: N}}}").contains("at files.t.columns.opened: missing"))
        #expect(error(base + "files: {t: {kind: tickets, columns: {case: N, opened: O, tie_break: S}}}").contains("at files.t.columns.tie_break: a ticket file has one row per ticket"))
        // A first response instant is a ticket file's column; activities give responses by a status's kind.
        #expect(error(base.replacingOccurrences(of: "status: C}", with: "status: C, first_response: F}")).contains("at columns.first_response: an activity file's rows give responses"))
        #expect(error(base + "files: {a: {columns: {case: A, time: B, status: C, first_response: F}}}").contains("at files.a.columns.first_response: first_response belongs to a ticket file's columns"))
        // A profile of ticket files alone needs no activity columns, nor statuses unless a ticket file reads a status.
        #expect(error("files: {t: {kind: tickets, columns: {case: N, opened: O}}}") == "")
        #expect(error("files: {t: {kind: tickets, columns: {case: N, opened: O, status: S}}}").contains("at statuses: expected a mapping"))
        #expect(error("files: {t: {kind: tickets, columns: {case: N, opened: O}}, a: {match: \"*log*\"}}\nstatuses: {X: open}").contains("at columns: expected a mapping naming at least the case, time and status columns"))
        #expect(error("statuses: {X: open}").contains("at columns: expected a mapping naming at least the case, time and status columns"))
        #expect(error(base + "files: {t: {kind: tickts}}").contains("at files.t.kind: expected tickets"))
        #expect(error(base + "files: {t: {glob: x}}").contains("at files.t.glob: unknown key"))
    }

    /// A ticket export alone (one row per ticket, as help desks export their ticket lists): its
    /// first response, close and status measure the SLA without any activity file. The profile
    /// is the README's ("A ticket list alone").
    static func ticketListProfile() throws -> String {
        let readme = try String(contentsOf: SampleDataTests.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\nname: ticket-list"))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        return String(readme[readme.index(start.lowerBound, offsetBy: "```yaml\n".count)..<end.lowerBound])
    }
    static let ticketListPolicy = """
        name: round the clock
        default_plan: Standard
        plans:
          - {name: Standard, calendar: 24x7, first_response: 1h, resolution: 8h}
        statuses: {Pending: paused, Solved: resolved}
        pause_resolution_in: [paused]
        resolution_stops_at: [resolved, closed]
        """

    @Test func aTicketListAloneGivesFirstResponsesClosesAndStatuses() throws {
        let harness = try ProfileHarness(yaml: try Self.ticketListProfile())
        let path = try harness.workspace.file("tickets.csv", """
            Id,Created at,First reply at,Solved at,Status,Group,Assignee
            101,2025-03-03 09:00:00,2025-03-03 09:20:00,2025-03-03 15:00:00,Solved,Support,Ann
            102,2025-03-03 10:00:00,,,Open,Support,
            103,2025-03-04 08:00:00,2025-03-04 10:00:00,,Pending,Billing,Bob

            """)
        let (run, summary) = try harness.importFile(path)
        #expect(summary.rowsRead == 3 && summary.rowsRejected == 0)
        #expect(run.ticketsInserted == 3 && run.eventsInserted == 9)
        let policy = try PolicyFile.parse(Self.ticketListPolicy, file: "policy.yaml")
        try harness.replay(policy: policy, asOf: Instant(iso8601: "2025-03-10T00:00:00Z")!)
        let tables = try harness.tables()
        let events = try #require(tables["events"]).map { [$0[0], $0[1], $0[3], $0[5], $0[8]] }
        #expect(events == [
            ["101", "row:0/message@1", "message", nil, nil],
            ["101", "row:0@1", "created", "Support", "Open"],
            ["101", "row:0/first_response@1", "response", nil, nil],
            ["101", "row:1@1", "resolved", "Support", "Solved"],
            ["102", "row:0/message@1", "message", nil, nil],
            ["102", "row:0@1", "created", "Support", "Open"],
            ["103", "row:0/message@1", "message", nil, nil],
            ["103", "row:0@1", "created", "Billing", "Open"],
            ["103", "row:0/first_response@1", "response", nil, nil],
        ])
        // The ticket file's status is the ticket's; a ticket without a first response keeps its own dates.
        #expect(try #require(tables["tickets"]).map { [$0[0], $0[6], $0[8]] } == [["101", "Solved", "Support"], ["102", "Open", "Support"],
                                                                                 ["103", "Pending", "Billing"]])
        let firstResponses = try #require(tables["sla_cycles"]).filter { $0[1] == "first_response" }.map { [$0[0], $0[8], $0[11]] }
        // 101 answered after 20 minutes; 102 never (running, breached an hour after creation); 103 after two hours.
        #expect(firstResponses == [["101", "1200", "met"], ["102", "568800", "running_breached"], ["103", "7200", "breached"]])
        let outcomes = try #require(tables["ticket_outcomes"]).map { [$0[0], $0[6], $0[7]] }
        #expect(outcomes == [["101", "resolved", String(Instant(iso8601: "2025-03-03T09:20:00Z")!.secondsSinceEpoch)],
                             ["102", "open", nil], ["103", "open", String(Instant(iso8601: "2025-03-04T10:00:00Z")!.secondsSinceEpoch)]])

        // The same export again changes nothing; a newer one with 102 answered and 101's reply
        // gone adds and removes exactly those events.
        let (again, _) = try harness.importFile(path)
        #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0 && again.ticketsUpdated == 0)
        let newer = try harness.workspace.file("tickets-newer.csv", """
            Id,Created at,First reply at,Solved at,Status,Group,Assignee
            101,2025-03-03 09:00:00,,2025-03-03 15:00:00,Solved,Support,Ann
            102,2025-03-03 10:00:00,2025-03-03 10:30:00,,Open,Support,
            103,2025-03-04 08:00:00,2025-03-04 10:00:00,,Pending,Billing,Bob

            """)
        let (update, _) = try harness.importFile(newer)
        #expect(update.eventsDeleted == 1 && update.eventsInserted == 1)
        #expect(try harness.eventCount() == 9)
    }

    /// What a ticket list's status says against its close (a stranger's trial with Zendesk- and
    /// Freshdesk-shaped exports): a ticket Open now with a "Solved at" was reopened since, and
    /// read closed and met; a Closed ticket without a close time kept its clocks running and
    /// breached. Now the first is reopened at its close (the file does not say when), the second
    /// an error at its cell, and `closed: {columns: [A, B]}` takes the first that is filled.
    @Test func aTicketListsStatusAndCloseAgree() throws {
        let harness = try ProfileHarness(yaml: try Self.ticketListProfile())
        let reopened = try harness.workspace.file("tickets.csv", """
            Id,Created at,First reply at,Solved at,Status,Group,Assignee
            101,2025-03-03 09:00:00,2025-03-03 09:20:00,2025-03-03 15:00:00,Open,Support,Ann

            """)
        try harness.importFile(reopened)
        let policy = try PolicyFile.parse(Self.ticketListPolicy, file: "policy.yaml")
        try harness.replay(policy: policy, asOf: Instant(iso8601: "2025-03-10T00:00:00Z")!)
        let tables = try harness.tables()
        // (Listed by time, then identity; replayed by time, then stored order: the close first.)
        #expect(Set(try #require(tables["events"]).map { [$0[1], $0[3], $0[8]] }.suffix(2)) == [
            ["row:1@1", "closed", nil], ["row:0/reopened@1", "reopened", "Open"]])
        #expect(try #require(tables["ticket_outcomes"]).map { [$0[6], $0[9]] } == [["open", "1"]])
        #expect(try #require(tables["tickets"]).map { $0[12] } == [nil])
        let resolution = try #require(tables["sla_cycles"]).filter { $0[1] == "resolution" }.map { [$0[2], $0[11]] }
        #expect(resolution == [["1", "met"], ["2", "running_breached"]])

        // Without a first_response column a ticket list gives no events, but a close and a
        // reopen are events: the reopened ticket gets its creation too (a review found it closed and met).
        let noReplies = try ProfileHarness(yaml: try Self.ticketListProfile().replacingOccurrences(of: "first_response: First reply at, ", with: ""))
        try noReplies.importFile(reopened)
        #expect(try #require(noReplies.tables()["events"]).compactMap { $0[3] }.sorted() == ["closed", "created", "reopened"])
        #expect(try #require(noReplies.tables()["tickets"]).map { $0[12] } == [nil])

        let closedWithoutTime = try harness.workspace.file("tickets-2.csv", """
            Id,Created at,First reply at,Solved at,Status,Group,Assignee
            102,2025-03-03 10:00:00,2025-03-03 10:30:00,,Closed,Support,Ann

            """)
        #expect { try harness.importFile(closedWithoutTime) } throws: { error in
            "\(error)".hasSuffix(#"tickets-2.csv:2:4: column "Solved at": value "": expected a closed time, since status "Closed" is a closed one (closed: {columns: [A, B]} takes the first of A and B that is filled)"#)
        }
        let fallback = try ProfileHarness(yaml: try Self.ticketListProfile()
            .replacingOccurrences(of: "closed: Solved at", with: "closed: {columns: [Solved at, Closed at]}"))
        let both = try fallback.workspace.file("tickets-3.csv", """
            Id,Created at,First reply at,Solved at,Closed at,Status,Group,Assignee
            102,2025-03-03 10:00:00,2025-03-03 10:30:00,,2025-03-03 12:00:00,Closed,Support,Ann
            103,2025-03-03 10:00:00,2025-03-03 10:30:00,2025-03-03 11:00:00,2025-03-04 12:00:00,Closed,Support,Ann

            """)
        try fallback.importFile(both)
        #expect(try #require(fallback.tables()["tickets"]).map { [$0[0], $0[12]] } == [
            ["102", String(Instant(iso8601: "2025-03-03T12:00:00Z")!.secondsSinceEpoch)],
            ["103", String(Instant(iso8601: "2025-03-03T11:00:00Z")!.secondsSinceEpoch)]])
        // Several columns are taken first-filled, so a separator would do nothing.
        #expect(throws: (any Error).self) {
            try MappingProfile.parse(try Self.ticketListProfile().replacingOccurrences(
                of: "closed: Solved at", with: "closed: {columns: [Solved at, Closed at], separator: \" \"}"), file: "p.yaml")
        }
    }

    /// Zendesk exports the first reply as "First reply time in minutes" and Freshdesk as "First
    /// response time (in hrs)", durations after the opening, which no profile could read (a
    /// stranger's trial computed a timestamp column by hand): `after_opened: minutes | hours |
    /// seconds` reads them.
    @Test func timesGivenAsDurationsAfterTheOpening() throws {
        let profile = """
            name: freshdesk
            time: {format: iso, zone: UTC}
            files:
              tickets:
                kind: tickets
                columns: {case: Ticket ID, opened: Created time,
                          first_response: {column: First response time (in hrs), after_opened: hours, null_values: ["-"]},
                          closed: {column: Resolution time (in mins), after_opened: minutes}}
            """
        let harness = try ProfileHarness(yaml: profile)
        let path = try harness.workspace.file("tickets.csv", """
            Ticket ID,Created time,First response time (in hrs),Resolution time (in mins)
            1001,2025-03-10 10:00:00,0.75,480
            1002,2025-03-10 11:00:00,-,

            """)
        try harness.importFile(path)
        let events = try #require(harness.tables()["events"]).map { [$0[0], $0[3], $0[2]] }
        func at(_ iso: String) -> String { String(Instant(iso8601: iso)!.secondsSinceEpoch) }
        #expect(events.filter { $0[1] == "response" || $0[1] == "closed" } == [
            ["1001", "response", at("2025-03-10T10:45:00Z")], ["1001", "closed", at("2025-03-10T18:00:00Z")]])
        let bad = try harness.workspace.file("tickets-bad.csv", """
            Ticket ID,Created time,First response time (in hrs),Resolution time (in mins)
            1003,2025-03-10 10:00:00,soon,

            """)
        #expect { try harness.importFile(bad) } throws: { error in
            "\(error)".hasSuffix(#"tickets-bad.csv:2:3: column "First response time (in hrs)": value "soon": expected a number of hours after the opened time (after_opened: hours), 0 or more"#)
        }
        #expect(throws: (any Error).self) {
            try MappingProfile.parse(profile.replacingOccurrences(of: "after_opened: hours", with: "after_opened: days"), file: "p.yaml")
        }
    }

    @Test func aFirstResponseBeforeTheTicketOpenedIsAnErrorAtItsCell() throws {
        let harness = try ProfileHarness(yaml: try Self.ticketListProfile())
        let path = try harness.workspace.file("tickets.csv", """
            Id,Created at,First reply at,Solved at,Status,Group,Assignee
            101,2025-03-03 09:00:00,2025-03-03 08:59:59,,Open,Support,Ann

            """)
        #expect { try harness.importFile(path) } throws: { error in
            let text = "\(error)"
            return text.contains("tickets.csv:2") && text.contains("First reply at") && text.contains("a first response at or after the opened time 2025-03-03T09:00:00Z")
        }
        #expect(try harness.eventCount() == 0)
    }
}
