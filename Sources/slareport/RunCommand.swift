import ArgumentParser
import Foundation
import SLAImport

/// The nightly job: import, recompute, report, from one configuration file. Quiet on
/// success; on failure it prints why and exits non-zero. Each step is atomic (the import
/// is one transaction, the recompute another, a period's reports are renamed into place
/// together), the run as a whole is not: a failed report keeps the import and recompute.
/// Overlapping runs on the same database wait for each other through its lock.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Import, recompute and report from a configuration file (for cron).",
        discussion: "See the README's \"Running from cron\" for the file's keys.")

    @Option(help: "The run configuration (YAML or JSON).") var config: String
    @Flag(help: "Print what each step did.") var verbose = false

    func run() throws {
        let configuration: RunConfiguration
        do { configuration = try RunConfiguration.load(path: config) } catch {
            throw UserFacingError(description: "\(error)", exitCode: 2)
        }
        let lock = try WriteAccess.begin(database: configuration.database,
                                         waitSeconds: configuration.lockWait ?? WriteAccess.defaultWaitSeconds,
                                         fileMode: configuration.fileMode ?? "0600")
        defer { lock.release() }
        let quiet = verbose ? [] : ["--quiet"]
        let database = ["--database", configuration.database, "--file-mode", configuration.fileMode ?? "0600"]
        let inputs = try configuration.inputs.map { input -> ImportCommand.ImportInput in
            let format: ImportFormat?
            if let name = input.format, name != "auto" {
                guard let value = ImportFormat(rawValue: name) else {
                    throw UserFacingError(description: "\(config): format \(name) of \(input.path): expected auto or one of " + ImportFormat.allCases.map(\.rawValue).joined(separator: ", "), exitCode: 2)
                }
                format = value
            } else {
                format = nil
            }
            return ImportCommand.ImportInput(path: input.path, format: format,
                                             profile: try input.profile.map(ImportCommand.loadProfile))
        }
        // All inputs in one transaction: a bad file leaves the database as it was.
        try ImportCommand.importFiles(inputs, database: configuration.database, sourceZone: configuration.sourceZone,
                                      onError: .fail, acceptedYears: configuration.acceptedYears, quiet: !verbose)
        var recompute = database + ["--as-of", configuration.asOf] + quiet
        if let policy = configuration.policy { recompute += ["--policy", policy] }
        let recomputeCommand = try RecomputeCommand.parse(recompute)
        try Self.step("recompute", kept: "the import was kept; the stored results are the previous recompute's") {
            try recomputeCommand.run()
        }
        var report = database + ["--zone", configuration.reportZone, "--output", configuration.reportOutput,
                                 "--format", configuration.formats.joined(separator: ",")] + quiet
        switch configuration.periods {
        case "last-week": break
        case "all-weeks": report.append("--all-weeks")
        case let period where period.contains("-W"): report += ["--week", period]
        case let period: report += ["--month", period]
        }
        if let redact = configuration.redact { report += ["--redact", redact] }
        let reportCommand = try ReportCommand.parse(report)
        try Self.step("report", kept: "the import and recompute were kept and earlier reports are unchanged; rerun after fixing this") {
            try reportCommand.run()
        }
    }

    /// Runs a step after the import; on failure says which step failed and what the
    /// earlier steps left (each step is atomic on its own, the run as a whole is not).
    static func step(_ name: String, kept: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as UserFacingError {
            throw UserFacingError(description: "\(name) failed (\(kept)): \(error.description)", exitCode: error.exitCode)
        }
    }
}
