import Foundation
import GRDB
import Testing
import TestScratch
import SLAStore
import SLAPipeline

/// A database an older slareport made: a report (read-only) says its results predate this
/// version's rules and what to run; the recompute that upgrades it says so and why it replays
/// every ticket. Both were silent (a stranger's trial: "changed only" for 4,580 unchanged tickets).
@Suite struct UpgradeNoteTests {
    @Test func anOlderDatabaseIsSaidToBeOlderThenUpgraded() throws {
        let folder = try TemporaryFolder("upgrade-note")
        let database = folder.path("desk.sqlite")
        _ = try PipelineEndToEndTests.importSeed(into: database)
        _ = try RecomputePipeline.recompute(database: database, policyPath: PipelineEndToEndTests.policy,
                                            zone: "America/New_York", asOf: "data", replayAll: false)
        // As a version before v17 and v18 left it.
        let queue = try DatabaseQueue(path: database)
        try queue.write { db in
            try db.execute(sql: """
                ALTER TABLE recompute_runs DROP COLUMN calendar_zone;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v17:%' OR identifier LIKE 'v18:%';
                """)
        }
        try queue.close()

        var notes: [String] = []
        _ = try ReportPipeline.write(database: database, request: ReportRequest(output: folder.path("reports")),
                                     onNote: { notes.append($0) })
        #expect(notes == ["\(database) was made by an older slareport: v17, v18 of this version are still to apply "
                          + "(v17: outcomes count under what the ticket had at its resolution; v18: the policy's calendar zone on each "
                          + "recompute run, the reports' default zone); these results were made under the older rules: run "
                          + "`slareport recompute` to upgrade it and replay every ticket once"], "\(notes)")

        let recomputed = try RecomputePipeline.recompute(database: database, policyPath: PipelineEndToEndTests.policy,
                                                         zone: "America/New_York", asOf: "data", replayAll: false)
        #expect(recomputed.ticketsReplayed == 3)
        #expect(recomputed.upgradeNote?.hasSuffix(". Every ticket is marked for replay once: this recompute replays them all "
                                                  + "under the new rules") == true, "\(recomputed.upgradeNote ?? "none")")
        notes = []
        _ = try ReportPipeline.write(database: database, request: ReportRequest(output: folder.path("reports")),
                                     onNote: { notes.append($0) })
        #expect(notes.isEmpty)
        // Up to date, a recompute says nothing of it.
        #expect(try RecomputePipeline.recompute(database: database, policyPath: PipelineEndToEndTests.policy,
                                                zone: "America/New_York", asOf: "data", replayAll: false).upgradeNote == nil)
    }
}
