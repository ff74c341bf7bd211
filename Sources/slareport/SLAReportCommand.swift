import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAPipeline

/// The `slareport` command: import help-desk exports, replay SLA clocks, write reports.
@main
struct SLAReportCommand: ParsableCommand {
    /// Runs the command, printing errors as plain messages with a non-zero exit code.
    static func main() {
        StandardStreams.ignoreBrokenPipes()
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
            // Done while a stop was under way: the stop ends the process.
            InterruptCleanup.waitIfStopping()
        } catch let error as UserFacingError {
            printError("slareport: " + error.description)
            Foundation.exit(error.exitCode)
        } catch let error as PipelineError {
            printError("slareport: " + error.description)
            Foundation.exit(error.exitCode)
        } catch let error as StoreError {
            printError("slareport: " + error.description)
            switch error {
            case .damaged: Foundation.exit(SLAExitCode.damagedDatabase)
            case .unavailable(_, _, let isLock): Foundation.exit(isLock ? 3 : 1)
            default: Foundation.exit(2)
            }
        } catch let error where StoreError.plainDescription(of: error) != nil {
            printError("slareport: " + StoreError.plainDescription(of: error)!)
            Foundation.exit(1)
        } catch {
            InterruptCleanup.waitIfStopping()
            // Unknown options and bad values are bad input too: exit 2, not the library's 64.
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "slareport",
        abstract: "Turn help-desk ticket exports into SLA truth: import, recompute, report.",
        subcommands: [ImportCommand.self, RecomputeCommand.self, ReportCommand.self, RunCommand.self, ExplainCommand.self, QueryCommand.self, GenerateCommand.self, BenchmarkCommand.self, FuzzCommand.self])
}
