import Foundation
import Testing
import TestScratch
import SLAImport
import SLAStore
import SLAPipeline

/// A log split in two and imported in two runs through a profile lost the first half's rows of
/// a case both halves had, exit 0 (a stranger's trial on the Italian help desk log: Case 2138's
/// first row replaced, its creation moved six days later). The import says so now, with what to do.
@Suite struct LaterStartTests {
    static let profile = PipelineEndToEndTests.packageRoot.appendingPathComponent("sample-data/profiles/helpdesk-italian.yaml").path
    static let header = "Case ID,Activity,Resource,Complete Timestamp,Variant,Variant index,Variant,seriousness,customer,product,"
        + "responsible_section,seriousness_2,service_level,service_type,support_section,workgroup\n"
    static func row(_ activity: String, _ resource: String, _ time: String) -> String {
        "Case 2138,\(activity),\(resource),\(time),Variant 1,1,Variant 1,Value 1,Value 9,Value 3,Value 1,Value 2,Value 2,Value 2,Value 1,Value 2\n"
    }

    @Test func aSliceOfALogThatStartsACaseLaterIsSaid() throws {
        let folder = try TemporaryFolder("later-start")
        let database = folder.path("desk.sqlite")
        // Case 2138's rows as the log has them, cut after its first.
        let first = folder.path("first-half.csv")
        try (Self.header + Self.row("Assign seriousness", "Value 2", "2010/04/28 15:34:06.000")).write(toFile: first, atomically: true, encoding: .utf8)
        let second = folder.path("second-half.csv")
        try (Self.header + Self.row("Take in charge ticket", "Value 16", "2010/05/04 15:25:21.000")
             + Self.row("Resolve ticket", "Value 11", "2010/05/04 16:36:10.000")
             + Self.row("Closed", "Value 5", "2010/06/11 15:40:31.000")).write(toFile: second, atomically: true, encoding: .utf8)
        let mapping = try ProfileSource.load(Self.profile)
        func importFile(_ path: String) throws -> ImportOutcome {
            try ImportPipeline.importFiles([ImportInput(path: path, profile: mapping)], database: database, sourceZone: nil, onError: .fail)
        }
        #expect(try importFile(first).notes.isEmpty)
        let outcome = try importFile(second)
        #expect(outcome.notes == ["\(second): 1 ticket starts later in it than stored (ticket Case 2138: created "
                                  + "2010-05-04T13:25:21Z in the file, 2010-04-28T13:34:06Z stored), so its earlier rows were replaced "
                                  + "by the file's; if the file is one slice of a log (the rows of a period), not the whole export, import "
                                  + "every slice together in one run (through a profile, as one role's files: `files:`), and import them again now"],
                "\(outcome.notes)")
        // The same file again changes nothing and says nothing.
        #expect(try importFile(second).notes.isEmpty)
    }
}

/// A report without a zone counts weeks in the zone of the recompute's policy (its first business
/// calendar's), as `explain` prints times: it took America/New_York (and `run` UTC) whatever the
/// policy said, so a desk in Rome had its weeks cut six hours off its own midnight (a stranger's trial).
@Suite struct ReportDefaultZoneTests {
    @Test func aReportWithoutAZoneCountsWeeksInThePolicysZone() throws {
        let folder = try TemporaryFolder("report-zone")
        let database = folder.path("desk.sqlite")
        let log = folder.path("log.csv")
        try (LaterStartTests.header + LaterStartTests.row("Assign seriousness", "Value 2", "2010/04/28 15:34:06.000")
             + LaterStartTests.row("Take in charge ticket", "Value 16", "2010/05/04 15:25:21.000")
             + LaterStartTests.row("Resolve ticket", "Value 11", "2010/05/04 16:36:10.000")).write(toFile: log, atomically: true, encoding: .utf8)
        let profiles = PipelineEndToEndTests.packageRoot.appendingPathComponent("sample-data/profiles")
        _ = try ImportPipeline.importFiles([ImportInput(path: log, profile: try ProfileSource.load(LaterStartTests.profile))],
                                           database: database, sourceZone: nil, onError: .fail)
        _ = try RecomputePipeline.recompute(database: database,
                                            policyPath: profiles.appendingPathComponent("helpdesk-italian-policy.yaml").path,
                                            zone: "America/New_York", asOf: "data", replayAll: false)
        #expect(try TicketStore(path: database, readOnly: true).lastRecompute()?.calendarZone == "Europe/Rome")
        let outcome = try ReportPipeline.write(database: database, request: ReportRequest(output: folder.path("reports")))
        #expect(outcome.periods.map(\.period.zone.identifier) == ["Europe/Rome"])
        #expect(outcome.periods.first?.period.label == "2010-W17")
        // Named, the zone wins.
        let named = try ReportPipeline.write(database: database, request: ReportRequest(zone: "UTC", output: folder.path("utc")))
        #expect(named.periods.map(\.period.zone.identifier) == ["UTC"])
    }
}
