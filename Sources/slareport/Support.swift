import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLAPipeline

/// "1 row", "2 rows": a count and its noun, for the lines the commands print.
func counted(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

/// Options shared by the commands that open the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: [.customShort("d"), .long], help: "The SQLite database file.")
    var database: String = "slareport.sqlite"
}

/// An error printed as one plain message, with the exit code for cron: 2 for bad input,
/// 1 for everything else.
struct UserFacingError: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}

/// Writes to standard error (a full or closed one is ignored: see `StandardStreams`).
func printError(_ message: String) {
    // Stopped by a signal, a failure the cleanup caused is not reported: the stop is.
    InterruptCleanup.waitIfStopping()
    StandardStreams.writeError(message + "\n")
}

