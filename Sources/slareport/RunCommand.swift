import ArgumentParser
import Foundation
import SLAImport

/// The nightly job: import, recompute, report, from one configuration file. Quiet on
/// success; on failure it prints why and exits non-zero, and each step is atomic (the
/// import is one transaction, reports are renamed into place). Overlapping runs on the same
/// database wait for each other through a lock file beside it.
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
        let lock = try RunLock(path: configuration.database + ".lock")
        defer { lock.release() }
        let quiet = verbose ? [] : ["--quiet"]
        let database = ["--database", configuration.database]
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
        if let osticket = configuration.osticket {
            // The pull's rows and the files land in one transaction, with the pull's watermark.
            try OsTicketDatabaseImport.pullAndImport(osticket, files: inputs, database: configuration.database,
                                                     sourceZone: configuration.sourceZone, onError: .fail, full: false,
                                                     quiet: !verbose)
        } else {
            try ImportCommand.importFiles(inputs, database: configuration.database, sourceZone: configuration.sourceZone,
                                          onError: .fail, quiet: !verbose)
        }
        var recompute = database + ["--as-of", configuration.asOf] + quiet
        if let policy = configuration.policy { recompute += ["--policy", policy] }
        let recomputeCommand = try RecomputeCommand.parse(recompute)
        try recomputeCommand.run()
        var report = database + ["--zone", configuration.reportZone, "--output", configuration.reportOutput,
                                 "--format", configuration.formats.joined(separator: ",")] + quiet
        switch configuration.periods {
        case "last-week": break
        case "all-weeks": report.append("--all-weeks")
        case let period where period.contains("-W"): report += ["--week", period]
        case let period: report += ["--month", period]
        }
        let reportCommand = try ReportCommand.parse(report)
        try reportCommand.run()
    }
}

/// An exclusive `flock` on a file beside the database, held for the whole run.
final class RunLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw UserFacingError(description: "\(path): cannot create the lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw UserFacingError(description: "\(path): cannot lock (\(String(cString: strerror(errno))))")
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
