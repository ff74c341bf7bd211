import Foundation
import SLAOsTicketDatabase
import SLAPipeline

/// What `import --osticket` and `run --verbose` print after a pull: the import's lines, then the pull's.
enum OsTicketPullLines {
    static func print(_ outcome: OsTicketPullImport.Outcome) {
        ImportCommand.printOutcome(outcome.imported)
        let pull = outcome.pull
        let kind = outcome.since.map { "changes since \($0.serverTime) (server clock, less \(OsTicketPuller.overlapSeconds / 60) min overlap)" } ?? "full pull"
        Swift.print("\(outcome.address): \(kind): fetched \(counted(pull.ticketRows, "ticket")) and \(counted(pull.historyRows, "history row")) in "
                    + String(format: "%.2f s", pull.seconds) + "; times in \(pull.zone) (from \(pull.zoneOrigin))")
    }
}
