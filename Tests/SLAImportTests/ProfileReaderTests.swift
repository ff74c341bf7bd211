import Foundation
import Testing
import TestScratch
import SLAModel
import SLAEngine
@testable import SLAImport

/// A temporary folder for small files written by a test.
struct Scratch {
    /// Removed when the last scratch holding it goes.
    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init() throws { temporary = try TemporaryFolder("slareport-import") }

    func file(_ name: String, _ text: String) throws -> String {
        try file(name, bytes: Array(text.utf8))
    }

    func file(_ name: String, bytes: [UInt8]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String, profile: String, onError: RejectPolicy = .fail,
              sortBudget: Int = ImportOptions().profileSortBudget) throws -> (CollectingSink, ReadSummary) {
        let mapping = try MappingProfile.parse(profile, file: "test-profile.yaml")
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path, format: nil,
                                            options: ImportOptions(sourceZone: mapping.zone, onError: onError, profile: mapping,
                                                                   profileSortBudget: sortBudget),
                                            into: &sink)
        return (sink, summary)
    }
}

/// What parsing a profile (as `p.yaml`) says: "" when it parses, else the error's text.
func profileParseError(_ yaml: String) -> String {
    do { _ = try MappingProfile.parse(yaml, file: "p.yaml"); return "" } catch { return "\(error)" }
}

let snapshotProfile = """
    name: snapshots
    time: {format: iso, zone: Europe/Berlin}
    columns:
      case: Ticket
      time: When
      status: Status
      team: Group
      agent: Owner
      priority: Prio
      plan: {column: Prio, map: {P1: Gold, P2: Silver, "*": Bronze}}
    statuses:
      New: open
      Working: open
      Pending customer: paused
      Solved: resolved
      Closed: closed
    """

@Suite struct ProfileReaderTests {
    @Test func snapshotRowsBecomeEventsByWhatChanged() throws {
        let scratch = try Scratch()
        let path = try scratch.file("log.csv", """
            Ticket,When,Status,Group,Owner,Prio
            T1,2025-03-03 09:00:00,New,L1,,P2
            T1,2025-03-03 09:05:00,Working,L1,Ann,P2
            T1,2025-03-03 10:00:00,Working,L2,Ann,P2
            T1,2025-03-03 10:30:00,Pending customer,L2,Ann,P2
            T1,2025-03-03 11:00:00,Working,L2,Ann,P1
            T1,2025-03-03 11:00:00,Working,L2,Ann,P1
            T1,2025-03-03 12:00:00,Solved,L2,Bob,P1
            T1,2025-03-03 12:10:00,Working,L2,Bob,P1
            T1,2025-03-03 12:20:00,Solved,L2,Bob,P1
            T1,2025-03-03 12:20:00,Closed,L2,Bob,P1
            T1,2025-03-03 12:25:00,Closed,L2,Bob,P1
            T2,2025-03-04T08:00:00Z,Solved,L1,Cy,P3

            """)
        let (sink, summary) = try scratch.read(path, profile: snapshotProfile)
        #expect(summary.rowsRead == 12)
        #expect(summary.tickets == 2)
        #expect(summary.events == 12)
        let t1 = sink.events.filter { $0.ticketNumber == "T1" }
        // Row by row: created; owner Ann -> assigned; group L2 -> assigned (hand-off); paused -> status_changed;
        // back to open (with a new priority: the state change names the row) -> status_changed; repeat with
        // the same snapshot -> status_changed; Solved -> resolved; Working again -> reopened; Solved -> resolved;
        // Closed -> closed; Closed again -> closed.
        #expect(t1.map(\.kind) == [.created, .assigned, .assigned, .statusChanged, .statusChanged, .statusChanged,
                                   .resolved, .reopened, .resolved, .closed, .closed])
        #expect(t1[0].time.iso8601 == "2025-03-03T08:00:00Z")   // Berlin, CET
        #expect(t1[0].agent == nil)
        #expect(t1[2].team == "L2")
        #expect(t1[4].status == "Working")
        #expect(t1[4].team == "L2" && t1[4].agent == "Ann")
        #expect(t1[6].agent == "Bob")
        let ticket = try #require(sink.tickets.first { $0.number == "T1" })
        #expect(ticket.slaPlan == "Gold")
        #expect(ticket.priority == "P1")
        #expect(ticket.closedAt?.iso8601 == "2025-03-03T11:20:00Z")
        #expect(ticket.status == "Closed")
        // T2's only row already resolves it: no created event, created = resolved = its time.
        let t2 = sink.events.filter { $0.ticketNumber == "T2" }
        #expect(t2.map(\.kind) == [.resolved])
        #expect(sink.tickets.first { $0.number == "T2" }?.slaPlan == "Bronze")
    }

    @Test func planChangeWithoutStateChangeIsSLAChanged() throws {
        let scratch = try Scratch()
        let path = try scratch.file("log.csv", """
            Ticket,When,Status,Group,Owner,Prio
            T1,2025-03-03 09:00:00,New,L1,Ann,P2
            T1,2025-03-03 09:05:00,New,L1,Ann,P1

            """)
        let (sink, _) = try scratch.read(path, profile: snapshotProfile)
        #expect(sink.events.map(\.kind) == [.created, .slaChanged])
        #expect(sink.events[1].value == "Gold")
        #expect(sink.events[1].previousValue == "Silver")
    }

    @Test func rowsInAnyOrderAreOrderedByTimeThenTieBreakThenFileOrder() throws {
        let scratch = try Scratch()
        let profile = snapshotProfile.replacingOccurrences(of: "  priority: Prio\n", with: "  priority: Prio\n  tie_break: Seq\n")
        let tidy = try scratch.file("tidy.csv", """
            Ticket,When,Status,Group,Owner,Prio,Seq
            T1,2025-03-03 09:00:00,New,L1,,P2,1
            T1,2025-03-03 09:05:00,Working,L1,Ann,P2,2
            T1,2025-03-03 09:05:00,Working,L2,Ann,P2,3
            T1,2025-03-03 10:00:00,Solved,L2,Ann,P2,10
            T2,2025-03-03 08:00:00,New,L1,Bob,P1,1
            T2,2025-03-03 08:30:00,Pending customer,L1,Bob,P1,2

            """)
        // The same rows, cases interleaved, out of time order, the tie at 09:05 upside down in
        // the file (the tie-break column decides; 10 sorts after 3 as a number).
        let shuffled = try scratch.file("shuffled.csv", """
            Ticket,When,Status,Group,Owner,Prio,Seq
            T1,2025-03-03 10:00:00,Solved,L2,Ann,P2,10
            T2,2025-03-03 08:30:00,Pending customer,L1,Bob,P1,2
            T1,2025-03-03 09:05:00,Working,L2,Ann,P2,3
            T1,2025-03-03 09:00:00,New,L1,,P2,1
            T2,2025-03-03 08:00:00,New,L1,Bob,P1,1
            T1,2025-03-03 09:05:00,Working,L1,Ann,P2,2

            """)
        let (expected, _) = try scratch.read(tidy, profile: profile)
        let (sink, summary) = try scratch.read(shuffled, profile: profile)
        #expect(summary.rowsRead == 6 && summary.events == 6 && summary.tickets == 2)
        #expect(expected.events.map(\.kind) == [.created, .assigned, .assigned, .resolved, .created, .statusChanged])
        #expect(sink.events == expected.events)
        #expect(sink.tickets == expected.tickets)
        // Without a tie-break column, rows sharing a time keep their file order.
        let (untied, _) = try scratch.read(shuffled, profile: snapshotProfile)
        #expect(untied.events.filter { $0.ticketNumber == "T1" }.map(\.team) == ["L1", "L2", "L1", "L2"])
    }

    @Test func rowsThatContradictEachOtherAreErrors() throws {
        let scratch = try Scratch()
        let profile = snapshotProfile.replacingOccurrences(of: "  priority: Prio\n", with: "  priority: Prio\n  tie_break: Seq\n")
        let path = try scratch.file("log.csv", """
            Ticket,When,Status,Group,Owner,Prio,Seq
            T1,2025-03-03 09:00:00,New,L1,Ann,P2,1
            T2,2025-03-03 09:00:00,New,L1,Ann,P2,1
            T1,2025-03-03 09:00:00,Working,L1,Ann,P2,1

            """)
        do {
            _ = try scratch.read(path, profile: profile)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasSuffix("log.csv:4: column \"Seq\": value \"1\": expected one row per case, time and Seq: \(path) line 2 has the same case \"T1\", time 2025-03-03T08:00:00Z and Seq with other values"))
        }
        // With --on-error skip the whole case is left out, and the other one imported.
        let (sink, summary) = try scratch.read(path, profile: profile, onError: .skip)
        #expect(sink.tickets.map(\.number) == ["T2"])
        #expect(summary.rowsRejected == 2)
        #expect(summary.rejected.count == 1)
    }

    /// Two columns with the heading a profile reads: the first was read and the other's values
    /// silently ignored (a stranger's "Group" twice, the second the one meant). Now an error at
    /// the second; a heading the profile does not read may repeat.
    @Test func aHeadingTheProfileReadsMustNameOneColumn() throws {
        let scratch = try Scratch()
        let twice = try scratch.file("twice.csv", """
            Ticket,When,Status,Group,Owner,Prio,Group
            T1,2025-03-03 09:00:00,New,L1,Ann,P2,Desk

            """)
        #expect(throws: (any Error).self) { try scratch.read(twice, profile: snapshotProfile) }
        do { _ = try scratch.read(twice, profile: snapshotProfile) } catch {
            #expect("\(error)".hasSuffix("""
                twice.csv:1:7: column "Group": expected one column headed "Group", which the profile "snapshots" reads for \
                columns.team; columns 4 and 7 share that heading: list it 2 times to read each in order ([Group, Group]), or \
                rename the others in the file
                """))
        }
        // Listed as many times as the file has it, each column is read in order (Jira exports a
        // multi-valued field as several columns of one heading): joined, or kept as custom fields.
        let jira = snapshotProfile.replacingOccurrences(of: "  team: Group\n", with: "  team: {columns: [Group, Group], separator: \", \"}\n")
            + "\ncustom_fields: [Note, Note]\n"
        let multi = try scratch.file("multi.csv", """
            Ticket,When,Status,Group,Owner,Prio,Group,Note,Note
            T1,2025-03-03 09:00:00,New,L1,Ann,P2,Desk,a,b

            """)
        let (joined, _) = try scratch.read(multi, profile: jira)
        #expect(joined.events.map(\.team) == ["L1, Desk"])
        #expect(joined.tickets.first?.customFields == ["Note": "a", "Note (2)": "b"])
        // Listed twice where the file has it once: an error, not a column read twice.
        #expect(throws: (any Error).self) { try scratch.read(twice, profile: jira) }
        // Loosely alike headings count as the same when none is exact.
        let loose = try scratch.file("loose.csv", """
            Ticket,When,Status,group,Owner,Prio,GROUP
            T1,2025-03-03 09:00:00,New,L1,Ann,P2,Desk

            """)
        #expect(throws: (any Error).self) { try scratch.read(loose, profile: snapshotProfile) }
        // An exact heading wins over loose ones, and an unread heading may repeat.
        let exact = try scratch.file("exact.csv", """
            Ticket,When,Status,Group,Owner,Prio,group,Note,Note
            T1,2025-03-03 09:00:00,New,L1,Ann,P2,Desk,a,b

            """)
        let (sink, _) = try scratch.read(exact, profile: snapshotProfile)
        #expect(sink.events.map(\.team) == ["L1"])
    }

    @Test func aBadRowRejectsItsWholeCaseWhereverItsRowsAre() throws {
        let scratch = try Scratch()
        let path = try scratch.file("log.csv", """
            Ticket,When,Status,Group,Owner,Prio
            T1,2025-03-03 09:00:00,New,L1,Ann,P2
            T2,2025-03-03 09:00:00,New,L1,Ann,P2
            T1,yesterday,Working,L1,Ann,P2
            T1,2025-03-03 10:00:00,Working,L1,Ann,P2

            """)
        do {
            _ = try scratch.read(path, profile: snapshotProfile)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("\(path):4:2: column \"When\": value \"yesterday\""))
        }
        let (sink, summary) = try scratch.read(path, profile: snapshotProfile, onError: .skip)
        #expect(sink.tickets.map(\.number) == ["T2"])
        #expect(summary.rejected.count == 1)
        #expect(summary.rowsRejected == 3)
        #expect(summary.rejected[0].expected.hasSuffix("the case's 3 rows were skipped"))
    }

    @Test func unknownStatusAndUnmappedPlanNameTheirPlace() throws {
        let scratch = try Scratch()
        let path = try scratch.file("log.csv", """
            Ticket,When,Status,Group,Owner,Prio
            T1,2025-03-03 09:00:00,Escalated,L1,Ann,P2

            """)
        do {
            _ = try scratch.read(path, profile: snapshotProfile)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("log.csv:2:3: column \"Status\": value \"Escalated\": expected a status the profile maps"))
        }
        let strict = snapshotProfile.replacingOccurrences(of: ", \"*\": Bronze", with: "")
        let other = try scratch.file("log2.csv", "Ticket,When,Status,Group,Owner,Prio\nT1,2025-03-03 09:00:00,New,L1,Ann,P9\n")
        do {
            _ = try scratch.read(other, profile: strict)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("log2.csv:2:6: column \"Prio\": value \"P9\": expected one of the values the profile maps for plan"))
        }
    }

    @Test func missingColumnNamesTheProfileField() throws {
        let scratch = try Scratch()
        let path = try scratch.file("log.csv", "Ticket,When,Status\nT1,2025-03-03 09:00:00,New\n")
        do {
            _ = try scratch.read(path, profile: snapshotProfile)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("log.csv:1: column \"Group\": expected a \"Group\" column, which the profile \"snapshots\" names for columns.team"))
        }
    }

    @Test func latin1SemicolonsPatternDatesAndNullMarkers() throws {
        let scratch = try Scratch()
        let profile = """
            name: legacy
            file: {encoding: windows-1252, delimiter: ";", null_values: ["-", "n/a"]}
            time: {format: "%d.%m.%Y %H:%M", zone: Europe/Vienna}
            columns:
              case: Vorgang
              time: Zeitpunkt
              status: Status
              sub_status: Grund
              agent: Bearbeiter
              subject: Betreff
            statuses:
              Offen: open
              Wartet/Kunde: paused
              Wartet: open
              Erledigt: resolved
            """
        // "Jörg" and "Büro – 3. OG" in Windows-1252: ö = F6, ü = FC, en dash = 96.
        var bytes = Array("Vorgang;Zeitpunkt;Status;Grund;Bearbeiter;Betreff\n".utf8)
        bytes += Array("A-1;03.02.2025 08:30;Offen;-;J".utf8) + [0xF6] + Array("rg;\"B".utf8) + [0xFC]
            + Array("ro ".utf8) + [0x96] + Array(" 3. OG\"\n".utf8)
        bytes += Array("A-1;03.02.2025 09:00;Wartet;Kunde;n/a;-\n".utf8)
        bytes += Array("A-1;3.2.2025 9:45;Wartet;Lieferant;-;-\n".utf8)
        bytes += Array("A-1;04.02.2025 10:00;Erledigt;;-;-\n".utf8)
        let path = try scratch.file("legacy.csv", bytes: bytes)
        let (sink, summary) = try scratch.read(path, profile: profile)
        #expect(summary.rowsRead == 4)
        #expect(sink.events.map(\.kind) == [.created, .statusChanged, .statusChanged, .resolved])
        #expect(sink.events.map(\.status) == ["Offen", "Wartet/Kunde", "Wartet/Lieferant", "Erledigt"])
        #expect(sink.events[0].agent == "Jörg")
        #expect(sink.events[1].agent == "Jörg")   // "n/a" is no value: the owner stays
        #expect(sink.events[0].time.iso8601 == "2025-02-03T07:30:00Z")
        #expect(sink.events[2].time.iso8601 == "2025-02-03T08:45:00Z")
        #expect(sink.tickets[0].subject == "Büro – 3. OG")
    }

    /// Two profile mistakes said with what to set: a `;` file read with the profile's `,` has a
    /// one-column header (the error listed the one long heading alone), and an activity the profile
    /// does not map is to be added under the key the profile uses (it said statuses). A stranger's trial.
    @Test(arguments: [
        ("file: {delimiter: \",\"}\ncolumns: {case: Vorgang, time: Zeit, status: Status}\nstatuses: {Neu: open}",
         "Vorgang;Zeit;Status\nD-1;2025-03-03T08:00:00Z;Neu\n",
         "(found: Vorgang;Zeit;Status); the header is one column with ; in it: set the profile's file: {delimiter: \";\"}"),
        ("columns: {case: Vorgang, time: Zeit, status: Status}\nactivities: {Neu: {state: open, kind: created}}",
         "Vorgang,Status,Zeit\nC,Neu,2025-03-03T08:00:00Z\nC,Frobnicate,2025-03-03T09:00:00Z\n",
         "add \"Frobnicate\" under activities, or a \"*\" rule"),
    ])
    func aProfileMistakeSaysWhatToSet(profile: String, file: String, expected: String) throws {
        let scratch = try Scratch()
        let path = try scratch.file("log.csv", file)
        #expect { _ = try scratch.read(path, profile: profile + "\ntime: {format: iso, zone: UTC}") } throws: {
            "\($0)".contains(expected)
        }
    }

    @Test func activityLogKeepsStateForBookkeepingActivities() throws {
        let scratch = try Scratch()
        let profile = """
            columns: {case: Case, time: At, status: Activity, agent: Who}
            time: {format: "YYYY/MM/DD hh:mm:ss.sss", zone: UTC}
            activities:
              Open ticket: {state: open, kind: created}
              Take: {state: open, kind: claimed}
              Wait: paused
              Note anomaly: keep
              Solve: resolved
            initial_status: New
            """
        let path = try scratch.file("a.csv", """
            Case,Activity,Who,At
            C,Note anomaly,A,2020/01/01 10:00:00.000
            C,Take,B,2020/01/01 10:01:00.000
            C,Wait,B,2020/01/01 10:02:00.000
            C,Note anomaly,B,2020/01/01 10:03:00.000
            C,Take,B,2020/01/01 10:04:00.000
            C,Solve,B,2020/01/01 10:05:00.000
            C,Note anomaly,D,2020/01/01 10:06:00.000

            """)
        let (sink, _) = try scratch.read(path, profile: profile)
        #expect(sink.events.map(\.kind) == [.created, .claimed, .statusChanged, .statusChanged, .statusChanged, .resolved, .assigned])
        #expect(sink.events.map(\.status) == ["New", "Take", "Wait", "Wait", "Take", "Solve", "Solve"])
        #expect(sink.events[3].value == "Note anomaly")
        #expect(sink.events[6].value == "Note anomaly")
        #expect(sink.tickets[0].closedAt?.iso8601 == "2020-01-01T10:05:00Z")
    }

    @Test func theProfileSaysWhatValuesMean() throws {
        let scratch = try Scratch()
        let profile = """
            name: meanings
            time: {format: iso, zone: UTC}
            columns:
              case: Case
              time: At
              status: Activity
              team: {column: Group, null_values: ["?"]}   # "?" is no team; in Who it is a name
              agent: Who
              priority: {column: Prio, map: {"1": Critical, "2": High, "*": Normal}}
            activities: {Open: open, Note: keep, Reassignment: keep, Solve: resolved, Work: open, Reopen: open}
            skip_rows: [{column: Activity, values: ["-100"]}]
            handoffs: [Reassignment]
            reopens: [Reopen]
            """
        let path = try scratch.file("log.csv", """
            Case,At,Activity,Group,Who,Prio
            C,2025-01-01T09:00:00Z,Open,L1,?,2
            C,2025-01-01T09:10:00Z,Note,L2,?,2
            C,2025-01-01T09:20:00Z,-100,L9,?,2
            C,2025-01-01T09:30:00Z,Reassignment,L2,Ann,1
            C,2025-01-01T09:40:00Z,Note,?,Ann,1
            C,2025-01-01T10:00:00Z,Solve,L2,Ann,1
            C,2025-01-01T10:10:00Z,Work,L2,Ann,1
            C,2025-01-01T10:20:00Z,Solve,L2,Ann,1
            C,2025-01-01T10:30:00Z,Reopen,L2,Ann,1

            """)
        let (sink, summary) = try scratch.read(path, profile: profile)
        #expect(summary.rowsRead == 9 && summary.skipped == ["skip_rows": 1] && summary.rowsRejected == 0 && summary.events == 8)
        // A Note moving the group is no hand-off; the Reassignment is. Work after Solve is not a
        // reopen (only Reopen is): it is recorded, and the ticket stays solved until Reopen.
        #expect(sink.events.map(\.kind) == [.created, .statusChanged, .priorityChanged, .statusChanged, .resolved,
                                           .statusChanged, .resolved, .reopened])
        #expect(sink.events.map(\.status) == ["Open", "Open", "Open", "Open", "Solve", "Solve", "Solve", "Reopen"])
        #expect(sink.events[5].value == "Work")
        // Replayed: one resolution cycle stopped at the first Solve, a second only from Reopen.
        let replayer = try LifecycleReplayer(policy: Datasets.wallClockPolicy(try MappingProfile.parse(profile, file: "p.yaml"), plans: ["P"]))
        let replay = replayer.replay(ticket: sink.tickets[0], events: sink.events, asOf: instant("2025-01-02T00:00:00Z"))
        #expect(replay.reopens == 1)
        #expect(replay.cycles.filter { $0.metric == .resolution }.map(\.stoppedAt) == [instant("2025-01-01T10:00:00Z"), nil])
        #expect(sink.events.map(\.team) == ["L1", "L1", "L2", "L2", "L2", "L2", "L2", "L2"])
        #expect(sink.events[0].agent == "?")
        #expect(sink.events[2].value == "Critical" && sink.events[2].previousValue == "High")
        #expect(sink.tickets[0].priority == "Critical")
        let error = profileParseError
        #expect(error(profile.replacingOccurrences(of: "handoffs: [Reassignment]", with: "handoffs: [Reassign]"))
                .contains("at handoffs: \"Reassign\" is not among the profile's statuses"))
        #expect(error(profile.replacingOccurrences(of: "values: [\"-100\"]", with: "value: \"-100\""))
                .contains("at skip_rows.1.value: unknown key"))
    }

    @Test func profileMistakesNameTheKey() {
        let error = profileParseError
        #expect(error("columns: {case: A, time: B}\nstatuses: {X: open}") == "p.yaml:1:1: at columns.status: missing; a profile names at least the case, time and status columns")
        #expect(error("columns: {case: A, time: B, status: C}\nstatuses: {X: waiting}").contains("at statuses.X: expected a state among open, paused, resolved, closed"))
        #expect(error("columns: {case: A, time: B, status: C}\nstatuses: {X: {state: open, kind: resolved}}") == "p.yaml:2:29: at statuses.X.kind: kind resolved needs state: resolved")
        #expect(error("columns: {case: A, time: B, status: C}\nstatuses: {X: open}\ntime: {format: \"%Q\"}").contains("at time.format: date pattern \"%Q\": unknown directive %Q"))
        #expect(error("columns: {case: A, time: B, status: C}\nstatuses: {X: open}\ntime: {zone: Mars/Olympus}").contains("at time.zone: unknown time zone"))
        #expect(error("columns: {case: A, time: B, status: C}\nstatuses: {X: open}\nfile: {encoding: ebcdic}").contains("at file.encoding"))
        #expect(error("colums: {}").contains("at colums: unknown key"))
    }
}

/// Every key of a profile does something: an unknown, misplaced or ineffective one is an error
/// naming it with its line and column in the file.
@Suite struct ProfileKeyTests {
    func error(_ yaml: String) -> String { profileParseError(yaml) }
    let base = "name: x\ncolumns:\n  case: Ticket\n  time: When\n  status: Status\nstatuses: {New: open}\n"

    @Test func ineffectiveKeysAreErrors() {
        #expect(error(base.replacingOccurrences(of: "  case: Ticket\n", with: "  case: {column: Ticket, prefix: \"T-\"}\n"))
                == "p.yaml:3:26: at columns.case.prefix: case is read as it is (an id, a time or a number): no map or prefix")
        let separator = base.replacingOccurrences(of: "  status: Status\n", with: "  status: Status\n  team: {column: Group, separator: \"-\"}\n")
        #expect(error(separator) == "p.yaml:6:25: at columns.team.separator: separator joins several columns; this field reads one")
        let subStatus = base.replacingOccurrences(of: "  status: Status\n", with: "  status: Status\n  sub_status: {column: Sub, map: {A: B}}\n")
        #expect(error(subStatus).hasPrefix("p.yaml:6:29: at columns.sub_status.map: sub_status is joined to the status"))
        #expect(error(base + "activities: {Done: resolved}\n").hasPrefix("p.yaml:7:1: at activities: a profile has statuses or activities"))
    }

    @Test func unknownAndMisplacedKeysNameTheirPlace() {
        #expect(error(base + "time: {format: iso, zon: UTC}\n").hasPrefix("p.yaml:7:21: at time.zon: unknown key (expected format, zone) (did you mean \"zone\"?)"))
        #expect(error(base + "null_values: [\"-\"]\n")
                == "p.yaml:7:1: at null_values: unknown key (expected name, description, source, file, time, rows, columns, custom_fields, statuses, activities, initial_status, plans, files, skip_rows, handoffs, reopens, fields); null_values belongs under file (or a column's {column:, null_values:})")
        #expect(error(base + "file:\n  encoding: utf-8\n  nulls: [\"\"]\n").hasPrefix("p.yaml:9:3: at file.nulls: unknown key"))
        #expect(error(base.replacingOccurrences(of: "  time: When\n", with: "  time: When\n  zone: UTC\n"))
                .hasPrefix("p.yaml:5:3: at columns.zone: unknown field"))
    }
}

@Suite struct DatePatternTests {
    @Test func patterns() throws {
        func parse(_ pattern: String, _ text: String) throws -> String? {
            try DatePattern(pattern).parse(text).map { parsed in
                parsed.local.iso8601 + (parsed.offset.map { " \($0)" } ?? "")
            }
        }
        #expect(try parse("YYYY/MM/DD hh:mm:ss.sss", "2012/10/09 14:50:17.000") == "2012-10-09T14:50:17")
        #expect(try parse("%d.%m.%Y %H:%M", "3.2.2025 9:45") == "2025-02-03T09:45:00")
        #expect(try parse("%d/%m/%y %I:%M %p", "31/12/99 12:05 AM") == "1999-12-31T00:05:00")
        #expect(try parse("%d/%m/%y %I:%M %p", "01/01/24 12:30 pm") == "2024-01-01T12:30:00")
        #expect(try parse("%d-%b-%Y %T", "05-Aug-2025 15:58:40") == "2025-08-05T15:58:40")
        #expect(try parse("%FT%T%z", "2025-08-05T15:58:40-04:00") == "2025-08-05T15:58:40 -14400")
        #expect(try parse("%FT%T%z", "2025-08-05T15:58:40Z") == "2025-08-05T15:58:40 0")
        #expect(try parse("YYYY-MM-DDThh:mm:ssZ", "2025-08-05T15:58:40+0530") == "2025-08-05T15:58:40 19800")
        for bad in ["2012/10/09 14:50:17", "2012/13/09 14:50:17.000", "2012/02/30 14:50:17.000", "2012/10/09 24:50:17.000",
                    "2012/10/09 14:50:17.000 x"] {
            #expect(try parse("YYYY/MM/DD hh:mm:ss.sss", bad) == nil, "\(bad)")
        }
        #expect(throws: DatePattern.PatternError.self) { try DatePattern("%H:%M") }
        #expect(throws: DatePattern.PatternError.self) { try DatePattern("%Y-%m-%d %I:%M") }
        #expect(DatePattern.parseUnix("1754423920")?.instant(in: .utc).iso8601 == "2025-08-05T19:58:40Z")
    }
}

@Suite struct TextEncodingTests {
    @Test func windows1252AndLatin1AreConvertedWhileReading() throws {
        let scratch = try Scratch()
        let path = try scratch.file("x.txt", bytes: [0x80, 0x20, 0xE9, 0x93, 0x94])
        func decode(_ encoding: TextEncoding) throws -> String {
            let source = try ByteSource(path: path, chunkSize: 2, encoding: encoding)
            var bytes: [UInt8] = []
            while let byte = source.next() { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(try decode(.windows1252) == "€ é“”")
        #expect(try decode(.latin1) == "\u{80} é\u{93}\u{94}")
        #expect(TextEncoding(name: "ISO-8859-1") == .latin1)
        #expect(TextEncoding(name: "CP1252") == .windows1252)
    }
}

/// The README's walkthrough: a ServiceNow-style audit export (one row per saved version of an
/// incident) read through the README's own few lines of YAML.
@Suite struct AuditSnapshotTests {
    /// The README's YAML block that starts with `name: <name>` (the README's examples are tested as written).
    static func readmeYAML(named name: String) throws -> String {
        let readme = try String(contentsOf: Datasets.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\nname: \(name)"))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        return String(readme[readme.index(start.lowerBound, offsetBy: "```yaml\n".count)..<end.lowerBound])
    }

    static func walkthroughYAML() throws -> String { try readmeYAML(named: "servicenow-audit") }

    /// The README's reference profile (every key, with comments) is a profile the tool accepts:
    /// it named a hand-off status its statuses did not list.
    @Test func theREADMEsReferenceProfileParses() throws {
        let yaml = try Self.readmeYAML(named: "my-desk")
        let profile = try MappingProfile.parse(yaml, file: "README.md")
        #expect(profile.name == "my-desk" && profile.zone == "Europe/Rome")
    }

    /// A snapshot with an empty assignee is the record unassigned (sent back to the queue): the
    /// agent is cleared, so a later breach is not put on the agent who gave the ticket back (a
    /// stranger's trial: "Service Desk / Ann" on every later event). An activity row's empty
    /// cell still keeps the holder.
    @Test func anEmptyHolderInASnapshotClearsIt() throws {
        let scratch = try Scratch()
        let path = try scratch.file("audit.csv", """
            number,sys_updated_on,opened_at,state,priority,assignment_group,assigned_to,short_description
            INC1,2025-03-03 09:00:00,2025-03-03 08:00:00,New,3 - Moderate,Service Desk,,Mail
            INC1,2025-03-03 10:00:00,2025-03-03 08:00:00,In Progress,3 - Moderate,Network,Ann,Mail
            INC1,2025-03-03 11:00:00,2025-03-03 08:00:00,In Progress,3 - Moderate,Service Desk,,Mail

            """)
        let (sink, _) = try scratch.read(path, profile: try Self.walkthroughYAML())
        #expect(sink.events.filter { $0.kind == .assigned || $0.kind == .released }.map { "\($0.kind.rawValue) \($0.team ?? "-") \($0.agent ?? "-")" }
                == ["assigned Service Desk -", "assigned Network Ann", "released Service Desk -"])
        #expect(sink.events.last?.kind == .released && sink.events.last?.agent == nil)
        #expect(sink.tickets.first?.agent == nil && sink.tickets.first?.team == "Service Desk")
        // Read as activity rows, the empty cell keeps Ann.
        let activities = try Self.walkthroughYAML().replacingOccurrences(of: "rows: snapshots", with: "rows: events")
        let (kept, _) = try scratch.read(path, profile: activities)
        #expect(kept.events.last?.agent == "Ann")
    }

    /// ServiceNow's `sys_audit` (and a Jira changelog) has one row per changed field: the field's
    /// name and its new value. Under `rows: changes` each row sets what `fields:` maps its name to;
    /// rows of other fields are counted as no lifecycle event, never silently dropped.
    @Test func rowsOfChangedFieldsBecomeEvents() throws {
        let scratch = try Scratch()
        let profile = try Self.changesYAML()
        #expect(profile.split(separator: "\n").count < 10)
        let path = try scratch.file("sys_audit.csv", """
            documentkey,fieldname,oldvalue,newvalue,sys_created_on,user
            INC1,state,,New,2025-03-03 09:00:00,system
            INC1,assignment_group,,Service Desk,2025-03-03 09:00:00,system
            INC1,short_description,,Mail does not sync,2025-03-03 09:00:00,system
            INC1,assigned_to,,Ann,2025-03-03 10:00:00,ann
            INC1,state,New,In Progress,2025-03-03 10:00:00,ann
            INC1,assigned_to,Ann,,2025-03-03 11:00:00,ann
            INC1,state,In Progress,Resolved,2025-03-03 12:00:00,bob

            """)
        let (sink, summary) = try scratch.read(path, profile: profile)
        #expect(summary.rowsRead == 7 && summary.rowsRejected == 0)
        #expect(summary.skipped == ["field short_description": 1])
        #expect(sink.events.map { "\($0.time.iso8601.dropFirst(11).prefix(5)) \($0.kind.rawValue) \($0.team ?? "-") \($0.agent ?? "-") \($0.status ?? "-")" } == [
            "09:00 created - - New",
            "09:00 assigned Service Desk - New",
            "10:00 assigned Service Desk Ann New",
            "10:00 status_changed Service Desk Ann In Progress",
            "11:00 released Service Desk - In Progress",
            "12:00 resolved Service Desk - Resolved",
        ])
        // Breached at 11:30, after Ann was removed: nobody but the team held it (a second trial
        // found the replay still blaming the removed assignee, as an assignment leaving the
        // agent out keeps the holder; a release clears it).
        let policy = SLAPolicy(name: "wall clock", calendars: [],
                               plans: [SLAPlanDefinition(name: "Standard", firstResponseTarget: nil, resolutionTarget: 9000, calendar: "24x7")],
                               defaultPlan: "Standard", statusStates: try MappingProfile.parse(profile, file: "p.yaml").statuses.compactMapValues(\.state))
        let replay = try LifecycleReplayer(policy: policy).replay(ticket: sink.tickets[0], events: sink.events, asOf: sink.tickets[0].closedAt!)
        let resolution = try #require(replay.cycles.first { $0.metric == .resolution })
        #expect(resolution.status == .breached && resolution.breachTeam == "Service Desk" && resolution.breachAgent == nil)
        #expect(sink.events.map(\.actor) == ["system", "system", "ann", "ann", "ann", "bob"])
        let ticket = try #require(sink.tickets.first)
        #expect(ticket.status == "Resolved" && ticket.team == "Service Desk" && ticket.agent == nil)
        #expect(ticket.closedAt?.iso8601 == "2025-03-03T12:00:00Z")
        // A status column or a field mapped to nothing known is refused at its key.
        let error = profileParseError
        #expect(error(profile.replacingOccurrences(of: "actor: user}", with: "actor: user, status: state}"))
                    .contains("at columns.status: under rows: changes the status is a field a row changes"))
        #expect(error(profile.replacingOccurrences(of: "assigned_to: agent", with: "assigned_to: owner"))
                    .contains("at fields.assigned_to: expected one of status, team"))
        #expect(error(profile.replacingOccurrences(of: "state: status, ", with: "")).contains("at fields: no field sets the status"))
        #expect(error(profile.replacingOccurrences(of: "rows: changes", with: "rows: events")).contains("at columns.field: a field name and a new value per row are read under rows: changes"))
        // A change row that sets the team has no status: handoffs: (statuses) would drop every hand-off.
        #expect(error(profile + "\nhandoffs: [In Progress]").contains("at handoffs: under rows: changes a hand-off is a row that changes the team field"))
    }

    static func changesYAML() throws -> String { try readmeYAML(named: "servicenow-sys-audit") }

    @Test func theREADMEsServiceNowProfileReadsTheAuditExport() throws {
        let yaml = try Self.walkthroughYAML()
        #expect(yaml.split(separator: "\n").count < 10)
        let profile = try MappingProfile.parse(yaml, file: "servicenow-audit.yaml")
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: Datasets.packageRoot.appendingPathComponent("sample-data/servicenow/incident_audit.csv").path, format: nil,
                                            options: ImportOptions(sourceZone: profile.zone, profile: profile), into: &sink)
        #expect(summary.rowsRead == 6 && summary.rowsRejected == 0 && summary.tickets == 2)
        let first = sink.events.filter { $0.ticketNumber == "INC0010001" }
        // Opened 08:00, first saved at 09:00: the clock starts at 08:00. The 10:00 version changes
        // the state label, the priority, the group and the assignee: three events.
        #expect(first.map { "\(ProfileEventIdentity.rowPart(of: $0.identity)) \($0.kind.rawValue)" } == [
            "row:0 created",
            "row:1 priority_changed", "row:1/status status_changed", "row:1/assignment assigned",
            "row:2 priority_changed", "row:2/status status_changed", "row:2/assignment assigned",
            "row:3 status_changed",
            "row:4 resolved", "row:4/assignment assigned",
        ])
        #expect(first[0].time.iso8601 == "2025-03-03T08:00:00Z")
        #expect(first[4].value == "1 - Critical" && first[4].previousValue == "3 - Moderate")
        // Every event carries what its row set.
        #expect(first[4].team == "Network" && first[4].agent == "Ann" && first[4].status == "In Progress")
        #expect(first[8].agent == "Cy" && first[8].status == "Resolved")
        let ticket = try #require(sink.tickets.first { $0.number == "INC0010001" })
        #expect(ticket.createdAt.iso8601 == "2025-03-03T08:00:00Z")
        #expect(ticket.closedAt?.iso8601 == "2025-03-03T13:00:00Z")
        #expect(ticket.priority == "1 - Critical" && ticket.team == "Network" && ticket.agent == "Cy")
        #expect(ticket.subject == "Mail does not sync")
        // Opened at its first version's time: that version is the created event.
        #expect(first.allSatisfy { $0.identity.hasSuffix("@servicenow-audit") })
        #expect(sink.events.filter { $0.ticketNumber == "INC0010002" }.map { "\(ProfileEventIdentity.rowPart(of: $0.identity)) \($0.kind.rawValue)" }
                == ["row:1 created", "row:2 resolved", "row:2/assignment assigned"])
        // Replayed round the clock: resolution runs 08:00-11:00 and stops on hold until 13:00: 3 h.
        let policy = SLAPolicy(name: "wall clock", calendars: [],
                               plans: [SLAPlanDefinition(name: "Standard", firstResponseTarget: nil, resolutionTarget: 4 * 3600, calendar: "24x7")],
                               defaultPlan: "Standard", statusStates: profile.statuses.compactMapValues(\.state))
        let replay = try LifecycleReplayer(policy: policy).replay(ticket: ticket, events: first, asOf: ticket.closedAt!)
        let resolution = try #require(replay.cycles.first { $0.metric == .resolution })
        #expect(resolution.elapsedSeconds == 3 * 3600)
        #expect(resolution.startedAt.iso8601 == "2025-03-03T08:00:00Z")
    }
}
