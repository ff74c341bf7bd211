import Foundation
import Testing
import TestScratch
@testable import SLAImport

/// A misspelled key in a run configuration or policy is an error naming the key and its place.
@Suite struct ConfigurationKeyTests {
    /// Each test's own folder (Swift Testing makes a suite value per test), removed after it.
    let scratch: TemporaryFolder

    init() throws { scratch = try TemporaryFolder("config-keys") }

    func write(_ text: String, name: String = "nightly.yaml") throws -> String {
        let folder = scratch.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func misspelledPolicyKeyInRunConfigurationIsAnError() throws {
        let path = try write("""
            database: desk.sqlite
            imports: [tickets.csv]
            polcy: policy.yaml
            """)
        let error = #expect(throws: PolicyFileError.self) { try RunConfiguration.load(path: path) }
        #expect(error?.line == 3 && error?.column == 1)
        #expect(error?.description.contains("unknown key \"polcy\" (did you mean \"policy\"?)") == true)
        #expect(error?.description.hasPrefix("\(path):3:1:") == true)
    }

    /// A misspelled rule shows the value found and the nearest rule; a missing file says so
    /// in the import's words, not Foundation's.
    @Test func aMisspelledRuleAndAMissingFileSayWhatWasFound() throws {
        let policy = try write("""
            due_date_rule: exactly
            plans:
              - {name: Default, calendar: 24x7, resolution: 8h}
            """, name: "policy.yaml")
        let ruleError = #expect(throws: PolicyFileError.self) { try PolicyFile.load(path: policy) }
        #expect(ruleError?.description == "\(policy):1:16: at due_date_rule: exactly is not a rule here; expected one of exact, osticket (did you mean \"exact\"?)")
        let missing = policy + ".missing"
        for load in [{ _ = try PolicyFile.load(path: missing) }, { _ = try RunConfiguration.load(path: missing) },
                     { _ = try MappingProfile.load(path: missing) }] as [() throws -> Void] {
            #expect { try load() } throws: { "\($0)".hasPrefix("\(missing)") && "\($0)".hasSuffix(": no such file") }
        }
    }

    /// An unquoted `file_mode: 0640` is the digits as written (YAML alone reads it as octal 416).
    @Test func fileModeIsReadAsWritten() throws {
        #expect(try RunConfiguration.load(path: write("database: d.sqlite\nfile_mode: 0640\n")).fileMode == "0640")
        #expect(try RunConfiguration.load(path: write("database: d.sqlite\nfile_mode: \"0600\"\n")).fileMode == "0600")
        let bad = try write("database: d.sqlite\nfile_mode: 0999\n")
        let error = #expect(throws: PolicyFileError.self) { try RunConfiguration.load(path: bad) }
        #expect(error?.description == "\(bad):2:12: at file_mode: " + RunConfiguration.fileModeExpectation)
        // Modes the run would refuse later, without a place: now at their line (a stranger's trial).
        for mode in ["0400", "0750", "0666", "0602", "0611", "0650", "0601"] {
            let refused = try write("database: d.sqlite\nfile_mode: \"\(mode)\"\n")
            let error = #expect(throws: PolicyFileError.self, "\(mode)") { try RunConfiguration.load(path: refused) }
            #expect(error?.line == 2 && error?.message.hasSuffix("not writable by others") == true, "\(mode)")
        }
        #expect(try RunConfiguration.load(path: write("database: d.sqlite\nfile_mode: \"0660\"\n")).fileMode == "0660")
    }

    /// A key left empty means its default, as the README says, for every key (lock_wait,
    /// file_mode and accept_years were errors).
    @Test func everyKeyLeftEmptyMeansItsDefault() throws {
        let configuration = try RunConfiguration.load(path: write("""
            database: d.sqlite
            lock_wait:
            file_mode:
            accept_years:
            as_of:
            policy:
            source_zone:
            on_error:
            osticket:
            report:
              redact:

            """))
        #expect(configuration.lockWait == nil && configuration.fileMode == nil && configuration.asOf == "now")
        #expect(configuration.acceptedYears == .standard && configuration.policy == nil && configuration.sourceZone == nil)
        #expect(configuration.onError == .fail && configuration.osticket == nil && configuration.redact == nil)
    }

    @Test func unknownKeyInsideReportAndImportEntries() throws {
        let report = try write("""
            database: desk.sqlite
            report:
              zone: UTC
              format: [html]
            """)
        let reportError = #expect(throws: PolicyFileError.self) { try RunConfiguration.load(path: report) }
        #expect(reportError?.line == 4 && reportError?.column == 3 && reportError?.path == "report")
        let imports = try write("""
            database: desk.sqlite
            imports:
              - {path: a.csv, fromat: osticket-queue}
            """)
        let importError = #expect(throws: PolicyFileError.self) { try RunConfiguration.load(path: imports) }
        #expect(importError?.line == 3 && importError?.path == "imports[0]")
        #expect(importError?.message.contains("\"fromat\"") == true)
    }

    @Test func unknownPolicyKeysAreErrorsAtEveryLevel() {
        let cases: [(String, String, Int)] = [
            ("plans: [{name: A, resolution: 1h}]\nreopen_rules: new_cycle", "reopen_rules", 2),
            ("plans:\n  - name: A\n    resolutoin: 1h", "resolutoin", 3),
            ("calendars:\n  - name: C\n    hours: {mon-fri: \"08:00-17:00\"}\n    timezone: UTC\nplans: [{name: A, calendar: C, resolution: 1h}]",
             "timezone", 4),
            ("calendars:\n  - name: C\n    hours: {mon: \"08:00-17:00\"}\n    extra_holidays: [{name: X, date: \"12-24\", form: \"12:00\"}]\nplans: [{name: A, resolution: 1h}]",
             "form", 4),
        ]
        for (text, key, line) in cases {
            let error = #expect(throws: PolicyFileError.self) { try PolicyFile.parse(text, file: "p.yaml") }
            #expect(error?.message.contains("unknown key \"\(key)\"") == true, "\(key)")
            #expect(error?.line == line, "\(key)")
        }
    }

    @Test func userChosenNamesAreNotKeys() throws {
        // Status and priority names are the user's own; only schema keys are checked.
        let policy = try PolicyFile.parse("""
            plans: [{name: A, resolution: 1h}]
            plan_by_priority: {Whatever Priority: A}
            statuses: {Some Custom Status: paused}
            """, file: "p.yaml")
        #expect(policy.statusStates["Some Custom Status"] == .paused)
    }

    @Test func acceptYearsAndRedactKeys() throws {
        let good = try write("database: d.sqlite\naccept_years: 1900-2200\nreport: {redact: requesters}\n")
        let configuration = try RunConfiguration.load(path: good)
        #expect(configuration.acceptedYears.first == 1900 && configuration.acceptedYears.end == 2200)
        #expect(configuration.redact == "requesters")
        let plain = try RunConfiguration.load(path: try write("database: d.sqlite\n"))
        #expect(plain.acceptedYears == .standard && plain.redact == nil)
        let badYears = #expect(throws: PolicyFileError.self) {
            try RunConfiguration.load(path: try write("database: d.sqlite\naccept_years: 2100-1970\n"))
        }
        #expect(badYears?.path == "accept_years" && badYears?.line == 2)
        let badRedact = #expect(throws: PolicyFileError.self) {
            try RunConfiguration.load(path: try write("database: d.sqlite\nreport: {redact: agents}\n"))
        }
        #expect(badRedact?.path == "report.redact")
    }

    @Test func annotatedSamplesStillLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["sample-data/policy.yaml", "sample-data/profiles/bpic2013-policy.yaml", "sample-data/profiles/helpdesk-italian-policy.yaml"] {
            _ = try PolicyFile.load(path: root.appendingPathComponent(name).path)
        }
    }
}
