import Foundation
import Testing
import SLAImport
import SLAReports
@testable import SLAStore
import SLAPipeline

/// `run`'s three steps from a configuration file, driven as a library.
@Suite struct NightlyRunTests {
    static func configuration(in folder: URL, formats: String = "[html, csv]") throws -> (RunConfiguration, String) {
        let seed = PipelineEndToEndTests.packageRoot.appendingPathComponent("sample-data/osticket").path
        let yaml = """
            database: desk.sqlite
            source_zone: America/New_York
            imports:
              - path: \(seed)/seed-tickets.csv
              - {path: \(seed)/seed-history.tsv, format: osticket-history}
            policy: \(PipelineEndToEndTests.policy)
            as_of: data
            report:
              zone: America/New_York
              output: reports
              periods: 2025-W32
              formats: \(formats)
            """
        let path = folder.appendingPathComponent("run.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (try RunConfiguration.load(path: path), path)
    }

    @Test func importsRecomputesAndReportsInOneCall() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (configuration, path) = try Self.configuration(in: folder)
        var observer = NightlyRun.Observer()
        var imported: ImportOutcome?
        var recomputed: RecomputeOutcome?
        var written: [URL] = []
        observer.imported = { imported = $0 }
        observer.recomputed = { recomputed = $0 }
        observer.periodWritten = { _, files in written += files }
        try NightlyRun(configuration: configuration, configurationPath: path).run(observer: observer)
        #expect(imported?.files.count == 2)
        #expect(recomputed?.ticketsReplayed == 3)
        #expect(Set(written.map(\.pathExtension)).isSuperset(of: ["html", "csv"]))
        #expect(!written.contains { $0.pathExtension == "xlsx" })
        for file in written { #expect(FileManager.default.fileExists(atPath: file.path)) }
        let store = try TicketStore(path: folder.appendingPathComponent("desk.sqlite").path, readOnly: true)
        #expect(try store.query("SELECT breach_team FROM ticket_metrics WHERE number = '711979'").rows == [["Online Banking"]])
    }

    @Test func aFailedReportNamesItsStepAndKeepsTheImport() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (configuration, path) = try Self.configuration(in: folder, formats: "[html, pdf]")
        #expect {
            try NightlyRun(configuration: configuration, configurationPath: path).run()
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.exitCode == 2 && error.description.hasPrefix("report failed (the import and recompute were kept")
                && error.description.hasSuffix("--format html,pdf: expected formats among html, csv, xlsx")
        }
        let store = try TicketStore(path: folder.appendingPathComponent("desk.sqlite").path, readOnly: true)
        #expect(try store.ticketCount() == 3)
        #expect(try store.lastRecompute() != nil)
    }

    @Test func aRunIntoANewDatabaseBuildsItOnceAndChecksNoFile() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (configuration, path) = try Self.configuration(in: folder)
        try NightlyRun(configuration: configuration, configurationPath: path).run()
        // The import built the file and stamped it; the recompute and the report opened the
        // renamed file without reading it all (the stamp vouched for it), as after any import.
        #expect(DatabaseFileCheck.checksRun(on: configuration.database) == 0)
        #expect(SoundFileStamp.matches(configuration.database))
        #expect(!FileManager.default.fileExists(atPath: NewDatabaseFile.temporaryPath(for: configuration.database)))
        let store = try TicketStore(path: configuration.database, readOnly: true)
        #expect(try store.query("PRAGMA quick_check").rows == [["ok"]])
        #expect(try store.query("SELECT COUNT(*) FROM ticket_outcomes").rows == [["3"]])
    }
}
