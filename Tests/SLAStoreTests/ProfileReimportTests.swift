import Foundation
import Testing
import SLAModel
import SLAImport
@testable import SLAStore

/// A newer export of a per-row log: rows that vanished take their events with them.
@Suite struct ProfileReimportTests {
    let header = "Case ID,Activity,Resource,Complete Timestamp,Variant,Variant index,Variant,seriousness,customer,product,responsible_section,seriousness_2,service_level,service_type,support_section,workgroup\n"

    func row(_ activity: String, _ time: String) -> String {
        "Case 1,\(activity),Value 1,\(time),Variant 1,1,Variant 1,Value 1,Value 1,Value 1,Value 1,Value 1,Value 1,Value 1,Value 1,Value 1\n"
    }

    func importWithProfile(_ workspace: Workspace, _ path: String) throws -> ImportRunFigures {
        let profile = try MappingProfile.load(path: SampleDataTests.packageRoot
            .appendingPathComponent("sample-data/profiles/helpdesk-italian.yaml").path)
        return try workspace.store.write { writer in try ProfileHarness.importRun(path, profile: profile, writer: writer).0 }
    }

    @Test func aRowRemovedFromTheNewerExportRemovesItsEvent() throws {
        let workspace = try Workspace()
        let first = try workspace.file("v1.csv", header + row("Assign seriousness", "2012/10/09 14:50:17.000")
            + row("Take in charge ticket", "2012/10/09 14:51:01.000") + row("Wait", "2012/10/10 09:00:00.000")
            + row("Resolve ticket", "2012/10/25 11:54:26.000"))
        let second = try workspace.file("v2.csv", header + row("Assign seriousness", "2012/10/09 14:50:17.000")
            + row("Take in charge ticket", "2012/10/09 14:51:01.000") + row("Resolve ticket", "2012/10/25 11:54:26.000"))
        _ = try importWithProfile(workspace, first)
        #expect(try workspace.store.counts()["events"] == 4)
        let again = try importWithProfile(workspace, first)
        #expect(again.eventsInserted == 0 && again.eventsUpdated == 0 && again.eventsDeleted == 0)
        let newer = try importWithProfile(workspace, second)
        #expect(newer.eventsDeleted == 1)
        #expect(try workspace.store.counts()["events"] == 3)
        #expect(try workspace.store.query("SELECT kind FROM events ORDER BY occurred_at").rows.last == ["resolved"])
    }

    /// A one-role profile's sorter names its spilled runs after the database's path, so they
    /// are written beside it (not in a temporary folder that may be small or shared).
    @Test func sortedRunsGoBesideTheDatabase() throws {
        let workspace = try Workspace()
        let path = try workspace.store.write { writer -> String? in
            try writer.beginRun(ImportRunFigures(file: "log.csv", sha256: "test", format: "profile", profile: "p",
                                                 sourceZone: "UTC", startedAt: Instant(secondsSinceEpoch: 0)))
            return try ProfileRowTable(writer: writer).spillPath
        }
        let expected = workspace.folder.appendingPathComponent("test.sqlite").resolvingSymlinksInPath().path
        #expect(path.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == expected)
    }
}

/// The executable's sink, with pruning, for the store tests.
struct PruningSink: ImportSink {
    let writer: TicketWriter
    mutating func accept(ticket: Ticket, line: Int) throws { try writer.upsert(ticket) }
    mutating func accept(event: LifecycleEvent, line: Int) throws { try writer.upsert(event) }
    mutating func completeHistory(ofTicket number: String, identities: [String], profileScope: String) throws {
        try writer.pruneEvents(ofTicket: number, keeping: identities, profileScope: profileScope)
    }
    mutating func profileRowStore() throws -> ProfileRowStore? { try ProfileRowTable(writer: writer) }
}

extension ProfileRowTable: ProfileRowStore {}
