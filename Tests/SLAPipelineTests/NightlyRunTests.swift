import Foundation
import Testing
import SLAImport
import SLAReports
@testable import SLAStore
import SLAPipeline

/// `run`'s three steps from a configuration file, driven as a library.
@Suite struct NightlyRunTests {
    static func configuration(in folder: URL, formats: String = "[html, csv]", asOf: String = "data",
                              zone: String = "America/New_York", output: String = "reports", periods: String = "2025-W32",
                              historyFormat: String = "osticket-history") throws -> (RunConfiguration, String) {
        let seed = PipelineEndToEndTests.packageRoot.appendingPathComponent("sample-data/osticket").path
        let yaml = """
            database: desk.sqlite
            source_zone: America/New_York
            imports:
              - path: \(seed)/seed-tickets.csv
              - {path: \(seed)/seed-history.tsv, format: \(historyFormat)}
            policy: \(PipelineEndToEndTests.policy)
            as_of: \(asOf)
            report:
              zone: \(zone)
              output: \(output)
              periods: \(periods)
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
        // A folder where the week's HTML file should be: found only when the report moves it into place.
        // (A file where the reports folder should be is refused before the import, with the other mistakes.)
        let blocking = folder.appendingPathComponent("reports/sla-report-2025-W32.html")
        try FileManager.default.createDirectory(at: blocking.appendingPathComponent("kept"), withIntermediateDirectories: true)
        let (configuration, path) = try Self.configuration(in: folder, output: "reports")
        #expect {
            try NightlyRun(configuration: configuration, configurationPath: path).run()
        } throws: { error in
            // The step, what was kept, and the cause: the file that could not be put in place.
            "\(error)".hasPrefix("report failed (the import and recompute were kept") && "\(error)".contains(blocking.path)
        }
        let store = try TicketStore(path: folder.appendingPathComponent("desk.sqlite").path, readOnly: true)
        #expect(try store.ticketCount() == 3)
        #expect(try store.lastRecompute() != nil)
    }

    /// Each value the steps read is checked before the import: the message points at the value
    /// in the file and the database is not even created.
    @Test(arguments: [
        (["asOf": "yesterday"], "as_of", 7, "'yesterday': expected now, data, or an ISO 8601 instant"),
        (["periods": "lastweek"], "report.periods", 11, "'lastweek': expected last-week, all-weeks, an ISO week"),
        (["periods": "2025-W99"], "report.periods", 11, "ISO year 2025 has 52 weeks"),
        (["formats": "[html, pdf]"], "report.formats", 12, "'pdf' is not a report format; expected html, csv or xlsx"),
        (["zone": "Mars/Base"], "report.zone", 9, "'Mars/Base' is not a known time zone"),
        (["historyFormat": "osticket-histroy"], "imports[1].format", 5, "'osticket-histroy' for "),
        (["output": "run.yaml"], "report.output", 10, "is a file; expected a folder for the reports"),
        (["output": "run.yaml/weekly"], "report.output", 10, "run.yaml/weekly' is under the file "),
    ])
    func aMistakeInTheConfigurationStopsTheRunBeforeTheImport(values: [String: String], key: String, line: Int,
                                                               message: String) throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (configuration, path) = try Self.configuration(
            in: folder, formats: values["formats"] ?? "[html, csv]", asOf: values["asOf"] ?? "data",
            zone: values["zone"] ?? "America/New_York", output: values["output"] ?? "reports",
            periods: values["periods"] ?? "2025-W32", historyFormat: values["historyFormat"] ?? "osticket-history")
        #expect {
            try NightlyRun(configuration: configuration, configurationPath: path).run()
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.exitCode == 2 && error.description.hasPrefix("\(path):\(line):") && error.description.contains(": at \(key): ")
                && error.description.contains(message)
        }
        #expect(!FileManager.default.fileExists(atPath: configuration.database))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports").path))
    }

    /// A key left empty (or `~`) means its default, as an absent one does, not the empty text.
    @Test func emptyValuesMeanTheirDefaults() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("empty.yaml").path
        try """
            database: desk.sqlite
            source_zone:
            policy: ~
            as_of:
            report: {zone: null, output: , periods: , formats: }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try RunConfiguration.load(path: path)
        #expect(configuration.sourceZone == nil && configuration.policy == nil && configuration.asOf == "now")
        #expect(configuration.reportZone == nil && configuration.periods == "last-week")  // the policy's zone
        #expect(configuration.reportOutput == folder.appendingPathComponent("reports").path)
        #expect(configuration.formats == ["html", "csv", "xlsx"])
        try NightlyRun(configuration: configuration, configurationPath: path).checkValues()
    }

    /// A policy or profile that cannot be loaded is named with its place in the configuration.
    @Test func aBadPolicyOrProfileIsNamedWhereTheConfigurationSetsIt() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("run.yaml").path
        try "database: desk.sqlite\npolicy: missing-policy.yaml\n".write(toFile: path, atomically: true, encoding: .utf8)
        let policy = folder.appendingPathComponent("missing-policy.yaml").path
        #expect {
            try NightlyRun(configuration: RunConfiguration.load(path: path), configurationPath: path).run()
        } throws: { "\($0)" == "\(path):2:9: at policy: \(policy): no such file" }
        try "database: desk.sqlite\nimports:\n  - {path: a.csv, profile: missing-profile.yaml}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try NightlyRun(configuration: RunConfiguration.load(path: path), configurationPath: path).run()
        } throws: { "\($0)".hasPrefix("\(path):3:28: at imports[0].profile: ") && "\($0)".hasSuffix("missing-profile.yaml: no such file") }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("desk.sqlite").path))
    }

    @Test func textValuesAreReadAsWrittenAndAnAbsentSourceZoneLeavesItToEachFile() throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // YAML alone would turn this instant into a date without its offset.
        let (configuration, _) = try Self.configuration(in: folder, formats: "html, xlsx", asOf: "2025-09-01T00:00:00-04:00")
        #expect(configuration.asOf == "2025-09-01T00:00:00-04:00")
        #expect(configuration.formats == ["html", "xlsx"])
        let path = folder.appendingPathComponent("bare.yaml").path
        try "database: desk.sqlite\nreport: {periods: [2025-W32]}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try RunConfiguration.load(path: path) } throws: { "\($0)".hasPrefix("\(path):2:19: at report.periods: expected text") }
        try "database: desk.sqlite\n".write(toFile: path, atomically: true, encoding: .utf8)
        // No `source_zone:`: a profile's own zone applies, as with `import` and no --source-zone.
        #expect(try RunConfiguration.load(path: path).sourceZone == nil)
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
