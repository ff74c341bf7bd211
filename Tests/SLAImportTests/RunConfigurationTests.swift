import Foundation
import Testing
import TestScratch
@testable import SLAImport

@Suite struct RunConfigurationTests {
    @Test func relativePathsResolveFromTheFilesFolder() throws {
        let scratch = try TemporaryFolder("run-config")
        let folder = scratch.url
        let file = folder.appendingPathComponent("nightly.yaml")
        try """
            database: desk.sqlite
            source_zone: America/New_York
            imports:
              - exports/tickets.csv
              - {path: /abs/history.tsv, format: osticket-history}
            report: {zone: Europe/Berlin, output: web, periods: all-weeks, formats: [html]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let configuration = try RunConfiguration.load(path: file.path)
        #expect(configuration.database == folder.appendingPathComponent("desk.sqlite").path)
        #expect(configuration.inputs.map(\.path) == [folder.appendingPathComponent("exports/tickets.csv").path, "/abs/history.tsv"])
        #expect(configuration.inputs[1].format == "osticket-history")
        #expect(configuration.reportZone == "Europe/Berlin" && configuration.periods == "all-weeks")
        #expect(configuration.formats == ["html"])
        #expect(configuration.asOf == "now" && configuration.policy == nil)
    }

    @Test func anOsTicketSourceIsReadWithoutAPassword() throws {
        let scratch = try TemporaryFolder("run-config")
        let folder = scratch.url
        let file = folder.appendingPathComponent("nightly.yaml")
        try """
            database: desk.sqlite
            osticket: {url: "mysql://slareport@db:3306/osticket", table_prefix: helpdesk_, defaults_file: my.cnf}
            """.write(to: file, atomically: true, encoding: .utf8)
        let configuration = try RunConfiguration.load(path: file.path)
        #expect(configuration.osticket == OsTicketSource(url: "mysql://slareport@db:3306/osticket", tablePrefix: "helpdesk_",
                                                          defaultsFile: folder.appendingPathComponent("my.cnf").path))
        try "database: d.sqlite\nosticket: mysql://u@h/osticket\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try RunConfiguration.load(path: file.path).osticket == OsTicketSource(url: "mysql://u@h/osticket"))
        // A password key is refused, with where it belongs.
        try "database: d.sqlite\nosticket: {url: mysql://u@h/osticket, password: hunter2}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try RunConfiguration.load(path: file.path)
        } throws: { "\($0)".contains("SLAREPORT_DB_PASSWORD") && !"\($0)".contains("hunter2") }
    }

    @Test func missingDatabaseIsAnError() throws {
        let scratch = try TemporaryFolder("run-config")
        let file = scratch.url.appendingPathComponent("nightly.yaml")
        try "imports: []".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: PolicyFileError.self) { try RunConfiguration.load(path: file.path) }
    }

    /// `imports:` must be a list and `report:` a mapping: a single value was read as nothing, so a
    /// nightly run imported nothing (or reported to the default folder) and exited 0 (found by a
    /// stranger's trial).
    @Test func importsThatAreNotAListAndAReportThatIsNotAMappingAreErrors() throws {
        let scratch = try TemporaryFolder("run-config")
        let file = scratch.url.appendingPathComponent("nightly.yaml")
        for (text, expected) in [
            ("database: d.sqlite\nimports: in/good.csv\n", "nightly.yaml:2:10: at imports: expected a list of files"),
            ("database: d.sqlite\nimports: {path: in/good.csv}\n", "nightly.yaml:2:10: at imports: expected a list of files"),
            ("database: d.sqlite\nimports: 42\n", "at imports: expected a list of files"),
            ("database: d.sqlite\nreport: last-week\n", "nightly.yaml:2:9: at report: expected a mapping"),
        ] {
            try text.write(to: file, atomically: true, encoding: .utf8)
            #expect { try RunConfiguration.load(path: file.path) } throws: { "\($0)".contains(expected) }
        }
        // Left empty, both still mean their defaults.
        try "database: d.sqlite\nimports:\nreport:\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try RunConfiguration.load(path: file.path).inputs.isEmpty)
    }
}
