import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLAOsTicketDatabase

/// Pulls from osTicket's database and imports what it fetched through the ordinary import path
/// (one transaction, `import_runs` records), storing the watermark in the same transaction.
/// Shared by `import --osticket` and the `osticket:` source of `run`.
public enum OsTicketPullImport {
    /// What a pull fetched and what its import did.
    public struct Outcome {
        /// The database's address as printed (no password).
        public var address: String
        /// The watermark the pull started from; nil for a full pull.
        public var since: OsTicketWatermark?
        /// The pull's figures (rows fetched, seconds, zone and where the zone came from).
        public var pull: OsTicketPull
        /// The import of the pulled rows and of `files`.
        public var imported: ImportOutcome
    }

    /// Pulls (only the changes since the last pull unless `full`) and imports the rows with `files`.
    /// - Throws: `PipelineError` (bad address or zone, failed pull: exit 2; the database is unchanged), or the store's errors.
    public static func pullAndImport(_ source: OsTicketSource, files: [ImportInput] = [], database: String,
                                     sourceZone: String?, onError: RejectPolicy, acceptedYears: AcceptedYears = .standard,
                                     full: Bool, showProgress: Bool = false) throws -> Outcome {
        let address: OsTicketDatabaseAddress
        do { address = try OsTicketDatabaseAddress(parsing: source.url) } catch {
            throw PipelineError.badInput(error.description)
        }
        if let zone = source.sourceZone, ZoneRules.named(zone) == nil {
            throw PipelineError.badInput("--source-zone \(zone): unknown time zone (expected an IANA name such as America/New_York)")
        }
        if let file = source.defaultsFile, !FileManager.default.isReadableFile(atPath: file) {
            throw PipelineError.badInput("\(file): cannot read the option file")
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
        let (folder, cleanup) = try InterruptCleanup.making { try temporaryFolder() }!
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            InterruptCleanup.remove(cleanup)
        }
        let pull: OsTicketPull
        do {
            pull = try OsTicketPuller.pull(address: address, credentials: .fromEnvironment(defaultsFile: source.defaultsFile),
                                           tablePrefix: source.tablePrefix, sourceZone: source.sourceZone,
                                           since: since, into: folder)
        } catch {
            throw PipelineError.badInput("pull failed, the database is unchanged:\n" + error.description)
        }
        guard ZoneRules.named(pull.zone) != nil else {
            throw PipelineError.badInput("\(address): zone \(pull.zone) from \(pull.zoneOrigin) is unknown; pass --source-zone")
        }
        let pulled = [
            ImportInput(path: pull.ticketsFile, format: .osticketTickets, label: "\(address) tickets", sourceZone: pull.zone),
            ImportInput(path: pull.historyFile, format: .osticketHistory, label: "\(address) history", sourceZone: pull.zone),
        ]
        let record = OsTicketPullRecord(
            source: key, serverTime: pull.watermark.serverTime, lastEventID: pull.watermark.lastEventID,
            lastEntryID: pull.watermark.lastEntryID, incremental: since != nil, ticketRows: pull.ticketRows,
            historyRows: pull.historyRows, fetchSeconds: pull.seconds, sourceZone: pull.zone, pulledAt: .now)
        let imported = try ImportPipeline.importFiles(pulled + files, database: database, sourceZone: sourceZone,
                                                      onError: onError, acceptedYears: acceptedYears,
                                                      showProgress: showProgress,
                                                      alsoInTransaction: { writer in try writer.record(pull: record) })
        return Outcome(address: "\(address)", since: since, pull: pull, imported: imported)
    }

    /// A private folder for the fetched rows (mode 0700: they are the help desk's data).
    static func temporaryFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/slareport-pull.XXXXXX").utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PipelineError.failed("cannot create a temporary folder for the pulled rows (\(String(cString: strerror(errno))))")
        }
        return String(cString: path)
    }
}
