import ArgumentParser
import Foundation
import SLAImport
import SLAPipeline

/// The nightly job (`NightlyRun`): import, recompute, report, from one configuration file.
/// Quiet on success; on failure it prints why and exits non-zero.
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
        var observer = NightlyRun.Observer()
        // The report's note about tickets awaiting a replay goes to standard error even when quiet.
        observer.awaitingReplay = ReportCommand.printAwaitingReplay
        // Rejected rows (on_error: skip) are said on standard error even when quiet: cron mails it.
        observer.imported = { ImportCommand.printNotes($0) }
        observer.pulled = { ImportCommand.printNotes($0.imported) }
        observer.recomputed = RecomputeCommand.printUnlistedStatuses
        if verbose {
            observer.imported = { ImportCommand.printOutcome($0); ImportCommand.printNotes($0) }
            observer.pulled = { OsTicketPullLines.print($0); ImportCommand.printNotes($0.imported) }
            observer.recomputed = { RecomputeCommand.printOutcome($0); RecomputeCommand.printUnlistedStatuses($0) }
            observer.periodWritten = ReportCommand.printPeriod
            observer.indexWritten = { print("index: \($0.path)") }
        }
        try NightlyRun(configuration: configuration, configurationPath: config).run(showProgress: verbose, observer: observer)
    }

}
