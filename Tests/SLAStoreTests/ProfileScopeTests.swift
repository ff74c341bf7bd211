import Foundation
import Testing
import GRDB
import SLAModel
import SLAImport
@testable import SLAStore

/// Two profiles feeding the same ticket numbers: each owns its events (`row:<n>@<scope>`, the
/// profile's number in the database, 1 for the first to import and 2 for the next), so
/// importing through one never overwrites or prunes what the other brought, and only a newer
/// export through the same profile removes events.
@Suite struct ProfileScopeTests {
    static let activityProfile = """
        name: desk-log
        time: {format: iso, zone: UTC}
        columns: {case: Ticket, time: When, status: Status, team: Group}
        statuses: {New: open, Working: open, Solved: resolved}
        """
    static let ticketProfile = """
        name: desk-tickets
        time: {format: iso, zone: UTC}
        columns: {case: Ticket, time: When, status: Status}
        statuses: {New: open}
        files:
          tickets: {kind: tickets, columns: {case: Number, opened: Opened, closed: Closed, priority: Priority}}
        """
    /// Another system's log of the same tickets (a second, separate profile).
    static let otherProfile = """
        name: desk-audit
        time: {format: iso, zone: UTC}
        columns: {case: Case, time: At, status: State}
        statuses: {Open: open, Done: resolved}
        """
    static let log = """
        Ticket,When,Status,Group
        T1,2025-03-03 09:00:00,New,L1
        T1,2025-03-03 10:00:00,Working,L2
        T1,2025-03-03 11:00:00,Solved,L2
        T2,2025-03-03 09:30:00,New,L1
        T2,2025-03-03 12:00:00,Working,L1

        """
    static let tickets = """
        Number,Opened,Closed,Priority
        T1,2025-03-03 08:00:00,2025-03-03 11:00:00,High
        T2,2025-03-03 09:30:00,,Low

        """
    static let audit = """
        Case,At,State
        T1,2025-03-03 09:05:00,Open
        T1,2025-03-03 11:05:00,Done
        T2,2025-03-03 09:35:00,Open

        """

    struct Setup {
        let log, tickets, other: ProfileHarness
        init() throws {
            log = try ProfileHarness(yaml: ProfileScopeTests.activityProfile)
            tickets = ProfileHarness(profile: try MappingProfile.parse(ProfileScopeTests.ticketProfile, file: "tickets.yaml"),
                                     workspace: log.workspace)
            other = ProfileHarness(profile: try MappingProfile.parse(ProfileScopeTests.otherProfile, file: "audit.yaml"),
                                   workspace: log.workspace)
        }
        func identities() throws -> [String] {
            try log.workspace.store.query("""
                SELECT t.number || ' ' || e.identity FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY 1
                """).rows.map { $0[0]! }
        }
    }

    @Test func aTicketFileThroughAnotherProfileKeepsTheLogsEvents() throws {
        let setup = try Setup()
        let (first, _) = try setup.log.importFile(try setup.log.workspace.file("log.csv", Self.log))
        #expect(first.eventsInserted == 5)
        let before = try setup.identities()
        #expect(before == ["T1 row:1@1", "T1 row:2@1", "T1 row:3@1", "T2 row:1@1", "T2 row:2@1"])
        let (ticketRun, _) = try setup.tickets.importFile(try setup.log.workspace.file("tickets.csv", Self.tickets))
        #expect(ticketRun.eventsDeleted == 0)
        #expect(try setup.identities() == before)
        // The log again: its events are as they were (nothing new, changed or removed).
        let (again, _) = try setup.log.importFile(try setup.log.workspace.file("log-again.csv", Self.log))
        #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0)
        #expect(try setup.identities() == before)
    }

    @Test func aNewerExportRemovesOnlyItsOwnProfilesGoneRows() throws {
        let setup = try Setup()
        try setup.log.importFile(try setup.log.workspace.file("log.csv", Self.log))
        let (auditRun, _) = try setup.other.importFile(try setup.log.workspace.file("audit.csv", Self.audit))
        // The same ticket numbers, row numbers and all: added beside the log's, nothing replaced.
        #expect(auditRun.eventsInserted == 3 && auditRun.eventsUpdated == 0 && auditRun.eventsDeleted == 0)
        #expect(try setup.log.eventCount() == 8)
        let (again, _) = try setup.log.importFile(try setup.log.workspace.file("log-again.csv", Self.log))
        #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0)
        #expect(try setup.log.eventCount() == 8)
        // A newer log without T1's 10:00 row and T2's 12:00 row: two of its events go, and the run
        // says so; the audit profile's events of those tickets stay.
        let newer = try setup.log.workspace.file("log-newer.csv", """
            Ticket,When,Status,Group
            T1,2025-03-03 09:00:00,New,L1
            T1,2025-03-03 11:00:00,Solved,L2
            T2,2025-03-03 09:30:00,New,L1

            """)
        let (newerRun, _) = try setup.log.importFile(newer)
        #expect(newerRun.eventsDeleted == 1 + 1)
        #expect(try setup.identities() == [
            "T1 row:1@1", "T1 row:1@2", "T1 row:2@1", "T1 row:2@2", "T2 row:1@1", "T2 row:1@2",
        ])
        #expect(try setup.log.workspace.store.query("SELECT id, profile FROM profile_scopes ORDER BY id").rows
                == [["1", "desk-log"], ["2", "desk-audit"]])
        // T1's row 2 is now the 11:00 row: updated in place.
        #expect(newerRun.eventsUpdated == 1)
    }

    @Test func eventsStoredBeforeIdentitiesNamedTheirProfileAreUpdatedInPlace() throws {
        let setup = try Setup()
        try setup.log.importFile(try setup.log.workspace.file("log.csv", Self.log))
        // A database written before: identities `row:<n>`, migrations v6 and v16 not yet run.
        try setup.rewind { db in
            try db.execute(sql: "UPDATE events SET identity = substr(identity, 1, instr(identity, '@') - 1)")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%' OR identifier LIKE 'v16:%'")
            try db.execute(sql: "DROP TABLE profile_scopes")
        }
        // Opening the store migrates; a re-import then changes nothing.
        let reopened = ProfileHarness(profile: setup.log.profile, workspace: try Workspace(reopening: setup.log.workspace))
        let (again, _) = try reopened.importFile(try setup.log.workspace.file("log-again.csv", Self.log))
        #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0)
        #expect(try reopened.eventCount() == 5)
        #expect(try reopened.workspace.store.query("SELECT identity FROM events ORDER BY id").rows.map { $0[0]! }
                == ["row:1@1", "row:2@1", "row:3@1", "row:1@1", "row:2@1"])
    }

    @Test func eventsNamedByTheirProfilesNameTakeItsNumber() throws {
        let setup = try Setup()
        try setup.log.importFile(try setup.log.workspace.file("log.csv", Self.log))
        try setup.other.importFile(try setup.log.workspace.file("audit.csv", Self.audit))
        // A database written between v6 and v16: identities `row:<n>@<profile name>`, a name
        // with an `@` and a ticket's other events (osTicket's) beside them.
        try setup.rewind { db in
            try db.execute(sql: """
                UPDATE events SET identity = substr(identity, 1, instr(identity, '@'))
                    || CASE substr(identity, instr(identity, '@') + 1) WHEN '1' THEN 'desk-log' ELSE 'desk@audit' END;
                INSERT INTO events (ticket_id, identity, occurred_at, kind) SELECT id, 'event:7', created_at, 'note' FROM tickets WHERE number = 'T1';
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v16:%';
                DROP TABLE profile_scopes;
                """)
        }
        let reopened = try Workspace(reopening: setup.log.workspace)
        let identities = try reopened.store.query("""
            SELECT t.number || ' ' || e.identity FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY 1
            """).rows.map { $0[0]! }
        let scopes = try reopened.store.query("SELECT profile, id FROM profile_scopes ORDER BY profile").rows
        #expect(scopes.count == 2)
        let number = Dictionary(uniqueKeysWithValues: scopes.map { ($0[0]!, $0[1]!) })
        let log = try #require(number["desk-log"]), audit = try #require(number["desk@audit"])
        #expect(identities == [
            "T1 event:7", "T1 row:1@\(audit)", "T1 row:1@\(log)", "T1 row:2@\(audit)", "T1 row:2@\(log)", "T1 row:3@\(log)",
            "T2 row:1@\(audit)", "T2 row:1@\(log)", "T2 row:2@\(log)",
        ].sorted())
        // Each profile's re-import finds its events under its number: nothing new, changed or removed.
        let log2 = ProfileHarness(profile: setup.log.profile, workspace: reopened)
        let (again, _) = try log2.importFile(try setup.log.workspace.file("log-again.csv", Self.log))
        #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0)
        #expect(try log2.eventCount() == 9)
    }
}

extension ProfileScopeTests.Setup {
    /// Changes the database under the store (as an older version of the tool left it), closed after.
    func rewind(_ change: (Database) throws -> Void) throws {
        let path = log.workspace.folder.appendingPathComponent("test.sqlite").path
        SQLiteProcessSetup.ensureApplied()   // before SQLite is initialized
        let queue = try DatabaseQueue(path: path)
        try queue.write(change)
        try queue.close()
    }
}

extension Workspace {
    /// The same database opened again (as the next command would: migrations run).
    init(reopening other: Workspace) throws {
        scratch = other.scratch
        store = try TicketStore(path: other.folder.appendingPathComponent("test.sqlite").path)
    }
}
