import Foundation
import Testing
import SLAModel
import SLAEngine
import SLAImport
import SLAReports
import SLAStore
@testable import SLAPipeline

/// The sample desk (the seed plus ten generated weeks) imported and replayed: a report built
/// from the period's reads must equal the report built from every ticket, for every week and
/// a month, under the sample policy and under `first_cycle_only` (whose reopened tickets keep
/// an old resolution while later hand-offs still count in the team flow).
@Suite struct PeriodReportBuilderTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Sink: ImportSink {
        let writer: TicketWriter
        mutating func accept(ticket: Ticket, line: Int) throws { try writer.upsert(ticket) }
        mutating func accept(event: LifecycleEvent, line: Int) throws { try writer.upsert(event) }
    }

    static func sampleStore() throws -> TicketStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try TicketStore(path: folder.appendingPathComponent("sample.sqlite").path)
        try store.write { writer in
            for name in ["seed-tickets.csv", "seed-history.tsv", "generated-tickets.csv", "generated-history.tsv"] {
                let path = packageRoot.appendingPathComponent("sample-data/osticket/\(name)").path
                try writer.beginRun(ImportRunFigures(file: path, sha256: "test", format: "", profile: nil,
                                                     sourceZone: "America/New_York", startedAt: Instant(secondsSinceEpoch: 0)))
                var sink = Sink(writer: writer)
                _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(sourceZone: "America/New_York"),
                                          into: &sink)
                _ = try writer.finishRun(ImportRunFigures(file: path, sha256: "test", format: "osticket", profile: nil,
                                                          sourceZone: "America/New_York", startedAt: Instant(secondsSinceEpoch: 0)))
            }
        }
        return store
    }

    static func recompute(_ store: TicketStore, _ policy: SLAPolicy, asOf: Instant) throws {
        let replayer = try LifecycleReplayer(policy: policy)
        try store.recompute(onlyChanged: false, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                            startedAt: asOf) { ticket, events in replayer.replay(ticket: ticket, events: events, asOf: asOf) }
    }

    @Test(arguments: [ReopenRule.newCycle, .firstCycleOnly])
    func periodReadsGiveTheWholeDatabaseReport(reopenRule: ReopenRule) throws {
        let store = try Self.sampleStore()
        var policy = try PolicyFile.load(path: Self.packageRoot.appendingPathComponent("sample-data/policy.yaml").path)
        policy.reopenRule = reopenRule
        let asOf = try #require(try store.latestDataInstant())
        try Self.recompute(store, policy, asOf: asOf)
        let everything = try store.loadTicketMetrics()
        #expect(everything.count > 400)
        let zone = try #require(ZoneRules.named("America/New_York"))
        let builder = try PeriodReportBuilder(store: store)
        var period = ReportPeriod.lastCompleteISOWeek(before: asOf, in: zone)
        var periods: [ReportPeriod] = [try ReportPeriod.month(parsing: "2025-08", in: zone)]
        for _ in 0 ..< 14 {
            periods.append(period)
            period = period.previous
        }
        var compared = 0
        for period in periods {
            let whole = ReportAggregator.weeklyReport(from: everything, period: period, asOf: asOf, policyHash: "h",
                                                      options: ReportOptions(trendLength: 6))
            let read = try builder.report(for: period, asOf: asOf, policyHash: "h", provenance: .unknown,
                                          options: ReportOptions(trendLength: 6))
            #expect(read == whole, "\(period.label)")
            if !whole.isEmpty { compared += 1 }
        }
        #expect(compared >= 10)
    }
}
