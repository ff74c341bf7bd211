import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLAOsTicketDatabase

/// Pulls from osTicket's database and imports what it fetched through the ordinary import path
/// (one transaction, `import_runs` records), storing the watermark in the same transaction.
/// Shared by `import --osticket` and the `osticket:` source of `run`.
enum OsTicketDatabaseImport {
    static func pullAndImport(_ source: OsTicketSource, files: [ImportCommand.ImportInput] = [], database: String,
                              sourceZone: String?, onError: RejectPolicy, acceptedYears: AcceptedYears = .standard,
                              full: Bool, quiet: Bool) throws {
        let address: OsTicketDatabaseAddress
        do { address = try OsTicketDatabaseAddress(parsing: source.url) } catch {
            throw UserFacingError(description: error.description, exitCode: 2)
        }
        if let zone = source.sourceZone, ZoneRules.named(zone) == nil {
            throw UserFacingError(description: "--source-zone \(zone): unknown time zone (expected an IANA name such as America/New_York)", exitCode: 2)
        }
        if let file = source.defaultsFile, !FileManager.default.isReadableFile(atPath: file) {
            throw UserFacingError(description: "\(file): cannot read the option file", exitCode: 2)
        }
        let key = "\(address) \(source.tablePrefix)"
        // The watermark is read without creating the database: a pull that fails must leave no file behind.
        let since: OsTicketWatermark?
        if !full, FileManager.default.fileExists(atPath: database),
           let last = try TicketStore(path: database).lastPull(source: key) {
            since = OsTicketWatermark(serverTime: last.serverTime, lastEventID: last.lastEventID, lastEntryID: last.lastEntryID)
        } else {
            since = nil
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pull: OsTicketPull
        do {
            pull = try OsTicketPuller.pull(address: address, credentials: .fromEnvironment(defaultsFile: source.defaultsFile),
                                           tablePrefix: source.tablePrefix, sourceZone: source.sourceZone,
                                           since: since, into: folder)
        } catch {
            throw UserFacingError(description: "pull failed, the database is unchanged:\n" + error.description, exitCode: 2)
        }
        guard ZoneRules.named(pull.zone) != nil else {
            throw UserFacingError(description: "\(address): zone \(pull.zone) from \(pull.zoneOrigin) is unknown; pass --source-zone", exitCode: 2)
        }
        let pulled = [
            ImportCommand.ImportInput(path: pull.ticketsFile, format: .osticketTickets, label: "\(address) tickets", sourceZone: pull.zone),
            ImportCommand.ImportInput(path: pull.historyFile, format: .osticketHistory, label: "\(address) history", sourceZone: pull.zone),
        ]
        let record = OsTicketPullRecord(
            source: key, serverTime: pull.watermark.serverTime, lastEventID: pull.watermark.lastEventID,
            lastEntryID: pull.watermark.lastEntryID, incremental: since != nil, ticketRows: pull.ticketRows,
            historyRows: pull.historyRows, fetchSeconds: pull.seconds, sourceZone: pull.zone, pulledAt: .now)
        try ImportCommand.importFiles(pulled + files, database: database, sourceZone: sourceZone, onError: onError,
                                      acceptedYears: acceptedYears, quiet: quiet,
                                      alsoInTransaction: { writer in try writer.record(pull: record) })
        guard !quiet else { return }
        let kind = since.map { "changes since \($0.serverTime) (server clock, less \(OsTicketPuller.overlapSeconds / 60) min overlap)" } ?? "full pull"
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        print("\(address): \(kind): fetched \(count(pull.ticketRows, "ticket")) and \(count(pull.historyRows, "history row")) in "
              + String(format: "%.2f s", pull.seconds) + "; times in \(pull.zone) (from \(pull.zoneOrigin))")
    }

    /// A private folder for the fetched rows (mode 0700: they are the help desk's data).
    static func temporaryFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/slareport-pull.XXXXXX").utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw UserFacingError(description: "cannot create a temporary folder for the pulled rows (\(String(cString: strerror(errno))))")
        }
        return String(cString: path)
    }
}
